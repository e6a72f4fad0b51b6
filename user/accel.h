/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel acceleration of a run (--kmod): with the mvx module loaded, a few
 * harmless calls are approved in the kernel, still compared across the
 * variants before they run, without a ptrace stop.  The seccomp filter lets
 * exactly those calls through; every variant set has a set in the module
 * with all its tasks registered from their creation on; at each of its own
 * stops the monitor checks that the module's lockstep counters agree (a
 * variant that made an extra approved call is a divergence).  Without the
 * module (--kmod auto), every call stops in the monitor as before.
 */
#ifndef MVX_ACCEL_H
#define MVX_ACCEL_H

#include <stdbool.h>
#include <sys/types.h>

#include "seccomp_filter.h"

struct mvx_session;
struct mvx_vset;

/*
 * Opens the module as --kmod says.  Returns false after saying why when
 * --kmod on cannot be honoured; with auto, a missing module is said once
 * with -v and the run goes on without.
 */
bool mvx_accel_start(struct mvx_session *s);

/* The calls the seccomp filter lets through, or NULL without the module. */
const struct mvx_nrset *mvx_accel_allowed(struct mvx_session *s);

/* Creates the module's set for 'vs'; false after saying why. */
bool mvx_accel_set_new(struct mvx_vset *vs);

/* Registers task 'tid' (traced by this process) as variant i of 'vs'. */
bool mvx_accel_add_task(struct mvx_vset *vs, int i, pid_t tid);

/*
 * At a point where every variant of 'vs' stands at a monitored call: true
 * when the module's counters agree; otherwise writes why into 'why'.
 */
bool mvx_accel_check(struct mvx_vset *vs, char *why, size_t len);

/*
 * The module killed the set's tasks because an approved call diverged, or
 * the set is gone from the module (unloaded): writes why into 'why' and
 * returns true.
 */
bool mvx_accel_diverged(struct mvx_vset *vs, char *why, size_t len);

/* Destroys the module's set of 'vs', counting its approved calls. */
void mvx_accel_set_done(struct mvx_vset *vs);

/* Closes the module. */
void mvx_accel_stop(struct mvx_session *s);

#endif
