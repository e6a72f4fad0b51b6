/* SPDX-License-Identifier: GPL-2.0 */
/* Starting the variants of a run. */
#ifndef MVX_LAUNCH_H
#define MVX_LAUNCH_H

#include <stdbool.h>
#include <signal.h>
#include <stddef.h>

#include "seccomp_filter.h"
#include "vset.h"

/*
 * Resolves 'prog' like execvp (a name without '/' is searched in PATH) into
 * 'out' and checks that it is an x86-64 program mvx can run.  Returns 0, or
 * 127 (not found) or 126 (not executable, a directory, a 32-bit or foreign
 * binary) after saying why.
 */
int mvx_resolve_program(const char *prog, char *out, size_t len);

/*
 * Notes the signals mvx was started with ignored (nohup, a background job
 * of a script), before mvx changes any disposition: the program starts
 * with them ignored and every other signal at its default action.
 */
void mvx_launch_note_ignored(void);

/*
 * Starts the variants of 'vs': variant i executes paths[i] with 'argv' and
 * mvx's environment, traced, with rdtsc trapped and the seccomp filter
 * ('allow' may be NULL) installed.  Each stops before its first execve
 * completes, at that execve's entry.  Returns false after saying why.
 */
bool mvx_launch(struct mvx_vset *vs, char *const paths[], char *const argv[],
		const struct mvx_nrset *allow);

#endif
