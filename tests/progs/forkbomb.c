// SPDX-License-Identifier: GPL-2.0
/*
 * A fork bomb that stays bounded by itself, for mvx's --max-processes:
 *
 *   forkbomb tree D [MARKER]   every process forks 2 children, which do the
 *                              same, down to depth D (1..13: at most
 *                              2^(D+1) - 2 processes besides the first); no
 *                              process ends before every fork of the tree
 *                              has been tried, so with a limit of L
 *                              processes below that exactly L - 1 forks
 *                              succeed and the others fail with EAGAIN.
 *                              The first process writes how many were
 *                              created and whether EAGAIN was seen.
 *   forkbomb threads [MARKER]  starts threads (at most 100) until
 *                              pthread_create fails, then ends them and
 *                              writes how many ran and the error
 *
 * Every process or thread waits on a pipe whose write end each process
 * holds until it has tried its forks: end of file there means every fork
 * of the tree has been tried.  The counts are kept in shared memory.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "util.h"

static int pfd[2];

struct counts {
	int made;	/* forks that succeeded */
	int again;	/* forks that failed with EAGAIN */
	int other;	/* forks that failed otherwise */
};

/* The forks of one process and its descendants; returns in the first. */
static void bomb(int max_depth, struct counts *c)
{
	pid_t kids[2];
	int nkids = 0, depth = 0, st;
	char ch;

	for (int i = 0; i < 2 && depth < max_depth; i++) {
		pid_t p = fork();

		if (p == 0) {
			/* start over as the child, one level down */
			__atomic_add_fetch(&c->made, 1, __ATOMIC_SEQ_CST);
			nkids = 0;
			depth++;
			i = -1;
			continue;
		}
		if (p < 0) {
			__atomic_add_fetch(errno == EAGAIN ? &c->again :
					   &c->other, 1, __ATOMIC_SEQ_CST);
			continue;
		}
		kids[nkids++] = p;
	}
	close(pfd[1]);
	while (read(pfd[0], &ch, 1) > 0)
		;
	for (int i = 0; i < nkids; i++)
		waitpid(kids[i], &st, 0);
	if (depth > 0)
		_exit(0);
}

static void *thread_wait(void *arg)
{
	char c;

	(void)arg;
	while (read(pfd[0], &c, 1) > 0)
		;
	return NULL;
}

static int threads(void)
{
	pthread_t th[100];
	char buf[24];
	int n, err = 0;

	for (n = 0; n < 100; n++) {
		err = pthread_create(&th[n], NULL, thread_wait, NULL);
		if (err)
			break;
	}
	close(pfd[1]);
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	put(1, "threads: ");
	put(1, fmt_dec(buf, n));
	put(1, err == EAGAIN ? ", then EAGAIN\n" :
	       err ? ", then another error\n" : "\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "tree";
	int depth = argc > 2 ? atoi(argv[2]) : 8;
	struct counts *c;
	char buf[24];

	if (pipe(pfd))
		return 2;
	if (!strcmp(mode, "threads"))
		return threads();
	if (depth < 1 || depth > 13)
		return 2;
	c = mmap(NULL, sizeof(*c), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED)
		return 2;
	bomb(depth, c);
	put(1, "created ");
	put(1, fmt_dec(buf, c->made));
	put(1, " processes");
	put(1, c->again ? ", then EAGAIN" : "");
	put(1, c->other ? ", then another error\n" : "\n");
	return 0;
}
