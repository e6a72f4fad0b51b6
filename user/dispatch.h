/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lockstep dispatch of one variant set.
 *
 * Every variant stops at the entry of each system call (SECCOMP_RET_TRACE).
 * When all variants of the set stand at an entry stop, their calls are
 * compared (call.h); on a match the table's dispatch mode decides who runs
 * the call, and the results are made identical.  A call that runs only in the
 * leader is skipped in the followers at that same stop (the system-call
 * number set to -1 and the return value written), so a follower costs one
 * stop per call and the leader two, or one when the monitor makes a look
 * at a file for it (proxy.h).  Nothing runs before the comparison:
 * a diverging call has not executed in any variant (except a call the
 * leader made ahead of its followers in a lock-order stall, run_ahead.h).
 *
 * The primitives below are what the handlers_*.c files build on.  They all
 * act on task i of the set, which must be at the stop named.
 */
#ifndef MVX_DISPATCH_H
#define MVX_DISPATCH_H

#include <stdbool.h>

#include "call.h"
#include "session.h"
#include "vset.h"

/*
 * Runs task i's call from its entry stop to its exit stop and returns the
 * return value.  Sets vs->failed (after reporting) when the task ends instead.
 */
long mvx_run_to_exit(struct mvx_vset *vs, int i);

/* Starts task i's call from its entry stop (towards its exit stop). */
bool mvx_start_call(struct mvx_vset *vs, int i);

/* Waits for task i's exit stop after mvx_start_call; returns the result. */
long mvx_finish_call(struct mvx_vset *vs, int i);

/* Waits for task i's next stop or end, without interpreting it. */
struct mvx_wait mvx_wait_task(struct mvx_vset *vs, int i);

/* Records that task i has ended as 'w' says. */
void mvx_mark_exited(struct mvx_vset *vs, int i, struct mvx_wait w);

/*
 * Handles a signal-delivery-stop of task i for signal 'sig' and resumes it
 * (PTRACE_CONT): rdtsc emulation, injected signals, synchronous faults
 * delivered, asynchronous ones held for the set.
 */
void mvx_signal_hold(struct mvx_vset *vs, int i, int sig);

/* The same inside a call: resumes with PTRACE_SYSCALL. */
void mvx_signal_held(struct mvx_vset *vs, int i, int sig);

/* The ptrace options of every traced variant task. */
#define MVX_PTRACE_OPTIONS (PTRACE_O_EXITKILL | PTRACE_O_TRACESECCOMP | \
			    PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | \
			    PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
			    PTRACE_O_TRACECLONE)

/* Reads task i's call at its entry stop into vs->t[i].call. */
bool mvx_fetch_call(struct mvx_vset *vs, int i);

/*
 * Runs the leader's call to its exit stop, followers staying at their
 * entry.  Returns false when the caller has nothing more to do: the set
 * failed, the leader ended, or a signal interrupted the call and the leader
 * was sent back to make it again.
 */
bool mvx_run_leader(struct mvx_vset *vs, long *ret);

/* At an entry stop: the call is skipped and returns 'ret'. */
bool mvx_skip(struct mvx_vset *vs, int i, long ret);

/* Resumes task i (from any stop) until its next system call. */
void mvx_resume(struct mvx_vset *vs, int i);

/*
 * The leader's call ended with 'ret': copies its outputs into every follower
 * and skips their calls with the same return value.
 */
bool mvx_replicate(struct mvx_vset *vs, long ret);

/*
 * Changes task i's pending call (at its entry stop) into 'nr' with 'args';
 * used for descriptor placeholders.
 */
bool mvx_rewrite_call(struct mvx_vset *vs, int i, long nr,
		      const unsigned long long args[6]);

/*
 * Writes 'len' bytes below task i's red zone and returns their address, for
 * arguments of a rewritten call.
 */
mvx_addr mvx_scratch_push(struct mvx_vset *vs, int i, const void *data,
			  size_t len);

/* Records task i's call in the trace and the report counts. */
void mvx_note(struct mvx_vset *vs, int i, enum mvx_action a, long ret);

/*
 * Reports a divergence (stderr and --report), kills every variant and marks
 * the set failed.  'diff' may be NULL when 'why' says it all.
 */
void mvx_diverge(struct mvx_vset *vs, const struct mvx_diff *diff,
		 const char *why);

/*
 * Reports as a divergence that follower i's memory does not take the
 * leader's results for argument 'arg' (see mvx_diverge).
 */
void mvx_diverge_unfit(struct mvx_vset *vs, int i, int arg);

/* Reports a monitor failure or refusal with 'why', kills the set. */
void mvx_fail(struct mvx_vset *vs, const char *why);

/*
 * At an exit stop after the call was interrupted by a signal (or must be
 * made again): moves task i back before its system-call instruction and
 * resumes it, so that it stops at the same call's entry again.
 */
void mvx_rewind_to_entry(struct mvx_vset *vs, int i);

/* Lets task i run until it stands at a system call's entry or has ended. */
void mvx_advance(struct mvx_vset *vs, int i);

/*
 * Follower i stands at the exit of a call that gave it descriptor 'got'
 * where the leader got 'fd' (a number the leader's kernel held for another
 * thread's pending call, say): moves it to 'fd' (dup3 with its close-on-exec
 * flag, close), and leaves the follower at the exit as if its call had
 * returned 'ret'.  False when 'fd' is taken in the follower or a step
 * failed.  The caller holds the descriptor-table lock.
 */
bool mvx_fd_move(struct mvx_vset *vs, int i, long got, long fd, long ret);

/*
 * The lock under which followers' descriptors are created and moved, one
 * call at a time over every monitor thread: threads of a process share
 * their descriptor table, and the kernel gives the lowest free number.
 */
void mvx_fd_table_lock(void);
void mvx_fd_table_unlock(void);

/* Runs a HANDLER call; in handlers.c. */
void mvx_handle(struct mvx_vset *vs);

/* Runs the call in every variant; 'same' requires equal return values. */
void mvx_dispatch_all(struct mvx_vset *vs, bool same);

/*
 * Lets every variant make its call on its own and go on without a stop at
 * the call's end (MVX_DISP_OWN): the results are not looked at.  With
 * --trace or -v it is mvx_dispatch_all(vs, false), to show them.
 */
void mvx_dispatch_own(struct mvx_vset *vs);

/*
 * Sends task i the signals of 'mask' (bit s: signal s), marked as the
 * monitor's (inject_mask), so that its next stops deliver them with the
 * set's signal information for each (vs->pending[s], when set).
 */
void mvx_signal_send(struct mvx_vset *vs, int i, uint64_t mask);

/* Runs the call in the leader only and replicates it. */
void mvx_dispatch_leader(struct mvx_vset *vs);

/*
 * As mvx_dispatch_leader, and before the followers go on, 'fix' adjusts
 * follower i's copy of the leader's results (the call returned 'ret').
 */
void mvx_dispatch_leader_fix(struct mvx_vset *vs,
			     void (*fix)(struct mvx_vset *vs, int i, long ret));

/* Emulates the call in every variant with return value 'ret'. */
void mvx_dispatch_emulated(struct mvx_vset *vs, long ret);

#endif
