// SPDX-License-Identifier: GPL-2.0
#include "accel.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include "kmod_client.h"
#include "log.h"
#include "session.h"
#include "vset.h"

/*
 * The calls approved in the kernel: no arguments, no effect outside the
 * process, the same result in every variant.  (getppid is not among them:
 * a child's parent differs between variants, and only the monitor maps
 * process ids.)
 */
static const int approved[] = {
	SYS_getuid, SYS_geteuid, SYS_getgid, SYS_getegid, SYS_getpgrp,
	SYS_sched_yield,
};

/* One netlink handle per process; libnl sockets are not thread-safe. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct mvx_kmod *kmod;
static struct mvx_kmod_params params;
static struct mvx_nrset allowed;

/* The watchdog: a thread that reads the module's events. */
static pthread_t watchdog;
static bool watching;
static volatile bool stopping;
static int event_fd = -1;
static struct mvx_session *session;

/*
 * A variant held in the kernel at an approved call that its counterparts
 * have not made, while every counterpart stands at a monitored call: the
 * held variant made an extra approved call (the others will never come).
 * Kills the set's tasks with the reason recorded for its monitor.
 */
static void on_stall(uint32_t set_id)
{
	struct mvx_kmod_counters c;

	pthread_mutex_lock(&session->lock);
	for (struct mvx_vset *vs = session->sets; vs; vs = vs->next) {
		int held = -1;
		bool others_stopped = true;

		if (!vs->kset_live || vs->kset != set_id)
			continue;
		pthread_mutex_lock(&lock);
		if (mvx_kmod_set_get(kmod, set_id, &c) != 0) {
			pthread_mutex_unlock(&lock);
			break;
		}
		pthread_mutex_unlock(&lock);
		for (int i = 0; i < vs->n; i++) {
			if (c.v[i].held_nr >= 0)
				held = i;
			else if (!vs->t[i].at_entry)
				others_stopped = false;
		}
		if (held < 0 || !others_stopped)
			break;
		snprintf(vs->accel_why, sizeof(vs->accel_why),
			 "variant %d made an extra kernel-approved call (%s, its approved call %llu) while the others stand at a monitored call",
			 held, mvx_syscall_name(c.v[held].held_nr) ?
			 mvx_syscall_name(c.v[held].held_nr) : "?",
			 (unsigned long long)c.v[held].next);
		for (int i = 0; i < vs->n; i++)
			if (!vs->t[i].exited)
				kill(vs->t[i].tid, SIGKILL);
		break;
	}
	pthread_mutex_unlock(&session->lock);
}

static void *watch(void *arg)
{
	(void)arg;
	while (!stopping) {
		struct pollfd p = { event_fd, POLLIN, 0 };
		struct mvx_kmod_divergence ev;
		int rc;

		if (poll(&p, 1, 50) <= 0)
			continue;
		pthread_mutex_lock(&lock);
		rc = mvx_kmod_event_read(kmod, &ev, 0);
		pthread_mutex_unlock(&lock);
		if (rc == 1 && ev.type == MVX_EVENT_STALL)
			on_stall(ev.set_id);
	}
	return NULL;
}

bool mvx_accel_start(struct mvx_session *s)
{
	int rc;

	if (s->opt->kmod == MVX_KMOD_OFF)
		return true;
	rc = mvx_kmod_open(&kmod);
	if (rc != 0) {
		kmod = NULL;
		if (s->opt->kmod == MVX_KMOD_ON) {
			if (rc == MVX_KMOD_ABSENT)
				mvx_err("--kmod on: the mvx kernel module is not loaded");
			return false;
		}
		mvx_info("kernel module not available: every call stops in the monitor");
		return true;
	}
	mvx_kmod_params_init(&params, s->opt->variants);
	for (size_t k = 0; k < sizeof(approved) / sizeof(approved[0]); k++)
		mvx_kmod_approve(&params, approved[k], 0);
	for (long nr = 0; nr < MVX_NR_SYSCALLS; nr++)
		if (mvx_kmod_params_approved(&params, nr))
			allowed.bits[nr / 64] |= 1ULL << (nr % 64);
	session = s;
	event_fd = mvx_kmod_events_subscribe(kmod);
	if (event_fd < 0 ||
	    pthread_create(&watchdog, NULL, watch, NULL) != 0) {
		mvx_err("cannot watch the kernel module's events");
		mvx_kmod_close(kmod);
		kmod = NULL;
		return false;
	}
	watching = true;
	mvx_info("kernel module loaded (protocol %u): %zu calls approved in the kernel",
		 mvx_kmod_version(kmod), sizeof(approved) / sizeof(approved[0]));
	return true;
}

const struct mvx_nrset *mvx_accel_allowed(struct mvx_session *s)
{
	(void)s;
	return kmod ? &allowed : NULL;
}

bool mvx_accel_set_new(struct mvx_vset *vs)
{
	int rc;

	if (!kmod)
		return true;
	pthread_mutex_lock(&lock);
	rc = mvx_kmod_set_create(kmod, &params, &vs->kset);
	pthread_mutex_unlock(&lock);
	vs->kset_live = rc == 0;
	return rc == 0;
}

/*
 * Variant i runs on the i-th of the program's CPUs after the monitor's
 * (variant 0 shares the monitor's).  The ptrace path wants monitor and
 * variants on one CPU, so that a stop hands the CPU over; in the module a
 * variant that arrives first spins for the others, which only pays when
 * they run on other CPUs.  A variant's threads inherit its CPU.  Nothing
 * changes with --no-pin or one CPU.
 */
static void place_variant(pid_t tid, int i)
{
	int cpus[CPU_SETSIZE], n = 0, self = -1;
	cpu_set_t one;

	if (session->cpu < 0 || session->ncpus <= 1)
		return;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &session->orig_affinity))
			continue;
		if (cpu == session->cpu)
			self = n;
		cpus[n++] = cpu;
	}
	if (self < 0)
		return;
	CPU_ZERO(&one);
	CPU_SET(cpus[(self + i) % n], &one);
	sched_setaffinity(tid, sizeof(one), &one);
}

bool mvx_accel_add_task(struct mvx_vset *vs, int i, pid_t tid)
{
	int rc;

	if (!kmod)
		return true;
	if (!vs->kset_live)
		return false;
	pthread_mutex_lock(&lock);
	rc = mvx_kmod_task_add(kmod, vs->kset, tid, i);
	pthread_mutex_unlock(&lock);
	if (rc == 0)
		place_variant(tid, i);
	return rc == 0;
}

static int counters(struct mvx_vset *vs, struct mvx_kmod_counters *c)
{
	int rc;

	pthread_mutex_lock(&lock);
	rc = mvx_kmod_set_get(kmod, vs->kset, c);
	pthread_mutex_unlock(&lock);
	return rc;
}

bool mvx_accel_check(struct mvx_vset *vs, char *why, size_t len)
{
	struct mvx_kmod_counters c;

	if (!kmod || !vs->kset_live)
		return true;
	if (counters(vs, &c) != 0) {
		snprintf(why, len, "cannot read the kernel module's counters");
		return false;
	}
	for (int i = 1; i < vs->n; i++) {
		if (c.v[i].next != c.v[0].next || c.v[i].held_nr >= 0 ||
		    c.v[0].held_nr >= 0) {
			int k = c.v[0].held_nr >= 0 ? 0 : i;

			snprintf(why, len,
				 "variant %d made an extra kernel-approved call (%s): %llu approved calls in variant 0, %llu in variant %d",
				 k, c.v[k].held_nr >= 0 ?
				 mvx_syscall_name(c.v[k].held_nr) : "none held",
				 (unsigned long long)c.v[0].next,
				 (unsigned long long)c.v[i].next, i);
			return false;
		}
	}
	return true;
}

bool mvx_accel_diverged(struct mvx_vset *vs, char *why, size_t len)
{
	struct mvx_kmod_counters c;
	const char *name;
	int rc;

	if (vs->accel_why[0]) {
		snprintf(why, len, "%s", vs->accel_why);
		return true;
	}
	if (!kmod || !vs->kset_live)
		return false;
	rc = counters(vs, &c);
	if (rc == -ENOENT || (rc == 0 && c.state == MVX_SET_DEAD)) {
		/* the module is being unloaded, or the set was destroyed
		 * behind the monitor's back */
		vs->kset_live = rc == 0;
		snprintf(why, len,
			 "the kernel module killed the variants: its variant set is %s (was the module unloaded?)",
			 rc ? "gone" : "dead");
		return true;
	}
	if (rc != 0 || !c.diverged)
		return false;
	name = mvx_syscall_name(c.div.nr);
	snprintf(why, len,
		 "kernel-approved call %llu (%s) diverged between variants %u and %u (argument %d); the module stopped them before it ran",
		 (unsigned long long)c.div.index, name ? name : "?",
		 c.div.variant, c.div.other, c.div.arg);
	return true;
}

void mvx_accel_set_done(struct mvx_vset *vs)
{
	struct mvx_kmod_counters c;

	if (!kmod || !vs->kset_live)
		return;
	if (counters(vs, &c) == 0) {
		pthread_mutex_lock(&vs->s->lock);
		vs->s->counts[MVX_ACT_KERNEL_APPROVED] += c.passed;
		pthread_mutex_unlock(&vs->s->lock);
	}
	pthread_mutex_lock(&lock);
	mvx_kmod_set_destroy(kmod, vs->kset, true);
	pthread_mutex_unlock(&lock);
	vs->kset_live = false;
}

void mvx_accel_stop(struct mvx_session *s)
{
	(void)s;
	if (watching) {
		stopping = true;
		pthread_join(watchdog, NULL);
		watching = false;
	}
	if (kmod)
		mvx_kmod_close(kmod);
	kmod = NULL;
}
