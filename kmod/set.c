// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of variant sets and of their tasks.  See set.h for the lock
 * order and the lifetimes.
 */
#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/hashtable.h>
#include <linux/idr.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>
#include "set.h"

/* The set registry; outermost lock, see set.h. */
DEFINE_MUTEX(mvx_sets_lock);
atomic_t mvx_nr_tasks = ATOMIC_INIT(0);

/* More sets than any monitor needs: a bound on what a caller can pin. */
#define MVX_MAX_SETS	4096

static DEFINE_IDR(mvx_sets);
static unsigned int mvx_nr_sets;
static bool mvx_sets_closed;

static DEFINE_SPINLOCK(mvx_tasks_lock);
static DEFINE_HASHTABLE(mvx_tasks, 8);

static atomic_t mvx_twork_pending = ATOMIC_INIT(0);

/*
 * Sets and tasks have caches of their own: /proc/slabinfo counts them (the
 * VM test boots with slab_nomerge so that they are not merged into others),
 * and destroying a cache that still has objects at unload is reported in
 * the kernel log.
 */
static struct kmem_cache *mvx_set_cache;
static struct kmem_cache *mvx_task_cache;

int mvx_set_init(void)
{
	mvx_set_cache = KMEM_CACHE(mvx_set, 0);
	if (!mvx_set_cache)
		return -ENOMEM;
	mvx_task_cache = KMEM_CACHE(mvx_task, 0);
	if (!mvx_task_cache) {
		kmem_cache_destroy(mvx_set_cache);
		return -ENOMEM;
	}
	return 0;
}

void mvx_set_exit(void)
{
	kmem_cache_destroy(mvx_task_cache);
	kmem_cache_destroy(mvx_set_cache);
}

static void mvx_set_release(struct kref *ref)
{
	struct mvx_set *set = container_of(ref, struct mvx_set, ref);

	mvx_ls_destroy(&set->ls);
	put_pid(set->owner);
	kmem_cache_free(mvx_set_cache, set);
}

struct mvx_set *mvx_set_create(u32 nvariants, u32 window, u32 stall_ms,
			       const u8 *approved, const u8 *argmask,
			       const u8 *argbuf, u32 portid)
{
	struct mvx_set *set;
	int err;

	lockdep_assert_held(&mvx_sets_lock);
	if (mvx_sets_closed)
		return ERR_PTR(-ENODEV);
	if (mvx_nr_sets >= MVX_MAX_SETS)
		return ERR_PTR(-ENOSPC);
	set = kmem_cache_zalloc(mvx_set_cache, GFP_KERNEL);
	if (!set)
		return ERR_PTR(-ENOMEM);
	err = mvx_ls_init(&set->ls, nvariants, window, approved, argmask,
			  argbuf, GFP_KERNEL);
	if (err)
		goto err_free;
	kref_init(&set->ref);
	spin_lock_init(&set->lock);
	init_waitqueue_head(&set->wq);
	set->stall_ms = stall_ms;
	set->owner_portid = portid;
	set->owner = get_pid(task_tgid(current));
	err = idr_alloc_cyclic(&mvx_sets, set, 1, INT_MAX, GFP_KERNEL);
	if (err < 0)
		goto err_ls;
	set->id = err;
	mvx_nr_sets++;
	return set;

err_ls:
	put_pid(set->owner);
	mvx_ls_destroy(&set->ls);
err_free:
	kmem_cache_free(mvx_set_cache, set);
	return ERR_PTR(err);
}

struct mvx_set *mvx_set_find(u32 id)
{
	lockdep_assert_held(&mvx_sets_lock);
	if (id > INT_MAX)
		return NULL;
	return idr_find(&mvx_sets, id);
}

struct mvx_set *mvx_set_next(u32 *id)
{
	int next = *id;
	struct mvx_set *set;

	lockdep_assert_held(&mvx_sets_lock);
	if (*id > INT_MAX)
		return NULL;
	set = idr_get_next(&mvx_sets, &next);
	*id = next;
	return set;
}

bool mvx_set_owned(const struct mvx_set *set)
{
	return set->owner == task_tgid(current);
}

void mvx_task_get(struct mvx_task *t)
{
	refcount_inc(&t->ref);
}

void mvx_task_put(struct mvx_task *t)
{
	if (!refcount_dec_and_test(&t->ref))
		return;
	put_task_struct(t->task);
	kref_put(&t->set->ref, mvx_set_release);
	kmem_cache_free(mvx_task_cache, t);
}

static void mvx_task_rcu_put(struct rcu_head *rcu)
{
	mvx_task_put(container_of(rcu, struct mvx_task, rcu));
}

/* Drops the hash's reference once no probe can still see @t. */
static void mvx_task_unhash(struct mvx_task *t)
{
	spin_lock(&mvx_tasks_lock);
	hash_del_rcu(&t->hnode);
	spin_unlock(&mvx_tasks_lock);
	atomic_dec(&mvx_nr_tasks);
	call_rcu(&t->rcu, mvx_task_rcu_put);
}

struct mvx_task *mvx_task_find(struct task_struct *task)
{
	struct mvx_task *t;

	hash_for_each_possible_rcu(mvx_tasks, t, hnode, (unsigned long)task)
		if (t->task == task)
			return t;
	return NULL;
}

void mvx_set_kill_tasks(struct mvx_set *set)
{
	u32 i;

	lockdep_assert_held(&set->lock);
	for (i = 0; i < set->ls.nvariants; i++)
		if (set->tasks[i])
			send_sig(SIGKILL, set->tasks[i]->task, 1);
}

int mvx_set_add_task(struct mvx_set *set, struct task_struct *task,
		     u32 variant)
{
	struct mvx_task *t;
	int err;

	lockdep_assert_held(&mvx_sets_lock);
	t = kmem_cache_zalloc(mvx_task_cache, GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	refcount_set(&t->ref, 1);
	get_task_struct(task);
	t->task = task;
	kref_get(&set->ref);
	t->set = set;
	t->variant = variant;

	spin_lock(&set->lock);
	spin_lock(&mvx_tasks_lock);
	rcu_read_lock();
	if (mvx_sets_closed)
		err = -ENODEV;
	else if (mvx_task_find(task))
		err = -EBUSY;
	else
		err = mvx_ls_attach(&set->ls, variant);
	rcu_read_unlock();
	if (!err) {
		hash_add_rcu(mvx_tasks, &t->hnode, (unsigned long)task);
		set->tasks[variant] = t;
		atomic_inc(&mvx_nr_tasks);
	}
	spin_unlock(&mvx_tasks_lock);
	spin_unlock(&set->lock);

	if (err)
		mvx_task_put(t);
	return err;
}

int mvx_set_del_task(struct mvx_set *set, pid_t pid)
{
	struct mvx_task *t = NULL;
	u32 i;

	lockdep_assert_held(&mvx_sets_lock);
	spin_lock(&set->lock);
	for (i = 0; i < set->ls.nvariants; i++) {
		if (set->tasks[i] && task_pid_vnr(set->tasks[i]->task) == pid) {
			t = set->tasks[i];
			break;
		}
	}
	if (t) {
		set->tasks[i] = NULL;
		t->detached = true;
		mvx_ls_detach(&set->ls, i);
		mvx_set_changed(set);
	}
	spin_unlock(&set->lock);
	if (!t)
		return -ESRCH;
	wake_up_all(&set->wq);
	mvx_task_unhash(t);
	return 0;
}

void mvx_set_destroy(struct mvx_set *set, bool kill)
{
	struct mvx_task *gone[MVX_MAX_VARIANTS];
	u32 i, n = 0;

	lockdep_assert_held(&mvx_sets_lock);
	idr_remove(&mvx_sets, set->id);
	mvx_nr_sets--;
	spin_lock(&set->lock);
	if (kill)
		mvx_set_kill_tasks(set);
	mvx_ls_kill(&set->ls);
	mvx_set_changed(set);
	for (i = 0; i < set->ls.nvariants; i++) {
		if (!set->tasks[i])
			continue;
		set->tasks[i]->detached = true;
		gone[n++] = set->tasks[i];
		set->tasks[i] = NULL;
	}
	spin_unlock(&set->lock);
	wake_up_all(&set->wq);
	for (i = 0; i < n; i++)
		mvx_task_unhash(gone[i]);
	kref_put(&set->ref, mvx_set_release);
}

void mvx_set_destroy_portid(u32 portid)
{
	struct mvx_set *set;
	int id;

	mutex_lock(&mvx_sets_lock);
	idr_for_each_entry(&mvx_sets, set, id)
		if (set->owner_portid == portid)
			mvx_set_destroy(set, true);
	mutex_unlock(&mvx_sets_lock);
}

void mvx_set_kill_all(void)
{
	struct mvx_set *set;
	int id;

	mutex_lock(&mvx_sets_lock);
	mvx_sets_closed = true;
	idr_for_each_entry(&mvx_sets, set, id) {
		spin_lock(&set->lock);
		mvx_set_kill_tasks(set);
		mvx_ls_kill(&set->ls);
		mvx_set_changed(set);
		spin_unlock(&set->lock);
		wake_up_all(&set->wq);
	}
	mutex_unlock(&mvx_sets_lock);
}

void mvx_set_destroy_all(void)
{
	struct mvx_set *set;
	int id;

	mutex_lock(&mvx_sets_lock);
	mvx_sets_closed = true;
	idr_for_each_entry(&mvx_sets, set, id)
		mvx_set_destroy(set, true);
	mutex_unlock(&mvx_sets_lock);
	idr_destroy(&mvx_sets);
}

void mvx_twork_begin(void)
{
	atomic_inc(&mvx_twork_pending);
}

void mvx_twork_done(void)
{
	if (atomic_dec_and_test(&mvx_twork_pending))
		wake_up_var(&mvx_twork_pending);
}

void mvx_twork_drain(void)
{
	wait_var_event(&mvx_twork_pending, !atomic_read(&mvx_twork_pending));
	/*
	 * The last callback may still be between mvx_twork_done() and its
	 * return: wait until every task has passed a voluntary context switch
	 * or user mode, after which none runs module text.
	 */
	synchronize_rcu_tasks();
}
