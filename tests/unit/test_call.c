// SPDX-License-Identifier: GPL-2.0
/*
 * The argument comparator, the output copier and the argument renderer
 * (user/call.c) on fake variant memory (fake_mem.h), with the real table's
 * descriptors.  Variant 0 keeps its data around P0, variant 1 around P1, so
 * every by-content comparison is also a "different addresses" one.
 *
 * The program is linked with -Wl,--wrap=malloc: call.o's allocations are
 * counted, so a test can say that a huge length or count a variant hands the
 * monitor costs no memory.
 *
 * Built with -DMVX_TEST_REGRESSIONS it runs only the cases of bugs found in
 * user/call.c and fixed (tests/unit/unit.mk: test_call_regressions).
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <cmocka.h>

#include "call.h"
#include "fake_mem.h"
#include "json_check.h"

#define P0 0x10000ULL		/* variant 0's data */
#define P1 0x7ffd00000000ULL	/* variant 1's data */
#define P2 0x5555000000ULL	/* variant 2's data */
#define TIB (1ULL << 40)

/* ---- call.o's allocations, through -Wl,--wrap=malloc ---- */

void *__real_malloc(size_t size);
void *__wrap_malloc(size_t size);

static unsigned long malloc_calls;
static size_t malloc_largest;

void *__wrap_malloc(size_t size)
{
	malloc_calls++;
	if (size > malloc_largest)
		malloc_largest = size;
	return __real_malloc(size);
}

/* ---- fixture: up to three variants and the last diff ---- */

static struct fake_mem mem[3];
static struct mvx_call calls[3];
static struct mvx_diff diff;

static int setup(void **state)
{
	(void)state;
	for (int v = 0; v < 3; v++)
		fake_reset(&mem[v]);
	memset(calls, 0, sizeof(calls));
	return 0;
}

static int teardown(void **state)
{
	return setup(state);
}

/* Compares the first 'n' calls with 'diff' poisoned beforehand. */
static bool match_n(int n)
{
	memset(&diff, 0x5a, sizeof(diff));
	diff.what[0] = '\0';
	return mvx_calls_match(calls, n, &diff);
}

static bool match2(void)
{
	return match_n(2);
}

#ifndef MVX_TEST_REGRESSIONS

static void malloc_count_reset(void)
{
	malloc_calls = 0;
	malloc_largest = 0;
}

static void assert_diff(int variant, int arg, size_t offset)
{
	assert_int_equal(diff.variant, variant);
	assert_int_equal(diff.arg, arg);
	assert_int_equal(diff.offset, offset);
}

/* ---- table-driven comparisons of two variants ---- */

struct region_init {
	mvx_addr addr;
	const char *bytes;
	size_t len;
};

/* A region holding a string literal with its NUL (S) or without it (B). */
#define S(a, s) { (a), (s), sizeof(s) }
#define B(a, s) { (a), (s), sizeof(s) - 1 }

struct match_case {
	const char *name;
	long nr;
	uint64_t args[2][MVX_MAX_ARGS];
	struct region_init mem[2][4];
	bool match;
	int arg;		/* when !match: the argument reported */
	long offset;		/* when !match: the offset, or -1 */
};

#define U(x) ((uint64_t)(int64_t)(x))

static const struct match_case match_cases[] = {
	/* write(fd, buf, count): BUF_IN compared by content */
	{ "write: equal bytes at different addresses", SYS_write,
	  { { 1, P0, 5 }, { 1, P1, 5 } },
	  { { S(P0, "hello") }, { S(P1, "hello") } }, true, 0, 0 },
	{ "write: content differs at byte 4", SYS_write,
	  { { 1, P0, 5 }, { 1, P1, 5 } },
	  { { S(P0, "hello") }, { S(P1, "hellp") } }, false, 1, 4 },
	{ "write: bytes past the count are not compared", SYS_write,
	  { { 1, P0, 3 }, { 1, P1, 3 } },
	  { { S(P0, "helXX") }, { S(P1, "helYY") } }, true, 0, 0 },
	{ "write: descriptor differs (arg 0)", SYS_write,
	  { { 1, P0, 5 }, { 2, P1, 5 } },
	  { { S(P0, "hello") }, { S(P1, "hello") } }, false, 0, 0 },
	{ "write: count differs, reported before the content", SYS_write,
	  { { 1, P0, 5 }, { 1, P1, 4 } },
	  { { S(P0, "hello") }, { S(P1, "jello") } }, false, 2, 0 },
	{ "write: NULL vs non-NULL buffer", SYS_write,
	  { { 1, 0, 5 }, { 1, P1, 5 } },
	  { { { 0 } }, { S(P1, "hello") } }, false, 1, 0 },
	{ "write: both buffers NULL", SYS_write,
	  { { 1, 0, 5 }, { 1, 0, 5 } }, { { { 0 } } }, true, 0, 0 },
	{ "write: both buffers unmapped", SYS_write,
	  { { 1, P0, 5 }, { 1, P1, 5 } }, { { { 0 } } }, true, 0, 0 },
	{ "write: mapped vs unmapped buffer", SYS_write,
	  { { 1, P0, 5 }, { 1, P1, 5 } },
	  { { S(P0, "hello") }, { { 0 } } }, false, 1, 0 },
	{ "write: buffers end at different offsets", SYS_write,
	  { { 1, P0, 5 }, { 1, P1, 5 } },
	  { { B(P0, "abc") }, { B(P1, "abcde") } }, false, 1, 3 },
	{ "write: both end at the same offset, equal prefixes", SYS_write,
	  { { 1, P0, 100 }, { 1, P1, 100 } },
	  { { B(P0, "abc") }, { B(P1, "abc") } }, true, 0, 0 },
	{ "write: both end at the same offset, prefixes differ", SYS_write,
	  { { 1, P0, 100 }, { 1, P1, 100 } },
	  { { B(P0, "abc") }, { B(P1, "abd") } }, false, 1, 2 },
	{ "write: adjacent regions read as one buffer", SYS_write,
	  { { 1, P0, 6 }, { 1, P1, 6 } },
	  { { B(P0, "abc"), B(P0 + 3, "def") }, { B(P1, "abcdeX") } },
	  false, 1, 5 },

	/* open(path, flags, mode), openat(dirfd, path, ...): PATH */
	{ "open: equal paths at different addresses", SYS_open,
	  { { P0, O_RDONLY, 0 }, { P1, O_RDONLY, 0 } },
	  { { S(P0, "/etc/passwd") }, { S(P1, "/etc/passwd") } },
	  true, 0, 0 },
	{ "open: paths differ at byte 5", SYS_open,
	  { { P0, O_RDONLY, 0 }, { P1, O_RDONLY, 0 } },
	  { { S(P0, "/etc/passwd") }, { S(P1, "/etc/shadow") } },
	  false, 0, 5 },
	{ "openat: the path is argument 1", SYS_openat,
	  { { U(AT_FDCWD), P0, O_RDONLY }, { U(AT_FDCWD), P1, O_RDONLY } },
	  { { S(P0, "/tmp/a") }, { S(P1, "/tmp/b") } }, false, 1, 5 },
	{ "openat: dirfd differs", SYS_openat,
	  { { U(AT_FDCWD), P0, O_RDONLY }, { 3, P1, O_RDONLY } },
	  { { S(P0, "a") }, { S(P1, "a") } }, false, 0, 0 },
	{ "open: bytes after the NUL are not compared", SYS_open,
	  { { P0, O_RDONLY, 0 }, { P1, O_RDONLY, 0 } },
	  { { B(P0, "/tmp/x\0GARBAGE") }, { B(P1, "/tmp/x\0junk!!!") } },
	  true, 0, 0 },
	{ "open: NULL vs non-NULL path", SYS_open,
	  { { 0, O_RDONLY, 0 }, { P1, O_RDONLY, 0 } },
	  { { { 0 } }, { S(P1, "/tmp/x") } }, false, 0, 0 },
	{ "open: both paths NULL", SYS_open,
	  { { 0, O_RDONLY, 0 }, { 0, O_RDONLY, 0 } }, { { { 0 } } },
	  true, 0, 0 },
	{ "open: both paths unmapped", SYS_open,
	  { { P0, O_RDONLY, 0 }, { P1, O_RDONLY, 0 } }, { { { 0 } } },
	  true, 0, 0 },
	{ "open: unterminated, both fault at the same offset", SYS_open,
	  { { P0, O_RDONLY, 0 }, { P1, O_RDONLY, 0 } },
	  { { B(P0, "/tmp/aaaa") }, { B(P1, "/tmp/aaaa") } }, true, 0, 0 },
	{ "open: unterminated, same length, content differs", SYS_open,
	  { { P0, O_RDONLY, 0 }, { P1, O_RDONLY, 0 } },
	  { { B(P0, "/tmp/aaaa") }, { B(P1, "/tmp/abaa") } }, false, 0, 6 },
	{ "open: unterminated, fault at different offsets", SYS_open,
	  { { P0, O_RDONLY, 0 }, { P1, O_RDONLY, 0 } },
	  { { B(P0, "/tmp/aaaaaa") }, { B(P1, "/tmp/aaaa") } },
	  false, 0, -1 },
	{ "open: terminated vs unterminated", SYS_open,
	  { { P0, O_RDONLY, 0 }, { P1, O_RDONLY, 0 } },
	  { { S(P0, "/tmp/a") }, { B(P1, "/tmp/a") } }, false, 0, -1 },
	{ "open: paths of different lengths", SYS_open,
	  { { P0, O_RDONLY, 0 }, { P1, O_RDONLY, 0 } },
	  { { S(P0, "/tmp/a") }, { S(P1, "/tmp/ab") } }, false, 0, -1 },
	{ "open: flags differ (arg 1)", SYS_open,
	  { { P0, O_RDONLY, 0 }, { P1, O_RDWR, 0 } },
	  { { S(P0, "/tmp/a") }, { S(P1, "/tmp/a") } }, false, 1, 0 },

	/* mmap(addr, ...): ADDR by NULL-ness */
	{ "mmap: hints differ, both non-NULL", SYS_mmap,
	  { { 0x7f0000000000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
	      U(-1), 0 },
	    { 0x7f1234560000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
	      U(-1), 0 } }, { { { 0 } } }, true, 0, 0 },
	{ "mmap: NULL vs non-NULL hint", SYS_mmap,
	  { { 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, U(-1), 0 },
	    { 0x7f1234560000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
	      U(-1), 0 } }, { { { 0 } } }, false, 0, 0 },
	{ "mmap: length differs (arg 1)", SYS_mmap,
	  { { 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, U(-1), 0 },
	    { 0, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, U(-1), 0 } },
	  { { { 0 } } }, false, 1, 0 },

	/* read(fd, buf, count): BUF_OUT by NULL-ness */
	{ "read: output buffers' contents are not compared", SYS_read,
	  { { 0, P0, 5 }, { 0, P1, 5 } },
	  { { S(P0, "aaaaa") }, { S(P1, "bbbbb") } }, true, 0, 0 },
	{ "read: NULL vs non-NULL output buffer", SYS_read,
	  { { 0, P0, 5 }, { 0, 0, 5 } }, { { { 0 } } }, false, 1, 0 },
};

#define N_MATCH_CASES (sizeof(match_cases) / sizeof(match_cases[0]))

static void map_regions(struct fake_mem *f, const struct region_init *r,
			int n)
{
	for (int i = 0; i < n && r[i].bytes; i++)
		fake_map(f, r[i].addr, r[i].bytes, r[i].len);
}

static void run_match_case(void **state)
{
	const struct match_case *tc = *state;
	bool got;

	for (int v = 0; v < 2; v++) {
		map_regions(&mem[v], tc->mem[v], 4);
		fake_call(&calls[v], tc->nr, &mem[v], tc->args[v]);
	}
	assert_non_null(calls[0].desc);
	got = match2();
	if (got != tc->match)
		fail_msg("%s: got %s (arg %d, %s), expected %s", tc->name,
			 got ? "match" : "mismatch", diff.arg, diff.what,
			 tc->match ? "match" : "mismatch");
	if (tc->match)
		return;
	assert_int_equal(diff.variant, 1);
	if (diff.arg != tc->arg)
		fail_msg("%s: arg %d reported, expected %d", tc->name,
			 diff.arg, tc->arg);
	if (tc->offset >= 0 && diff.offset != (size_t)tc->offset)
		fail_msg("%s: offset %zu reported, expected %ld", tc->name,
			 diff.offset, tc->offset);
}

/* ---- the call itself ---- */

static void test_different_numbers(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], SYS_write, &mem[0], 1, 0, 0);
	FAKE_CALL(&calls[1], SYS_read, &mem[1], 1, 0, 0);
	assert_false(match2());
	assert_diff(1, -1, 0);
	assert_string_equal(diff.what, "different system call");
}

static void test_different_arch(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], SYS_getpid, &mem[0], 0);
	FAKE_CALL(&calls[1], SYS_getpid, &mem[1], 0);
	calls[1].arch = 0x40000003U;	/* AUDIT_ARCH_I386 */
	assert_false(match2());
	assert_diff(1, -1, 0);
}

/* A number the kernel does not define is compared by number only. */
static void test_unknown_number(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], 400, &mem[0], 1, 2, 3);
	FAKE_CALL(&calls[1], 400, &mem[1], 4, 5, 6);
	assert_null(calls[0].desc);
	assert_true(match2());
	FAKE_CALL(&calls[1], 401, &mem[1], 1, 2, 3);
	assert_false(match2());
	assert_diff(1, -1, 0);
}

static void test_diff_texts(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], SYS_write, &mem[0], 1,
		  fake_str(&mem[0], P0, "hello"), 5);
	FAKE_CALL(&calls[1], SYS_write, &mem[1], 2,
		  fake_str(&mem[1], P1, "hello"), 5);
	assert_false(match2());
	assert_string_equal(diff.what, "value differs");
	calls[1].args[0] = 1;
	fake_at(&mem[1], P1)[4] = 'p';
	assert_false(match2());
	assert_string_equal(diff.what, "content differs at byte 4");
}

/* With three variants, the one that differs from the leader is named. */
static void test_third_variant_differs(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], SYS_write, &mem[0], 1,
		  fake_str(&mem[0], P0, "abc"), 3);
	FAKE_CALL(&calls[1], SYS_write, &mem[1], 1,
		  fake_str(&mem[1], P1, "abc"), 3);
	FAKE_CALL(&calls[2], SYS_write, &mem[2], 1,
		  fake_str(&mem[2], P2, "abd"), 3);
	assert_true(match_n(2));
	assert_false(match_n(3));
	assert_diff(2, 1, 2);
}

/* ---- bounds: what a variant asks for does not cost memory ---- */

/* write(1, buf, 1 TiB) with 64 bytes mapped: the readable prefix only. */
static void test_huge_write_length(void **state)
{
	uint8_t bytes[64];

	(void)state;
	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (uint8_t)i;
	FAKE_CALL(&calls[0], SYS_write, &mem[0], 1,
		  fake_map(&mem[0], P0, bytes, sizeof(bytes)), TIB);
	FAKE_CALL(&calls[1], SYS_write, &mem[1], 1,
		  fake_map(&mem[1], P1, bytes, sizeof(bytes)), TIB);
	assert_true(match2());		/* warms up the scratch buffers */

	malloc_count_reset();
	mem[0].max_request = mem[1].max_request = 0;
	mem[0].reads = mem[1].reads = 0;
	assert_true(match2());
	assert_int_equal(malloc_calls, 0);
	assert_true(mem[0].max_request <= 1 << 20);
	assert_true(mem[0].reads <= 4);

	fake_at(&mem[1], P1)[40] ^= 1;
	assert_false(match2());
	assert_diff(1, 1, 40);
	assert_int_equal(malloc_calls, 0);
	assert_true(malloc_largest <= 1 << 20);
}

/* A path longer than PATH_MAX: only its first 4095 bytes are compared. */
static void test_long_paths(void **state)
{
	static char p0[5001], p1[5001];

	(void)state;
	memset(p0, 'a', 5000);
	memcpy(p1, p0, sizeof(p1));
	p1[4500] = 'b';	/* ENAMETOOLONG in both: never read */
	FAKE_CALL(&calls[0], SYS_open, &mem[0], fake_str(&mem[0], P0, p0),
		  0, 0);
	FAKE_CALL(&calls[1], SYS_open, &mem[1], fake_str(&mem[1], P1, p1),
		  0, 0);
	assert_true(match2());
	assert_true(mem[0].max_request <= 4096);
	fake_at(&mem[1], P1)[100] = 'c';
	assert_false(match2());
	assert_diff(1, 0, 100);
}

/*
 * open's mode is read by the kernel only with O_CREAT or O_TMPFILE; without
 * them it is whatever the register held (jemalloc's raw open of
 * /proc/sys/vm/overcommit_memory passes none).
 */
static void test_open_mode_only_when_creating(void **state)
{
	static const uint64_t tmpfile = O_TMPFILE | O_RDWR;

	(void)state;
	FAKE_CALL(&calls[0], SYS_open, &mem[0], fake_str(&mem[0], P0, "/f"),
		  O_RDONLY | O_CLOEXEC, 0x7f0012345678ULL);
	FAKE_CALL(&calls[1], SYS_open, &mem[1], fake_str(&mem[1], P1, "/f"),
		  O_RDONLY | O_CLOEXEC, 0x7f9987654321ULL);
	assert_true(match2());
	calls[0].args[1] = calls[1].args[1] = O_WRONLY | O_CREAT;
	assert_false(match2());
	assert_diff(1, 2, 0);
	calls[0].args[1] = calls[1].args[1] = tmpfile;
	assert_false(match2());
	calls[1].args[2] = calls[0].args[2];
	assert_true(match2());
	/* openat: the flags are argument 2, the mode 3 */
	FAKE_CALL(&calls[0], SYS_openat, &mem[0], AT_FDCWD, P0, O_RDONLY,
		  0x11);
	FAKE_CALL(&calls[1], SYS_openat, &mem[1], AT_FDCWD, P1, O_RDONLY,
		  0x22);
	assert_true(match2());
	calls[0].args[2] = calls[1].args[2] = O_RDONLY | O_CREAT;
	assert_false(match2());
	assert_diff(1, 3, 0);
}

/* ---- iovec arrays (writev, readv) ---- */

struct iov64 {
	uint64_t base;
	uint64_t len;
};

/* Maps two iovecs ("abc", "defg") at 'a', their data after them. */
static mvx_addr map_iov2(struct fake_mem *f, mvx_addr a, const char *d0,
			 const char *d1)
{
	struct iov64 v[2] = {
		{ a + 0x100, strlen(d0) },
		{ a + 0x900, strlen(d1) },
	};

	fake_map(f, v[0].base, d0, v[0].len);
	fake_map(f, v[1].base, d1, v[1].len);
	return fake_map(f, a, v, sizeof(v));
}

static void test_iov_contents(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], SYS_writev, &mem[0], 1,
		  map_iov2(&mem[0], P0, "abc", "defg"), 2);
	FAKE_CALL(&calls[1], SYS_writev, &mem[1], 1,
		  map_iov2(&mem[1], P1 + 0x5000, "abc", "defg"), 2);
	assert_true(match2());

	fake_at(&mem[1], P1 + 0x5000 + 0x900)[3] = 'h';
	assert_false(match2());
	assert_diff(1, 1, 3 + 3);	/* offset into the whole transfer */
}

static void test_iov_lengths_differ(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], SYS_writev, &mem[0], 1,
		  map_iov2(&mem[0], P0, "abc", "defg"), 2);
	FAKE_CALL(&calls[1], SYS_writev, &mem[1], 1,
		  map_iov2(&mem[1], P1, "abcd", "efg"), 2);
	assert_false(match2());
	assert_int_equal(diff.arg, 1);
	assert_int_equal(diff.offset, 0);

	fake_reset(&mem[1]);
	FAKE_CALL(&calls[1], SYS_writev, &mem[1], 1,
		  map_iov2(&mem[1], P1, "abc", "defgh"), 2);
	assert_false(match2());
	assert_diff(1, 1, 3);		/* where the second iovec starts */
}

/* readv's buffers are outputs: their lengths matter, not their bytes. */
static void test_iov_out_contents_not_compared(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], SYS_readv, &mem[0], 0,
		  map_iov2(&mem[0], P0, "abc", "defg"), 2);
	FAKE_CALL(&calls[1], SYS_readv, &mem[1], 0,
		  map_iov2(&mem[1], P1, "xyz", "wxyz"), 2);
	assert_true(match2());
	fake_reset(&mem[1]);
	FAKE_CALL(&calls[1], SYS_readv, &mem[1], 0,
		  map_iov2(&mem[1], P1, "xyz", "wxy"), 2);
	assert_false(match2());
	assert_int_equal(diff.arg, 1);
}

/* More than UIO_MAXIOV: the kernel refuses the call in every variant. */
static void test_iov_count_over_limit(void **state)
{
	static const uint64_t counts[] = { MVX_MAX_IOV + 1, 1000000, TIB };

	(void)state;
	FAKE_CALL(&calls[0], SYS_writev, &mem[0], 1,
		  map_iov2(&mem[0], P0, "abc", "defg"), 2);
	FAKE_CALL(&calls[1], SYS_writev, &mem[1], 1,
		  map_iov2(&mem[1], P1, "xyz", "wxyz"), 2);
	assert_false(match2());		/* warm-up; the contents differ */
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		calls[0].args[2] = calls[1].args[2] = counts[i];
		malloc_count_reset();
		mem[0].max_request = 0;
		assert_true(match2());
		assert_int_equal(malloc_calls, 0);
		assert_true(mem[0].max_request <= MVX_MAX_IOV * 16);
	}
}

/* A count within the limit, but an array that runs into unmapped memory. */
static void test_iov_array_partly_mapped(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], SYS_writev, &mem[0], 1,
		  map_iov2(&mem[0], P0, "abc", "defg"), MVX_MAX_IOV);
	FAKE_CALL(&calls[1], SYS_writev, &mem[1], 1,
		  map_iov2(&mem[1], P1, "abc", "defg"), MVX_MAX_IOV);
	malloc_count_reset();
	assert_true(match2());		/* both fault after two entries */
	assert_true(malloc_largest <= 1 << 20);

	fake_reset(&mem[1]);
	FAKE_CALL(&calls[1], SYS_writev, &mem[1], 1,
		  fake_map(&mem[1], P1, NULL, 3 * sizeof(struct iov64)),
		  MVX_MAX_IOV);
	assert_false(match2());		/* three readable entries, not two */
	assert_int_equal(diff.arg, 1);
}

/* ---- socket addresses ---- */

static mvx_addr map_sun(struct fake_mem *f, mvx_addr a, const char *path,
			uint8_t fill, bool abstract)
{
	uint8_t sa[110];

	memset(sa, fill, sizeof(sa));
	sa[0] = 1;	/* AF_UNIX, little-endian */
	sa[1] = 0;
	if (abstract) {
		sa[2] = 0;
		memcpy(sa + 3, path, strlen(path));
	} else {
		memcpy(sa + 2, path, strlen(path) + 1);
	}
	return fake_map(f, a, sa, sizeof(sa));
}

static void test_sockaddr_unix(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], SYS_connect, &mem[0], 3,
		  map_sun(&mem[0], P0, "/tmp/sock", 0xaa, false), 110);
	FAKE_CALL(&calls[1], SYS_connect, &mem[1], 3,
		  map_sun(&mem[1], P1, "/tmp/sock", 0x55, false), 110);
	assert_true(match2());		/* bytes after the NUL ignored */

	fake_reset(&mem[1]);
	FAKE_CALL(&calls[1], SYS_connect, &mem[1], 3,
		  map_sun(&mem[1], P1, "/tmp/sick", 0xaa, false), 110);
	assert_false(match2());
	assert_diff(1, 1, 2 + 6);

	calls[1].args[2] = 109;
	assert_false(match2());
	assert_diff(1, 2, 0);
}

/* An abstract address has no terminator: every byte counts. */
static void test_sockaddr_unix_abstract(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], SYS_connect, &mem[0], 3,
		  map_sun(&mem[0], P0, "sock", 0xaa, true), 110);
	FAKE_CALL(&calls[1], SYS_connect, &mem[1], 3,
		  map_sun(&mem[1], P1, "sock", 0xaa, true), 110);
	assert_true(match2());
	fake_at(&mem[1], P1)[109] = 0;
	assert_false(match2());
	assert_diff(1, 1, 109);
}

static void test_sockaddr_inet(void **state)
{
	uint8_t sin[16] = { 2, 0, 0x1f, 0x90, 127, 0, 0, 1,
			    1, 2, 3, 4, 5, 6, 7, 8 };

	(void)state;
	FAKE_CALL(&calls[0], SYS_connect, &mem[0], 3,
		  fake_map(&mem[0], P0, sin, sizeof(sin)), sizeof(sin));
	memset(sin + 8, 0, 8);			/* sin_zero */
	FAKE_CALL(&calls[1], SYS_connect, &mem[1], 3,
		  fake_map(&mem[1], P1, sin, sizeof(sin)), sizeof(sin));
	assert_true(match2());
	fake_at(&mem[1], P1)[3] = 0x91;		/* the port */
	assert_false(match2());
	assert_diff(1, 1, 3);
}

/* ---- rt_sigaction: handlers by class ---- */

struct ksigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

/* SA_RESTORER | SA_RESTART */
#define KSA_FLAGS (0x04000000 | 0x10000000)
#define KSIG_DFL 0
#define KSIG_IGN 1

static void sigaction_calls(uint64_t h0, uint64_t h1)
{
	struct ksigaction a0 = { h0, KSA_FLAGS, 0x401100, 1 << 1 };
	struct ksigaction a1 = { h1, KSA_FLAGS, 0x7f0000401100, 1 << 1 };

	fake_reset(&mem[0]);
	fake_reset(&mem[1]);
	FAKE_CALL(&calls[0], SYS_rt_sigaction, &mem[0], SIGINT,
		  fake_map(&mem[0], P0, &a0, sizeof(a0)), 0, 8);
	FAKE_CALL(&calls[1], SYS_rt_sigaction, &mem[1], SIGINT,
		  fake_map(&mem[1], P1, &a1, sizeof(a1)), P1 + 0x100, 8);
}

static void test_sigaction_handlers(void **state)
{
	static const struct {
		uint64_t h0, h1;
		bool match;
	} cases[] = {
		{ 0x401000, 0x7f0000401000, true },	/* both functions */
		{ KSIG_DFL, KSIG_DFL, true },
		{ KSIG_IGN, KSIG_IGN, true },
		{ KSIG_IGN, 0x7f0000401000, false },
		{ 0x401000, KSIG_IGN, false },
		{ KSIG_DFL, KSIG_IGN, false },
		{ KSIG_DFL, 0x401000, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sigaction_calls(cases[i].h0, cases[i].h1);
		if (match2() != cases[i].match)
			fail_msg("handlers 0x%llx / 0x%llx: expected %s",
				 (unsigned long long)cases[i].h0,
				 (unsigned long long)cases[i].h1,
				 cases[i].match ? "match" : "mismatch");
		if (!cases[i].match)
			assert_int_equal(diff.arg, 1);
	}
}

static void test_sigaction_flags_mask_signal(void **state)
{
	(void)state;
	sigaction_calls(0x401000, 0x7f0000401000);
	assert_true(match2());
	((struct ksigaction *)fake_at(&mem[1], P1))->flags &= ~0x10000000ULL;
	assert_false(match2());
	assert_int_equal(diff.arg, 1);

	sigaction_calls(0x401000, 0x7f0000401000);
	((struct ksigaction *)fake_at(&mem[1], P1))->mask |= 1 << 2;
	assert_false(match2());
	assert_int_equal(diff.arg, 1);

	sigaction_calls(0x401000, 0x7f0000401000);
	calls[1].args[0] = SIGTERM;
	assert_false(match2());
	assert_diff(1, 0, 0);
}

static void test_sigaction_null(void **state)
{
	(void)state;
	sigaction_calls(0x401000, 0x401000);
	calls[0].args[1] = calls[1].args[1] = 0;	/* a query */
	assert_true(match2());
	calls[1].args[1] = P1;
	assert_false(match2());
	assert_int_equal(diff.arg, 1);
}

/* ---- clock_nanosleep: an absolute time on an interval clock ---- */

static void sleep_calls(uint64_t clock, uint64_t flags, uint64_t sec0,
			uint64_t sec1)
{
	uint64_t t0[2] = { sec0, 5 }, t1[2] = { sec1, 5 };

	fake_reset(&mem[0]);
	fake_reset(&mem[1]);
	FAKE_CALL(&calls[0], SYS_clock_nanosleep, &mem[0], clock, flags,
		  fake_u64s(&mem[0], P0, t0, 2), 0);
	FAKE_CALL(&calls[1], SYS_clock_nanosleep, &mem[1], clock, flags,
		  fake_u64s(&mem[1], P1, t1, 2), 0);
}

static void test_clock_nanosleep_deadline(void **state)
{
	(void)state;
	/* threads read the monotonic clock unmatched: deadlines differ */
	sleep_calls(CLOCK_MONOTONIC, TIMER_ABSTIME, 1000, 1001);
	assert_true(match2());
	sleep_calls(CLOCK_BOOTTIME, TIMER_ABSTIME, 1000, 1001);
	assert_true(match2());
	/* the wall clock's readings are compared, so are its deadlines */
	sleep_calls(CLOCK_REALTIME, TIMER_ABSTIME, 1000, 1001);
	assert_false(match2());
	assert_diff(1, 2, 0);
	/* a relative sleep is a duration: compared */
	sleep_calls(CLOCK_MONOTONIC, 0, 1, 2);
	assert_false(match2());
	assert_diff(1, 2, 0);
	sleep_calls(CLOCK_MONOTONIC, 0, 1, 1);
	assert_true(match2());
	/* the flags themselves are compared */
	sleep_calls(CLOCK_MONOTONIC, TIMER_ABSTIME, 1000, 1000);
	calls[1].args[1] = 0;
	assert_false(match2());
	assert_int_equal(diff.arg, 1);
}

/* ---- execve: argv and envp by content ---- */

/* Maps a NULL-terminated string vector at 'a', the strings after it. */
static mvx_addr map_strv(struct fake_mem *f, mvx_addr a,
			 const char *const *s, bool terminated)
{
	uint64_t v[8];
	size_t n = 0;

	for (; s[n]; n++)
		v[n] = fake_str(f, a + 0x1000 + 0x100 * n, s[n]);
	v[n] = 0;
	return fake_u64s(f, a, v, n + terminated);
}

static void execve_calls(const char *const *argv0, const char *const *argv1,
			 const char *const *envp0, const char *const *envp1)
{
	fake_reset(&mem[0]);
	fake_reset(&mem[1]);
	FAKE_CALL(&calls[0], SYS_execve, &mem[0],
		  fake_str(&mem[0], P0, "/bin/echo"),
		  map_strv(&mem[0], P0 + 0x10000, argv0, true),
		  map_strv(&mem[0], P0 + 0x20000, envp0, true));
	FAKE_CALL(&calls[1], SYS_execve, &mem[1],
		  fake_str(&mem[1], P1 + 0x40, "/bin/echo"),
		  map_strv(&mem[1], P1 + 0x30000, argv1, true),
		  map_strv(&mem[1], P1 + 0x50000, envp1, true));
}

static void test_execve_strv(void **state)
{
	static const char *const argv[] = { "echo", "hi", NULL };
	static const char *const argv_ho[] = { "echo", "ho", NULL };
	static const char *const argv_more[] = { "echo", "hi", "x", NULL };
	static const char *const envp[] = { "A=1", "B=2", NULL };
	static const char *const envp_b3[] = { "A=1", "B=3", NULL };
	static const char *const none[] = { NULL };

	(void)state;
	execve_calls(argv, argv, envp, envp);
	assert_true(match2());

	execve_calls(argv, argv_ho, envp, envp);
	assert_false(match2());
	assert_diff(1, 1, 1);		/* offset: the entry's index */

	execve_calls(argv, argv_more, envp, envp);
	assert_false(match2());
	assert_diff(1, 1, 2);

	execve_calls(argv, argv, envp, envp_b3);
	assert_false(match2());
	assert_diff(1, 2, 1);

	execve_calls(none, none, none, none);
	assert_true(match2());
}

static void test_execve_strv_null_and_unterminated(void **state)
{
	static const char *const argv[] = { "echo", "hi", NULL };

	(void)state;
	execve_calls(argv, argv, argv, argv);
	calls[0].args[2] = calls[1].args[2] = 0;	/* envp NULL in both */
	assert_true(match2());
	calls[1].args[2] = P1 + 0x50000;
	assert_false(match2());
	assert_int_equal(diff.arg, 2);

	/* argv arrays without their NULL, both ending after two entries */
	fake_reset(&mem[0]);
	fake_reset(&mem[1]);
	FAKE_CALL(&calls[0], SYS_execve, &mem[0], fake_str(&mem[0], P0, "/x"),
		  map_strv(&mem[0], P0 + 0x10000, argv, false), 0);
	FAKE_CALL(&calls[1], SYS_execve, &mem[1], fake_str(&mem[1], P1, "/x"),
		  map_strv(&mem[1], P1 + 0x10000, argv, false), 0);
	assert_true(match2());
	FAKE_CALL(&calls[1], SYS_execve, &mem[1], P1,
		  map_strv(&mem[1], P1 + 0x80000, argv, true), 0);
	assert_false(match2());
	assert_int_equal(diff.arg, 1);
}

/*
 * An envp of 40 strings packed on one page, as on a new process's stack:
 * compared in a few reads per variant (a block of pointers, the page), not
 * two per string; a change in the last string is still found.
 */
static void envp_on_one_page(struct fake_mem *f, mvx_addr vec, mvx_addr page,
			     const char *last)
{
	char text[4096] = { 0 };
	uint64_t v[41];
	size_t at = 0;

	for (int i = 0; i < 40; i++) {
		v[i] = page + at;
		at += (size_t)snprintf(text + at, sizeof(text) - at,
				       "VARIABLE_%02d=%s", i,
				       i == 39 ? last : "some value") + 1;
	}
	v[40] = 0;
	fake_map(f, page, text, sizeof(text));
	fake_u64s(f, vec, v, 41);
}

static void test_execve_strv_few_reads(void **state)
{
	(void)state;
	for (int same = 1; same >= 0; same--) {
		fake_reset(&mem[0]);
		fake_reset(&mem[1]);
		envp_on_one_page(&mem[0], P0 + 0x20000, P0 + 0x21000, "x");
		envp_on_one_page(&mem[1], P1 + 0x50000, P1 + 0x52000,
				 same ? "x" : "y");
		FAKE_CALL(&calls[0], SYS_execve, &mem[0],
			  fake_str(&mem[0], P0, "/bin/echo"), 0, P0 + 0x20000);
		FAKE_CALL(&calls[1], SYS_execve, &mem[1],
			  fake_str(&mem[1], P1, "/bin/echo"), 0, P1 + 0x50000);
		mem[0].reads = mem[1].reads = 0;
		if (same) {
			assert_true(match2());
		} else {
			assert_false(match2());
			assert_diff(1, 2, 39);
		}
		/* the path, a block of pointers, the strings' page */
		assert_in_range(mem[0].reads, 1, 4);
		assert_in_range(mem[1].reads, 1, 4);
	}
}

/* ---- mvx_copy_outputs ---- */

static void read_calls(uint64_t count0, size_t cap1)
{
	uint8_t src[100], dst[100];

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i + 1);
	memset(dst, 0xee, sizeof(dst));
	fake_reset(&mem[0]);
	fake_reset(&mem[1]);
	FAKE_CALL(&calls[0], SYS_read, &mem[0], 0,
		  fake_map(&mem[0], P0, src, sizeof(src)), count0);
	FAKE_CALL(&calls[1], SYS_read, &mem[1], 0,
		  fake_map(&mem[1], P1, dst, cap1), count0);
}

/* The bytes of the follower's buffer that now hold the leader's data. */
static size_t copied_prefix(void)
{
	const uint8_t *d = fake_at(&mem[1], P1);
	size_t n = 0;

	while (n < mem[1].r[0].len && d[n] == (uint8_t)(n + 1))
		n++;
	for (size_t i = n; i < mem[1].r[0].len; i++)
		assert_int_equal(d[i], 0xee);
	return n;
}

static void test_copy_buf_out(void **state)
{
	static const struct {
		uint64_t count;		/* the call's capacity */
		size_t cap1;		/* the follower's mapped bytes */
		long ret;
		bool ok;
		size_t copied;
	} cases[] = {
		{ 100, 100, 10, true, 10 },	/* bounded by ret */
		{ 100, 100, 100, true, 100 },
		{ 20, 100, 50, true, 20 },	/* bounded by the capacity */
		{ 100, 100, 0, true, 0 },	/* end of file */
		{ 100, 100, -14, true, 0 },	/* -EFAULT */
		{ TIB, 100, 64, true, 64 },	/* huge capacity */
		{ 100, 5, 10, false, 5 },	/* the follower's too small */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool ok;

		read_calls(cases[i].count, cases[i].cap1);
		memset(&diff, 0x5a, sizeof(diff));
		ok = mvx_copy_outputs(&calls[0], &calls[1], cases[i].ret,
				      &diff);
		if (ok != cases[i].ok)
			fail_msg("case %zu: returned %d", i, ok);
		if (!ok)
			assert_int_equal(diff.arg, 1);
		if (copied_prefix() != cases[i].copied)
			fail_msg("case %zu: %zu bytes copied, expected %zu", i,
				 copied_prefix(), cases[i].copied);
	}
}

/* read(0, buf, 1 TiB) = 64: no allocation, bounded accesses. */
static void test_copy_huge_capacity_costs_nothing(void **state)
{
	(void)state;
	read_calls(TIB, 100);
	assert_true(mvx_copy_outputs(&calls[0], &calls[1], 10, &diff));
	malloc_count_reset();
	mem[0].max_request = mem[1].max_request = 0;
	assert_true(mvx_copy_outputs(&calls[0], &calls[1], 64, &diff));
	assert_int_equal(malloc_calls, 0);
	assert_true(mem[0].max_request <= 1 << 20);
	assert_int_equal(copied_prefix(), 64);
}

static void test_copy_iov_out(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], SYS_readv, &mem[0], 0,
		  map_iov2(&mem[0], P0, "abcd", "efghijkl"), 2);
	FAKE_CALL(&calls[1], SYS_readv, &mem[1], 0,
		  map_iov2(&mem[1], P1, "....", "........"), 2);
	assert_true(mvx_copy_outputs(&calls[0], &calls[1], 6, &diff));
	assert_memory_equal(fake_at(&mem[1], P1 + 0x100), "abcd", 4);
	assert_memory_equal(fake_at(&mem[1], P1 + 0x900), "ef......", 8);

	fake_reset(&mem[1]);
	FAKE_CALL(&calls[1], SYS_readv, &mem[1], 0,
		  map_iov2(&mem[1], P1, "....", "."), 2);
	assert_false(mvx_copy_outputs(&calls[0], &calls[1], 6, &diff));
	assert_int_equal(diff.arg, 1);
}

/* Arguments that are inputs are never written into the follower. */
static void test_copy_inputs_untouched(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], SYS_write, &mem[0], 1,
		  fake_str(&mem[0], P0, "hello"), 5);
	FAKE_CALL(&calls[1], SYS_write, &mem[1], 1,
		  fake_str(&mem[1], P1, "jello"), 5);
	assert_true(mvx_copy_outputs(&calls[0], &calls[1], 5, &diff));
	assert_int_equal(mem[1].writes, 0);
	assert_string_equal((char *)fake_at(&mem[1], P1), "jello");
}

/* ---- mvx_format_arg ---- */

struct format_case {
	const char *name;
	long nr;
	uint64_t args[MVX_MAX_ARGS];
	struct region_init mem[2];
	int arg;
	const char *text;	/* expected text rendering */
	const char *json;	/* expected JSON rendering, or NULL: valid */
};

#define LONG60 "/usr/share/very/long/path/that/goes/on/and/on/for/sixty.txt"
#define FIRST48 "/usr/share/very/long/path/that/goes/on/and/on/fo"

static const struct format_case format_cases[] = {
	{ "int", SYS_write, { 1, P0, 5 }, { { 0 } }, 2, "5", "5" },
	{ "negative int", SYS_lseek, { 3, U(-1), 0 }, { { 0 } }, 1, "-1",
	  "-1" },
	{ "fd", SYS_write, { 1, P0, 5 }, { { 0 } }, 0, "1", "1" },
	{ "AT_FDCWD", SYS_openat, { U(AT_FDCWD), P0 }, { { 0 } }, 0, "-100",
	  "-100" },
	{ "buffer", SYS_write, { 1, P0, 5 }, { S(P0, "hello") }, 1,
	  "\"hello\"", "\"hello\"" },
	{ "buffer shorter than its count", SYS_write, { 1, P0, 100 },
	  { B(P0, "hello") }, 1, "\"hello\"...", "\"hello...\"" },
	{ "buffer with bytes to escape", SYS_write, { 1, P0, 10 },
	  { B(P0, "a\"b\\c\n\t\x01\x7f\xff") }, 1,
	  "\"a\\\"b\\\\c\\n\\t\\x01\\x7f\\xff\"",
	  "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\\u00ff\"" },
	{ "NULL buffer", SYS_write, { 1, 0, 5 }, { { 0 } }, 1, "NULL",
	  "\"0x0\"" },
	{ "path", SYS_open, { P0 }, { S(P0, "/etc/passwd") }, 0,
	  "\"/etc/passwd\"", "\"/etc/passwd\"" },
	{ "long path", SYS_open, { P0 }, { S(P0, LONG60) }, 0,
	  "\"" FIRST48 "\"...", "\"" FIRST48 "...\"" },
	{ "unreadable path", SYS_open, { P0 }, { { 0 } }, 0,
	  "0x10000 (unreadable)", NULL },
	{ "NULL path", SYS_open, { 0 }, { { 0 } }, 0, "NULL", "\"0x0\"" },
	{ "address", SYS_mmap, { 0x7f0000001000 }, { { 0 } }, 0,
	  "0x7f0000001000", "\"0x7f0000001000\"" },
	{ "NULL address", SYS_mmap, { 0 }, { { 0 } }, 0, "NULL", "\"0x0\"" },
	{ "unknown call's argument", 400, { 1, U(-2), 3 }, { { 0 } }, 1,
	  "-2", "-2" },
};

static void test_format_arg(void **state)
{
	char out[256];

	(void)state;
	for (size_t i = 0; i < sizeof(format_cases) / sizeof(format_cases[0]);
	     i++) {
		const struct format_case *tc = &format_cases[i];

		fake_reset(&mem[0]);
		map_regions(&mem[0], tc->mem, 2);
		fake_call(&calls[0], tc->nr, &mem[0], tc->args);
		mvx_format_arg(&calls[0], tc->arg, out, sizeof(out), false);
		if (strcmp(out, tc->text))
			fail_msg("%s: text [%s], expected [%s]", tc->name, out,
				 tc->text);
		mvx_format_arg(&calls[0], tc->arg, out, sizeof(out), true);
		if (!json_valid(out))
			fail_msg("%s: invalid JSON [%s]", tc->name, out);
		if (tc->json && strcmp(out, tc->json))
			fail_msg("%s: JSON [%s], expected [%s]", tc->name, out,
				 tc->json);
	}
}

/* Every byte value, in every position of the preview, gives valid JSON. */
static void test_format_arg_json_any_bytes(void **state)
{
	uint8_t bytes[256 + 64];
	char out[512];

	(void)state;
	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (uint8_t)(i * 7);
	fake_map(&mem[0], P0, bytes, sizeof(bytes));
	for (uint64_t off = 0; off < 256; off++) {
		for (int k = 0; k < 2; k++) {
			uint64_t count = k ? 1000 : 17;

			FAKE_CALL(&calls[0], SYS_write, &mem[0], 1, P0 + off,
				  count);
			mvx_format_arg(&calls[0], 1, out, sizeof(out), true);
			if (!json_valid(out))
				fail_msg("offset %llu: invalid JSON [%s]",
					 (unsigned long long)off, out);
			mvx_format_arg(&calls[0], 1, out, sizeof(out), false);
			for (char *p = out; *p; p++)
				if ((unsigned char)*p < 0x20 ||
				    (unsigned char)*p >= 0x7f)
					fail_msg("raw byte 0x%02x in text [%s]",
						 (unsigned char)*p, out);
		}
	}
}

/* Renders argument 'arg' into 'cap' bytes of a larger, marked buffer. */
static void check_bounded(int arg, size_t cap, bool json)
{
	char out[128];

	memset(out, 'Z', sizeof(out));
	mvx_format_arg(&calls[0], arg, out, cap, json);
	for (size_t i = cap; i < sizeof(out); i++)
		if (out[i] != 'Z')
			fail_msg("arg %d cap %zu: byte %zu written", arg, cap,
				 i);
	if (cap && !memchr(out, '\0', cap))
		fail_msg("arg %d cap %zu: unterminated", arg, cap);
}

/* The rendering stays within the buffer it is given, terminated. */
static void test_format_arg_bounded(void **state)
{
	(void)state;
	fake_str(&mem[0], P0, "\x01\x02\x03 escapes \"\\\" " LONG60);
	FAKE_CALL(&calls[0], SYS_write, &mem[0], U(-1), P0, 200);
	for (size_t cap = 0; cap < 100; cap++)
		for (int arg = 0; arg < 3; arg++)
			for (int json = 0; json < 2; json++)
				check_bounded(arg, cap, json);
}

#else /* MVX_TEST_REGRESSIONS */

/*
 * Fixed bug 1: when two strings differ in length, str_match reports offset 0
 * instead of the first differing byte ("content differs at byte 0" for
 * "/tmp/a" vs "/tmp/ab", where byte 6 is the first that differs).
 */
static void test_string_length_difference_offset(void **state)
{
	static const struct {
		const char *s0, *s1;
		bool nul0, nul1;
		size_t offset;
	} cases[] = {
		{ "/tmp/a", "/tmp/ab", true, true, 6 },
		{ "/tmp/aaaa", "/tmp/aaaaaa", false, false, 9 },
		{ "/tmp/a", "/tmp/a", true, false, 6 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fake_reset(&mem[0]);
		fake_reset(&mem[1]);
		FAKE_CALL(&calls[0], SYS_open, &mem[0],
			  fake_map(&mem[0], P0, cases[i].s0,
				   strlen(cases[i].s0) + cases[i].nul0), 0, 0);
		FAKE_CALL(&calls[1], SYS_open, &mem[1],
			  fake_map(&mem[1], P1, cases[i].s1,
				   strlen(cases[i].s1) + cases[i].nul1), 0, 0);
		assert_false(match2());
		if (diff.offset != cases[i].offset)
			fail_msg("\"%s\" vs \"%s\": offset %zu, expected %zu",
				 cases[i].s0, cases[i].s1, diff.offset,
				 cases[i].offset);
	}
}

/*
 * Fixed bug 2: two unterminated strings that run into unmapped memory at
 * different offsets match when the leader's readable prefix is the shorter
 * one: read_str returns -1 for both, and str_match then compares only
 * strlen() of the leader's prefix.  (With the longer prefix in the leader
 * they mismatch, as test_call's table checks: the result depends on which
 * variant leads.)
 */
static void test_unterminated_strings_fault_offsets(void **state)
{
	(void)state;
	FAKE_CALL(&calls[0], SYS_open, &mem[0],
		  fake_map(&mem[0], P0, "/tmp/aaaa", 9), 0, 0);
	FAKE_CALL(&calls[1], SYS_open, &mem[1],
		  fake_map(&mem[1], P1, "/tmp/aaaaaa", 11), 0, 0);
	assert_false(match2());
	assert_int_equal(diff.arg, 0);
}

/*
 * Fixed bug 3: nanosleep and clock_nanosleep write the remaining time into
 * 'rem' exactly when they fail with EINTR, but copy_arg copies STRUCT_OUT
 * only when ret >= 0, so a follower keeps a stale 'rem' and the usual
 * "nanosleep(&rem, &rem) until it succeeds" loop diverges on its next call.
 */
static void test_nanosleep_rem_copied_on_eintr(void **state)
{
	const uint64_t req[2] = { 5, 0 }, rem0[2] = { 3, 250 };
	const uint64_t stale[2] = { 0, 0 };

	(void)state;
	fake_u64s(&mem[0], P0, req, 2);
	fake_u64s(&mem[1], P1, req, 2);
	FAKE_CALL(&calls[0], SYS_nanosleep, &mem[0], P0,
		  fake_u64s(&mem[0], P0 + 0x100, rem0, 2));
	FAKE_CALL(&calls[1], SYS_nanosleep, &mem[1], P1,
		  fake_u64s(&mem[1], P1 + 0x100, stale, 2));
	assert_true(mvx_copy_outputs(&calls[0], &calls[1], -4 /* EINTR */,
				     &diff));
	assert_memory_equal(fake_at(&mem[1], P1 + 0x100), rem0,
			    sizeof(rem0));
}

/*
 * Fixed bug 4: a sleep or select that a held signal interrupts leaves the
 * leader with a restart code (-ERESTART_RESTARTBLOCK, -ERESTARTNOHAND)
 * after the kernel wrote the time left, often into the call's own request
 * (glibc's sleep passes one timespec as both); the followers kept theirs,
 * so the call made again compared different and a program whose sleep an
 * alarm handler cut short was reported as diverging.  The time left is
 * copied for those codes, and for EINTR from select, pselect6 and ppoll
 * too; another call's outputs are not copied for a restart code.
 */
static void test_time_left_copied_on_restart(void **state)
{
	const uint64_t req[2] = { 5, 0 }, left[2] = { 3, 999 };
	const uint64_t tv[2] = { 2, 0 }, tv_left[2] = { 1, 500 };
	uint64_t stat_buf[18] = { 7 }, zero[18] = { 0 };

	(void)state;
	FAKE_CALL(&calls[0], SYS_clock_nanosleep, &mem[0], CLOCK_REALTIME, 0,
		  fake_u64s(&mem[0], P0, left, 2), P0);
	FAKE_CALL(&calls[1], SYS_clock_nanosleep, &mem[1], CLOCK_REALTIME, 0,
		  fake_u64s(&mem[1], P1, req, 2), P1);
	assert_true(mvx_copy_outputs(&calls[0], &calls[1], -516, &diff));
	assert_memory_equal(fake_at(&mem[1], P1), left, sizeof(left));

	FAKE_CALL(&calls[0], SYS_select, &mem[0], 0, 0, 0, 0,
		  fake_u64s(&mem[0], P0 + 0x100, tv_left, 2));
	FAKE_CALL(&calls[1], SYS_select, &mem[1], 0, 0, 0, 0,
		  fake_u64s(&mem[1], P1 + 0x100, tv, 2));
	assert_true(mvx_copy_outputs(&calls[0], &calls[1], -4 /* EINTR */,
				     &diff));
	assert_memory_equal(fake_at(&mem[1], P1 + 0x100), tv_left,
			    sizeof(tv_left));

	FAKE_CALL(&calls[0], SYS_fstat, &mem[0], 3,
		  fake_u64s(&mem[0], P0 + 0x200, stat_buf, 18));
	FAKE_CALL(&calls[1], SYS_fstat, &mem[1], 3,
		  fake_u64s(&mem[1], P1 + 0x200, zero, 18));
	assert_true(mvx_copy_outputs(&calls[0], &calls[1], -516, &diff));
	assert_memory_equal(fake_at(&mem[1], P1 + 0x200), zero, sizeof(zero));
}

#endif /* MVX_TEST_REGRESSIONS */

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	static const struct CMUnitTest fixed[] = {
#ifndef MVX_TEST_REGRESSIONS
		T(test_different_numbers),
		T(test_different_arch),
		T(test_unknown_number),
		T(test_diff_texts),
		T(test_third_variant_differs),
		T(test_huge_write_length),
		T(test_long_paths),
		T(test_open_mode_only_when_creating),
		T(test_iov_contents),
		T(test_iov_lengths_differ),
		T(test_iov_out_contents_not_compared),
		T(test_iov_count_over_limit),
		T(test_iov_array_partly_mapped),
		T(test_sockaddr_unix),
		T(test_sockaddr_unix_abstract),
		T(test_sockaddr_inet),
		T(test_sigaction_handlers),
		T(test_sigaction_flags_mask_signal),
		T(test_sigaction_null),
		T(test_clock_nanosleep_deadline),
		T(test_execve_strv),
		T(test_execve_strv_few_reads),
		T(test_execve_strv_null_and_unterminated),
		T(test_copy_buf_out),
		T(test_copy_huge_capacity_costs_nothing),
		T(test_copy_iov_out),
		T(test_copy_inputs_untouched),
		T(test_format_arg),
		T(test_format_arg_json_any_bytes),
		T(test_format_arg_bounded),
#else
		T(test_string_length_difference_offset),
		T(test_unterminated_strings_fault_offsets),
		T(test_nanosleep_rem_copied_on_eintr),
		T(test_time_left_copied_on_restart),
#endif
	};
	size_t nfixed = sizeof(fixed) / sizeof(fixed[0]);
#ifndef MVX_TEST_REGRESSIONS
	static struct CMUnitTest tests[sizeof(fixed) / sizeof(fixed[0]) +
				       N_MATCH_CASES];

	/* one cmocka test per row of the comparison table */
	for (size_t i = 0; i < N_MATCH_CASES; i++) {
		tests[i] = (struct CMUnitTest)T(run_match_case);
		tests[i].name = match_cases[i].name;
		tests[i].initial_state = (void *)&match_cases[i];
	}
	memcpy(tests + N_MATCH_CASES, fixed, sizeof(fixed));
	return _cmocka_run_group_tests("test_call", tests,
				       N_MATCH_CASES + nfixed, NULL, NULL);
#else
	return _cmocka_run_group_tests("test_call_regressions", fixed, nfixed,
				       NULL, NULL);
#endif
}
