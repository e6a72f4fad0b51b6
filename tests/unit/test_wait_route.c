// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of user/wait_route.c: a wait with a deadline on the
 * monitor's own children (no tracing needed for wait4 on children). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wait_route.h"

/* A child that sleeps 'sec' seconds and exits 0. */
static pid_t sleeper(unsigned int sec)
{
	pid_t pid = fork();

	if (pid == 0) {
		sleep(sec);
		_exit(0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, __WALL);
}

/*
 * A deadline that has already passed: the timer's signal comes as it is
 * armed, before the wait4; the wait still returns 0 at once, not when the
 * child exits 3 s later (it used to sleep on).
 */
static void test_deadline_passed(void **state)
{
	struct timespec deadline, t0, t1;
	pid_t child = sleeper(3), got;
	int status;

	(void)state;
	assert_true(child > 0);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec -= 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	got = mvx_wait_among_until(&child, 1, &status, &deadline);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	reap(child);
	assert_int_equal(got, 0);
	assert_true(t1.tv_sec - t0.tv_sec < 2);
}

/* A deadline 100 ms ahead returns 0 after it; the child's exit is then
 * still there for the next wait. */
static void test_deadline_then_child(void **state)
{
	struct timespec deadline;
	pid_t child = sleeper(1), got;
	int status = -1;

	(void)state;
	assert_true(child > 0);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_nsec += 100 * 1000 * 1000;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	got = mvx_wait_among_until(&child, 1, &status, &deadline);
	if (got != 0)
		reap(child);
	assert_int_equal(got, 0);
	got = mvx_wait_among(&child, 1, &status);
	assert_int_equal(got, child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadline_passed),
		cmocka_unit_test(test_deadline_then_child),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	mvx_wait_route_exit();
	return failed;
}
