// SPDX-License-Identifier: GPL-2.0
/*
 * sigself kill|raise|chld|alarm|alarmspin|alarmbusy|group|pgrp|threadkill:
 * signals whose delivery point is fixed by the program itself, or whose
 * handler's lines do not depend on it, so a native run always prints the
 * same lines:
 *   kill   kill(getpid(), SIGUSR1): the handler runs before kill returns
 *   raise  raise(SIGUSR1) (tgkill), likewise
 *   chld   SIGCHLD blocked, a child forked that exits 3, the handler runs
 *          in sigsuspend; then waitpid reports the child's status
 *   alarm  alarm(1), the handler runs in pause()
 *   group  in a process group of its own, kill(0, SIGUSR1): the handler
 *          runs before kill returns
 *   pgrp   likewise with kill(-getpgrp(), SIGUSR1)
 *   threadkill  a second thread sends kill(getpid(), SIGUSR1) while the
 *          first sleeps; the kernel gives it to either thread
 *   alarmspin  alarm(1), the handler runs in a loop that polls its flag
 *          and makes no system call
 *   alarmbusy  likewise in a loop whose registers change at every turn
 *          (the handler interrupts each variant at another turn)
 * The handler writes one line; the program writes a line before and after.
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include "util.h"

static volatile sig_atomic_t seen;
static volatile uint64_t sink;

static void *kill_process(void *arg)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	(void)arg;
	nanosleep(&ts, NULL);
	kill(getpid(), SIGUSR1);
	return NULL;
}

static void on_sig(int sig)
{
	char buf[24];

	seen = 1;
	put(1, "handler: signal ");
	put(1, fmt_dec(buf, sig));
	put(1, "\n");
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_sig };
	const char *mode = argc > 1 ? argv[1] : "";
	sigset_t block, empty;
	char buf[24];
	int st;
	pid_t p;

	sigemptyset(&sa.sa_mask);
	sigemptyset(&empty);
	put(1, "before\n");
	if (!strcmp(mode, "kill") || !strcmp(mode, "raise")) {
		sigaction(SIGUSR1, &sa, NULL);
		if (!strcmp(mode, "kill"))
			kill(getpid(), SIGUSR1);
		else
			raise(SIGUSR1);
	} else if (!strcmp(mode, "chld")) {
		sigaction(SIGCHLD, &sa, NULL);
		sigemptyset(&block);
		sigaddset(&block, SIGCHLD);
		sigprocmask(SIG_BLOCK, &block, NULL);
		p = fork();
		if (p == 0)
			_exit(3);
		sigsuspend(&empty);
		put(1, "after sigsuspend\n");
		if (waitpid(p, &st, 0) != p) {
			put(1, "waitpid failed\n");
			return 1;
		}
		put(1, "child status ");
		put(1, fmt_dec(buf, WIFEXITED(st) ? WEXITSTATUS(st) : -1));
		put(1, "\n");
	} else if (!strcmp(mode, "alarm")) {
		sigaction(SIGALRM, &sa, NULL);
		alarm(1);
		pause();
	} else if (!strcmp(mode, "group") || !strcmp(mode, "pgrp")) {
		sigaction(SIGUSR1, &sa, NULL);
		if (setpgid(0, 0) != 0)
			return 2;
		kill(!strcmp(mode, "group") ? 0 : -getpgrp(), SIGUSR1);
	} else if (!strcmp(mode, "threadkill")) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		pthread_t th;

		sigaction(SIGUSR1, &sa, NULL);
		if (pthread_create(&th, NULL, kill_process, NULL))
			return 2;
		for (int k = 0; !seen && k < 2000; k++)
			nanosleep(&ts, NULL);
		pthread_join(th, NULL);
	} else if (!strcmp(mode, "alarmbusy")) {
		uint64_t x = 1;

		sigaction(SIGALRM, &sa, NULL);
		alarm(1);
		while (!seen)
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		sink = x;
	} else if (!strcmp(mode, "alarmspin")) {
		sigaction(SIGALRM, &sa, NULL);
		alarm(1);
		while (!seen)
			;
	} else {
		put(2, "usage: sigself kill|raise|chld|alarm|alarmspin|alarmbusy|group|pgrp|threadkill\n");
		return 2;
	}
	put(1, "after\n");
	return 0;
}
