// SPDX-License-Identifier: GPL-2.0
#include "sync_log.h"

#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RING_MASK (MVX_SYNC_RING - 1)
/* Busy checks before sleeping: short, since a variant's threads often
 * share one CPU with the thread they wait for. */
#define SPINS 64

_Static_assert((MVX_SYNC_RING & RING_MASK) == 0, "the ring is a power of two");

static uint64_t load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/*
 * Not FUTEX_PRIVATE_FLAG: the waiters may be in other processes of the
 * domain.  A signal or a spurious wake-up only makes the caller look again.
 */
static void futex_wait(uint32_t *word, uint32_t val)
{
	syscall(SYS_futex, word, FUTEX_WAIT, val, NULL, NULL, 0);
}

/* Sleeps until *q is bumped, unless ready(arg) holds first. */
static void wait_on(struct mvx_sync_waitq *q,
		    int (*ready)(const void *), const void *arg)
{
	for (int i = 0; i < SPINS; i++) {
		if (ready(arg))
			return;
		__builtin_ia32_pause();
	}
	__atomic_add_fetch(&q->waiters, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		uint32_t seen = __atomic_load_n(&q->word, __ATOMIC_SEQ_CST);

		if (ready(arg))
			break;
		futex_wait(&q->word, seen);
	}
	__atomic_sub_fetch(&q->waiters, 1, __ATOMIC_SEQ_CST);
}

static void bump(struct mvx_sync_waitq *q)
{
	__atomic_add_fetch(&q->word, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&q->waiters, __ATOMIC_SEQ_CST))
		syscall(SYS_futex, &q->word, FUTEX_WAKE, INT_MAX, NULL, NULL,
			0);
}

struct room_arg {
	const struct mvx_sync_domain *d;
	int nvariants;
	uint64_t pos;
};

static int unordered(const struct mvx_sync_domain *d)
{
	return __atomic_load_n(&d->unordered, __ATOMIC_SEQ_CST) != 0;
}

static int has_room(const void *p)
{
	const struct room_arg *a = p;

	if (unordered(a->d))
		return 1;
	for (int v = 1; v < a->nvariants; v++)
		if (a->pos - load(&a->d->follower[v].done) >= MVX_SYNC_RING)
			return 0;
	return 1;
}

static struct mvx_sync_waitq *queue(struct mvx_sync_domain *d, int v,
				     int32_t tid)
{
	return &d->follower[v].q[(uint32_t)tid % MVX_SYNC_QUEUES];
}

void mvx_sync_record(struct mvx_sync_domain *d, int nvariants, int32_t tid,
		     enum mvx_sync_op op, int32_t result)
{
	struct room_arg room = { d, nvariants, 0 };
	struct mvx_sync_entry *e;

	if (unordered(d))
		return;
	room.pos = __atomic_fetch_add(&d->head, 1, __ATOMIC_ACQ_REL);
	if (!has_room(&room))
		wait_on(&d->room, has_room, &room);
	e = &d->ring[room.pos & RING_MASK];
	e->tid = tid;
	e->op = (uint16_t)op;
	e->result = result;
	__atomic_store_n(&e->seq, room.pos + 1, __ATOMIC_SEQ_CST);
	/* a follower that has made every entry before this one may have
	 * looked for it before it was written (see mvx_sync_done) */
	for (int v = 1; v < nvariants; v++)
		if (__atomic_load_n(&d->follower[v].done, __ATOMIC_SEQ_CST) ==
		    room.pos)
			bump(queue(d, v, tid));
}

struct turn_arg {
	const struct mvx_sync_domain *d;
	int v;
	int32_t tid;
};

static int my_turn(const void *p)
{
	const struct turn_arg *a = p;
	uint64_t pos = load(&a->d->follower[a->v].done);
	const struct mvx_sync_entry *e = &a->d->ring[pos & RING_MASK];

	if (unordered(a->d))
		return 1;
	return load(&e->seq) == pos + 1 &&
	       __atomic_load_n(&e->tid, __ATOMIC_RELAXED) == a->tid;
}

const struct mvx_sync_entry *mvx_sync_await(struct mvx_sync_domain *d, int v,
					    int32_t tid)
{
	struct turn_arg turn = { d, v, tid };

	if (!my_turn(&turn))
		wait_on(queue(d, v, tid), my_turn, &turn);
	if (unordered(d))
		return NULL;
	return &d->ring[load(&d->follower[v].done) & RING_MASK];
}

void mvx_sync_done(struct mvx_sync_domain *d, int v)
{
	uint64_t pos = __atomic_add_fetch(&d->follower[v].done, 1,
					  __ATOMIC_SEQ_CST);
	const struct mvx_sync_entry *e = &d->ring[pos & RING_MASK];

	/* the next entry's thread, if the leader has written it (else the
	 * leader wakes it as it writes) */
	if (__atomic_load_n(&e->seq, __ATOMIC_SEQ_CST) == pos + 1)
		bump(queue(d, v, __atomic_load_n(&e->tid, __ATOMIC_RELAXED)));
	if (__atomic_load_n(&d->room.waiters, __ATOMIC_SEQ_CST))
		bump(&d->room);
}

/* The first position of follower v's unmade entries worth looking at: at
 * most a ring behind the head, whatever a torn log says. */
static uint64_t first_unmade(const struct mvx_sync_domain *d, int v,
			     uint64_t head)
{
	uint64_t pos = load(&d->follower[v].done);

	return head - pos > MVX_SYNC_RING ? head - MVX_SYNC_RING : pos;
}

/* The position of follower v's first unmade entry of thread tid before
 * head, or head when there is none. */
static uint64_t find_unmade(const struct mvx_sync_domain *d, int v,
			    int32_t tid, uint64_t head)
{
	uint64_t pos;

	for (pos = first_unmade(d, v, head); pos < head; pos++) {
		const struct mvx_sync_entry *e = &d->ring[pos & RING_MASK];

		if (load(&e->seq) == pos + 1 &&
		    __atomic_load_n(&e->tid, __ATOMIC_RELAXED) == tid)
			break;
	}
	return pos;
}

bool mvx_sync_waits_in_vain(const struct mvx_sync_domain *d, int v,
			    int32_t tid)
{
	uint64_t head = load(&d->head);

	if (unordered(d) || v < 1 || v >= MVX_SYNC_MAX_VARIANTS ||
	    !__atomic_load_n(&d->follower[v].q[(uint32_t)tid % MVX_SYNC_QUEUES].waiters,
			     __ATOMIC_SEQ_CST))
		return false;
	return find_unmade(d, v, tid, head) == head;
}

bool mvx_sync_left_behind(const struct mvx_sync_domain *d, int nvariants,
			  int32_t tid, int *variant, enum mvx_sync_op *op)
{
	uint64_t head = load(&d->head);

	if (unordered(d))
		return false;
	for (int v = 1; v < nvariants && v < MVX_SYNC_MAX_VARIANTS; v++) {
		uint64_t pos = find_unmade(d, v, tid, head);

		if (pos == head)
			continue;
		*variant = v;
		*op = (enum mvx_sync_op)d->ring[pos & RING_MASK].op;
		return true;
	}
	return false;
}

void mvx_sync_unorder(struct mvx_sync_domain *d)
{
	__atomic_store_n(&d->unordered, 1, __ATOMIC_SEQ_CST);
	for (int v = 1; v < MVX_SYNC_MAX_VARIANTS; v++)
		for (int q = 0; q < MVX_SYNC_QUEUES; q++)
			bump(&d->follower[v].q[q]);
	bump(&d->room);
}
