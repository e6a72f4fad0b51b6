// SPDX-License-Identifier: GPL-2.0
/*
 * callsig pipe|fsize [default]: signals the kernel raises in a task as part
 * of its own call, at points the program fixes, so a native run always
 * prints the same lines:
 *   pipe   a child waits until the pipe between them is full, then closes
 *          its end and exits: the parent's write of four times the pipe's
 *          size returns the pipe's size and raises SIGPIPE (a partial
 *          write); a second write fails with EPIPE and raises it again
 *   fsize  with RLIMIT_FSIZE at 1000 bytes, a write of 3000 bytes to a new
 *          file returns 1000 (no signal); the next write fails with EFBIG
 *          and raises SIGXFSZ
 * With "default" the signal keeps its default action and ends the program
 * at the first one; otherwise a handler writes one line per signal.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include "util.h"

static void on_sig(int sig)
{
	char buf[24];

	put(1, "handler: signal ");
	put(1, fmt_dec(buf, sig));
	put(1, "\n");
}

static void report(const char *what, long r)
{
	char buf[24];

	put(1, what);
	if (r < 0) {
		put(1, " failed: ");
		put(1, strerror(errno));
		put(1, "\n");
		return;
	}
	put(1, " returned ");
	put(1, fmt_dec(buf, r));
	put(1, "\n");
}

/* The child: waits until 'size' bytes stand in the pipe, then leaves. */
static void reader(int rd, int size)
{
	struct timespec ms = { 0, 1000000 };
	int n = 0;

	for (int k = 0; k < 20000; k++) {
		if (ioctl(rd, FIONREAD, &n) < 0)
			_exit(2);
		if (n >= size)
			_exit(0);
		nanosleep(&ms, NULL);
	}
	_exit(3);
}

static int pipe_mode(void)
{
	int p[2], size, st;
	char *buf;
	long r;
	pid_t c;

	if (pipe(p) < 0)
		return 2;
	size = fcntl(p[1], F_GETPIPE_SZ);
	buf = calloc(4, size);
	if (size <= 0 || !buf)
		return 2;
	c = fork();
	if (c < 0)
		return 2;
	if (!c) {
		close(p[1]);
		reader(p[0], size);
	}
	close(p[0]);
	r = write(p[1], buf, 4 * (size_t)size);
	if (r == size)
		put(1, "first write wrote the pipe's size\n");
	else
		report("first write", r);
	report("second write", write(p[1], buf, 10));
	if (waitpid(c, &st, 0) != c)
		return 2;
	report("reader's status", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}

static int fsize_mode(void)
{
	struct rlimit rl = { 1000, 1000 };
	char buf[3000] = { 0 };
	int fd;

	if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
		return 2;
	fd = open("callsig.out", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 2;
	report("first write", write(fd, buf, sizeof(buf)));
	report("second write", write(fd, buf, 2000));
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_sig };
	const char *mode = argc > 1 ? argv[1] : "";

	sigemptyset(&sa.sa_mask);
	if (argc < 3 || strcmp(argv[2], "default")) {
		sigaction(SIGPIPE, &sa, NULL);
		sigaction(SIGXFSZ, &sa, NULL);
	} else {
		signal(SIGPIPE, SIG_DFL);
		signal(SIGXFSZ, SIG_DFL);
	}
	put(1, "before\n");
	if (!strcmp(mode, "pipe"))
		return pipe_mode();
	if (!strcmp(mode, "fsize"))
		return fsize_mode();
	put(2, "usage: callsig pipe|fsize [default]\n");
	return 2;
}
