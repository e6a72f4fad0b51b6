// SPDX-License-Identifier: GPL-2.0
/*
 * The lockstep loop of one variant set: gather every variant at a system
 * call's entry, hold and inject asynchronous signals, compare, dispatch.
 * The design is described at the top of dispatch.h.
 */
#include "agent_host.h"
#include "dispatch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "accel.h"
#include "clock_share.h"
#include "exec_image.h"
#include "log.h"
#include "output.h"
#include "pidmap.h"
#include "placement.h"
#include "proc_task.h"
#include "rdtsc.h"
#include "self_files.h"
#include "selfsig.h"
#include "sigvals.h"
#include "tempname.h"
#include "wait_route.h"

#define REG(field) offsetof(struct user_regs_struct, field)

#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514

static bool poke_reg(pid_t tid, size_t off, unsigned long long v)
{
	return ptrace(PTRACE_POKEUSER, tid, (void *)off, (void *)v) == 0;
}

/* Waits for the next stop or end of task i, without interpreting it. */
struct mvx_wait mvx_wait_task(struct mvx_vset *vs, int i)
{
	struct mvx_task *t = &vs->t[i];
	int status;

	for (;;) {
		if (mvx_wait_one(t->tid, &status) == t->tid)
			break;
		if (errno != EINTR) {
			struct mvx_wait w = { MVX_STOP_KILLED, SIGKILL };

			mvx_perr("waiting for variant %d (pid %d)", i, t->tid);
			return w;
		}
	}
	return mvx_wait_decode(status);
}

void mvx_mark_exited(struct mvx_vset *vs, int i, struct mvx_wait w)
{
	vs->t[i].exited = true;
	vs->t[i].at_entry = false;
	vs->t[i].end = w;
}

/* How often a set holding a signal looks whether its variants all stand
 * between two calls (deliver_between_calls). */
#define SIGNAL_LOOK_MS 10

static void timespec_add_ms(struct timespec *t, long ms)
{
	t->tv_sec += ms / 1000;
	t->tv_nsec += (ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static bool is_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE ||
	       sig == SIGILL || sig == SIGTRAP;
}

/*
 * Handles a signal-delivery-stop of task i: emulated rdtsc, a signal the
 * monitor injects, a synchronous fault (delivered at once: it is the
 * program's own behaviour if every variant takes it), or an asynchronous
 * signal, which is held for the next point where the set stands together.
 */
/*
 * Decides what to do with a signal stopping task i; returns the signal to
 * resume it with (0 to suppress), or -1 when the task was already resumed
 * or is to stay stopped: an rdtsc too far ahead of the other variants,
 * only where 'may_hold' (the caller lets the others run meanwhile).
 */
static int signal_verdict(struct mvx_vset *vs, int i, int sig, bool may_hold);

static void signal_stop(struct mvx_vset *vs, int i, int sig, bool may_hold)
{
	int v = signal_verdict(vs, i, sig, may_hold);

	if (v >= 0)
		ptrace(PTRACE_CONT, vs->t[i].tid, NULL, (void *)(long)v);
}

void mvx_signal_hold(struct mvx_vset *vs, int i, int sig)
{
	signal_stop(vs, i, sig, false);
}

/* Like mvx_signal_hold inside a call: the caller resumes with PTRACE_SYSCALL. */
void mvx_signal_held(struct mvx_vset *vs, int i, int sig)
{
	int v = signal_verdict(vs, i, sig, false);

	if (v > 0)
		ptrace(PTRACE_SYSCALL, vs->t[i].tid, NULL, (void *)(long)v);
	else if (v == 0)
		ptrace(PTRACE_SYSCALL, vs->t[i].tid, NULL, NULL);
}

/*
 * Signal 'sig' ends task 'tid''s process where it stands: the program
 * neither catches nor ignores it, and its default action is to terminate
 * (with or without a core dump).  No code of the program runs for it.
 */
static bool ends_by_default(pid_t tid, int sig)
{
	uint64_t caught, ignored, bit = 1ULL << (sig - 1);

	switch (sig) {
	case SIGHUP: case SIGINT: case SIGQUIT: case SIGABRT: case SIGUSR1:
	case SIGUSR2: case SIGPIPE: case SIGALRM: case SIGTERM: case SIGSTKFLT:
	case SIGXCPU: case SIGXFSZ: case SIGVTALRM: case SIGPROF: case SIGIO:
	case SIGPWR: case SIGSYS:
		break;
	default:
		if (sig < SIGRTMIN || sig > SIGRTMAX)
			return false;
	}
	return mvx_proc_status_mask(tid, "SigCgt", &caught) &&
	       mvx_proc_status_mask(tid, "SigIgn", &ignored) &&
	       !(caught & bit) && !(ignored & bit);
}

/*
 * The leader takes signal 'sig' (info 'si'), which ends its process at
 * once: no point of the program's needs to be common to the variants, so
 * each follower gets it now too, wherever it stands, instead of it being
 * held for a point where they all stand together (one that may never come
 * when they sleep on locks taken in another order).  A follower held at a
 * call's entry has that call skipped (EINTR), so the signal ends it as
 * the call returns and the call never runs.
 */
static void end_everywhere(struct mvx_vset *vs, int sig, const siginfo_t *si)
{
	vs->pending[sig] = *si;
	for (int k = 1; k < vs->n; k++) {
		struct mvx_task *f = &vs->t[k];

		if (f->exited)
			continue;
		f->inject_mask |= 1ULL << sig;
		syscall(SYS_tgkill, f->tgid, f->tid, sig);
		if (f->at_entry && mvx_skip(vs, k, -EINTR))
			mvx_resume(vs, k);
	}
}

static int signal_verdict(struct mvx_vset *vs, int i, int sig, bool may_hold)
{
	struct mvx_task *t = &vs->t[i];
	siginfo_t si;

	if (ptrace(PTRACE_GETSIGINFO, t->tid, NULL, &si) != 0) {
		/* a group-stop: the variants are not stopped by job control */
		return 0;
	}
	if (si.si_code == SI_TKILL && si.si_pid == getpid()) {
		/* sent by the monitor to deliver a held signal */
		if (sig >= 64 || !(t->inject_mask & (1ULL << sig)))
			return 0;
		t->inject_mask &= ~(1ULL << sig);
		if (vs->pending[sig].si_signo == sig) {
			siginfo_t own = vs->pending[sig];

			mvx_sigvals_own(vs->t[0].tgid, i, &own);
			ptrace(PTRACE_SETSIGINFO, t->tid, NULL, &own);
		}
		return sig;
	}
	if (sig == SIGSEGV && si.si_code == SI_KERNEL) {
		switch (mvx_rdtsc_emulate(vs, i, !may_hold)) {
		case MVX_RDTSC_DONE:
			return 0;
		case MVX_RDTSC_AHEAD:
			t->tsc_held = true;
			return -1;
		case MVX_RDTSC_NONE:
			break;
		}
	}
	if (is_fault(sig) && si.si_code > 0)
		return sig;
	/* sent by the variant to itself (kill, raise, SIGPIPE of its own
	 * write): every variant has its own at the same call; but not one
	 * the leader alone sent (selfsig.h), which is held for them all */
	if ((si.si_code == SI_USER || si.si_code == SI_TKILL) &&
	    si.si_pid == t->tgid &&
	    !(i == 0 && si.si_code == SI_USER &&
	      mvx_selfsig_take(t->tgid, sig)))
		return sig;
	if (sig >= 64 || sig == SIGKILL)
		return 0;
	/* any other signal counts as it reaches the leader, and is then
	 * delivered to every variant: a follower's copy (its child's
	 * SIGCHLD, its counterpart's kill, the terminal's SIGINT) is dropped,
	 * or one signal could be delivered twice */
	if (i > 0)
		return 0;
	if (ends_by_default(t->tid, sig)) {
		end_everywhere(vs, sig, &si);
		return sig;
	}
	if (!vs->pending_mask) {
		clock_gettime(CLOCK_MONOTONIC, &vs->signal_look);
		timespec_add_ms(&vs->signal_look, SIGNAL_LOOK_MS);
	}
	if (!(vs->pending_mask & (1ULL << sig)))
		vs->pending[sig] = si;
	vs->pending_mask |= 1ULL << sig;
	return 0;
}

static bool killed_from_outside(struct mvx_vset *vs, int i);

bool mvx_fetch_call(struct mvx_vset *vs, int i)
{
	struct mvx_task *t = &vs->t[i];
	/* zeroed: memcheck cannot see what PTRACE_GET_SYSCALL_INFO writes */
	struct __ptrace_syscall_info info = { 0 };

	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(info),
		   &info) <= 0 || info.op != PTRACE_SYSCALL_INFO_SECCOMP) {
		if (killed_from_outside(vs, i))
			return false;
		mvx_perr("reading the system call of variant %d", i);
		return false;
	}
	if (info.seccomp.nr == SYS_restart_syscall && info.arch ==
	    MVX_ARCH_X86_64 && t->call.desc) {
		/* the kernel restarts an interrupted call through its own
		 * saved state in one variant only: make the call again, from
		 * its arguments, as every variant can (a timeout restarts) */
		unsigned long long a[6];

		for (int k = 0; k < 6; k++)
			a[k] = t->call.args[k];
		if (!mvx_rewrite_call(vs, i, t->call.nr, a))
			return false;
		t->at_entry = true;
		t->args_fresh = false;
		return true;
	}
	t->call.nr = (long)info.seccomp.nr;
	t->call.arch = info.arch;
	for (int a = 0; a < MVX_MAX_ARGS; a++)
		t->call.args[a] = info.seccomp.args[a];
	t->call.ip = info.instruction_pointer;
	t->call.sp = info.stack_pointer;
	t->call.desc = t->call.arch == MVX_ARCH_X86_64 ?
		mvx_syscall_lookup(t->call.nr) : NULL;
	t->call.mem = mvx_mem_of_task(t->tid);
	t->at_entry = true;
	t->args_fresh = false;
	return true;
}

static bool runs_free(struct mvx_vset *vs, int i);
static void run_free(struct mvx_vset *vs, int i);
static void finish_free(struct mvx_vset *vs, int i);
static uint64_t blocked(pid_t tid);

/*
 * Task i stopped at a call's entry with a signal the monitor sent it still
 * pending and not blocked: sent while the task ran on another CPU, it came
 * to the call first.  The call is put back, to be made again after the
 * signal (as the kernel does with a call that a signal interrupts before it
 * began), so that the signal comes at the point it was sent for.  Returns
 * true when the task was so resumed; forgets sent signals no longer
 * pending (taken meanwhile).
 */
static bool signal_first(struct mvx_vset *vs, int i)
{
	struct mvx_task *t = &vs->t[i];
	struct user_regs_struct r;
	uint64_t pend;

	/* the kernel's sigsets hold signal s at bit s - 1; ours at bit s;
	 * a blocked one (the common case: held for a later unblocking)
	 * costs one ptrace call here, not a look in /proc */
	if (!(t->inject_mask & ~(blocked(t->tid) << 1)) ||
	    !mvx_proc_pending(t->tid, &pend))
		return false;
	t->inject_mask &= pend << 1;
	if (!(t->inject_mask & ~(blocked(t->tid) << 1)) ||
	    ptrace(PTRACE_GETREGS, t->tid, NULL, &r) != 0)
		return false;
	r.orig_rax = (unsigned long long)-1;	/* not made now */
	r.rax = (unsigned long long)t->call.nr;
	r.rip -= 2;
	if (ptrace(PTRACE_SETREGS, t->tid, NULL, &r) != 0)
		return false;
	mvx_resume(vs, i);
	return true;
}

/*
 * Task i stands held at an rdtsc too far ahead of its counterparts: emulates
 * it and resumes the task once they have caught up, or at once, reading
 * the counter for it alone, with 'alone'.
 */
static void release_tsc(struct mvx_vset *vs, int i, bool alone)
{
	struct mvx_task *t = &vs->t[i];

	if (mvx_rdtsc_emulate(vs, i, alone) == MVX_RDTSC_AHEAD)
		return;
	t->tsc_held = false;
	ptrace(PTRACE_CONT, t->tid, NULL, NULL);
}

/* Acts on event 'w' of task i, which is not at an entry stop. */
static void step(struct mvx_vset *vs, int i, struct mvx_wait w)
{
	struct mvx_task *t = &vs->t[i];
	int resume = t->running_free ? PTRACE_SYSCALL : PTRACE_CONT;

	switch (w.kind) {
	case MVX_STOP_SECCOMP:
		if (!mvx_fetch_call(vs, i))
			mvx_fail(vs, "lost track of a variant");
		else if (t->inject_mask && signal_first(vs, i))
			return;
		else if (runs_free(vs, i))
			run_free(vs, i);
		return;
	case MVX_STOP_EXITED:
	case MVX_STOP_KILLED:
		t->running_free = false;
		mvx_mark_exited(vs, i, w);
		return;
	case MVX_STOP_SIGNAL:
		if (t->running_free)
			mvx_signal_held(vs, i, w.sig);
		else
			signal_stop(vs, i, w.sig, true);
		return;
	case MVX_STOP_SYSCALL:
		if (t->running_free) {
			finish_free(vs, i);
			return;
		}
		break;
	case MVX_STOP_EVENT:
		break;
	}
	ptrace(resume, t->tid, NULL, NULL);
}

/* Lets task i run until it stands at a compared system call's entry or has
 * ended. */
void mvx_advance(struct mvx_vset *vs, int i)
{
	struct mvx_task *t = &vs->t[i];

	while (!t->at_entry && !t->exited && !vs->failed) {
		/* held at an rdtsc (by gather, or just now): the others do
		 * not run meanwhile */
		if (t->tsc_held)
			release_tsc(vs, i, true);
		else
			step(vs, i, mvx_wait_task(vs, i));
	}
}

static struct mvx_hist *remember(struct mvx_vset *vs, long ret);
static bool private_memory_call(const struct mvx_call *c);
static void run_ahead(struct mvx_vset *vs);
static void consume_ahead(struct mvx_vset *vs, int i);
static bool same_class(long a, long b);
static bool followers_asleep(struct mvx_vset *vs);
static void wait_longer(struct mvx_vset *vs);
static bool free_stalled_followers(struct mvx_vset *vs);
static bool exit_with_leader(struct mvx_vset *vs);

static bool waits_in_futex(struct mvx_vset *vs, int i);
static bool tsc_stuck(struct mvx_vset *vs);
static void deliver_between_calls(struct mvx_vset *vs);

/*
 * Lets every task of the set run until it stands at a compared call's entry
 * or has ended, acting on their events in the order they come: a task that
 * stops for a call it may make on its own (in a threaded process) is let go
 * at once, not held until the task waited for before it arrives.  A leader
 * that waits alone at a call for MVX_STALL_MS while its missing followers
 * sleep in a futex goes ahead (run_ahead.h); while followers have its calls
 * to catch up on, each is given its recorded one as it arrives, and the
 * leader goes on ahead as long as its calls allow.
 */
static void gather(struct mvx_vset *vs)
{
	while (!vs->failed) {
		struct mvx_task *lead = &vs->t[0];
		struct timespec deadline, look_at, *until = NULL;
		pid_t tids[MVX_MAX_VARIANTS];
		bool look;
		int idx[MVX_MAX_VARIANTS], n = 0, status;
		pid_t got;

		/* ended outside the lockstep (a fault, a kill): the caller
		 * compares the ends; waiting here for the others could last
		 * for ever (a follower asleep in a lock its leader would
		 * have released) */
		for (int i = 0; i < vs->n; i++)
			if (vs->t[i].exited)
				return;
		for (int i = 0; i < vs->n && !vs->failed; i++) {
			struct mvx_task *t = &vs->t[i];

			if (t->tsc_held)
				release_tsc(vs, i, false);
			if (t->tsc_held)
				continue;
			if (t->at_entry && runs_free(vs, i))
				run_free(vs, i);
			if (t->at_entry && mvx_ahead_next(vs, i))
				consume_ahead(vs, i);
			if (i == 0 && t->at_entry && mvx_ahead_lagging(vs) &&
			    mvx_ahead_allowed(vs))
				run_ahead(vs);
			if (t->at_entry || t->exited)
				continue;
			tids[n] = t->tid;
			idx[n++] = i;
		}
		if (n == 0 && !vs->failed && tsc_stuck(vs))
			return;
		if (n == 0 || vs->failed)
			return;
		if (!lead->at_entry) {
			vs->lead_waiting = false;
		} else if (!vs->lead_waiting) {
			vs->lead_waiting = true;
			clock_gettime(CLOCK_MONOTONIC, &vs->lead_since);
		}
		if (vs->lead_waiting) {
			deadline = vs->lead_since;
			timespec_add_ms(&deadline, MVX_STALL_MS);
			until = &deadline;
		}
		/* the looks keep their own times: events such as emulated
		 * rdtsc instructions may come more often than they */
		look = false;
		if (vs->pending_mask) {
			look_at = vs->signal_look;
			if (!until || look_at.tv_sec < until->tv_sec ||
			    (look_at.tv_sec == until->tv_sec &&
			     look_at.tv_nsec < until->tv_nsec)) {
				until = &look_at;
				look = true;
			}
		}
		got = mvx_wait_among_until(tids, n, &status, until);
		if (got == 0 && look) {
			clock_gettime(CLOCK_MONOTONIC, &vs->signal_look);
			timespec_add_ms(&vs->signal_look, SIGNAL_LOOK_MS);
			deliver_between_calls(vs);
			continue;
		}
		if (got == 0) {
			/* the leader has waited alone for a while: a call
			 * that may run unmatched runs so, a few others ahead */
			if (free_stalled_followers(vs))
				continue;
			if (!followers_asleep(vs))
				clock_gettime(CLOCK_MONOTONIC, &vs->lead_since);
			else if (lead->call.nr == SYS_exit_group &&
				 exit_with_leader(vs))
				continue;
			else if (private_memory_call(&lead->call))
				run_free(vs, 0);
			else if (mvx_ahead_allowed(vs))
				run_ahead(vs);
			else
				wait_longer(vs);
			continue;
		}
		if (got < 0) {
			mvx_perr("waiting for the variants of set %d", vs->id);
			mvx_fail(vs, "lost track of the variants");
			return;
		}
		for (int j = 0; j < n; j++)
			if (tids[j] == got)
				step(vs, idx[j], mvx_wait_decode(status));
	}
}

/*
 * Every task of the set stands at a call or held at an rdtsc: one that is
 * held made MVX_SHARED_READS more rdtsc instructions than a counterpart
 * that stands at its next call, which the same program does not do: a
 * divergence.  Returns true when it was so.
 */
static bool tsc_stuck(struct mvx_vset *vs)
{
	char why[160];

	for (int i = 0; i < vs->n; i++) {
		if (!vs->t[i].tsc_held)
			continue;
		for (int k = 0; k < vs->n; k++) {
			if (k == i || vs->t[k].exited ||
			    vs->t[k].tsc_count >= vs->t[i].tsc_count)
				continue;
			snprintf(why, sizeof(why),
				 "variant %d executed %llu rdtsc instructions where variant %d executed %llu before its next call",
				 i, (unsigned long long)vs->t[i].tsc_count, k,
				 (unsigned long long)vs->t[k].tsc_count);
			mvx_diverge(vs, NULL, why);
			return true;
		}
	}
	return false;
}

/*
 * The leader has waited alone and its call may not go ahead: a follower's
 * thread may be waiting in the lock-order agent in vain (agent_host.h);
 * then the leader waits another MVX_STALL_MS.
 */
static void wait_longer(struct mvx_vset *vs)
{
	mvx_agent_release_waiters(vs);
	clock_gettime(CLOCK_MONOTONIC, &vs->lead_since);
}

/* Task i sleeps in a futex wait, not at a compared call: a lock, a
 * condition, a semaphore, a thread's join. */
static bool waits_in_futex(struct mvx_vset *vs, int i)
{
	long nr;

	if (vs->t[i].at_entry)
		return false;
	nr = mvx_proc_blocked_call(vs->t[i].tid);
	return nr == SYS_futex || nr == SYS_futex_waitv;
}

/*
 * A signal is held for the set, and no variant has come to a compared call
 * for SIGNAL_LOOK_MS: each runs its own code (a loop that polls a flag the
 * handler sets: alarm() and a busy loop) or sleeps in a futex (a lock, a
 * condition, a semaphore, a thread's join), and none may come to a call,
 * where held signals are delivered, until the handler has run.  The kernel
 * would have delivered it to the leader where it stood; the held signals go
 * to each variant where it stands instead, which is the same point of its
 * system-call sequence: after the set's last compared call (the futex
 * calls since then run unmatched, and are all the variants may differ in).
 * The handler then runs at another instruction in each variant; a program
 * whose calls depend on which (a loop that counts its turns until the
 * signal and prints the count) diverges.  Nothing is sent while a variant
 * stands at a call, or sleeps in another one, as a blocking call the
 * others will make too.
 */
static void deliver_between_calls(struct mvx_vset *vs)
{
	uint64_t mask = vs->pending_mask;

	for (int i = 0; i < vs->n; i++) {
		long nr;

		if (vs->t[i].exited)
			continue;
		if (vs->t[i].at_entry)
			return;
		nr = mvx_proc_blocked_call(vs->t[i].tid);
		if (nr != -1 && nr != SYS_futex && nr != SYS_futex_waitv)
			return;
	}
	vs->pending_mask = 0;
	for (int i = 0; i < vs->n; i++)
		if (!vs->t[i].exited)
			mvx_signal_send(vs, i, mask);
}

/* Every follower that is not at its entry sleeps in a futex: waits for a
 * lock.  A follower held elsewhere, in the kernel module's lockstep say,
 * does not count. */
static bool followers_asleep(struct mvx_vset *vs)
{
	for (int i = 1; i < vs->n; i++)
		if (!vs->t[i].at_entry && !vs->t[i].exited &&
		    !waits_in_futex(vs, i))
			return false;
	return true;
}

/*
 * The leader has waited alone: a follower that stands at another call than
 * the leader's, one that may run unmatched (a clock read, a futex, a private
 * memory call), makes it on its own.  Processes that share a semaphore take
 * it in another order in each variant, so a single-threaded follower may
 * read the clock on its way to a lock its leader never waited for; held
 * there, it would keep the stall from being seen for what it is.  Returns
 * true when some follower was let go.
 */
static bool free_stalled_followers(struct mvx_vset *vs)
{
	bool any = false;

	for (int i = 1; i < vs->n && !vs->failed; i++) {
		struct mvx_task *t = &vs->t[i];

		if (!t->at_entry || mvx_ahead_next(vs, i) ||
		    t->call.nr == vs->t[0].call.nr ||
		    !private_memory_call(&t->call))
			continue;
		run_free(vs, i);
		any = true;
	}
	return any;
}

/*
 * The leader of a process that has one thread stands at exit_group while
 * its followers sleep waiting for a lock: a lock another process of their
 * variant took in another order and keeps (Python's multiprocessing pool
 * takes a queue's lock and then ends its workers).  The followers make no
 * call while they sleep, so nothing of theirs is left to compare but their
 * way out: they are ended with the leader (killed; their end and their
 * parent's wait report the leader's status).  Returns false, having done
 * nothing, when some follower stands at another call.
 */
static bool exit_with_leader(struct mvx_vset *vs)
{
	if (vs->threaded || vs->t[0].tid != vs->t[0].tgid)
		return false;
	for (int i = 1; i < vs->n; i++) {
		const struct mvx_task *t = &vs->t[i];

		if (t->at_entry && t->call.nr != SYS_exit_group)
			return false;
	}
	for (int i = 1; i < vs->n; i++) {
		struct mvx_task *t = &vs->t[i];

		if (t->at_entry || t->exited)
			continue;
		if (!mvx_session_end_with_leader(vs->s, t->tgid))
			return false;
		t->ended_with_leader = true;
		kill(t->tgid, SIGKILL);
	}
	for (int i = 0; i < vs->n; i++) {
		if (!vs->t[i].at_entry)
			continue;
		mvx_note(vs, i, MVX_ACT_EXECUTED_BY_ALL, 0);
		mvx_resume(vs, i);
	}
	return true;
}

/*
 * Whether the leader's call, ended with 'ret', may have written only part of
 * its data: a pipe whose reader left during the write raises SIGPIPE after
 * some bytes went, and returns their count.
 */
static bool wrote_part(const struct mvx_call *c, long ret)
{
	const struct mvx_syscall_desc *d = c->desc;

	if (ret < 0 || !d)
		return false;
	for (int k = 0; k < d->nargs; k++) {
		const struct mvx_arg_desc *a = &d->args[k];

		if (a->kind == MVX_ARG_BUF_IN && a->ref >= 0 &&
		    (unsigned long)ret < c->args[a->ref])
			return true;
		if (a->kind == MVX_ARG_IOV_IN || a->kind == MVX_ARG_MSGHDR_IN)
			return true;
	}
	return c->nr == SYS_sendfile || c->nr == SYS_splice ||
	       c->nr == SYS_copy_file_range;
}

/*
 * The signals the leader's kernel raised in it as part of its call, ended
 * with 'ret': SIGPIPE (a write to a pipe or socket without a reader, also
 * after part of the data went) and SIGXFSZ (a write at the file-size
 * limit).  The followers, whose call did not run, take the same signals at
 * the same point.  Read from the leader's queue without taking them: the
 * kernel queues them with SI_USER and the leader's own pid, even when
 * ignored, since the task is traced.
 */
static uint64_t raised_by_call(const struct mvx_vset *vs, long ret)
{
	/* the kernel's send_sig() queues on the task itself, not on its
	 * thread group */
	struct __ptrace_peeksiginfo_args a = { .off = 0, .flags = 0, .nr = 16 };
	siginfo_t si[16];
	uint64_t mask = 0;
	long n;

	if (ret != -EPIPE && ret != -EFBIG && !wrote_part(&vs->t[0].call, ret))
		return 0;
	/* zeroed: memcheck cannot see what PTRACE_PEEKSIGINFO writes */
	memset(si, 0, sizeof(si));
	n = ptrace(PTRACE_PEEKSIGINFO, vs->t[0].tid, &a, si);
	for (long k = 0; k < n; k++)
		if ((si[k].si_signo == SIGPIPE || si[k].si_signo == SIGXFSZ) &&
		    si[k].si_code == SI_USER && si[k].si_pid == vs->t[0].tgid)
			mask |= 1ULL << si[k].si_signo;
	return mask;
}

void mvx_signal_send(struct mvx_vset *vs, int i, uint64_t mask)
{
	for (int sig = 1; sig < 64; sig++) {
		if (!(mask & (1ULL << sig)))
			continue;
		vs->t[i].inject_mask |= 1ULL << sig;
		syscall(SYS_tgkill, vs->t[i].tgid, vs->t[i].tid, sig);
	}
}

/*
 * The leader stands at a call mvx_ahead_allowed accepts: runs it now,
 * records what the followers' comparison and results need, and lets it go.
 */
static void run_ahead(struct mvx_vset *vs)
{
	struct mvx_ahead *e;
	long ret;

	e = mvx_ahead_begin(vs);
	if (!e)
		return;
	vs->seq++;
	e->seq = vs->seq;
	if (vs->s->trace || mvx_verbose)
		mvx_output_capture(vs, 0);
	if (!mvx_run_leader(vs, &ret)) {
		/* ended, or interrupted and sent back to its entry; the
		 * number stays used, as in the lockstep loop */
		mvx_ahead_drop(e);
		return;
	}
	/* the leader's SIGPIPE is its own; each follower gets its copy
	 * when it catches up (consume_ahead) */
	e->raised = raised_by_call(vs, ret);
	if (!mvx_ahead_commit(vs, e, ret)) {
		mvx_fail(vs, "cannot keep the results of a call the leader made ahead of the others");
		return;
	}
	remember(vs, ret);
	mvx_note(vs, 0, MVX_ACT_EXECUTED_AHEAD, ret);
	vs->lead_waiting = false;
	mvx_resume(vs, 0);
}

/*
 * Follower i caught up with a call of its own process's state (a signal
 * mask, say) that the leader made ahead and that every variant makes
 * itself: makes its own, whose result must be of the leader's class.
 */
static void consume_ahead_own(struct mvx_vset *vs, int i, long lead_ret)
{
	long ret = mvx_run_to_exit(vs, i);

	if (vs->failed || vs->t[i].exited)
		return;
	if (!same_class(ret, lead_ret)) {
		struct mvx_diff d = { i, -1, 0, "" };

		snprintf(d.what, sizeof(d.what),
			 "results differ: %ld in variant 0, %ld in variant %d",
			 lead_ret, ret, i);
		mvx_diverge(vs, &d, d.what);
		return;
	}
	mvx_note(vs, i, MVX_ACT_EXECUTED_BY_ALL, ret);
	mvx_ahead_consumed(vs, i);
	mvx_resume(vs, i);
}

/*
 * Follower i stands at an entry while it has a call of the leader's to
 * catch up on: compares the two and gives it the leader's results (or, for
 * a call every variant makes itself, lets it make its own).
 */
static void consume_ahead(struct mvx_vset *vs, int i)
{
	struct mvx_ahead *e = mvx_ahead_next(vs, i);
	struct mvx_call both[2] = { e->call, vs->t[i].call };
	uint64_t seq = vs->seq;
	struct mvx_diff d;

	vs->seq = e->seq;
	if (mvx_calls_match(both, 2, &d) && e->call.desc &&
	    (e->call.desc->disp == MVX_DISP_ALL ||
	     e->call.desc->disp == MVX_DISP_OWN)) {
		consume_ahead_own(vs, i, e->ret);
		vs->seq = seq;
		return;
	}
	if (!mvx_calls_match(both, 2, &d) ||
	    !mvx_copy_outputs(&e->out_call, &vs->t[i].call, e->ret, &d)) {
		/* the report shows the leader's call as it was made */
		d.variant = i;
		vs->t[0].call = e->call;
		vs->t[0].args_fresh = false;
		mvx_diverge(vs, &d, d.what);
		return;
	}
	if (!mvx_skip(vs, i, e->ret)) {
		if (!vs->failed)
			mvx_fail(vs, "cannot skip a follower's call");
		return;
	}
	mvx_signal_send(vs, i, e->raised);
	mvx_note(vs, i, MVX_ACT_REPLICATED, e->ret);
	vs->seq = seq;
	mvx_ahead_consumed(vs, i);
	mvx_resume(vs, i);
}

/*
 * A ptrace request on task i failed with ESRCH: the task was killed from
 * outside while it stood at a stop.  Reaps it and reports which variant
 * and how, as a divergence.  Returns false when that was not the case.
 */
static bool killed_from_outside(struct mvx_vset *vs, int i)
{
	struct mvx_task *t = &vs->t[i];
	struct mvx_wait w;
	char why[128];

	if (errno != ESRCH || t->exited)
		return false;
	w = mvx_wait_task(vs, i);
	if (w.kind != MVX_STOP_EXITED && w.kind != MVX_STOP_KILLED)
		return false;
	mvx_mark_exited(vs, i, w);
	snprintf(why, sizeof(why),
		 "variant %d (pid %d) %s %d while it stood at a system call",
		 i, (int)t->tid,
		 w.kind == MVX_STOP_KILLED ? "was killed by signal" :
		 "exited with status",
		 w.kind == MVX_STOP_KILLED ? w.sig : w.code);
	mvx_diverge(vs, NULL, why);
	return true;
}

bool mvx_start_call(struct mvx_vset *vs, int i)
{
	struct mvx_task *t = &vs->t[i];

	t->at_entry = false;
	if (ptrace(PTRACE_SYSCALL, t->tid, NULL, NULL) != 0) {
		if (killed_from_outside(vs, i))
			return false;
		mvx_perr("resuming variant %d", i);
		mvx_fail(vs, "lost track of a variant");
		return false;
	}
	return true;
}

long mvx_finish_call(struct mvx_vset *vs, int i)
{
	struct mvx_task *t = &vs->t[i];
	/* zeroed: memcheck cannot see what PTRACE_GET_SYSCALL_INFO writes */
	struct __ptrace_syscall_info info = { 0 };

	mvx_place_waiting(vs, true);
	for (;;) {
		struct mvx_wait w = mvx_wait_task(vs, i);

		if (w.kind == MVX_STOP_EXITED || w.kind == MVX_STOP_KILLED) {
			mvx_place_waiting(vs, false);
			mvx_mark_exited(vs, i, w);
			return -ENOSYS;
		}
		if (w.kind == MVX_STOP_SYSCALL)
			break;
		if (w.kind == MVX_STOP_SIGNAL) {
			mvx_signal_held(vs, i, w.sig);	/* resumes it */
			continue;
		}
		ptrace(PTRACE_SYSCALL, t->tid, NULL, NULL);
	}
	mvx_place_waiting(vs, false);
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(info),
		   &info) <= 0 || info.op != PTRACE_SYSCALL_INFO_EXIT) {
		if (killed_from_outside(vs, i))
			return -ENOSYS;
		mvx_perr("reading the result of variant %d", i);
		mvx_fail(vs, "lost track of a variant");
		return -ENOSYS;
	}
	return (long)info.exit.rval;
}

long mvx_run_to_exit(struct mvx_vset *vs, int i)
{
	if (!mvx_start_call(vs, i))
		return -ENOSYS;
	return mvx_finish_call(vs, i);
}

bool mvx_skip(struct mvx_vset *vs, int i, long ret)
{
	pid_t tid = vs->t[i].tid;

	if (!poke_reg(tid, REG(orig_rax), (unsigned long long)-1) ||
	    !poke_reg(tid, REG(rax), (unsigned long long)ret)) {
		if (killed_from_outside(vs, i))
			return false;
		mvx_perr("skipping the call of variant %d", i);
		return false;
	}
	return true;
}

void mvx_resume(struct mvx_vset *vs, int i)
{
	struct mvx_task *t = &vs->t[i];

	t->at_entry = false;
	if (!t->exited && ptrace(PTRACE_CONT, t->tid, NULL, NULL) != 0 &&
	    errno != ESRCH)
		mvx_perr("resuming variant %d", i);
}

bool mvx_rewrite_call(struct mvx_vset *vs, int i, long nr,
		      const unsigned long long args[6])
{
	static const size_t regs[6] = { REG(rdi), REG(rsi), REG(rdx),
					REG(r10), REG(r8), REG(r9) };
	pid_t tid = vs->t[i].tid;

	if (!poke_reg(tid, REG(orig_rax), nr))
		return false;
	for (int a = 0; a < 6; a++)
		if (!poke_reg(tid, regs[a], args[a]))
			return false;
	return true;
}

mvx_addr mvx_scratch_push(struct mvx_vset *vs, int i, const void *data,
			  size_t len)
{
	/* below the 128-byte red zone and anything the call itself reads */
	mvx_addr at = (vs->t[i].call.sp - 1024 - len) & ~15ULL;

	if (mvx_mem_write(vs->t[i].tid, at, data, len) != len)
		return 0;
	return at;
}

void mvx_note(struct mvx_vset *vs, int i, enum mvx_action a, long ret)
{
	struct mvx_session *s = vs->s;

	pthread_mutex_lock(&s->lock);
	s->counts[a]++;
	pthread_mutex_unlock(&s->lock);
	if (s->trace || mvx_verbose)
		mvx_output_trace(vs, i, a, ret);
}

/* Adds the leader's call, which returned 'ret', to the history shown with a
 * divergence; returns its entry. */
static struct mvx_hist *remember(struct mvx_vset *vs, long ret)
{
	struct mvx_hist *h = &vs->hist[vs->hist_pos];

	vs->hist_pos = (vs->hist_pos + 1) % MVX_HISTORY;

	h->seq = vs->seq;
	h->nr = vs->t[0].call.nr;
	memcpy(h->args, vs->t[0].call.args, sizeof(h->args));
	h->ret = ret;
	h->ret_unknown = false;
	if (vs->hist_len < MVX_HISTORY)
		vs->hist_len++;
	return h;
}

void mvx_vset_kill(struct mvx_vset *vs)
{
	for (int i = 0; i < vs->n; i++) {
		if (vs->t[i].exited)
			continue;
		kill(vs->t[i].tid, SIGKILL);
	}
	for (int i = 0; i < vs->n; i++) {
		while (!vs->t[i].exited) {
			struct mvx_wait w = mvx_wait_task(vs, i);

			if (w.kind == MVX_STOP_EXITED ||
			    w.kind == MVX_STOP_KILLED)
				mvx_mark_exited(vs, i, w);
		}
	}
}

/*
 * Marks the set failed.  Returns false when there is nothing more to say:
 * it had failed already, or another set's divergence killed it.
 */
static bool first_failure(struct mvx_vset *vs)
{
	if (vs->failed)
		return false;
	vs->failed = true;
	if (vs->s->failed) {
		mvx_vset_kill(vs);
		return false;
	}
	return true;
}

void mvx_diverge(struct mvx_vset *vs, const struct mvx_diff *diff,
		 const char *why)
{
	if (!first_failure(vs))
		return;
	for (int i = 0; i < vs->n; i++)
		if (vs->t[i].at_entry)
			mvx_note(vs, i, MVX_ACT_DIVERGED, 0);
	/* rendered while the variants' memory is still there to read */
	mvx_output_divergence(vs, diff, why);
	if (vs->s->tsc_untrapped)
		mvx_err("note: this machine does not trap rdtsc (PR_SET_TSC has no effect here): variants that read the time-stamp counter read their own");
	mvx_session_kill_all(vs->s);
	mvx_vset_kill(vs);
}

void mvx_fail(struct mvx_vset *vs, const char *why)
{
	if (!first_failure(vs))
		return;
	mvx_err("%s; stopping all variants", why);
	mvx_session_kill_all(vs->s);
	mvx_vset_kill(vs);
	mvx_output_failure(vs, why);
}

/* Copies what the leader's call wrote (it returned 'ret') into follower
 * i; false after reporting a divergence. */
static bool copy_results(struct mvx_vset *vs, int i, long ret)
{
	struct mvx_diff d;

	if (mvx_copy_outputs(&vs->t[0].call, &vs->t[i].call, ret, &d))
		return true;
	mvx_diverge_unfit(vs, i, d.arg);
	return false;
}

void mvx_diverge_unfit(struct mvx_vset *vs, int i, int arg)
{
	struct mvx_diff d = { i, arg, 0,
			      "output does not fit the variant's memory" };

	mvx_diverge(vs, &d, "the leader's results do not fit a follower");
}

/* Skips the followers' calls with 'ret' (copy: after giving each the
 * leader's outputs). */
static bool skip_followers(struct mvx_vset *vs, long ret, bool copy)
{
	for (int i = 1; i < vs->n; i++) {
		if (copy && !copy_results(vs, i, ret))
			return false;
		if (!mvx_skip(vs, i, ret)) {
			mvx_fail(vs, "cannot skip a follower's call");
			return false;
		}
	}
	return true;
}

bool mvx_replicate(struct mvx_vset *vs, long ret)
{
	return skip_followers(vs, ret, true);
}

void mvx_rewind_to_entry(struct mvx_vset *vs, int i)
{
	struct user_regs_struct r;
	pid_t tid = vs->t[i].tid;

	if (ptrace(PTRACE_GETREGS, tid, NULL, &r) != 0)
		return;
	r.rax = vs->t[i].call.nr;
	r.rip -= 2;
	ptrace(PTRACE_SETREGS, tid, NULL, &r);
	mvx_resume(vs, i);
}

bool mvx_run_leader(struct mvx_vset *vs, long *ret)
{
	*ret = mvx_run_to_exit(vs, 0);
	if (vs->failed || vs->t[0].exited)
		return false;	/* the loop reports an ended leader */
	if (MVX_IS_RESTART(*ret)) {
		/* followers stay at their entry; the leader comes back; the
		 * held signal's delivery keeps the kernel's restart code.
		 * The time left that an interrupted sleep or select wrote
		 * (often into its own request) goes to the followers too,
		 * so that the call made again compares equal */
		for (int i = 1; i < vs->n; i++)
			if (!copy_results(vs, i, *ret))
				return false;
		vs->intr_code = *ret;
		vs->intr_seq = vs->seq;
		mvx_rewind_to_entry(vs, 0);
		return false;
	}
	return true;
}

void mvx_dispatch_leader(struct mvx_vset *vs)
{
	mvx_dispatch_leader_fix(vs, NULL);
}

void mvx_dispatch_leader_fix(struct mvx_vset *vs,
			     void (*fix)(struct mvx_vset *vs, int i, long ret))
{
	long ret;
	uint64_t raised;
	bool by_monitor = mvx_proxy(vs, &ret);

	if (by_monitor ? vs->failed : !mvx_run_leader(vs, &ret))
		return;
	remember(vs, ret);
	/* the monitor gave the followers its results itself */
	if (!skip_followers(vs, ret, !by_monitor))
		return;
	for (int i = 1; fix && i < vs->n; i++)
		fix(vs, i, ret);
	raised = raised_by_call(vs, ret);
	for (int i = 1; i < vs->n; i++)
		mvx_signal_send(vs, i, raised);
	mvx_note(vs, 0, by_monitor ? MVX_ACT_BY_MONITOR : MVX_ACT_EXECUTED,
		 ret);
	for (int i = 1; i < vs->n; i++)
		mvx_note(vs, i, MVX_ACT_REPLICATED, ret);
	for (int i = 0; i < vs->n; i++)
		mvx_resume(vs, i);
}

/*
 * Futexes synchronise a variant's own threads (variants share no memory),
 * and carry values that differ between variants: thread ids (a joined
 * thread's id is the futex value), lock states that depend on timing.
 */
static bool private_futex(const struct mvx_call *c)
{
	return c->nr == SYS_futex || c->nr == SYS_futex_waitv;
}

/*
 * A call that returns a descriptor it creates.  Threads are not ordered, so
 * the leader's kernel may hold a number for another thread's pending call
 * (accept reserves its descriptor before it waits) that the follower's does
 * not: the follower's new descriptor is then moved to the leader's number.
 */
static bool new_fd(const struct mvx_call *c)
{
	switch (c->nr) {
	case SYS_socket:
	case SYS_dup:
	case SYS_epoll_create:
	case SYS_epoll_create1:
	case SYS_eventfd:
	case SYS_eventfd2:
	case SYS_signalfd:
	case SYS_signalfd4:
	case SYS_timerfd_create:
	case SYS_inotify_init:
	case SYS_inotify_init1:
	case SYS_memfd_create:
	case SYS_pidfd_open:
	case SYS_pidfd_getfd:
	case SYS_landlock_create_ruleset:
		return true;
	case SYS_fcntl:
		return c->args[1] == F_DUPFD || c->args[1] == F_DUPFD_CLOEXEC;
	default:
		return false;
	}
}

static bool same_class(long a, long b)
{
	return a < 0 || b < 0 ? a == b : true;
}

/* Gives variant i its own ids in the call's pid arguments. */
static bool map_pid_args(struct mvx_vset *vs, int i)
{
	static const size_t regs[6] = { REG(rdi), REG(rsi), REG(rdx),
					REG(r10), REG(r8), REG(r9) };
	const struct mvx_syscall_desc *d = vs->t[i].call.desc;

	if (i == 0 || !d)
		return true;
	for (int a = 0; a < d->nargs; a++) {
		pid_t p = (pid_t)vs->t[i].call.args[a], m;

		if (d->args[a].kind != MVX_ARG_PID)
			continue;
		m = mvx_pidmap_to_variant(p, i);
		if (m != p && !poke_reg(vs->t[i].tid, regs[a],
					(unsigned long long)(long long)m))
			return false;
	}
	return true;
}

/* The address of the int[2] a pipe or socketpair call fills, or 0. */
static mvx_addr pair_array(const struct mvx_call *c)
{
	switch (c->nr) {
	case SYS_pipe:
	case SYS_pipe2:
		return c->args[0];
	case SYS_socketpair:
		return c->args[3];
	default:
		return 0;
	}
}

/*
 * After a pipe or socketpair call that succeeded everywhere: gives follower
 * i's two descriptors the leader's numbers, as new_fd does for one (either
 * order: one may have to make room for the other).  True when they match.
 */
static bool align_pair(struct mvx_vset *vs, int i)
{
	mvx_addr a0 = pair_array(&vs->t[0].call);
	mvx_addr ai = pair_array(&vs->t[i].call);
	int lead[2], mine[2];

	if (!a0)
		return true;
	if (mvx_mem_read(vs->t[0].tid, a0, lead, sizeof(lead)) !=
	    sizeof(lead) ||
	    mvx_mem_read(vs->t[i].tid, ai, mine, sizeof(mine)) !=
	    sizeof(mine))
		return false;
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < 2; k++)
			if (mine[k] != lead[k] && lead[k] >= 0 &&
			    mine[k] >= 0 &&
			    mvx_fd_move(vs, i, mine[k], lead[k], 0))
				mine[k] = lead[k];
	if (mine[0] != lead[0] || mine[1] != lead[1])
		return false;
	return mvx_mem_write(vs->t[i].tid, ai, lead, sizeof(lead)) ==
	       sizeof(lead);
}

static void dispatch_all(struct mvx_vset *vs, bool same);

void mvx_dispatch_all(struct mvx_vset *vs, bool same)
{
	bool fds = same && (new_fd(&vs->t[0].call) ||
			    pair_array(&vs->t[0].call));

	if (fds)
		mvx_fd_table_lock();
	dispatch_all(vs, same);
	if (fds)
		mvx_fd_table_unlock();
}

static void dispatch_all(struct mvx_vset *vs, bool same)
{
	long ret[MVX_MAX_VARIANTS] = { 0 };

	/* all start before any is waited for: a call that blocks in one
	 * variant must not keep the others from entering it */
	for (int i = 0; i < vs->n; i++) {
		if (!map_pid_args(vs, i)) {
			mvx_fail(vs, "cannot map a process id");
			return;
		}
		if (!mvx_start_call(vs, i))
			return;
	}
	for (int i = 0; i < vs->n; i++) {
		ret[i] = mvx_finish_call(vs, i);
		if (vs->failed)
			return;
		if (vs->t[i].call.nr == SYS_setsid && ret[i] > 0)
			ret[i] = mvx_pidmap_to_leader(ret[i], i);
	}
	for (int i = 0; i < vs->n; i++) {
		if (vs->t[i].exited)
			return;	/* the loop reports it */
		if (MVX_IS_RESTART(ret[i])) {
			for (int k = 0; k < vs->n; k++)
				if (MVX_IS_RESTART(ret[k]))
					mvx_rewind_to_entry(vs, k);
				else
					mvx_resume(vs, k);
			return;
		}
	}
	remember(vs, ret[0]);
	for (int i = 1; i < vs->n; i++) {
		/* a private futex's result depends on the race between the
		 * variant's own threads (EAGAIN, or woken); rt_sigreturn's
		 * is the interrupted code's rax, which differs when a signal
		 * came between two calls (deliver_between_calls) */
		if (private_futex(&vs->t[0].call) ||
		    vs->t[0].call.nr == SYS_rt_sigreturn)
			break;
		if (same && ret[i] != ret[0] && new_fd(&vs->t[0].call) &&
		    ret[i] >= 0 && ret[0] >= 0 &&
		    mvx_fd_move(vs, i, ret[i], ret[0], ret[0]))
			ret[i] = ret[0];
		if (same && ret[0] == 0 && ret[i] == 0 &&
		    !align_pair(vs, i)) {
			if (!vs->failed)
				mvx_diverge(vs, NULL, "the descriptors of a new pipe or socket pair differ");
			return;
		}
		if (vs->failed || vs->t[i].exited)
			return;
		if (same ? ret[i] != ret[0] : !same_class(ret[i], ret[0])) {
			struct mvx_diff d = { i, -1, 0, "" };

			snprintf(d.what, sizeof(d.what),
				 "results differ: %ld in variant 0, %ld in variant %d",
				 ret[0], ret[i], i);
			mvx_diverge(vs, &d, d.what);
			return;
		}
		if (vs->t[i].call.nr == SYS_setsid && ret[i] > 0)
			poke_reg(vs->t[i].tid, REG(rax), ret[0]);
	}
	for (int i = 0; i < vs->n; i++) {
		mvx_note(vs, i, MVX_ACT_EXECUTED_BY_ALL, ret[i]);
		mvx_resume(vs, i);
	}
}

void mvx_dispatch_own(struct mvx_vset *vs)
{
	if (vs->s->trace || mvx_verbose) {
		mvx_dispatch_all(vs, false);
		return;
	}
	remember(vs, 0)->ret_unknown = true;
	for (int i = 0; i < vs->n; i++) {
		mvx_note(vs, i, MVX_ACT_EXECUTED_BY_ALL, 0);
		mvx_resume(vs, i);
	}
}

void mvx_dispatch_emulated(struct mvx_vset *vs, long ret)
{
	remember(vs, ret);
	for (int i = 0; i < vs->n; i++) {
		if (!mvx_skip(vs, i, ret)) {
			mvx_fail(vs, "cannot skip a call");
			return;
		}
	}
	for (int i = 0; i < vs->n; i++) {
		mvx_note(vs, i, ret == -ENOSYS && !vs->t[i].call.desc ?
			 MVX_ACT_SKIPPED : MVX_ACT_EMULATED, ret);
		mvx_resume(vs, i);
	}
}

/* The signals task i blocks now. */
static uint64_t blocked(pid_t tid)
{
	uint64_t m = 0;

	ptrace(PTRACE_GETSIGMASK, tid, (void *)sizeof(m), &m);
	return m;
}

/*
 * The address of the signal mask a waiting call puts in place while it
 * waits (pselect6, ppoll, epoll_pwait, epoll_pwait2, rt_sigsuspend), or 0.
 */
static mvx_addr temp_mask(const struct mvx_call *c)
{
	uint64_t pair[2];

	switch (c->nr) {
	case SYS_rt_sigsuspend:
		return c->args[0];
	case SYS_ppoll:
		return c->args[3];
	case SYS_epoll_pwait:
	case SYS_epoll_pwait2:
		return c->args[4];
	case SYS_pselect6:
		/* a { const sigset_t *, size_t } pair */
		if (!c->args[5] || mvx_mem_read(c->mem.tid, c->args[5], pair,
						 sizeof(pair)) != sizeof(pair))
			return 0;
		return pair[0];
	default:
		return 0;
	}
}

/* The signals task i has handlers for (SigCgt of /proc/TID/status). */
static uint64_t caught(pid_t tid)
{
	uint64_t m;

	return mvx_proc_status_mask(tid, "SigCgt", &m) ? m : 0;
}


/*
 * Delivers the held signals to every variant at the same call (the calls
 * have been compared, so the variants' signal masks agree):
 * - a signal the variants do not block: the call is turned into getpid and
 *   at getpid's exit the registers are set as if the original call had been
 *   interrupted before doing anything (-ERESTARTNOINTR: it runs again after
 *   the handler; calls that wait return EINTR as the kernel makes them);
 * - a signal blocked now but not by the mask a waiting call puts in place
 *   (pselect6, ppoll, epoll_pwait, rt_sigsuspend): the call becomes
 *   rt_sigsuspend with that mask, which takes the signal and returns EINTR,
 *   as the interrupted wait would;
 * - a signal blocked now and during the call: sent, it stays pending until
 *   the variants unblock it at the same call.
 * Returns true when the variants were resumed (the loop gathers them
 * again), false when the call is still to be dispatched.
 */
static bool inject_pending(struct mvx_vset *vs)
{
	uint64_t mask = vs->pending_mask, blk, during = ~0ULL;
	mvx_addr tm = temp_mask(&vs->t[0].call);
	long nr = vs->t[0].call.nr;
	long code = -ERESTARTNOINTR;

	/* the kernel's sigsets hold signal s at bit s - 1; ours at bit s */
	vs->pending_mask = 0;
	blk = blocked(vs->t[0].tid) << 1;
	if (tm && mvx_mem_read(vs->t[0].tid, tm, &during, 8) != 8)
		during = ~0ULL;
	during <<= 1;
	if (!(mask & ~blk) && !(mask & ~during)) {
		for (int i = 0; i < vs->n; i++)
			mvx_signal_send(vs, i, mask);
		return false;
	}
	if (nr == SYS_pause || nr == SYS_nanosleep ||
	    nr == SYS_clock_nanosleep || nr == SYS_poll || nr == SYS_select ||
	    nr == SYS_epoll_wait || nr == SYS_wait4 || nr == SYS_waitid)
		code = -ERESTARTNOHAND;
	/* the leader's call was interrupted in its kernel: its code says
	 * whether SA_RESTART restarts it (-ERESTARTSYS: a blocking read) */
	if (vs->intr_seq == vs->seq && vs->intr_code >= -ERESTARTNOHAND &&
	    vs->intr_code <= -ERESTARTSYS)
		code = vs->intr_code;
	vs->intr_code = 0;
	for (int i = 0; i < vs->n; i++) {
		struct mvx_task *t = &vs->t[i];

		if (!(mask & ~blk)) {
			/* wait with the call's own mask, as it would */
			unsigned long long args[6] = { temp_mask(&t->call), 8 };

			if (!mvx_rewrite_call(vs, i, SYS_rt_sigsuspend, args)) {
				mvx_fail(vs, "cannot deliver a signal");
				return true;
			}
			mvx_signal_send(vs, i, mask);
			mvx_resume(vs, i);
			continue;
		}
		if (!poke_reg(t->tid, REG(orig_rax), SYS_getpid)) {
			mvx_fail(vs, "cannot deliver a signal");
			return true;
		}
		mvx_run_to_exit(vs, i);
		if (t->exited || vs->failed)
			continue;
		poke_reg(t->tid, REG(orig_rax), t->call.nr);
		if (mask & ~blk & caught(t->tid) << 1) {
			/* a handler will run: the kernel's restart rules */
			poke_reg(t->tid, REG(rax), (unsigned long long)code);
			mvx_signal_send(vs, i, mask);
			mvx_resume(vs, i);
		} else {
			/* no handler (an ignored signal is discarded, a
			 * fatal one ends the variant): the call runs again */
			mvx_signal_send(vs, i, mask);
			mvx_rewind_to_entry(vs, i);
		}
	}
	return true;
}

static bool all_exited(struct mvx_vset *vs)
{
	for (int i = 0; i < vs->n; i++)
		if (!vs->t[i].exited)
			return false;
	return true;
}

static int shell_status(struct mvx_vset *vs)
{
	return mvx_wait_shell_status(&vs->t[0].end);
}

/*
 * Task 'tid' is ending: its process is exiting (another thread called
 * exit_group, or it was killed), so it has SIGKILL pending and only waits
 * for the monitor to let it go, or it has already ended (a zombie, which
 * took its SIGKILL off the pending set as it left).
 */
static bool dying(pid_t tid)
{
	char state = mvx_proc_state(tid);
	uint64_t m;

	if (state == 0 || state == 'Z' || state == 'X')
		return true;
	if (!mvx_proc_pending(tid, &m))
		return true;	/* already gone */
	return m & (1ULL << (SIGKILL - 1));
}

/*
 * A variant's task has ended: brings the others to their next stop.  One
 * that sleeps in a futex meanwhile waits for a lock or a wake-up that may
 * never come (its leader crashed while it waited for the leader's lock
 * entries in the agent): once it has done so for MVX_STALL_MS it is left
 * where it stands, and the ends are compared as they are.
 */
static void advance_survivors(struct mvx_vset *vs)
{
	for (;;) {
		pid_t tids[MVX_MAX_VARIANTS];
		int idx[MVX_MAX_VARIANTS], n = 0, status;
		struct timespec deadline;
		bool asleep = true;
		pid_t got;

		for (int i = 0; i < vs->n; i++) {
			if (vs->t[i].at_entry || vs->t[i].exited)
				continue;
			tids[n] = vs->t[i].tid;
			idx[n++] = i;
		}
		if (n == 0 || vs->failed)
			return;
		clock_gettime(CLOCK_MONOTONIC, &deadline);
		timespec_add_ms(&deadline, MVX_STALL_MS);
		got = mvx_wait_among_until(tids, n, &status, &deadline);
		if (got < 0)
			return;	/* the ends are compared as they are */
		for (int j = 0; j < n && got > 0; j++)
			if (tids[j] == got)
				step(vs, idx[j], mvx_wait_decode(status));
		if (got > 0)
			continue;
		for (int j = 0; j < n; j++) {
			long nr = mvx_proc_blocked_call(tids[j]);

			asleep &= nr == SYS_futex || nr == SYS_futex_waitv;
		}
		if (asleep)
			return;
	}
}

/*
 * A variant's task has ended: the others may be on their way out too (an
 * exit call, or their process exiting from another thread, which reaches
 * each variant a little apart).  Lets those go, giving a variant whose
 * process is about to exit a short while to start doing so.
 */
static void let_out_the_dying(struct mvx_vset *vs)
{
	advance_survivors(vs);
	for (int round = 0; round < 20; round++) {
		bool waiting = false;

		for (int i = 0; i < vs->n; i++) {
			struct mvx_task *t = &vs->t[i];

			if (!t->at_entry)
				continue;
			if ((t->call.desc && t->call.desc->disp == MVX_DISP_EXIT) ||
			    dying(t->tid)) {
				mvx_resume(vs, i);
				mvx_advance(vs, i);
			} else {
				waiting = true;
			}
		}
		if (!waiting)
			return;
		usleep(5000);
	}
}

/* Says how task t stands: the call it stands at, or how it ended. */
static void describe_end(const struct mvx_task *t, char *buf, size_t len)
{
	const char *name = mvx_syscall_name(t->call.nr);

	if (!t->exited && name)
		snprintf(buf, len, "is at %s", name);
	else if (!t->exited)
		snprintf(buf, len, "is at call %ld", t->call.nr);
	else if (t->end.kind == MVX_STOP_KILLED)
		snprintf(buf, len, "was killed by signal %d", t->end.sig);
	else
		snprintf(buf, len, "exited with status %d", t->end.code);
}

/* Some variants ended and others did not, or they ended differently. */
static void check_ends(struct mvx_vset *vs)
{
	char why[256], ea[64], eb[64];

	if (mvx_accel_diverged(vs, why, sizeof(why))) {
		mvx_diverge(vs, NULL, why);
		return;
	}

	for (int i = 1; i < vs->n; i++) {
		struct mvx_task *a = &vs->t[0], *b = &vs->t[i];
		int sa = a->exited ? mvx_wait_shell_status(&a->end) : -1;
		int sb = b->exited ? mvx_wait_shell_status(&b->end) : -1;

		if (a->exited && b->exited && b->ended_with_leader) {
			b->end = a->end;	/* exit_with_leader */
			continue;
		}
		if (a->exited == b->exited && sa == sb)
			continue;
		describe_end(a, ea, sizeof(ea));
		describe_end(b, eb, sizeof(eb));
		snprintf(why, sizeof(why), "variant 0 %s, variant %d %s",
			 ea, i, eb);
		mvx_diverge(vs, NULL, why);
		return;
	}
}

/*
 * Compares the calls of the set.  The program's first execve names each
 * variant's own executable when --variant is used: its path is not compared.
 */
/*
 * Gives the process-id arguments of follower i's call the leader's ids: a
 * follower may pass its own real id where the leader passes its own (the
 * C library keeps the thread id that set_tid_address returned, or that
 * clone wrote, and passes it to sched_getaffinity or tgkill).  The call
 * itself is made with the follower's ids (map_pid_args).
 */
static void leader_pids(struct mvx_call *c, int i)
{
	const struct mvx_syscall_desc *d = c->desc;
	int cid = (int)c->args[0];

	for (int a = 0; d && a < d->nargs; a++) {
		pid_t p = (pid_t)c->args[a];

		if (d->args[a].kind == MVX_ARG_PID && p > 0)
			c->args[a] = (uint64_t)(int64_t)
				     mvx_pidmap_to_leader(p, i);
	}
	switch (c->nr) {
	case SYS_clock_gettime:
	case SYS_clock_getres:
	case SYS_clock_nanosleep:
	case SYS_clock_settime:
	case SYS_clock_adjtime:
	case SYS_timer_create:
		/* a CPU-time clock of a process or thread: the id is in
		 * the clock's number (pthread_getcpuclockid) */
		if (cid < 0) {
			pid_t p = ~(cid >> 3);
			pid_t l = mvx_pidmap_to_leader(p, i);

			cid = (int)(((unsigned int)~l << 3) |
				    ((unsigned int)cid & 7));
			/* as the register holds it: the upper half kept */
			c->args[0] = (c->args[0] & ~0xffffffffULL) |
				     (uint32_t)cid;
		}
		break;
	default:
		break;
	}
}

static bool calls_match(struct mvx_vset *vs, struct mvx_diff *diff)
{
	struct mvx_call calls[MVX_MAX_VARIANTS];
	struct mvx_syscall_desc first_exec;

	for (int i = 0; i < vs->n; i++) {
		calls[i] = vs->t[i].call;
		if (i > 0)
			leader_pids(&calls[i], i);
	}
	if (!vs->exec_seen && vs->s->opt->nvariant_paths &&
	    calls[0].nr == SYS_execve && calls[0].desc) {
		first_exec = *calls[0].desc;
		first_exec.args[0].kind = MVX_ARG_IGNORE;
		for (int i = 0; i < vs->n; i++)
			calls[i].desc = &first_exec;
	}
	return mvx_calls_match(calls, vs->n, diff);
}

/*
 * A read or seek of a descriptor that describes the variant's own layout
 * (self_files.h): every variant makes its own.
 */
static bool own_file_call(const struct mvx_vset *vs)
{
	const struct mvx_call *c = &vs->t[0].call;

	switch (c->nr) {
	case SYS_read:
	case SYS_pread64:
	case SYS_readv:
	case SYS_preadv:
	case SYS_preadv2:
	case SYS_lseek:
		return mvx_self_file(vs->t[0].tgid, (int)c->args[0]);
	default:
		return false;
	}
}

/* A close, or a dup2/dup3 onto a descriptor, ends what self_files.h kept
 * of it. */
static void forget_closed_fd(const struct mvx_vset *vs)
{
	const struct mvx_call *c = &vs->t[0].call;

	if (c->nr == SYS_close)
		mvx_self_file_del(vs->t[0].tgid, (int)c->args[0]);
	else if (c->nr == SYS_dup2 || c->nr == SYS_dup3)
		mvx_self_file_del(vs->t[0].tgid, (int)c->args[1]);
}

static void dispatch(struct mvx_vset *vs)
{
	const struct mvx_syscall_desc *d = vs->t[0].call.desc;

	if (!d) {
		mvx_dispatch_emulated(vs, -ENOSYS);
		return;
	}
	forget_closed_fd(vs);
	mvx_clock_sync(vs);
	mvx_proxy_watch(vs);
	if (own_file_call(vs)) {
		mvx_dispatch_all(vs, false);
		return;
	}
	switch (d->disp) {
	case MVX_DISP_LEADER:
		mvx_dispatch_leader(vs);
		break;
	case MVX_DISP_ALL:
		mvx_dispatch_all(vs, false);
		break;
	case MVX_DISP_OWN:
		mvx_dispatch_own(vs);
		break;
	case MVX_DISP_ALL_SAME:
		mvx_dispatch_all(vs, true);
		break;
	case MVX_DISP_HANDLER:
		mvx_handle(vs);
		break;
	case MVX_DISP_EXIT:
		for (int i = 0; i < vs->n; i++) {
			mvx_note(vs, i, MVX_ACT_EXECUTED_BY_ALL, 0);
			mvx_resume(vs, i);
		}
		break;
	case MVX_DISP_UNSUPPORTED:
	default: {
		char why[96];

		snprintf(why, sizeof(why), "unsupported system call %s",
			 d->name);
		mvx_fail(vs, why);
		break;
	}
	}
}

/*
 * A call that changes (or, mincore and getrandom, reads) only the variant's
 * own private memory and creates no executable memory.  Allocators make these calls depending on the layout
 * (an arena that is not aligned holds one pool less, a trimmed mapping's
 * size depends on its address), so they need not match across variants.
 */
static bool private_memory_call(const struct mvx_call *c)
{
	switch (c->nr) {
	case SYS_mmap:
		return (c->args[3] & MAP_ANONYMOUS) && !(c->args[2] & PROT_EXEC);
	case SYS_mprotect:
	case SYS_pkey_mprotect:
		return !(c->args[2] & PROT_EXEC);
	case SYS_futex:
		/* lock order between threads is not ordered across
		 * variants (docs/processes.md) */
		return private_futex(c);
	case SYS_clock_gettime:
		/* threads waiting for a lock with a timeout (Python's GIL)
		 * read the clock a timing-dependent number of times; an
		 * unmatched read gets the variant's own clock */
		return true;
	case SYS_getrandom:	/* mkstemp draws again when its first,
				 * address-mixed value is out of range */
	case SYS_munmap:
	case SYS_mincore:	/* stack probing (libsigsegv) walks the layout */
	case SYS_brk:
	case SYS_madvise:
	case SYS_mremap:
		return true;
	default:
		return false;
	}
}

/*
 * The calls did not match: variants standing at a private memory call run
 * it on their own (recorded as "unmatched") and come back to be compared at
 * their next call.  Returns false when no variant stands at one.
 */
static bool run_unmatched(struct mvx_vset *vs)
{
	bool any = false;

	/* let go, not waited for: a futex may wait for another task that
	 * is itself held at a call (gather acts on their events) */
	for (int i = 0; i < vs->n && !vs->failed; i++) {
		if (!private_memory_call(&vs->t[i].call))
			continue;
		run_free(vs, i);
		any = true;
	}
	return any;
}

/*
 * A call task i may make without waiting for the others.  Variants take
 * user-space locks in a different order: threads of a process, or
 * processes sharing a lock in shared memory (a process-shared semaphore).
 * A task held at a call until its counterparts arrive may hold a lock that
 * a counterpart is waiting for in its own variant, behind a task that is
 * itself held, and the variants would wait for each other for ever
 * (docs/processes.md).  So futex calls never wait, and in a threaded
 * process neither do the calls that only touch the variant's own memory and
 * the clocks that measure intervals.  All of these may already run
 * unmatched.  The wall clock stays compared: its readings are printed.
 */
static bool runs_free(struct mvx_vset *vs, int i)
{
	const struct mvx_call *c = &vs->t[i].call;

	if (c->arch != MVX_ARCH_X86_64)
		return false;
	if (private_futex(c) || mvx_agent_call(vs, i))
		return true;
	if (!vs->threaded)
		return false;
	switch (c->nr) {
	case SYS_clock_gettime:
		return c->args[0] != CLOCK_REALTIME && c->args[0] != CLOCK_TAI &&
		       c->args[0] != CLOCK_REALTIME_COARSE;
	case SYS_getrandom:
		return false;	/* its bytes are the program's randomness */
	case SYS_sched_yield:
		return true;
	default:
		return private_memory_call(c);
	}
}

/* Lets task i make its call on its own, recorded as unmatched; with a trace,
 * its exit stop gives the result (finish_free). */
static void run_free(struct mvx_vset *vs, int i)
{
	struct mvx_task *t = &vs->t[i];

	if (mvx_agent_call(vs, i)) {
		if (vs->s->trace || mvx_verbose)
			mvx_output_capture(vs, i);
		mvx_agent_answer(vs, i);
		return;
	}
	if (mvx_clock_shared(&t->call)) {
		long ret;

		if (vs->s->trace || mvx_verbose)
			mvx_output_capture(vs, i);
		if (!mvx_clock_serve(vs, i, &ret))
			return;
		mvx_note(vs, i, MVX_ACT_UNMATCHED, ret);
		mvx_resume(vs, i);
		return;
	}
	t->at_entry = false;
	if (vs->s->trace || mvx_verbose) {
		mvx_output_capture(vs, i);
		t->running_free = true;
		if (ptrace(PTRACE_SYSCALL, t->tid, NULL, NULL) != 0 &&
		    errno != ESRCH)
			mvx_perr("resuming variant %d", i);
		return;
	}
	mvx_note(vs, i, MVX_ACT_UNMATCHED, 0);
	if (ptrace(PTRACE_CONT, t->tid, NULL, NULL) != 0 && errno != ESRCH)
		mvx_perr("resuming variant %d", i);
}

/* Task i stands at the exit stop of a call it made on its own. */
static void finish_free(struct mvx_vset *vs, int i)
{
	struct mvx_task *t = &vs->t[i];
	struct __ptrace_syscall_info info = { 0 };
	long ret = -ENOSYS;

	t->running_free = false;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(info),
		   &info) > 0 && info.op == PTRACE_SYSCALL_INFO_EXIT)
		ret = (long)info.exit.rval;
	if (MVX_IS_RESTART(ret)) {
		/* interrupted: the kernel makes it again, which stops anew */
		ptrace(PTRACE_CONT, t->tid, NULL, NULL);
		return;
	}
	mvx_note(vs, i, MVX_ACT_UNMATCHED, ret);
	if (ptrace(PTRACE_CONT, t->tid, NULL, NULL) != 0 && errno != ESRCH)
		mvx_perr("resuming variant %d", i);
}

/* Refuses calls made through the 32-bit interface (int 0x80). */
static bool check_arch(struct mvx_vset *vs)
{
	for (int i = 0; i < vs->n; i++) {
		if (vs->t[i].call.arch != MVX_ARCH_X86_64) {
			char why[160];

			snprintf(why, sizeof(why),
				 "variant %d made a 32-bit system call (int 0x80, number %ld), which mvx does not support",
				 i, vs->t[i].call.nr);
			mvx_fail(vs, why);
			return false;
		}
	}
	return true;
}

/*
 * calls_match, after giving the followers the leader's temporary names
 * (tempname.h), one differing path argument at a time (a rename has two).
 */
static bool calls_match_names(struct mvx_vset *vs, struct mvx_diff *diff)
{
	for (int round = 0; round <= MVX_MAX_ARGS; round++) {
		if (calls_match(vs, diff))
			return true;
		if (!mvx_tempname_unify(vs, diff))
			return false;
	}
	return false;
}

int mvx_vset_run(struct mvx_vset *vs)
{
	mvx_proxy_init(vs);
	while (!vs->failed) {
		struct mvx_diff diff;
		bool any_exited = false;
		char why[256];

		gather(vs);
		if (vs->failed)
			break;
		for (int i = 0; i < vs->n; i++)
			any_exited |= vs->t[i].exited;
		if (any_exited) {
			/* the others may still be on their way out */
			let_out_the_dying(vs);
			check_ends(vs);
			if (vs->failed || all_exited(vs))
				break;
			continue;
		}
		if (!check_arch(vs))
			break;
		if (!mvx_accel_check(vs, why, sizeof(why))) {
			mvx_diverge(vs, NULL, why);
			break;
		}
		if (!calls_match_names(vs, &diff)) {
			if (run_unmatched(vs))
				continue;
			vs->seq++;
			mvx_diverge(vs, &diff, diff.what);
			break;
		}
		if (vs->pending_mask && inject_pending(vs))
			continue;
		mvx_place_rebalance(vs);
		vs->seq++;
		if (vs->s->trace || mvx_verbose)
			for (int i = 0; i < vs->n; i++)
				mvx_output_capture(vs, i);
		dispatch(vs);
	}
	mvx_place_leave(vs);
	mvx_proxy_forget(vs);
	mvx_tempname_forget(vs);
	mvx_ahead_free(vs);
	if (vs->failed)
		return 125;
	return shell_status(vs);
}
