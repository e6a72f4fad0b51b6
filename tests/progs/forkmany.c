// SPDX-License-Identifier: GPL-2.0
/*
 * forkmany HOW TOTAL ALIVE FILE [MARKER]: forks TOTAL children, at most
 * ALIVE of them alive at once, and reaps them all.
 *
 * Child k writes the fixed-width line "child KKKK ok \n" at offset 15*k of
 * FILE with pwrite, calls getpid, checks that getppid() is the parent's
 * getpid() (else it overwrites "ok " with "BAD"), and exits with status
 * k % 100.  The file's content
 * is therefore the same whatever order the children run in.  The parent
 * checks that every pid wait4 returns is one fork returned and that its
 * status is that child's; it then prints one summary line.
 *
 * HOW is how the children are made:
 *   fork   glibc's fork()
 *   raw    syscall(SYS_fork): the child's very first system call is its
 *          pwrite (glibc's fork makes a set_robust_list call first)
 *   vfork  glibc's vfork(): the parent waits until the child has exited
 * With ALIVE equal to TOTAL, the children also wait (a read on a pipe that
 * the parent closes after its last fork) so that all TOTAL are alive at
 * once; their calls are then: pwrite, getpid, getppid, close, read,
 * exit_group.
 *
 * Used by tests/integration/cases/80-processes.sh, also with --trace for the
 * no-escape test, which finds each child's calls by the line it writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "util.h"

#define LINE 15

static void child(int k, int fd, pid_t parent, const int *barrier)
{
	char line[LINE + 1];
	char st;

	snprintf(line, sizeof(line), "child %04u ok \n", (unsigned)k % 10000);
	if (pwrite(fd, line, LINE, (off_t)k * LINE) != LINE)
		_exit(101);
	if (getpid() <= 0)
		_exit(102);
	if (getppid() != parent &&
	    pwrite(fd, "BAD", 3, (off_t)k * LINE + 11) != 3)
		_exit(104);
	if (barrier) {
		close(barrier[1]);
		if (read(barrier[0], &st, 1) != 0)
			_exit(103);
	}
	_exit(k % 100);
}

/*
 * Starts child k; a function of its own so that no variable of main's is
 * live across vfork.
 */
static pid_t start(const char *how, int k, int fd, pid_t parent,
		   const int *barrier)
{
	pid_t p;

	if (!strcmp(how, "raw"))
		p = syscall(SYS_fork);
	else if (!strcmp(how, "vfork"))
		p = vfork();
	else
		p = fork();
	if (p == 0)
		child(k, fd, parent, barrier);
	return p;
}

int main(int argc, char **argv)
{
	int total, alive, fd, running = 0, reaped = 0, bad = 0, next = 0;
	int barrier[2], *use_barrier = NULL;
	const char *how;
	pid_t parent = getpid(), *pids;
	char msg[200];

	if (argc < 5) {
		put(2, "usage: forkmany fork|raw|vfork TOTAL ALIVE FILE [MARKER]\n");
		return 2;
	}
	how = argv[1];
	total = atoi(argv[2]);
	alive = atoi(argv[3]);
	if (total < 1 || alive < 1 ||
	    (strcmp(how, "fork") && strcmp(how, "raw") && strcmp(how, "vfork"))) {
		put(2, "forkmany: bad arguments\n");
		return 2;
	}
	fd = open(argv[4], O_RDWR | O_CREAT | O_TRUNC, 0644);
	pids = calloc(total, sizeof(*pids));
	if (fd < 0 || !pids) {
		put(2, "forkmany: cannot open the file\n");
		return 2;
	}
	if (alive >= total && strcmp(how, "vfork")) {
		if (pipe(barrier) < 0)
			return 2;
		use_barrier = barrier;
	}
	while (reaped < total) {
		while (next < total && running < alive) {
			pid_t p = start(how, next, fd, parent, use_barrier);

			if (p < 0) {
				snprintf(msg, sizeof(msg), "fork %d failed: %s\n",
					 next, strerror(errno));
				put(1, msg);
				return 1;
			}
			pids[next++] = p;
			running++;
		}
		if (use_barrier && next == total) {
			close(barrier[1]);
			use_barrier = NULL;
		}
		int st, k;
		pid_t p = wait4(-1, &st, 0, NULL);

		if (p < 0) {
			snprintf(msg, sizeof(msg), "wait4: %s after %d children\n",
				 strerror(errno), reaped);
			put(1, msg);
			return 1;
		}
		for (k = 0; k < next && pids[k] != p; k++)
			;
		if (k == next) {
			snprintf(msg, sizeof(msg), "wait4 returned %d, not a child\n",
				 (int)p);
			put(1, msg);
			bad++;
		} else {
			if (!WIFEXITED(st) || WEXITSTATUS(st) != k % 100) {
				snprintf(msg, sizeof(msg),
					 "child %d: status 0x%x, expected exit %d\n",
					 k, st, k % 100);
				put(1, msg);
				bad++;
			}
			pids[k] = 0;
		}
		running--;
		reaped++;
	}
	snprintf(msg, sizeof(msg), "%s: %d children, %d reaped, %d bad\n", how,
		 total, reaped, bad);
	put(1, msg);
	return bad ? 1 : 0;
}
