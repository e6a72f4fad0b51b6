/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The leader's calls made ahead of its followers, kept until they arrive.
 *
 * Variants may take a lock in a different order (threads of a process, or
 * processes sharing a lock in shared memory, as Python's multiprocessing
 * does).  A task held at a compared call may then hold the lock its
 * counterpart waits for in its own variant, behind a task that is itself
 * held: every variant waits for another for ever.  When a set's leader has
 * waited at a call for a while and its missing followers sleep in a
 * futex, the leader makes the call on its own (only the few calls listed
 * in mvx_ahead_allowed); what the comparison and the copy of its results
 * read of the leader's memory is recorded, and each follower's call is
 * compared with that record and given the leader's results when it
 * arrives.  The comparison still happens before the follower's call runs,
 * but after the leader's did (docs/processes.md).
 */
#ifndef MVX_RUN_AHEAD_H
#define MVX_RUN_AHEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "call.h"

/* How long the leader waits at a call before it may go ahead. */
#define MVX_STALL_MS 100

struct mvx_vset;

/* What a call read of the leader's memory, to be read again later. */
struct mvx_memrec {
	struct mvx_memseg *seg;
	size_t n, cap;
	size_t bytes;
	size_t limit;
	bool full;		/* a read went past 'limit' */
	pid_t tid;
};

/* A call the leader made before its followers arrived. */
struct mvx_ahead {
	struct mvx_call call;		/* reads its inputs from 'in' */
	struct mvx_call out_call;	/* reads its results from 'out' */
	struct mvx_memrec in, out;
	long ret;
	uint64_t raised;		/* signals the call raised in the leader */
	uint64_t seq;
	struct mvx_ahead *next;
};

/*
 * Whether the leader of 'vs', at an entry stop, may make its call ahead of
 * the followers: a read, write, pread64, pwrite64 or lseek of at most a
 * few MiB, a change of the process's own signal state (rt_sigprocmask,
 * rt_sigaction, sigaltstack: each follower makes its own when it catches
 * up), a read of the process's ids or a sleep; no signal held, and room
 * left in the set's queue.
 */
bool mvx_ahead_allowed(const struct mvx_vset *vs);

/*
 * Before the leader's call runs: records what comparing it reads of the
 * leader's memory.  Returns the new entry (not yet queued), or NULL when
 * the call cannot be recorded (nothing has run).
 */
struct mvx_ahead *mvx_ahead_begin(struct mvx_vset *vs);

/*
 * After the leader's call returned 'ret': records its results and queues
 * the entry for every follower.  Returns false (entry freed) when the
 * results could not be kept.
 */
bool mvx_ahead_commit(struct mvx_vset *vs, struct mvx_ahead *e, long ret);

/* Frees an entry that was not queued. */
void mvx_ahead_drop(struct mvx_ahead *e);

/* The next entry follower i has not consumed, or NULL. */
struct mvx_ahead *mvx_ahead_next(const struct mvx_vset *vs, int i);

/* Follower i consumed its next entry; frees what every follower has. */
void mvx_ahead_consumed(struct mvx_vset *vs, int i);

/* Whether some follower has entries left to consume. */
bool mvx_ahead_lagging(const struct mvx_vset *vs);

/* Frees the queue (the set ends). */
void mvx_ahead_free(struct mvx_vset *vs);

#endif
