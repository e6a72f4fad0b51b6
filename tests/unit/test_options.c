// SPDX-License-Identifier: GPL-2.0
/*
 * The command line of `mvx run` (user/options.c).  What a parse prints on
 * stdout and stderr is captured and checked.
 *
 * Built with -DMVX_TEST_REGRESSIONS it also runs the cases of bugs found in
 * user/options.c and fixed (tests/unit/unit.mk: test_options_regressions).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"
#include "options.h"

#define MAX_ARGV 64

static char *args[MAX_ARGV];
static struct mvx_options opt;
static char out_text[8192], err_text[8192];	/* what the parse printed */

/* Reads what was written to 'fd' (a temporary file) into 'buf'. */
static void slurp(int fd, char *buf, size_t len)
{
	ssize_t n;

	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	n = read(fd, buf, len - 1);
	assert_true(n >= 0);
	buf[n] = '\0';
	close(fd);
}

/*
 * Parses the NULL-terminated list (argv[0] is "run") with stdout and stderr
 * captured into out_text and err_text.
 */
static int parse_list(const char *const *list)
{
	int argc = 0, rc, saved[2], tmp[2];

	while (list[argc]) {
		assert_true(argc < MAX_ARGV - 1);
		args[argc] = (char *)list[argc];
		argc++;
	}
	args[argc] = NULL;
	mvx_verbose = 0;
	memset(&opt, 0x5a, sizeof(opt));

	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < 2; i++) {
		FILE *f = tmpfile();

		assert_non_null(f);
		tmp[i] = dup(fileno(f));
		fclose(f);
		saved[i] = dup(i + 1);
		assert_true(tmp[i] >= 0 && saved[i] >= 0);
		assert_int_equal(dup2(tmp[i], i + 1), i + 1);
	}
	rc = mvx_options_parse(argc, args, &opt);
	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(dup2(saved[i], i + 1), i + 1);
		close(saved[i]);
	}
	slurp(tmp[0], out_text, sizeof(out_text));
	slurp(tmp[1], err_text, sizeof(err_text));
	return rc;
}

#define PARSE(...) parse_list((const char *const[]){ "run", __VA_ARGS__, NULL })

/* Checks opt.argv against the NULL-terminated list. */
static void assert_program(const char *const *want)
{
	int i;

	assert_non_null(opt.argv);
	for (i = 0; want[i]; i++) {
		assert_non_null(opt.argv[i]);
		assert_string_equal(opt.argv[i], want[i]);
	}
	assert_null(opt.argv[i]);
}

#define ASSERT_PROGRAM(...) \
	assert_program((const char *const[]){ __VA_ARGS__, NULL })

static void test_defaults(void **state)
{
	(void)state;
	assert_int_equal(PARSE("--", "prog"), 0);
	assert_int_equal(opt.variants, 2);
	assert_int_equal(opt.nvariant_paths, 0);
	assert_null(opt.trace_path);
	assert_null(opt.report_path);
	assert_true(opt.pin);
	assert_true(opt.sync_agent);
	assert_int_equal(opt.kmod, MVX_KMOD_AUTO);
	assert_int_equal(mvx_verbose, 0);
	ASSERT_PROGRAM("prog");
	assert_ptr_equal(opt.argv, &args[2]);
}

struct rc_case {
	const char *argv[40];	/* after "run", NULL-terminated */
	int rc;
	int variants;		/* when rc == 0 */
};

#define V16 "--variant", "v", "--variant", "v", "--variant", "v", \
	    "--variant", "v", "--variant", "v", "--variant", "v", \
	    "--variant", "v", "--variant", "v"

static const struct rc_case rc_cases[] = {
	/* -n bounds and forms */
	{ { "-n", "2", "--", "p" }, 0, 2 },
	{ { "-n", "16", "--", "p" }, 0, 16 },
	{ { "-n3", "--", "p" }, 0, 3 },
	{ { "--variants", "4", "--", "p" }, 0, 4 },
	{ { "--variants=5", "--", "p" }, 0, 5 },
	{ { "-n", "2", "-n", "7", "--", "p" }, 0, 7 },
	{ { "-n", "1", "--", "p" }, 2, 0 },
	{ { "-n", "0", "--", "p" }, 2, 0 },
	{ { "-n", "17", "--", "p" }, 2, 0 },
	{ { "-n", "-2", "--", "p" }, 2, 0 },
	{ { "-n", "abc", "--", "p" }, 2, 0 },
	{ { "-n", "3x", "--", "p" }, 2, 0 },
	{ { "-n", "", "--", "p" }, 2, 0 },
	{ { "-n", "99999999999999999999999", "--", "p" }, 2, 0 },
	{ { "--variants=1", "--", "p" }, 2, 0 },
	{ { "-n" }, 2, 0 },				/* missing value */
	/* --variant must be given N times */
	{ { "--variant", "a", "--variant", "b", "--", "p" }, 0, 2 },
	{ { "--variant", "a", "--", "p" }, 2, 0 },
	{ { "--variant", "a", "--variant", "b", "--variant", "c", "--",
	    "p" }, 2, 0 },
	{ { "-n", "3", "--variant", "a", "--variant", "b", "--", "p" },
	  2, 0 },
	{ { "--variant", "a", "--variant", "b", "--variant", "c", "-n", "3",
	    "--", "p" }, 0, 3 },
	{ { "-n", "16", V16, V16, "--", "p" }, 0, 16 },
	{ { "-n", "16", V16, V16, "--variant", "x", "--", "p" }, 2, 0 },
	{ { "--variant" }, 2, 0 },
	/* unknown options, --help, --version */
	{ { "--bogus", "--", "p" }, 2, 0 },
	{ { "-x", "--", "p" }, 2, 0 },
	{ { "--kmod", "maybe", "--", "p" }, 2, 0 },
	{ { "--trace" }, 2, 0 },
	{ { "--help" }, 1, 0 },
	{ { "--version" }, 1, 0 },
	{ { "-n", "3", "--help", "--", "p" }, 1, 0 },
	/* the program */
	{ { NULL }, 2, 0 },
	{ { "--" }, 2, 0 },
	{ { "-n", "3" }, 2, 0 },
	{ { "-n", "3", "--" }, 2, 0 },
};

static void test_return_codes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rc_cases) / sizeof(rc_cases[0]); i++) {
		const struct rc_case *tc = &rc_cases[i];
		const char *list[42] = { "run" };
		int rc;

		for (int k = 0; tc->argv[k]; k++)
			list[k + 1] = tc->argv[k];
		rc = parse_list(list);
		if (rc != tc->rc)
			fail_msg("case %zu (%s ...): returned %d, expected %d",
				 i, tc->argv[0] ? tc->argv[0] : "", rc, tc->rc);
		if (rc == 0 && opt.variants != tc->variants)
			fail_msg("case %zu: %d variants, expected %d", i,
				 opt.variants, tc->variants);
		/* an error says so on stderr, once; --help uses stdout */
		if ((rc == 2) != (strncmp(err_text, "mvx: ", 5) == 0))
			fail_msg("case %zu: rc %d, stderr [%s]", i, rc,
				 err_text);
		if (rc == 2 && strchr(err_text, '\n') !=
			       err_text + strlen(err_text) - 1)
			fail_msg("case %zu: not one line: [%s]", i, err_text);
		if (rc == 0 && out_text[0])
			fail_msg("case %zu: stdout [%s]", i, out_text);
	}
}

/* --help and --version write to stdout; errors name what was wrong. */
static void test_messages(void **state)
{
	static const struct {
		const char *argv[6];
		const char *err;	/* expected in stderr */
	} cases[] = {
		{ { "--bogus", "--", "p" }, "unknown option: '--bogus'" },
		{ { "-x", "--", "p" }, "unknown option: '-x'" },
		{ { "-n", "17", "--", "p" }, "2..16: '17'" },
		{ { "--kmod", "maybe", "--", "p" }, "'maybe'" },
		{ { "--sync-agent", "yes", "--", "p" },
		  "--sync-agent takes on or off: 'yes'" },
		{ { "-n" }, "needs an argument: '-n'" },
		{ { "--", }, "no program given" },
		{ { "--variant", "a", "--", "p" }, "exactly N times" },
	};

	(void)state;
	assert_int_equal(PARSE("--help"), 1);
	assert_ptr_equal(strstr(out_text, "usage: mvx run"), out_text);
	assert_non_null(strstr(out_text, "-n, --variants N"));
	assert_string_equal(err_text, "");
	assert_int_equal(PARSE("--version"), 1);
	assert_ptr_equal(strstr(out_text, "mvx "), out_text);
	assert_string_equal(err_text, "");

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *list[8] = { "run" };

		for (int k = 0; cases[i].argv[k]; k++)
			list[k + 1] = cases[i].argv[k];
		assert_int_equal(parse_list(list), 2);
		if (!strstr(err_text, cases[i].err))
			fail_msg("case %zu: [%s] not in [%s]", i, cases[i].err,
				 err_text);
		assert_string_equal(out_text, "");
	}
}

#ifdef MVX_TEST_REGRESSIONS
/*
 * Fixed bug: an unknown short option inside a cluster ("-xv") is reported
 * as argv[optind - 1], which is the previous argument ("run"), not "-x";
 * and since mvx_options_parse resets getopt with optind = 1 instead of 0,
 * glibc keeps its position inside the old cluster, so a second parse in
 * the same process goes on with the stale "v" (mvx_verbose becomes 1).
 */
static void test_unknown_option_in_a_cluster(void **state)
{
	(void)state;
	PARSE("--", "p");	/* consumes what an earlier test left */
	assert_int_equal(PARSE("-xv", "--", "p"), 2);
	if (!strstr(err_text, "'-x'"))
		fail_msg("the message does not name -x: [%s]", err_text);
}

static void test_second_parse_starts_afresh(void **state)
{
	(void)state;
	PARSE("--", "p");	/* consumes what an earlier test left */
	PARSE("-xv", "--", "p");
	assert_int_equal(PARSE("--", "q"), 0);
	assert_int_equal(mvx_verbose, 0);
	ASSERT_PROGRAM("q");
}
#endif

/* Everything after "--" belongs to the program, options included. */
static void test_program_args_preserved(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-n", "3", "--", "prog", "-n", "5", "--trace",
			       "t", "--", "x", ""), 0);
	assert_int_equal(opt.variants, 3);
	assert_null(opt.trace_path);
	ASSERT_PROGRAM("prog", "-n", "5", "--trace", "t", "--", "x", "");
}

/* Without "--", the first non-option starts the program. */
static void test_program_without_separator(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-n", "4", "prog", "-n", "5", "-v"), 0);
	assert_int_equal(opt.variants, 4);
	assert_int_equal(mvx_verbose, 0);
	ASSERT_PROGRAM("prog", "-n", "5", "-v");
}

static void test_variant_paths_in_order(void **state)
{
	(void)state;
	assert_int_equal(PARSE("--variant", "/a", "-n", "3", "--variant", "/b",
			       "--variant=/c", "--", "prog"), 0);
	assert_int_equal(opt.variants, 3);
	assert_int_equal(opt.nvariant_paths, 3);
	assert_string_equal(opt.variant_paths[0], "/a");
	assert_string_equal(opt.variant_paths[1], "/b");
	assert_string_equal(opt.variant_paths[2], "/c");
	ASSERT_PROGRAM("prog");
}

static void test_other_options(void **state)
{
	(void)state;
	assert_int_equal(PARSE("--trace", "t.json", "--report=r.json", "--kmod",
			       "on", "--no-pin", "-v", "-v", "--", "prog"), 0);
	assert_string_equal(opt.trace_path, "t.json");
	assert_string_equal(opt.report_path, "r.json");
	assert_int_equal(opt.kmod, MVX_KMOD_ON);
	assert_false(opt.pin);
	assert_int_equal(mvx_verbose, 2);

	assert_int_equal(PARSE("--kmod=off", "-vv", "--", "prog"), 0);
	assert_int_equal(opt.kmod, MVX_KMOD_OFF);
	assert_true(opt.pin);
	assert_int_equal(mvx_verbose, 2);

	assert_int_equal(PARSE("--kmod", "on", "--kmod", "auto", "--", "p"), 0);
	assert_int_equal(opt.kmod, MVX_KMOD_AUTO);

	assert_int_equal(PARSE("--sync-agent", "off", "--", "p"), 0);
	assert_false(opt.sync_agent);
	assert_int_equal(PARSE("--sync-agent=off", "--sync-agent", "on", "--",
			       "p"), 0);
	assert_true(opt.sync_agent);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_return_codes),
		cmocka_unit_test(test_program_args_preserved),
		cmocka_unit_test(test_program_without_separator),
		cmocka_unit_test(test_variant_paths_in_order),
		cmocka_unit_test(test_other_options),
		cmocka_unit_test(test_messages),
#ifdef MVX_TEST_REGRESSIONS
		cmocka_unit_test(test_unknown_option_in_a_cluster),
		cmocka_unit_test(test_second_parse_starts_afresh),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
