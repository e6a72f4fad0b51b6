// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the comparator, the argument renderer and the output
 * copier (user/call.c): 2..4 variants at one system call with arbitrary
 * numbers, register values and memory (fuzz_input.h).  A follower is built
 * from its own bytes, as an exact copy of the leader, or as a copy with a
 * few bytes or registers changed, so that the fuzzer reaches both the
 * matching and the differing paths of every argument kind.  The descriptor
 * is the table's, or the one the ioctl handler builds from a request
 * (a STRUCT_IN/OUT/INOUT of up to 16383 bytes in argument 2).
 *
 * Besides the sanitizers' checks, it aborts when:
 * - variants that are exact copies of the leader do not match;
 * - a mismatch names no follower, an argument out of range, or an
 *   unterminated description;
 * - a rendering is not terminated within its buffer, or, at the trace's
 *   buffer size, the JSON rendering is not one JSON value;
 * - copying outputs writes into the leader's memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "call.h"
#include "fuzz_input.h"
#include "../unit/json_check.h"

#define MAXV 4

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_call: %s\n", what);
	abort();
}

static void clone_mem(struct fake_mem *dst, const struct fake_mem *src)
{
	for (int i = 0; i < src->n; i++)
		fake_map(dst, src->r[i].addr, src->r[i].bytes, src->r[i].len);
}

static void check_format(const struct mvx_call *c, struct fz *z)
{
	char out[256];
	size_t len = 1 + fz_u8(z);	/* 1..256 */

	for (int i = 0; i < MVX_MAX_ARGS; i++) {
		for (int json = 0; json < 2; json++) {
			memset(out, 0x55, sizeof(out));
			mvx_format_arg(c, i, out, len, json);
			if (!memchr(out, '\0', len))
				fail("mvx_format_arg: not terminated");
			mvx_format_arg(c, i, out, sizeof(out), json);
			if (!memchr(out, '\0', sizeof(out)))
				fail("mvx_format_arg: not terminated");
			if (json && !json_valid(out)) {
				fprintf(stderr, "arg %d: %s\n", i, out);
				fail("mvx_format_arg: invalid JSON");
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz z = { data, size };
	struct fake_mem f[MAXV];
	struct mvx_call c[MAXV];
	struct mvx_syscall_desc ioctl_desc;
	const struct mvx_syscall_desc *desc;
	struct mvx_diff diff;
	uint8_t head = fz_u8(&z);
	int n = 2 + head % (MAXV - 1);
	long nr = fz_nr(&z);
	uint32_t arch = head & 0x80 ? 0x40000003U /* i386 */ : MVX_ARCH_X86_64;
	bool copies = true;
	long ret;

	memset(f, 0, sizeof(f));
	desc = arch == MVX_ARCH_X86_64 ? mvx_syscall_lookup(nr) : NULL;
	if ((head & 0x60) == 0x60 && mvx_syscall_lookup(SYS_ioctl)) {
		uint16_t r = fz_u16(&z);	/* direction and size */

		ioctl_desc = *mvx_syscall_lookup(SYS_ioctl);
		ioctl_desc.args[2].kind = (r & 3) == 0 ? MVX_ARG_INT :
			(r & 3) == 1 ? MVX_ARG_STRUCT_IN :
			(r & 3) == 2 ? MVX_ARG_STRUCT_OUT :
				       MVX_ARG_STRUCT_INOUT;
		ioctl_desc.args[2].size = (r >> 2) & 0x3fff;
		nr = SYS_ioctl;
		arch = MVX_ARCH_X86_64;
		desc = &ioctl_desc;
	}

	for (int k = 0; k < n; k++) {
		uint8_t mode = k ? fz_u8(&z) % 3 : 0;

		memset(&c[k], 0, sizeof(c[k]));
		c[k].nr = nr;
		c[k].arch = arch;
		c[k].desc = desc;
		c[k].mem = fake_mem_of(&f[k]);
		if (mode == 0) {
			fz_memory(&z, &f[k], 0x10000000ULL * (k + 1));
			for (int i = 0; i < MVX_MAX_ARGS; i++)
				c[k].args[i] = fz_reg(&z, &f[k]);
			copies = k == 0;
			continue;
		}
		clone_mem(&f[k], &f[0]);
		memcpy(c[k].args, c[0].args, sizeof(c[k].args));
		if (mode == 1)
			continue;
		copies = false;
		for (int m = fz_u8(&z) % 4; m >= 0; m--) {
			uint8_t what = fz_u8(&z);

			if ((what & 1) || f[k].n == 0) {
				c[k].args[what / 2 % MVX_MAX_ARGS] ^=
					(uint64_t)1 << (fz_u8(&z) % 64);
			} else {
				struct fake_region *r = &f[k].r[what / 2 % f[k].n];

				r->bytes[fz_u16(&z) % r->len] ^= 1 + fz_u8(&z) % 255;
			}
		}
	}

	memset(&diff, 0, sizeof(diff));
	if (mvx_calls_match(c, n, &diff)) {
		/* nothing to check beyond the sanitizers */
	} else {
		if (copies)
			fail("identical variants do not match");
		if (diff.variant < 1 || diff.variant >= n)
			fail("mismatch names no follower");
		if (diff.arg < -1 || diff.arg >= MVX_MAX_ARGS)
			fail("mismatch names no argument");
		if (!memchr(diff.what, '\0', sizeof(diff.what)))
			fail("mismatch description not terminated");
	}

	for (int k = 0; k < n; k++)
		check_format(&c[k], &z);

	ret = (long)fz_reg(&z, &f[0]);
	if (fz_u8(&z) & 1)
		ret = (long)(fz_u16(&z) % 8192);
	f[0].writes = 0;
	for (int k = 1; k < n; k++)
		mvx_copy_outputs(&c[0], &c[k], ret, &diff);
	if (f[0].writes)
		fail("mvx_copy_outputs wrote into the leader");

	for (int k = 0; k < n; k++)
		fake_reset(&f[k]);
	return 0;
}
