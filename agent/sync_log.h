/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lock-order log of one domain: the leader's threads append the lock
 * operations they made, in the order they made them; each follower's
 * threads make theirs in the same order, one at a time, each waiting until
 * the log's next entry is its own thread's.
 *
 * The log lives in memory shared by every variant (a ring of
 * MVX_SYNC_RING entries).  Threads are named by the thread id every
 * variant sees (the leader's: mvx gives each follower its leader's ids).
 * Waits are futex waits on the shared memory, which mvx lets every
 * variant make on its own.
 */
#ifndef MVX_SYNC_LOG_H
#define MVX_SYNC_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "agent_abi.h"

struct mvx_sync_entry {
	uint64_t seq;		/* position + 1 once written */
	int32_t tid;		/* the thread, by the leader's id */
	uint16_t op;		/* enum mvx_sync_op */
	uint16_t unused;
	int32_t result;		/* what the leader's operation returned */
	uint32_t unused2;
};

/* A futex word that waiters sleep on and wakers bump. */
struct mvx_sync_waitq {
	uint32_t word;
	uint32_t waiters;
};

/* A follower's threads sleep on the queue of their thread id's hash, so
 * that the thread whose entry comes up is woken, not all of them. */
#define MVX_SYNC_QUEUES 256

struct mvx_sync_cursor {
	uint64_t done;		/* entries this follower has made */
	uint8_t pad[56];
	struct mvx_sync_waitq q[MVX_SYNC_QUEUES];
};

struct mvx_sync_domain {
	uint64_t head;		/* the next position the leader fills */
	struct mvx_sync_waitq room;	/* the leader waits for room */
	uint32_t unordered;	/* set: the log is no longer kept */
	uint8_t pad[44];
	struct mvx_sync_cursor follower[MVX_SYNC_MAX_VARIANTS];
	struct mvx_sync_entry ring[MVX_SYNC_RING];
};

_Static_assert(sizeof(struct mvx_sync_domain) <= MVX_SYNC_DOMAIN_SIZE,
	       "a domain's log must fit its slot");

/*
 * Leader: appends (tid, op, result) as the next entry, waiting while the
 * slowest of the nvariants - 1 followers is a whole ring behind.  Does
 * nothing once the domain is unordered.
 */
void mvx_sync_record(struct mvx_sync_domain *d, int nvariants, int32_t tid,
		     enum mvx_sync_op op, int32_t result);

/*
 * Follower v: waits until the log's next entry for this follower is
 * thread tid's and returns it; the caller makes its operation, then calls
 * mvx_sync_done.  No other thread of the follower passes meanwhile.  A
 * thread sleeps only while its entry is not the next one: the thread that
 * makes the entry before it, or the leader when it writes it, wakes it.
 * Returns NULL once the domain is unordered (mvx_sync_unorder).
 */
const struct mvx_sync_entry *mvx_sync_await(struct mvx_sync_domain *d, int v,
					    int32_t tid);

/* Follower v: the awaited entry's operation is made; the next may go. */
void mvx_sync_done(struct mvx_sync_domain *d, int v);

/*
 * True when one of the nvariants - 1 followers has yet to make an entry of
 * thread tid; *variant and *op then say whose and which (the first one).
 * Asked by the monitor once the thread has ended in every variant: such an
 * entry would never be made, and every later one would wait behind it.
 */
bool mvx_sync_left_behind(const struct mvx_sync_domain *d, int nvariants,
			  int32_t tid, int *variant, enum mvx_sync_op *op);

/*
 * True when a thread of follower v sleeps waiting for an entry of thread
 * tid (someone waits on tid's queue) and the log holds no such entry that
 * v has yet to make.  Asked by the monitor while the leader's thread tid
 * stands at a call, where it makes no entry until its counterparts arrive:
 * the follower's thread, which had one more lock operation to make, would
 * wait for ever.
 */
bool mvx_sync_waits_in_vain(const struct mvx_sync_domain *d, int v,
			    int32_t tid);

/*
 * A follower's thread made another operation than its entry: from now on
 * no variant's thread of the domain logs or waits; every waiting thread is
 * woken.
 */
void mvx_sync_unorder(struct mvx_sync_domain *d);

#endif
