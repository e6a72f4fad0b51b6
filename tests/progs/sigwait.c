// SPDX-License-Identifier: GPL-2.0
/*
 * sigwait pause|sleep [MARKER]: installs a SIGTERM handler, writes
 * "ready\n", then waits for the signal in pause() or in a nanosleep loop
 * (50 ms at a time).  The handler writes "handler: SIGTERM\n"; after it the
 * program writes how often it ran and exits 0.  The test harness sends
 * SIGTERM to the process (native) or to mvx once "ready" is written; a
 * monitor that delivers the signal to every variant at the same point
 * gives exactly the native output.  Exits 3 after 30 s without a signal.
 */
#include <signal.h>
#include <string.h>
#include <time.h>
#include "util.h"

static volatile sig_atomic_t hits;

static void on_term(int sig)
{
	(void)sig;
	hits++;
	put(1, "handler: SIGTERM\n");
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_term };
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int use_pause = argc > 1 && strcmp(argv[1], "pause") == 0;
	char buf[24];

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) < 0)
		return 2;
	put(1, "ready\n");
	for (int i = 0; !hits && i < 600; i++) {
		if (use_pause)
			pause();
		else
			nanosleep(&ts, NULL);
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
