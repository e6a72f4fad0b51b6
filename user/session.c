// SPDX-License-Identifier: GPL-2.0
#include "session.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "agent_host.h"
#include "accel.h"
#include "call.h"
#include "log.h"
#include "process.h"
#include "vset.h"
#include "wait_route.h"

void mvx_session_add_set(struct mvx_session *s, struct mvx_vset *vs)
{
	pthread_mutex_lock(&s->lock);
	vs->s = s;
	vs->id = s->next_group++;
	vs->next = s->sets;
	s->sets = vs;
	s->live++;
	if (vs->handed_over && s->reserved > 0)
		s->reserved--;
	pthread_mutex_unlock(&s->lock);
}

bool mvx_session_reserve_task(struct mvx_session *s)
{
	bool ok, say = false;

	pthread_mutex_lock(&s->lock);
	ok = s->live + s->reserved < s->opt->max_tasks;
	if (ok) {
		s->reserved++;
	} else if (!s->max_tasks_said) {
		s->max_tasks_said = true;
		say = true;
	}
	pthread_mutex_unlock(&s->lock);
	if (say)
		mvx_err("the program reached %d processes and threads (--max-processes); a fork or clone past it fails with EAGAIN",
			s->opt->max_tasks);
	return ok;
}

void mvx_session_unreserve_task(struct mvx_session *s)
{
	pthread_mutex_lock(&s->lock);
	if (s->reserved > 0)
		s->reserved--;
	pthread_mutex_unlock(&s->lock);
}

void mvx_session_set_done(struct mvx_session *s, struct mvx_vset *vs)
{
	mvx_agent_drop(vs);
	pthread_mutex_lock(&s->lock);
	for (struct mvx_vset **p = &s->sets; *p; p = &(*p)->next) {
		if (*p == vs) {
			*p = vs->next;
			break;
		}
	}
	s->live--;
	pthread_cond_broadcast(&s->done);
	pthread_mutex_unlock(&s->lock);
}

void mvx_session_wait(struct mvx_session *s)
{
	pthread_t last;
	bool join;

	pthread_mutex_lock(&s->lock);
	while (s->live > 0)
		pthread_cond_wait(&s->done, &s->lock);
	join = s->have_exiting;
	last = s->exiting;
	s->have_exiting = false;
	pthread_mutex_unlock(&s->lock);
	/* each monitor thread joined the one that ended before it */
	if (join)
		pthread_join(last, NULL);
}

/*
 * The end of a monitor thread: unregisters its set, and joins the thread
 * that ended before it, so that when the last set is done only the last
 * thread is left for mvx_session_wait to join.
 */
static void thread_done(struct mvx_session *s, struct mvx_vset *vs)
{
	pthread_t prev;
	bool join;

	pthread_mutex_lock(&s->lock);
	join = s->have_exiting;
	prev = s->exiting;
	s->exiting = pthread_self();
	s->have_exiting = true;
	pthread_mutex_unlock(&s->lock);
	mvx_session_set_done(s, vs);
	free(vs);
	if (join)
		pthread_join(prev, NULL);
}

bool mvx_session_end_with_leader(struct mvx_session *s, pid_t pid)
{
	bool ok = true;

	pthread_mutex_lock(&s->lock);
	if (s->n_ended == s->cap_ended) {
		size_t cap = s->cap_ended ? 2 * s->cap_ended : 16;
		pid_t *p = realloc(s->ended_with_leader, cap * sizeof(*p));

		if (p) {
			s->ended_with_leader = p;
			s->cap_ended = cap;
		}
	}
	if (s->n_ended < s->cap_ended)
		s->ended_with_leader[s->n_ended++] = pid;
	else
		ok = false;
	pthread_mutex_unlock(&s->lock);
	return ok;
}

bool mvx_session_ended_with_leader(struct mvx_session *s, pid_t pid)
{
	bool found = false;

	pthread_mutex_lock(&s->lock);
	for (size_t k = 0; k < s->n_ended && !found; k++) {
		if (s->ended_with_leader[k] == pid) {
			s->ended_with_leader[k] =
				s->ended_with_leader[--s->n_ended];
			found = true;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return found;
}

void mvx_session_kill_all(struct mvx_session *s)
{
	pthread_mutex_lock(&s->lock);
	s->failed = true;
	for (struct mvx_vset *vs = s->sets; vs; vs = vs->next)
		for (int i = 0; i < vs->n; i++)
			if (!vs->t[i].exited)
				kill(vs->t[i].tid, SIGKILL);
	pthread_mutex_unlock(&s->lock);
}

static void *set_thread(void *arg)
{
	struct mvx_vset *vs = arg;
	struct mvx_session *s = vs->s;

	if (vs->cpu >= 0) {
		cpu_set_t one;

		CPU_ZERO(&one);
		CPU_SET(vs->cpu, &one);
		sched_setaffinity(0, sizeof(one), &one);
	}
	if (mvx_handoff_attach(vs))
		mvx_vset_run(vs);
	mvx_accel_set_done(vs);
	for (int i = 0; i < vs->n; i++)
		for (int j = 0; j < 2; j++)
			free(vs->t[i].args_text[j]);
	mvx_call_thread_exit();
	mvx_wait_route_exit();
	thread_done(s, vs);
	return NULL;
}

bool mvx_session_start_thread(struct mvx_session *s, struct mvx_vset *vs)
{
	pthread_attr_t attr;
	pthread_t th;
	int err;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	err = pthread_create(&th, &attr, set_thread, vs);
	pthread_attr_destroy(&attr);
	if (err) {
		errno = err;
		mvx_perr("cannot start a monitor thread");
		mvx_session_set_done(s, vs);
		return false;
	}
	return true;
}
