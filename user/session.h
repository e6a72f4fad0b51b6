/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A whole run of mvx: the options, the output files shared by every monitor
 * thread, the counts for the report and the outcome.
 */
#ifndef MVX_SESSION_H
#define MVX_SESSION_H

#include <pthread.h>
#include <stdbool.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>

#include "options.h"

/* What the monitor did with one variant's call (trace "action"). */
enum mvx_action {
	MVX_ACT_EXECUTED,	/* ran in the leader; others got its results */
	MVX_ACT_REPLICATED,	/* skipped here; the leader's results copied */
	MVX_ACT_EXECUTED_BY_ALL, /* ran in every variant */
	MVX_ACT_EMULATED,	/* answered by the monitor in every variant */
	MVX_ACT_SKIPPED,	/* unknown number: -ENOSYS in every variant */
	MVX_ACT_DIVERGED,	/* the variants disagreed; nothing ran */
	MVX_ACT_KERNEL_APPROVED, /* approved by the kernel module */
	MVX_ACT_UNMATCHED,	/* private memory call run by one variant */
	MVX_ACT_BY_MONITOR,	/* made by the monitor for the leader
				 * (proxy.h); others got its results */
	MVX_ACT_EXECUTED_AHEAD,	/* ran in the leader before the others
				 * arrived (run_ahead.h) */
	MVX_ACT_COUNT,
};

/* The name of an action as it appears in --trace and --report. */
const char *mvx_action_name(enum mvx_action a);

struct mvx_session {
	const struct mvx_options *opt;
	FILE *trace;
	pthread_mutex_t lock;		/* trace, counts, divergence */
	uint64_t counts[MVX_ACT_COUNT];
	char *divergence_json;		/* the first divergence record */
	char *failure_json;		/* a monitor failure, for --report */
	int exit_status;
	cpu_set_t orig_affinity;	/* what the program would have seen */
	long orig_affinity_size;	/* sched_getaffinity's return value */
	int cpu;			/* CPU of the monitor, or -1 */
	int ncpus;			/* CPUs in orig_affinity */
	int next_group;
	struct mvx_vset *sets;		/* every live variant set */
	int live;			/* sets whose monitor runs */
	pthread_t exiting;		/* the last monitor thread to end, */
	bool have_exiting;		/* not yet joined */
	int reserved;			/* sets being created (fork, clone) */
	bool max_tasks_said;		/* the --max-processes refusal told */
	pthread_cond_t done;		/* signalled when live drops */
	bool failed;			/* a set diverged or failed */
	bool chrooted;			/* a variant called chroot (proxy.h) */
	bool tsc_untrapped;		/* rdtsc does not trap (rdtsc.h) */
	pid_t *ended_with_leader;	/* followers ended at their leader's
					 * exit (mvx_session_end_with_leader) */
	size_t n_ended, cap_ended;
};

struct mvx_vset;

/*
 * Registers 'vs' as a live set of the session and gives it a group id;
 * the set's monitor must call mvx_session_set_done when it ends.  A set
 * made by a fork-family call (vs->handed_over) takes the place reserved
 * for it by mvx_session_reserve_task.
 */
void mvx_session_add_set(struct mvx_session *s, struct mvx_vset *vs);

/*
 * Before a fork-family call: reserves the place of one more set (one more
 * task in every variant) and returns true, or returns false when the live
 * and reserved sets already reach --max-processes.  The first refusal of
 * the run is said on stderr.
 */
bool mvx_session_reserve_task(struct mvx_session *s);

/* Gives back a place reserved for a set that was not created. */
void mvx_session_unreserve_task(struct mvx_session *s);

/* Unregisters a finished set; wakes mvx_session_wait. */
void mvx_session_set_done(struct mvx_session *s, struct mvx_vset *vs);

/*
 * Starts a monitor thread for the handed-over set 'vs' (already added);
 * the thread attaches to its tasks, monitors them, ends and frees 'vs'.
 * Returns false after saying why when no thread could be started.
 */
bool mvx_session_start_thread(struct mvx_session *s, struct mvx_vset *vs);

/* Waits until no set is live and every monitor thread has ended. */
void mvx_session_wait(struct mvx_session *s);

/*
 * Records that follower process 'pid' is ended (killed) because its leader
 * exited while it slept waiting for a lock (lockstep.c, exit_with_leader):
 * its parent's wait then reports the leader's status.  Returns false when
 * out of memory.
 */
bool mvx_session_end_with_leader(struct mvx_session *s, pid_t pid);

/* Whether follower process 'pid' was ended so (and forgets it). */
bool mvx_session_ended_with_leader(struct mvx_session *s, pid_t pid);

/* After a divergence: marks the session failed and kills every variant
 * task of every set (each set's monitor reaps its own). */
void mvx_session_kill_all(struct mvx_session *s);

#endif
