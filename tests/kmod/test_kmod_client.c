// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of the kernel-module client that need no module: the
 * parameters the monitor builds, and the behaviour on a kernel without the
 * module (this is also what a CI machine without it sees).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "cmd_kmod.h"
#include "kmod_client.h"

static void test_params(void **state)
{
	struct mvx_kmod_params p;
	long nr;

	(void)state;
	mvx_kmod_params_init(&p, 3);
	assert_int_equal(p.nvariants, 3);
	assert_int_equal(p.window, 1);
	for (nr = -1; nr <= MVX_SYSCALL_BITS; nr++)
		assert_false(mvx_kmod_params_approved(&p, nr));

	assert_int_equal(mvx_kmod_approve(&p, 110, 0x1), 0);
	assert_int_equal(mvx_kmod_approve(&p, 228, 0x3), 0);
	assert_int_equal(mvx_kmod_approve(&p, 0, 0x3f), 0);
	/* Bit n of byte n / 8, as uapi/linux/mvx.h says. */
	assert_int_equal(p.approved[110 / 8], 1 << (110 % 8));
	assert_int_equal(p.approved[0], 1);
	assert_int_equal(p.argmask[110], 0x1);
	assert_int_equal(p.argmask[228], 0x3);
	assert_true(mvx_kmod_params_approved(&p, 110));
	assert_true(mvx_kmod_params_approved(&p, 228));
	assert_false(mvx_kmod_params_approved(&p, 111));
	assert_false(mvx_kmod_params_approved(&p, 0x40000000 | 110));
}

static void test_approve_refuses(void **state)
{
	struct mvx_kmod_params p;
	struct mvx_kmod_params before;

	(void)state;
	mvx_kmod_params_init(&p, 2);
	before = p;
	assert_int_equal(mvx_kmod_approve(&p, -1, 0), -EINVAL);
	assert_int_equal(mvx_kmod_approve(&p, MVX_SYSCALL_BITS, 0), -EINVAL);
	assert_int_equal(mvx_kmod_approve(&p, 5, 1U << MVX_NR_ARGS), -EINVAL);
	assert_memory_equal(&p, &before, sizeof(p));
	/* An input buffer only for an approved call, within bounds. */
	assert_int_equal(mvx_kmod_approve_buf(&p, 14, 1, 8), -EINVAL);
	assert_int_equal(mvx_kmod_approve(&p, 14, 0x9), 0);
	assert_int_equal(mvx_kmod_approve_buf(&p, 14, MVX_NR_ARGS, 8), -EINVAL);
	assert_int_equal(mvx_kmod_approve_buf(&p, 14, 1, 0), -EINVAL);
	assert_int_equal(mvx_kmod_approve_buf(&p, 14, 1, MVX_MAX_ARGBUF + 1),
			 -EINVAL);
	assert_int_equal(mvx_kmod_approve_buf(&p, 14, 1, 8), 0);
	assert_int_equal(p.argbuf[14][0], 2);
	assert_int_equal(p.argbuf[14][1], 8);
}

static void test_open(void **state)
{
	char *argv[] = { "kmod", "status", NULL };
	struct mvx_kmod *k = NULL;
	int err;

	(void)state;
	err = mvx_kmod_open(&k);
	if (err == MVX_KMOD_ABSENT) {
		assert_null(k);
		/* `mvx kmod status` says so and exits 1. */
		assert_int_equal(mvx_cmd_kmod(2, argv), 1);
	} else {
		/* A machine with mvx.ko loaded. */
		assert_int_equal(err, 0);
		assert_non_null(k);
		assert_int_equal(mvx_kmod_version(k), MVX_GENL_VERSION);
		mvx_kmod_close(k);
	}
}

static void test_usage(void **state)
{
	char *none[] = { "kmod", NULL };
	char *other[] = { "kmod", "load", NULL };

	(void)state;
	assert_int_equal(mvx_cmd_kmod(1, none), 2);
	assert_int_equal(mvx_cmd_kmod(2, other), 2);
}

static void test_state_names(void **state)
{
	(void)state;
	assert_string_equal(mvx_kmod_state_name(MVX_SET_LIVE), "live");
	assert_string_equal(mvx_kmod_state_name(MVX_SET_DIVERGED), "diverged");
	assert_string_equal(mvx_kmod_state_name(MVX_SET_DEAD), "dead");
	assert_string_equal(mvx_kmod_state_name(99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_approve_refuses),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_state_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
