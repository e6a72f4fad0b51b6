// SPDX-License-Identifier: GPL-2.0
/*
 * The sys_enter hook.  For a registered task making an approved call, the
 * probe asks the set's lockstep state for a verdict:
 *
 *   PASS     the call runs now.
 *   HOLD     the probe first spins up to spin_us microseconds, without the
 *            set's lock, for the others to arrive; then it arrives again,
 *            usually to pass.  Otherwise the call is skipped (orig_ax = -1,
 *            which the entry code reads back after the tracepoint) and
 *            rewound (ip -= 2, ax = nr, as for a restarted call); a
 *            task_work then sleeps, killably, on the set's wait queue until
 *            the lockstep lets the call pass, and on return to user mode
 *            the task executes it again.
 *   DIVERGE  the call is skipped, every task of the set is killed, and the
 *            task's task_work multicasts the divergence event.
 *   DEAD     the set diverged or is being destroyed: skipped, task killed.
 *
 * An approved call with an input buffer compared by content has it copied
 * first (copy_from_user_nofault()).  If the page is not present, the call
 * is skipped and rewound without arriving, its task_work faults the page
 * in, and the call comes again; memory still unreadable then compares as
 * "unreadable".
 *
 * The probe runs with preemption disabled, so it only takes the set's
 * spinlock, and only around the lockstep state: the call and its buffer
 * are read before; everything that sleeps happens in the task_work.
 */
#include <linux/compat.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/pagemap.h>
#include <linux/uaccess.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <asm/syscall.h>
#include "hook.h"
#include "netlink.h"
#include "set.h"

static struct tracepoint *mvx_tp_sys_enter;

/*
 * How long a first arrival spins in the probe, waiting for the others,
 * before it is skipped, rewound and put to sleep.  Variants on other CPUs
 * usually arrive within microseconds; a sleep and a wake-up cost more.
 */
static unsigned int spin_us = 20;
module_param(spin_us, uint, 0644);
MODULE_PARM_DESC(spin_us, "microseconds a held variant spins before sleeping (0: never)");

/*
 * The spin reads the clock once per this many polls: even this CPU's own
 * clock takes longer to read than a poll.  The spin runs with preemption
 * off, on one CPU, so local_clock() (the scheduler's clock, from the TSC
 * where there is one) suffices; the clocksource behind ktime_get*() may be
 * a device register (an HPET; under an emulator, a trip out of the guest).
 */
#define MVX_POLLS_PER_CLOCK	64

/*
 * True when the spin has lasted spin_us microseconds, counted from the
 * first time it reads the clock; the clock is read every
 * MVX_POLLS_PER_CLOCK polls only.  *@until starts 0.
 */
static bool mvx_spin_expired(u64 *until, unsigned int polls)
{
	u64 now;

	if (polls % MVX_POLLS_PER_CLOCK)
		return false;
	now = local_clock();
	if (!*until)
		*until = now + READ_ONCE(spin_us) * 1000ULL;
	return now > *until;
}

/*
 * True when one of @others may arrive while this CPU spins: it is not
 * confined to this CPU (which the spin keeps) and not in a ptrace or
 * job-control stop.  A sleeping task counts: it may be being woken, and
 * under a wake-up sent to another CPU it still looks asleep for a while.
 */
static bool mvx_may_arrive(struct task_struct **others, unsigned int n)
{
	int cpu = smp_processor_id();
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (others[i]->nr_cpus_allowed == 1 &&
		    cpumask_test_cpu(cpu, others[i]->cpus_ptr))
			continue;
		if (task_is_stopped_or_traced(others[i]))
			continue;
		return true;
	}
	return false;
}

/*
 * Spins, with preemption still disabled and without the set's lock, while
 * the held call of @t may not pass and a variant it waits for may arrive
 * meanwhile (see mvx_may_arrive()), for at most spin_us microseconds and
 * as long as this CPU is not needed elsewhere.  The spin reads only the
 * set's change count; the lockstep state is re-read under the lock when it
 * moved.  Caller holds set->lock; returns with it held again.
 */
static void mvx_spin_for_others(struct mvx_set *set, struct mvx_task *t)
{
	struct task_struct *others[MVX_MAX_VARIANTS];
	unsigned int seq, n, u, polls = 0;
	bool woken = false;
	u64 until = 0;

	for (;;) {
		if (t->detached || mvx_ls_may_pass(&set->ls, t->variant))
			return;
		n = 0;
		for (u = 0; u < set->ls.nvariants; u++)
			if (set->tasks[u] &&
			    mvx_ls_awaits(&set->ls, t->variant, u))
				others[n++] = set->tasks[u]->task;
		seq = set->seq;
		spin_unlock(&set->lock);
		if (!woken) {
			/* this arrival may have released held variants */
			mvx_set_wake(set);
			woken = true;
		}
		while (READ_ONCE(set->seq) == seq) {
			if (!mvx_may_arrive(others, n) ||
			    need_resched() || signal_pending(current) ||
			    mvx_spin_expired(&until, ++polls)) {
				spin_lock(&set->lock);
				return;
			}
			cpu_relax();
		}
		spin_lock(&set->lock);
	}
}

/* True when the held task @t may go on: its call passes or it left. */
static bool mvx_task_released(struct mvx_task *t)
{
	struct mvx_set *set = t->set;
	bool released;

	spin_lock(&set->lock);
	released = t->detached || mvx_ls_may_pass(&set->ls, t->variant);
	spin_unlock(&set->lock);
	return released;
}

static void mvx_report_stall(struct mvx_task *t)
{
	struct mvx_set *set = t->set;
	struct mvx_event_info ev = {
		.type = MVX_EVENT_STALL,
		.set_id = set->id,
		.div.variant = t->variant,
		.div.other = t->variant,
		.div.arg = MVX_DIFF_NONE,
	};
	const struct mvx_call *call;

	spin_lock(&set->lock);
	set->ls.stalls++;
	ev.div.index = set->ls.v[t->variant].next;
	call = mvx_ls_recorded(&set->ls, t->variant);
	ev.div.nr = call ? call->nr : 0;
	ev.div.other_nr = ev.div.nr;
	spin_unlock(&set->lock);
	mvx_nl_event(&ev);
}

/* Sleeps until the held call of @t may pass, the set ends or a kill. */
static void mvx_wait_released(struct mvx_task *t)
{
	struct mvx_set *set = t->set;
	long ret;

	if (current->flags & PF_EXITING)
		return;
	if (set->stall_ms) {
		ret = wait_event_killable_timeout(set->wq, mvx_task_released(t),
						  msecs_to_jiffies(set->stall_ms));
		if (ret)
			return;
		mvx_report_stall(t);
	}
	wait_event_killable(set->wq, mvx_task_released(t));
}

static void mvx_twork(struct callback_head *cb)
{
	struct mvx_task *t = container_of(cb, struct mvx_task, twork);
	struct mvx_set *set = t->set;
	struct mvx_event_info ev = { .type = MVX_EVENT_DIVERGENCE };
	bool report, held, fault_in;

	spin_lock(&set->lock);
	t->twork_queued = false;
	fault_in = t->fault_in;
	t->fault_in = false;
	report = t->report_div && !set->div_reported;
	if (report) {
		set->div_reported = true;
		ev.set_id = set->id;
		ev.div = set->ls.div;
	}
	t->report_div = false;
	held = t->held;
	spin_unlock(&set->lock);

	if (report)
		mvx_nl_event(&ev);
	if (fault_in)
		fault_in_readable((const char __user *)t->fault_addr,
				  t->fault_len);
	if (held) {
		mvx_wait_released(t);
		spin_lock(&set->lock);
		t->held = false;
		spin_unlock(&set->lock);
	}
	mvx_task_put(t);
	mvx_twork_done();
}

/* Queues @t's task_work on current.  Caller holds t->set->lock. */
static void mvx_queue_twork(struct mvx_task *t)
{
	if (t->twork_queued)
		return;
	init_task_work(&t->twork, mvx_twork);
	mvx_task_get(t);
	mvx_twork_begin();
	if (task_work_add(current, &t->twork, TWA_RESUME)) {
		/* Past exit_task_work(): the task is gone, nothing to wait. */
		t->held = false;
		t->report_div = false;
		t->fault_in = false;
		mvx_task_put(t);	/* never the last: the hash holds one */
		mvx_twork_done();
		return;
	}
	t->twork_queued = true;
}

/*
 * Copies the input buffer of @call (argument @arg, @len bytes) into it.
 * Returns false when the memory is not present: the caller skips and
 * rewinds the call, and the task_work faults it in before it comes again.
 */
static bool mvx_read_argbuf(struct mvx_task *t, struct mvx_call *call,
			    int arg, u32 len)
{
	unsigned long addr = call->args[arg];

	if (!addr) {
		call->buf_state = MVX_BUF_NULL;
		return true;
	}
	if (!copy_from_user_nofault(call->buf, (const void __user *)addr,
				    len)) {
		t->fault_addr = 0;
		call->buf_state = MVX_BUF_DATA;
		return true;
	}
	if (t->fault_addr == addr) {
		/* Faulted in once already: a bad address, in every variant. */
		t->fault_addr = 0;
		call->buf_state = MVX_BUF_UNREADABLE;
		return true;
	}
	t->fault_addr = addr;
	t->fault_len = len;
	return false;
}

/*
 * Variant @t arrives at @call (mvx_ls_arrive()).  Bumps the set's change
 * count, on which other variants spin, and returns true when the arrival
 * may let them go on: a first arrival, or a divergence.  Coming back to a
 * recorded call changes nothing they wait for (lockstep.h), and bumping
 * for it only made a spinning variant take the lock for nothing, on the
 * cache line that the next arrival needs.  Caller holds set->lock.
 */
static bool mvx_arrive(struct mvx_set *set, struct mvx_task *t,
		       const struct mvx_call *call, enum mvx_verdict *verdict)
{
	bool back = mvx_ls_recorded(&set->ls, t->variant);

	*verdict = mvx_ls_arrive(&set->ls, t->variant, call);
	if (back && *verdict != MVX_DIVERGE)
		return false;
	mvx_set_changed(set);
	return true;
}

static void mvx_probe(void *data, struct pt_regs *regs, long id)
{
	unsigned long args[MVX_NR_ARGS];
	enum mvx_verdict verdict;
	struct mvx_call call;
	struct mvx_task *t;
	struct mvx_set *set;
	unsigned int i;
	bool changed;
	u32 len;
	int arg;

	if (likely(!atomic_read(&mvx_nr_tasks)))
		return;
	if (id < 0 || id >= MVX_SYSCALL_BITS || in_compat_syscall())
		return;

	rcu_read_lock();
	t = mvx_task_find(current);
	if (!t)
		goto out;
	set = t->set;
	/* The approved calls and input buffers are fixed when a set is made. */
	if (!mvx_ls_approved(&set->ls, id))
		goto out;
	syscall_get_arguments(current, regs, args);
	call.nr = id;
	call.buf_state = MVX_BUF_NONE;
	for (i = 0; i < MVX_NR_ARGS; i++)
		call.args[i] = args[i];
	arg = mvx_ls_argbuf(&set->ls, id, &len);
	if (arg >= 0 && !mvx_read_argbuf(t, &call, arg, len)) {
		spin_lock(&set->lock);
		if (!t->detached) {
			regs->orig_ax = -1;
			regs->ax = id;
			regs->ip -= 2;
			t->fault_in = true;
			mvx_queue_twork(t);
		}
		spin_unlock(&set->lock);
		goto out;
	}

	spin_lock(&set->lock);
	if (t->detached) {
		spin_unlock(&set->lock);
		goto out;
	}
	changed = mvx_arrive(set, t, &call, &verdict);
	if (verdict == MVX_HOLD && READ_ONCE(spin_us) &&
	    num_online_cpus() > 1) {
		mvx_spin_for_others(set, t);
		if (t->detached) {
			/* Released by a destroy: the call runs unchecked. */
			spin_unlock(&set->lock);
			if (fatal_signal_pending(current))
				regs->orig_ax = -1;
			goto out;
		}
		changed |= mvx_arrive(set, t, &call, &verdict);
	}
	switch (verdict) {
	case MVX_PASS:
		break;
	case MVX_HOLD:
		regs->orig_ax = -1;
		regs->ax = id;
		regs->ip -= 2;
		t->held = true;
		mvx_queue_twork(t);
		break;
	case MVX_DIVERGE:
		regs->orig_ax = -1;
		regs->ax = -EPERM;
		t->report_div = true;
		mvx_queue_twork(t);
		mvx_set_kill_tasks(set);
		break;
	case MVX_DEAD:
		regs->orig_ax = -1;
		regs->ax = -EPERM;
		send_sig(SIGKILL, current, 1);
		break;
	}
	spin_unlock(&set->lock);
	if (changed && verdict != MVX_DEAD)
		mvx_set_wake(set);
out:
	rcu_read_unlock();
}

static void mvx_find_tracepoint(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sys_enter"))
		*(struct tracepoint **)priv = tp;
}

int mvx_hook_init(void)
{
	for_each_kernel_tracepoint(mvx_find_tracepoint, &mvx_tp_sys_enter);
	if (!mvx_tp_sys_enter) {
		pr_err("mvx: no sys_enter tracepoint in this kernel\n");
		return -ENOENT;
	}
	return tracepoint_probe_register(mvx_tp_sys_enter, mvx_probe, NULL);
}

void mvx_hook_exit(void)
{
	tracepoint_probe_unregister(mvx_tp_sys_enter, mvx_probe, NULL);
	tracepoint_synchronize_unregister();
}
