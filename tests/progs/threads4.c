// SPDX-License-Identifier: GPL-2.0
/*
 * threads4 FILE: starts 4 threads; thread i computes a value (a hash loop
 * of a length that depends on i), writes the fixed-width line
 * "thread I VALUE\n" at offset 32*i of FILE with pwrite, and returns the
 * value.  The main thread joins them in order and prints "thread I:
 * VALUE" for each, then the sum: the output is the same whatever order the
 * threads run in.  Built with -pthread.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include "util.h"

#define NTHREADS 4
#define LINE 32

static int fd;

static void *work(void *arg)
{
	uintptr_t i = (uintptr_t)arg;
	uint64_t h = 1469598103934665603ULL ^ i;
	char line[LINE + 1];

	for (uint64_t k = 0; k < 200000 * (i + 1); k++)
		h = (h ^ (k & 0xff)) * 1099511628211ULL;
	snprintf(line, sizeof(line), "thread %d %022llu\n", (int)i,
		 (unsigned long long)(h % 10000000000000000000ULL));
	if (pwrite(fd, line, LINE, (off_t)i * LINE) != LINE)
		return NULL;
	return (void *)(uintptr_t)(h & 0xffffffff);
}

int main(int argc, char **argv)
{
	pthread_t th[NTHREADS];
	uint64_t sum = 0;
	char msg[100];

	if (argc < 2) {
		put(2, "usage: threads4 FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 2;
	for (uintptr_t i = 0; i < NTHREADS; i++)
		if (pthread_create(&th[i], NULL, work, (void *)i)) {
			put(1, "pthread_create failed\n");
			return 1;
		}
	for (int i = 0; i < NTHREADS; i++) {
		void *r;

		if (pthread_join(th[i], &r)) {
			put(1, "pthread_join failed\n");
			return 1;
		}
		snprintf(msg, sizeof(msg), "thread %d: %lu\n", i,
			 (unsigned long)(uintptr_t)r);
		put(1, msg);
		sum += (uintptr_t)r;
	}
	snprintf(msg, sizeof(msg), "sum %llu\n", (unsigned long long)sum);
	put(1, msg);
	return 0;
}
