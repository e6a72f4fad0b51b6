// SPDX-License-Identifier: GPL-2.0
/*
 * Built twice, with -DVARIANT=1 and -DVARIANT=2, as --variant executables:
 *   vsegv main [MARKER]   writes "common\n"; build 2 then dereferences
 *                         NULL, build 1 writes "no fault\n" and exits 0
 *   vsegv child [MARKER]  the same in a forked child; the parent writes
 *                         how the child ended
 *   vsegv all [MARKER]    a forked child dereferences NULL in both builds
 *                         (the program's own behaviour: the parent writes
 *                         "child killed by signal 11" and exits 0)
 * A fault in one variant only is a divergence (mvx exits 125).
 */
#include <string.h>
#include <sys/wait.h>
#include "util.h"

#ifndef VARIANT
#error "build with -DVARIANT=1 or -DVARIANT=2"
#endif

/* volatile: the compiler cannot turn the store into a trap instruction */
static int *volatile null_ptr;

static void body(int fault)
{
	put(1, "common\n");
	if (fault)
		*null_ptr = 1;
	put(1, "no fault\n");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "main";
	char buf[24];
	int st;
	pid_t p;

	if (!strcmp(mode, "main")) {
		body(VARIANT == 2);
		return 0;
	}
	p = fork();
	if (p == 0) {
		body(VARIANT == 2 || !strcmp(mode, "all"));
		_exit(0);
	}
	if (p < 0 || waitpid(p, &st, 0) != p) {
		put(1, "fork or waitpid failed\n");
		return 1;
	}
	if (WIFSIGNALED(st)) {
		put(1, "child killed by signal ");
		put(1, fmt_dec(buf, WTERMSIG(st)));
	} else {
		put(1, "child exited ");
		put(1, fmt_dec(buf, WEXITSTATUS(st)));
	}
	put(1, "\n");
	return 0;
}
