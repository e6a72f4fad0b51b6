// SPDX-License-Identifier: GPL-2.0
/*
 * A process that exits while its second thread stands at different points
 * in different variants, which the process's exit makes harmless.  Built
 * as --variant executables:
 *   exitheld1  the thread blocks SIGUSR1: run with --no-run-ahead, the
 *              leader's thread stands at that call, waiting for its
 *              counterparts
 *   exitheld2  the thread sleeps in a futex nobody wakes
 * The main thread sleeps a fifth of a second, writes "end" and exits with
 * status 0, ending the thread wherever it is.  The thread sets are let go
 * as their processes end: mvx exits 0 and says nothing.
 */
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include "util.h"

#ifndef VARIANT
#error "build with -DVARIANT=1 or -DVARIANT=2"
#endif

static int word;

static void *thread(void *arg)
{
	(void)arg;
	if (VARIANT == 1) {
		sigset_t s;

		sigemptyset(&s);
		sigaddset(&s, SIGUSR1);
		pthread_sigmask(SIG_BLOCK, &s, NULL);
	} else {
		syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	}
	return NULL;
}

int main(void)
{
	struct timespec fifth = { 0, 200000000 };
	pthread_t t;

	if (pthread_create(&t, NULL, thread, NULL) != 0)
		return 2;
	nanosleep(&fifth, NULL);
	put(1, "end\n");
	_exit(0);
}
