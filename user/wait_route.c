// SPDX-License-Identifier: GPL-2.0
#include "wait_route.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"

struct kept_event {
	pid_t tid;
	int status;
};

/* Events read for a tracee nobody was waiting for yet.  A stopped tracee
 * reports nothing more until it is resumed, so this holds at most about one
 * event per tracee of the thread. */
static __thread struct kept_event *kept;
static __thread size_t kept_len, kept_cap;

static bool keep(pid_t tid, int status)
{
	if (kept_len == kept_cap) {
		size_t cap = kept_cap ? 2 * kept_cap : 16;
		struct kept_event *k = realloc(kept, cap * sizeof(*k));

		if (!k)
			return false;
		kept = k;
		kept_cap = cap;
	}
	kept[kept_len].tid = tid;
	kept[kept_len].status = status;
	kept_len++;
	return true;
}

/* Takes the oldest kept event of one of 'tids'; returns its tid or 0. */
static pid_t take(const pid_t *tids, int n, int *status)
{
	for (size_t k = 0; k < kept_len; k++) {
		for (int j = 0; j < n; j++) {
			if (kept[k].tid != tids[j])
				continue;
			*status = kept[k].status;
			for (size_t m = k + 1; m < kept_len; m++)
				kept[m - 1] = kept[m];
			kept_len--;
			return tids[j];
		}
	}
	return 0;
}

/* The signal of the per-thread timer that interrupts a wait. */
#define WAKE_SIG (SIGRTMIN + 3)

static __thread timer_t timer;
static __thread bool have_timer;
static __thread volatile sig_atomic_t timer_fired;
static pthread_once_t wake_once = PTHREAD_ONCE_INIT;

static void on_wake(int sig)
{
	(void)sig;
	timer_fired = 1;
}

/* No SA_RESTART: the signal ends the wait4 it interrupts with EINTR. */
static void install_wake(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_wake;
	sigemptyset(&sa.sa_mask);
	sigaction(WAKE_SIG, &sa, NULL);
}

static __thread bool armed;		/* the timer runs, till armed_at */
static __thread struct timespec armed_at;

static bool before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/*
 * Makes sure the timer fires by 'deadline', and again every 10 ms after
 * that until a wait has seen it: a signal that comes between the arming
 * and the wait4 (a deadline already passed, or a thread preempted there)
 * only sets the flag, and the wait4 after it would sleep for ever without
 * the next one.  A timer already set to fire earlier is left alone (no
 * system call in the common case, where each wait's deadline is later
 * than the last): when it fires, the wait sees its own deadline has not
 * passed and arms again.
 */
static bool arm(const struct timespec *deadline)
{
	struct itimerspec it = { { 0, 10 * 1000 * 1000 }, *deadline };

	if (armed && !before(deadline, &armed_at))
		return true;
	if (!have_timer) {
		struct sigevent ev;

		pthread_once(&wake_once, install_wake);
		memset(&ev, 0, sizeof(ev));
		ev.sigev_notify = SIGEV_THREAD_ID;
		ev.sigev_signo = WAKE_SIG;
		ev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
		if (timer_create(CLOCK_MONOTONIC, &ev, &timer) != 0) {
			mvx_perr("cannot create a timer for a monitor thread");
			return false;
		}
		have_timer = true;
	}
	if (timer_settime(timer, TIMER_ABSTIME, &it, NULL) != 0)
		return false;
	armed = true;
	armed_at = *deadline;
	return true;
}

/* The timer fired (in this wait or after an earlier one returned): returns
 * true when 'deadline' has passed. */
static bool expired(const struct timespec *deadline)
{
	struct itimerspec off = { { 0, 0 }, { 0, 0 } };
	struct timespec now;

	timer_fired = 0;
	if (armed)
		timer_settime(timer, 0, &off, NULL);	/* no more repeats */
	armed = false;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return deadline && !before(&now, deadline);
}

pid_t mvx_wait_among_until(const pid_t *tids, int n, int *status,
			   const struct timespec *deadline)
{
	pid_t got = take(tids, n, status);

	while (!got) {
		int st;
		pid_t p;

		if (timer_fired && expired(deadline))
			return 0;
		if (deadline && !arm(deadline))
			deadline = NULL;
		p = wait4(-1, &st, __WALL | __WNOTHREAD, NULL);
		if (p < 0) {
			if (errno != EINTR)
				return -1;
			continue;	/* the timer: checked above */
		}
		for (int j = 0; j < n && !got; j++)
			if (p == tids[j])
				got = p;
		if (got) {
			*status = st;
		} else if (!keep(p, st)) {
			errno = ENOMEM;
			got = -1;
		}
	}
	return got;
}

pid_t mvx_wait_among(const pid_t *tids, int n, int *status)
{
	return mvx_wait_among_until(tids, n, status, NULL);
}

pid_t mvx_wait_one(pid_t tid, int *status)
{
	return mvx_wait_among(&tid, 1, status);
}

void mvx_wait_route_exit(void)
{
	if (have_timer)
		timer_delete(timer);
	have_timer = false;
	armed = false;
	free(kept);
	kept = NULL;
	kept_len = 0;
	kept_cap = 0;
}
