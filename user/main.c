// SPDX-License-Identifier: GPL-2.0
/* mvx: the command line.  `mvx run` monitors a program; `mvx kmod` talks
 * to the kernel module. */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "agent_host.h"
#include "accel.h"
#include "cmd_kmod.h"
#include "epoll_map.h"
#include "launch.h"
#include "log.h"
#include "options.h"
#include "pidmap.h"
#include "proc_task.h"
#include "output.h"
#include "session.h"
#include "stall_watch.h"
#include "version.h"
#include "vset.h"

static struct mvx_vset *main_set;

/*
 * Signals sent to mvx by a process are forwarded to the program's first
 * process, whose set delivers it to every variant at the same point.  A
 * second SIGINT, SIGTERM, SIGHUP or SIGQUIT while the first is still held
 * (the variants never reach a point where they stand together: a stall)
 * ends mvx at once; its variants die with it (PTRACE_O_EXITKILL).  A
 * first one held while nothing moves ends it a little later (stall_watch.h).
 */
/* Whether 'sig' is pending for task 'tid' (async-signal-safe). */
static bool pending_in(pid_t tid, int sig)
{
	uint64_t m;

	return mvx_proc_pending(tid, &m) && (m & (1ULL << (sig - 1)));
}

static void forward(int sig, siginfo_t *si, void *uc)
{
	static const char msg[] =
		"mvx: a second termination signal while the first is still held: ending the run\n";

	(void)uc;
	if (!main_set || si->si_code == SI_KERNEL)
		return;
	/* from a process of the program (kill(0, ...) reaches mvx in its
	 * process group): it reached the variants itself */
	if (si->si_code <= 0 && si->si_pid > 0 &&
	    mvx_proc_traced_by(si->si_pid, getpid()))
		return;
	if ((sig == SIGINT || sig == SIGTERM || sig == SIGHUP ||
	     sig == SIGQUIT) &&
	    ((__atomic_load_n(&main_set->pending_mask, __ATOMIC_RELAXED) &
	      (1ULL << sig)) || pending_in(main_set->t[0].tid, sig))) {
		if (write(2, msg, sizeof(msg) - 1) < 0) {
			/* nothing more to say */
		}
		_exit(128 + sig);
	}
	/* the leader's copy is delivered to every variant */
	if (!main_set->t[0].exited && kill(main_set->t[0].tid, sig) == 0)
		mvx_stall_watch_forwarded(sig);
}

static void install_forwarding(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
				    SIGUSR1, SIGUSR2, SIGALRM };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = forward;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	sigaction(SIGPIPE, &sa, NULL);
}

/* Remembers the CPUs the program may use, then pins mvx to one of them. */
static void place(struct mvx_session *s)
{
	cpu_set_t one;
	int cpu;

	CPU_ZERO(&s->orig_affinity);
	s->orig_affinity_size = syscall(SYS_sched_getaffinity, 0,
					sizeof(s->orig_affinity),
					&s->orig_affinity);
	s->cpu = -1;
	if (!s->opt->pin || s->orig_affinity_size <= 0)
		return;
	cpu = sched_getcpu();
	if (cpu < 0 || !CPU_ISSET(cpu, &s->orig_affinity))
		return;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) == 0)
		s->cpu = cpu;
	s->ncpus = CPU_COUNT(&s->orig_affinity);
}

static int cmd_run(int argc, char **argv)
{
	static char resolved[MVX_MAX_VARIANTS][PATH_MAX];
	char *paths[MVX_MAX_VARIANTS];
	static struct mvx_vset vs;
	struct mvx_options opt;
	struct mvx_session s;
	int rc;

	rc = mvx_options_parse(argc, argv, &opt);
	if (rc)
		return rc == 1 ? 0 : 2;
	memset(&s, 0, sizeof(s));
	s.opt = &opt;
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.done, NULL);
	for (int i = 0; i < opt.variants; i++) {
		const char *p = opt.nvariant_paths ? opt.variant_paths[i] :
						     opt.argv[0];

		if (i > 0 && !opt.nvariant_paths) {
			paths[i] = paths[0];
			continue;
		}
		rc = mvx_resolve_program(p, resolved[i], PATH_MAX);
		if (rc)
			return rc;
		paths[i] = resolved[i];
	}
	if (opt.trace_path) {
		s.trace = fopen(opt.trace_path, "w");
		if (!s.trace) {
			mvx_perr("cannot write the trace %s", opt.trace_path);
			return 125;
		}
	}
	place(&s);
	if (!mvx_agent_start(&opt))
		return 125;
	if (!mvx_accel_start(&s))
		return 125;
	vs.n = opt.variants;
	vs.cpu = s.cpu;
	mvx_session_add_set(&s, &vs);
	if (!mvx_accel_set_new(&vs)) {
		mvx_err("cannot create a variant set in the kernel module");
		return 125;
	}
	mvx_launch_note_ignored();
	install_forwarding();
	if (!mvx_launch(&vs, paths, opt.argv, mvx_accel_allowed(&s))) {
		mvx_vset_kill(&vs);
		return 125;
	}
	{
		pid_t tids[MVX_MAX_VARIANTS];

		for (int i = 0; i < vs.n; i++)
			tids[i] = vs.t[i].tid;
		mvx_pidmap_add(tids, vs.n);
	}
	if (!mvx_stall_watch_start(&s)) {
		mvx_vset_kill(&vs);
		return 125;
	}
	main_set = &vs;
	s.exit_status = mvx_vset_run(&vs);
	main_set = NULL;
	mvx_accel_set_done(&vs);
	mvx_session_set_done(&s, &vs);
	/* the run ends when every process of the program has ended */
	mvx_session_wait(&s);
	mvx_stall_watch_stop();
	mvx_accel_stop(&s);
	if (s.failed)
		s.exit_status = 125;
	if (s.trace && fclose(s.trace) != 0) {
		mvx_perr("cannot write the trace %s", opt.trace_path);
		s.exit_status = 125;
	}
	if (opt.report_path && !mvx_output_report(&s, opt.report_path))
		s.exit_status = 125;
	free(s.divergence_json);
	free(s.failure_json);
	free(s.ended_with_leader);
	mvx_epoll_map_clear();
	return s.exit_status;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "kmod"))
		return mvx_cmd_kmod(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("mvx %s\n", MVX_VERSION);
		return 0;
	}
	if (argc >= 2 && (!strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "-h"))) {
		mvx_usage(stdout);
		return 0;
	}
	if (argc < 2)
		mvx_err("no command given (see mvx --help)");
	else
		mvx_err("unknown command '%s' (see mvx --help)", argv[1]);
	return 2;
}
