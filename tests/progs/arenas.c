// SPDX-License-Identifier: GPL-2.0
/*
 * arenas: 16 threads wait together at a barrier, then each allocates once,
 * so that more threads than glibc makes malloc arenas for (8) ask for one
 * at the same moment: the thread that makes the ninth reads the number of
 * CPUs, a different thread in each variant unless the lock-order agent
 * fixed the arena limit first (agent/malloc_arenas.c).  Prints one line.
 */
#include <pthread.h>
#include <stdlib.h>

#include "util.h"

#define THREADS 16

static pthread_barrier_t start;

static void *allocate(void *arg)
{
	volatile char *p;

	pthread_barrier_wait(&start);
	p = malloc(100);
	if (!p)
		return arg;
	p[0] = 1;
	free((void *)p);
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	void *failed;
	int bad = 0;

	pthread_barrier_init(&start, NULL, THREADS);
	for (int i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, allocate, &bad) != 0)
			return 1;
	for (int i = 0; i < THREADS; i++)
		if (pthread_join(t[i], &failed) != 0 || failed)
			bad = 1;
	put(1, bad ? "an allocation failed\n" : "16 threads allocated\n");
	return bad;
}
