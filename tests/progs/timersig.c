// SPDX-License-Identifier: GPL-2.0
/*
 * timersig thread|signal|wait: a POSIX timer every 5 ms whose value
 * (sigev_value) is a pointer into the program, different in every variant:
 *   thread  SIGEV_THREAD: glibc's helper thread takes the signal with
 *           sigtimedwait and finds the timer by that pointer; the program
 *           waits for 10 callbacks;
 *   signal  SIGEV_SIGNAL with an SA_SIGINFO handler that counts through the
 *           pointer it gets; the program waits in sigsuspend for 5 (the
 *           sigevent's thread field, unread by the kernel, holds an
 *           address);
 *   wait    SIGEV_SIGNAL, blocked and taken 5 times with sigwaitinfo.
 * Each writes one line saying whether every signal carried the program's
 * own pointer.  Exits 3 after 20 s without them.
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include "util.h"

static atomic_int callbacks;
static volatile sig_atomic_t handled, foreign;

static void on_expiry(union sigval v)
{
	if (v.sival_ptr == &callbacks)
		atomic_fetch_add(&callbacks, 1);
}

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (si->si_value.sival_ptr == &handled)
		handled++;
	else
		foreign++;
}

static int start(timer_t *t, int notify)
{
	struct itimerspec every = { { 0, 5000000 }, { 0, 5000000 } };
	struct sigevent se = { 0 };

	se.sigev_notify = notify;
	se.sigev_signo = SIGRTMIN;
	if (notify == SIGEV_THREAD) {
		se.sigev_notify_function = on_expiry;
		se.sigev_value.sival_ptr = &callbacks;
	} else {
		se.sigev_value.sival_ptr = (void *)&handled;
		/* a field the kernel does not read for SIGEV_SIGNAL holds
		 * something layout-dependent, as an uninitialised one may */
		se._sigev_un._tid = (pid_t)(uintptr_t)&se;
	}
	return timer_create(CLOCK_MONOTONIC, &se, t) == 0 &&
	       timer_settime(*t, 0, &every, NULL) == 0;
}

int main(int argc, char **argv)
{
	struct timespec nap = { 0, 1000000 };
	const char *mode = argc > 1 ? argv[1] : "thread";
	sigset_t rt, none;
	timer_t t;
	int turns = 0;

	sigemptyset(&rt);
	sigaddset(&rt, SIGRTMIN);
	sigemptyset(&none);
	if (strcmp(mode, "thread") == 0) {
		if (!start(&t, SIGEV_THREAD))
			return 2;
		while (atomic_load(&callbacks) < 10 && turns++ < 20000)
			nanosleep(&nap, NULL);
		timer_delete(t);
		put(1, atomic_load(&callbacks) >= 10 ?
		       "10 callbacks with the program's own pointer\n" :
		       "callbacks missing\n");
		return atomic_load(&callbacks) >= 10 ? 0 : 3;
	}
	if (strcmp(mode, "signal") == 0) {
		struct sigaction sa = { 0 };

		sa.sa_sigaction = on_signal;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGRTMIN, &sa, NULL);
		sigprocmask(SIG_BLOCK, &rt, NULL);
		if (!start(&t, SIGEV_SIGNAL))
			return 2;
		while (handled < 5 && !foreign && turns++ < 4000)
			sigsuspend(&none);
	} else {
		siginfo_t si;

		sigprocmask(SIG_BLOCK, &rt, NULL);
		if (!start(&t, SIGEV_SIGNAL))
			return 2;
		while (handled < 5 && !foreign && turns++ < 4000) {
			if (sigwaitinfo(&rt, &si) != SIGRTMIN)
				continue;
			if (si.si_value.sival_ptr == &handled)
				handled++;
			else
				foreign++;
		}
	}
	timer_delete(t);
	put(1, handled >= 5 && !foreign ?
	       "5 signals with the program's own pointer\n" :
	       "a signal with another pointer\n");
	return handled >= 5 && !foreign ? 0 : 3;
}
