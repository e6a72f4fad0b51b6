/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rdtsc and rdtscp are trapped in the variants (PR_SET_TSC, PR_TSC_SIGSEGV):
 * the k-th such instruction of every variant of a set reads the same value,
 * the one the monitor read when the first variant got there.
 */
#ifndef MVX_RDTSC_H
#define MVX_RDTSC_H

#include <stdbool.h>

struct mvx_vset;

enum mvx_rdtsc {
	MVX_RDTSC_NONE,		/* not an rdtsc or rdtscp (or the task is gone) */
	MVX_RDTSC_DONE,		/* emulated: the signal is to be suppressed */
	MVX_RDTSC_AHEAD,	/* not emulated: the task is MVX_SHARED_READS
				 * readings ahead of a counterpart */
};

/*
 * Task i stopped with SIGSEGV: when the faulting instruction is rdtsc or
 * rdtscp, emulates it with the set's value for the task's rank.  A task too
 * far ahead of its slowest counterpart is left as it stands (AHEAD), to be
 * emulated once the others have caught up; with 'alone' it reads the
 * counter for itself instead, where the caller cannot wait (said with -v).
 */
enum mvx_rdtsc mvx_rdtsc_emulate(struct mvx_vset *vs, int i, bool alone);

/*
 * The first program image of the run is about to start (its execve's
 * entry).  Each variant executed one rdtsc after asking for the trap
 * (user/launch.c), which the monitor emulated where the machine trapped
 * it; where it did not (a hypervisor may ignore CR4.TSD), records so in
 * the session and says it with -v.
 */
void mvx_rdtsc_started(struct mvx_vset *vs);

#endif
