// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of user/self_files.c: which paths describe the variant's own
 * layout, and the descriptors kept for them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "self_files.h"

static void test_paths(void **state)
{
	(void)state;
	assert_true(mvx_self_path("/proc/self/maps"));
	assert_true(mvx_self_path("/proc/self/smaps"));
	assert_true(mvx_self_path("/proc/self/smaps_rollup"));
	assert_true(mvx_self_path("/proc/thread-self/maps"));
	/* ids stay the leader's; other processes' maps are files like others */
	assert_false(mvx_self_path("/proc/self/status"));
	assert_false(mvx_self_path("/proc/self/stat"));
	assert_false(mvx_self_path("/proc/self/mapsx"));
	assert_false(mvx_self_path("/proc/1/maps"));
	assert_false(mvx_self_path("/proc/selfmaps"));
	assert_false(mvx_self_path(""));
}

static void test_keep(void **state)
{
	(void)state;
	mvx_self_file_add(10, 3);
	mvx_self_file_add(10, 4);
	mvx_self_file_add(11, 3);
	assert_true(mvx_self_file(10, 3));
	assert_true(mvx_self_file(11, 3));
	assert_false(mvx_self_file(12, 3));
	mvx_self_file_del(10, 3);
	assert_false(mvx_self_file(10, 3));
	assert_true(mvx_self_file(10, 4));
	mvx_self_files_forget(10);
	assert_false(mvx_self_file(10, 4));
	assert_true(mvx_self_file(11, 3));
	mvx_self_files_forget(11);
}

static void test_bound(void **state)
{
	(void)state;
	for (int fd = 0; fd < MVX_SELF_FILES_MAX + 10; fd++)
		mvx_self_file_add(20, fd);
	assert_true(mvx_self_file(20, MVX_SELF_FILES_MAX - 1));
	assert_false(mvx_self_file(20, MVX_SELF_FILES_MAX));
	mvx_self_files_forget(20);
	assert_false(mvx_self_file(20, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_keep),
		cmocka_unit_test(test_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
