// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the trace and report writers (user/output.c):
 * mvx_json_string with arbitrary bytes, and mvx_format_divergence with
 * 1..4 variants' arbitrary calls (numbers, architectures, registers and
 * memory as in fuzz_call.c), an arbitrary difference, reason and history.
 *
 * Besides the sanitizers' checks, it aborts when the JSON string or the
 * JSON divergence record is not exactly one valid JSON value (the strict
 * validator of tests/unit/json_check.h), or when the text record has a line
 * that does not start with "mvx: ".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "fuzz_input.h"
#include "../unit/json_check.h"

#define MAXV 4

static void fail(const char *what, const char *text)
{
	fprintf(stderr, "fuzz_output: %s:\n%s\n", what, text ? text : "");
	abort();
}

/* An arbitrary NUL-terminated string of up to 'max' bytes, malloc'd. */
static char *fz_string(struct fz *z, size_t max)
{
	size_t len = fz_u16(z) % (max + 1);
	char *s = calloc(1, len + 1);

	if (!s)
		abort();
	fz_bytes(z, s, len);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz z = { data, size };
	struct fake_mem f[MAXV];
	struct mvx_call c[MAXV];
	struct mvx_hist hist[MVX_HISTORY];
	struct mvx_diff diff;
	uint8_t head = fz_u8(&z);
	int n = 1 + head % MAXV;
	unsigned int nh = fz_u8(&z) % (MVX_HISTORY + 1);
	char *s = fz_string(&z, 4096), *why = fz_string(&z, 512);
	char *out = NULL;
	size_t len = 0;
	FILE *m;

	/* the reason is the monitor's text, one line */
	for (char *p = why; *p; p++)
		if (*p == '\n')
			*p = ' ';

	/* a JSON string */
	m = open_memstream(&out, &len);
	if (!m)
		abort();
	mvx_json_string(m, s);
	fclose(m);
	if (!json_valid(out))
		fail("mvx_json_string: invalid JSON", out);
	free(out);

	memset(f, 0, sizeof(f));
	for (int k = 0; k < n; k++) {
		memset(&c[k], 0, sizeof(c[k]));
		c[k].nr = fz_nr(&z);
		c[k].arch = fz_u8(&z) & 1 ? 0x40000003U : MVX_ARCH_X86_64;
		c[k].desc = c[k].arch == MVX_ARCH_X86_64 ?
			mvx_syscall_lookup(c[k].nr) : NULL;
		c[k].mem = fake_mem_of(&f[k]);
		fz_memory(&z, &f[k], 0x10000000ULL * (k + 1));
		for (int i = 0; i < MVX_MAX_ARGS; i++)
			c[k].args[i] = fz_reg(&z, &f[k]);
	}
	memset(&diff, 0, sizeof(diff));
	diff.variant = (int)(int8_t)fz_u8(&z);
	diff.arg = (int)(int8_t)fz_u8(&z);
	diff.offset = fz_u64(&z);
	fz_bytes(&z, diff.what, sizeof(diff.what) - 1);
	for (unsigned int h = 0; h < nh; h++) {
		hist[h].seq = fz_u64(&z);
		hist[h].nr = fz_nr(&z);
		for (int i = 0; i < MVX_MAX_ARGS; i++)
			hist[h].args[i] = fz_u64(&z);
		hist[h].ret = (long)fz_u64(&z);
		hist[h].ret_unknown = fz_u8(&z) & 1;
	}

	for (int json = 0; json < 2; json++) {
		uint64_t seq = fz_u64(&z);
		int group = (int)fz_u64(&z);

		out = NULL;
		m = open_memstream(&out, &len);
		if (!m)
			abort();
		mvx_format_divergence(m, c, n, seq, group,
				      head & 0x80 ? NULL : &diff,
				      head & 0x40 ? NULL : why, hist, nh, json);
		fclose(m);
		if (strlen(out) != len)
			fail("divergence record holds a NUL", out);
		if (json && !json_valid(out))
			fail("divergence record: invalid JSON", out);
		if (!json) {
			for (char *l = out; *l; l = strchr(l, '\n') + 1) {
				if (strncmp(l, "mvx: ", 5))
					fail("divergence text: a line without \"mvx: \"",
					     out);
				if (!strchr(l, '\n'))
					fail("divergence text: no final newline",
					     out);
			}
		}
		free(out);
	}

	for (int k = 0; k < n; k++)
		fake_reset(&f[k]);
	free(s);
	free(why);
	return 0;
}
