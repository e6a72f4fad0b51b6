// SPDX-License-Identifier: GPL-2.0
/*
 * sigwait pause|sleep|spin|semwait|join [MARKER]: installs a SIGTERM
 * handler, writes "ready\n", then waits for the signal:
 *   pause    in pause();
 *   sleep    in a nanosleep loop (50 ms at a time);
 *   spin     in a loop that polls the handler's flag and makes no system
 *            call (an alarm(30) ends it with SIGALRM if no signal comes);
 *   semwait  in sem_wait, which the handler posts (async-signal-safe), while
 *            a second thread waits in sem_wait for the end;
 *   join     in pthread_join of a thread that sleeps 50 ms at a time until
 *            the handler's flag is set.
 * In both threaded modes the second thread blocks SIGTERM, so the kernel
 * gives the signal to the waiting main thread, natively and in the
 * leader.  The handler writes "handler: SIGTERM\n"; after it the program
 * writes how often it ran and exits 0.  The test harness sends SIGTERM to
 * the process (native) or to mvx once "ready" is written; a monitor that
 * delivers the signal to every variant at the same point gives exactly the
 * native output.  Exits 3 after 30 s without a signal (spin: killed by
 * SIGALRM).
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include "util.h"

static volatile sig_atomic_t hits;
static sem_t posted, end;

static void on_term(int sig)
{
	(void)sig;
	hits++;
	put(1, "handler: SIGTERM\n");
	sem_post(&posted);
}

static void block_term(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void *wait_end(void *arg)
{
	(void)arg;
	block_term();
	while (sem_wait(&end) < 0 && errno == EINTR)
		;
	return NULL;
}

static void *sleep_till_hit(void *arg)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	(void)arg;
	block_term();
	for (int i = 0; !hits && i < 600; i++)
		nanosleep(&ts, NULL);
	return NULL;
}

/* The threaded modes: returns 0, or 2 when a thread cannot be started. */
static int wait_threaded(const char *mode)
{
	int join = strcmp(mode, "join") == 0;
	struct timespec limit;
	pthread_t th;

	if (pthread_create(&th, NULL, join ? sleep_till_hit : wait_end, NULL))
		return 2;
	put(1, "ready\n");
	if (join) {
		pthread_join(th, NULL);
		return 0;
	}
	clock_gettime(CLOCK_REALTIME, &limit);
	limit.tv_sec += 30;
	while (sem_timedwait(&posted, &limit) < 0 && errno == EINTR)
		;
	sem_post(&end);
	pthread_join(th, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_term };
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	const char *mode = argc > 1 ? argv[1] : "pause";
	int use_pause = strcmp(mode, "pause") == 0;
	char buf[24];

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) < 0 || sem_init(&posted, 0, 0) ||
	    sem_init(&end, 0, 0))
		return 2;
	if (strcmp(mode, "semwait") == 0 || strcmp(mode, "join") == 0) {
		if (wait_threaded(mode))
			return 2;
	} else if (strcmp(mode, "spin") == 0) {
		alarm(30);
		put(1, "ready\n");
		while (!hits)
			;
	} else {
		put(1, "ready\n");
		for (int i = 0; !hits && i < 600; i++) {
			if (use_pause)
				pause();
			else
				nanosleep(&ts, NULL);
		}
	}
	if (!hits) {
		put(1, "no signal\n");
		return 3;
	}
	put(1, "handled ");
	put(1, fmt_dec(buf, hits));
	put(1, " time(s)\n");
	return 0;
}
