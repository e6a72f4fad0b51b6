/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What mvx tells the user: the --trace JSON lines, the -v trace on stderr,
 * the divergence record (stderr and --report) and the --report summary.
 */
#ifndef MVX_OUTPUT_H
#define MVX_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "call.h"
#include "session.h"
#include "vset.h"

/*
 * Renders task i's arguments for the trace while the call is still at its
 * entry (an execve replaces the memory they point to).
 */
void mvx_output_capture(struct mvx_vset *vs, int i);

/* Writes task i's current call to --trace and, with -v, to stderr. */
void mvx_output_trace(struct mvx_vset *vs, int i, enum mvx_action a,
		      long ret);

/*
 * Writes the divergence record for 'calls' of 'n' variants: the call index
 * and name, each variant's arguments side by side with the difference
 * marked, and the recent history (oldest first).  'json' selects the
 * --report form; otherwise it is the text for stderr.  'diff' may be NULL.
 */
void mvx_format_divergence(FILE *out, const struct mvx_call *calls, int n,
			   uint64_t seq, int group,
			   const struct mvx_diff *diff, const char *why,
			   const struct mvx_hist *hist, unsigned int hist_len,
			   bool json);

/* Says the set diverged, on stderr and in the session's record. */
void mvx_output_divergence(struct mvx_vset *vs, const struct mvx_diff *diff,
			   const char *why);

/* Records a monitor failure for --report (stderr is the caller's). */
void mvx_output_failure(struct mvx_vset *vs, const char *why);

/* Writes the --report summary; returns false after saying why it failed. */
bool mvx_output_report(struct mvx_session *s, const char *path);

/* Writes 's' as a JSON string (with quotes) to 'out'. */
void mvx_json_string(FILE *out, const char *s);

#endif
