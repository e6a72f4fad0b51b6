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
