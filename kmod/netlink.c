// SPDX-License-Identifier: GPL-2.0
/*
 * The "mvx" generic netlink family: one policy per command, CAP_SYS_PTRACE
 * for everything, and only tasks that the caller traces may be registered.
 * The protocol is documented in uapi/linux/mvx.h.
 */
#include <linux/capability.h>
#include <linux/err.h>
#include <linux/notifier.h>
#include <linux/netlink.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include "netlink.h"
#include "policy.h"
#include "set.h"

static struct genl_family mvx_family;

static int mvx_nl_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
			   struct genl_info *info)
{
	if (!netlink_capable(skb, CAP_SYS_PTRACE)) {
		GENL_SET_ERR_MSG(info, "mvx needs CAP_SYS_PTRACE");
		return -EPERM;
	}
	return 0;
}

static int mvx_nl_dump_start(struct netlink_callback *cb)
{
	if (!netlink_capable(cb->skb, CAP_SYS_PTRACE)) {
		NL_SET_ERR_MSG(cb->extack, "mvx needs CAP_SYS_PTRACE");
		return -EPERM;
	}
	return 0;
}

/* The set named by MVX_A_SET_ID, owned by the caller unless @any_owner. */
static struct mvx_set *mvx_nl_get_set(struct genl_info *info, bool any_owner)
{
	struct nlattr *attr = info->attrs[MVX_A_SET_ID];
	struct mvx_set *set;

	set = mvx_set_find(nla_get_u32(attr));
	if (!set) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "no such variant set");
		return ERR_PTR(-ENOENT);
	}
	if (!any_owner && !mvx_set_owned(set)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "variant set belongs to another process");
		return ERR_PTR(-EPERM);
	}
	return set;
}

static int mvx_nl_set_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	u32 window = 1, stall_ms = MVX_DEFAULT_STALL_MS;
	struct sk_buff *reply;
	struct mvx_set *set;
	const u8 *argmask = NULL, *argbuf = NULL;
	void *hdr;
	u32 id;

	if (GENL_REQ_ATTR_CHECK(info, MVX_A_NVARIANTS) ||
	    GENL_REQ_ATTR_CHECK(info, MVX_A_APPROVED))
		return -EINVAL;
	if (a[MVX_A_WINDOW])
		window = nla_get_u32(a[MVX_A_WINDOW]);
	if (a[MVX_A_STALL_MS])
		stall_ms = nla_get_u32(a[MVX_A_STALL_MS]);
	if (a[MVX_A_ARGMASK])
		argmask = nla_data(a[MVX_A_ARGMASK]);
	if (a[MVX_A_ARGBUF])
		argbuf = nla_data(a[MVX_A_ARGBUF]);

	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	hdr = genlmsg_put_reply(reply, info, &mvx_family, 0, MVX_CMD_SET_NEW);
	if (!hdr)
		goto err_reply;

	mutex_lock(&mvx_sets_lock);
	set = mvx_set_create(nla_get_u32(a[MVX_A_NVARIANTS]), window, stall_ms,
			     nla_data(a[MVX_A_APPROVED]), argmask, argbuf,
			     info->snd_portid);
	if (!IS_ERR(set))
		id = set->id;
	mutex_unlock(&mvx_sets_lock);
	if (IS_ERR(set)) {
		if (PTR_ERR(set) == -EINVAL)
			NL_SET_ERR_MSG(info->extack,
				       "argument mask or input buffer past the sixth argument, or buffer length out of range");
		nlmsg_free(reply);
		return PTR_ERR(set);
	}

	if (nla_put_u32(reply, MVX_A_SET_ID, id))
		goto err_set;
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);

err_set:
	mutex_lock(&mvx_sets_lock);
	set = mvx_set_find(id);
	if (set)
		mvx_set_destroy(set, false);
	mutex_unlock(&mvx_sets_lock);
err_reply:
	nlmsg_free(reply);
	return -EMSGSIZE;
}

static int mvx_nl_set_del(struct sk_buff *skb, struct genl_info *info)
{
	struct mvx_set *set;
	u32 flags = 0;

	if (GENL_REQ_ATTR_CHECK(info, MVX_A_SET_ID))
		return -EINVAL;
	if (info->attrs[MVX_A_FLAGS])
		flags = nla_get_u32(info->attrs[MVX_A_FLAGS]);

	mutex_lock(&mvx_sets_lock);
	set = mvx_nl_get_set(info, false);
	if (!IS_ERR(set))
		mvx_set_destroy(set, flags & MVX_SET_DEL_F_KILL);
	mutex_unlock(&mvx_sets_lock);
	return PTR_ERR_OR_ZERO(set);
}

/*
 * The task with thread id @pid, referenced, if the calling process traces
 * it; ERR_PTR(-ESRCH) or ERR_PTR(-EPERM) otherwise.
 */
static struct task_struct *mvx_nl_traced_task(struct genl_info *info,
					      pid_t pid)
{
	struct nlattr *attr = info->attrs[MVX_A_PID];
	struct task_struct *task, *tracer;
	bool traced;

	rcu_read_lock();
	task = pid_task(find_vpid(pid), PIDTYPE_PID);
	if (!task) {
		rcu_read_unlock();
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "no such task");
		return ERR_PTR(-ESRCH);
	}
	tracer = ptrace_parent(task);
	traced = tracer && same_thread_group(tracer, current);
	if (traced)
		get_task_struct(task);
	rcu_read_unlock();
	if (!traced) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "task is not traced by the caller");
		return ERR_PTR(-EPERM);
	}
	return task;
}

static int mvx_nl_task_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct task_struct *task;
	struct mvx_set *set;
	u32 variant;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, MVX_A_SET_ID) ||
	    GENL_REQ_ATTR_CHECK(info, MVX_A_PID) ||
	    GENL_REQ_ATTR_CHECK(info, MVX_A_VARIANT))
		return -EINVAL;
	variant = nla_get_u32(a[MVX_A_VARIANT]);
	task = mvx_nl_traced_task(info, nla_get_u32(a[MVX_A_PID]));
	if (IS_ERR(task))
		return PTR_ERR(task);

	mutex_lock(&mvx_sets_lock);
	set = mvx_nl_get_set(info, false);
	if (IS_ERR(set)) {
		err = PTR_ERR(set);
		goto out;
	}
	if (variant >= set->ls.nvariants) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[MVX_A_VARIANT],
				    "variant index past the set's variants");
		err = -EINVAL;
		goto out;
	}
	err = mvx_set_add_task(set, task, variant);
	if (err == -EBUSY)
		NL_SET_ERR_MSG(info->extack,
			       "task already registered or variant slot taken");
out:
	mutex_unlock(&mvx_sets_lock);
	put_task_struct(task);
	return err;
}

static int mvx_nl_task_del(struct sk_buff *skb, struct genl_info *info)
{
	struct mvx_set *set;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, MVX_A_SET_ID) ||
	    GENL_REQ_ATTR_CHECK(info, MVX_A_PID))
		return -EINVAL;
	mutex_lock(&mvx_sets_lock);
	set = mvx_nl_get_set(info, false);
	if (IS_ERR(set))
		err = PTR_ERR(set);
	else
		err = mvx_set_del_task(set, nla_get_u32(info->attrs[MVX_A_PID]));
	mutex_unlock(&mvx_sets_lock);
	if (err == -ESRCH)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MVX_A_PID],
				    "task is not in this variant set");
	return err;
}

/* The counters of one set, copied under its lock. */
struct mvx_set_snap {
	u32 id, nvariants, window, state;
	u64 passed, holds, stalls;
	struct mvx_divergence div;
	struct {
		u32 state;
		pid_t pid;
		u64 next;
		s64 held_nr;
	} v[MVX_MAX_VARIANTS];
};

static void mvx_set_snapshot(struct mvx_set *set, struct mvx_set_snap *s)
{
	const struct mvx_call *call;
	u32 i;

	spin_lock(&set->lock);
	s->id = set->id;
	s->nvariants = set->ls.nvariants;
	s->window = set->ls.window;
	s->state = set->ls.state;
	s->passed = set->ls.passed;
	s->holds = set->ls.holds;
	s->stalls = set->ls.stalls;
	s->div = set->ls.div;
	for (i = 0; i < s->nvariants; i++) {
		s->v[i].state = set->ls.v[i].state;
		s->v[i].next = set->ls.v[i].next;
		s->v[i].pid = set->tasks[i] ?
			task_pid_vnr(set->tasks[i]->task) : 0;
		call = mvx_ls_recorded(&set->ls, i);
		s->v[i].held_nr = call ? call->nr : -1;
	}
	spin_unlock(&set->lock);
}

static int mvx_nl_put_div(struct sk_buff *skb, const struct mvx_divergence *d)
{
	if (nla_put_u64_64bit(skb, MVX_A_INDEX, d->index, MVX_A_PAD) ||
	    nla_put_u32(skb, MVX_A_VARIANT, d->variant) ||
	    nla_put_u32(skb, MVX_A_NR, d->nr))
		return -EMSGSIZE;
	return 0;
}

static int mvx_nl_put_div_other(struct sk_buff *skb,
				const struct mvx_divergence *d)
{
	if (nla_put_u32(skb, MVX_A_OTHER_VARIANT, d->other) ||
	    nla_put_u32(skb, MVX_A_OTHER_NR, d->other_nr))
		return -EMSGSIZE;
	if (d->arg >= 0 && nla_put_u32(skb, MVX_A_ARG, d->arg))
		return -EMSGSIZE;
	return 0;
}

static int mvx_nl_put_variants(struct sk_buff *skb,
			       const struct mvx_set_snap *s)
{
	struct nlattr *all, *one;
	u32 i;

	all = nla_nest_start(skb, MVX_A_VARIANTS);
	if (!all)
		return -EMSGSIZE;
	for (i = 0; i < s->nvariants; i++) {
		one = nla_nest_start(skb, i + 1);
		if (!one ||
		    nla_put_u32(skb, MVX_VA_STATE, s->v[i].state) ||
		    (s->v[i].pid && nla_put_u32(skb, MVX_VA_PID, s->v[i].pid)) ||
		    nla_put_u64_64bit(skb, MVX_VA_NEXT, s->v[i].next,
				      MVX_VA_PAD) ||
		    (s->v[i].held_nr >= 0 &&
		     nla_put_u32(skb, MVX_VA_HELD_NR, s->v[i].held_nr)))
			return -EMSGSIZE;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, all);
	return 0;
}

static int mvx_nl_fill_set(struct sk_buff *skb, u32 portid, u32 seq,
			   int flags, struct mvx_set *set)
{
	struct mvx_set_snap s;
	struct nlattr *div;
	void *hdr;

	mvx_set_snapshot(set, &s);
	hdr = genlmsg_put(skb, portid, seq, &mvx_family, flags,
			  MVX_CMD_SET_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, MVX_A_SET_ID, s.id) ||
	    nla_put_u32(skb, MVX_A_NVARIANTS, s.nvariants) ||
	    nla_put_u32(skb, MVX_A_WINDOW, s.window) ||
	    nla_put_u32(skb, MVX_A_STATE, s.state) ||
	    nla_put_u64_64bit(skb, MVX_A_PASSED, s.passed, MVX_A_PAD) ||
	    nla_put_u64_64bit(skb, MVX_A_HOLDS, s.holds, MVX_A_PAD) ||
	    nla_put_u64_64bit(skb, MVX_A_STALLS, s.stalls, MVX_A_PAD) ||
	    mvx_nl_put_variants(skb, &s))
		goto err;
	if (s.state == MVX_SET_DIVERGED) {
		div = nla_nest_start(skb, MVX_A_DIVERGENCE);
		if (!div || mvx_nl_put_div(skb, &s.div) ||
		    mvx_nl_put_div_other(skb, &s.div))
			goto err;
		nla_nest_end(skb, div);
	}
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int mvx_nl_set_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply;
	struct mvx_set *set;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, MVX_A_SET_ID))
		return -EINVAL;
	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	mutex_lock(&mvx_sets_lock);
	set = mvx_nl_get_set(info, true);
	if (IS_ERR(set))
		err = PTR_ERR(set);
	else
		err = mvx_nl_fill_set(reply, info->snd_portid, info->snd_seq,
				      0, set);
	mutex_unlock(&mvx_sets_lock);
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);
}

static int mvx_nl_set_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mvx_set *set;
	u32 id = cb->args[0];

	mutex_lock(&mvx_sets_lock);
	while ((set = mvx_set_next(&id))) {
		if (mvx_nl_fill_set(skb, NETLINK_CB(cb->skb).portid,
				    cb->nlh->nlmsg_seq, NLM_F_MULTI, set))
			break;
		id++;
	}
	mutex_unlock(&mvx_sets_lock);
	cb->args[0] = id;
	return skb->len;
}

static const struct genl_ops mvx_ops[] = {
	{
		.cmd = MVX_CMD_SET_NEW,
		.doit = mvx_nl_set_new,
		.policy = mvx_set_new_policy,
		.maxattr = MVX_A_MAX,
	},
	{
		.cmd = MVX_CMD_SET_DEL,
		.doit = mvx_nl_set_del,
		.policy = mvx_set_del_policy,
		.maxattr = MVX_A_MAX,
	},
	{
		.cmd = MVX_CMD_TASK_ADD,
		.doit = mvx_nl_task_add,
		.policy = mvx_task_add_policy,
		.maxattr = MVX_A_MAX,
	},
	{
		.cmd = MVX_CMD_TASK_DEL,
		.doit = mvx_nl_task_del,
		.policy = mvx_task_del_policy,
		.maxattr = MVX_A_MAX,
	},
	{
		.cmd = MVX_CMD_SET_GET,
		.doit = mvx_nl_set_get,
		.start = mvx_nl_dump_start,
		.dumpit = mvx_nl_set_dump,
		.policy = mvx_set_get_policy,
		.maxattr = MVX_A_MAX,
	},
};

static const struct genl_multicast_group mvx_mcgrps[] = {
	{ .name = MVX_GENL_MCGRP_EVENTS, },
};

static struct genl_family mvx_family __ro_after_init = {
	.name = MVX_GENL_NAME,
	.version = MVX_GENL_VERSION,
	.maxattr = MVX_A_MAX,
	.module = THIS_MODULE,
	.pre_doit = mvx_nl_pre_doit,
	.ops = mvx_ops,
	.n_ops = ARRAY_SIZE(mvx_ops),
	.mcgrps = mvx_mcgrps,
	.n_mcgrps = ARRAY_SIZE(mvx_mcgrps),
};

void mvx_nl_event(const struct mvx_event_info *ev)
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &mvx_family, 0, MVX_CMD_EVENT);
	if (!hdr)
		goto err;
	if (nla_put_u32(skb, MVX_A_EVENT, ev->type) ||
	    nla_put_u32(skb, MVX_A_SET_ID, ev->set_id) ||
	    mvx_nl_put_div(skb, &ev->div))
		goto err;
	if (ev->type == MVX_EVENT_DIVERGENCE &&
	    mvx_nl_put_div_other(skb, &ev->div))
		goto err;
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&mvx_family, skb, 0, 0, GFP_KERNEL);
	return;
err:
	nlmsg_free(skb);
}

static int mvx_nl_release(struct notifier_block *nb, unsigned long state,
			  void *ptr)
{
	struct netlink_notify *n = ptr;

	/* The family is not netnsok: sets are only made in init_net. */
	if (state == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC &&
	    net_eq(n->net, &init_net) && n->portid)
		mvx_set_destroy_portid(n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block mvx_nl_notifier = {
	.notifier_call = mvx_nl_release,
};

int mvx_nl_init(void)
{
	int err;

	err = netlink_register_notifier(&mvx_nl_notifier);
	if (err)
		return err;
	err = genl_register_family(&mvx_family);
	if (err)
		goto err_notifier;
	return 0;

err_notifier:
	netlink_unregister_notifier(&mvx_nl_notifier);
	return err;
}

void mvx_nl_exit(void)
{
	genl_unregister_family(&mvx_family);
	netlink_unregister_notifier(&mvx_nl_notifier);
}
