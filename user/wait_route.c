// SPDX-License-Identifier: GPL-2.0
#include "wait_route.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/wait.h>

struct kept_event {
	pid_t tid;
	int status;
};

/* Events read for a tracee nobody was waiting for yet.  A stopped tracee
 * reports nothing more until it is resumed, so this holds at most about one
 * event per tracee of the thread. */
static __thread struct kept_event *kept;
static __thread size_t kept_len, kept_cap;

static bool keep(pid_t tid, int status)
{
	if (kept_len == kept_cap) {
		size_t cap = kept_cap ? 2 * kept_cap : 16;
		struct kept_event *k = realloc(kept, cap * sizeof(*k));

		if (!k)
			return false;
		kept = k;
		kept_cap = cap;
	}
	kept[kept_len].tid = tid;
	kept[kept_len].status = status;
	kept_len++;
	return true;
}

/* Takes the oldest kept event of one of 'tids'; returns its tid or 0. */
static pid_t take(const pid_t *tids, int n, int *status)
{
	for (size_t k = 0; k < kept_len; k++) {
		for (int j = 0; j < n; j++) {
			if (kept[k].tid != tids[j])
				continue;
			*status = kept[k].status;
			for (size_t m = k + 1; m < kept_len; m++)
				kept[m - 1] = kept[m];
			kept_len--;
			return tids[j];
		}
	}
	return 0;
}

pid_t mvx_wait_among(const pid_t *tids, int n, int *status)
{
	pid_t got = take(tids, n, status);

	while (!got) {
		int st;
		pid_t p = wait4(-1, &st, __WALL | __WNOTHREAD, NULL);

		if (p < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (int j = 0; j < n && !got; j++)
			if (p == tids[j])
				got = p;
		if (got) {
			*status = st;
		} else if (!keep(p, st)) {
			errno = ENOMEM;
			return -1;
		}
	}
	return got;
}

pid_t mvx_wait_one(pid_t tid, int *status)
{
	return mvx_wait_among(&tid, 1, status);
}

void mvx_wait_route_exit(void)
{
	free(kept);
	kept = NULL;
	kept_len = 0;
	kept_cap = 0;
}
