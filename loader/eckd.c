// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zipl ECKD-scheme loader (layouts in include/abi/eckd.h; behaviour after
 * QEMU's pc-bios/s390-ccw/bootmap.c ipl_eckd and s390-tools' zipl).
 *
 * Order, as QEMU 8.0+ tries it:
 *   1. List-Directed IPL: a valid CCHHR at VOL1+0x4E (block 2) that leads
 *      to a "zIPL" boot record; its boot map table, scripts and block lists
 *      use List-Directed pointers. Invalid records there make us retry with
 *      the CCW-IPL records, as QEMU does.
 *   2. CDL: "VOL1" key in block 2 (QEMU 7.2: "IPL1" key in block 0); the
 *      boot info in IPL2 (block 1) points to the boot map table.
 *   3. CMS1 / LNX1 label in block 2, then unlabeled: the boot info at 0x70
 *      of block 0 points to the boot map table.
 *   4. A "zIPL" boot info in IPL2 without keys: CDL again (which still
 *      needs the VOL1 label, as in QEMU).
 *
 * Trust nothing on the disk: every pointer is checked against the
 * geometry and the capacity, every destination against the memory map
 * before the device writes it, list walks are bounded, and the EXEC PSW
 * must be a short PSW pointing into a loaded component. The zipl menu in
 * stage 2 (see eckd.h) is read only when the caller asks for it; every
 * stage 1b/stage 2 pointer is checked like the others, and a menu that
 * cannot be read boots the default entry, as in QEMU.
 *
 * Deliberate differences from QEMU's BIOS (7.2 .. 11.x):
 *   - the boot map table and boot scripts must carry their "zIPL" magic
 *     (zipl always writes it; QEMU does not look), boot info version, type
 *     and flags are checked for CDL too, a dump record is refused;
 *   - the head number is checked without the EAV cylinder bits (11.x checks
 *     the raw field and so refuses pointers beyond cylinder 65535);
 *   - the capacity is checked with guessed geometry too;
 *   - a device geometry with more than 15 heads (QEMU's PC-disk guess when
 *     no cyls/heads/secs are given) is replaced by the 3390 guess;
 *   - non-4 KiB virtio-blk disks use their own block size (see eckd.h);
 *   - an empty default entry in the List-Directed boot map table makes us
 *     retry with the CCW-IPL records (QEMU stops: "Invalid loadparm");
 *     an empty selected entry > 0 stops both;
 *   - a continuation pointer is recognised only in the last slot of a list
 *     block (zipl puts it nowhere else); a loop of list blocks is refused.
 */
#include "abi/eckd.h"
#include "abi/lowcore.h"
#include "abi/zipl.h"
#include "fw/dma.h"
#include "fw/ebcdic.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"
#include "loader/eckd.h"
#include "loader/menu.h"

#define ECKD_BLOCK_MAX 4096
#define ECKD_MAX_LIST_BLOCKS 16384      /* block-pointer list blocks per component */
#define ECKD_PTR_SIZE 16u

struct eckd_bufs {
	uint8_t rec[ECKD_BLOCK_MAX];    /* labels, boot info, boot record, boot map table */
	uint8_t script[ECKD_BLOCK_MAX]; /* boot script */
	uint8_t list[ECKD_BLOCK_MAX];   /* block-pointer list */
};

/* Stage 2 (at most ECKD_STAGE2_MAX_SIZE) is read into the whole of eckd_bufs
 * before any boot record is: the menu comes first. */
_Static_assert(sizeof(struct eckd_bufs) >= ECKD_STAGE2_MAX_SIZE, "stage 2 buffer");

static struct eckd_bufs *bufs(void)
{
	static struct eckd_bufs *b;

	if (!b)
		b = dma_alloc(sizeof(*b), PAGE_SIZE);
	return b;
}

struct eckd_ctx {
	struct blockdev *bd;
	const struct memmap *mm;
	struct zipl_result *res;
	struct eckd_geo g;
	bool ld;                /* pointers in List-Directed IPL format */
	struct eckd_menu_req *menu;
	bool menu_done;         /* shown (or found missing) already */
	unsigned int menu_choice;
};

/* ------------------------------------------------------------ helpers */

int eckd_geometry(const struct vblk_geometry *vg, uint32_t block_size, uint64_t blocks,
		  struct eckd_geo *g)
{
	uint32_t spt;

	memset(g, 0, sizeof(*g));
	switch (block_size) {
	case 512:
		spt = ECKD_SPT_512;
		break;
	case 1024:
		spt = ECKD_SPT_1024;
		break;
	case 2048:
		spt = ECKD_SPT_2048;
		break;
	case 4096:
		spt = ECKD_SPT_4096;
		break;
	default:
		return FW_ENOTSUP;
	}
	g->block_size = block_size;
	g->blocks = blocks;
	/*
	 * A DASD has at most 15 heads: more is QEMU's PC-disk guess for a
	 * virtio-blk without cyls/heads/secs properties (e.g. 16 heads, 63
	 * sectors), never a DASD geometry. QEMU's BIOS uses it anyway and
	 * fails; we guess a 3390 instead.
	 */
	if (block_size == 4096 && vg && vg->heads && vg->heads <= ECKD_HEADS && vg->sectors) {
		g->heads = vg->heads;
		g->sectors = vg->sectors;
		g->guessed = false;
	} else {
		g->heads = ECKD_HEADS;
		g->sectors = spt;
		g->guessed = true;
	}
	return 0;
}

void eckd_decode_chs(const void *chs, struct eckd_ptr *p)
{
	const uint8_t *b = chs;
	uint16_t cyl = get_be16(b), head = get_be16(b + 2);

	memset(p, 0, sizeof(*p));
	/* cylinder bits 16..27 live in head bits 4..15 (EAV) */
	p->cyl = cyl + ((uint64_t)(head & 0xfff0) << 12);
	p->head = head & 0x000f;
	p->sector = b[4];
}

void eckd_decode_ptr(const void *raw, bool ld, struct eckd_ptr *p)
{
	const uint8_t *b = raw;

	if (ld) {
		memset(p, 0, sizeof(*p));
		p->cyl = get_be32(b);
		p->head = b[4];
		p->sector = b[5];
		p->count = get_be16(b + 10);
		p->ld = true;
		return;
	}
	eckd_decode_chs(b, p);
	p->size = get_be16(b + 5);
	p->count = b[7];
}

bool eckd_ptr_is_null(const struct eckd_ptr *p)
{
	return p->cyl == 0 && p->head == 0 && p->sector == 0;
}

uint64_t eckd_chs_to_block(const struct eckd_geo *g, uint64_t cyl, uint32_t head,
			   uint32_t sector)
{
	return (uint64_t)g->sectors * g->heads * cyl + (uint64_t)g->sectors * head + sector - 1;
}

int eckd_check_ptr(const struct eckd_geo *g, const struct eckd_ptr *p, uint64_t *blockp,
		   const char **whyp)
{
	uint64_t block;

	if (!g->heads || !g->sectors) {
		*whyp = "the geometry has no heads or sectors";
		return FW_EINVAL;
	}
	if (p->head >= g->heads) {
		*whyp = "head number beyond the geometry";
		return FW_EINVAL;
	}
	if (p->sector == 0 || p->sector > g->sectors) {
		*whyp = "record number outside the track";
		return FW_EINVAL;
	}
	if (!p->ld && p->size != g->block_size) {
		*whyp = "block size differs from the disk's";
		return FW_EINVAL;
	}
	/* cyl < 2^32 + 2^28 and heads, sectors < 2^8: no overflow */
	block = eckd_chs_to_block(g, p->cyl, p->head, p->sector);
	if (block >= g->blocks || p->count >= g->blocks - block) {
		*whyp = "blocks past the end of the disk";
		return FW_ERANGE;
	}
	*blockp = block;
	return 0;
}

/* ------------------------------------------------------------ reading */

static void ptr_error(const struct eckd_ctx *c, const char *what, const struct eckd_ptr *p,
		      const char *why)
{
	fw_printf("eckd %s: %s (cylinder %llu head %u record %u, %u block%s): %s\n",
		  c->bd->name, what, (unsigned long long)p->cyl, p->head, p->sector,
		  p->count + 1, p->count ? "s" : "", why);
}

static int read_block(const struct eckd_ctx *c, uint64_t block, void *buf, const char *what)
{
	int rc = blockdev_read(c->bd, block, 1, ptr_to_abs(buf));

	if (rc)
		fw_printf("eckd %s: cannot read %s (block %llu)\n", c->bd->name, what,
			  (unsigned long long)block);
	return rc;
}

/* Read the one-block record @p points to into @buf (DMA memory). */
static int read_record(const struct eckd_ctx *c, const struct eckd_ptr *p, void *buf,
		       const char *what)
{
	const char *why;
	uint64_t block;
	int rc;

	if (eckd_ptr_is_null(p)) {
		fw_printf("eckd %s: %s: null block pointer\n", c->bd->name, what);
		return FW_EINVAL;
	}
	rc = eckd_check_ptr(&c->g, p, &block, &why);
	if (rc) {
		ptr_error(c, what, p, why);
		return rc;
	}
	return read_block(c, block, buf, what);
}

/* Load what the block-pointer list starting at @list describes to @addr. */
static int load_component(struct eckd_ctx *c, unsigned int idx, struct eckd_ptr list,
			  uint64_t addr, uint64_t *lenp)
{
	struct eckd_bufs *b = bufs();
	const unsigned int slots = c->g.block_size / ECKD_PTR_SIZE;
	uint64_t cur = addr, prev_list = ~0ULL;
	char what[48];

	fw_snprintf(what, sizeof(what), "script entry %u block list", idx);
	for (unsigned int nlist = 0;; nlist++) {
		struct eckd_ptr next = { 0 };
		bool more = false;
		uint64_t lblock;
		const char *why;
		int rc;

		if (nlist == ECKD_MAX_LIST_BLOCKS) {
			fw_printf("eckd %s: script entry %u: block list does not end (loop?)\n",
				  c->bd->name, idx);
			return FW_EINVAL;
		}
		if (eckd_ptr_is_null(&list)) {
			fw_printf("eckd %s: %s: null block pointer\n", c->bd->name, what);
			return FW_EINVAL;
		}
		rc = eckd_check_ptr(&c->g, &list, &lblock, &why);
		if (rc) {
			ptr_error(c, what, &list, why);
			return rc;
		}
		if (lblock == prev_list) {
			fw_printf("eckd %s: script entry %u: block list block %llu points to itself\n",
				  c->bd->name, idx, (unsigned long long)lblock);
			return FW_EINVAL;
		}
		rc = read_block(c, lblock, b->list, what);
		if (rc)
			return rc;
		prev_list = lblock;
		for (unsigned int i = 0; i < slots; i++) {
			struct eckd_ptr p;
			uint64_t block, count, bytes;
			const char *mwhy;

			eckd_decode_ptr(b->list + i * ECKD_PTR_SIZE, c->ld, &p);
			if (eckd_ptr_is_null(&p))
				break;
			if (i == slots - 1) {
				/* the last slot only links to the next list block */
				if (p.count != 0) {
					fw_printf("eckd %s: script entry %u: last pointer of list "
						  "block %llu is not a continuation pointer\n",
						  c->bd->name, idx, (unsigned long long)lblock);
					return FW_EINVAL;
				}
				next = p;
				more = true;
				break;
			}
			rc = eckd_check_ptr(&c->g, &p, &block, &why);
			if (rc) {
				char pwhat[64];

				fw_snprintf(pwhat, sizeof(pwhat), "script entry %u, pointer %u of "
					    "list block %llu", idx, i, (unsigned long long)lblock);
				ptr_error(c, pwhat, &p, why);
				return rc;
			}
			count = (uint64_t)p.count + 1;
			bytes = count * c->g.block_size;
			if (memmap_check(c->mm, cur, bytes, &mwhy)) {
				fw_printf("eckd %s: script entry %u: load range 0x%llx-0x%llx %s\n",
					  c->bd->name, idx, (unsigned long long)cur,
					  (unsigned long long)(cur + bytes - 1), mwhy);
				return FW_ERANGE;
			}
			rc = blockdev_read(c->bd, block, count, cur);
			if (rc) {
				fw_printf("eckd %s: script entry %u: cannot read blocks %llu..%llu\n",
					  c->bd->name, idx, (unsigned long long)block,
					  (unsigned long long)(block + count - 1));
				return rc;
			}
			cur += bytes;
		}
		if (!more)
			break;
		list = next;
	}
	*lenp = cur - addr;
	return 0;
}

/* Run the boot script in b->script. */
static int run_script(struct eckd_ctx *c)
{
	struct eckd_bufs *b = bufs();
	const struct eckd_script_header *hdr = (const void *)b->script;
	const unsigned int nent = (c->g.block_size - sizeof(*hdr)) /
				  sizeof(struct eckd_script_entry);
	struct zipl_result *res = c->res;

	if (memcmp(hdr->magic, ECKD_ZIPL_MAGIC, ECKD_MAGIC_LEN) != 0) {
		fw_printf("eckd %s: boot script has no zIPL magic\n", c->bd->name);
		return FW_EINVAL;
	}
	if (hdr->type != ECKD_SCRIPT_HDR_IPL) {
		fw_printf("eckd %s: boot script is of type %u, not an IPL script\n", c->bd->name,
			  hdr->type);
		return FW_EINVAL;
	}
	for (unsigned int i = 0; i < nent; i++) {
		const struct eckd_script_entry *e =
			(const void *)(b->script + sizeof(*hdr) + i * sizeof(*e));
		struct zipl_component *comp;
		struct eckd_ptr list;
		uint64_t addr, target, len;
		int rc;

		switch (e->type) {
		case ECKD_SCRIPT_SIGNATURE:
			/* verified only in secure IPL modes */
			continue;
		case ECKD_SCRIPT_LOAD:
			if (res->nr_components == ZIPL_MAX_COMPONENTS) {
				fw_printf("eckd %s: more than %u components\n", c->bd->name,
					  ZIPL_MAX_COMPONENTS);
				return FW_EINVAL;
			}
			addr = be64_to_cpu(e->address);
			eckd_decode_ptr(&e->data, c->ld, &list);
			rc = load_component(c, i, list, addr, &len);
			if (rc)
				return rc;
			comp = &res->comp[res->nr_components++];
			comp->addr = addr;
			comp->len = len;
			comp->type = ZIPL_COMP_LOAD;
			continue;
		case ECKD_SCRIPT_EXEC:
			res->psw = be64_to_cpu(e->address);
			target = res->psw & PSW_SHORT_ADDR_MASK;
			if (!(res->psw & PSW_SHORT_FORMAT)) {
				fw_printf("eckd %s: EXEC PSW %016llx is not a short PSW\n", c->bd->name,
					  (unsigned long long)res->psw);
				return FW_EINVAL;
			}
			if (!zipl_psw_in_component(res, target)) {
				fw_printf("eckd %s: EXEC PSW %016llx points outside the loaded "
					  "components\n", c->bd->name, (unsigned long long)res->psw);
				return FW_EINVAL;
			}
			return 0;
		default:
			fw_printf("eckd %s: boot script entry %u has unknown type 0x%02x\n",
				  c->bd->name, i, e->type);
			return FW_EINVAL;
		}
	}
	fw_printf("eckd %s: boot script has no EXEC entry\n", c->bd->name);
	return FW_EINVAL;
}

/* Boot entry @entry of the boot map table @bmt points to. */
static int boot_entry(struct eckd_ctx *c, const struct eckd_ptr *bmt, unsigned int entry)
{
	struct eckd_bufs *b = bufs();
	struct eckd_ptr sp;
	int rc;

	memset(c->res, 0, sizeof(*c->res));
	if (c->menu)
		c->menu->chosen = entry;
	if (entry > ECKD_MAX_ENTRY) {
		fw_printf("eckd %s: boot entry %u does not exist (0..%u)\n", c->bd->name, entry,
			  ECKD_MAX_ENTRY);
		return FW_EACCES;
	}
	rc = read_record(c, bmt, b->rec, "boot map table");
	if (rc)
		return rc;
	if (memcmp(b->rec, ECKD_ZIPL_MAGIC, ECKD_MAGIC_LEN) != 0) {
		fw_printf("eckd %s: boot map table has no zIPL magic\n", c->bd->name);
		return FW_EINVAL;
	}
	eckd_decode_ptr(b->rec + sizeof(struct eckd_bmt_header) + entry * ECKD_PTR_SIZE, c->ld,
			&sp);
	if (eckd_ptr_is_null(&sp)) {
		if (entry == 0) {
			fw_printf("eckd %s: boot map table has no default entry\n", c->bd->name);
			return FW_EINVAL;
		}
		fw_printf("eckd %s: boot entry %u is empty\n", c->bd->name, entry);
		return FW_EACCES;
	}
	rc = read_record(c, &sp, b->script, "boot script");
	if (rc)
		return rc;
	return run_script(c);
}

/* ------------------------------------------------------------ zipl menu */

#define ZIPL_PARAMS_FLAG_BACK 140       /* prompt flag: banner - 140 */
#define ZIPL_PARAMS_TIMEOUT_BACK 138    /* timeout: banner - 138 */

static struct eckd_menu menu_data;

/* The entry number a zipl menu text starts with ("%2d. label"), or -1. */
static int text_entry(const char *t)
{
	unsigned int v = 0, digits = 0;

	while (*t == ' ')
		t++;
	for (; *t >= '0' && *t <= '9'; t++) {
		if (++digits > 2)
			return -1;
		v = v * 10 + (unsigned int)(*t - '0');
	}
	if (!digits || *t != '.' || v > ECKD_MAX_ENTRY)
		return -1;
	return (int)v;
}

int eckd_menu_parse(const uint8_t *s2, size_t len, struct eckd_menu *m)
{
	size_t pos, banner = 0;
	bool found = false;

	memset(m, 0, sizeof(*m));
	for (pos = 0; pos + ECKD_MAGIC_LEN <= len; pos++) {
		if (memcmp(s2 + pos, ECKD_ZIPL_MAGIC_EBCDIC, ECKD_MAGIC_LEN) == 0) {
			banner = pos;
			found = true;
			break;
		}
	}
	if (!found)
		return FW_ENOENT;
	if (banner >= ZIPL_PARAMS_FLAG_BACK) {
		m->params = true;
		m->prompt = get_be16(s2 + banner - ZIPL_PARAMS_FLAG_BACK) != 0;
		m->timeout_s = get_be16(s2 + banner - ZIPL_PARAMS_TIMEOUT_BACK);
	}
	/* skip the banner, then one text per entry up to an empty one */
	pos = banner;
	for (unsigned int n = 0; n <= ECKD_MENU_ENTRIES + 1; n++) {
		size_t tlen = 0;
		char text[ECKD_MENU_TEXT_MAX + 1];
		int e;

		while (pos + tlen < len && s2[pos + tlen] != 0)
			tlen++;
		if (pos + tlen == len)
			break;          /* runs off the end of stage 2 */
		if (n > 0) {
			if (tlen == 0)
				break;
			size_t cut = MIN(tlen, (size_t)ECKD_MENU_TEXT_MAX);

			ebcdic_to_ascii_buf(text, s2 + pos, cut);
			text[cut] = '\0';
			e = text_entry(text);
			if (e >= 0 && !m->text[e][0]) {
				memcpy(m->text[e], text, cut + 1);
				m->count++;
			}
		}
		pos += tlen + 1;
		if (pos >= len)
			break;
	}
	return m->count ? 0 : FW_ENOENT;
}

/* Read the block a bare CCHHR (seek argument) names into @buf; 1 = null. */
static int read_seek_block(const struct eckd_ctx *c, const struct eckd_seekarg *sa, void *buf,
			   const char *what)
{
	struct eckd_ptr p;
	const char *why;
	uint64_t block;

	eckd_decode_chs(&sa->chs, &p);
	p.size = c->g.block_size;
	if (eckd_ptr_is_null(&p))
		return 1;
	if (eckd_check_ptr(&c->g, &p, &block, &why)) {
		ptr_error(c, what, &p, why);
		return FW_EINVAL;
	}
	if (block == 0)
		return 1;       /* QEMU: block 0 ends the list */
	return read_block(c, block, buf, what);
}

/*
 * Read stage 1b (the seek arguments in @stage1) and the stage 2 blocks it
 * lists into the eckd buffers; *lenp = bytes of stage 2 read.
 */
static int read_stage2(const struct eckd_ctx *c, const struct eckd_seekarg stage1[2],
		       size_t *lenp)
{
	struct eckd_bufs *b = bufs();
	uint8_t *s2 = (uint8_t *)b;
	struct eckd_seekarg seek[ECKD_STAGE2_BLOCKS_MAX];
	const unsigned int bs = c->g.block_size;
	unsigned int n1b = (unsigned int)((sizeof(struct eckd_stage1b) + bs - 1) / bs);
	unsigned int n2 = MIN(ECKD_STAGE2_MAX_SIZE / bs, (unsigned int)ECKD_STAGE2_BLOCKS_MAX);
	int rc;

	*lenp = 0;
	/* stage 1b: one block, or two 512-byte blocks (stage 1's two seeks) */
	for (unsigned int i = 0; i < n1b && i < 2; i++) {
		rc = read_seek_block(c, &stage1[i], b->list + i * bs, "stage 1b");
		if (rc)
			return rc < 0 ? rc : FW_ENOENT;
	}
	memcpy(seek, b->list + offsetof(struct eckd_stage1b, seek), sizeof(seek));
	for (unsigned int i = 0; i < n2; i++) {
		rc = read_seek_block(c, &seek[i], s2 + (size_t)i * bs, "stage 2");
		if (rc == 1)
			break;
		if (rc)
			return rc;
		*lenp += bs;
	}
	return *lenp ? 0 : FW_ENOENT;
}

/* The entry to boot: the caller's, or the one chosen in the zipl menu. */
static unsigned int menu_entry(struct eckd_ctx *c, const struct eckd_seekarg stage1[2],
			       unsigned int entry)
{
	const char *texts[MENU_MAX_ENTRIES] = { NULL };
	struct eckd_menu *m = &menu_data;
	uint32_t timeout = 0;
	char title[64];
	size_t len;

	if (!c->menu || !c->menu->enabled)
		return entry;
	if (c->menu_done)
		return c->menu_choice;
	c->menu_done = true;
	c->menu_choice = 0;
	if (read_stage2(c, stage1, &len) || eckd_menu_parse((const uint8_t *)bufs(), len, m)) {
		fw_printf("eckd %s: no zipl boot menu data found, booting the default entry\n",
			  c->bd->name);
		return 0;
	}
	if (c->menu->zipl_settings) {
		if (!m->prompt)
			return 0;       /* zipl's prompt is off: the default, no menu */
		timeout = (uint32_t)m->timeout_s * 1000;
	} else {
		timeout = c->menu->timeout_ms;
	}
	for (unsigned int i = 0; i <= ECKD_MAX_ENTRY; i++)
		texts[i] = m->text[i][0] ? m->text[i] : NULL;
	fw_snprintf(title, sizeof(title), "zIPL boot menu of %s", c->bd->name);
	c->menu_choice = menu_choose_texts(title, texts, timeout);
	return c->menu_choice;
}

/* ------------------------------------------------------------ formats */

static void volser(const uint8_t *ebcdic, char *out)
{
	ebcdic_to_ascii_buf(out, ebcdic, ECKD_VOLSER_LEN);
	out[ECKD_VOLSER_LEN] = '\0';
}

/* Check the zipl boot info @bi (in IPL2 or LDL record 1), take its pointer. */
static int check_boot_info(const struct eckd_ctx *c, const struct eckd_boot_info *bi,
			   const char *where, struct eckd_ptr *bmt)
{
	const char *why;
	uint64_t block;
	int rc;

	if (bi->version != ECKD_BOOT_INFO_VERSION) {
		fw_printf("eckd %s: %s: boot info version %u (expected %u)\n", c->bd->name, where,
			  bi->version, ECKD_BOOT_INFO_VERSION);
		return FW_EINVAL;
	}
	if (bi->bp_type != ECKD_BOOT_INFO_BP_IPL) {
		fw_printf("eckd %s: %s: %s record, not for IPL\n", c->bd->name, where,
			  bi->bp_type == ECKD_BOOT_INFO_BP_DUMP ? "a dump" : "an unknown");
		return FW_ENOTSUP;
	}
	if (bi->dev_type != ECKD_BOOT_INFO_DEV_ECKD) {
		fw_printf("eckd %s: %s: boot info is for device type %u, not ECKD\n", c->bd->name,
			  where, bi->dev_type);
		return FW_EINVAL;
	}
	if (bi->flags != ECKD_BOOT_INFO_FLAGS_ARCH) {
		fw_printf("eckd %s: %s: boot info flags 0x%02x: not written for 64-bit\n",
			  c->bd->name, where, bi->flags);
		return FW_EINVAL;
	}
	eckd_decode_ptr(&bi->bm_ptr, false, bmt);
	if (eckd_ptr_is_null(bmt)) {
		fw_printf("eckd %s: %s: no boot map table pointer\n", c->bd->name, where);
		return FW_EINVAL;
	}
	rc = eckd_check_ptr(&c->g, bmt, &block, &why);
	if (rc)
		ptr_error(c, "boot map table pointer", bmt, why);
	return rc;
}

static void print_geometry(const struct eckd_ctx *c, const char *layout, const char *vol)
{
	fw_printf("eckd %s: %s%s%s%s, %u heads x %u blocks of %u bytes per track (%s)\n",
		  c->bd->name, layout, vol ? ", VOLSER=[" : "", vol ? vol : "", vol ? "]" : "",
		  c->g.heads, c->g.sectors, c->g.block_size,
		  c->g.guessed ? "guessed" : "device geometry");
}

static int ipl_cdl(struct eckd_ctx *c, unsigned int entry)
{
	struct eckd_bufs *b = bufs();
	const struct eckd_cdl_ipl2 *ipl2 = (const void *)b->rec;
	const struct eckd_vol1_label *vol = (const void *)b->rec;
	struct eckd_seekarg stage1[2];
	struct eckd_ptr bmt;
	char vs[ECKD_VOLSER_LEN + 1];
	int rc;

	rc = read_block(c, 1, b->rec, "IPL2 record");
	if (rc)
		return rc;
	if (memcmp(ipl2->boot_info.magic, ECKD_ZIPL_MAGIC, ECKD_MAGIC_LEN) != 0) {
		fw_printf("eckd %s: CDL disk without a zIPL boot record in IPL2 (block 1)\n",
			  c->bd->name);
		return FW_ENOENT;
	}
	rc = check_boot_info(c, &ipl2->boot_info, "IPL2", &bmt);
	if (rc)
		return rc;
	memcpy(stage1, ipl2->stage1.seek, sizeof(stage1));
	rc = read_block(c, 2, b->rec, "volume label");
	if (rc)
		return rc;
	if (memcmp(vol->key, ECKD_KEY_VOL1, ECKD_MAGIC_LEN) != 0 ||
	    memcmp(vol->label, ECKD_KEY_VOL1, ECKD_MAGIC_LEN) != 0) {
		fw_printf("eckd %s: CDL disk without a VOL1 volume label in block 2\n",
			  c->bd->name);
		return FW_EINVAL;
	}
	volser(vol->volser, vs);
	print_geometry(c, "CDL", vs);
	c->ld = false;
	entry = menu_entry(c, stage1, entry);
	return boot_entry(c, &bmt, entry);
}

enum ldl_kind { LDL_LNX1, LDL_CMS1, LDL_UNLABELED };

static int ipl_ldl(struct eckd_ctx *c, enum ldl_kind kind, unsigned int entry)
{
	struct eckd_bufs *b = bufs();
	const struct eckd_ldl_label *lbl = (const void *)b->rec;
	const struct eckd_ldl_ipl1 *ipl1 = (const void *)b->rec;
	struct eckd_seekarg stage1[2];
	struct eckd_ptr bmt;
	char vs[ECKD_VOLSER_LEN + 1];
	int rc;

	/* block 2 is in b->rec for the labeled kinds */
	if (kind == LDL_UNLABELED) {
		print_geometry(c, "unlabeled LDL", NULL);
	} else {
		volser(lbl->volser, vs);
		if (kind == LDL_CMS1)
			print_geometry(c, "CMS", vs);
		else if (lbl->ldl_version == ECKD_LDL_VERSION_2)
			print_geometry(c, "LDL version 2", vs);
		else if (lbl->ldl_version == ECKD_LDL_VERSION_1)
			print_geometry(c, "LDL version 1", vs);
		else
			print_geometry(c, "LDL (unknown version)", vs);
	}
	rc = read_block(c, 0, b->rec, "IPL record 1");
	if (rc)
		return rc;
	if (memcmp(ipl1->boot_info.magic, ECKD_ZIPL_MAGIC, ECKD_MAGIC_LEN) != 0) {
		fw_printf("eckd %s: LDL disk without a zIPL boot record in block 0\n",
			  c->bd->name);
		return FW_ENOENT;
	}
	rc = check_boot_info(c, &ipl1->boot_info, "IPL record 1", &bmt);
	if (rc)
		return rc;
	memcpy(stage1, ipl1->stage1.seek, sizeof(stage1));
	c->ld = false;
	entry = menu_entry(c, stage1, entry);
	return boot_entry(c, &bmt, entry);
}

/*
 * List-Directed IPL. Returns 0 (loaded), 1 (no usable List-Directed
 * records: use the CCW-IPL ones), or a negative FW_E* that ends the IPL.
 * Expects block 2 in b->rec.
 */
static int ipl_list_directed(struct eckd_ctx *c, unsigned int entry)
{
	struct eckd_bufs *b = bufs();
	const struct eckd_vol1_label *vol = (const void *)b->rec;
	const struct eckd_boot_record *br = (const void *)b->rec;
	struct eckd_ptr brp, bmt;
	const char *why;
	uint64_t block;
	int rc;

	/* QEMU looks at 0x4E whatever the label; a blank or zero field is invalid */
	eckd_decode_chs(&vol->boot_record, &brp);
	brp.size = c->g.block_size;     /* a bare CCHHR: one block */
	if (eckd_check_ptr(&c->g, &brp, &block, &why))
		return 1;
	rc = read_block(c, block, b->rec, "List-Directed IPL boot record");
	if (rc)
		return rc;
	if (memcmp(br->magic, ECKD_ZIPL_MAGIC, ECKD_MAGIC_LEN) != 0)
		return 1;
	eckd_decode_ptr(&br->bmt, true, &bmt);
	if (eckd_ptr_is_null(&bmt)) {
		fw_printf("eckd %s: List-Directed IPL boot record (block %llu) has no boot map "
			  "table; using the CCW-IPL records\n", c->bd->name,
			  (unsigned long long)block);
		return 1;
	}
	print_geometry(c, "List-Directed IPL", NULL);
	if (c->menu && c->menu->enabled) {
		/* the menu's stage 1b pointer is in IPL2's stage 1 (CCW-IPL) */
		const struct eckd_cdl_ipl2 *ipl2 = (const void *)b->rec;
		struct eckd_seekarg stage1[2];

		rc = read_block(c, 1, b->rec, "IPL2 record");
		if (rc)
			return rc;
		memcpy(stage1, ipl2->stage1.seek, sizeof(stage1));
		entry = menu_entry(c, stage1, entry);
	}
	c->ld = true;
	rc = boot_entry(c, &bmt, entry);
	c->ld = false;
	if (rc == FW_EINVAL || rc == FW_ERANGE) {
		fw_printf("eckd %s: List-Directed IPL records are invalid; retrying IPL with the "
			  "CCW-IPL records\n", c->bd->name);
		memset(c->res, 0, sizeof(*c->res));
		return 1;
	}
	return rc;
}

int eckd_load(struct blockdev *bd, const struct vblk_geometry *geo, const struct memmap *mm,
	      unsigned int entry, struct eckd_menu_req *menu, struct zipl_result *res)
{
	struct eckd_bufs *b = bufs();
	const struct eckd_vol1_label *vol = (const void *)b->rec;
	const struct eckd_ldl_ipl1 *ipl1 = (const void *)b->rec;
	const struct eckd_cdl_ipl2 *ipl2 = (const void *)b->rec;
	struct eckd_ctx c = { .bd = bd, .mm = mm, .res = res, .menu = menu };
	int rc;

	memset(res, 0, sizeof(*res));
	if (bd->block_size > ECKD_BLOCK_MAX ||
	    eckd_geometry(geo, bd->block_size, bd->blocks, &c.g)) {
		fw_printf("eckd %s: unsupported block size %u\n", bd->name, bd->block_size);
		return FW_ENOENT;
	}
	if (bd->blocks < 3) {
		fw_printf("eckd %s: disk too small for ECKD boot records (%llu blocks)\n",
			  bd->name, (unsigned long long)bd->blocks);
		return FW_ENOENT;
	}

	rc = read_block(&c, 2, b->rec, "block 2");
	if (rc)
		return rc;
	rc = ipl_list_directed(&c, entry);
	if (rc <= 0)
		return rc;

	rc = read_block(&c, 2, b->rec, "block 2");
	if (rc)
		return rc;
	if (memcmp(vol->key, ECKD_KEY_VOL1, ECKD_MAGIC_LEN) == 0)
		return ipl_cdl(&c, entry);
	if (memcmp(b->rec, ECKD_LABEL_CMS1, ECKD_MAGIC_LEN) == 0)
		return ipl_ldl(&c, LDL_CMS1, entry);
	if (memcmp(b->rec, ECKD_LABEL_LNX1, ECKD_MAGIC_LEN) == 0)
		return ipl_ldl(&c, LDL_LNX1, entry);

	rc = read_block(&c, 0, b->rec, "block 0");
	if (rc)
		return rc;
	if (memcmp(b->rec, ECKD_KEY_IPL1, ECKD_MAGIC_LEN) == 0)
		return ipl_cdl(&c, entry);             /* QEMU 7.2's CDL test */
	if (memcmp(ipl1->boot_info.magic, ECKD_ZIPL_MAGIC, ECKD_MAGIC_LEN) == 0)
		return ipl_ldl(&c, LDL_UNLABELED, entry);

	rc = read_block(&c, 1, b->rec, "block 1");
	if (rc)
		return rc;
	if (memcmp(ipl2->boot_info.magic, ECKD_ZIPL_MAGIC, ECKD_MAGIC_LEN) == 0)
		return ipl_cdl(&c, entry);             /* CDL with zeroed keys */

	fw_printf("eckd %s: no ECKD boot record (no VOL1/CMS1/LNX1 label, no zIPL boot info "
		  "in blocks 0 and 1)\n", bd->name);
	return FW_ENOENT;
}
