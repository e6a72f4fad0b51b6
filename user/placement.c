// SPDX-License-Identifier: GPL-2.0
#include "placement.h"

#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>

#include "session.h"
#include "vset.h"

/* A call that has lasted this long leaves the CPU to others. */
#define WAITING_NS	500000ULL
/* How often a set looks at the others, and how long its CPU must stay
 * crowded before it moves. */
#define LOOK_NS		500000ULL
#define CROWDED_NS	2000000ULL

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

int mvx_place_new_set(struct mvx_session *s, const struct mvx_vset *parent)
{
	if (s->cpu < 0 || parent->cpu < 0)
		return s->cpu;
	return parent->cpu;
}

static void pin(pid_t tid, int cpu)
{
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	sched_setaffinity(tid, sizeof(one), &one);
}

void mvx_place_children(const struct mvx_vset *vs)
{
	if (vs->cpu < 0 || vs->kset_live)
		return;
	for (int i = 0; i < vs->n; i++)
		if (!vs->t[i].exited)
			pin(vs->t[i].tid, vs->cpu);
}

/*
 * Calls that wait for a child by nature: a wait, and a vfork (the parent
 * sleeps until its child execs or exits).  A set making one counts as
 * waiting at once, so that its child, handed over meanwhile, is not seen
 * crowded by a parent whose monitor was slow to get there (a loaded
 * machine, memcheck).
 */
static bool waits_for_child(const struct mvx_call *c)
{
	switch (c->nr) {
	case SYS_wait4:
	case SYS_waitid:
	case SYS_vfork:
		return true;
	case SYS_clone:
		return c->args[0] & CLONE_VFORK;
	default:
		return false;
	}
}

void mvx_place_waiting(struct mvx_vset *vs, bool waiting)
{
	if (waiting) {
		uint64_t since = now_ns();

		if (waits_for_child(&vs->t[0].call))
			since -= WAITING_NS;
		__atomic_store_n(&vs->call_since, since, __ATOMIC_RELAXED);
	} else if (vs->crowded_since &&
		   now_ns() - vs->call_since >= WAITING_NS) {
		/* it left the CPU to the others: not crowded all along */
		vs->crowded_since = 0;
	}
	__atomic_store_n(&vs->in_call, waiting, __ATOMIC_RELAXED);
}

void mvx_place_leave(struct mvx_vset *vs)
{
	__atomic_store_n(&vs->call_since, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&vs->in_call, 1, __ATOMIC_RELAXED);
}

static bool at_work(const struct mvx_vset *vs, uint64_t now)
{
	uint64_t since;

	if (!__atomic_load_n(&vs->in_call, __ATOMIC_RELAXED))
		return true;
	since = __atomic_load_n(&vs->call_since, __ATOMIC_RELAXED);
	return now - since < WAITING_NS;
}

/*
 * The CPU with the fewest sets at work if it has at least two fewer than
 * the CPU of 'vs' (which is at work and in the session's list), or -1.
 * Called with the session's lock.
 */
static int emptier_cpu(const struct mvx_vset *vs, uint64_t now)
{
	const struct mvx_session *s = vs->s;
	/* the CPUs the kernel has: sched_getaffinity's size, in bits */
	int span = (int)(s->orig_affinity_size * 8 < CPU_SETSIZE ?
			 s->orig_affinity_size * 8 : CPU_SETSIZE);
	int busy[CPU_SETSIZE];
	int best = vs->cpu;

	if (vs->cpu < 0 || vs->cpu >= span)
		return -1;
	memset(busy, 0, (size_t)span * sizeof(busy[0]));
	for (const struct mvx_vset *o = s->sets; o; o = o->next)
		if (o->cpu >= 0 && o->cpu < span && at_work(o, now))
			busy[o->cpu]++;
	for (int cpu = 0; cpu < span; cpu++)
		if (CPU_ISSET(cpu, &s->orig_affinity) && busy[cpu] < busy[best])
			best = cpu;
	return busy[best] + 2 <= busy[vs->cpu] ? best : -1;
}

void mvx_place_rebalance(struct mvx_vset *vs)
{
	struct mvx_session *s = vs->s;
	bool move = false;
	uint64_t now;
	int to;

	if (vs->cpu < 0 || s->ncpus <= 1 || vs->kset_live)
		return;
	now = now_ns();
	if (now - vs->place_looked < LOOK_NS)
		return;
	vs->place_looked = now;
	pthread_mutex_lock(&s->lock);
	to = emptier_cpu(vs, now);
	if (to < 0) {
		vs->crowded_since = 0;
	} else if (!vs->crowded_since) {
		vs->crowded_since = now;
	} else if (now - vs->crowded_since >= CROWDED_NS) {
		vs->cpu = to;	/* under the lock: the others count it there */
		vs->crowded_since = 0;
		move = true;
	}
	pthread_mutex_unlock(&s->lock);
	if (!move)
		return;
	pin(0, to);
	mvx_place_children(vs);
}
