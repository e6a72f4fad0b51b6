// SPDX-License-Identifier: GPL-2.0
/*
 * Threads whose outcome depends on the order they take their locks in:
 * three threads racing for a mutex (the order they got it is printed as a
 * hash), a semaphore polled with sem_trywait while another thread posts it
 * (the failed polls are counted), and a condition waited for with a short
 * time-out (the time-outs are counted).  Each variant of a run under mvx
 * prints the same numbers only if their threads took the locks in the same
 * order; a native run prints numbers of its own.
 *
 *   lockrace
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

#include "util.h"

#define ROUNDS 3000
#define POSTS 200
#define SIGNALS 50

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static unsigned char order[3 * ROUNDS];
static int taken, ready;
static sem_t sem;

static void spin(unsigned int n)
{
	for (volatile unsigned int i = 0; i < n; i++)
		;
}

static void *racer(void *arg)
{
	unsigned char id = (unsigned char)(long)arg;

	for (int k = 0; k < ROUNDS; k++) {
		pthread_mutex_lock(&m);
		order[taken++] = id;
		pthread_mutex_unlock(&m);
		spin(200 + 50 * id);
	}
	return NULL;
}

static void *poster(void *arg)
{
	(void)arg;
	for (int k = 0; k < POSTS; k++) {
		spin(20000);
		sem_post(&sem);
	}
	return NULL;
}

static void *signaller(void *arg)
{
	(void)arg;
	for (int k = 0; k < SIGNALS; k++) {
		spin(300000);
		pthread_mutex_lock(&m);
		ready++;
		pthread_cond_signal(&c);
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

int main(void)
{
	unsigned long long hash = 1469598103934665603ULL;
	long failed = 0, timeouts = 0;
	pthread_t t[3];
	char line[160];
	int got = 0;

	for (long i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, racer, (void *)i);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < taken; i++)
		hash = (hash ^ order[i]) * 1099511628211ULL;

	sem_init(&sem, 0, 0);
	pthread_create(&t[0], NULL, poster, NULL);
	while (got < POSTS) {
		if (sem_trywait(&sem) == 0)
			got++;
		else
			failed++;
	}
	pthread_join(t[0], NULL);

	pthread_create(&t[0], NULL, signaller, NULL);
	pthread_mutex_lock(&m);
	for (got = 0; got < SIGNALS;) {
		struct timespec at;

		clock_gettime(CLOCK_REALTIME, &at);
		at.tv_nsec += 20000;
		if (at.tv_nsec >= 1000000000L) {
			at.tv_sec++;
			at.tv_nsec -= 1000000000L;
		}
		if (ready > 0) {
			ready--;
			got++;
		} else if (pthread_cond_timedwait(&c, &m, &at) == ETIMEDOUT) {
			timeouts++;
		}
	}
	pthread_mutex_unlock(&m);
	pthread_join(t[0], NULL);

	snprintf(line, sizeof(line),
		 "taken %d order %016llx failed polls %ld timeouts %ld\n",
		 taken, hash, failed, timeouts);
	put(1, line);
	return 0;
}
