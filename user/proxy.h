/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Read-only file calls the monitor makes itself on the leader's behalf.
 *
 * A call that runs in the leader only costs the leader two stops (entry and
 * exit) and every follower one.  The most frequent of them in real programs
 * (a compiler's stat, readlink, lseek and read of sources and headers) only
 * read the file system through the leader's own open files, working
 * directory and credentials.  The monitor can make those itself once every
 * variant stands at the call and the calls matched: a descriptor argument
 * through pidfd_getfd (the same open file description, so an offset moves
 * as if the leader had moved it), a path from the leader's working directory
 * or the descriptor it names.  It writes the results into the leader's
 * memory as the kernel would, and from its own buffer into the followers',
 * and skips the call in every variant, so the leader stops once like its
 * followers.  Nothing runs before the comparison, as before.
 *
 * What could make the monitor's call differ from the leader's is excluded,
 * and the leader then makes the call itself:
 *  - /proc/self and the per-process magic links: a path is resolved with
 *    RESOLVE_NO_MAGICLINKS and refused when it ends on procfs;
 *  - other credentials, mount namespace or security label than the
 *    monitor's (compared at the set's first path call after it started,
 *    ran an execve or changed its ids), or a root changed by chroot (no
 *    path is made by the monitor for the rest of the run);
 *  - reads whose content may depend on the reader or that may wait for
 *    another process: only regular files and directories on local disk
 *    and memory file systems, at most MVX_PROXY_MAX_READ bytes, no O_DIRECT;
 *  - any error other than the ordinary results of a lookup (ENOENT, ENOTDIR,
 *    EACCES, ENAMETOOLONG) or of the call itself.
 */
#ifndef MVX_PROXY_H
#define MVX_PROXY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct mvx_vset;

/* The largest read or getdents64 the monitor makes for the leader. */
#define MVX_PROXY_MAX_READ (1UL << 20)

/* What the monitor knows of the leader's view of the file system. */
struct mvx_proxy_state {
	int pidfd;		/* the leader's process, or -1 */
	pid_t pidfd_of;		/* the thread group pidfd refers to */
	signed char view;	/* 1: the monitor's, -1: differs, 0: unknown */
	uint64_t leader_reads;	/* bit k: descriptor k is no file the
				 * monitor reads (a pipe, a terminal...),
				 * until the set's next call that is not
				 * LEADER (one that may make or close
				 * descriptors); another thread's change
				 * only sends a read to the leader */
	bool off;		/* pidfd_getfd refused: make no call */
};

/* Initial state of a new set. */
void mvx_proxy_init(struct mvx_vset *vs);

/*
 * All variants of 'vs' stand at the entry of a matched LEADER call.  When it
 * is one the monitor makes itself (see above), makes it, writes its results
 * into every variant's memory, skips the leader's call with the result,
 * stores it in *ret and returns true (the caller skips the followers'
 * calls); vs->failed is then set when a follower's memory did not take the
 * results (reported as a divergence).  Returns false when the leader must
 * make the call itself; nothing has then changed.
 */
bool mvx_proxy(struct mvx_vset *vs, long *ret);

/*
 * Called for every matched call before it runs: a change of ids or
 * capabilities makes the set's view unknown again, a chroot ends path
 * calls by the monitor for the run.
 */
void mvx_proxy_watch(struct mvx_vset *vs);

/* The set's process ran a new program: its credentials may differ. */
void mvx_proxy_exec(struct mvx_vset *vs);

/* Releases what the set holds (its end). */
void mvx_proxy_forget(struct mvx_vset *vs);

#endif
