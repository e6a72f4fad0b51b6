/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The monitor's side of the lock-order agent (agent/agent_abi.h): the file
 * that holds the variants' lock-order logs, the agent preloaded into the
 * program, and the answers to the agent's calls.
 */
#ifndef MVX_AGENT_HOST_H
#define MVX_AGENT_HOST_H

#include <stdbool.h>

#include "options.h"

struct mvx_vset;

/*
 * With --sync-agent on: creates the log file and puts the agent into
 * LD_PRELOAD of mvx's environment, which the program inherits.  Returns
 * false after saying why.
 */
bool mvx_agent_start(const struct mvx_options *opt);

/* Whether the call task i stands at is the agent's (MVX_AGENT_NR). */
bool mvx_agent_call(const struct mvx_vset *vs, int i);

/*
 * Task i stands at the agent's call: answers it in this variant alone
 * (with -v, says when the agent stops ordering) and lets the task go on.
 */
void mvx_agent_answer(struct mvx_vset *vs, int i);

/*
 * The leader of 'vs' has stood alone at a call that may not go ahead while
 * its missing followers sleep in a futex.  If a follower's thread waits in
 * the agent for an entry of its leader's that is not in the log, it waits
 * for ever: the leader's thread makes no entry until its call is matched,
 * and the follower's had one more lock operation to make (a flag set
 * without a lock decided it there).  Then the log's program image is no
 * longer ordered (-v says so) and the follower's thread goes on.
 */
void mvx_agent_release_waiters(const struct mvx_vset *vs);

/* A new set of processes or threads made by 'parent' shares its log. */
void mvx_agent_inherit(struct mvx_vset *child, const struct mvx_vset *parent);

/*
 * The set's process has a new image (execve) or the set has ended: it lets
 * go of its log, which is cleared once no set holds it.  If a follower has
 * not made every entry of the set's thread, the log's program image is no
 * longer ordered (-v says so), since the entries left would hold up every
 * later one.
 */
void mvx_agent_drop(struct mvx_vset *vs);

#endif
