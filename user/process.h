/* SPDX-License-Identifier: GPL-2.0 */
/*
 * New processes and threads: fork, vfork, clone, clone3.
 *
 * The children that correspond to each other (child k of every variant) form
 * a new variant set with its own monitor thread.  The kernel attaches each
 * child to its parent's monitor thread (PTRACE_O_TRACEFORK and friends);
 * that thread keeps the children until their first system call, saves the
 * call, turns it into rt_sigsuspend with every blockable signal blocked and
 * detaches (user/park.h).  The new thread attaches (PTRACE_ATTACH): at the
 * SIGSTOP's stop it puts the saved call back, to be made again, and the
 * child stops at that call's entry.  No call runs unmonitored.
 * docs/processes.md says where this differs from the 2008 i386 description.
 */
#ifndef MVX_PROCESS_H
#define MVX_PROCESS_H

#include <stdbool.h>

struct mvx_vset;

/* Runs a fork-family call of the set (a HANDLER call, compared already). */
void mvx_handle_process(struct mvx_vset *vs);

/*
 * wait4, waitid: every variant reaps its own child (the leader's id in the
 * arguments is mapped); the ids and statuses must agree, the followers see
 * the leader's ids and resource usage.
 */
void mvx_handle_wait(struct mvx_vset *vs);

/* kill, tkill, tgkill: each variant signals its own counterpart. */
void mvx_handle_kill(struct mvx_vset *vs);

/*
 * In the new set's monitor thread: attaches to the handed-over tasks and
 * brings each to its saved first call's entry.  Returns false when the set
 * cannot be monitored (its tasks are then killed).
 */
bool mvx_handoff_attach(struct mvx_vset *vs);

#endif
