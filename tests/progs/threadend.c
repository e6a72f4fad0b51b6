// SPDX-License-Identifier: GPL-2.0
/*
 * A thread that takes a lock a different number of times in each build,
 * then ends; the main thread joins it, takes the lock and writes "done".
 * Built as --variant executables threadend1 (twice), threadend2 (once)
 * and threadend3 (never): the lock-order agent sees a follower's thread
 * end where its leader's took the lock, or the other way round, and stops
 * ordering (said with -v); the run goes on and ends as natively.
 */
#include <pthread.h>
#include "util.h"

#ifndef VARIANT
#error "build with -DVARIANT=1, 2 or 3"
#endif

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *thread(void *arg)
{
	(void)arg;
	if (VARIANT == 3)
		return NULL;
	pthread_mutex_lock(&m);
	pthread_mutex_unlock(&m);
	if (VARIANT == 1) {
		pthread_mutex_lock(&m);
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

int main(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, thread, NULL) != 0 ||
	    pthread_join(t, NULL) != 0)
		return 2;
	pthread_mutex_lock(&m);
	put(1, "done\n");
	pthread_mutex_unlock(&m);
	return 0;
}
