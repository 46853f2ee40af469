/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal state of the emulated s390-ccw machine, shared by the files of
 * tests/emu. Nothing here is visible to the firmware; tests use emu.h.
 */
#ifndef TESTS_EMU_INT_H
#define TESTS_EMU_INT_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "abi/css.h"
#include "emu.h"

#define EMU_PAGE 4096u

/* --- virtqueues -------------------------------------------------------- */

#define EMU_VQ_MAX 8
#define EMU_VQ_SEGS 1024        /* descriptors followed per request */

struct emu_vq {
	uint64_t desc, avail, used;
	uint16_t num;           /* current size (legacy: always num_max) */
	uint16_t num_max;
	uint16_t last_avail;    /* next avail entry the device takes */
	uint16_t used_idx;      /* device's used index */
	bool ready;
};

struct emu_seg {
	uint64_t addr;
	uint32_t len;
	bool write;             /* device-writable */
};

/* one popped request: its descriptor chain split into out and in lists */
struct emu_req {
	uint16_t vq;
	uint16_t head;
	int match;              /* fault match value (blk type / SCSI opcode) */
	unsigned int nout, nin;
	struct emu_seg out[EMU_VQ_SEGS];
	struct emu_seg in[EMU_VQ_SEGS];
	uint64_t out_len, in_len;
};

/* --- devices ---------------------------------------------------------- */

struct emu_dev;

struct emu_vdev_ops {
	uint32_t device_id;
	unsigned int nvqs;
	/* device config as the guest sees it right now (endianness!) */
	uint32_t (*config)(struct emu_dev *d, uint8_t *buf, uint32_t max);
	void (*write_config)(struct emu_dev *d, const uint8_t *buf, uint32_t len);
	/* process one request; return the used length, or -1 to not complete */
	int64_t (*request)(struct emu_dev *d, struct emu_req *r);
	void (*reset)(struct emu_dev *d);
	void (*tick)(struct emu_dev *d);        /* time passed (emu_tick) */
};

struct emu_lun {
	struct emu_scsi_lun_cfg cfg;
	int fd;
	uint64_t size;
	uint32_t block_size;
	uint8_t ua_key, ua_asc, ua_ascq;   /* pending unit attention */
};

struct emu_dev {
	struct emu_dev_cfg cfg;
	bool present;
	uint8_t ssid;
	uint16_t schno;

	/* subchannel (host-endian copies of the architected fields) */
	uint32_t intparm;
	uint16_t pmcw_flags;
	uint8_t lpm;
	uint16_t mbi;
	uint8_t pom;
	uint32_t chars;
	uint64_t mba;
	uint32_t scsw;          /* word 0: flags << 16 | ctrl */
	uint32_t cpa;
	uint8_t dstat, cstat;
	uint16_t count;
	uint8_t sense[32];
	uint32_t orb_ctrl;      /* ORB word 1 of the running program */
	uint64_t channel_prog;
	bool fmt1;
	bool last_cmd_valid;
	uint8_t last_cmd;
	unsigned int no_data_cnt;
	bool io_pending;        /* I/O interruption queued */
	uint64_t io_seq;
	bool not_oper;
	uint16_t cu_type, dev_type;
	uint8_t cu_model, dev_model;
	unsigned int ssch_count;

	/* virtio-ccw */
	const struct emu_vdev_ops *ops;
	int revision;           /* -1 until the first command */
	uint8_t status;
	uint64_t guest_features;
	struct emu_vq vq[EMU_VQ_MAX];
	bool broken;            /* QEMU virtio_error(): needs reset */
	bool have_ind;
	uint64_t ind_addr;
	uint64_t kick_due[EMU_VQ_MAX]; /* deferred processing (0: none) */
	bool held[EMU_VQ_MAX];         /* EMU_FAULT_REORDER: a completion waits */
	uint32_t held_id[EMU_VQ_MAX], held_len[EMU_VQ_MAX];
	unsigned int requests;

	/* virtio-blk backing */
	int fd;
	uint64_t image_size;

	/* virtio-scsi */
	struct emu_lun luns[EMU_MAX_LUNS];
	uint32_t sense_size, cdb_size;
	unsigned int scsi_ops[256];     /* commands seen, by opcode */

	/* highest block read + 1 (blk: 512-byte sectors, scsi: LUN blocks) */
	uint64_t max_block_end;

	unsigned int fault_hits[EMU_MAX_FAULTS];

	struct emu_pci_fn *pcif;        /* zPCI state (zpci_emu.c) */
};

/* --- the machine ------------------------------------------------------ */

#define EMU_MAX_VIOLATIONS 64
#define EMU_CONSOLE_MAX (1u << 20)

struct emu_machine {
	bool built;
	struct emu_config cfg;

	uint8_t *ram;
	uint64_t ram_size;
	uint64_t window, fwbase, fwend, dma_base, tramp;
	uint64_t chain_base;
	unsigned int chain_len;
	uint8_t chain_copy[7 * 4096];

	/* clock */
	uint64_t tod, tod_start;

	/* runs */
	jmp_buf jb;
	bool running;
	struct emu_result res;

	/* channel subsystem */
	struct emu_dev devs[EMU_MAX_DEVS];
	unsigned int ndevs;
	uint8_t max_ssid;       /* 0 until CHSC enable-MSS */
	uint64_t io_seq;

	/* SCLP */
	bool sig_pending;
	uint32_t sig_param;
	uint32_t cp_receive_mask;
	unsigned int servc_calls;
	uint8_t *console;
	size_t console_len;
	char *console_text;
	uint8_t input[4096];
	size_t input_len;
	unsigned int next_key;

	/* DIAG 308 */
	bool iplb_valid;
	bool iplb_was_set;
	uint8_t iplb[4096];
	bool rebuilt_iplb;
	uint16_t iplb_index;

	/* trampoline */
	bool tramp_set;
	uint64_t tramp_psw, tramp_target;

	char *violations[EMU_MAX_VIOLATIONS];
	unsigned int nviolations;
};

extern struct emu_machine emu_m;

/* machine_emu.c */
void emu_build(const struct emu_config *cfg);
FW_NORETURN void emu_stop(enum emu_outcome o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
FW_NORETURN void emu_finish(enum emu_outcome o);
FW_NORETURN void emu_handover(void);
FW_NORETURN void emu_pgm(uint16_t code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void emu_violation_add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void emu_tick(void);            /* run what is due at the current TOD */
void emu_advance_us(uint64_t us);
uint64_t emu_now_us(void);

/* the CCW being executed (css_emu.c) */
int emu_ccw_read(uint32_t off, void *buf, uint32_t len);
int emu_ccw_write(uint32_t off, const void *buf, uint32_t len);

/* guest memory for devices (bounds- and firmware-region-checked) */
bool emu_range_ok(uint64_t addr, uint64_t len);
bool emu_dma_read(uint64_t addr, void *buf, uint64_t len);
bool emu_dma_write(uint64_t addr, const void *buf, uint64_t len);

/* css_emu.c */
struct emu_dev *emu_find_sch(uint8_t ssid, uint16_t schno);
struct emu_dev *emu_find_devno(uint8_t ssid, uint16_t devno);
void emu_css_add(struct emu_dev *d);
void emu_css_queue_io(struct emu_dev *d);
void emu_css_unsolicited(struct emu_dev *d);
bool emu_css_visible(const struct emu_dev *d);
/* queue sizes and the device model's state, once d->ops is set */
void emu_vdev_init(struct emu_dev *d);

/* fault matching: the fault of @kind that fires for this event, or NULL */
const struct emu_fault *emu_fault(struct emu_dev *d, enum emu_fault_kind kind, int value);

/* virtio_ccw_emu.c */
int emu_vccw_command(struct emu_dev *d, uint8_t cmd, uint8_t flags, uint16_t count,
		     uint32_t cda, uint16_t *residual);
void emu_vccw_reset(struct emu_dev *d);
int64_t emu_vccw_notify(struct emu_dev *d, uint32_t vq);
void emu_vccw_process(struct emu_dev *d, unsigned int vq);
bool emu_vdev_le(const struct emu_dev *d);
uint64_t emu_req_copy_out(struct emu_dev *d, const struct emu_req *r, uint64_t off,
			  void *buf, uint64_t len);
uint64_t emu_req_copy_in(struct emu_dev *d, const struct emu_req *r, uint64_t off,
			 const void *buf, uint64_t len);
/* complete request @head of queue @q with @len bytes (devices that hold
 * buffers, e.g. virtio-net receive) */
void emu_vq_complete(struct emu_dev *d, unsigned int q, uint16_t head, uint32_t len);
void emu_vdev_break(struct emu_dev *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* guest-endian config stores */
void emu_cfg_put16(const struct emu_dev *d, uint8_t *p, uint16_t v);
void emu_cfg_put32(const struct emu_dev *d, uint8_t *p, uint32_t v);
void emu_cfg_put64(const struct emu_dev *d, uint8_t *p, uint64_t v);
uint32_t emu_cfg_get32(const struct emu_dev *d, const uint8_t *p);

/* devices */
extern const struct emu_vdev_ops emu_blk_ops, emu_scsi_ops, emu_net_ops, emu_serial_ops;
void emu_blk_init(struct emu_dev *d);
void emu_scsi_init(struct emu_dev *d);

/* sclp_emu.c */
void emu_sclp_tick(void);
void emu_console_append(const uint8_t *data, size_t len);

/* zpci_emu.c */
void emu_zpci_add(struct emu_dev *d);

/* diag_emu.c */
void emu_iplb_build(const struct emu_boot *b, uint8_t out[4096]);

#endif
