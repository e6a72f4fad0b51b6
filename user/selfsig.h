/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Signals a process of the program sends to itself with kill where each
 * variant's own copy would not reach the same point: to its process group
 * (kill(0, ...), kill(-pgrp, ...): the leader's call alone reaches every
 * variant, whose copies come from the leader and are dropped), or to its
 * own pid from a process with several threads (the kernel gives it to
 * whichever thread may take it, and a thread held at a call in one variant
 * may not).  The kill runs in the leader only; its copy for the leader's
 * own process is then held and delivered to every variant like a signal
 * from outside, at the same point (lockstep.c).
 */
#ifndef MVX_SELFSIG_H
#define MVX_SELFSIG_H

#include <stdbool.h>
#include <sys/types.h>

/* How many processes may have such a signal on its way at once. */
#define MVX_SELFSIG_PROCS 256

/*
 * The leader of process 'tgid' is about to send 'sig' to its own process
 * in one of those ways.  Returns false, noting nothing, when the table is
 * full: the caller then lets every variant make its own call.
 */
bool mvx_selfsig_expect(pid_t tgid, int sig);

/*
 * The leader of process 'tgid' stopped for 'sig' sent by its own process:
 * returns true, and forgets the note, when that is a signal noted by
 * mvx_selfsig_expect (one to hold, not to pass on at once).
 */
bool mvx_selfsig_take(pid_t tgid, int sig);

#endif
