/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test runner for tests/emu/testfw.h: registration, one forked process per
 * test with a wall-clock guard, TF_JOBS tests at a time (default: one per
 * CPU) with their output kept apart and printed in registration order,
 * failure reasons passed back through a pipe, skips, the expected-failure
 * list, and the final "N passed, N failed, N skipped" line.
 */
#include "testfw.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TF_MAX_TESTS 1024
#define TF_MAX_JOBS 64
#define TF_WHY_LEN 1024
#define TF_SKIP_TAG "\001SKIP "

struct tf_test {
	const char *name;
	void (*fn)(void);
	const char *xfail;        /* known bug: the reason, else NULL */
	/* result */
	bool done;
	int result;               /* 0 pass, 1 fail, 2 skip */
	char why[TF_WHY_LEN];
	FILE *out;                /* the test's stdout/stderr */
	pid_t pid;
	int pipe_fd;
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

static struct {
	const char *name, *why;
} tf_xfails[TF_MAX_TESTS];
static unsigned int tf_nxfails;

void tf_register_xfail(const char *name, const char *why)
{
	if (tf_nxfails >= TF_MAX_TESTS) {
		fprintf(stderr, "testfw: too many expected failures\n");
		abort();
	}
	tf_xfails[tf_nxfails].name = name;
	tf_xfails[tf_nxfails].why = why;
	tf_nxfails++;
}

/* Attach the expected-failure list to the tests; 0, or -1 for a stale entry. */
static int tf_resolve_xfails(void)
{
	int rc = 0;

	for (unsigned int j = 0; j < tf_nxfails; j++) {
		bool found = false;

		for (unsigned int i = 0; i < tf_ntests; i++) {
			if (strcmp(tf_tests[i].name, tf_xfails[j].name) == 0) {
				tf_tests[i].xfail = tf_xfails[j].why;
				found = true;
			}
		}
		if (!found) {
			printf("FAIL %s: in the expected-failure list but no such test\n",
			       tf_xfails[j].name);
			rc = -1;
		}
	}
	return rc;
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

#ifdef TF_COVERAGE
void __gcov_dump(void);
#endif

void tf_exit(int code)
{
	fflush(NULL);
#ifdef TF_COVERAGE
	__gcov_dump();          /* _exit() skips the coverage writer */
#endif
	_exit(code);
}

static void tf_send_reason(const char *msg)
{
	char line[TF_WHY_LEN];
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
	if (fatal)
		tf_exit(1);
}

void tf_skip(const char *fmt, ...)
{
	char msg[448], full[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s%s", TF_SKIP_TAG, msg);
	tf_reason_sent = false;
	tf_send_reason(full);
	tf_exit(tf_nfail ? 1 : 0);
}

static unsigned int tf_jobs(void)
{
	const char *env = getenv("TF_JOBS");
	long n = env ? atol(env) : sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	return n > TF_MAX_JOBS ? TF_MAX_JOBS : (unsigned int)n;
}

static unsigned int tf_timeout(void)
{
	const char *env = getenv("TF_TIMEOUT");

	return env && atoi(env) > 0 ? (unsigned int)atoi(env) : 120;
}

/* Fork the test; its output goes to a temporary file. */
static int tf_start(struct tf_test *t)
{
	int fds[2];

	t->out = tmpfile();
	if (!t->out || pipe(fds) != 0) {
		snprintf(t->why, sizeof(t->why), "cannot start: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	t->pid = fork();
	if (t->pid < 0) {
		snprintf(t->why, sizeof(t->why), "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (t->pid == 0) {
		int fd = fileno(t->out);

		close(fds[0]);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		setvbuf(stdout, NULL, _IOLBF, 0);
		tf_pipe = fds[1];
		tf_test_pid = getpid();
		tf_nfail = 0;
		alarm(tf_timeout());
		t->fn();
		if (getpid() != tf_test_pid) {
			/* an EMU_RUN child left its body with return/break */
			fprintf(stderr, "testfw: firmware-run child escaped its body\n");
			tf_exit(3);
		}
		tf_exit(tf_nfail ? 1 : 0);
	}
	close(fds[1]);
	t->pipe_fd = fds[0];
	return 0;
}

/* Collect the reason and the exit status of a finished test. */
static void tf_finish(struct tf_test *t, int status)
{
	char *why = t->why;
	size_t got = 0, whylen = sizeof(t->why);
	ssize_t n;

	while (got + 1 < whylen && (n = read(t->pipe_fd, why + got, whylen - 1 - got)) > 0)
		got += (size_t)n;
	why[got] = 0;
	close(t->pipe_fd);
	/* keep the first line only */
	for (size_t i = 0; why[i]; i++) {
		if (why[i] == '\n') {
			why[i] = 0;
			break;
		}
	}
	t->done = true;
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		char tmp[TF_WHY_LEN + 128];

		snprintf(tmp, sizeof(tmp), "killed by signal %d (%s)%s%s%s", sig, strsignal(sig),
			 sig == SIGALRM ? ", test timeout" : "", why[0] ? "; " : "", why);
		memcpy(why, tmp, whylen - 1);
		why[whylen - 1] = 0;
		t->result = 1;
		return;
	}
	if (WEXITSTATUS(status) == 0 && strncmp(why, TF_SKIP_TAG, strlen(TF_SKIP_TAG)) == 0) {
		memmove(why, why + strlen(TF_SKIP_TAG), strlen(why + strlen(TF_SKIP_TAG)) + 1);
		t->result = 2;
		return;
	}
	if (WEXITSTATUS(status) != 0) {
		if (!why[0])
			snprintf(why, whylen, "exit status %d", WEXITSTATUS(status));
		t->result = 1;
		return;
	}
	t->result = why[0] ? 1 : 0;
}

static void tf_copy_output(struct tf_test *t)
{
	char buf[4096];
	size_t n;

	if (!t->out)
		return;
	fflush(stdout);
	rewind(t->out);
	while ((n = fread(buf, 1, sizeof(buf), t->out)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(t->out);
	t->out = NULL;
}

int tf_main(int argc, char **argv)
{
	unsigned int passed = 0, failed = 0, skipped = 0, running = 0, next = 0, shown = 0;
	const char *filter = argc > 1 ? argv[1] : NULL;
	unsigned int jobs = tf_jobs();
	unsigned int sel[TF_MAX_TESTS], nsel = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (tf_resolve_xfails())
		failed++;
	for (unsigned int i = 0; i < tf_ntests; i++)
		if (!filter || strstr(tf_tests[i].name, filter))
			sel[nsel++] = i;
	while (shown < nsel) {
		while (running < jobs && next < nsel) {
			struct tf_test *t = &tf_tests[sel[next++]];

			if (tf_start(t) == 0) {
				running++;
			} else {
				t->done = true;
				t->result = 1;
			}
		}
		if (running) {
			int status;
			pid_t pid = waitpid(-1, &status, 0);

			if (pid < 0) {
				if (errno == EINTR)
					continue;
				perror("testfw: waitpid");
				return 2;
			}
			for (unsigned int i = 0; i < nsel; i++) {
				struct tf_test *t = &tf_tests[sel[i]];

				if (!t->done && t->pid == pid) {
					tf_finish(t, status);
					running--;
					break;
				}
			}
		}
		/* print finished tests in order */
		while (shown < nsel && tf_tests[sel[shown]].done) {
			struct tf_test *t = &tf_tests[sel[shown++]];

			if (t->result != 0 || getenv("TF_VERBOSE"))
				tf_copy_output(t);
			else if (t->out)
				fclose(t->out);
			if (t->xfail && t->result == 1) {
				printf("SKIP %s: expected failure (known bug: %s): %s\n", t->name,
				       t->xfail, t->why);
				skipped++;
			} else if (t->xfail && t->result == 0) {
				printf("FAIL %s: listed as a known bug (%s) but did not fail; "
				       "remove it from the expected-failure list\n", t->name,
				       t->xfail);
				failed++;
			} else if (t->result == 0) {
				printf("PASS %s\n", t->name);
				passed++;
			} else if (t->result == 2) {
				printf("SKIP %s: %s\n", t->name, t->why);
				skipped++;
			} else {
				printf("FAIL %s: %s\n", t->name, t->why);
				failed++;
			}
		}
	}
	printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
