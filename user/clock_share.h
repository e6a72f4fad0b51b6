/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interval clocks read without the other variants.  In a threaded process
 * the variants read CLOCK_MONOTONIC and its kin on their own, unmatched
 * (docs/processes.md): threads that wait for a lock with a time-out read
 * them a timing-dependent number of times.  Read each by its own variant,
 * they differ by the time between the variants' reads, and so do the
 * time-outs computed from them (an event loop's next poll).  So the
 * monitor reads such a clock for the variants: the k-th reading of every
 * variant since the set's last compared call gets the value read when the
 * first of them got there (shared_reads.h).  Each set (a thread) keeps its
 * own ranks: a thread's readings only grow, but one may be older than
 * another thread's reading made just before (docs/design.md).
 */
#ifndef MVX_CLOCK_SHARE_H
#define MVX_CLOCK_SHARE_H

#include <stdbool.h>

struct mvx_call;
struct mvx_vset;

/*
 * Whether 'c' reads a clock that the monitor reads as the variant would:
 * clock_gettime of CLOCK_MONOTONIC, _RAW, _COARSE or CLOCK_BOOTTIME (the
 * CPU-time clocks count each variant's own time and stay its own).
 */
bool mvx_clock_shared(const struct mvx_call *c);

/*
 * Answers task i's call (at its entry stop, mvx_clock_shared) with the
 * set's reading of that rank, written to its timespec, and skips the call
 * with the result in 'ret' (0, or EFAULT as the kernel gives when the
 * timespec is not writable).  Returns false when the task could not be
 * changed (it was reported).
 */
bool mvx_clock_serve(struct mvx_vset *vs, int i, long *ret);

/* Every variant of the set stands at a compared call: ranks start anew. */
void mvx_clock_sync(struct mvx_vset *vs);

#endif
