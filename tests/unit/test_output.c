// SPDX-License-Identifier: GPL-2.0
/*
 * What mvx tells the user (user/output.c): JSON strings, the divergence
 * record in its text and JSON forms, and the --report file.  JSON is checked
 * with the strict validator of json_check.h (itself tested first) and, where
 * python3 is installed, parsed by python3's json module and its fields read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_mem.h"
#include "json_check.h"
#include "output.h"

#define P0 0x10000ULL
#define P1 0x7ffd00000000ULL
#define P2 0x5555000000ULL

/* Runs 'emit' into a memory stream; returns the text (caller frees). */
#define CAPTURE(var, emit)						\
	do {								\
		size_t capture_len_;					\
		FILE *out = open_memstream(&(var), &capture_len_);	\
									\
		assert_non_null(out);					\
		emit;							\
		assert_int_equal(fclose(out), 0);			\
	} while (0)

static int count_substr(const char *s, const char *sub)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, sub)); p += strlen(sub))
		n++;
	return n;
}

/* ---- the validator the other tests rely on ---- */

static void test_json_validator(void **state)
{
	static const char *const valid[] = {
		"0", "-1", "12.5e-3", "\"\"", "\"a\\\"b\\\\\\n\\u00ff\"",
		"true", "false", "null", "[]", "{}", " [1, \"x\", {\"k\": [null]}] ",
		"{\"a\":1,\"b\":{\"c\":[true,false]}}",
	};
	static const char *const invalid[] = {
		"", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\"}", "{a:1}", "[1 2]",
		"\"unterminated", "\"raw\ncontrol\"", "\"bad \\x escape\"",
		"\"\\u12\"", "01", "-", "1.", "1e", "tru", "[1]]", "{} {}",
		"\"\xc3\xa9\"", "'single'", "[\"a\",]",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (!json_valid(valid[i]))
			fail_msg("rejected valid [%s]", valid[i]);
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (json_valid(invalid[i]))
			fail_msg("accepted invalid [%s]", invalid[i]);
}

/* ---- mvx_json_string ---- */

static void test_json_string(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "\"\"" },
		{ "plain text", "\"plain text\"" },
		{ "a\"b", "\"a\\\"b\"" },
		{ "a\\b", "\"a\\\\b\"" },
		{ "\\\"", "\"\\\\\\\"\"" },
		{ "line\n", "\"line\\n\"" },
		{ "\t", "\"\\u0009\"" },
		{ "\r", "\"\\u000d\"" },
		{ "\x01\x1f", "\"\\u0001\\u001f\"" },
		{ "\x7f", "\"\\u007f\"" },
		{ "\xc3\xa9", "\"\\u00c3\\u00a9\"" },
		{ "\xff", "\"\\u00ff\"" },
		{ "/ ~", "\"/ ~\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got;

		CAPTURE(got, mvx_json_string(out, cases[i].in));
		if (strcmp(got, cases[i].out))
			fail_msg("case %zu: [%s], expected [%s]", i, got,
				 cases[i].out);
		assert_true(json_valid(got));
		free(got);
	}
}

/* Every byte value but NUL, in one string, makes valid ASCII JSON. */
static void test_json_string_every_byte(void **state)
{
	char in[256], *got;

	(void)state;
	for (int i = 1; i < 256; i++)
		in[i - 1] = (char)i;
	in[255] = '\0';
	CAPTURE(got, mvx_json_string(out, in));
	assert_true(json_valid(got));
	/* 1..0x1f but \n, and 0x7f..0xff, each as one \u escape */
	assert_int_equal(count_substr(got, "\\u00"), 30 + 129);
	assert_null(strstr(got, "\\u0000"));
	free(got);
}

/* ---- mvx_format_divergence ---- */

static struct fake_mem mem[3];
static struct mvx_call calls[3];

static const struct mvx_hist hist[] = {
	{ 40, SYS_openat, { (uint64_t)-100, 0x1000, 0 }, 3 },
	{ 41, SYS_read, { 3, 0x2000, 100 }, 100 },
};

static int setup(void **state)
{
	(void)state;
	for (int v = 0; v < 3; v++)
		fake_reset(&mem[v]);
	return 0;
}

static int teardown(void **state)
{
	return setup(state);
}

/* write(1, "hello", 5) in variant 0, write(1, "hellp", 5) in variant 1. */
static void write_calls(struct mvx_diff *diff)
{
	FAKE_CALL(&calls[0], SYS_write, &mem[0], 1,
		  fake_str(&mem[0], P0, "hello"), 5);
	FAKE_CALL(&calls[1], SYS_write, &mem[1], 1,
		  fake_str(&mem[1], P1, "hellp"), 5);
	assert_false(mvx_calls_match(calls, 2, diff));
	assert_int_equal(diff->arg, 1);
}

/* The line of 'text' that starts with 'prefix', copied; NULL if none. */
static char *line_starting(const char *text, const char *prefix)
{
	const char *p = text;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (!strncmp(p, prefix, strlen(prefix)))
			return strndup(p, len);
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static void assert_contains(const char *s, const char *sub)
{
	if (!strstr(s, sub))
		fail_msg("[%s] not found in:\n%s", sub, s);
}

static void test_divergence_text(void **state)
{
	struct mvx_diff diff;
	char *text, *line;

	(void)state;
	write_calls(&diff);
	CAPTURE(text, mvx_format_divergence(out, calls, 2, 42, 0, &diff,
					    "arguments differ", hist, 2,
					    false));

	line = line_starting(text, "mvx: divergence");
	assert_non_null(line);
	assert_string_equal(line, "mvx: divergence at call 42 (write) in group 0: arguments differ");
	assert_ptr_equal(strstr(text, line), text);	/* the first line */
	free(line);

	line = line_starting(text, "mvx:       ");	/* the header row */
	assert_non_null(line);
	assert_contains(line, "variant 0 (leader)");
	assert_contains(line, "variant 1");
	free(line);

	/* the differing row: marked, both values side by side */
	assert_int_equal(count_substr(text, "<-- differs"), 1);
	line = line_starting(text, "mvx: => arg1 ");
	assert_non_null(line);
	assert_non_null(strstr(line, "\"hello\""));
	assert_non_null(strstr(line, "\"hellp\""));
	assert_true(strstr(line, "\"hello\"") < strstr(line, "\"hellp\""));
	assert_non_null(strstr(line, "<-- differs"));
	free(line);
	line = line_starting(text, "mvx:    arg0 ");
	assert_non_null(line);
	assert_null(strstr(line, "differs"));
	assert_int_equal(count_substr(line, " 1 "), 2);
	free(line);
	line = line_starting(text, "mvx:    arg2 ");
	assert_non_null(line);
	assert_null(strstr(line, "differs"));
	free(line);

	/* the history, oldest first */
	assert_contains(text, "mvx: the last 2 calls before it:\n");
	assert_contains(text, "mvx:   #40 openat(0xffffffffffffff9c, 0x1000, 0x0, ...) = 3\n");
	assert_contains(text, "mvx:   #41 read(0x3, 0x2000, 0x64, ...) = 100\n");
	assert_true(strstr(text, "#40 openat") < strstr(text, "#41 read"));
	free(text);
}

/* No diff, no history: no marker, no history heading. */
static void test_divergence_text_without_diff(void **state)
{
	struct mvx_diff diff;
	char *text;

	(void)state;
	write_calls(&diff);
	CAPTURE(text, mvx_format_divergence(out, calls, 2, 7, 3, NULL, NULL,
					    NULL, 0, false));
	assert_contains(text, "mvx: divergence at call 7 (write) in group 3: \n");
	assert_null(strstr(text, "<-- differs"));
	assert_null(strstr(text, "=>"));
	assert_null(strstr(text, "the last"));
	free(text);
}

/* Different calls: each variant's own name and arguments. */
static void test_divergence_text_different_calls(void **state)
{
	struct mvx_diff diff;
	char *text, *line;

	(void)state;
	FAKE_CALL(&calls[0], SYS_write, &mem[0], 1,
		  fake_str(&mem[0], P0, "hello"), 5);
	FAKE_CALL(&calls[1], SYS_getpid, &mem[1], 0);
	FAKE_CALL(&calls[2], 400, &mem[2], 11, 22, 33, 44, 55, 66);
	assert_false(mvx_calls_match(calls, 3, &diff));
	assert_int_equal(diff.arg, -1);
	CAPTURE(text, mvx_format_divergence(out, calls, 3, 1, 0, &diff,
					    "different system calls", NULL, 0,
					    false));
	line = line_starting(text, "mvx:   call ");
	assert_non_null(line);
	assert_contains(line, "write");
	assert_contains(line, "getpid");
	assert_contains(line, "syscall_400");
	free(line);
	assert_contains(text, "variant 2");
	line = line_starting(text, "mvx:    arg5 ");	/* only the unknown call's */
	assert_non_null(line);
	assert_contains(line, "66");
	free(line);
	assert_null(strstr(text, "<-- differs"));
	free(text);
}

static void test_divergence_json(void **state)
{
	struct mvx_diff diff;
	char *json;

	(void)state;
	write_calls(&diff);
	CAPTURE(json, mvx_format_divergence(out, calls, 2, 42, 0, &diff,
					    "arguments \"differ\"\n", hist, 2,
					    true));
	if (!json_valid(json))
		fail_msg("invalid JSON: %s", json);
	assert_int_equal(json[0], '{');
	assert_contains(json, "\"seq\":42,");
	assert_contains(json, "\"group\":0,");
	assert_contains(json, "\"syscall\":\"write\",");
	assert_contains(json, "\"reason\":\"arguments \\\"differ\\\"\\n\"");
	assert_contains(json, "\"diverging_variant\":1,");
	assert_contains(json, "\"diverging_arg\":1,");
	assert_contains(json, "{\"variant\":0,\"syscall\":\"write\",\"args\":[1,\"hello\",5]}");
	assert_contains(json, "{\"variant\":1,\"syscall\":\"write\",\"args\":[1,\"hellp\",5]}");
	assert_contains(json, "\"history\":[{\"seq\":40,\"syscall\":\"openat\",\"ret\":3},{\"seq\":41,\"syscall\":\"read\",\"ret\":100}]");
	free(json);
}

static void test_divergence_json_without_diff(void **state)
{
	struct mvx_diff diff;
	char *json;

	(void)state;
	write_calls(&diff);
	FAKE_CALL(&calls[1], 400, &mem[1], 1, 2, 3);
	CAPTURE(json, mvx_format_divergence(out, calls, 2, 0, 5, NULL, NULL,
					    NULL, 0, true));
	if (!json_valid(json))
		fail_msg("invalid JSON: %s", json);
	assert_contains(json, "\"reason\":\"\"");
	assert_contains(json, "\"diverging_variant\":-1,\"diverging_arg\":-1");
	assert_contains(json, "{\"variant\":1,\"syscall\":\"syscall_400\",\"args\":[1,2,3,0,0,0]}");
	assert_contains(json, "\"history\":[]");
	free(json);
}

/* A call not stopped at its end (MVX_DISP_OWN) has no result to show. */
static void test_divergence_history_result_unknown(void **state)
{
	static const struct mvx_hist own[] = {
		{ 50, SYS_mprotect, { 0x3000, 4096, 1 }, 0, true },
		{ 51, SYS_read, { 3, 0x2000, 100 }, 7, false },
	};
	struct mvx_diff diff;
	char *json, *text;

	(void)state;
	write_calls(&diff);
	CAPTURE(text, mvx_format_divergence(out, calls, 2, 52, 0, &diff,
					    "why", own, 2, false));
	assert_contains(text, "mvx:   #50 mprotect(0x3000, 0x1000, 0x1, ...) = ?\n");
	assert_contains(text, "mvx:   #51 read(0x3, 0x2000, 0x64, ...) = 7\n");
	free(text);
	CAPTURE(json, mvx_format_divergence(out, calls, 2, 52, 0, &diff,
					    "why", own, 2, true));
	if (!json_valid(json))
		fail_msg("invalid JSON: %s", json);
	assert_contains(json, "\"history\":[{\"seq\":50,\"syscall\":\"mprotect\",\"ret\":null},{\"seq\":51,\"syscall\":\"read\",\"ret\":7}]");
	free(json);
}

/* Hostile memory: control bytes, quotes, unreadable and NULL pointers. */
static void test_divergence_json_hostile_args(void **state)
{
	static const char nasty[] = "\"\\\x01\x7f\xff\n{}[],:";
	struct mvx_diff diff;
	char *json, *text;

	(void)state;
	FAKE_CALL(&calls[0], SYS_openat, &mem[0], 3,
		  fake_map(&mem[0], P0, nasty, sizeof(nasty) - 1), 0, 0);
	FAKE_CALL(&calls[1], SYS_openat, &mem[1], 3, 0, 0, 0);
	FAKE_CALL(&calls[2], SYS_openat, &mem[2], 3, P2, 0, 0);
	memset(&diff, 0, sizeof(diff));
	diff.variant = 1;
	diff.arg = 1;
	CAPTURE(json, mvx_format_divergence(out, calls, 3, 9, 1, &diff, nasty,
					    hist, 2, true));
	if (!json_valid(json))
		fail_msg("invalid JSON: %s", json);
	free(json);
	CAPTURE(text, mvx_format_divergence(out, calls, 3, 9, 1, &diff,
					    "why", hist, 2, false));
	assert_contains(text, "NULL");
	assert_contains(text, "0x5555000000 (unreadable)");
	free(text);
}

/* Runs python3 on 'script' with 'path' as argv[1]; -1 without python3. */
static int python_check(const char *script, const char *path)
{
	char cmd[4096];
	int st;

	if (system("command -v python3 >/dev/null 2>&1") != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "python3 -c '%s' '%s'", script, path);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

static char tmpdir[] = "/tmp/mvx-test-output.XXXXXX";

static int group_setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	char cmd[256];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *path_in_tmp(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(s, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	buf = calloc(1, len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, len, f), len);
	fclose(f);
	return buf;
}

/* A real JSON parser reads the record and finds its fields. */
static void test_divergence_json_python(void **state)
{
	struct mvx_diff diff;
	char *json;
	const char *path = path_in_tmp("divergence.json");
	int rc;

	(void)state;
	write_calls(&diff);
	CAPTURE(json, mvx_format_divergence(out, calls, 2, 42, 0, &diff,
					    "arguments differ", hist, 2, true));
	write_file(path, json);
	free(json);
	rc = python_check(
		"import json, sys\n"
		"d = json.load(open(sys.argv[1]))\n"
		"assert d[\"seq\"] == 42 and d[\"group\"] == 0\n"
		"assert d[\"syscall\"] == \"write\"\n"
		"assert d[\"diverging_variant\"] == 1 and d[\"diverging_arg\"] == 1\n"
		"assert [v[\"args\"] for v in d[\"variants\"]] == "
		"[[1, \"hello\", 5], [1, \"hellp\", 5]]\n"
		"assert [(h[\"seq\"], h[\"syscall\"], h[\"ret\"]) for h in d[\"history\"]] == "
		"[(40, \"openat\", 3), (41, \"read\", 100)]\n",
		path);
	if (rc < 0)
		skip();
	assert_int_equal(rc, 0);
}

/* ---- mvx_action_name, mvx_output_report ---- */

static void test_action_names(void **state)
{
	(void)state;
	assert_string_equal(mvx_action_name(MVX_ACT_EXECUTED), "executed");
	assert_string_equal(mvx_action_name(MVX_ACT_REPLICATED), "replicated");
	assert_string_equal(mvx_action_name(MVX_ACT_EXECUTED_BY_ALL),
			    "executed-by-all");
	assert_string_equal(mvx_action_name(MVX_ACT_DIVERGED), "diverged");
	assert_string_equal(mvx_action_name(MVX_ACT_BY_MONITOR),
			    "executed-by-monitor");
	assert_string_equal(mvx_action_name(MVX_ACT_COUNT), "?");
	for (int a = 0; a < MVX_ACT_COUNT; a++) {
		assert_non_null(mvx_action_name(a));
		assert_string_not_equal(mvx_action_name(a), "?");
		for (int b = 0; b < a; b++)
			assert_string_not_equal(mvx_action_name(a),
						mvx_action_name(b));
	}
}

static struct mvx_options opt;
static struct mvx_session sess;

static void session_init(int variants, int status)
{
	memset(&opt, 0, sizeof(opt));
	opt.variants = variants;
	memset(&sess, 0, sizeof(sess));
	sess.opt = &opt;
	sess.exit_status = status;
	for (int a = 0; a < MVX_ACT_COUNT; a++)
		sess.counts[a] = 1000 * (a + 1) + a;
}

/* The counts object as the report must write it, from the action names. */
static char *expected_counts(void)
{
	char *s = NULL;
	size_t len;
	FILE *out = open_memstream(&s, &len);

	assert_non_null(out);
	fputs("\"counts\":{", out);
	for (int a = 0; a < MVX_ACT_COUNT; a++)
		fprintf(out, "%s\"%s\":%d", a ? "," : "", mvx_action_name(a),
			1000 * (a + 1) + a);
	fputc('}', out);
	assert_int_equal(fclose(out), 0);
	return s;
}

static void test_report_with_divergence(void **state)
{
	const char *path = path_in_tmp("report.json");
	struct mvx_diff diff;
	char *div, *report, *counts, *tail;
	int rc;

	(void)state;
	write_calls(&diff);
	CAPTURE(div, mvx_format_divergence(out, calls, 2, 42, 0, &diff,
					   "arguments differ", hist, 2, true));
	session_init(3, 125);
	sess.divergence_json = div;
	assert_true(mvx_output_report(&sess, path));

	report = read_file(path);
	if (!json_valid(report))
		fail_msg("invalid JSON: %s", report);
	assert_contains(report, "{\"variants\":3,\"exit_status\":125,\"diverged\":true,");
	counts = expected_counts();
	assert_contains(report, counts);
	if (asprintf(&tail, ",\"divergence\":%s}\n", div) < 0)
		fail();
	assert_int_equal(strlen(report) >= strlen(tail), 1);
	assert_string_equal(report + strlen(report) - strlen(tail), tail);
	assert_null(strstr(report, "\"failure\""));

	rc = python_check(
		"import json, sys\n"
		"d = json.load(open(sys.argv[1]))\n"
		"assert d[\"variants\"] == 3 and d[\"exit_status\"] == 125\n"
		"assert d[\"diverged\"] is True\n"
		"assert d[\"counts\"][\"executed\"] == 1000\n"
		"assert d[\"counts\"][\"replicated\"] == 2001\n"
		"assert d[\"divergence\"][\"seq\"] == 42\n",
		path);
	free(tail);
	free(counts);
	free(report);
	free(div);
	if (rc < 0)
		skip();
	assert_int_equal(rc, 0);
}

static void test_report_without_divergence(void **state)
{
	const char *path = path_in_tmp("report-clean.json");
	char *report, *counts;

	(void)state;
	session_init(2, 0);
	assert_true(mvx_output_report(&sess, path));
	report = read_file(path);
	if (!json_valid(report))
		fail_msg("invalid JSON: %s", report);
	assert_contains(report, "{\"variants\":2,\"exit_status\":0,\"diverged\":false,");
	counts = expected_counts();
	assert_contains(report, counts);
	assert_null(strstr(report, "\"divergence\""));
	assert_null(strstr(report, "\"failure\""));
	assert_int_equal(report[strlen(report) - 1], '\n');
	free(counts);
	free(report);
}

static void test_report_with_failure(void **state)
{
	const char *path = path_in_tmp("report-failure.json");
	char *report;

	(void)state;
	session_init(4, 125);
	sess.failure_json = strdup("{\"seq\":3,\"group\":0,\"failure\":\"cannot read\"}");
	assert_true(mvx_output_report(&sess, path));
	report = read_file(path);
	if (!json_valid(report))
		fail_msg("invalid JSON: %s", report);
	assert_contains(report, "\"variants\":4,\"exit_status\":125,\"diverged\":false,");
	assert_contains(report, ",\"failure\":{\"seq\":3,\"group\":0,\"failure\":\"cannot read\"}}\n");
	free(sess.failure_json);
	free(report);
}

/* A report that cannot be written says so (on stderr) and returns false. */
static void test_report_unwritable(void **state)
{
	(void)state;
	session_init(2, 0);
	assert_false(mvx_output_report(&sess, path_in_tmp("no/such/dir/r.json")));
}

/* A report replaces what was there. */
static void test_report_truncates(void **state)
{
	const char *path = path_in_tmp("report-old.json");
	char *report, *old;

	(void)state;
	old = calloc(1, 100000);
	assert_non_null(old);
	memset(old, 'x', 99999);
	write_file(path, old);
	free(old);
	session_init(2, 3);
	assert_true(mvx_output_report(&sess, path));
	report = read_file(path);
	assert_true(json_valid(report));
	assert_null(strstr(report, "xx"));
	free(report);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_json_validator),
		T(test_json_string),
		T(test_json_string_every_byte),
		T(test_divergence_text),
		T(test_divergence_text_without_diff),
		T(test_divergence_text_different_calls),
		T(test_divergence_json),
		T(test_divergence_json_without_diff),
		T(test_divergence_history_result_unknown),
		T(test_divergence_json_hostile_args),
		T(test_divergence_json_python),
		T(test_action_names),
		T(test_report_with_divergence),
		T(test_report_without_divergence),
		T(test_report_with_failure),
		T(test_report_unwritable),
		T(test_report_truncates),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
