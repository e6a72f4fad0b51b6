// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of user/selfsig.c: the signals a leader sends its own
 * process that are to be held for every variant. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>

#include "selfsig.h"

/* a noted signal is taken once, for its process and number only */
static void test_take_once(void **state)
{
	(void)state;
	assert_true(mvx_selfsig_expect(10, SIGUSR1));
	assert_false(mvx_selfsig_take(11, SIGUSR1));
	assert_false(mvx_selfsig_take(10, SIGUSR2));
	assert_true(mvx_selfsig_take(10, SIGUSR1));
	assert_false(mvx_selfsig_take(10, SIGUSR1));
}

/* two signals of one process are kept apart */
static void test_two_signals(void **state)
{
	(void)state;
	assert_true(mvx_selfsig_expect(20, SIGUSR1));
	assert_true(mvx_selfsig_expect(20, SIGTERM));
	assert_true(mvx_selfsig_take(20, SIGTERM));
	assert_true(mvx_selfsig_take(20, SIGUSR1));
	assert_false(mvx_selfsig_take(20, SIGUSR1));
}

/* numbers out of range are refused; a full table refuses a new process
 * but still takes notes for the processes it holds */
static void test_bounds(void **state)
{
	(void)state;
	assert_false(mvx_selfsig_expect(30, 0));
	assert_false(mvx_selfsig_expect(30, 64));
	assert_false(mvx_selfsig_expect(0, SIGUSR1));
	for (int k = 0; k < MVX_SELFSIG_PROCS; k++)
		assert_true(mvx_selfsig_expect(1000 + k, SIGUSR1));
	assert_false(mvx_selfsig_expect(5000, SIGUSR1));
	assert_true(mvx_selfsig_expect(1000, SIGUSR2));
	for (int k = 0; k < MVX_SELFSIG_PROCS; k++)
		assert_true(mvx_selfsig_take(1000 + k, SIGUSR1));
	assert_true(mvx_selfsig_take(1000, SIGUSR2));
	assert_true(mvx_selfsig_expect(5000, SIGUSR1));
	assert_true(mvx_selfsig_take(5000, SIGUSR1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_take_once),
		cmocka_unit_test(test_two_signals),
		cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
