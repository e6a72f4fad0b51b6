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
 * A follower thread whose entry is another operation than its own ends the
 * ordering of its domain (turn()).  Outside mvx, or when mvx runs without
 * the agent, every wrapper is the C library's own function.
 * docs/processes.md says what is ordered and what is not.
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/single_threaded.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "malloc_arenas.h"
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

static int32_t self(void)
{
	if (!my_tid)
		my_tid = (int32_t)syscall(SYS_gettid);
	return my_tid;
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
	if (fd < 0)
		return;
	if (nvariants < 2 || nvariants > MVX_SYNC_MAX_VARIANTS ||
	    variant >= nvariants || MVX_AGENT_DOMAIN(hello) >= MVX_SYNC_DOMAINS) {
		close((int)fd);
		return;
	}
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

		/* a library's constructor that runs before the agent's
		 * (LLVM's take a mutex) reaches a wrapper first */
		if (!real.mutex_lock)
			find_real();
		if (__libc_single_threaded)
			attach();
		else
			__atomic_store_n(&state, -1, __ATOMIC_RELAXED);
		errno = err;
		now = state;
	}
	if (now > 0 && !my_tid) {
		/* gettid is a compared call: made on the way in, before an
		 * operation that may block in the leader only */
		int err = errno;

		self();
		errno = err;
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

/*
 * Follower: waits for this thread's turn for op and gives the leader's
 * result; the caller makes its operation, then calls done().  False when
 * the domain is (or has just become) unordered: the caller makes the
 * operation as the program asked.  A thread whose entry is another
 * operation unorders the domain: a flag set without a lock (Python asks
 * for its interpreter lock so) was seen at another point in this variant,
 * and waiting for an entry that will not come would stop the program.
 */
static void unorder(enum mvx_sync_op op, long expected)
{
	int err = errno;

	syscall(MVX_AGENT_NR, MVX_AGENT_UNORDERED, (long)op, expected);
	mvx_sync_unorder(dom);
	errno = err;
}

static bool turn(enum mvx_sync_op op, int32_t *lead)
{
	int err = errno;
	const struct mvx_sync_entry *e = mvx_sync_await(dom, variant, self());
	bool mine = e != NULL;

	if (mine && e->op != op) {
		unorder(op, e->op);
		mine = false;
	}
	if (mine)
		*lead = e->result;
	errno = err;
	return mine;
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

/* Leader: logs an acquisition's result (an error number), returns it. */
static int recorded(enum mvx_sync_op op, int ret)
{
	record(op, ret);
	return ret;
}

/*
 * What a follower's replay returns when the lock its leader got is held
 * here: the domain is then unordered and the wrapper makes the operation
 * as the program asked (a trylock fails, a timed wait waits until its
 * deadline).  Never an error number or a C library return value.
 */
#define ASKED INT_MIN

/*
 * Follower, at its turn: a lock the leader got is free here, since every
 * release before it was made first.  One that is not shows a lock history
 * that differs (an entry of the same kind taken for another lock, a flag
 * set without a lock seen at another point): the domain is unordered, so
 * that the other threads go on, and the thread does what the program
 * asked.  Taking the lock instead, whatever was asked, turned a trylock
 * into a wait: Python's lock acquisition tries first while it holds its
 * interpreter lock, and the thread that would have released the lock then
 * waited for the interpreter lock for ever.
 */
static bool got_mutex(pthread_mutex_t *m, enum mvx_sync_op op, int *ret)
{
	*ret = real.mutex_trylock(m);
	if (*ret != EBUSY)
		return true;
	unorder(op, op);
	return false;
}

/* Follower, at its turn: the leader's outcome of a mutex acquisition, or
 * ASKED. */
static int replay_lock(pthread_mutex_t *m, enum mvx_sync_op op, int32_t lead)
{
	int ret = lead;

	if (lead == 0 && !got_mutex(m, op, &ret))
		ret = ASKED;
	done();
	return ret;
}

EXPORT int pthread_mutex_lock(pthread_mutex_t *m)
{
	int32_t lead;
	int ret;

	if (!ordering())
		return real.mutex_lock(m);
	if (variant == 0)
		return recorded(MVX_SYNC_MUTEX_LOCK, real.mutex_lock(m));
	if (!turn(MVX_SYNC_MUTEX_LOCK, &lead))
		return real.mutex_lock(m);
	ret = replay_lock(m, MVX_SYNC_MUTEX_LOCK, lead);
	return ret == ASKED ? real.mutex_lock(m) : ret;
}

EXPORT int pthread_mutex_trylock(pthread_mutex_t *m)
{
	int32_t lead;
	int ret;

	if (!ordering())
		return real.mutex_trylock(m);
	if (variant == 0)
		return recorded(MVX_SYNC_MUTEX_TRYLOCK, real.mutex_trylock(m));
	if (!turn(MVX_SYNC_MUTEX_TRYLOCK, &lead))
		return real.mutex_trylock(m);
	ret = replay_lock(m, MVX_SYNC_MUTEX_TRYLOCK, lead);
	return ret == ASKED ? real.mutex_trylock(m) : ret;
}

EXPORT int pthread_mutex_timedlock(pthread_mutex_t *m,
				   const struct timespec *at)
{
	int32_t lead;
	int ret;

	if (!ordering())
		return real.mutex_timedlock(m, at);
	if (variant == 0)
		return recorded(MVX_SYNC_MUTEX_TIMEDLOCK,
				real.mutex_timedlock(m, at));
	if (!turn(MVX_SYNC_MUTEX_TIMEDLOCK, &lead))
		return real.mutex_timedlock(m, at);
	ret = replay_lock(m, MVX_SYNC_MUTEX_TIMEDLOCK, lead);
	return ret == ASKED ? real.mutex_timedlock(m, at) : ret;
}

EXPORT int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock,
				   const struct timespec *at)
{
	int32_t lead;
	int ret;

	if (!ordering())
		return real.mutex_clocklock(m, clock, at);
	if (variant == 0)
		return recorded(MVX_SYNC_MUTEX_TIMEDLOCK,
				real.mutex_clocklock(m, clock, at));
	if (!turn(MVX_SYNC_MUTEX_TIMEDLOCK, &lead))
		return real.mutex_clocklock(m, clock, at);
	ret = replay_lock(m, MVX_SYNC_MUTEX_TIMEDLOCK, lead);
	return ret == ASKED ? real.mutex_clocklock(m, clock, at) : ret;
}

/*
 * A release is logged before it is made, and made in every variant:
 * release_begin, the operation, release_end.  Returns whether the follower
 * has the turn to end.
 */
static bool release_begin(enum mvx_sync_op op)
{
	int32_t lead;

	if (variant == 0) {
		record(op, 0);
		return false;
	}
	return turn(op, &lead);
}

static int release_end(bool mine, int ret)
{
	if (mine)
		done();
	return ret;
}

EXPORT int pthread_mutex_unlock(pthread_mutex_t *m)
{
	bool mine;

	if (!ordering())
		return real.mutex_unlock(m);
	mine = release_begin(MVX_SYNC_MUTEX_UNLOCK);
	return release_end(mine, real.mutex_unlock(m));
}

/*
 * The follower's side of a condition wait: gives the mutex up and takes
 * it back at the leader's points; *ret is the leader's result.  False when
 * the domain is unordered before the wait: the caller waits itself.  Once
 * the mutex is given up, an unordered domain ends the wait as a spurious
 * wake-up (0), which callers of a condition wait expect.
 */
static bool replay_cond_wait(pthread_mutex_t *m, int *ret)
{
	int32_t lead;
	bool mine;
	int taken;	/* the trylock's result, unused: the wait's is lead */

	if (!turn(MVX_SYNC_COND_WAIT, &lead))
		return false;
	real.mutex_unlock(m);
	done();
	mine = turn(MVX_SYNC_COND_WOKEN, &lead);
	if (!mine || !got_mutex(m, MVX_SYNC_COND_WOKEN, &taken))
		real.mutex_lock(m);	/* a wait ends holding the mutex */
	if (mine)
		done();
	*ret = mine ? lead : 0;
	return true;
}

EXPORT int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	int ret;

	if (!ordering())
		return real.cond_wait(c, m);
	if (variant != 0)
		return replay_cond_wait(m, &ret) ? ret : real.cond_wait(c, m);
	record(MVX_SYNC_COND_WAIT, 0);
	return recorded(MVX_SYNC_COND_WOKEN, real.cond_wait(c, m));
}

EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				  const struct timespec *at)
{
	int ret;

	if (!ordering())
		return real.cond_timedwait(c, m, at);
	if (variant != 0)
		return replay_cond_wait(m, &ret) ? ret :
		       real.cond_timedwait(c, m, at);
	record(MVX_SYNC_COND_WAIT, 0);
	return recorded(MVX_SYNC_COND_WOKEN, real.cond_timedwait(c, m, at));
}

EXPORT int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m,
				  clockid_t clock, const struct timespec *at)
{
	int ret;

	if (!ordering())
		return real.cond_clockwait(c, m, clock, at);
	if (variant != 0)
		return replay_cond_wait(m, &ret) ? ret :
		       real.cond_clockwait(c, m, clock, at);
	record(MVX_SYNC_COND_WAIT, 0);
	return recorded(MVX_SYNC_COND_WOKEN,
			real.cond_clockwait(c, m, clock, at));
}

/* A follower's signal wakes no thread the agent orders; one that waits on
 * the condition by a way the agent does not see is woken as in the
 * leader. */
EXPORT int pthread_cond_signal(pthread_cond_t *c)
{
	bool mine;

	if (!ordering())
		return real.cond_signal(c);
	mine = release_begin(MVX_SYNC_COND_SIGNAL);
	return release_end(mine, real.cond_signal(c));
}

EXPORT int pthread_cond_broadcast(pthread_cond_t *c)
{
	bool mine;

	if (!ordering())
		return real.cond_broadcast(c);
	mine = release_begin(MVX_SYNC_COND_SIGNAL);
	return release_end(mine, real.cond_broadcast(c));
}

/* Leader: logs a semaphore acquisition's outcome (0 or its errno). */
static int sem_recorded(enum mvx_sync_op op, int ret)
{
	int err = errno;

	record(op, ret == 0 ? 0 : err);
	errno = err;
	return ret;
}

/* Follower, at its turn: the leader's outcome, 0 or -1 with errno; a
 * semaphore the leader got is free here, or ASKED (see got_mutex). */
static int sem_replay(sem_t *s, enum mvx_sync_op op, int32_t lead)
{
	int ret = -1;

	if (lead == 0 && real.sem_trywait(s) == 0) {
		ret = 0;
	} else if (lead == 0) {
		unorder(op, op);
		ret = ASKED;
	}
	done();
	if (lead != 0)
		errno = lead;
	return ret;
}

EXPORT int sem_wait(sem_t *s)
{
	int32_t lead;
	int ret;

	if (!ordering())
		return real.sem_wait(s);
	if (variant == 0)
		return sem_recorded(MVX_SYNC_SEM_WAIT, real.sem_wait(s));
	if (!turn(MVX_SYNC_SEM_WAIT, &lead))
		return real.sem_wait(s);
	ret = sem_replay(s, MVX_SYNC_SEM_WAIT, lead);
	return ret == ASKED ? real.sem_wait(s) : ret;
}

EXPORT int sem_trywait(sem_t *s)
{
	int32_t lead;
	int ret;

	if (!ordering())
		return real.sem_trywait(s);
	if (variant == 0)
		return sem_recorded(MVX_SYNC_SEM_TRYWAIT, real.sem_trywait(s));
	if (!turn(MVX_SYNC_SEM_TRYWAIT, &lead))
		return real.sem_trywait(s);
	ret = sem_replay(s, MVX_SYNC_SEM_TRYWAIT, lead);
	return ret == ASKED ? real.sem_trywait(s) : ret;
}

EXPORT int sem_timedwait(sem_t *s, const struct timespec *at)
{
	int32_t lead;
	int ret;

	if (!ordering())
		return real.sem_timedwait(s, at);
	if (variant == 0)
		return sem_recorded(MVX_SYNC_SEM_TIMEDWAIT,
				    real.sem_timedwait(s, at));
	if (!turn(MVX_SYNC_SEM_TIMEDWAIT, &lead))
		return real.sem_timedwait(s, at);
	ret = sem_replay(s, MVX_SYNC_SEM_TIMEDWAIT, lead);
	return ret == ASKED ? real.sem_timedwait(s, at) : ret;
}

EXPORT int sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *at)
{
	int32_t lead;
	int ret;

	if (!ordering())
		return real.sem_clockwait(s, clock, at);
	if (variant == 0)
		return sem_recorded(MVX_SYNC_SEM_TIMEDWAIT,
				    real.sem_clockwait(s, clock, at));
	if (!turn(MVX_SYNC_SEM_TIMEDWAIT, &lead))
		return real.sem_clockwait(s, clock, at);
	ret = sem_replay(s, MVX_SYNC_SEM_TIMEDWAIT, lead);
	return ret == ASKED ? real.sem_clockwait(s, clock, at) : ret;
}

EXPORT int sem_post(sem_t *s)
{
	bool mine;

	if (!ordering())
		return real.sem_post(s);
	mine = release_begin(MVX_SYNC_SEM_POST);
	return release_end(mine, real.sem_post(s));
}

/* The first thread of a process: mvx is asked first, while it has one. */
EXPORT int pthread_create(pthread_t *t, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg)
{
	mvx_fix_arena_limit();
	ordering();
	return real.create(t, attr, fn, arg);
}
