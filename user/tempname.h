/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Temporary file names.  The C library's mkstemp and mkdtemp mix the address
 * of a local variable into the random letters of the name, so each variant
 * asks for its own name.  When the calls differ only there, the followers'
 * name buffers get the leader's name before the call runs, and from then on
 * the name is the same wherever it reaches a system call.
 */
#ifndef MVX_TEMPNAME_H
#define MVX_TEMPNAME_H

#include <stdbool.h>

#include "call.h"

struct mvx_vset;

/*
 * The set's calls differ as 'diff' says: when that is a path of a creating
 * open (O_CREAT | O_EXCL) or mkdir that differs from the leader's only in a
 * run of at most six letters and digits, writes the leader's name into each
 * follower's buffer and returns true (the caller compares again).
 */
bool mvx_tempname_unify(struct mvx_vset *vs, const struct mvx_diff *diff);

#endif
