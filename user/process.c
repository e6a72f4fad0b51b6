// SPDX-License-Identifier: GPL-2.0
#include "process.h"

#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "agent_host.h"
#include "accel.h"
#include "dispatch.h"
#include "log.h"
#include "park.h"
#include "pidmap.h"
#include "placement.h"
#include "selfsig.h"
#include "vset.h"
#include "wait_route.h"

/* struct clone_args as clone3 reads it (the first 88 bytes). */
struct clone_args64 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack;
	uint64_t stack_size, tls, set_tid, set_tid_size, cgroup;
};

/*
 * clone3's arguments by meaning: flags, exit signal and sizes exactly, the
 * pointers (stack, tls, tid slots) by NULL-ness.
 */
static bool clone3_match(struct mvx_vset *vs, uint64_t *flags)
{
	struct clone_args64 a[MVX_MAX_VARIANTS] = { 0 };

	for (int i = 0; i < vs->n; i++) {
		uint64_t size = vs->t[i].call.args[1];

		memset(&a[i], 0, sizeof(a[i]));
		if (size > sizeof(a[i]))
			size = sizeof(a[i]);
		if (mvx_mem_read(vs->t[i].tid, vs->t[i].call.args[0], &a[i],
				 size) != size)
			memset(&a[i], 0xff, sizeof(a[i]));
	}
	for (int i = 1; i < vs->n; i++) {
		const struct clone_args64 *x = &a[0], *y = &a[i];

		if (x->flags != y->flags || x->exit_signal != y->exit_signal ||
		    x->stack_size != y->stack_size ||
		    x->set_tid_size != y->set_tid_size ||
		    !x->pidfd != !y->pidfd || !x->child_tid != !y->child_tid ||
		    !x->parent_tid != !y->parent_tid || !x->stack != !y->stack ||
		    !x->tls != !y->tls || !x->set_tid != !y->set_tid ||
		    x->cgroup != y->cgroup) {
			struct mvx_diff d = { i, 0, 0,
					      "struct clone_args differs" };

			mvx_diverge(vs, &d, d.what);
			return false;
		}
	}
	*flags = a[0].flags;
	return true;
}

/* Runs task i's fork-family call to its event stop; returns the child's
 * id, 0 when the call failed without a child (*ret then holds the error),
 * or -1 when the task ended. */
static pid_t run_to_child(struct mvx_vset *vs, int i, long *ret)
{
	struct mvx_task *t = &vs->t[i];
	unsigned long msg;

	if (!mvx_start_call(vs, i))
		return -1;
	for (;;) {
		struct mvx_wait w = mvx_wait_task(vs, i);

		switch (w.kind) {
		case MVX_STOP_EXITED:
		case MVX_STOP_KILLED:
			mvx_mark_exited(vs, i, w);
			return -1;
		case MVX_STOP_EVENT:
			if (w.event == PTRACE_EVENT_FORK ||
			    w.event == PTRACE_EVENT_VFORK ||
			    w.event == PTRACE_EVENT_CLONE) {
				if (ptrace(PTRACE_GETEVENTMSG, t->tid, NULL,
					   &msg) != 0)
					return -1;
				return (pid_t)msg;
			}
			break;
		case MVX_STOP_SYSCALL: {
			/* zeroed: memcheck cannot see what PTRACE_GET_SYSCALL_INFO writes */
			struct __ptrace_syscall_info info = { 0 };

			if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid,
				   (void *)sizeof(info), &info) <= 0)
				return -1;
			*ret = (long)info.exit.rval;
			return 0;
		}
		case MVX_STOP_SIGNAL:
			mvx_signal_held(vs, i, w.sig);
			continue;
		default:
			break;
		}
		ptrace(PTRACE_SYSCALL, t->tid, NULL, NULL);
	}
}

/*
 * Keeps the new child 'tid' (attached to this thread by the kernel) until
 * its first system call, saves that call in 'saved', replaces it with
 * rt_sigsuspend blocking every signal, and detaches.  Returns false when
 * the child ended first.
 */
static bool park_child(pid_t tid, struct user_regs_struct *saved)
{
	static const uint64_t all = ~0ULL;
	struct user_regs_struct r;
	int status;

	for (;;) {
		struct mvx_wait w;

		if (mvx_wait_one(tid, &status) != tid) {
			if (errno == EINTR)
				continue;
			return false;
		}
		w = mvx_wait_decode(status);
		if (w.kind == MVX_STOP_EXITED || w.kind == MVX_STOP_KILLED)
			return false;
		if (w.kind == MVX_STOP_SECCOMP)
			break;
		/* the initial SIGSTOP of an auto-attached child, or a signal
		 * before its first call: both taken by the new set's rules */
		ptrace(PTRACE_CONT, tid, NULL, NULL);
	}
	if (ptrace(PTRACE_GETREGS, tid, NULL, &r) != 0)
		return false;
	*saved = r;
	mvx_park_regs(&r, (r.rsp - MVX_PARK_MASK_BELOW) & ~7ULL);
	if (mvx_mem_write(tid, r.rdi, &all, sizeof(all)) != sizeof(all) ||
	    ptrace(PTRACE_SETREGS, tid, NULL, &r) != 0)
		return false;
	return ptrace(PTRACE_DETACH, tid, NULL, NULL) == 0;
}

static void kill_children(const pid_t *child, int n)
{
	for (int i = 0; i < n; i++)
		if (child[i] > 0)
			kill(child[i], SIGKILL);
}

/*
 * Runs the compared fork-family call with 'flags' in every variant and
 * hands the children over to a new set.  Returns true when the new set was
 * registered with the session (it then holds the reserved place).
 */
static bool fork_set(struct mvx_vset *vs, uint64_t flags)
{
	pid_t child[MVX_MAX_VARIANTS] = { 0 };
	long ret[MVX_MAX_VARIANTS] = { 0 };
	struct mvx_vset *nvs;
	int nchild = 0;

	for (int i = 0; i < vs->n; i++) {
		child[i] = run_to_child(vs, i, &ret[i]);
		/* a signal arrived during the fork (-ERESTARTNOINTR): the
		 * kernel made no child; make the call again */
		while (child[i] == 0 && MVX_IS_RESTART(ret[i]) && !vs->failed) {
			mvx_rewind_to_entry(vs, i);
			mvx_advance(vs, i);
			if (!vs->t[i].at_entry) {
				child[i] = -1;
				break;
			}
			child[i] = run_to_child(vs, i, &ret[i]);
		}
		if (vs->failed)
			break;
		if (child[i] > 0)
			nchild++;
	}
	if (vs->failed || nchild != vs->n) {
		bool ended = false;

		for (int i = 0; i < vs->n; i++)
			ended |= vs->t[i].exited || child[i] < 0;
		kill_children(child, vs->n);
		if (vs->failed || ended)
			return false;	/* the loop reports the ended variant */
		if (nchild == 0) {
			/* failed everywhere, e.g. EAGAIN: the results agree? */
			for (int i = 1; i < vs->n; i++) {
				if (ret[i] != ret[0]) {
					mvx_diverge(vs, NULL, "a new process was created in some variants only");
					return false;
				}
			}
			for (int i = 0; i < vs->n; i++) {
				mvx_note(vs, i, MVX_ACT_EXECUTED_BY_ALL, ret[i]);
				mvx_resume(vs, i);
			}
			return false;
		}
		mvx_diverge(vs, NULL, "a new process was created in some variants only");
		return false;
	}
	nvs = calloc(1, sizeof(*nvs));
	if (!nvs) {
		kill_children(child, vs->n);
		mvx_fail(vs, "out of memory for a new variant set");
		return false;
	}
	nvs->n = vs->n;
	nvs->handed_over = true;
	nvs->exec_seen = true;
	/* registered before they run: their first calls may be approved in
	 * the kernel without a stop */
	if (!mvx_accel_set_new(nvs)) {
		kill_children(child, vs->n);
		free(nvs);
		mvx_fail(vs, "cannot create a variant set in the kernel module");
		return false;
	}
	for (int i = 0; i < vs->n; i++) {
		if (!mvx_accel_add_task(nvs, i, child[i])) {
			kill_children(child, vs->n);
			nvs->s = vs->s;
			mvx_accel_set_done(nvs);
			free(nvs);
			mvx_fail(vs, "cannot register new processes with the kernel module");
			return false;
		}
	}
	for (int i = 0; i < vs->n; i++) {
		nvs->t[i].tid = child[i];
		nvs->t[i].tgid = flags & CLONE_THREAD ? vs->t[i].tgid :
							 child[i];
		if (flags & CLONE_THREAD) {
			vs->threaded = true;
			nvs->threaded = true;
		}
		nvs->t[i].variant = i;
		if (!park_child(child[i], &nvs->saved[i])) {
			nvs->t[i].exited = true;
			nvs->t[i].end.kind = MVX_STOP_KILLED;
			nvs->t[i].end.sig = SIGKILL;
		}
	}
	mvx_pidmap_add(child, vs->n);
	mvx_agent_inherit(nvs, vs);
	nvs->cpu = mvx_place_new_set(vs->s, vs);
	mvx_session_add_set(vs->s, nvs);
	mvx_place_children(nvs);
	if (!mvx_session_start_thread(vs->s, nvs)) {
		kill_children(child, vs->n);
		mvx_agent_drop(nvs);
		free(nvs);
		mvx_fail(vs, "cannot monitor the new processes");
		return true;
	}
	/* the parents' calls return the leader's child id everywhere */
	for (int i = 0; i < vs->n; i++) {
		/* from the event stop on to the call's exit */
		ptrace(PTRACE_SYSCALL, vs->t[i].tid, NULL, NULL);
		ret[i] = mvx_finish_call(vs, i);
		if (vs->failed || vs->t[i].exited)
			return true;
	}
	for (int i = 0; i < vs->n; i++) {
		if (i > 0 && ret[i] > 0)
			ptrace(PTRACE_POKEUSER, vs->t[i].tid,
			       (void *)offsetof(struct user_regs_struct, rax),
			       (void *)(long)ret[0]);
		mvx_note(vs, i, MVX_ACT_EXECUTED_BY_ALL, ret[0]);
		mvx_resume(vs, i);
	}
	return true;
}

void mvx_handle_process(struct mvx_vset *vs)
{
	const struct mvx_call *c0 = &vs->t[0].call;
	uint64_t flags = c0->nr == SYS_clone ? c0->args[0] : 0;

	if (c0->nr == SYS_clone3 && !clone3_match(vs, &flags))
		return;
	if (flags & CLONE_UNTRACED) {
		mvx_fail(vs, "clone with CLONE_UNTRACED would leave a child unmonitored; refused");
		return;
	}
	/* like RLIMIT_NPROC: the same EAGAIN in every variant */
	if (!mvx_session_reserve_task(vs->s)) {
		mvx_dispatch_emulated(vs, -EAGAIN);
		return;
	}
	if (!fork_set(vs, flags))
		mvx_session_unreserve_task(vs->s);
}

/*
 * Task i stands at the signal-delivery-stop of the attach's SIGSTOP, in the
 * parking call: sets the ptrace options, then puts its saved first call
 * back so that it is made again.  Reports why when it cannot.
 */
static bool unpark(struct mvx_vset *vs, int i)
{
	struct user_regs_struct r, back = mvx_unpark_regs(&vs->saved[i]);
	pid_t tid = vs->t[i].tid;

	if (ptrace(PTRACE_SETOPTIONS, tid, NULL,
		   (void *)MVX_PTRACE_OPTIONS) != 0 ||
	    ptrace(PTRACE_GETREGS, tid, NULL, &r) != 0) {
		mvx_perr("variant %d (pid %d) was not parked as handed over",
			 i, tid);
		return false;
	}
	if (!mvx_is_parked(&r, &vs->saved[i])) {
		mvx_err("variant %d (pid %d) was not parked as handed over: it stopped in call %lld at %#llx, not in the parking rt_sigsuspend",
			i, tid, (long long)r.orig_rax, r.rip);
		return false;
	}
	if (ptrace(PTRACE_SETREGS, tid, NULL, &back) != 0) {
		mvx_perr("cannot put back the first call of variant %d (pid %d)",
			 i, tid);
		return false;
	}
	return true;
}

bool mvx_handoff_attach(struct mvx_vset *vs)
{
	for (int i = 0; i < vs->n; i++) {
		struct mvx_task *t = &vs->t[i];
		bool unparked = false;

		if (t->exited)
			continue;
		if (ptrace(PTRACE_ATTACH, t->tid, NULL, NULL) != 0) {
			if (!vs->s->failed)
				mvx_perr("cannot attach to variant %d (pid %d)",
					 i, t->tid);
			t->exited = true;
			t->end.kind = MVX_STOP_KILLED;
			t->end.sig = SIGKILL;
			continue;
		}
		while (!t->at_entry && !t->exited) {
			struct mvx_wait w = mvx_wait_task(vs, i);

			switch (w.kind) {
			case MVX_STOP_EXITED:
			case MVX_STOP_KILLED:
				mvx_mark_exited(vs, i, w);
				break;
			case MVX_STOP_SIGNAL:
				if (unparked || w.sig != SIGSTOP) {
					mvx_signal_hold(vs, i, w.sig);
					break;
				}
				/* options first (unpark): TRACESECCOMP must
				 * be on before the call is made again */
				if (!unpark(vs, i)) {
					kill(t->tid, SIGKILL);
					break;
				}
				unparked = true;
				ptrace(PTRACE_CONT, t->tid, NULL, NULL);
				break;
			case MVX_STOP_SECCOMP:
				if (!unparked || !mvx_fetch_call(vs, i)) {
					mvx_err("variant %d (pid %d) did not come back to its first call",
						i, t->tid);
					kill(t->tid, SIGKILL);
				}
				break;
			default:
				ptrace(PTRACE_CONT, t->tid, NULL, NULL);
				break;
			}
		}
	}
	return true;
}

/* The register that holds argument 'a' of a system call. */
static size_t arg_reg(int a)
{
	static const size_t regs[6] = {
		offsetof(struct user_regs_struct, rdi),
		offsetof(struct user_regs_struct, rsi),
		offsetof(struct user_regs_struct, rdx),
		offsetof(struct user_regs_struct, r10),
		offsetof(struct user_regs_struct, r8),
		offsetof(struct user_regs_struct, r9),
	};

	return regs[a];
}

static void poke_arg(struct mvx_vset *vs, int i, int a, long v)
{
	ptrace(PTRACE_POKEUSER, vs->t[i].tid, (void *)arg_reg(a), (void *)v);
}

/*
 * Gives variant i's wait call its own child: 'pid' is in the leader's ids;
 * 'block' drops WNOHANG (to reap the child the leader has just reaped).
 */
static void aim_wait(struct mvx_vset *vs, int i, long pid, bool block)
{
	const struct mvx_call *c = &vs->t[i].call;

	if (c->nr == SYS_wait4) {
		if (pid > 0 || pid < -1)
			poke_arg(vs, i, 0, mvx_pidmap_to_variant(pid, i));
		if (block)
			poke_arg(vs, i, 2, c->args[2] & ~(uint64_t)WNOHANG);
		return;
	}
	if (block) {
		poke_arg(vs, i, 0, P_PID);
		poke_arg(vs, i, 3, c->args[3] & ~(uint64_t)WNOHANG);
	}
	if (block || c->args[0] == P_PID || c->args[0] == P_PGID)
		poke_arg(vs, i, 1, mvx_pidmap_to_variant(pid, i));
}

/* The child (in the leader's ids) the leader's finished wait call reaped,
 * or 0. */
static long reaped_child(struct mvx_vset *vs, long ret)
{
	const struct mvx_call *c = &vs->t[0].call;
	siginfo_t si;

	if (c->nr == SYS_wait4)
		return ret > 0 ? ret : 0;
	if (ret != 0 || !c->args[2] ||
	    mvx_mem_read(vs->t[0].tid, c->args[2], &si, sizeof(si)) !=
	    sizeof(si))
		return 0;
	return si.si_pid;
}

/*
 * The leader waits first; which child it reaps (any child, with pid -1)
 * depends on timing, so each follower then waits for that child's
 * counterpart, blocking: the children of a set end in lockstep.  When the
 * leader reaps nothing (WNOHANG, an error), the followers get its answer.
 */
void mvx_handle_wait(struct mvx_vset *vs)
{
	const struct mvx_call *c0 = &vs->t[0].call;
	bool is_wait4 = c0->nr == SYS_wait4;
	long ret0, reaped;
	int st0 = 0, stk;

	if (!mvx_run_leader(vs, &ret0))
		return;
	reaped = reaped_child(vs, ret0);
	if (!reaped) {
		if (mvx_replicate(vs, ret0)) {
			for (int i = 0; i < vs->n; i++) {
				mvx_note(vs, i, i ? MVX_ACT_REPLICATED :
					 MVX_ACT_EXECUTED, ret0);
				mvx_resume(vs, i);
			}
		}
		return;
	}
	if (is_wait4 && c0->args[1])
		mvx_mem_read(vs->t[0].tid, c0->args[1], &st0, 4);
	for (int i = 1; i < vs->n; i++) {
		struct mvx_call l = *c0, f = vs->t[i].call;
		struct mvx_diff d;
		long ret;

		aim_wait(vs, i, reaped, true);
		ret = mvx_run_to_exit(vs, i);
		while (!vs->failed && !vs->t[i].exited && MVX_IS_RESTART(ret)) {
			mvx_rewind_to_entry(vs, i);
			mvx_advance(vs, i);
			if (!vs->t[i].at_entry)
				return;
			aim_wait(vs, i, reaped, true);
			ret = mvx_run_to_exit(vs, i);
		}
		if (vs->failed || vs->t[i].exited)
			return;
		stk = st0;
		if (is_wait4 && ret > 0 && vs->t[i].call.args[1])
			mvx_mem_read(vs->t[i].tid, vs->t[i].call.args[1], &stk,
				     4);
		if (ret > 0 && mvx_session_ended_with_leader(vs->s, ret)) {
			/* ended with its leader (lockstep.c): the leader's
			 * status, as if it had made the same exit */
			stk = st0;
			if (is_wait4 && vs->t[i].call.args[1] &&
			    mvx_mem_write(vs->t[i].tid, vs->t[i].call.args[1],
					  &st0, 4) != 4) {
				mvx_diverge(vs, NULL, "a wait result does not fit a follower");
				return;
			}
		}
		if ((is_wait4 ? mvx_pidmap_to_leader(ret, i) != ret0 :
				ret != ret0) || stk != st0) {
			mvx_diverge(vs, NULL,
				    "the variants' children ended differently");
			return;
		}
		/* rusage and waitid's siginfo: the leader's, with its ids */
		if (!mvx_copy_outputs(&l, &f, ret0, &d)) {
			mvx_diverge(vs, &d, "a wait result does not fit a follower");
			return;
		}
		ptrace(PTRACE_POKEUSER, vs->t[i].tid,
		       (void *)offsetof(struct user_regs_struct, rax),
		       (void *)ret0);
	}
	for (int i = 0; i < vs->n; i++) {
		mvx_note(vs, i, MVX_ACT_EXECUTED_BY_ALL, ret0);
		mvx_resume(vs, i);
	}
}

/*
 * Whether the leader's kill(pid, ...) reaches its own process: its pid, its
 * process group (0, or -pgrp), not kill(-1), which spares the caller.
 */
static bool kill_reaches_self(const struct mvx_vset *vs, long pid)
{
	pid_t self = vs->t[0].tgid;

	if (pid == self || pid == 0)
		return true;
	return pid < -1 && getpgid(self) == (pid_t)-pid;
}

/*
 * Follower i stands skipped at the kill(0 or -pgrp) that reached the
 * leader's own process, which takes the signal as the call returns: the
 * follower takes it there too, with the leader's signal information (read
 * once, from the leader's process-wide queue).
 */
static void group_kill_follower(struct mvx_vset *vs, int i, long ret)
{
	struct __ptrace_peeksiginfo_args a = {
		.off = 0, .flags = PTRACE_PEEKSIGINFO_SHARED, .nr = 16
	};
	int sig = (int)vs->t[0].call.args[1];
	siginfo_t si[16];
	long n;

	if (ret != 0 || sig <= 0 || sig >= 64)
		return;
	if (i == 1 && !(vs->pending_mask & (1ULL << sig))) {
		/* zeroed: memcheck cannot see what PTRACE_PEEKSIGINFO
		 * writes */
		memset(si, 0, sizeof(si));
		vs->pending[sig].si_signo = 0;
		n = ptrace(PTRACE_PEEKSIGINFO, vs->t[0].tid, &a, si);
		for (long k = 0; k < n; k++) {
			if (si[k].si_signo == sig &&
			    si[k].si_pid == vs->t[0].tgid) {
				vs->pending[sig] = si[k];
				break;
			}
		}
	}
	mvx_signal_send(vs, i, 1ULL << sig);
}

void mvx_handle_kill(struct mvx_vset *vs)
{
	const struct mvx_call *c = &vs->t[0].call;
	long pid = (long)(int)c->args[0];
	int sig = (int)c->args[1];
	bool self = c->nr == SYS_kill && sig > 0 &&
		    kill_reaches_self(vs, pid);

	/* a process group or every process: the leader's call reaches the
	 * variants, which share mvx's process group, once each; the copies
	 * the followers get from it are dropped (lockstep.c).  Where it
	 * reaches the leader's own process, the followers get the signal at
	 * the call's return as the leader does; with several threads, where
	 * the kernel gives it to whichever thread may take it, the leader's
	 * copy is held for every variant (selfsig.h), as is one to its own
	 * pid */
	if (c->nr == SYS_kill && pid <= 0) {
		if (self && vs->threaded &&
		    mvx_selfsig_expect(vs->t[0].tgid, sig))
			mvx_dispatch_leader(vs);
		else if (self)
			mvx_dispatch_leader_fix(vs, group_kill_follower);
		else
			mvx_dispatch_leader(vs);
	} else if (self && vs->threaded &&
		   mvx_selfsig_expect(vs->t[0].tgid, sig)) {
		mvx_dispatch_leader(vs);
	} else {
		mvx_dispatch_all(vs, false);
	}
}
