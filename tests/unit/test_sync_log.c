// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of agent/sync_log.c: the leader's order of lock operations,
 * followed by a follower's threads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "sync_log.h"

static int setup(void **state)
{
	*state = calloc(1, sizeof(struct mvx_sync_domain));
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* Joins t within 10 s; false if it is still waiting. */
static bool joined(pthread_t t)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	return pthread_timedjoin_np(t, NULL, &until) == 0;
}

static void test_entries_in_order(void **state)
{
	struct mvx_sync_domain *d = *state;
	const struct mvx_sync_entry *e;

	mvx_sync_record(d, 3, 7, MVX_SYNC_MUTEX_LOCK, 0);
	mvx_sync_record(d, 3, 7, MVX_SYNC_SEM_TRYWAIT, EAGAIN);
	for (int v = 1; v <= 2; v++) {
		e = mvx_sync_await(d, v, 7);
		assert_int_equal(e->op, MVX_SYNC_MUTEX_LOCK);
		assert_int_equal(e->result, 0);
		mvx_sync_done(d, v);
		e = mvx_sync_await(d, v, 7);
		assert_int_equal(e->op, MVX_SYNC_SEM_TRYWAIT);
		assert_int_equal(e->result, EAGAIN);
		mvx_sync_done(d, v);
	}
	assert_int_equal(d->head, 2);
	assert_int_equal(d->follower[1].done, 2);
	assert_int_equal(d->follower[2].done, 2);
}

struct follower_thread {
	struct mvx_sync_domain *d;
	int32_t tid;
	int turns;
	int32_t *order;		/* the threads as they passed */
	int *n;
};

static void *follow(void *p)
{
	struct follower_thread *f = p;

	for (int k = 0; k < f->turns; k++) {
		mvx_sync_await(f->d, 1, f->tid);
		/* only the thread whose turn it is gets here */
		f->order[(*f->n)++] = f->tid;
		mvx_sync_done(f->d, 1);
	}
	return NULL;
}

/* The follower's threads pass in the leader's order, whichever runs
 * first; entries written while they already wait wake them. */
static void test_threads_follow_leader_order(void **state)
{
	static const int32_t lead[] = { 11, 22, 22, 11, 33, 22, 11, 33 };
	const int total = (int)(sizeof(lead) / sizeof(lead[0]));
	struct mvx_sync_domain *d = *state;
	struct follower_thread f[3];
	int32_t order[8] = { 0 };
	pthread_t t[3];
	int n = 0;

	for (int k = 0; k < 3; k++) {
		f[k] = (struct follower_thread){ d, 11 * (k + 1), 0, order, &n };
		for (int j = 0; j < total; j++)
			f[k].turns += lead[j] == f[k].tid;
	}
	/* the last thread of the order starts first, before any entry */
	for (int k = 2; k >= 0; k--)
		assert_int_equal(pthread_create(&t[k], NULL, follow, &f[k]), 0);
	usleep(20000);
	assert_int_equal(n, 0);
	for (int j = 0; j < total; j++) {
		mvx_sync_record(d, 2, lead[j], MVX_SYNC_MUTEX_LOCK, 0);
		usleep(1000);
	}
	for (int k = 0; k < 3; k++)
		assert_true(joined(t[k]));
	assert_int_equal(n, total);
	assert_memory_equal(order, lead, sizeof(lead));
}

struct recorder {
	struct mvx_sync_domain *d;
	int32_t tid;
};

static void *record_one(void *p)
{
	struct recorder *r = p;

	mvx_sync_record(r->d, 2, r->tid, MVX_SYNC_SEM_POST, 0);
	return NULL;
}

/* The leader waits while the follower is a whole ring behind. */
static void test_leader_waits_for_room(void **state)
{
	struct mvx_sync_domain *d = *state;
	struct recorder r = { d, 5 };
	pthread_t t;

	for (int k = 0; k < MVX_SYNC_RING; k++)
		mvx_sync_record(d, 2, 5, MVX_SYNC_MUTEX_UNLOCK, 0);
	assert_int_equal(pthread_create(&t, NULL, record_one, &r), 0);
	usleep(50000);
	/* taken its place, not written it over the unread first entry */
	assert_int_equal(d->head, MVX_SYNC_RING + 1);
	assert_int_equal(d->ring[0].seq, 1);
	assert_int_equal(d->ring[0].op, MVX_SYNC_MUTEX_UNLOCK);
	mvx_sync_await(d, 1, 5);
	mvx_sync_done(d, 1);
	assert_true(joined(t));
	assert_int_equal(d->ring[0].seq, MVX_SYNC_RING + 1);
	assert_int_equal(d->ring[0].op, MVX_SYNC_SEM_POST);
}

struct awaiter {
	struct mvx_sync_domain *d;
	int32_t tid;
	const struct mvx_sync_entry *got;
};

static void *await_one(void *p)
{
	struct awaiter *a = p;

	a->got = mvx_sync_await(a->d, 1, a->tid);
	return NULL;
}

/* Unordering wakes a waiting follower with no entry and stops the log. */
static void test_unorder(void **state)
{
	struct mvx_sync_domain *d = *state;
	struct awaiter a = { d, 9, (void *)1 };
	pthread_t t;

	mvx_sync_record(d, 2, 8, MVX_SYNC_MUTEX_LOCK, 0);
	/* entry 0 is thread 8's: thread 9 waits */
	assert_int_equal(pthread_create(&t, NULL, await_one, &a), 0);
	usleep(20000);
	assert_ptr_equal(a.got, (void *)1);
	mvx_sync_unorder(d);
	assert_true(joined(t));
	assert_null(a.got);
	assert_null(mvx_sync_await(d, 1, 8));
	mvx_sync_record(d, 2, 8, MVX_SYNC_SEM_POST, 0);
	assert_int_equal(d->head, 1);
}

/*
 * An entry of an ended thread that a follower has not made is found, for
 * that follower and thread only; made entries and other threads' are not.
 */
static void test_left_behind(void **state)
{
	struct mvx_sync_domain *d = *state;
	enum mvx_sync_op op = 0;
	int v = 0;

	mvx_sync_record(d, 3, 7, MVX_SYNC_MUTEX_LOCK, 0);
	mvx_sync_record(d, 3, 7, MVX_SYNC_MUTEX_UNLOCK, 0);
	mvx_sync_record(d, 3, 8, MVX_SYNC_SEM_POST, 0);
	mvx_sync_record(d, 3, 7, MVX_SYNC_SEM_TRYWAIT, 0);
	/* follower 1 made every entry, follower 2 the first two */
	for (int i = 0; i < 4; i++)
		mvx_sync_done(d, 1);
	mvx_sync_done(d, 2);
	mvx_sync_done(d, 2);
	assert_false(mvx_sync_left_behind(d, 2, 7, &v, &op));
	assert_true(mvx_sync_left_behind(d, 3, 7, &v, &op));
	assert_int_equal(v, 2);
	assert_int_equal(op, MVX_SYNC_SEM_TRYWAIT);
	assert_true(mvx_sync_left_behind(d, 3, 8, &v, &op));
	assert_int_equal(op, MVX_SYNC_SEM_POST);
	assert_false(mvx_sync_left_behind(d, 3, 9, &v, &op));
	/* a follower past the head (a torn log) is looked at one ring back */
	d->follower[2].done = 0;
	d->head = 3 * MVX_SYNC_RING;
	assert_false(mvx_sync_left_behind(d, 3, 7, &v, &op));
	mvx_sync_unorder(d);
	d->head = 4;
	assert_false(mvx_sync_left_behind(d, 3, 7, &v, &op));
}

/*
 * A follower's thread asleep waiting for an entry of its thread that the log
 * does not hold waits in vain; once the entry is there, or for a thread
 * nobody waits for, it does not.
 */
static void test_waits_in_vain(void **state)
{
	struct mvx_sync_domain *d = *state;
	struct awaiter a = { d, 9, (void *)1 };
	pthread_t t;

	mvx_sync_record(d, 3, 8, MVX_SYNC_MUTEX_LOCK, 0);
	assert_false(mvx_sync_waits_in_vain(d, 1, 9));
	assert_int_equal(pthread_create(&t, NULL, await_one, &a), 0);
	for (int i = 0; i < 500 && !mvx_sync_waits_in_vain(d, 1, 9); i++)
		usleep(2000);
	assert_true(mvx_sync_waits_in_vain(d, 1, 9));
	assert_false(mvx_sync_waits_in_vain(d, 1, 8));
	assert_false(mvx_sync_waits_in_vain(d, 2, 9));
	mvx_sync_record(d, 3, 9, MVX_SYNC_SEM_POST, 0);
	assert_false(mvx_sync_waits_in_vain(d, 1, 9));
	/* thread 8's entry made: thread 9's comes up */
	assert_non_null(mvx_sync_await(d, 1, 8));
	mvx_sync_done(d, 1);
	assert_true(joined(t));
	assert_non_null(a.got);
	assert_int_equal(a.got->op, MVX_SYNC_SEM_POST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_entries_in_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_threads_follow_leader_order,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_leader_waits_for_room,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_unorder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_left_behind, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_waits_in_vain, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
