// SPDX-License-Identifier: GPL-2.0
/*
 * A child that sleeps in a futex nobody wakes (a lock that will never be
 * free), ended by its parent with SIGTERM, which it neither catches nor
 * ignores (as multiprocessing.Pool ends its workers).  Futex waits are not
 * points where the variants stand together, so the signal cannot wait for
 * one: it ends every variant's child where it sleeps.  The parent prints
 * how the child ended: "child ended by signal 15".
 */
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "util.h"

static int word;

int main(void)
{
	struct timespec fifth = { 0, 200000000 };
	char line[64];
	pid_t child;
	int st;

	child = fork();
	if (child < 0)
		return 2;
	if (child == 0) {
		for (;;)
			syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL,
				NULL, 0);
	}
	nanosleep(&fifth, NULL);
	if (kill(child, SIGTERM) != 0 || waitpid(child, &st, 0) != child)
		return 3;
	if (WIFSIGNALED(st))
		snprintf(line, sizeof(line), "child ended by signal %d\n",
			 WTERMSIG(st));
	else
		snprintf(line, sizeof(line), "child exited %d\n",
			 WEXITSTATUS(st));
	put(1, line);
	return 0;
}
