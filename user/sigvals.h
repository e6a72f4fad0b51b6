/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The value a POSIX timer's signal carries for the program (si_value, the
 * sigev_value given to timer_create).  Programs put pointers there (glibc's
 * SIGEV_THREAD timers point at their own bookkeeping), which differ
 * between variants, but only the leader has the timer and gets its
 * signal.  Each variant's own value is noted at timer_create, by the
 * leader's value, and a follower that gets the leader's signal information
 * gets its own value in it.
 */
#ifndef MVX_SIGVALS_H
#define MVX_SIGVALS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* How many values the monitor keeps; the oldest noted goes first. */
#define MVX_SIGVALS 1024

/*
 * Process 'tgid' (by its leader's id) gave values own[0..n-1], own[0] the
 * leader's.  A later note of the same leader's value replaces this one.
 */
void mvx_sigvals_note(pid_t tgid, const uint64_t *own, int n);

/*
 * Follower 'variant' of process 'tgid' is to get the leader's signal
 * information 'si': when it is a timer's and carries a noted value, puts
 * the follower's own value in its place and returns true.
 */
bool mvx_sigvals_own(pid_t tgid, int variant, siginfo_t *si);

/* Process 'tgid' made a new image or ended: its values are forgotten. */
void mvx_sigvals_forget(pid_t tgid);

#endif
