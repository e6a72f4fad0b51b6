// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of user/shared_reads.c: the window of readings that every
 * variant of a set gets alike, rank by rank. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "shared_reads.h"

/* A counter that grows by 10 at each reading, and counts its readings. */
static uint64_t counter;
static unsigned int reads;

static uint64_t read_counter(uint64_t key)
{
	reads++;
	counter += 10 + key;
	return counter;
}

static int setup(void **state)
{
	struct mvx_shared_reads *w = calloc(1, sizeof(*w));

	counter = 0;
	reads = 0;
	*state = w;
	return w ? 0 : -1;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* The first variant at a rank reads; the others get its value. */
static void test_first_reads_others_get(void **state)
{
	struct mvx_shared_reads *w = *state;
	uint64_t a, b, c;

	assert_true(mvx_shared_read(w, 0, 0, 1, read_counter, &a));
	assert_true(mvx_shared_read(w, 0, 1, 1, read_counter, &b));
	assert_true(mvx_shared_read(w, 0, 0, 1, read_counter, &c));
	assert_int_equal(reads, 2);
	assert_int_equal(a, c);
	assert_true(b > a);
	assert_true(mvx_shared_read(w, 0, 1, 1, read_counter, &c));
	assert_int_equal(c, b);
	assert_int_equal(reads, 2);
}

/* A rank past the next one to read, or beyond the window: not given. */
static void test_out_of_reach(void **state)
{
	struct mvx_shared_reads *w = *state;
	uint64_t v;

	assert_false(mvx_shared_read(w, 0, 1, 1, read_counter, &v));
	assert_int_equal(reads, 0);
	for (uint64_t k = 0; k < MVX_SHARED_READS; k++)
		assert_true(mvx_shared_read(w, 0, k, 1, read_counter, &v));
	assert_false(mvx_shared_read(w, 0, MVX_SHARED_READS, 1, read_counter,
				     &v));
	/* the slowest variant has taken the first: room for one more */
	assert_true(mvx_shared_read(w, 1, MVX_SHARED_READS, 1, read_counter,
				    &v));
	assert_int_equal(reads, MVX_SHARED_READS + 1);
	/* and rank 0 is gone */
	assert_false(mvx_shared_read(w, 1, 0, 1, read_counter, &v));
}

/* The same rank read as another key (another clock): not given. */
static void test_other_key(void **state)
{
	struct mvx_shared_reads *w = *state;
	uint64_t v;

	assert_true(mvx_shared_read(w, 0, 0, 1, read_counter, &v));
	assert_false(mvx_shared_read(w, 0, 0, 4, read_counter, &v));
	assert_int_equal(reads, 1);
}

/* Readings dropped past the slowest variant; after a reset, ranks
 * start from 0 with new readings. */
static void test_drop_and_reset(void **state)
{
	struct mvx_shared_reads *w = *state;
	uint64_t first, v;

	assert_true(mvx_shared_read(w, 0, 0, 1, read_counter, &first));
	assert_true(mvx_shared_read(w, 0, 1, 1, read_counter, &v));
	assert_true(mvx_shared_read(w, 2, 2, 1, read_counter, &v));
	assert_int_equal(w->n, 1);
	assert_int_equal(w->base, 2);
	mvx_shared_reset(w);
	assert_true(mvx_shared_read(w, 0, 0, 1, read_counter, &v));
	assert_true(v > first);
	assert_int_equal(reads, 4);
}

/* Every variant's own sequence grows, whichever variant read first. */
static void test_each_sequence_grows(void **state)
{
	struct mvx_shared_reads *w = *state;
	uint64_t rank[2] = { 0, 0 }, last[2] = { 0, 0 }, v;

	srand(7);
	for (int step = 0; step < 1000; step++) {
		int i = rand() % 2;
		uint64_t lowest = rank[0] < rank[1] ? rank[0] : rank[1];

		assert_true(mvx_shared_read(w, lowest, rank[i], 1,
					    read_counter, &v));
		assert_true(v > last[i]);
		last[i] = v;
		rank[i]++;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_reads_others_get,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_reach, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_other_key, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_drop_and_reset, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_each_sequence_grows,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
