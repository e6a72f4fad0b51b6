// SPDX-License-Identifier: GPL-2.0
#include "selfsig.h"

#include <pthread.h>
#include <stdint.h>

struct selfsig_entry {
	pid_t tgid;		/* 0: free */
	uint64_t mask;		/* bit s: signal s expected */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct selfsig_entry table[MVX_SELFSIG_PROCS];

bool mvx_selfsig_expect(pid_t tgid, int sig)
{
	struct selfsig_entry *e = NULL;

	if (tgid <= 0 || sig <= 0 || sig >= 64)
		return false;
	pthread_mutex_lock(&lock);
	for (size_t k = 0; k < MVX_SELFSIG_PROCS; k++) {
		if (table[k].tgid == tgid) {
			e = &table[k];
			break;
		}
		if (!e && !table[k].tgid)
			e = &table[k];
	}
	if (e) {
		e->tgid = tgid;
		e->mask |= 1ULL << sig;
	}
	pthread_mutex_unlock(&lock);
	return e != NULL;
}

bool mvx_selfsig_take(pid_t tgid, int sig)
{
	bool noted = false;

	if (sig <= 0 || sig >= 64)
		return false;
	pthread_mutex_lock(&lock);
	for (size_t k = 0; k < MVX_SELFSIG_PROCS; k++) {
		if (table[k].tgid != tgid)
			continue;
		noted = table[k].mask & (1ULL << sig);
		table[k].mask &= ~(1ULL << sig);
		if (!table[k].mask)
			table[k].tgid = 0;
		break;
	}
	pthread_mutex_unlock(&lock);
	return noted;
}
