// SPDX-License-Identifier: GPL-2.0
/*
 * execchain N [MARKER]: prints a line, then (if N > 0) execs itself with
 * N-1 through /proc/self/exe, keeping its pid in the environment variable
 * EXECCHAIN_PID so that each image checks that getpid() did not change.
 * At N = 0 it forks a child that execs "/bin/sh -c 'echo ...; exit 5'",
 * waits for it, prints the child's status, and finally execs /bin/echo.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "util.h"

int main(int argc, char **argv)
{
	char msg[200], num[24], pidbuf[24];
	const char *env = getenv("EXECCHAIN_PID");
	int n = argc > 1 ? atoi(argv[1]) : 3;
	pid_t p;
	int st;

	snprintf(msg, sizeof(msg), "level %d: pid %s\n", n,
		 !env ? "first" : atoi(env) == getpid() ? "unchanged" : "CHANGED");
	put(1, msg);
	fmt_dec(pidbuf, getpid());
	setenv("EXECCHAIN_PID", pidbuf, 1);
	if (n > 0) {
		char *args[] = { argv[0], fmt_dec(num, n - 1),
				 argc > 2 ? argv[2] : NULL, NULL };

		execv("/proc/self/exe", args);
		put(1, "exec of /proc/self/exe failed\n");
		return 1;
	}
	p = fork();
	if (p == 0) {
		execl("/bin/sh", "sh", "-c", "echo child shell; exit 5", (char *)NULL);
		_exit(127);
	}
	if (p < 0 || waitpid(p, &st, 0) != p) {
		put(1, "fork or waitpid failed\n");
		return 1;
	}
	snprintf(msg, sizeof(msg), "child exited %d\n",
		 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	put(1, msg);
	execl("/bin/echo", "echo", "done", (char *)NULL);
	put(1, "exec of /bin/echo failed\n");
	return 1;
}
