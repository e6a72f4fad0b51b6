// SPDX-License-Identifier: GPL-2.0
/*
 * Takes a mutex (so that the lock-order agent asks mvx for a log for this
 * program image), then sleeps for the given milliseconds, so that many
 * images hold a log at once, and writes "held".
 *
 *   lockhold MS
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "util.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 0;
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	pthread_mutex_lock(&m);
	pthread_mutex_unlock(&m);
	nanosleep(&t, NULL);
	put(1, "held\n");
	return 0;
}
