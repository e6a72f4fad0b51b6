/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which CPU each variant set's monitor thread and variants run on.
 *
 * A ptrace stop that hands the CPU from tracee to tracer costs several
 * times less than one that wakes the other CPU (docs/design.md, "CPU
 * placement"), so a set's monitor and variants share one CPU.  A new set
 * starts on its parent's CPU: most parents wait for their child at once
 * (a shell, a compiler driver), and the hand-over then never leaves the
 * CPU.  A set that has shared its CPU with another set at work for a
 * while moves, monitor and variants together, to a CPU with fewer sets
 * at work (make -j2's two compilers).
 */
#ifndef MVX_PLACEMENT_H
#define MVX_PLACEMENT_H

#include <stdbool.h>

struct mvx_session;
struct mvx_vset;

/* The CPU for a set made by 'parent' (its own), or -1 when unpinned. */
int mvx_place_new_set(struct mvx_session *s, const struct mvx_vset *parent);

/*
 * Puts the new set's live variants on its CPU (they inherited their
 * parents').  Sets registered with the kernel module keep the CPUs
 * accel.c gave them.
 */
void mvx_place_children(const struct mvx_vset *vs);

/*
 * Marks the set's monitor as waiting for a call to end ('waiting') or as
 * back at work.  A set whose call has lasted a while (a wait4, a read of
 * an empty pipe) does not count as at work on its CPU.
 */
void mvx_place_waiting(struct mvx_vset *vs, bool waiting);

/* Marks a set whose monitor has stopped watching it as never at work. */
void mvx_place_leave(struct mvx_vset *vs);

/*
 * Called by the set's own monitor thread at its stops: moves the set to a
 * less busy CPU when its own has been crowded for a while.  Cheap when
 * nothing is to be done (a clock read, at most one look at the other sets
 * per millisecond).
 */
void mvx_place_rebalance(struct mvx_vset *vs);

#endif
