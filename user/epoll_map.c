// SPDX-License-Identifier: GPL-2.0
#include "epoll_map.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

/*
 * The registrations, in an array that grows and a free list, chained in two
 * hash tables: by target (for EPOLL_CTL_ADD, MOD, DEL) and by the leader's
 * data (for each event epoll_wait returns).
 */
#define BUCKETS 16384

struct reg {
	pid_t tgid;
	int epfd;
	int tfd;
	int next_t;		/* in the target chain, or the free list */
	int next_d;		/* in the data chain */
	uint64_t data[MVX_MAX_VARIANTS];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct reg *regs;
static int nregs, cap, free_list = -1, used;
static int by_target[BUCKETS], by_data[BUCKETS];
static bool ready;

static unsigned int mix(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t h = a * 0x9e3779b97f4a7c15ULL ^ b * 0xc2b2ae3d27d4eb4fULL ^
		     c * 0x165667b19e3779f9ULL;

	return (unsigned int)((h ^ (h >> 29)) & (BUCKETS - 1));
}

static unsigned int target_hash(pid_t tgid, int epfd, int tfd)
{
	return mix((uint32_t)tgid, (uint32_t)epfd, (uint32_t)tfd);
}

static unsigned int data_hash(pid_t tgid, int epfd, uint64_t data)
{
	return mix((uint32_t)tgid, (uint32_t)epfd, data);
}

static void init(void)
{
	if (ready)
		return;
	for (int b = 0; b < BUCKETS; b++)
		by_target[b] = by_data[b] = -1;
	ready = true;
}

static int find(pid_t tgid, int epfd, int tfd)
{
	for (int k = by_target[target_hash(tgid, epfd, tfd)]; k >= 0;
	     k = regs[k].next_t)
		if (regs[k].tgid == tgid && regs[k].epfd == epfd &&
		    regs[k].tfd == tfd)
			return k;
	return -1;
}

/* Takes entry k out of the chain that starts at *head and links by
 * next_t (target) or next_d (data). */
static void unlink_from(int *head, int k, bool target)
{
	for (int *p = head; *p >= 0;
	     p = target ? &regs[*p].next_t : &regs[*p].next_d) {
		if (*p == k) {
			*p = target ? regs[k].next_t : regs[k].next_d;
			return;
		}
	}
}

static int new_entry(void)
{
	int k;

	if (free_list >= 0) {
		k = free_list;
		free_list = regs[k].next_t;
		return k;
	}
	if (nregs == cap) {
		int ncap = cap ? 2 * cap : 64;
		struct reg *g;

		if (ncap > MVX_EPOLL_MAP_MAX)
			ncap = MVX_EPOLL_MAP_MAX;
		if (ncap <= cap)
			return -1;
		g = realloc(regs, ncap * sizeof(*g));
		if (!g)
			return -1;
		regs = g;
		cap = ncap;
	}
	return nregs++;
}

bool mvx_epoll_map_set(pid_t tgid, int epfd, int tfd, const uint64_t *data,
		       int n)
{
	unsigned int t = target_hash(tgid, epfd, tfd), d;
	int k;

	if (n < 1 || n > MVX_MAX_VARIANTS)
		return false;
	pthread_mutex_lock(&lock);
	init();
	k = find(tgid, epfd, tfd);
	if (k >= 0) {
		unlink_from(&by_data[data_hash(tgid, epfd, regs[k].data[0])],
			    k, false);
	} else {
		k = used < MVX_EPOLL_MAP_MAX ? new_entry() : -1;
		if (k < 0) {
			pthread_mutex_unlock(&lock);
			return false;
		}
		used++;
		regs[k].tgid = tgid;
		regs[k].epfd = epfd;
		regs[k].tfd = tfd;
		regs[k].next_t = by_target[t];
		by_target[t] = k;
	}
	memset(regs[k].data, 0, sizeof(regs[k].data));
	memcpy(regs[k].data, data, n * sizeof(*data));
	d = data_hash(tgid, epfd, data[0]);
	regs[k].next_d = by_data[d];
	by_data[d] = k;
	pthread_mutex_unlock(&lock);
	return true;
}

void mvx_epoll_map_del(pid_t tgid, int epfd, int tfd)
{
	int k;

	pthread_mutex_lock(&lock);
	init();
	k = find(tgid, epfd, tfd);
	if (k >= 0) {
		unlink_from(&by_target[target_hash(tgid, epfd, tfd)], k, true);
		unlink_from(&by_data[data_hash(tgid, epfd, regs[k].data[0])],
			    k, false);
		regs[k].next_t = free_list;
		free_list = k;
		used--;
	}
	pthread_mutex_unlock(&lock);
}

uint64_t mvx_epoll_map_get(pid_t tgid, int epfd, uint64_t lead, int v)
{
	uint64_t mine = lead;

	if (v < 0 || v >= MVX_MAX_VARIANTS)
		return lead;
	pthread_mutex_lock(&lock);
	init();
	for (int k = by_data[data_hash(tgid, epfd, lead)]; k >= 0;
	     k = regs[k].next_d) {
		if (regs[k].tgid == tgid && regs[k].epfd == epfd &&
		    regs[k].data[0] == lead) {
			mine = regs[k].data[v];
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	return mine;
}

void mvx_epoll_map_clear(void)
{
	pthread_mutex_lock(&lock);
	free(regs);
	regs = NULL;
	nregs = cap = used = 0;
	free_list = -1;
	ready = false;
	init();
	pthread_mutex_unlock(&lock);
}
