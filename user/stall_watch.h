/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stall watch.  Variants stall when each is blocked at a different
 * point, waiting for the others for ever: a lock taken, or a flag set
 * without a lock read, in another order than in the leader where the
 * lock-order agent cannot order it.
 * - A termination signal that mvx forwarded to the program is held until
 *   every variant of a set stands at the same point, which then never
 *   comes; one signal must still end the run, as `timeout` and a service
 *   manager expect.
 * - Without a signal, a stalled run would wait for ever: it is reported
 *   and stopped as a failure instead.
 */
#ifndef MVX_STALL_WATCH_H
#define MVX_STALL_WATCH_H

#include <stdbool.h>

struct mvx_session;

/* How long a held termination signal may wait while nothing moves. */
#define MVX_TERM_STALL_MS 2000

/* How long nothing may move before a stall is looked for. */
#define MVX_DEADLOCK_MS 5000

/*
 * Starts a thread that, while session 's' runs, looks a few times a second
 * for a set holding SIGINT, SIGTERM, SIGHUP or SIGQUIT that was sent to mvx
 * (mvx_stall_watch_forwarded; the program's own signals to its processes
 * are the program's business).  When one has been
 * held for MVX_TERM_STALL_MS during which no variant completed a call and
 * none was seen running, it says so (the signal, and the call each
 * variant of the holding set is blocked in) and ends mvx with status
 * 128 + the signal; the variants die with it (PTRACE_O_EXITKILL).
 * When no call has completed for MVX_DEADLOCK_MS, no variant task runs and
 * in some set one variant stands at a call while every other sleeps in a
 * futex wait without a time-out (nothing left to wake them), it says where
 * they stand and stops every variant as after a divergence: mvx exits
 * with 125.
 * Returns false after saying why when the thread cannot be started.
 */
bool mvx_stall_watch_start(struct mvx_session *s);

/*
 * Signal 'sig', sent to mvx, has been forwarded to the program.  May be
 * called from a signal handler.
 */
void mvx_stall_watch_forwarded(int sig);

/* Stops and joins the thread started by mvx_stall_watch_start. */
void mvx_stall_watch_stop(void);

#endif
