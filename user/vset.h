/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A variant set: the corresponding tasks of every variant (task k of each),
 * compared in lockstep by one monitor thread.
 */
#ifndef MVX_VSET_H
#define MVX_VSET_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>
#include <time.h>

#include "call.h"
#include "options.h"
#include "proxy.h"
#include "run_ahead.h"
#include "session.h"
#include "shared_reads.h"
#include "wait_status.h"

#define MVX_HISTORY 10

struct mvx_task {
	pid_t tid;
	pid_t tgid;		/* its process (thread group) */
	int variant;
	bool at_entry;		/* stopped at a system call's entry */
	bool exited;
	struct mvx_wait end;	/* how it ended, once exited */
	struct mvx_call call;	/* the call it stands at */
	uint64_t tsc_count;	/* rdtsc instructions emulated so far */
	bool tsc_held;		/* stopped at an rdtsc too far ahead of a
				 * counterpart (rdtsc.h), until it catches up */
	uint64_t clock_count;	/* clock readings since the last compared
				 * call (clock_share.h) */
	uint64_t inject_mask;	/* signals to deliver at their next stop */
	char *args_text[2];	/* trace renderings of the call's arguments
				 * (JSON, text), made at its entry */
	bool args_fresh;	/* args_text renders the current call */
	bool running_free;	/* in a call let run without the others,
				 * its exit stop awaited for the trace */
	bool ended_with_leader;	/* killed as its leader exited while it
				 * slept waiting for a lock */
};

/* One entry of the recent-call history shown with a divergence. */
struct mvx_hist {
	uint64_t seq;
	long nr;
	uint64_t args[MVX_MAX_ARGS];
	long ret;
	bool ret_unknown;	/* not stopped at its end (MVX_DISP_OWN) */
};

struct mvx_vset {
	struct mvx_session *s;
	int id;
	int n;
	struct mvx_task t[MVX_MAX_VARIANTS];
	uint64_t seq;
	struct mvx_hist hist[MVX_HISTORY];
	unsigned int hist_len;
	unsigned int hist_pos;	/* where the next entry goes */
	bool exec_seen;		/* the first execve has been dispatched */
	bool threaded;		/* its process has (had) more than one
				 * thread since its last execve */
	uint64_t pending_mask;	/* async signals held for the next point */
	struct timespec signal_look;	/* when a held signal's set next
					 * looks where its variants stand */
	long intr_code;		/* -ERESTART* code of the leader's call... */
	uint64_t intr_seq;	/* ...number intr_seq, interrupted by a signal */
	siginfo_t pending[65];
	struct mvx_shared_reads tsc;	/* rdtsc values (rdtsc.h) */
	struct mvx_shared_reads clocks;	/* interval-clock readings since
					 * the last compared call
					 * (clock_share.h) */
	bool failed;		/* divergence or monitor failure: stop */
	struct mvx_vset *next;	/* in the session's list of sets */
	int cpu;		/* CPU of its monitor and tasks, or -1 */
	/* placement.h; in_call and call_since are read by other sets'
	 * monitors (atomic) */
	int in_call;		/* its monitor waits for a call to end */
	uint64_t call_since;	/* since when (CLOCK_MONOTONIC, ns) */
	uint64_t place_looked;	/* its last look at the other sets */
	uint64_t crowded_since;	/* its CPU has been crowded since, or 0 */
	bool handed_over;	/* tasks wait in sigsuspend for an attach */
	uint32_t kset;		/* its set in the kernel module */
	bool kset_live;
	char accel_why[192];	/* why the module's watchdog killed it */
	struct user_regs_struct saved[MVX_MAX_VARIANTS]; /* their first call */
	/* calls the leader made ahead of the followers (run_ahead.h):
	 * entries ahead_base .. ahead_end - 1, follower i's next at
	 * ahead_pos[i] */
	struct mvx_ahead *ahead_head, *ahead_tail;
	uint64_t ahead_base, ahead_end;
	uint64_t ahead_pos[MVX_MAX_VARIANTS];
	unsigned int ahead_len;
	size_t ahead_bytes;
	int domain;		/* its lock-order log (agent_host.h), -1:
				 * none was free, */
	bool has_domain;	/* once asked for */
	struct mvx_tempnames *tempnames; /* names given (tempname.h) */
	struct mvx_proxy_state proxy;	/* calls the monitor makes */
	bool lead_waiting;	/* the leader stands at a call, alone */
	struct timespec lead_since;	/* since when */
};

/*
 * Monitors the set until every variant has exited or the set fails.
 * Returns the shell status of the program (exit code or 128 + signal), or
 * 125 after a divergence or a monitor failure.
 */
int mvx_vset_run(struct mvx_vset *vs);

/* Kills every variant of the set with SIGKILL and reaps them. */
void mvx_vset_kill(struct mvx_vset *vs);

#endif
