// SPDX-License-Identifier: GPL-2.0
#include "options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "version.h"

void mvx_usage(void *to)
{
	fprintf(to,
		"usage: mvx run [options] -- PROGRAM [ARG...]\n"
		"       mvx kmod status\n"
		"\n"
		"Runs N variants of PROGRAM in lockstep and stops them all when\n"
		"their system calls differ.\n"
		"\n"
		"  -n, --variants N   number of variants, %d..%d (default 2)\n"
		"      --variant PATH executable of the next variant (give it N times)\n"
		"      --trace FILE   one JSON object per monitored call\n"
		"      --report FILE  JSON summary at exit\n"
		"      --kmod MODE    auto, on or off: use the mvx kernel module\n"
		"      --no-pin       let the scheduler place monitor and variants\n"
		"      --no-run-ahead never let the leader make a call before\n"
		"                     the others arrive (a lock-order stall\n"
		"                     then stays one)\n"
		"      --sync-agent MODE  on or off (default on): preload the\n"
		"                     lock-order agent, which makes the\n"
		"                     followers' threads take their locks in\n"
		"                     the leader's order\n"
		"      --max-processes N  live processes and threads of the\n"
		"                     program, 1..%d (default %d); a fork or\n"
		"                     clone past it fails with EAGAIN\n"
		"  -v                 human-readable trace on stderr\n"
		"      --help, --version\n"
		"\n"
		"Exit status: the program's own; 128+S when killed by signal S;\n"
		"125 divergence or monitor failure; 126 not executable;\n"
		"127 not found; 2 usage error.\n",
		MVX_MIN_VARIANTS, MVX_MAX_VARIANTS, MVX_MAX_MAX_TASKS,
		MVX_DEFAULT_MAX_TASKS);
}

static int usage_error(const char *what, const char *arg)
{
	if (arg)
		mvx_err("%s: '%s' (see mvx run --help)", what, arg);
	else
		mvx_err("%s (see mvx run --help)", what);
	return 2;
}

int mvx_options_parse(int argc, char **argv, struct mvx_options *o)
{
	enum { OPT_VARIANT = 256, OPT_TRACE, OPT_REPORT, OPT_HELP,
	       OPT_VERSION, OPT_KMOD, OPT_NOPIN, OPT_MAX_TASKS,
	       OPT_NO_RUN_AHEAD, OPT_SYNC_AGENT };
	static const struct option longopts[] = {
		{ "variants", required_argument, NULL, 'n' },
		{ "variant", required_argument, NULL, OPT_VARIANT },
		{ "trace", required_argument, NULL, OPT_TRACE },
		{ "report", required_argument, NULL, OPT_REPORT },
		{ "kmod", required_argument, NULL, OPT_KMOD },
		{ "no-pin", no_argument, NULL, OPT_NOPIN },
		{ "no-run-ahead", no_argument, NULL, OPT_NO_RUN_AHEAD },
		{ "sync-agent", required_argument, NULL, OPT_SYNC_AGENT },
		{ "max-processes", required_argument, NULL, OPT_MAX_TASKS },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	long n;
	int c;

	memset(o, 0, sizeof(*o));
	o->variants = MVX_MIN_VARIANTS;
	o->pin = true;
	o->run_ahead = true;
	o->sync_agent = true;
	o->max_tasks = MVX_DEFAULT_MAX_TASKS;
	opterr = 0;
	optind = 0;	/* 0: glibc's getopt starts afresh */
	while ((c = getopt_long(argc, argv, "+:n:v", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' ||
			    n < MVX_MIN_VARIANTS || n > MVX_MAX_VARIANTS)
				return usage_error("the number of variants must be 2..16",
						   optarg);
			o->variants = (int)n;
			break;
		case OPT_VARIANT:
			if (o->nvariant_paths == MVX_MAX_VARIANTS)
				return usage_error("too many --variant options",
						   NULL);
			o->variant_paths[o->nvariant_paths++] = optarg;
			break;
		case OPT_TRACE:
			o->trace_path = optarg;
			break;
		case OPT_REPORT:
			o->report_path = optarg;
			break;
		case OPT_KMOD:
			if (!strcmp(optarg, "auto"))
				o->kmod = MVX_KMOD_AUTO;
			else if (!strcmp(optarg, "on"))
				o->kmod = MVX_KMOD_ON;
			else if (!strcmp(optarg, "off"))
				o->kmod = MVX_KMOD_OFF;
			else
				return usage_error("--kmod takes auto, on or off",
						   optarg);
			break;
		case OPT_MAX_TASKS:
			n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < 1 ||
			    n > MVX_MAX_MAX_TASKS)
				return usage_error("--max-processes must be 1..65536",
						   optarg);
			o->max_tasks = (int)n;
			break;
		case OPT_NOPIN:
			o->pin = false;
			break;
		case OPT_NO_RUN_AHEAD:
			o->run_ahead = false;
			break;
		case OPT_SYNC_AGENT:
			if (!strcmp(optarg, "on"))
				o->sync_agent = true;
			else if (!strcmp(optarg, "off"))
				o->sync_agent = false;
			else
				return usage_error("--sync-agent takes on or off",
						   optarg);
			break;
		case 'v':
			mvx_verbose++;
			break;
		case OPT_HELP:
			mvx_usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("mvx %s\n", MVX_VERSION);
			return 1;
		case ':':
			return usage_error("option needs an argument",
					   argv[optind - 1]);
		default: {
			char opt[3] = { '-', (char)optopt, '\0' };

			return usage_error("unknown option",
					   optopt ? opt : argv[optind - 1]);
		}
		}
	}
	if (optind >= argc)
		return usage_error("no program given", NULL);
	if (o->nvariant_paths && o->nvariant_paths != o->variants)
		return usage_error("--variant must be given exactly N times",
				   NULL);
	o->argv = argv + optind;
	return 0;
}
