// SPDX-License-Identifier: GPL-2.0
/*
 * Built twice (-DVARIANT=1, 2) as --variant executables: the first takes a
 * mutex where the second posts a semaphore, with no system call between
 * (glibc makes neither call in the kernel here): only the lock-order agent
 * sees the difference.  Then each writes what it did.
 *
 *   lockop
 */
#include <pthread.h>
#include <semaphore.h>

#include "util.h"

#if VARIANT == 1
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
#else
static sem_t s;
#endif

int main(void)
{
#if VARIANT == 1
	pthread_mutex_lock(&m);
	pthread_mutex_unlock(&m);
	put(1, "took the mutex\n");
#else
	sem_init(&s, 0, 0);
	sem_post(&s);
	put(1, "posted the semaphore\n");
#endif
	return 0;
}
