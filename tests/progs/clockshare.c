// SPDX-License-Identifier: GPL-2.0
/*
 * clockshare: a threaded process whose main thread reads the interval
 * clocks the way an event loop does (libuv, node.js): a deadline 30 ms
 * ahead, a poll for the time left, read again, until it has passed.  It
 * prints the nanoseconds between its first and last readings of each
 * clock and whether every clock only grew.  A native run prints numbers of
 * its own; every variant must print the same, which it does only when
 * its k-th reading equals the other variants' k-th.
 */
#include <poll.h>
#include <pthread.h>
#include <time.h>
#include "util.h"

static const clockid_t clocks[] = {
	CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE,
	CLOCK_BOOTTIME,
};
#define NCLOCKS (sizeof(clocks) / sizeof(clocks[0]))

static long long ns(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void *idle(void *arg)
{
	return arg;
}

int main(void)
{
	long long first[NCLOCKS], last[NCLOCKS], deadline;
	int grows = 1, polls = 0;
	pthread_t th;
	char buf[24];

	/* the process is threaded from here on: its clocks run unmatched */
	if (pthread_create(&th, NULL, idle, NULL) || pthread_join(th, NULL))
		return 2;
	for (unsigned int c = 0; c < NCLOCKS; c++)
		first[c] = last[c] = ns(clocks[c]);
	deadline = first[0] + 30000000LL;
	for (;;) {
		long long now = ns(CLOCK_MONOTONIC);

		if (now < last[0])
			grows = 0;
		last[0] = now;
		if (now >= deadline)
			break;
		poll(NULL, 0, (int)((deadline - now + 999999) / 1000000));
		polls++;
	}
	for (unsigned int c = 1; c < NCLOCKS; c++) {
		long long v = ns(clocks[c]);

		if (v < last[c])
			grows = 0;
		last[c] = v;
	}
	for (unsigned int c = 0; c < NCLOCKS; c++) {
		put(1, "clock ");
		put(1, fmt_dec(buf, clocks[c]));
		put(1, " elapsed ");
		put(1, fmt_dec(buf, last[c] - first[c]));
		put(1, "\n");
	}
	put(1, "polls ");
	put(1, fmt_dec(buf, polls));
	put(1, grows ? "\ngrows yes\n" : "\ngrows no\n");
	return 0;
}
