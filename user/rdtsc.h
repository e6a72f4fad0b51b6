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

/*
 * Task i stopped with SIGSEGV: when the faulting instruction is rdtsc or
 * rdtscp, emulates it and returns true (the signal is then suppressed).
 */
bool mvx_rdtsc_emulate(struct mvx_vset *vs, int i);

/*
 * Whether this machine traps rdtsc for a task that asked (PR_SET_TSC): a
 * hypervisor may ignore the request (CR4.TSD), and each variant then reads
 * its own counter.  Probed once, in a child process.
 */
bool mvx_rdtsc_trapped(void);

#endif
