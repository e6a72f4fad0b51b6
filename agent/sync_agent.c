// SPDX-License-Identifier: GPL-2.0
/*
 * The lock-order agent: a library mvx preloads into every variant
 * (LD_PRELOAD) so that the variants' threads take their locks in the same
 * order.  It wraps the C library's mutexes, condition variables and
 * semaphores.  In the leader each operation is made as the program asked,
 * then logged (an acquisition after it succeeds or fails, a release before
 * it is made, so that the log never shows a lock taken before its release);
 * in each follower the thread waits for its leader counterpart's entry to
 * come up (sync_log.h), makes the operation so that it has the leader's
 * outcome, and lets the next entry go:
 *
 *   - an acquisition that succeeded in the leader waits for the lock
 *     (which is free by then, or about to be: its release came first);
 *   - one that failed (busy, timed out, interrupted) fails the same way
 *     without trying;
 *   - a condition wait gives the mutex up at its first entry and takes it
 *     back at its second, returning the leader's result (a follower's
 *     thread does not sleep on the condition variable itself).
 *
 * Outside mvx, or when mvx runs without the agent, every wrapper is the C
 * library's own function.  docs/processes.md says what is ordered and what
 * is not.
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/single_threaded.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sync_log.h"

#define EXPORT __attribute__((visibility("default")))

static struct {
	int (*mutex_lock)(pthread_mutex_t *);
	int (*mutex_trylock)(pthread_mutex_t *);
	int (*mutex_timedlock)(pthread_mutex_t *, const struct timespec *);
	int (*mutex_clocklock)(pthread_mutex_t *, clockid_t,
			       const struct timespec *);
	int (*mutex_unlock)(pthread_mutex_t *);
	int (*cond_wait)(pthread_cond_t *, pthread_mutex_t *);
	int (*cond_timedwait)(pthread_cond_t *, pthread_mutex_t *,
			      const struct timespec *);
	int (*cond_clockwait)(pthread_cond_t *, pthread_mutex_t *, clockid_t,
			      const struct timespec *);
	int (*cond_signal)(pthread_cond_t *);
	int (*cond_broadcast)(pthread_cond_t *);
	int (*sem_wait)(sem_t *);
	int (*sem_trywait)(sem_t *);
	int (*sem_timedwait)(sem_t *, const struct timespec *);
	int (*sem_clockwait)(sem_t *, clockid_t, const struct timespec *);
	int (*sem_post)(sem_t *);
	int (*create)(pthread_t *, const pthread_attr_t *,
		      void *(*)(void *), void *);
} real;

static struct mvx_sync_domain *dom;	/* the log, once mapped */
static int variant, nvariants;
static __thread int32_t my_tid;

static void *next(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

static void find_real(void)
{
	real.mutex_lock = next("pthread_mutex_lock");
	real.mutex_trylock = next("pthread_mutex_trylock");
	real.mutex_timedlock = next("pthread_mutex_timedlock");
	real.mutex_clocklock = next("pthread_mutex_clocklock");
	real.mutex_unlock = next("pthread_mutex_unlock");
	/* the 2.3.2 ABI: the 2.2.5 one is the compatibility version */
	real.cond_wait = dlvsym(RTLD_NEXT, "pthread_cond_wait", "GLIBC_2.3.2");
	real.cond_timedwait = dlvsym(RTLD_NEXT, "pthread_cond_timedwait",
				     "GLIBC_2.3.2");
	real.cond_clockwait = next("pthread_cond_clockwait");
	real.cond_signal = dlvsym(RTLD_NEXT, "pthread_cond_signal",
				  "GLIBC_2.3.2");
	real.cond_broadcast = dlvsym(RTLD_NEXT, "pthread_cond_broadcast",
				     "GLIBC_2.3.2");
	real.sem_wait = next("sem_wait");
	real.sem_trywait = next("sem_trywait");
	real.sem_timedwait = next("sem_timedwait");
	real.sem_clockwait = next("sem_clockwait");
	real.sem_post = next("sem_post");
	real.create = next("pthread_create");
}

static void forget_tid(void)
{
	my_tid = 0;
}

/* 1: ordering (dom is mapped); -1: not; 0: mvx not asked yet. */
static int state;

/* Asks mvx whether to order, and maps this process's domain. */
static void attach(void)
{
	long hello, fd;
	void *at;

	state = -1;
	hello = syscall(MVX_AGENT_NR, MVX_AGENT_HELLO);
	if (hello < 0)
		return;
	variant = MVX_AGENT_VARIANT(hello);
	nvariants = MVX_AGENT_NVARIANTS(hello);
	fd = syscall(MVX_AGENT_NR, MVX_AGENT_ATTACH);
	if (fd < 0 || nvariants < 2 || nvariants > MVX_SYNC_MAX_VARIANTS ||
	    variant >= nvariants || MVX_AGENT_DOMAIN(hello) >= MVX_SYNC_DOMAINS)
		return;
	at = mmap(NULL, MVX_SYNC_DOMAIN_SIZE, PROT_READ | PROT_WRITE,
		  MAP_SHARED, (int)fd,
		  (off_t)MVX_AGENT_DOMAIN(hello) * MVX_SYNC_DOMAIN_SIZE);
	close((int)fd);
	if (at == MAP_FAILED)
		return;
	dom = at;
	state = 1;
}

/*
 * Whether this process orders its lock operations.  mvx is asked at the
 * first lock operation, thread creation or fork, whichever comes first:
 * a process that takes no lock (most single-threaded programs) makes no
 * call for the agent.  Only while the process has one thread, so that the
 * same thread asks in every variant; a process that got threads another
 * way first is not ordered.
 */
static bool ordering(void)
{
	int now = __atomic_load_n(&state, __ATOMIC_RELAXED);

	if (now == 0) {
		int err = errno;

		if (__libc_single_threaded)
			attach();
		else
			__atomic_store_n(&state, -1, __ATOMIC_RELAXED);
		errno = err;
		now = state;
	}
	return now > 0;
}

static void before_fork(void)
{
	ordering();
}

__attribute__((constructor)) static void agent_init(void)
{
	find_real();
	pthread_atfork(before_fork, NULL, forget_tid);
}

static int32_t self(void)
{
	if (!my_tid)
		my_tid = (int32_t)syscall(SYS_gettid);
	return my_tid;
}

/* Follower: this thread's turn for op; returns the leader's result. */
static int32_t await(enum mvx_sync_op op)
{
	int err = errno;
	const struct mvx_sync_entry *e = mvx_sync_await(dom, variant, self());

	if (e->op != op)
		syscall(MVX_AGENT_NR, MVX_AGENT_FAIL, (long)op, (long)e->op);
	errno = err;
	return e->result;
}

/* The wrappers leave errno as the C library's functions would: the
 * agent's own futex calls do not show. */
static void done(void)
{
	int err = errno;

	mvx_sync_done(dom, variant);
	errno = err;
}

static void record(enum mvx_sync_op op, int32_t result)
{
	int err = errno;

	mvx_sync_record(dom, nvariants, self(), op, result);
	errno = err;
}

/* An acquisition returning an error number: the leader's outcome. */
static int acquire(enum mvx_sync_op op, pthread_mutex_t *m, int ret)
{
	int32_t lead;

	if (variant == 0) {
		record(op, ret);
		return ret;
	}
	lead = await(op);
	ret = lead == 0 ? real.mutex_lock(m) : lead;
	done();
	return ret;
}

EXPORT int pthread_mutex_lock(pthread_mutex_t *m)
{
	if (!ordering())
		return real.mutex_lock(m);
	return acquire(MVX_SYNC_MUTEX_LOCK, m,
		       variant == 0 ? real.mutex_lock(m) : 0);
}

EXPORT int pthread_mutex_trylock(pthread_mutex_t *m)
{
	if (!ordering())
		return real.mutex_trylock(m);
	return acquire(MVX_SYNC_MUTEX_TRYLOCK, m,
		       variant == 0 ? real.mutex_trylock(m) : 0);
}

EXPORT int pthread_mutex_timedlock(pthread_mutex_t *m,
				   const struct timespec *at)
{
	if (!ordering())
		return real.mutex_timedlock(m, at);
	return acquire(MVX_SYNC_MUTEX_TIMEDLOCK, m,
		       variant == 0 ? real.mutex_timedlock(m, at) : 0);
}

EXPORT int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock,
				   const struct timespec *at)
{
	if (!ordering())
		return real.mutex_clocklock(m, clock, at);
	return acquire(MVX_SYNC_MUTEX_TIMEDLOCK, m,
		       variant == 0 ? real.mutex_clocklock(m, clock, at) : 0);
}

/* A release: logged before it is made, made in every variant. */
static void release(enum mvx_sync_op op)
{
	if (variant == 0) {
		record(op, 0);
		return;
	}
	await(op);
}

EXPORT int pthread_mutex_unlock(pthread_mutex_t *m)
{
	int ret;

	if (!ordering())
		return real.mutex_unlock(m);
	release(MVX_SYNC_MUTEX_UNLOCK);
	ret = real.mutex_unlock(m);
	if (variant != 0)
		done();
	return ret;
}

/* The follower's side of a condition wait: the leader's outcome. */
static int replay_cond_wait(pthread_mutex_t *m)
{
	int ret;

	await(MVX_SYNC_COND_WAIT);
	real.mutex_unlock(m);
	done();
	ret = await(MVX_SYNC_COND_WOKEN);
	real.mutex_lock(m);
	done();
	return ret;
}

EXPORT int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	int ret;

	if (!ordering())
		return real.cond_wait(c, m);
	if (variant != 0)
		return replay_cond_wait(m);
	record(MVX_SYNC_COND_WAIT, 0);
	ret = real.cond_wait(c, m);
	record(MVX_SYNC_COND_WOKEN, ret);
	return ret;
}

EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				  const struct timespec *at)
{
	int ret;

	if (!ordering())
		return real.cond_timedwait(c, m, at);
	if (variant != 0)
		return replay_cond_wait(m);
	record(MVX_SYNC_COND_WAIT, 0);
	ret = real.cond_timedwait(c, m, at);
	record(MVX_SYNC_COND_WOKEN, ret);
	return ret;
}

EXPORT int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m,
				  clockid_t clock, const struct timespec *at)
{
	int ret;

	if (!ordering())
		return real.cond_clockwait(c, m, clock, at);
	if (variant != 0)
		return replay_cond_wait(m);
	record(MVX_SYNC_COND_WAIT, 0);
	ret = real.cond_clockwait(c, m, clock, at);
	record(MVX_SYNC_COND_WOKEN, ret);
	return ret;
}

static int signal_cond(int (*fn)(pthread_cond_t *), pthread_cond_t *c)
{
	if (!ordering())
		return fn(c);
	if (variant == 0) {
		record(MVX_SYNC_COND_SIGNAL, 0);
		return fn(c);
	}
	await(MVX_SYNC_COND_SIGNAL);
	done();
	/* wakes no thread the agent orders; one that waits on the condition
	 * by a way the agent does not see is woken as in the leader */
	return fn(c);
}

EXPORT int pthread_cond_signal(pthread_cond_t *c)
{
	return signal_cond(real.cond_signal, c);
}

EXPORT int pthread_cond_broadcast(pthread_cond_t *c)
{
	return signal_cond(real.cond_broadcast, c);
}

/* A semaphore acquisition: 0, or -1 with errno, as the leader's was. */
static int sem_acquire(enum mvx_sync_op op, sem_t *s, int ret)
{
	int32_t lead;

	if (variant == 0) {
		record(op, ret == 0 ? 0 : errno);
		return ret;
	}
	lead = await(op);
	if (lead == 0) {
		while ((ret = real.sem_wait(s)) != 0 && errno == EINTR)
			;
	} else {
		errno = lead;
		ret = -1;
	}
	done();
	if (lead != 0)
		errno = lead;
	return ret;
}

EXPORT int sem_wait(sem_t *s)
{
	if (!ordering())
		return real.sem_wait(s);
	return sem_acquire(MVX_SYNC_SEM_WAIT, s,
			   variant == 0 ? real.sem_wait(s) : 0);
}

EXPORT int sem_trywait(sem_t *s)
{
	if (!ordering())
		return real.sem_trywait(s);
	return sem_acquire(MVX_SYNC_SEM_TRYWAIT, s,
			   variant == 0 ? real.sem_trywait(s) : 0);
}

EXPORT int sem_timedwait(sem_t *s, const struct timespec *at)
{
	if (!ordering())
		return real.sem_timedwait(s, at);
	return sem_acquire(MVX_SYNC_SEM_TIMEDWAIT, s,
			   variant == 0 ? real.sem_timedwait(s, at) : 0);
}

EXPORT int sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *at)
{
	if (!ordering())
		return real.sem_clockwait(s, clock, at);
	return sem_acquire(MVX_SYNC_SEM_TIMEDWAIT, s,
			   variant == 0 ? real.sem_clockwait(s, clock, at) : 0);
}

EXPORT int sem_post(sem_t *s)
{
	int ret;

	if (!ordering())
		return real.sem_post(s);
	release(MVX_SYNC_SEM_POST);
	ret = real.sem_post(s);
	if (variant != 0)
		done();
	return ret;
}

/* The first thread of a process: mvx is asked first, while it has one. */
EXPORT int pthread_create(pthread_t *t, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg)
{
	ordering();
	return real.create(t, attr, fn, arg);
}
