// SPDX-License-Identifier: GPL-2.0
/*
 * forksleep K [MARKER]: forks K children that sleep in a loop (100 ms at a
 * time), writes "ready\n" and sleeps the same way itself: for the teardown
 * test that kills mvx and then looks for survivors by the marker.
 */
#include <stdlib.h>
#include <time.h>
#include "util.h"

static void sleep_forever(void)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };

	for (;;)
		nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	int k = argc > 1 ? atoi(argv[1]) : 2;

	for (int i = 0; i < k; i++) {
		pid_t p = fork();

		if (p < 0)
			return 1;
		if (p == 0)
			sleep_forever();
	}
	put(1, "ready\n");
	sleep_forever();
}
