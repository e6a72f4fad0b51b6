// SPDX-License-Identifier: GPL-2.0
/*
 * alarmsleep: sleeps that a signal handler cuts short.  sleep(3) with an
 * alarm after 1 s (glibc's sleep hands the kernel one timespec as request
 * and remainder); then nanosleep(&t, &t) and select() with a time-out, each
 * made again with the time left until it has all passed, under a 50 ms
 * interval timer.  Prints what it saw, the same lines every run.
 */
#include <errno.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>

#include "util.h"

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

int main(void)
{
	struct itimerval every = { { 0, 50000 }, { 0, 50000 } }, off = { 0 };
	struct timespec t = { 0, 300000000 };
	struct timeval tv = { 0, 300000 };
	int r;

	signal(SIGALRM, on_alarm);
	alarm(1);
	put(1, sleep(3) > 0 && alarms == 1 ? "sleep cut short by the alarm\n" :
					    "sleep not cut short\n");

	alarms = 0;
	setitimer(ITIMER_REAL, &every, NULL);
	while (nanosleep(&t, &t) == -1 && errno == EINTR)
		;
	put(1, alarms > 0 ? "nanosleep went on after alarms\n" :
			    "nanosleep saw no alarm\n");

	alarms = 0;
	do
		r = select(0, NULL, NULL, NULL, &tv);
	while (r == -1 && errno == EINTR);
	setitimer(ITIMER_REAL, &off, NULL);
	put(1, r == 0 && alarms > 0 ? "select went on after alarms\n" :
				      "select saw no alarm\n");
	return 0;
}
