/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A tiny test framework for the host harness. Each TEST runs in its own
 * forked process (crash isolation, fresh globals); it prints "PASS name",
 * "FAIL name: why" or "SKIP name: why" and the runner ends with
 * "N passed, N failed, N skipped".
 *
 *	TEST(name) { CHECK(x == 1); REQUIRE_EQ(f(), 0); }
 *
 * CHECK* records a failure and continues; REQUIRE* records it and ends the
 * test; SKIP(...) ends it as skipped (a missing fixture). Every failure
 * prints file:line.
 *
 * Expected failures (known bugs, not yet fixed): KNOWN_BUG(test, "why")
 * anywhere in the runner's sources. Such a test that fails prints
 * "SKIP name: expected failure (known bug: why)"; one that passes is a FAIL
 * (take it off the list).
 *
 * Usage of a test binary:
 *	prog [substring]   run the tests whose name contains substring
 * Environment: TF_JOBS (parallel tests, default one per CPU), TF_TIMEOUT
 * (seconds per test, default 120), TF_VERBOSE=1 (show the output of passing
 * tests too; failing tests always show theirs).
 */
#ifndef TESTS_TESTFW_H
#define TESTS_TESTFW_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define TEST(name)                                                          \
	static void name(void);                                             \
	static void __attribute__((constructor)) tf_reg_##name(void)        \
	{                                                                   \
		tf_register(#name, name);                                   \
	}                                                                   \
	static void name(void)

#define KNOWN_BUG(name, why)                                                \
	static void __attribute__((constructor)) tf_xfail_##name(void)      \
	{                                                                   \
		tf_register_xfail(#name, why);                              \
	}

void tf_register(const char *name, void (*fn)(void));
void tf_register_xfail(const char *name, const char *why);
/* end this process (test or EMU_RUN child), coverage data written */
void tf_exit(int code) __attribute__((noreturn));
void tf_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void tf_fail(const char *file, int line, bool fatal, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
unsigned int tf_failures(void);
/* for forked helpers (EMU_RUN): failures in this process end it */
void tf_enter_child(void);
bool tf_in_child(void);
/* for tests of the harness itself: failures here are not reported upward */
void tf_detach(void);
int tf_main(int argc, char **argv);

#define TF_CHECK_(fatal, cond)                                              \
	do {                                                                \
		if (!(cond))                                                \
			tf_fail(__FILE__, __LINE__, fatal, "%s", #cond);    \
	} while (0)
#define TF_CHECK_EQ_(fatal, a, b)                                           \
	do {                                                                \
		unsigned long long a_ = (unsigned long long)(a);            \
		unsigned long long b_ = (unsigned long long)(b);            \
		if (a_ != b_)                                               \
			tf_fail(__FILE__, __LINE__, fatal,                  \
				"%s == %s: 0x%llx != 0x%llx", #a, #b, a_, b_); \
	} while (0)
#define TF_CHECK_STR_(fatal, hay, needle)                                   \
	do {                                                                \
		const char *h_ = (hay), *n_ = (needle);                     \
		if (!h_ || !strstr(h_, n_))                                 \
			tf_fail(__FILE__, __LINE__, fatal,                  \
				"\"%s\" not found in %s", n_, #hay);        \
	} while (0)
#define TF_CHECK_MEM_(fatal, a, b, n)                                       \
	do {                                                                \
		if (memcmp((a), (b), (n)) != 0)                             \
			tf_fail(__FILE__, __LINE__, fatal,                  \
				"memory %s != %s (%zu bytes)", #a, #b,      \
				(size_t)(n));                               \
	} while (0)

#define CHECK(cond) TF_CHECK_(false, cond)
#define REQUIRE(cond) TF_CHECK_(true, cond)
#define CHECK_EQ(a, b) TF_CHECK_EQ_(false, a, b)
#define REQUIRE_EQ(a, b) TF_CHECK_EQ_(true, a, b)
#define CHECK_STR(hay, needle) TF_CHECK_STR_(false, hay, needle)
#define REQUIRE_STR(hay, needle) TF_CHECK_STR_(true, hay, needle)
#define CHECK_MEM(a, b, n) TF_CHECK_MEM_(false, a, b, n)
#define FAIL(...) tf_fail(__FILE__, __LINE__, false, __VA_ARGS__)
#define SKIP(...) tf_skip(__VA_ARGS__)

#endif
