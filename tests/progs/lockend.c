// SPDX-License-Identifier: GPL-2.0
/*
 * Built twice (-DVARIANT=1, 2) as --variant executables: a second thread
 * takes a mutex twice in the first build and once in the second, with no
 * system call between, and ends; the main thread then joins it, takes
 * another mutex and writes.  Only the lock-order agent sees the
 * difference: a follower running the second build has a thread that ended
 * with its leader's last entries still in the log, ahead of the main
 * thread's.
 *
 *   lockend
 */
#include <pthread.h>

#include "util.h"

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void *second(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&a);
	pthread_mutex_unlock(&a);
#if VARIANT == 1
	pthread_mutex_lock(&a);
	pthread_mutex_unlock(&a);
#endif
	return NULL;
}

int main(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, second, NULL) != 0)
		return 1;
	pthread_join(t, NULL);
	pthread_mutex_lock(&b);
	pthread_mutex_unlock(&b);
	put(1, "joined\n");
	return 0;
}
