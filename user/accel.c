// SPDX-License-Identifier: GPL-2.0
#include "accel.h"

#include <errno.h>
#include <pthread.h>
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

	if (!kmod || !vs->kset_live || counters(vs, &c) != 0 || !c.diverged)
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
	if (kmod)
		mvx_kmod_close(kmod);
	kmod = NULL;
}
