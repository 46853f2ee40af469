// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * phase-plugin.c - QEMU TCG plugin for `make bench`: how many guest
 * instructions, and how much host time, the s390x firmware spends before it
 * hands over to what it loaded.
 *
 * Events (each once, at its first occurrence):
 *   first   the first guest instruction executed (the firmware's entry)
 *   leave   the hand-over: the first instruction executed at an address below
 *           `low` (default 16 MiB) after `first`. Both QEMU's stock BIOS and
 *           secure-ccw run at the top of guest RAM, and everything they load
 *           (zipl's stage3, the kernel) runs below 16 MiB, so this is the
 *           moment the firmware phase ends, for either firmware.
 *   kernel  the first execution of the instruction at `kernel` (default
 *           0x10000, the s390 Linux entry point)
 *
 * Output (`out=FILE`, default stderr), one line per fact:
 *   api N ...                  the plugin API level declared to QEMU
 *   entry PC                   the address of the first block (load address)
 *   event NAME NSEC_MONO NSEC_REAL INSNS
 *                              host CLOCK_MONOTONIC and CLOCK_REALTIME in ns,
 *                              and guest instructions executed before it
 *   tb PC NINSN EXECS          (at `leave`, with count=tb) every translation
 *                              block executed before the hand-over: start
 *                              address, instructions, executions
 * Counting is per executed translation block (a block left early by an
 * exception counts whole). The driver (tests/bench/bench.sh) derives the
 * deterministic part from the per-block counts of repeated runs.
 *
 * Arguments (-plugin libphase.so,ARG=VALUE,...):
 *   count=tb|off   off: only the events, no counting (least perturbation)
 *   low=ADDR       see `leave`       kernel=ADDR   see `kernel`
 *   exit=on|off    _exit(0) at the kernel event (the boot is of no interest
 *                  after that)
 *   gaps=USEC      (count=tb) print "gap PC PREV_PC NSEC INSNS" when a
 *                  firmware block starts more than USEC after the previous
 *                  one started: where the host time goes (waits, QEMU's
 *                  device emulation, translation of new code)
 *   trace=OFF      print "at OFF NSEC_MONO INSNS" whenever the block at
 *                  entry + OFF runs before the hand-over (OFF from
 *                  s390x-linux-gnu-nm; up to 4 trace= arguments, 10000 lines)
 *   out=FILE
 *
 * Plugin API levels. QEMU 7.2 implements level 1 and refuses anything
 * newer; QEMU 9.0 and later refuse level 1, and QEMU 11 accepts only its own
 * level. QEMU reads `qemu_plugin_version` right after dlopen(), after this
 * library's constructors ran, so a constructor declares the level of the
 * QEMU that loaded it, told apart by the functions it exports (override with
 * PHASE_PLUGIN_API=N). Only functions whose signatures are the same in every
 * level are called. The one callback whose arguments changed (translation:
 * (id, tb) up to QEMU 10, (tb, userdata) in QEMU 11) is told apart by the
 * userdata registered with it. The header is QEMU 7.2's (tests/bench/
 * fetch-plugin-header.sh); nothing newer is needed.
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* Exported functions that appeared with each API level (newest first). */
static const struct {
	const char *sym;
	int level;
} api_probe[] = {
	{ "qemu_plugin_register_vcpu_discon_cb", 7 },
	{ "qemu_plugin_set_pc", 6 },
	{ "qemu_plugin_write_memory_vaddr", 5 },
	{ "qemu_plugin_read_memory_vaddr", 4 },
	{ "qemu_plugin_scoreboard_new", 2 },
};

__attribute__((constructor)) static void phase_declare_api(void)
{
	const char *env = getenv("PHASE_PLUGIN_API");
	size_t i;

	if (env && *env) {
		qemu_plugin_version = atoi(env);
		return;
	}
	for (i = 0; i < sizeof(api_probe) / sizeof(api_probe[0]); i++) {
		if (dlsym(RTLD_DEFAULT, api_probe[i].sym)) {
			qemu_plugin_version = api_probe[i].level;
			return;
		}
	}
	qemu_plugin_version = 1;
}

struct tbrec {
	uint64_t pc;
	uint32_t ninsn;
	uint64_t execs;
};

#define TB_SLOTS (1u << 16)

static struct tbrec *tbs;       /* open addressing on (pc, ninsn) */
static size_t tbs_used;
static FILE *out;
static int counting = 1, exit_at_kernel;
static uint64_t low = 0x1000000, kernel_pc = 0x10000;
static uint64_t insns;
static int started, left, kernel_seen;
static uint64_t first_pc = ~0ull;
static const char trans_tag[] = "phase";
static uint64_t trace_off[4];
static uint64_t gap_ns, last_ns, last_pc;
static unsigned int ntrace, trace_lines;

static uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void event(const char *name)
{
	fprintf(out, "event %s %llu %llu %llu\n", name,
		(unsigned long long)now_ns(CLOCK_MONOTONIC),
		(unsigned long long)now_ns(CLOCK_REALTIME), (unsigned long long)insns);
	fflush(out);
}

static struct tbrec *tb_lookup(uint64_t pc, uint32_t ninsn)
{
	uint64_t h = (pc ^ (pc >> 17) ^ ((uint64_t)ninsn << 7)) * 0x9e3779b97f4a7c15ull;
	size_t i = (size_t)(h >> 48) & (TB_SLOTS - 1);

	for (;; i = (i + 1) & (TB_SLOTS - 1)) {
		struct tbrec *r = &tbs[i];

		if (r->ninsn == 0) {
			if (tbs_used >= TB_SLOTS - 1)
				return NULL;
			tbs_used++;
			r->pc = pc;
			r->ninsn = ninsn;
			return r;
		}
		if (r->pc == pc && r->ninsn == ninsn)
			return r;
	}
}

static void on_first(void)
{
	started = 1;
	event("first");
}

/* A firmware block ran (before the hand-over). */
static void exec_fw(unsigned int vcpu, void *udata)
{
	struct tbrec *r = udata;

	(void)vcpu;
	if (left)
		return;
	if (!started)
		on_first();
	if (r) {
		r->execs++;
		insns += r->ninsn;
		if (gap_ns) {
			uint64_t t = now_ns(CLOCK_MONOTONIC);

			if (last_ns && t - last_ns > gap_ns)
				fprintf(out, "gap 0x%llx 0x%llx %llu %llu\n",
					(unsigned long long)r->pc, (unsigned long long)last_pc,
					(unsigned long long)(t - last_ns), (unsigned long long)insns);
			last_ns = t;
			last_pc = r->pc;
		}
	}
}

/* A block below `low` ran: the first one after `first` is the hand-over. */
static void exec_low(unsigned int vcpu, void *udata)
{
	size_t i;

	(void)vcpu;
	(void)udata;
	if (left || !started)
		return;
	left = 1;
	event("leave");
	if (!counting)
		return;
	for (i = 0; i < TB_SLOTS; i++) {
		if (tbs[i].ninsn && tbs[i].execs)
			fprintf(out, "tb 0x%llx %u %llu\n", (unsigned long long)tbs[i].pc,
				tbs[i].ninsn, (unsigned long long)tbs[i].execs);
	}
	fflush(out);
}

static void exec_trace(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	if (left || !started || trace_lines >= 10000)
		return;
	trace_lines++;
	fprintf(out, "at 0x%llx %llu %llu\n", (unsigned long long)(uintptr_t)udata,
		(unsigned long long)now_ns(CLOCK_MONOTONIC), (unsigned long long)insns);
}

static void exec_kernel(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	(void)udata;
	if (kernel_seen)
		return;
	kernel_seen = 1;
	event("kernel");
	if (exit_at_kernel) {
		fclose(out);
		_exit(0);
	}
}

static void translated(struct qemu_plugin_tb *tb)
{
	uint64_t pc = qemu_plugin_tb_vaddr(tb);
	size_t n = qemu_plugin_tb_n_insns(tb), i;

	if (!kernel_seen) {
		for (i = 0; i < n; i++) {
			struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

			if (qemu_plugin_insn_vaddr(insn) == kernel_pc)
				qemu_plugin_register_vcpu_insn_exec_cb(insn, exec_kernel,
								       QEMU_PLUGIN_CB_NO_REGS, NULL);
		}
	}
	if (left)
		return;
	if (!started && first_pc == ~0ull && pc >= low) {
		/* Blocks are translated just before they first run. */
		first_pc = pc;
		fprintf(out, "entry 0x%llx\n", (unsigned long long)pc);
	}
	if (pc < low) {
		qemu_plugin_register_vcpu_tb_exec_cb(tb, exec_low, QEMU_PLUGIN_CB_NO_REGS, NULL);
		return;
	}
	for (i = 0; i < ntrace && first_pc != ~0ull; i++) {
		if (pc == first_pc + trace_off[i])
			qemu_plugin_register_vcpu_tb_exec_cb(tb, exec_trace, QEMU_PLUGIN_CB_NO_REGS,
							     (void *)(uintptr_t)trace_off[i]);
	}
	if (counting)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, exec_fw, QEMU_PLUGIN_CB_NO_REGS,
						     tb_lookup(pc, (uint32_t)n));
	else if (!started)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, exec_fw, QEMU_PLUGIN_CB_NO_REGS, NULL);
}

/*
 * Registered through a cast: QEMU up to 10 calls it as (id, tb), QEMU 11 as
 * (tb, userdata) with the userdata passed at registration (trans_tag).
 */
static void on_translate(void *a, void *b)
{
	if (b == (void *)trans_tag)
		translated(a);
	else
		translated(b);
}

/* QEMU 11's registration takes a third argument, the userdata. */
typedef void (*register_trans_any_t)(qemu_plugin_id_t, void (*)(void *, void *), const void *);

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	*v = strtoull(s, &end, 0);
	return *s && !*end ? 0 : -1;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	register_trans_any_t reg;
	const char *path = NULL;
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		int bad = 0;

		if (!strcmp(a, "count=tb"))
			counting = 1;
		else if (!strcmp(a, "count=off"))
			counting = 0;
		else if (!strcmp(a, "exit=on"))
			exit_at_kernel = 1;
		else if (!strcmp(a, "exit=off"))
			exit_at_kernel = 0;
		else if (!strncmp(a, "low=", 4))
			bad = parse_u64(a + 4, &low);
		else if (!strncmp(a, "kernel=", 7))
			bad = parse_u64(a + 7, &kernel_pc);
		else if (!strncmp(a, "gaps=", 5)) {
			bad = parse_u64(a + 5, &gap_ns);
			gap_ns *= 1000;
		} else if (!strncmp(a, "trace=", 6) && ntrace < 4)
			bad = parse_u64(a + 6, &trace_off[ntrace++]);
		else if (!strncmp(a, "out=", 4))
			path = a + 4;
		else
			bad = 1;
		if (bad) {
			fprintf(stderr, "phase-plugin: bad argument '%s'\n", a);
			return -1;
		}
	}
	out = path ? fopen(path, "w") : stderr;
	if (!out) {
		perror(path);
		return -1;
	}
	tbs = calloc(TB_SLOTS, sizeof(*tbs));
	if (!tbs)
		return -1;
	fprintf(out, "api %d qemu %d..%d %s\n", qemu_plugin_version, info->version.min,
		info->version.cur, info->target_name);
	event("install");
	reg = (register_trans_any_t)(uintptr_t)qemu_plugin_register_vcpu_tb_trans_cb;
	reg(id, on_translate, trans_tag);
	return 0;
}
