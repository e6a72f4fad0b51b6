/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The program sees the leader's process and thread ids everywhere.  Each
 * variant set registers its tasks' ids here; a pid argument that names a
 * task of the program is translated from the leader's id to the variant's
 * own before a call runs in that variant, and ids a call returns are
 * translated back.
 */
#ifndef MVX_PIDMAP_H
#define MVX_PIDMAP_H

#include <sys/types.h>

/* Registers corresponding ids: tids[k] is variant k's id. */
void mvx_pidmap_add(const pid_t *tids, int n);

/*
 * Variant 'v''s id for the leader's id 'pid' (a process group as -pgid
 * too); ids that name no task of the program are returned unchanged.
 */
pid_t mvx_pidmap_to_variant(pid_t pid, int v);

/* The leader's id for variant 'v''s id 'pid', or 'pid' when unknown. */
pid_t mvx_pidmap_to_leader(pid_t pid, int v);

#endif
