// SPDX-License-Identifier: GPL-2.0
#include "stall_watch.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "proc_task.h"
#include "session.h"
#include "syscall_desc.h"
#include "vset.h"

#define LOOK_MS 250

static pthread_t watcher;
static bool started;
static bool stopping;
static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t watch_cond;

/* The termination signals mvx forwards, at their bits of pending_mask. */
static const uint64_t term_bits = (1ULL << SIGINT) | (1ULL << SIGTERM) |
				  (1ULL << SIGHUP) | (1ULL << SIGQUIT);

/* Those forwarded and not yet seen delivered (same bits). */
static uint64_t forwarded;

void mvx_stall_watch_forwarded(int sig)
{
	if (sig > 0 && sig < 64)
		__atomic_or_fetch(&forwarded, 1ULL << sig, __ATOMIC_RELAXED);
}

/* What one look at the session saw. */
struct look {
	struct mvx_vset *holder;	/* a set holding a termination signal */
	int sig;
	uint64_t calls;			/* calls completed so far */
	bool running;			/* a variant task was running */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * The termination signals pending, not blocked, for the first process's
 * leader variant: mvx forwards its signals there, and while that task
 * stands at a stop of the monitor's the kernel keeps them pending (at the
 * bits of pending_mask).
 */
static uint64_t kernel_held(const struct mvx_task *t)
{
	uint64_t pending, blocked;

	if (__atomic_load_n(&t->exited, __ATOMIC_RELAXED) ||
	    !mvx_proc_pending(t->tid, &pending) ||
	    !mvx_proc_status_mask(t->tid, "SigBlk", &blocked))
		return 0;
	return (pending & ~blocked) << 1 & term_bits;
}

/* Under s->lock: whether some variant task of any set is running. */
static bool any_running(struct mvx_session *s)
{
	for (struct mvx_vset *vs = s->sets; vs; vs = vs->next)
		for (int i = 0; i < vs->n; i++)
			if (!__atomic_load_n(&vs->t[i].exited,
					     __ATOMIC_RELAXED) &&
			    mvx_proc_state(vs->t[i].tid) == 'R')
				return true;
	return false;
}

/* Under s->lock: the session's state as the watch needs it. */
static void look_at(struct mvx_session *s, struct look *l)
{
	uint64_t watched = __atomic_load_n(&forwarded, __ATOMIC_RELAXED) &
			   term_bits;

	memset(l, 0, sizeof(*l));
	for (int a = 0; a < MVX_ACT_COUNT; a++)
		l->calls += s->counts[a];
	for (struct mvx_vset *vs = s->sets; vs && !l->holder && watched;
	     vs = vs->next) {
		uint64_t held = __atomic_load_n(&vs->pending_mask,
						__ATOMIC_RELAXED) & watched;

		if (!held && vs->id == 0)
			held = kernel_held(&vs->t[0]) & watched;
		if (held) {
			l->holder = vs;
			l->sig = __builtin_ctzll(held);
		}
	}
	if (l->holder)
		l->running = any_running(s);
}

/* What each variant of 'vs' stands in, as "variant 0 in write, ...". */
static void describe(const struct mvx_vset *vs, char *where, size_t size)
{
	size_t len = 0;

	where[0] = '\0';
	for (int i = 0; i < vs->n && len < size; i++) {
		const struct mvx_task *t = &vs->t[i];
		long nr = mvx_proc_blocked_call(t->tid);
		const char *name = nr >= 0 ? mvx_syscall_name(nr) : NULL;
		const char *sep = i ? ", " : "";
		int w;

		if (__atomic_load_n(&t->exited, __ATOMIC_RELAXED))
			w = snprintf(where + len, size - len,
				     "%svariant %d ended", sep, i);
		else if (name)
			w = snprintf(where + len, size - len,
				     "%svariant %d in %s", sep, i, name);
		else
			w = snprintf(where + len, size - len,
				     "%svariant %d stopped outside a call",
				     sep, i);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/*
 * Under s->lock: a set in which some variant stands at a call, waiting
 * for the others, while every other one sleeps in a futex wait without a
 * time-out, or NULL.  With no call completed and no task running anywhere,
 * nothing will wake those sleepers: the variants took locks (or read
 * flags set without a lock) in another order and wait for each other.
 */
static struct mvx_vset *deadlocked_set(struct mvx_session *s)
{
	for (struct mvx_vset *vs = s->sets; vs; vs = vs->next) {
		bool waiting = false, sleeping = false, other = false;

		for (int i = 0; i < vs->n && !other; i++) {
			const struct mvx_task *t = &vs->t[i];

			if (__atomic_load_n(&t->exited, __ATOMIC_RELAXED))
				other = true;
			else if (__atomic_load_n(&t->at_entry,
						 __ATOMIC_RELAXED))
				waiting = true;
			else if (mvx_proc_untimed_futex(t->tid))
				sleeping = true;
			else
				other = true;
		}
		if (waiting && sleeping && !other)
			return vs;
	}
	return NULL;
}

/* Says where the holding set's variants stand, and ends mvx. */
static void end_stalled(struct mvx_session *s, const struct look *l)
{
	char where[512];

	pthread_mutex_lock(&s->lock);
	describe(l->holder, where, sizeof(where));
	mvx_err("SIG%s has been held for %g s while the variants of group %d stand still at different points (a stall; %s): ending the run",
		sigabbrev_np(l->sig), MVX_TERM_STALL_MS / 1000.0,
		l->holder->id, where);
	_exit(128 + l->sig);
}

/*
 * Every second once no call has completed for MVX_DEADLOCK_MS: when no
 * variant runs and a set's variants wait for each other, says where they
 * stand and stops them all (the session is then failed, which keeps this
 * from saying it twice).
 */
static void look_for_deadlock(struct mvx_session *s, uint64_t calls)
{
	static uint64_t quiet_calls = UINT64_MAX, quiet_since, last_scan;
	uint64_t now = now_ms();
	struct mvx_vset *vs = NULL;
	char where[512];
	int group = 0;

	if (calls != quiet_calls) {
		quiet_calls = calls;
		quiet_since = now;
		return;
	}
	if (now - quiet_since < MVX_DEADLOCK_MS || now - last_scan < 1000)
		return;
	last_scan = now;
	pthread_mutex_lock(&s->lock);
	if (!s->failed && !any_running(s))
		vs = deadlocked_set(s);
	if (vs) {
		describe(vs, where, sizeof(where));
		group = vs->id;
	}
	pthread_mutex_unlock(&s->lock);
	if (!vs)
		return;
	mvx_err("the variants of group %d have waited for each other for %g s (%s): a lock order or a flag set without a lock that differs between them; stopping all variants",
		group, MVX_DEADLOCK_MS / 1000.0, where);
	mvx_session_kill_all(s);
}

static void *watch(void *arg)
{
	struct mvx_session *s = arg;
	uint64_t since = 0, calls = 0;
	int sig = 0;

	pthread_mutex_lock(&watch_lock);
	while (!stopping) {
		uint64_t watched_then;
		struct timespec until;
		struct look l;

		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += LOOK_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		if (pthread_cond_timedwait(&watch_cond, &watch_lock,
					   &until) != ETIMEDOUT)
			continue;
		watched_then = __atomic_load_n(&forwarded, __ATOMIC_RELAXED);
		pthread_mutex_lock(&s->lock);
		look_at(s, &l);
		pthread_mutex_unlock(&s->lock);
		look_for_deadlock(s, l.calls);
		if (!l.holder) {
			/* delivered, or never held: forget it */
			__atomic_and_fetch(&forwarded, ~watched_then,
					   __ATOMIC_RELAXED);
			since = 0;
			continue;
		}
		if (!since || l.sig != sig || l.calls != calls || l.running) {
			since = now_ms();
			calls = l.calls;
			sig = l.sig;
			continue;
		}
		if (now_ms() - since >= MVX_TERM_STALL_MS)
			end_stalled(s, &l);
	}
	pthread_mutex_unlock(&watch_lock);
	return NULL;
}

bool mvx_stall_watch_start(struct mvx_session *s)
{
	pthread_condattr_t ca;
	int rc;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&watch_cond, &ca);
	pthread_condattr_destroy(&ca);
	stopping = false;
	rc = pthread_create(&watcher, NULL, watch, s);
	if (rc) {
		mvx_err("cannot start the stall watch thread: %s", strerror(rc));
		return false;
	}
	started = true;
	return true;
}

void mvx_stall_watch_stop(void)
{
	if (!started)
		return;
	pthread_mutex_lock(&watch_lock);
	stopping = true;
	pthread_cond_signal(&watch_cond);
	pthread_mutex_unlock(&watch_lock);
	pthread_join(watcher, NULL);
	started = false;
}
