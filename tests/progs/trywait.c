// SPDX-License-Identifier: GPL-2.0
/*
 * Built twice (-DVARIANT=1, 2) as --variant executables.  The main thread
 * holds a mutex G (as Python's threads hold the interpreter lock) and tries
 * to take a lock L without waiting; if L is busy it gives G up, waits for
 * L and takes G again, as Python's lock acquisition does.  A second thread
 * releases L once it has G.  L starts free in the first build and held in
 * the second: the leader's try succeeds, its follower's fails at the same
 * turn of the lock-order log.  The follower must then fail its try, as the
 * program asked, and not wait for L while it holds G, which the thread
 * that would release L waits for.
 *
 *   trywait sem|mutex
 */
#include <pthread.h>
#include <semaphore.h>
#include <string.h>

#include "util.h"

static pthread_mutex_t g = PTHREAD_MUTEX_INITIALIZER;
static sem_t sem;
#if VARIANT == 1
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
#else
/* held, by no thread: the second thread's unlock frees it */
static pthread_mutex_t mutex = { .__data = { .__lock = 1 } };
#endif
static int use_sem;

static int try_l(void)
{
	return use_sem ? sem_trywait(&sem) : pthread_mutex_trylock(&mutex);
}

static void wait_l(void)
{
	if (use_sem)
		sem_wait(&sem);
	else
		pthread_mutex_lock(&mutex);
}

static void release_l(void)
{
	if (use_sem)
		sem_post(&sem);
	else
		pthread_mutex_unlock(&mutex);
}

static void *releaser(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&g);
	release_l();
	pthread_mutex_unlock(&g);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc != 2)
		return 2;
	use_sem = strcmp(argv[1], "sem") == 0;
	sem_init(&sem, 0, VARIANT == 1);
	pthread_mutex_lock(&g);
	if (pthread_create(&t, NULL, releaser, NULL) != 0)
		return 1;
	if (try_l() != 0) {
		pthread_mutex_unlock(&g);
		wait_l();
		pthread_mutex_lock(&g);
	}
	pthread_mutex_unlock(&g);
	pthread_join(t, NULL);
	put(1, "done\n");
	return 0;
}
