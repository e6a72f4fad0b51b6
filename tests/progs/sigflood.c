// SPDX-License-Identifier: GPL-2.0
/*
 * sigflood PIDFILE [MARKER]: counts SIGUSR1 in a handler, writes its pid
 * into PIDFILE and "ready\n" to stdout, then makes getppid calls until
 * SIGUSR2 arrives (at most 60 s).  The test floods the process with
 * SIGUSR1, then sends one SIGUSR2.  Standard signals coalesce, so the
 * count is not fixed: the program writes it, and under mvx each variant's
 * write is compared, so the variants must have counted alike.  Exits 3
 * without SIGUSR2, 4 when SIGUSR1 never arrived.
 */
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include "util.h"

static volatile sig_atomic_t usr1, usr2;

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static void on_usr2(int sig)
{
	(void)sig;
	usr2 = 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	char buf[24];
	time_t end;
	int fd;

	if (argc < 2)
		return 2;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) < 0)
		return 2;
	sa.sa_handler = on_usr2;
	if (sigaction(SIGUSR2, &sa, NULL) < 0)
		return 2;
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 2;
	put(fd, fmt_dec(buf, getpid()));
	close(fd);
	put(1, "ready\n");
	end = time(NULL) + 60;
	while (!usr2 && time(NULL) < end)
		getppid();
	if (!usr2)
		return 3;
	put(1, "SIGUSR1 handled ");
	put(1, fmt_dec(buf, usr1));
	put(1, " times\n");
	return usr1 ? 0 : 4;
}
