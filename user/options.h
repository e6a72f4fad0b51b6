/* SPDX-License-Identifier: GPL-2.0 */
/* The command line of `mvx run`. */
#ifndef MVX_OPTIONS_H
#define MVX_OPTIONS_H

#include <stdbool.h>

#define MVX_MIN_VARIANTS 2
#define MVX_MAX_VARIANTS 16
/* --max-processes: live processes and threads of the program, per variant */
#define MVX_DEFAULT_MAX_TASKS 4096
#define MVX_MAX_MAX_TASKS 65536

enum mvx_kmod_mode { MVX_KMOD_AUTO, MVX_KMOD_ON, MVX_KMOD_OFF };

struct mvx_options {
	int variants;
	const char *variant_paths[MVX_MAX_VARIANTS]; /* --variant, or NULL */
	int nvariant_paths;
	const char *trace_path;
	const char *report_path;
	bool pin;		/* place the monitor and its variants on one CPU */
	bool run_ahead;		/* the leader may go ahead (run_ahead.h) */
	bool sync_agent;	/* order lock operations (agent_host.h) */
	enum mvx_kmod_mode kmod;
	int max_tasks;		/* --max-processes */
	char **argv;		/* PROGRAM [ARG...] */
};

/*
 * Parses the arguments of `mvx run` (argv[0] is "run").  Returns 0 and fills
 * 'o' on success, 1 when --help or --version was handled, or 2 after
 * printing a usage error.
 */
int mvx_options_parse(int argc, char **argv, struct mvx_options *o);

/* Prints the usage text to 'to' (stdout for --help, stderr otherwise). */
void mvx_usage(void *to);

#endif
