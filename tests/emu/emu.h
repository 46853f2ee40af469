/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Scenario API of the host test harness: describe an emulated s390-ccw
 * machine (RAM, QEMU model, channel devices, IPL blocks, console input,
 * faults), run the firmware on it in a forked child and check the outcome.
 *
 * A scenario test:
 *
 *	TEST(boot_from_blk)
 *	{
 *		struct emu_config cfg;
 *
 *		emu_config_init(&cfg, EMU_QEMU_92);
 *		emu_add_blk(&cfg, 0, 0x0001, "build/host/data/disk.img");
 *		emu_boot_ccw(&cfg, 0, 0x0001);
 *		EMU_RUN(&cfg) {
 *			CHECK_EQ(emu_result()->outcome, EMU_OUT_HANDOVER);
 *			CHECK(emu_mem_equals_file(0x10000, "kernel.bin", 0, 4096));
 *			CHECK(strstr(emu_console(), "LOADPARM"));
 *		}
 *	}
 *
 * The body of EMU_RUN executes in the child after the firmware stopped
 * (halt, hand-over, program check, hang); guest memory, the console
 * transcript and the hand-over record are available there. Do not leave
 * the body with return/break/goto: it ends the child.
 *
 * The machine follows QEMU's hw/s390x (css.c, virtio-ccw.c, sclp.c,
 * event-facility.c, ipl.c, target/s390x/diag.c), hw/block/virtio-blk.c and
 * hw/scsi (virtio-scsi.c, scsi-disk.c, scsi-bus.c); deviations are listed in
 * tests/emu/README.md.
 */
#ifndef TESTS_EMU_H
#define TESTS_EMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fw/types.h"

#define EMU_MAX_DEVS 32
#define EMU_MAX_LUNS 16
#define EMU_MAX_FAULTS 8
#define EMU_MAX_BOOT 8          /* QEMU's MAX_BOOT_DEVS */
#define EMU_MAX_KEYS 16
#define EMU_ANY (-1)            /* fault match: any command / opcode */

enum emu_qemu {
	EMU_QEMU_72 = 72,       /* 2 MiB window, no chain, 0xff set rejected */
	EMU_QEMU_92 = 92,       /* 3 MiB window, IPLB chain, 0xff rebuilt */
};

enum emu_dev_type {
	EMU_DEV_NONE,
	EMU_DEV_VIRTIO_BLK,     /* virtio id 2 */
	EMU_DEV_VIRTIO_SCSI,    /* virtio id 8 */
	EMU_DEV_VIRTIO_NET,     /* virtio id 1, stub */
	EMU_DEV_VIRTIO_SERIAL,  /* virtio id 3, stub */
	EMU_DEV_3270,           /* cu 0x3270: SENSE ID only */
	EMU_DEV_DASD,           /* cu 0x3990/dev 0x3390 stub: SENSE ID only */
};

enum emu_fault_kind {
	EMU_FAULT_NONE,
	/* virtqueue request faults (event = one request; match = blk request
	 * type or SCSI opcode) */
	EMU_FAULT_IO_ERROR,      /* blk: status IOERR; scsi: CHECK CONDITION
				  * MEDIUM ERROR 11/00 */
	EMU_FAULT_SHORT_READ,    /* arg bytes less data (blk: used.len smaller,
				  * tail not written; scsi: residual) */
	EMU_FAULT_USED_ID,       /* used.id = head + arg (arg 0 -> +1) */
	EMU_FAULT_USED_LEN,      /* used.len = arg */
	EMU_FAULT_NO_COMPLETION, /* request consumed, used.idx never advances */
	EMU_FAULT_SCSI_SENSE,    /* CHECK CONDITION, sense key/asc/ascq =
				  * arg >> 16, arg >> 8, arg (fixed format) */
	EMU_FAULT_SCSI_RESPONSE, /* virtio-scsi response byte = arg */
	EMU_FAULT_BAD_SECTOR,    /* blk: a read that covers 512-byte sector arg
				  * fails (IOERR); event = such a read */
	EMU_FAULT_REORDER,       /* the completion is held back until the next
				  * request on the queue has completed */
	/* channel faults */
	EMU_FAULT_UNIT_CHECK,    /* event = CCW (match = command code): unit
				  * check, sense[] readable by BASIC SENSE */
	EMU_FAULT_NOT_OPER,      /* event = SSCH: from the nth on, the device is
				  * gone: cc 3 on SSCH/STSCH/MSCH/TSCH */
	EMU_FAULT_UNPLUG,        /* event = request: the device is gone from the
				  * nth (that request is never completed) */
	EMU_FAULT_NO_STATUS,     /* event = SSCH: accepted (cc 0), the channel
				  * program never ends (until CSCH) */
};

struct emu_fault {
	enum emu_fault_kind kind;
	unsigned int nth;       /* first matching event that fires, 1-based */
	unsigned int count;     /* events that fire; 0 = all from nth on */
	int match;              /* EMU_ANY or a command code / opcode */
	uint64_t arg;
	uint8_t sense[32];      /* EMU_FAULT_UNIT_CHECK sense bytes */
};

enum emu_scsi_kind {
	EMU_SCSI_HD,            /* scsi-hd: type 0, "QEMU HARDDISK" */
	EMU_SCSI_CD,            /* scsi-cd: type 5, removable, "QEMU CD-ROM" */
};

struct emu_scsi_lun_cfg {
	uint16_t target;
	uint32_t lun;
	enum emu_scsi_kind kind;
	const char *image;      /* raw file, read-only; NULL: no medium */
	uint32_t block_size;    /* 0: 512 (hd) / 2048 (cd) */
	uint32_t max_transfer;  /* VPD 0xB0 max transfer (blocks); 0: QEMU's */
	const char *loadparm;   /* per-device loadparm for its IPLB (9.2+) */
};

/*
 * The network behind an emulated virtio-net device (tests/emu/dev_virtio_net.c):
 * a scripted peer at 10.0.2.2 answering ARP, DHCP (client gets 10.0.2.15/24)
 * and TFTP (files from @tftp_dir), like QEMU's user networking, with faults
 * on the frames it sends to the guest.
 */
struct emu_net_cfg {
	const char *tftp_dir;   /* NULL: no TFTP server (port 69 silent) */
	const char *bootfile;   /* DHCP boot file (option 67), NULL: none */
	const char *opt209, *opt210;
	bool no_dhcp;           /* DHCP server silent */
	const uint8_t *dhcp_opts;  /* hostile: these option bytes replace the
				    * normal ones in OFFER and ACK */
	size_t dhcp_opts_len;
	const uint8_t *dhcp_file;  /* hostile: 128 bytes for the file field */
	bool tftp_ignore_options;  /* RFC 1350 server: DATA 1 after options */
	bool tftp_refuse_options;  /* ERROR 8 to a request with options */
	uint16_t tftp_max_blksize; /* 0: whatever the client asks */
	uint32_t tftp_delay_ms;    /* every DATA block this much later */
	const char *err_file;   /* RRQ for this name gets ERROR err_code/err_text */
	uint16_t err_code;
	const char *err_text;
	/* faults on frames to the guest (1-based frame numbers, 0 = off) */
	unsigned int drop_every;        /* every nth frame lost */
	unsigned int dup_every;         /* every nth frame delivered twice */
	unsigned int late_every;        /* every nth frame delayed by 2.5 s */
	unsigned int bad_csum_every;    /* every nth: a payload byte flipped */
	unsigned int bad_len_every;     /* every nth: IP total length too large */
	unsigned int trunc_every;       /* every nth: last 7 bytes cut */
	unsigned int stop_after;        /* frames; then the peer falls silent */
	unsigned int tftp_stop_after;   /* DATA blocks; then TFTP falls silent */
	unsigned int data_oversize_at;  /* DATA block n carries blksize+1 bytes */
	bool repeat_last;       /* after tftp_stop_after: the last block again
				 * every 100 ms, never the next */
	bool flood;             /* a DHCP reply of another transaction whenever
				 * the guest has a free receive buffer */
};

#define EMU_PCI_SSID 0xff       /* emu_dev_requests(EMU_PCI_SSID, fid) ... */

enum emu_pci_state {
	EMU_PCI_OK,             /* configured, disabled */
	EMU_PCI_STANDBY,        /* listed as not configured */
	EMU_PCI_ERROR,          /* loads/stores: cc 1, status blocked */
	EMU_PCI_ENABLED,        /* left enabled (handle with the enabled bit) */
};

enum emu_cap_fault {
	EMU_CAP_OK,
	EMU_CAP_LOOP,           /* the last capability points back to the first */
	EMU_CAP_OUT_OF_RANGE,   /* a next pointer of 0xfe */
	EMU_CAP_INTO_HEADER,    /* the list starts at 0x10 */
	EMU_CAP_OUTSIDE_BAR,    /* device structure past the end of its BAR */
	EMU_CAP_NO_COMMON,      /* no common configuration capability */
	EMU_CAP_NOTIFY_OFF,     /* queue notify offsets beyond the notify region */
	EMU_CAP_NO_LIST,        /* status says: no capability list */
};

struct emu_dev_cfg {
	enum emu_dev_type type;
	uint8_t ssid;
	uint16_t devno;
	int schno;              /* -1: next free number in the set (QEMU) */
	const char *loadparm;   /* per-device loadparm for its IPLB (9.2+) */

	/* virtio-ccw transport */
	int max_rev;            /* highest virtio-ccw revision accepted (0..2) */
	bool modern_only;       /* QEMU force_revision_1: reject rev 0 */
	uint16_t queue_size;    /* READ_VQ_CONF maximum */
	uint64_t host_features; /* offered features (set by emu_add_*) */
	uint32_t completion_delay_us; /* requests processed this late */
	bool enforce_limits;    /* seg_max/size_max/max_sectors violations fail
				 * the request (and are logged) */

	/* virtio-blk */
	const char *image;
	uint32_t block_size;    /* logical: 512, 1024, 2048, 4096 */
	uint32_t physical_block_size; /* 0: = block_size */
	uint32_t seg_max;
	uint32_t size_max;      /* 0: feature SIZE_MAX not offered */
	uint16_t cyls;          /* geometry; 0: guessed like QEMU */
	uint8_t heads, secs;

	/* virtio-scsi */
	struct emu_scsi_lun_cfg luns[EMU_MAX_LUNS];
	unsigned int nluns;
	uint16_t max_target;
	uint32_t max_lun;
	uint32_t max_sectors;
	uint32_t num_queues;
	bool initial_ua;        /* LUNs start with UNIT ATTENTION 29/00 */

	/* virtio-net: the peer (NULL: nothing answers) */
	const struct emu_net_cfg *net;

	/* DASD stub */
	bool require_pfch_c64;  /* old vfio-ccw: unit exception without them */

	/* zPCI function (emu_add_pci_*, tests/emu/zpci_emu.c): ssid is
	 * EMU_PCI_SSID and devno the low half of the fid */
	bool pci;
	uint32_t fid;
	enum emu_pci_state pci_state;
	uint16_t clp_fail_cmd;  /* this CLP command for the function answers */
	uint16_t clp_fail_rc;   /* ... this response code */
	bool cfg_all_ones;      /* config space reads as all ones */
	enum emu_cap_fault cap_fault;
	unsigned int bar_error_nth;  /* BAR accesses from the nth: cc 1, the
				      * function enters the error state */
	unsigned int bar_pgm_nth;    /* the nth BAR access: operand exception */
	unsigned int reset_at_notify;/* the device resets itself at the nth
				      * notification (request never completes) */

	struct emu_fault faults[EMU_MAX_FAULTS];
	unsigned int nfaults;
};

enum emu_boot_kind {
	EMU_BOOT_CCW,           /* pbt 0x02 */
	EMU_BOOT_SCSI,          /* pbt 0xff (QEMU-SCSI) */
	EMU_BOOT_RAW,           /* caller-supplied bytes */
	EMU_BOOT_PCI,           /* pbt 0x04 (QEMU 11.x virtio-blk-pci) */
};

/* One entry of QEMU's boot order (bootindex 0, 1, ...). */
struct emu_boot {
	enum emu_boot_kind kind;
	uint8_t ssid;
	uint16_t devno;         /* CCW device / SCSI controller */
	uint16_t channel, target;
	uint32_t lun;
	const char *loadparm;   /* NULL: device's, then machine's */
	const void *raw;        /* EMU_BOOT_RAW: IPLB bytes */
	uint32_t fid;           /* EMU_BOOT_PCI */
	size_t raw_len;
};

enum emu_menu {
	EMU_MENU_UNSET,         /* no -boot menu= */
	EMU_MENU_ON,
	EMU_MENU_OFF,
};

struct emu_key {
	uint32_t at_ms;         /* virtual ms after start when typed */
	const char *text;       /* delivered as one console input chunk */
};

/*
 * A hostile device (fuzzing): the hooks see what a virtio device is about
 * to hand the guest and may change it. All optional.
 */
struct emu_reply {
	uint8_t ssid;
	uint16_t devno;
	unsigned int vq;
	uint32_t used_id;       /* may be changed */
	uint32_t used_len;      /* may be changed */
	bool complete;          /* set false: the request never completes */
	bool twice;             /* set true: the used entry is pushed twice */
	uint64_t in_len;        /* device-writable bytes of the request */
	uint8_t out[64];        /* the first device-readable bytes (blk
				 * header, SCSI request with the CDB at 19) */
	uint64_t out_len;
	const void *priv_;      /* the emulator's */
};

struct emu_hooks {
	/* READ_CONF data and READ_VQ_CONF answer of device 0.@ssid.@devno */
	void (*config)(void *ctx, uint8_t ssid, uint16_t devno, uint8_t *buf, uint32_t len);
	void (*vq_num)(void *ctx, uint8_t ssid, uint16_t devno, uint16_t *num);
	void (*reply)(void *ctx, struct emu_reply *r);  /* before the used push */
	void *ctx;
};

/* in emu_hooks.reply: store bytes into the request's device-writable buffers */
void emu_reply_write(struct emu_reply *r, uint64_t off, const void *data, uint64_t len);

struct emu_config {
	enum emu_qemu qemu;
	uint64_t ram_size;
	const char *loadparm;   /* machine loadparm (ASCII), NULL: none */

	struct emu_boot boot[EMU_MAX_BOOT];
	unsigned int nboot;     /* 0: no IPLB (DIAG 308/6 gives 0x0102) */
	enum emu_menu menu;
	uint32_t splash_ms;     /* -boot splash-time */
	int qipl_flags;         /* -1: what QEMU computes */

	struct emu_dev_cfg devs[EMU_MAX_DEVS];
	unsigned int ndevs;

	const uint8_t *uuid;            /* -uuid (16 bytes; STSI 3.2.2), NULL: none */

	struct emu_key keys[EMU_MAX_KEYS];
	unsigned int nkeys;

	uint8_t scp_byte134, scp_byte135, scp_byte136; /* Read SCP Info */
	bool servc_never_signal;        /* no service signal after SERVC */
	unsigned int servc_busy;        /* first N SERVC give cc 2 */
	unsigned int servc_silent_from; /* SERVC number n (1-based, busy ones
					 * counted) and later: no signal */
	unsigned int servc_silent_count;/* ... for this many (0: all) */
	int diag308_set_rc;             /* != 0: DIAG 308/5 answers this */

	uint32_t tod_step_us;           /* TOD advance per read (default 10) */
	uint32_t yield_us;              /* DIAG 44 cost (default 1000) */
	uint64_t max_virtual_ms;        /* virtual-time budget -> HANG */
	unsigned int wall_timeout_s;    /* real-time guard (alarm) */

	void (*entry)(void);            /* default: fw_main */
	/* called in the child after the machine is built, before entry */
	void (*prepare)(void *ctx);
	void *prepare_ctx;
	bool allow_violations;          /* do not fail on logged violations */
	bool allow_abnormal;            /* do not fail on PGM/HANG/RETURNED */
	bool keep_fw_region;            /* do not check the image pattern */
	const struct emu_hooks *hooks;  /* hostile-device hooks (fuzzing) */

	/* zPCI (tests/emu/zpci_emu.c) */
	bool no_zpci;                   /* CPU without zPCI facilities 69/71 */
	unsigned int zpci_list_max;     /* entries per List PCI answer (0: all) */
	bool zpci_list_loop;            /* List PCI resume token never ends */
};

/* configuration */
void emu_config_init(struct emu_config *cfg, enum emu_qemu qemu);
struct emu_dev_cfg *emu_add_blk(struct emu_config *cfg, uint8_t ssid, uint16_t devno,
				const char *image);
struct emu_dev_cfg *emu_add_scsi(struct emu_config *cfg, uint8_t ssid, uint16_t devno);
struct emu_scsi_lun_cfg *emu_scsi_add_lun(struct emu_dev_cfg *dev, uint16_t target,
					  uint32_t lun, enum emu_scsi_kind kind,
					  const char *image);
struct emu_dev_cfg *emu_add_dev(struct emu_config *cfg, enum emu_dev_type type,
				uint8_t ssid, uint16_t devno);
struct emu_fault *emu_add_fault(struct emu_dev_cfg *dev, enum emu_fault_kind kind,
				unsigned int nth, unsigned int count, int match,
				uint64_t arg);
void emu_boot_ccw(struct emu_config *cfg, uint8_t ssid, uint16_t devno);
void emu_boot_scsi(struct emu_config *cfg, uint8_t ssid, uint16_t devno,
		   uint16_t target, uint32_t lun);
void emu_boot_raw(struct emu_config *cfg, const void *iplb, size_t len);
void emu_add_key(struct emu_config *cfg, uint32_t at_ms, const char *text);
/* zPCI functions with virtio-pci devices (modern interface, BAR 4) */
struct emu_dev_cfg *emu_add_pci_blk(struct emu_config *cfg, uint32_t fid, const char *image);
struct emu_dev_cfg *emu_add_pci_scsi(struct emu_config *cfg, uint32_t fid);
struct emu_dev_cfg *emu_add_pci_dev(struct emu_config *cfg, enum emu_dev_type type,
				    uint32_t fid);
void emu_boot_pci(struct emu_config *cfg, uint32_t fid);
/* the function is enabled right now (after the run: left enabled) */
bool emu_pci_enabled(uint32_t fid);

/* results */
enum emu_outcome {
	EMU_OUT_NONE,
	EMU_OUT_HALT,           /* mach_halt(code) */
	EMU_OUT_HANDOVER,       /* DIAG 308 load normal */
	EMU_OUT_PGM,            /* program interruption (firmware bug) */
	EMU_OUT_HANG,           /* waits for nothing / virtual time budget */
	EMU_OUT_RETURNED,       /* entry function returned */
};

struct emu_handover {
	uint64_t psw;           /* the 8 bytes at absolute 0 */
	bool psw_valid;         /* short-PSW bit (12) set: QEMU accepts it */
	bool via_trampoline;    /* PSW address is mach_trampoline()'s */
	uint64_t saved_psw;     /* trampoline: word restored at 0 */
	uint64_t entry;         /* effective start address */
	bool entry_64bit;       /* EA+BA in the effective PSW */
	uint32_t lc_iplb_ptr;   /* lowcore 0x14 */
	uint16_t lc_schid;      /* lowcore 0xb8 */
	uint16_t lc_schno;      /* lowcore 0xba */
	uint32_t lc_intparm;    /* lowcore 0xbc */
	bool iplb_valid;        /* QEMU holds an IPLB (for re-IPL) */
	bool iplb_was_set;      /* DIAG 308/5 succeeded during the run */
	uint8_t iplb[4096];     /* the IPLB QEMU holds */
};

struct emu_result {
	enum emu_outcome outcome;
	uint32_t halt_code;
	uint16_t pgm_code;      /* PGM: 0x05 addressing, 0x06 spec, 0x15 operand */
	char why[256];          /* PGM/HANG/RETURNED reason */
	struct emu_handover ho;
	uint64_t virtual_us;    /* virtual time the run took */
	uint32_t io_waits;      /* enabled waits for I/O (mach_wait_io) */
	uint32_t yields;        /* DIAG 0x44 (polling) */
};

const struct emu_result *emu_result(void);
const char *emu_outcome_name(enum emu_outcome o);

/* Running. EMU_RUN(cfg) { checks } forks; the body runs in the child. */
int emu_run_begin_at(const struct emu_config *cfg, const char *file, int line);
int emu_run_end(void);
#define EMU_RUN(cfg) \
	for (int emu_once_ = emu_run_begin_at((cfg), __FILE__, __LINE__); emu_once_; \
	     emu_once_ = emu_run_end())

/* Same, with a callback; returns 0 when the child passed. */
int emu_run(const struct emu_config *cfg, void (*check)(void *ctx), void *ctx);

/*
 * Emulator unit tests: build the machine in this process and call seam
 * functions directly. emu_call() runs @fn until it returns or the machine
 * stops (halt, hand-over, program check, hang) and returns the outcome.
 */
void emu_machine_start(const struct emu_config *cfg);
enum emu_outcome emu_call(void (*fn)(void));
/* Tear the machine down so that emu_machine_start() can build another in
 * this process (fuzzing); guest RAM of the same size is reused, zeroed. */
void emu_machine_reset(void);

/* guest memory */
uint64_t emu_ram_size(void);
void *emu_mem(uint64_t addr, uint64_t len);     /* NULL outside RAM */
uint64_t emu_fwbase(void);
uint64_t emu_dma_base(void);
uint64_t emu_trampoline_addr(void);
bool emu_mem_equals(uint64_t addr, const void *data, size_t len);
bool emu_mem_equals_file(uint64_t addr, const char *path, uint64_t offset, size_t len);
bool emu_fw_region_intact(char *why, size_t whylen);
bool emu_chain_intact(char *why, size_t whylen);

/* console: raw bytes the firmware wrote, and the text with CR LF -> LF */
const char *emu_console(void);
const uint8_t *emu_console_raw(size_t *lenp);
bool emu_console_contains(const char *s);

/* protocol violations the devices noticed (empty on a correct firmware) */
unsigned int emu_violation_count(void);
const char *emu_violation(unsigned int i);

/* network peer statistics (dev_virtio_net.c) */
struct emu_net_stats {
	unsigned int frames_in, frames_out;     /* seen / transmitted by the guest */
	unsigned int frames_to_guest;           /* generated by the peer */
	unsigned int dhcp_discover, dhcp_request, tftp_rrq, tftp_acks;
	unsigned int tftp_errors_from_guest;
	uint16_t last_blksize;                  /* negotiated in the last RRQ */
	bool saw_uuid;                          /* option 97 in a DISCOVER */
	uint8_t uuid[16];
	char last_rrq[256];
};
const struct emu_net_stats *emu_net_stats(uint8_t ssid, uint16_t devno);

/* statistics */
unsigned int emu_dev_requests(uint8_t ssid, uint16_t devno);
unsigned int emu_ssch_count(uint8_t ssid, uint16_t devno);
int emu_dev_revision(uint8_t ssid, uint16_t devno);
uint8_t emu_dev_status(uint8_t ssid, uint16_t devno);
uint64_t emu_dev_guest_features(uint8_t ssid, uint16_t devno);
unsigned int emu_scsi_opcode_count(uint8_t ssid, uint16_t devno, uint8_t opcode);
/* highest block read + 1: blk in 512-byte sectors, scsi in LUN blocks */
uint64_t emu_dev_max_block_end(uint8_t ssid, uint16_t devno);

/* images: create a file under $EMU_TMPDIR (build/host/tmp) */
char *emu_image_create(const char *tag, uint64_t size, const void *data, size_t len);
char *emu_image_pattern(const char *tag, uint64_t size, uint32_t seed);
uint8_t emu_pattern_byte(uint32_t seed, uint64_t off);

/* loadparm conversion as QEMU does it (ASCII -> EBCDIC, space padded) */
void emu_loadparm_ebcdic(const char *ascii, uint8_t out[8]);

#endif
