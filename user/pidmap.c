// SPDX-License-Identifier: GPL-2.0
#include "pidmap.h"

#include <pthread.h>
#include <stdlib.h>

#include "options.h"

/* A small open-addressed table keyed by the leader's id.  Entries are never
 * removed: ids of exited tasks are not reused while mvx runs (pid_max is far
 * larger than the number of tasks a run starts), and stale entries only map
 * ids that no longer name a task of the program. */
struct entry {
	pid_t tids[MVX_MAX_VARIANTS];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *table;
static size_t cap, used;

static size_t slot_of(pid_t pid, size_t c)
{
	return ((size_t)pid * 2654435761u) & (c - 1);
}

static void insert(struct entry *t, size_t c, const struct entry *e)
{
	size_t i = slot_of(e->tids[0], c);

	while (t[i].tids[0] && t[i].tids[0] != e->tids[0])
		i = (i + 1) & (c - 1);
	t[i] = *e;
}

void mvx_pidmap_add(const pid_t *tids, int n)
{
	struct entry e = { { 0 } };

	for (int k = 0; k < n && k < MVX_MAX_VARIANTS; k++)
		e.tids[k] = tids[k];
	pthread_mutex_lock(&lock);
	if ((used + 1) * 2 > cap) {
		size_t ncap = cap ? cap * 2 : 256;
		struct entry *nt = calloc(ncap, sizeof(*nt));

		if (!nt) {
			pthread_mutex_unlock(&lock);
			return;
		}
		for (size_t i = 0; i < cap; i++)
			if (table[i].tids[0])
				insert(nt, ncap, &table[i]);
		free(table);
		table = nt;
		cap = ncap;
	}
	insert(table, cap, &e);
	used++;
	pthread_mutex_unlock(&lock);
}

pid_t mvx_pidmap_to_variant(pid_t pid, int v)
{
	pid_t key = pid < 0 ? -pid : pid, out = pid;

	if (v == 0 || key <= 1 || v >= MVX_MAX_VARIANTS)
		return pid;
	pthread_mutex_lock(&lock);
	if (cap) {
		for (size_t i = slot_of(key, cap); table[i].tids[0];
		     i = (i + 1) & (cap - 1)) {
			if (table[i].tids[0] == key) {
				out = pid < 0 ? -table[i].tids[v] :
						table[i].tids[v];
				break;
			}
		}
	}
	pthread_mutex_unlock(&lock);
	return out;
}

pid_t mvx_pidmap_to_leader(pid_t pid, int v)
{
	pid_t out = pid;

	if (v == 0 || pid <= 1 || v >= MVX_MAX_VARIANTS)
		return pid;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < cap; i++) {
		if (table[i].tids[0] && table[i].tids[v] == pid) {
			out = table[i].tids[0];
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	return out;
}
