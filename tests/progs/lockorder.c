// SPDX-License-Identifier: GPL-2.0
/*
 * Two processes, a parent (A) and its child (B), take one lock in shared
 * memory and write a line while they hold it.  Built three times as
 * --variant executables that take the lock in a different order:
 *   lockorder1  A first: prints "A", then "B"
 *   lockorder2  B first (A spins a while before it asks)
 *   lockorder3  as lockorder2, but A writes "X"
 * Side by side, lockorder1 and lockorder2 hold each other up: each first
 * locker stands at its write, compared with a counterpart that waits for
 * the lock in its own variant.  The system calls (but futex) are the same.
 *
 * "lockorder sleep": the same, each sleeping a millisecond while it holds
 * the lock, before its write: the first lockers stand at their sleeps.
 *
 * "lockorder exit": A takes the lock and keeps it while it waits for B; B
 * exits at once in lockorder1, and in the others first asks for the lock,
 * which it never gets (run alone, they hang); in lockorder3 B first reads
 * the monotonic clock, as a lock taken with a time-out does.  A prints B's
 * status.
 */
#include <linux/futex.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include "util.h"

#ifndef VARIANT
#error "build with -DVARIANT=1, 2 or 3"
#endif

static atomic_int *word;

static void lock(void)
{
	int unlocked = 0;

	while (!atomic_compare_exchange_strong(word, &unlocked, 1)) {
		syscall(SYS_futex, word, FUTEX_WAIT, 1, NULL, NULL, 0);
		unlocked = 0;
	}
}

static void unlock(void)
{
	atomic_store(word, 0);
	syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* About a tenth of a second of work without a system call. */
static void spin(void)
{
	for (volatile unsigned long i = 0; i < 300000000UL; i++)
		;
}

static int sleepy;

static void locked_line(const char *line, int late)
{
	struct timespec ms = { 0, 1000000 };

	if (late)
		spin();
	lock();
	if (sleepy)
		nanosleep(&ms, NULL);
	put(1, line);
	unlock();
}

/* "exit" mode: B's counterparts wait for a lock their A keeps. */
static int keep_lock(void)
{
	char buf[24];
	pid_t b;
	int st;

	lock();
	b = fork();
	if (b < 0)
		return 4;
	if (b == 0) {
		struct timespec now;

		if (VARIANT == 3)
			syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &now);
		if (VARIANT != 1)
			lock();
		return 7;
	}
	if (waitpid(b, &st, 0) != b)
		return 5;
	put(1, "B exited ");
	put(1, fmt_dec(buf, WIFEXITED(st) ? WEXITSTATUS(st) : -1));
	put(1, "\n");
	return 0;
}

int main(int argc, char **argv)
{
	pid_t b;
	int st;

	word = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (word == MAP_FAILED)
		return 3;
	if (argc > 1 && !strcmp(argv[1], "exit"))
		return keep_lock();
	sleepy = argc > 1 && !strcmp(argv[1], "sleep");
	b = fork();
	if (b < 0)
		return 4;
	if (b == 0) {
		locked_line("B\n", VARIANT == 1);
		return 0;
	}
	locked_line(VARIANT == 3 ? "X\n" : "A\n", VARIANT != 1);
	if (waitpid(b, &st, 0) != b || !WIFEXITED(st))
		return 5;
	return WEXITSTATUS(st);
}
