/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Temporary file names.  The C library's mkstemp and mkdtemp mix the address
 * of a local variable into the random letters of the name, and Python names
 * the file it writes a compiled module to first after the address of an
 * object (`path.1401234567890`), so each variant asks for its own name.
 * When the calls differ only there, the followers' name buffers get the
 * leader's name before the call runs.  A C program passes that buffer on
 * (unlink(template)); a program that builds the name again for its next
 * call (Python's rename of the file into place) gets the leader's name
 * there too, from the set's list of names given so.
 */
#ifndef MVX_TEMPNAME_H
#define MVX_TEMPNAME_H

#include <stdbool.h>

#include "call.h"

struct mvx_vset;

/*
 * The set's calls differ as 'diff' says.  When that is the path of a
 * creating open (O_CREAT | O_EXCL), mkdir, link, symlink or mknod (the
 * new name) that differs from the leader's
 * only in letters and digits within 20 characters, of the same length,
 * writes the leader's name into each follower's buffer, remembers the two
 * names, and returns true (the caller compares again).  Also when it is a
 * path argument of any call that is, in every follower, a name given so
 * before or a path under it (a file in a temporary directory), where the
 * leader's is the same under that name's leader's.
 */
bool mvx_tempname_unify(struct mvx_vset *vs, const struct mvx_diff *diff);

/* Forgets the set's names (an execve, the set's end). */
void mvx_tempname_forget(struct mvx_vset *vs);

#endif
