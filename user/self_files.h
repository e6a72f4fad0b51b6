/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Descriptors that describe the variant's own memory layout: maps, smaps,
 * smaps_rollup, numa_maps under /proc/self/ or /proc/thread-self/, whose
 * content differs between variants by design (addresses).  Files that hold
 * ids (status, stat) stay the leader's, like every id the program sees.
 * The open runs in the leader and is
 * mirrored by a real open in each follower (handlers.c), so each variant
 * has its own; reads of it are then made by every variant itself instead of
 * copied from the leader, or a follower would see the leader's layout (a
 * runtime that looks up its own stack in /proc/self/maps would not find it).
 * Kept by the leader's process id and descriptor number.
 */
#ifndef MVX_SELF_FILES_H
#define MVX_SELF_FILES_H

#include <stdbool.h>
#include <sys/types.h>

/* Descriptors kept at most, over all processes; past it, reads of a new one
 * are the leader's, as for any file. */
#define MVX_SELF_FILES_MAX 1024

/* Whether 'path', opened by a variant, is one of those files (the
 * beginning of a path is enough: a longer name is another file). */
bool mvx_self_path(const char *path);

/* Records that descriptor 'fd' of the leader's process 'tgid' names it. */
void mvx_self_file_add(pid_t tgid, int fd);

/* Whether descriptor 'fd' of 'tgid' was recorded by mvx_self_file_add. */
bool mvx_self_file(pid_t tgid, int fd);

/* Forgets descriptor 'fd' of 'tgid' (closed, or replaced by dup2/dup3). */
void mvx_self_file_del(pid_t tgid, int fd);

/* Forgets every descriptor of 'tgid' (a new image: close-on-exec). */
void mvx_self_files_forget(pid_t tgid);

#endif
