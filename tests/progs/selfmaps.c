// SPDX-License-Identifier: GPL-2.0
/*
 * Looks itself up in /proc/self/maps, as language runtimes do to find their
 * stack: reads it 1 KiB at a time and finds the mappings that hold a local
 * variable and main().  Then passes the thread id that set_tid_address
 * returned to sched_getaffinity, as the C library's pthread_getaffinity_np
 * does, and reads the resolution of its thread's CPU-time clock, whose
 * number holds that id.  Prints what it found, the same in every variant.
 */
#include <sched.h>
#include <stdint.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include "util.h"

static char maps[1 << 20];

/* Whether a line "lo-hi ..." of maps covers address a. */
static int covers(const char *line, uintptr_t a)
{
	char *end;
	uintptr_t lo = strtoull(line, &end, 16), hi;

	if (*end != '-')
		return 0;
	hi = strtoull(end + 1, NULL, 16);
	return lo <= a && a < hi;
}

int main(void)
{
	volatile int local = 0;
	size_t len = 0;
	int fd, found_stack = 0, found_text = 0;
	long tid, n;
	cpu_set_t set;
	clockid_t clock;
	struct timespec res;

	fd = open("/proc/self/maps", O_RDONLY);
	if (fd < 0)
		return 2;
	while ((n = read(fd, maps + len, 1024)) > 0 && len < sizeof(maps) - 1025)
		len += n;
	close(fd);
	maps[len] = '\0';
	for (char *line = maps; line && *line;) {
		char *next = strchr(line, '\n');

		found_stack |= covers(line, (uintptr_t)&local);
		found_text |= covers(line, (uintptr_t)main);
		line = next ? next + 1 : NULL;
	}
	put(1, found_stack ? "stack found\n" : "stack not found\n");
	put(1, found_text ? "main found\n" : "main not found\n");
	tid = syscall(SYS_set_tid_address, NULL);
	put(1, sched_getaffinity((pid_t)tid, sizeof(set), &set) == 0 ?
	       "affinity of my thread id: ok\n" : "affinity: failed\n");
	/* the thread's CPU-time clock, whose number holds the thread id */
	put(1, pthread_getcpuclockid(pthread_self(), &clock) == 0 &&
	       clock_getres(clock, &res) == 0 ?
	       "my thread's CPU clock: ok\n" : "CPU clock: failed\n");
	return 0;
}
