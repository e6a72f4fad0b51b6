/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Variant sets and their tasks: the registry shared by the netlink commands
 * and the sys_enter hook.
 *
 * Lock order (outermost first):
 *   mvx_sets_lock (mutex)   the set registry; netlink commands, unload
 *   mvx_set.lock (spinlock) one set's lockstep state and task slots; taken
 *                           by the sys_enter probe with preemption off
 *   mvx_tasks_lock (spin)   the task hash, read under RCU by the probe
 *
 * Lifetimes: a set is referenced by the registry and by each of its tasks;
 * a task by the hash (dropped after an RCU grace period once unhashed) and
 * by a queued task_work.  Every queued task_work is counted in
 * mvx_twork_pending so that unloading waits until the last one has run.
 */
#ifndef MVX_SET_H
#define MVX_SET_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/task_work.h>
#include <linux/types.h>
#include <linux/wait.h>
#include "lockstep.h"

struct mvx_task;

struct mvx_set {
	/*
	 * The lock, the change count and the hot start of ls share cache
	 * lines: the variants' CPUs pass them to each other at every call.
	 */
	/* protects ls, tasks[] and the tasks' flags */
	spinlock_t lock ____cacheline_aligned;
	unsigned int seq;	/* bumped on every change of ls: spinners */
	struct mvx_ls ls;
	struct kref ref;
	u32 id;
	u32 owner_portid;	/* netlink socket that created it */
	struct pid *owner;	/* thread group that created it */
	u32 stall_ms;
	wait_queue_head_t wq;	/* held variants of this set */
	struct mvx_task *tasks[MVX_MAX_VARIANTS];
	bool div_reported;
};

struct mvx_task {
	struct hlist_node hnode;
	struct rcu_head rcu;
	refcount_t ref;
	struct task_struct *task;
	struct mvx_set *set;
	u32 variant;
	/* The fields below are protected by set->lock. */
	bool detached;
	bool twork_queued;
	bool held;		/* waits in its task_work */
	bool report_div;	/* its task_work sends the divergence event */
	bool fault_in;		/* its task_work faults in fault_addr */
	struct callback_head twork;
	/* Only the task itself touches these, in its probe and task_work. */
	unsigned long fault_addr;	/* input buffer that was not readable */
	u32 fault_len;
};

extern struct mutex mvx_sets_lock;
extern atomic_t mvx_nr_tasks;

/* Notes a change of @set's lockstep state.  Caller holds set->lock. */
static inline void mvx_set_changed(struct mvx_set *set)
{
	WRITE_ONCE(set->seq, set->seq + 1);
}

/* Wakes @set's held variants, if any sleeps. */
static inline void mvx_set_wake(struct mvx_set *set)
{
	if (wq_has_sleeper(&set->wq))
		wake_up_all(&set->wq);
}

/* Creates the caches of sets and tasks: 0 or -ENOMEM. */
int mvx_set_init(void);

/* Destroys them; every set and task must have been freed. */
void mvx_set_exit(void);

/* Creates a set owned by the caller; returns it with its id, or ERR_PTR. */
struct mvx_set *mvx_set_create(u32 nvariants, u32 window, u32 stall_ms,
			       const u8 *approved, const u8 *argmask,
			       const u8 *argbuf, u32 portid);

/* The live set @id, or NULL.  Caller holds mvx_sets_lock. */
struct mvx_set *mvx_set_find(u32 id);

/* The first set with id >= *id (for dumps), or NULL.  Holds mvx_sets_lock. */
struct mvx_set *mvx_set_next(u32 *id);

/* True when the calling thread group created @set. */
bool mvx_set_owned(const struct mvx_set *set);

/*
 * Unregisters @set: detaches every task, wakes the held ones (which then
 * re-execute their call outside the module) and, when @kill, kills every
 * task with SIGKILL first.  Caller holds mvx_sets_lock.
 */
void mvx_set_destroy(struct mvx_set *set, bool kill);

/* Destroys every set created through netlink socket @portid (killing). */
void mvx_set_destroy_portid(u32 portid);

/*
 * Kills every task of every set and makes every set dead, so that an
 * approved call arriving from now on is skipped; new sets and tasks are
 * refused after.  The sets stay registered.
 */
void mvx_set_kill_all(void);

/* Destroys every set, killing their tasks; new sets are refused after. */
void mvx_set_destroy_all(void);

/*
 * Registers @task as variant @variant of @set.  Returns 0, -EBUSY when the
 * task is already in a set or the slot is taken, -ENODEV while unloading,
 * -ENOMEM.  Caller holds
 * mvx_sets_lock.
 */
int mvx_set_add_task(struct mvx_set *set, struct task_struct *task,
		     u32 variant);

/* Detaches the task with thread id @pid from @set; -ESRCH if not there. */
int mvx_set_del_task(struct mvx_set *set, pid_t pid);

/* Kills every task of @set with SIGKILL.  Caller holds set->lock. */
void mvx_set_kill_tasks(struct mvx_set *set);

/* The registered task for @task, or NULL.  Caller is in an RCU section. */
struct mvx_task *mvx_task_find(struct task_struct *task);

void mvx_task_get(struct mvx_task *t);
void mvx_task_put(struct mvx_task *t);

/* Count a queued task_work; mvx_twork_done() when its callback ends. */
void mvx_twork_begin(void);
void mvx_twork_done(void);

/* Waits until every counted task_work has finished running module code. */
void mvx_twork_drain(void);

#endif /* MVX_SET_H */
