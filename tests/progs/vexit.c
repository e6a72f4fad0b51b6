// SPDX-License-Identifier: GPL-2.0
/*
 * Built twice, with -DVARIANT=1 and -DVARIANT=2, as --variant executables
 * that end differently while the other variant stands at a system call:
 *   vexit main [MARKER]    writes "common\n"; build 2 then calls
 *                          exit_group(0), build 1 writes "late\n" first
 *   vexit status [MARKER]  both exit at once, build 1 with 0, build 2
 *                          with 1
 *   vexit child [MARKER]   the same as main in a forked child, while the
 *                          parent waits for it
 *   vexit thread [MARKER]  the same as main in a second thread, while the
 *                          first waits in read on a pipe
 * Any of them is a divergence (mvx exits 125, nothing survives).
 */
#include <pthread.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "util.h"

#ifndef VARIANT
#error "build with -DVARIANT=1 or -DVARIANT=2"
#endif

static int pfd[2];

static void body(void)
{
	put(1, "common\n");
	if (VARIANT == 2)
		syscall(SYS_exit_group, 0);
	put(1, "late\n");
	syscall(SYS_exit_group, 0);
}

static void *thread_body(void *arg)
{
	(void)arg;
	body();
	return NULL;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "main";
	pthread_t th;
	char c;
	int st;

	if (!strcmp(mode, "main"))
		body();
	if (!strcmp(mode, "status")) {
		put(1, "common\n");
		return VARIANT == 2;
	}
	if (!strcmp(mode, "child")) {
		pid_t p = fork();

		if (p == 0)
			body();
		waitpid(p, &st, 0);
		put(1, "parent\n");
		return 0;
	}
	if (pipe(pfd) || pthread_create(&th, NULL, thread_body, NULL))
		return 2;
	if (read(pfd[0], &c, 1) < 0)
		return 2;
	return 0;
}
