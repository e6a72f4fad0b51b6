// SPDX-License-Identifier: GPL-2.0
#include "sigvals.h"

#include <pthread.h>

#include "options.h"

struct sigval_entry {
	pid_t tgid;		/* 0: free */
	uint64_t stamp;		/* when noted, for replacing the oldest */
	uint64_t own[MVX_MAX_VARIANTS];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct sigval_entry table[MVX_SIGVALS];
static uint64_t clock_now;

/* The entry of (tgid, lead), or NULL.  Called with the lock held. */
static struct sigval_entry *find(pid_t tgid, uint64_t lead)
{
	for (size_t k = 0; k < MVX_SIGVALS; k++)
		if (table[k].tgid == tgid && table[k].own[0] == lead)
			return &table[k];
	return NULL;
}

void mvx_sigvals_note(pid_t tgid, const uint64_t *own, int n)
{
	struct sigval_entry *e;

	if (n < 1 || n > MVX_MAX_VARIANTS || tgid <= 0)
		return;
	pthread_mutex_lock(&lock);
	e = find(tgid, own[0]);
	if (!e) {
		/* a free entry, or else the oldest */
		e = &table[0];
		for (size_t k = 0; k < MVX_SIGVALS; k++) {
			if (!table[k].tgid) {
				e = &table[k];
				break;
			}
			if (table[k].stamp < e->stamp)
				e = &table[k];
		}
	}
	e->tgid = tgid;
	e->stamp = ++clock_now;
	for (int i = 0; i < MVX_MAX_VARIANTS; i++)
		e->own[i] = i < n ? own[i] : own[0];
	pthread_mutex_unlock(&lock);
}

bool mvx_sigvals_own(pid_t tgid, int variant, siginfo_t *si)
{
	struct sigval_entry *e;
	uint64_t lead;

	if (variant <= 0 || variant >= MVX_MAX_VARIANTS ||
	    si->si_code != SI_TIMER)
		return false;
	lead = (uint64_t)(uintptr_t)si->si_value.sival_ptr;
	pthread_mutex_lock(&lock);
	e = find(tgid, lead);
	if (e)
		si->si_value.sival_ptr = (void *)(uintptr_t)e->own[variant];
	pthread_mutex_unlock(&lock);
	return e != NULL;
}

void mvx_sigvals_forget(pid_t tgid)
{
	pthread_mutex_lock(&lock);
	for (size_t k = 0; k < MVX_SIGVALS; k++)
		if (table[k].tgid == tgid)
			table[k].tgid = 0;
	pthread_mutex_unlock(&lock);
}
