/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Waiting for traced tasks, routed per monitor thread.
 *
 * A tracee belongs to the thread that attached it (or to the thread whose
 * tracee forked it, until the hand-over).  Each monitor thread waits with
 * wait4(-1, __WALL | __WNOTHREAD): the kernel then reports only the events
 * of the calling thread's own tracees, never another monitor thread's, and
 * one blocking wait covers every task of the thread's variant set.  An
 * event of one of the thread's tracees that is not the one asked for is
 * kept, per thread, until it is asked for.
 */
#ifndef MVX_WAIT_ROUTE_H
#define MVX_WAIT_ROUTE_H

#include <sys/types.h>
#include <time.h>

/*
 * Waits for the next event of 'tid', a tracee of the calling thread, and
 * stores its raw status.  Returns tid, or -1 with errno set (never EINTR).
 */
pid_t mvx_wait_one(pid_t tid, int *status);

/*
 * Waits for the next event of any of the 'n' tasks in 'tids', all tracees
 * of the calling thread; returns the one that has an event and its raw
 * status, or -1 with errno set (never EINTR).
 */
pid_t mvx_wait_among(const pid_t *tids, int n, int *status);

/*
 * Like mvx_wait_among, but returns 0 when the CLOCK_MONOTONIC time
 * 'deadline' passes first.  A per-thread timer interrupts the wait, and
 * again every 10 ms until one of this file's waits has seen it; it is left
 * running after a wait that ended first, so the thread may see an EINTR
 * later, in a call that can be interrupted (this file's waits restart).
 */
pid_t mvx_wait_among_until(const pid_t *tids, int n, int *status,
			   const struct timespec *deadline);

/* Frees the calling thread's kept events and its timer; at the end of a
 * monitor thread. */
void mvx_wait_route_exit(void);

#endif
