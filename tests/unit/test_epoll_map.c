// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of user/epoll_map.c: each variant's epoll data, by the
 * leader's process, epoll descriptor and target. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "epoll_map.h"

static int teardown(void **state)
{
	(void)state;
	mvx_epoll_map_clear();
	return 0;
}

static void test_set_get(void **state)
{
	const uint64_t a[3] = { 0x1000, 0x2000, 0x3000 };
	const uint64_t b[3] = { 0x1008, 0x2008, 0x3008 };

	(void)state;
	assert_true(mvx_epoll_map_set(100, 3, 5, a, 3));
	assert_true(mvx_epoll_map_set(100, 3, 6, b, 3));
	assert_int_equal(mvx_epoll_map_get(100, 3, 0x1000, 1), 0x2000);
	assert_int_equal(mvx_epoll_map_get(100, 3, 0x1000, 2), 0x3000);
	assert_int_equal(mvx_epoll_map_get(100, 3, 0x1008, 2), 0x3008);
	assert_int_equal(mvx_epoll_map_get(100, 3, 0x1000, 0), 0x1000);
	/* another epoll descriptor, another process, unknown data: as is */
	assert_int_equal(mvx_epoll_map_get(100, 4, 0x1000, 1), 0x1000);
	assert_int_equal(mvx_epoll_map_get(101, 3, 0x1000, 1), 0x1000);
	assert_int_equal(mvx_epoll_map_get(100, 3, 0x9999, 1), 0x9999);
	/* a variant number out of range gets the leader's */
	assert_int_equal(mvx_epoll_map_get(100, 3, 0x1000, 16), 0x1000);
	assert_int_equal(mvx_epoll_map_get(100, 3, 0x1000, -1), 0x1000);
}

static void test_mod_del(void **state)
{
	const uint64_t a[2] = { 0x1000, 0x2000 }, m[2] = { 0x5000, 0x6000 };

	(void)state;
	assert_true(mvx_epoll_map_set(100, 3, 5, a, 2));
	assert_true(mvx_epoll_map_set(100, 3, 5, m, 2));	/* MOD */
	assert_int_equal(mvx_epoll_map_get(100, 3, 0x5000, 1), 0x6000);
	assert_int_equal(mvx_epoll_map_get(100, 3, 0x1000, 1), 0x1000);
	mvx_epoll_map_del(100, 3, 5);
	assert_int_equal(mvx_epoll_map_get(100, 3, 0x5000, 1), 0x5000);
	mvx_epoll_map_del(100, 3, 5);	/* not there: nothing */
}

static void test_bounds(void **state)
{
	uint64_t d[2] = { 0, 0 };

	(void)state;
	assert_false(mvx_epoll_map_set(1, 3, 4, d, 0));
	assert_false(mvx_epoll_map_set(1, 3, 4, d, 17));
	for (int k = 0; k < MVX_EPOLL_MAP_MAX; k++) {
		d[0] = k;
		d[1] = k + 1;
		assert_true(mvx_epoll_map_set(1, 3, k, d, 2));
	}
	assert_false(mvx_epoll_map_set(1, 3, MVX_EPOLL_MAP_MAX, d, 2));
	/* replacing one that is kept still works at the bound */
	assert_true(mvx_epoll_map_set(1, 3, 7, d, 2));
	mvx_epoll_map_del(1, 3, 8);
	assert_true(mvx_epoll_map_set(1, 3, MVX_EPOLL_MAP_MAX, d, 2));
	assert_int_equal(mvx_epoll_map_get(1, 3, 5, 1), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_set_get, teardown),
		cmocka_unit_test_teardown(test_mod_del, teardown),
		cmocka_unit_test_teardown(test_bounds, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
