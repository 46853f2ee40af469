/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test runner for tests/emu/testfw.h: registration, one forked process per
 * test with a wall-clock guard, failure reasons passed back through a pipe,
 * and the final "N passed, N failed" line.
 */
#include "testfw.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TF_MAX_TESTS 1024

struct tf_test {
	const char *name;
	void (*fn)(void);
};

static struct tf_test tf_tests[TF_MAX_TESTS];
static unsigned int tf_ntests;
static unsigned int tf_nfail;     /* failures recorded in this process */
static int tf_pipe = -1;          /* reason channel to the runner */
static pid_t tf_test_pid;         /* the process that runs the test body */
static bool tf_child;             /* a helper child (EMU_RUN) */
static bool tf_reason_sent;

/* Sanitizers: die by SIGABRT so the runner reports a crash, no leak scan. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "abort_on_error=1:detect_leaks=0:allocator_may_return_null=1";
}

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "abort_on_error=1:print_stacktrace=1";
}

void tf_register(const char *name, void (*fn)(void))
{
	if (tf_ntests >= TF_MAX_TESTS) {
		fprintf(stderr, "testfw: too many tests\n");
		abort();
	}
	tf_tests[tf_ntests].name = name;
	tf_tests[tf_ntests].fn = fn;
	tf_ntests++;
}

unsigned int tf_failures(void)
{
	return tf_nfail;
}

void tf_enter_child(void)
{
	tf_child = true;
	tf_nfail = 0;
	tf_reason_sent = false;
}

void tf_detach(void)
{
	tf_pipe = -1;
	tf_nfail = 0;
}

bool tf_in_child(void)
{
	return tf_child;
}

static void tf_send_reason(const char *msg)
{
	char line[512];
	size_t n;

	if (tf_pipe < 0 || tf_reason_sent)
		return;
	tf_reason_sent = true;
	n = (size_t)snprintf(line, sizeof(line), "%s\n", msg);
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	/* a short message is written atomically; ignore errors */
	if (write(tf_pipe, line, n) < 0)
		return;
}

void tf_fail(const char *file, int line, bool fatal, const char *fmt, ...)
{
	char msg[448], full[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s:%d: %s", file, line, msg);
	fprintf(stderr, "  %s%s\n", full, tf_child ? " (in firmware-run child)" : "");
	tf_nfail++;
	tf_send_reason(full);
	if (fatal) {
		fflush(NULL);
		_exit(1);
	}
}

static int tf_run_one(const struct tf_test *t, char *why, size_t whylen)
{
	int fds[2], status;
	pid_t pid;
	ssize_t n;
	size_t got = 0;
	unsigned int timeout = 120;
	const char *env = getenv("TF_TIMEOUT");

	if (env && atoi(env) > 0)
		timeout = (unsigned int)atoi(env);
	why[0] = 0;
	if (pipe(fds) != 0) {
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		return 1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		close(fds[0]);
		tf_pipe = fds[1];
		tf_test_pid = getpid();
		tf_nfail = 0;
		alarm(timeout);
		t->fn();
		if (getpid() != tf_test_pid) {
			/* an EMU_RUN child left its body with return/break */
			fprintf(stderr, "testfw: firmware-run child escaped its body\n");
			fflush(NULL);
			_exit(3);
		}
		fflush(NULL);
		_exit(tf_nfail ? 1 : 0);
	}
	close(fds[1]);
	while (got + 1 < whylen && (n = read(fds[0], why + got, whylen - 1 - got)) > 0)
		got += (size_t)n;
	why[got] = 0;
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* keep the first line only */
	for (size_t i = 0; why[i]; i++) {
		if (why[i] == '\n') {
			why[i] = 0;
			break;
		}
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		char tmp[1200];
		int k;

		k = snprintf(tmp, sizeof(tmp), "killed by signal %d (%s)%s%s", sig,
			     strsignal(sig), sig == SIGALRM ? ", test timeout" : "",
			     why[0] ? "; " : "");
		if (k > 0 && (size_t)k < sizeof(tmp))
			snprintf(tmp + k, sizeof(tmp) - (size_t)k, "%s", why);
		memcpy(why, tmp, whylen - 1);
		why[whylen - 1] = 0;
		return 1;
	}
	if (WEXITSTATUS(status) != 0) {
		if (!why[0])
			snprintf(why, whylen, "exit status %d", WEXITSTATUS(status));
		return 1;
	}
	return why[0] ? 1 : 0;
}

int tf_main(int argc, char **argv)
{
	unsigned int passed = 0, failed = 0;
	const char *filter = argc > 1 ? argv[1] : NULL;
	char why[1024];

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (unsigned int i = 0; i < tf_ntests; i++) {
		const struct tf_test *t = &tf_tests[i];

		if (filter && !strstr(t->name, filter))
			continue;
		if (tf_run_one(t, why, sizeof(why)) == 0) {
			printf("PASS %s\n", t->name);
			passed++;
		} else {
			printf("FAIL %s: %s\n", t->name, why);
			failed++;
		}
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
