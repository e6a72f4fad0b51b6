// SPDX-License-Identifier: GPL-2.0
/*
 * The leader's calls made ahead of its followers (user/run_ahead.c): which
 * calls may go ahead, that what the comparison and the copy of results
 * read of the leader's memory is kept as it was (the leader's memory
 * changes afterwards), and the queue shared by the followers.  The
 * "variants" are this process: their memory is read and written through
 * the same calls as a traced task's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "run_ahead.h"
#include "vset.h"

static struct mvx_options opt;
static struct mvx_session session;
static struct mvx_vset vs;

static void set_call(struct mvx_call *c, long nr, uint64_t a0, uint64_t a1,
		     uint64_t a2)
{
	memset(c, 0, sizeof(*c));
	c->nr = nr;
	c->arch = MVX_ARCH_X86_64;
	c->args[0] = a0;
	c->args[1] = a1;
	c->args[2] = a2;
	c->desc = mvx_syscall_lookup(nr);
	c->mem = mvx_mem_of_task(getpid());
}

static int setup(void **state)
{
	(void)state;
	memset(&opt, 0, sizeof(opt));
	memset(&session, 0, sizeof(session));
	memset(&vs, 0, sizeof(vs));
	opt.run_ahead = true;
	session.opt = &opt;
	vs.s = &session;
	vs.n = 3;
	for (int i = 0; i < vs.n; i++)
		vs.t[i].tid = getpid();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mvx_ahead_free(&vs);
	return 0;
}

static void test_allowed(void **state)
{
	static char buf[16];

	(void)state;
	set_call(&vs.t[0].call, SYS_write, 1, (uintptr_t)buf, sizeof(buf));
	assert_true(mvx_ahead_allowed(&vs));
	set_call(&vs.t[0].call, SYS_read, 0, (uintptr_t)buf, 64UL << 20);
	assert_false(mvx_ahead_allowed(&vs));	/* more than a call may keep */
	set_call(&vs.t[0].call, SYS_openat, 0, (uintptr_t)"x", 0);
	assert_false(mvx_ahead_allowed(&vs));
	set_call(&vs.t[0].call, SYS_exit_group, 0, 0, 0);
	assert_false(mvx_ahead_allowed(&vs));
	/* the process's own signal state and ids, but no new process */
	set_call(&vs.t[0].call, SYS_rt_sigprocmask, SIG_BLOCK,
		 (uintptr_t)buf, 0);
	assert_true(mvx_ahead_allowed(&vs));
	set_call(&vs.t[0].call, SYS_getpid, 0, 0, 0);
	assert_true(mvx_ahead_allowed(&vs));
	set_call(&vs.t[0].call, SYS_vfork, 0, 0, 0);
	assert_false(mvx_ahead_allowed(&vs));
	set_call(&vs.t[0].call, SYS_rt_sigsuspend, (uintptr_t)buf, 8, 0);
	assert_false(mvx_ahead_allowed(&vs));	/* waits for a signal */
	set_call(&vs.t[0].call, SYS_write, 1, (uintptr_t)buf, sizeof(buf));
	vs.pending_mask = 1ULL << 15;		/* a signal is held */
	assert_false(mvx_ahead_allowed(&vs));
	vs.pending_mask = 0;
	opt.run_ahead = false;			/* --no-run-ahead */
	assert_false(mvx_ahead_allowed(&vs));
}

/* A write's data is compared as it was when the leader made the call. */
static void test_inputs_kept(void **state)
{
	static char lead[6] = "hello", same[6] = "hello", other[6] = "hallo";
	struct mvx_call both[2];
	struct mvx_ahead *e;
	struct mvx_diff d;

	(void)state;
	set_call(&vs.t[0].call, SYS_write, 1, (uintptr_t)lead, 5);
	e = mvx_ahead_begin(&vs);
	assert_non_null(e);
	assert_true(mvx_ahead_commit(&vs, e, 5));
	memcpy(lead, "HELLO", 5);	/* the leader goes on */

	both[0] = e->call;
	set_call(&both[1], SYS_write, 1, (uintptr_t)same, 5);
	assert_true(mvx_calls_match(both, 2, &d));
	set_call(&both[1], SYS_write, 1, (uintptr_t)other, 5);
	assert_false(mvx_calls_match(both, 2, &d));
	assert_int_equal(d.arg, 1);
	assert_int_equal(d.offset, 1);
	set_call(&both[1], SYS_write, 2, (uintptr_t)same, 5);
	assert_false(mvx_calls_match(both, 2, &d));
	assert_int_equal(d.arg, 0);
}

/* A read's data reaches a follower as the leader's call returned it. */
static void test_results_kept(void **state)
{
	static char lead[8] = "data!", follower[8];
	struct mvx_call f;
	struct mvx_ahead *e;
	struct mvx_diff d;

	(void)state;
	set_call(&vs.t[0].call, SYS_read, 0, (uintptr_t)lead, sizeof(lead));
	e = mvx_ahead_begin(&vs);
	assert_non_null(e);
	assert_true(mvx_ahead_commit(&vs, e, 5));	/* it read "data!" */
	memset(lead, 'z', sizeof(lead));

	set_call(&f, SYS_read, 0, (uintptr_t)follower, sizeof(follower));
	assert_true(mvx_copy_outputs(&e->out_call, &f, e->ret, &d));
	assert_memory_equal(follower, "data!", 5);
	assert_int_equal(follower[5], 0);	/* only what was read */
}

/* Each follower consumes every entry; an entry is freed when all have. */
static void test_queue(void **state)
{
	static char a[4] = "one", b[4] = "two";
	struct mvx_ahead *e1, *e2;

	(void)state;
	assert_false(mvx_ahead_lagging(&vs));
	assert_null(mvx_ahead_next(&vs, 1));
	set_call(&vs.t[0].call, SYS_write, 1, (uintptr_t)a, 3);
	e1 = mvx_ahead_begin(&vs);
	assert_true(mvx_ahead_commit(&vs, e1, 3));
	set_call(&vs.t[0].call, SYS_write, 1, (uintptr_t)b, 3);
	e2 = mvx_ahead_begin(&vs);
	assert_true(mvx_ahead_commit(&vs, e2, 3));
	assert_true(mvx_ahead_lagging(&vs));
	assert_null(mvx_ahead_next(&vs, 0));	/* the leader has none */
	assert_ptr_equal(mvx_ahead_next(&vs, 1), e1);
	assert_ptr_equal(mvx_ahead_next(&vs, 2), e1);
	assert_int_equal(vs.ahead_len, 2);

	mvx_ahead_consumed(&vs, 1);
	assert_ptr_equal(mvx_ahead_next(&vs, 1), e2);
	assert_ptr_equal(mvx_ahead_next(&vs, 2), e1);
	assert_int_equal(vs.ahead_len, 2);	/* follower 2 needs e1 */
	mvx_ahead_consumed(&vs, 2);
	assert_int_equal(vs.ahead_len, 1);
	mvx_ahead_consumed(&vs, 1);
	assert_true(mvx_ahead_lagging(&vs));
	assert_null(mvx_ahead_next(&vs, 1));
	vs.t[2].exited = true;			/* an ended follower */
	assert_false(mvx_ahead_lagging(&vs));
}

/* A two-page write, which the comparison reads in pieces: all of it is
 * kept, down to its last byte. */
static void test_whole_buffer_kept(void **state)
{
	long page = sysconf(_SC_PAGESIZE);
	struct mvx_call both[2];
	struct mvx_ahead *e;
	struct mvx_diff d;
	char *p = aligned_alloc(page, 2 * page);
	char *q = aligned_alloc(page, 2 * page);

	(void)state;
	assert_non_null(p);
	assert_non_null(q);
	memset(p, 'a', 2 * page);
	memset(q, 'a', 2 * page);
	q[2 * page - 1] = 'b';
	set_call(&vs.t[0].call, SYS_write, 1, (uintptr_t)p, 2 * page);
	e = mvx_ahead_begin(&vs);
	assert_non_null(e);
	assert_true(mvx_ahead_commit(&vs, e, 2 * page));
	memset(p, 'c', 2 * page);
	both[0] = e->call;
	set_call(&both[1], SYS_write, 1, (uintptr_t)q, 2 * page);
	assert_false(mvx_calls_match(both, 2, &d));
	assert_int_equal(d.offset, 2 * page - 1);
	free(p);
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_allowed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inputs_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_results_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whole_buffer_kept, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
