// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zipl SCSI-scheme loader (layouts in include/abi/zipl.h).
 *
 * Trust nothing on the disk: every block pointer is checked against the
 * disk's capacity and block size, every destination against the memory map
 * before the device is asked to write it, list walks are bounded, and the
 * EXEC PSW must be a short PSW pointing into a loaded component.
 */
#include "abi/lowcore.h"
#include "abi/secure_ipl.h"
#include "abi/zipl.h"
#include "fw/dma.h"
#include "fw/endian.h"
#include "fw/err.h"
#include "fw/log.h"
#include "fw/machine.h"
#include "fw/string.h"
#include "loader/secure.h"
#include "loader/zipl.h"

#define ZIPL_MAX_LIST_BLOCKS 16384      /* block-pointer list blocks per component */
#define ZIPL_BLOCK_MAX 4096

struct zipl_bufs {
	uint8_t rec[ZIPL_BLOCK_MAX];    /* MBR, program table */
	uint8_t ctab[ZIPL_BLOCK_MAX];   /* component table */
	uint8_t list[ZIPL_BLOCK_MAX];   /* block-pointer list */
	uint8_t bounce[ZIPL_BLOCK_MAX]; /* one block on its way to the lowcore image */
	uint8_t low[LC_SIZE];           /* audit mode: data for below 0x2000 */
};

static struct zipl_bufs *bufs(void)
{
	static struct zipl_bufs *b;

	if (!b)
		b = dma_alloc(sizeof(*b), PAGE_SIZE);
	return b;
}

struct zptr {
	uint64_t blockno;
	uint16_t size;
	uint16_t blockct;
};

static struct zptr get_ptr(const void *p)
{
	const struct zipl_blockptr *bp = p;

	return (struct zptr){ be64_to_cpu(bp->blockno), be16_to_cpu(bp->size),
			      be16_to_cpu(bp->blockct) };
}

/* A pointer to @count blocks at @p.blockno must lie on the disk. */
static int check_extent(struct blockdev *bd, uint64_t blockno, uint64_t count, const char *what)
{
	if (blockno >= bd->blocks || count > bd->blocks - blockno) {
		fw_printf("zipl %s: %s: blocks %llu..%llu are past the end of the disk "
			  "(%llu blocks)\n", bd->name, what, (unsigned long long)blockno,
			  (unsigned long long)(blockno + count - 1), (unsigned long long)bd->blocks);
		return FW_ERANGE;
	}
	return 0;
}

/* Read the single record block @blockno into @buf (DMA memory). */
static int read_record(struct blockdev *bd, uint64_t blockno, void *buf, const char *what)
{
	int rc;

	if (blockno == 0) {
		fw_printf("zipl %s: %s: null block pointer\n", bd->name, what);
		return FW_EINVAL;
	}
	rc = check_extent(bd, blockno, 1, what);
	if (rc)
		return rc;
	rc = blockdev_read(bd, blockno, 1, ptr_to_abs(buf));
	if (rc)
		fw_printf("zipl %s: cannot read %s (block %llu)\n", bd->name, what,
			  (unsigned long long)blockno);
	return rc;
}

int zipl_has_magic(struct blockdev *bd)
{
	struct zipl_bufs *b = bufs();
	int rc;

	if (bd->block_size > ZIPL_BLOCK_MAX)
		return 0;
	rc = blockdev_read(bd, 0, 1, ptr_to_abs(b->rec));
	if (rc)
		return rc;
	return memcmp(b->rec, ZIPL_MAGIC, ZIPL_MAGIC_LEN) == 0;
}

/* Wait for the component's reads in flight. */
static int flush_data(struct blockdev *bd, unsigned int idx)
{
	int rc = blockdev_flush(bd);

	if (rc)
		fw_printf("zipl %s: component %u: cannot read its data\n", bd->name, idx);
	return rc;
}

/*
 * Blocks of a run that land below 0x2000 go to the lowcore image @low (the
 * jump copies it in last), one block at a time through a bounce buffer, a
 * block that straddles 0x2000 in two parts. Advances *curp and returns the
 * number of blocks consumed, or a negative FW_E*.
 */
static int64_t load_low(struct blockdev *bd, const struct memmap *mm, unsigned int idx,
			uint8_t *low, uint64_t blockno, uint64_t count, uint64_t *curp)
{
	struct zipl_bufs *b = bufs();
	const uint32_t bs = bd->block_size;
	uint64_t n = 0;

	for (; n < count && *curp < LC_SIZE; n++) {
		uint64_t cur = *curp, below = MIN((uint64_t)bs, LC_SIZE - cur);
		const char *why;
		int rc;

		if (below < bs && memmap_check(mm, LC_SIZE, bs - below, &why)) {
			fw_printf("zipl %s: component %u: data for 0x%x-0x%llx %s\n", bd->name, idx,
				  LC_SIZE, (unsigned long long)(cur + bs - 1), why);
			return FW_ERANGE;
		}
		rc = blockdev_read(bd, blockno + n, 1, ptr_to_abs(b->bounce));
		if (rc) {
			fw_printf("zipl %s: component %u: cannot read block %llu\n", bd->name, idx,
				  (unsigned long long)(blockno + n));
			return rc;
		}
		memcpy(low + cur, b->bounce, below);
		if (below < bs)
			memcpy(abs_to_ptr(LC_SIZE, bs - below), b->bounce + below, bs - below);
		*curp = cur + bs;
	}
	return (int64_t)n;
}

/*
 * Load the data a block-pointer list describes to @addr: guest memory that
 * @mm allows, or (@mm NULL) a firmware buffer of @limit bytes. With @low,
 * data for the lowcore goes to that image instead of being refused.
 */
static int load_extents(struct blockdev *bd, const struct memmap *mm, unsigned int idx,
			struct zptr list, uint64_t addr, uint64_t limit, uint8_t *low,
			uint64_t *lenp)
{
	struct zipl_bufs *b = bufs();
	const unsigned int slots = bd->block_size / sizeof(struct zipl_blockptr);
	uint64_t cur = addr;
	/* The last extent read, and where it went: zipl points every hole of a
	 * file (zeros) at one shared block, hundreds of times in a row for a
	 * kernel image; such repeats are copied from memory, not read again. */
	uint64_t last_block = 0, last_count = 0, last_dst = 0;
	/* Brent's cycle detection over the list-block chain: a chain that
	 * comes back to a block it visited is refused, however long. */
	uint64_t tortoise = list.blockno;
	unsigned int power = 1, lam = 0;
	char what[48];

	fw_snprintf(what, sizeof(what), "component %u block list", idx);
	for (unsigned int nlist = 0;; nlist++) {
		uint64_t next = 0;
		int rc;

		if (nlist == ZIPL_MAX_LIST_BLOCKS || (nlist && list.blockno == tortoise)) {
			fw_printf("zipl %s: component %u: block list does not end (it loops "
				  "back to block %llu)\n", bd->name, idx,
				  (unsigned long long)list.blockno);
			return FW_EINVAL;
		}
		if (nlist && ++lam == power) {
			tortoise = list.blockno;
			power *= 2;
			lam = 0;
		}
		/* reads started from the previous list block end first, so that
		 * a failure is told as theirs */
		rc = nlist ? flush_data(bd, idx) : 0;
		if (!rc)
			rc = read_record(bd, list.blockno, b->list, what);
		if (rc)
			return rc;
		for (unsigned int i = 0; i < slots; i++) {
			struct zptr p = get_ptr(b->list + i * sizeof(struct zipl_blockptr));
			uint64_t count, bytes;
			const char *why;

			if (p.blockno == 0)
				break;
			if (i == slots - 1 && p.blockct == 0) {
				next = p.blockno;      /* continuation: next list block */
				break;
			}
			if (p.size != bd->block_size) {
				fw_printf("zipl %s: component %u: block pointer %u has block size "
					  "%u, the disk has %u\n", bd->name, idx, i, p.size,
					  bd->block_size);
				return FW_EINVAL;
			}
			count = (uint64_t)p.blockct + 1;
			rc = check_extent(bd, p.blockno, count, what);
			if (rc)
				return rc;
			if (low && cur < LC_SIZE) {
				int64_t done = load_low(bd, mm, idx, low, p.blockno, count, &cur);

				if (done < 0)
					return (int)done;
				p.blockno += (uint64_t)done;
				count -= (uint64_t)done;
				if (!count)
					continue;
			}
			bytes = count * bd->block_size;
			if (!mm && bytes > limit - (cur - addr)) {
				fw_printf("zipl %s: component %u: more than %llu bytes\n",
					  bd->name, idx, (unsigned long long)limit);
				return FW_EINVAL;
			}
			if (mm && memmap_check(mm, cur, bytes, &why)) {
				fw_printf("zipl %s: component %u (load address 0x%llx): data for "
					  "0x%llx-0x%llx %s\n", bd->name, idx,
					  (unsigned long long)addr, (unsigned long long)cur,
					  (unsigned long long)(cur + bytes - 1), why);
				return FW_ERANGE;
			}
			if (p.blockno == last_block && count == last_count) {
				rc = flush_data(bd, idx);
				if (rc)
					return rc;
				memcpy(abs_to_ptr(cur, bytes), abs_to_ptr(last_dst, bytes), bytes);
				cur += bytes;
				continue;
			}
			/* a failure here may be that of a read started before
			 * (the driver has named its blocks) */
			rc = blockdev_read_start(bd, p.blockno, count, cur);
			if (rc) {
				fw_printf("zipl %s: component %u: cannot read its data\n",
					  bd->name, idx);
				return rc;
			}
			last_block = p.blockno;
			last_count = count;
			last_dst = cur;
			cur += bytes;
		}
		if (!next)
			break;
		list = (struct zptr){ next, (uint16_t)bd->block_size, 0 };
	}
	*lenp = cur - addr;
	return 0;
}

/*
 * A component's data extents are read with up to two requests in flight
 * (blockdev_read_start); whatever happens, none is left running when
 * load_component() returns.
 */
static int load_component(struct blockdev *bd, const struct memmap *mm, unsigned int idx,
			  struct zptr list, uint64_t addr, uint64_t limit, uint8_t *low,
			  uint64_t *lenp)
{
	int rc = load_extents(bd, mm, idx, list, addr, limit, low, lenp);

	if (rc) {
		int ignored = blockdev_flush(bd);      /* the first failure is told */

		(void)ignored;
		return rc;
	}
	return flush_data(bd, idx);
}

static int run_component_table(struct blockdev *bd, const struct memmap *mm,
			       struct zipl_result *res)
{
	struct zipl_bufs *b = bufs();
	const struct zipl_component_header *hdr = (const void *)b->ctab;
	const unsigned int nent = (bd->block_size - sizeof(*hdr)) /
				  sizeof(struct zipl_component_entry);
	const bool secure = secure_mode() != IPL_MODE_NORMAL;

	if (memcmp(hdr->magic, ZIPL_MAGIC, ZIPL_MAGIC_LEN) != 0) {
		fw_printf("zipl %s: component table has no zIPL magic\n", bd->name);
		return FW_EINVAL;
	}
	if (hdr->type != ZIPL_COMP_HDR_IPL) {
		fw_printf("zipl %s: component table is of type %u, not an IPL table\n", bd->name,
			  hdr->type);
		return FW_EINVAL;
	}
	for (unsigned int i = 0; i < nent; i++) {
		const struct zipl_component_entry *e =
			(const void *)(b->ctab + sizeof(*hdr) + i * sizeof(*e));
		struct zipl_component *c;
		uint64_t addr, target, len;
		uint8_t *low;
		int rc;

		switch (e->type) {
		case ZIPL_COMP_SIGNATURE:
			if (!secure)
				continue;       /* verified only in audit and secure mode */
			rc = secure_on_signature(i, e->sig.format, be32_to_cpu(e->sig.length));
			if (!rc)
				rc = load_component(bd, NULL, i, get_ptr(&e->data),
						    ptr_to_abs(secure_sig_buffer()), DIAG508_SIG_MAX,
						    NULL, &len);
			if (!rc)
				rc = secure_sig_loaded(i, len);
			if (rc)
				return rc;
			continue;
		case ZIPL_COMP_LOAD:
			if (res->nr_components == ZIPL_MAX_COMPONENTS) {
				fw_printf("zipl %s: more than %u components\n", bd->name,
					  ZIPL_MAX_COMPONENTS);
				return FW_EINVAL;
			}
			addr = be64_to_cpu(e->load_address);
			/* Secure IPL checks an unsigned component below 0x2000 after
			 * loading it (audit mode warns and boots it): its lowcore
			 * part goes to an image copied in at the jump. Normal mode
			 * and signed components are refused there. */
			low = NULL;
			if (secure && addr < LC_SIZE && !secure_sig_pending()) {
				low = b->low;
				if (!res->lowcore_image)
					memset(low, 0, LC_SIZE);
				res->lowcore_image = low;
			}
			rc = load_component(bd, mm, i, get_ptr(&e->data), addr, UINT64_MAX, low,
					    &len);
			if (!rc && secure)
				rc = secure_on_load(i, addr, len);
			if (rc)
				return rc;
			c = &res->comp[res->nr_components++];
			c->addr = addr;
			c->len = len;
			c->type = ZIPL_COMP_LOAD;
			continue;
		case ZIPL_COMP_EXEC:
			res->psw = be64_to_cpu(e->load_psw);
			target = res->psw & PSW_SHORT_ADDR_MASK;
			if (!(res->psw & PSW_SHORT_FORMAT)) {
				fw_printf("zipl %s: EXEC PSW %016llx is not a short PSW\n", bd->name,
					  (unsigned long long)res->psw);
				return FW_EINVAL;
			}
			if (!zipl_psw_in_component(res, target)) {
				fw_printf("zipl %s: EXEC PSW %016llx points outside the loaded "
					  "components\n", bd->name, (unsigned long long)res->psw);
				return FW_EINVAL;
			}
			return secure ? secure_on_exec(res->psw) : 0;
		default:
			/* QEMU's wording: its normal walk stops at the entry and
			 * finds no EXEC there, its secure walk names the type */
			fw_printf("zipl %s: %s: component entry %u has type 0x%02x\n", bd->name,
				  secure ? "Unknown component entry type" : "No EXEC entry", i,
				  e->type);
			return FW_EINVAL;
		}
	}
	fw_printf("zipl %s: Wrong entry value: the component table ends without an EXEC "
		  "entry\n", bd->name);
	return FW_EINVAL;
}

/* Read block 0 and the program table into b->rec; returns the slot count. */
static int read_program_table(struct blockdev *bd, unsigned int *slotsp)
{
	struct zipl_bufs *b = bufs();
	const struct zipl_mbr *mbr = (const void *)b->rec;
	struct zptr pt;
	int rc;

	if (bd->block_size > ZIPL_BLOCK_MAX || bd->block_size < 512) {
		fw_printf("zipl %s: unsupported block size %u\n", bd->name, bd->block_size);
		return FW_ENOENT;
	}
	rc = blockdev_read(bd, 0, 1, ptr_to_abs(b->rec));
	if (rc) {
		fw_printf("zipl %s: cannot read block 0\n", bd->name);
		return rc;
	}
	if (memcmp(mbr->magic, ZIPL_MAGIC, ZIPL_MAGIC_LEN) != 0) {
		fw_printf("zipl %s: no zIPL boot record in block 0\n", bd->name);
		return FW_ENOENT;
	}
	if (be32_to_cpu(mbr->version_id) != 1)
		fw_printf("zipl %s: warning: boot record version %u\n", bd->name,
			  be32_to_cpu(mbr->version_id));
	pt = get_ptr(&mbr->program_table);
	rc = read_record(bd, pt.blockno, b->rec, "program table");
	if (rc)
		return rc;
	if (memcmp(b->rec, ZIPL_MAGIC, ZIPL_MAGIC_LEN) != 0) {
		fw_printf("zipl %s: program table (block %llu) has no zIPL magic\n", bd->name,
			  (unsigned long long)pt.blockno);
		return FW_EINVAL;
	}
	*slotsp = MIN((bd->block_size - (unsigned int)sizeof(struct zipl_program_table)) /
		      (unsigned int)sizeof(struct zipl_blockptr), (unsigned int)ZIPL_MAX_ENTRY + 1);
	return 0;
}

static struct zptr program_entry(unsigned int entry)
{
	return get_ptr(bufs()->rec + sizeof(struct zipl_program_table) +
		       entry * sizeof(struct zipl_blockptr));
}

int zipl_list_entries(struct blockdev *bd, bool present[ZIPL_MAX_ENTRY + 1])
{
	unsigned int slots;
	int rc = read_program_table(bd, &slots);

	memset(present, 0, (ZIPL_MAX_ENTRY + 1) * sizeof(bool));
	if (rc)
		return rc;
	for (unsigned int i = 0; i < slots; i++)
		present[i] = program_entry(i).blockno != 0;
	return 0;
}

int zipl_load(struct blockdev *bd, const struct memmap *mm, unsigned int entry,
	      struct zipl_result *res)
{
	struct zipl_bufs *b = bufs();
	unsigned int slots;
	struct zptr ct;
	int rc;

	memset(res, 0, sizeof(*res));
	rc = read_program_table(bd, &slots);
	if (rc)
		return rc;
	if (entry >= slots) {
		fw_printf("zipl %s: boot entry %u does not exist (0..%u)\n", bd->name, entry,
			  slots - 1);
		return FW_EACCES;
	}
	ct = program_entry(entry);
	if (ct.blockno == 0) {
		if (entry == 0) {
			fw_printf("zipl %s: program table has no default entry\n", bd->name);
			return FW_EINVAL;
		}
		fw_printf("zipl %s: boot entry %u is empty\n", bd->name, entry);
		return FW_EACCES;
	}
	rc = read_record(bd, ct.blockno, b->ctab, "component table");
	if (rc)
		return rc;
	secure_walk_begin();
	rc = run_component_table(bd, mm, res);
	if (rc && rc != FW_ESECURITY)
		fw_printf("zipl %s: Failed to IPL from this SCSI device!\n", bd->name);
	return rc;
}
