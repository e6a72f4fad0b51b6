// SPDX-License-Identifier: GPL-2.0
/*
 * eintr restart|norestart [MARKER]: a blocking read of an empty pipe,
 * interrupted by SIGALRM (alarm(1)) whose handler writes one byte into the
 * pipe.  Installed without SA_RESTART, the read fails with EINTR and a
 * second read gets the byte; with SA_RESTART the kernel makes the read
 * again and it returns the byte.  The program writes what each read
 * returned; under mvx the output must equal a native run.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include "util.h"

static int pfd[2];
static volatile sig_atomic_t hits;

static void on_alarm(int sig)
{
	(void)sig;
	hits++;
	if (write(pfd[1], "x", 1) != 1)
		_exit(5);
}

static void show(const char *what, long ret, int err, char c)
{
	char buf[24];

	put(1, what);
	put(1, fmt_dec(buf, ret));
	if (ret < 0)
		put(1, err == EINTR ? " EINTR" : " (another error)");
	else if (ret == 1)
		put(1, c == 'x' ? " 'x'" : " (another byte)");
	put(1, ", handler ran ");
	put(1, fmt_dec(buf, hits));
	put(1, "\n");
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int restart = argc > 1 && !strcmp(argv[1], "restart");
	char c = 0;
	long ret;

	if (pipe(pfd))
		return 2;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = restart ? SA_RESTART : 0;
	if (sigaction(SIGALRM, &sa, NULL) < 0)
		return 2;
	put(1, restart ? "SA_RESTART\n" : "no SA_RESTART\n");
	alarm(1);
	ret = read(pfd[0], &c, 1);
	show("first read: ", ret, errno, c);
	if (ret < 0) {
		ret = read(pfd[0], &c, 1);
		show("second read: ", ret, errno, c);
	}
	return 0;
}
