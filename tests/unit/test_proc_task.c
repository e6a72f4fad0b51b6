// SPDX-License-Identifier: GPL-2.0
/*
 * What /proc says of a task (user/proc_task.c), read of this process and
 * of a child: pending and caught signals, the call a task sleeps in (and
 * whether it is a futex wait without a time-out), its state letter.
 */
#include <linux/futex.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "proc_task.h"

static void on_usr2(int sig)
{
	(void)sig;
}

static void test_masks(void **state)
{
	struct sigaction sa = { .sa_handler = on_usr2 };
	sigset_t block, old;
	uint64_t m;

	(void)state;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	assert_true(mvx_proc_pending(getpid(), &m));
	assert_false(m & (1ULL << (SIGUSR1 - 1)));
	kill(getpid(), SIGUSR1);		/* the process's: ShdPnd */
	assert_true(mvx_proc_pending(getpid(), &m));
	assert_true(m & (1ULL << (SIGUSR1 - 1)));
	signal(SIGUSR1, SIG_IGN);		/* discards it */
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGUSR1, SIG_DFL);

	sigaction(SIGUSR2, &sa, NULL);
	assert_true(mvx_proc_status_mask(getpid(), "SigCgt", &m));
	assert_true(m & (1ULL << (SIGUSR2 - 1)));
	assert_false(mvx_proc_status_mask(getpid(), "NoSuchField", &m));
	assert_false(mvx_proc_status_mask(0, "SigCgt", &m));
}

static void test_blocked_call(void **state)
{
	struct timespec pause_a_bit = { 0, 200 * 1000 * 1000 };
	pid_t child;
	long nr = -1;

	(void)state;
	/* a task running in user space is in no call */
	child = fork();
	assert_true(child >= 0);
	if (child == 0)
		for (;;)
			;
	nanosleep(&pause_a_bit, NULL);
	assert_int_equal(mvx_proc_blocked_call(child), -1);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);

	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	for (int k = 0; k < 50 && nr != SYS_pause; k++) {
		nanosleep(&pause_a_bit, NULL);
		nr = mvx_proc_blocked_call(child);
	}
	assert_int_equal(nr, SYS_pause);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	assert_int_equal(mvx_proc_blocked_call(child), -1);	/* gone */
}

static void test_state(void **state)
{
	struct timespec pause_a_bit = { 0, 20 * 1000 * 1000 };
	pid_t child;
	char st = 0;

	(void)state;
	assert_int_equal(mvx_proc_state(getpid()), 'R');
	child = fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	/* ended, not yet waited for: a zombie */
	for (int k = 0; k < 100 && st != 'Z'; k++) {
		nanosleep(&pause_a_bit, NULL);
		st = mvx_proc_state(child);
	}
	assert_int_equal(st, 'Z');
	waitpid(child, NULL, 0);
	assert_int_equal(mvx_proc_state(child), 0);	/* gone */
	assert_int_equal(mvx_proc_state(0), 0);
}

static int futex_word;

/* A child that sleeps in a futex wait, with a time-out or without. */
static pid_t futex_sleeper(bool timed)
{
	pid_t child = fork();

	if (child == 0) {
		struct timespec long_time = { 3600, 0 };

		syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0,
			timed ? &long_time : NULL, NULL, 0);
		_exit(0);
	}
	return child;
}

/* Waits until task 'tid' sleeps in call 'nr' (at most 10 s); whether it
 * does. */
static bool await_call(pid_t tid, long nr)
{
	struct timespec pause_a_bit = { 0, 20 * 1000 * 1000 };

	for (int k = 0; k < 500 && mvx_proc_blocked_call(tid) != nr; k++)
		nanosleep(&pause_a_bit, NULL);
	return mvx_proc_blocked_call(tid) == nr;
}

/* Ends and reaps a child before the results are checked, so that a failed
 * check leaves no process behind. */
static void end_child(pid_t child)
{
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

static void test_untimed_futex(void **state)
{
	bool asleep, untimed;
	pid_t child;

	(void)state;
	child = futex_sleeper(false);
	assert_true(child > 0);
	asleep = await_call(child, SYS_futex);
	untimed = mvx_proc_untimed_futex(child);
	end_child(child);
	assert_true(asleep);
	assert_true(untimed);

	child = futex_sleeper(true);
	assert_true(child > 0);
	asleep = await_call(child, SYS_futex);
	untimed = mvx_proc_untimed_futex(child);	/* it wakes by itself */
	end_child(child);
	assert_true(asleep);
	assert_false(untimed);

	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	asleep = await_call(child, SYS_pause);
	untimed = mvx_proc_untimed_futex(child);	/* not a futex */
	end_child(child);
	assert_true(asleep);
	assert_false(untimed);
	assert_false(mvx_proc_untimed_futex(child));	/* gone */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_masks),
		cmocka_unit_test(test_blocked_call),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_untimed_futex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
