// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of user/sigvals.c: each variant's own timer value in the
 * leader's signal information. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "sigvals.h"

static siginfo_t timer_info(uint64_t value)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = SIGRTMIN;
	si.si_code = SI_TIMER;
	si.si_value.sival_ptr = (void *)(uintptr_t)value;
	return si;
}

static uint64_t own_of(pid_t tgid, int variant, siginfo_t si)
{
	mvx_sigvals_own(tgid, variant, &si);
	return (uint64_t)(uintptr_t)si.si_value.sival_ptr;
}

/* a noted value is given to each follower as its own; the leader keeps
 * its own; another process's or another code's information is untouched */
static void test_own(void **state)
{
	const uint64_t own[3] = { 0x1000, 0x2000, 0x3000 };
	siginfo_t queued = timer_info(0x1000);

	(void)state;
	mvx_sigvals_note(100, own, 3);
	assert_int_equal(own_of(100, 1, timer_info(0x1000)), 0x2000);
	assert_int_equal(own_of(100, 2, timer_info(0x1000)), 0x3000);
	assert_int_equal(own_of(100, 0, timer_info(0x1000)), 0x1000);
	assert_int_equal(own_of(101, 1, timer_info(0x1000)), 0x1000);
	assert_int_equal(own_of(100, 1, timer_info(0x1008)), 0x1008);
	queued.si_code = SI_QUEUE;
	assert_int_equal(own_of(100, 1, queued), 0x1000);
	mvx_sigvals_forget(100);
}

/* a new note of the same leader's value replaces the old; forget drops
 * the process's notes only */
static void test_replace_and_forget(void **state)
{
	const uint64_t a[2] = { 0x1000, 0x2000 }, b[2] = { 0x1000, 0x4000 };
	const uint64_t c[2] = { 0x1000, 0x5000 };

	(void)state;
	mvx_sigvals_note(200, a, 2);
	mvx_sigvals_note(200, b, 2);
	mvx_sigvals_note(201, c, 2);
	assert_int_equal(own_of(200, 1, timer_info(0x1000)), 0x4000);
	mvx_sigvals_forget(200);
	assert_int_equal(own_of(200, 1, timer_info(0x1000)), 0x1000);
	assert_int_equal(own_of(201, 1, timer_info(0x1000)), 0x5000);
	mvx_sigvals_forget(201);
}

/* a full table gives the oldest note's place to the new one */
static void test_oldest_goes(void **state)
{
	(void)state;
	for (uint64_t k = 0; k < MVX_SIGVALS + 1; k++) {
		const uint64_t own[2] = { 0x10000 + k, 0x90000 + k };

		mvx_sigvals_note(300, own, 2);
	}
	assert_int_equal(own_of(300, 1, timer_info(0x10000)), 0x10000);
	assert_int_equal(own_of(300, 1, timer_info(0x10001)), 0x90001);
	assert_int_equal(own_of(300, 1, timer_info(0x10000 + MVX_SIGVALS)),
			 0x90000 + MVX_SIGVALS);
	mvx_sigvals_forget(300);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own),
		cmocka_unit_test(test_replace_and_forget),
		cmocka_unit_test(test_oldest_goes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
