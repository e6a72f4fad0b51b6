// SPDX-License-Identifier: GPL-2.0
/*
 * The client of the mvx kernel module over libnl-3 (see kmod_client.h).
 * One request at a time: send, then receive until the ack, an error or the
 * end of a dump; the callbacks set one local result (the iw pattern).
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include "kmod_client.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct mvx_kmod_ev {
	struct mvx_kmod_divergence *ev;
	int got;
};

struct mvx_kmod {
	struct nl_sock *sock;
	struct nl_sock *ev_sock;
	struct mvx_kmod_ev *ev_cur;	/* the event_read() in progress */
	int family;
	unsigned int version;
	bool quiet;
};

/* One request's outcome, filled by the callbacks. */
struct mvx_kmod_req {
	int err;		/* 1 while waiting, then 0 or -errno */
	char msg[128];		/* the kernel's extended ack message */
	int (*parse)(struct nlattr **tb, void *arg);
	void *arg;
	int parse_err;
};

static const struct nla_policy mvx_kmod_policy[MVX_A_MAX + 1] = {
	[MVX_A_SET_ID] = { .type = NLA_U32 },
	[MVX_A_NVARIANTS] = { .type = NLA_U32 },
	[MVX_A_WINDOW] = { .type = NLA_U32 },
	[MVX_A_STATE] = { .type = NLA_U32 },
	[MVX_A_PASSED] = { .type = NLA_U64 },
	[MVX_A_HOLDS] = { .type = NLA_U64 },
	[MVX_A_STALLS] = { .type = NLA_U64 },
	[MVX_A_VARIANTS] = { .type = NLA_NESTED },
	[MVX_A_DIVERGENCE] = { .type = NLA_NESTED },
	[MVX_A_EVENT] = { .type = NLA_U32 },
	[MVX_A_INDEX] = { .type = NLA_U64 },
	[MVX_A_VARIANT] = { .type = NLA_U32 },
	[MVX_A_NR] = { .type = NLA_U32 },
	[MVX_A_OTHER_VARIANT] = { .type = NLA_U32 },
	[MVX_A_OTHER_NR] = { .type = NLA_U32 },
	[MVX_A_ARG] = { .type = NLA_U32 },
};

static const struct nla_policy mvx_kmod_va_policy[MVX_VA_MAX + 1] = {
	[MVX_VA_STATE] = { .type = NLA_U32 },
	[MVX_VA_PID] = { .type = NLA_U32 },
	[MVX_VA_NEXT] = { .type = NLA_U64 },
	[MVX_VA_HELD_NR] = { .type = NLA_U32 },
};

static void mvx_kmod_err(const struct mvx_kmod *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void mvx_kmod_err(const struct mvx_kmod *k, const char *fmt, ...)
{
	va_list ap;

	if (k && k->quiet)
		return;
	va_start(ap, fmt);
	fputs("mvx: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* libnl's NLE_* codes for local failures, as errno values. */
static int mvx_kmod_nlerr(int nlerr)
{
	switch (-nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	default:
		return -EIO;
	}
}

static int mvx_kmod_on_error(struct sockaddr_nl *nla, struct nlmsgerr *e,
			     void *arg)
{
	struct nlmsghdr *h = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct mvx_kmod_req *req = arg;
	struct nlattr *tlv[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);

	(void)nla;
	req->err = e->error;
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (h->nlmsg_len < NLMSG_HDRLEN + off)
		return NL_STOP;
	if (nla_parse(tlv, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)e + off),
		      h->nlmsg_len - NLMSG_HDRLEN - off, NULL) == 0 &&
	    tlv[NLMSGERR_ATTR_MSG])
		snprintf(req->msg, sizeof(req->msg), "%s",
			 nla_get_string(tlv[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

static int mvx_kmod_on_ack(struct nl_msg *msg, void *arg)
{
	struct mvx_kmod_req *req = arg;

	(void)msg;
	req->err = 0;
	return NL_STOP;
}

static int mvx_kmod_on_valid(struct nl_msg *msg, void *arg)
{
	struct mvx_kmod_req *req = arg;
	struct nlattr *tb[MVX_A_MAX + 1];
	int err;

	if (!req->parse)
		return NL_OK;
	err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, MVX_A_MAX,
			    (struct nla_policy *)mvx_kmod_policy);
	if (err < 0)
		req->parse_err = -EPROTO;
	else if (!req->parse_err)
		req->parse_err = req->parse(tb, req->arg);
	return NL_OK;
}

static const char *const mvx_kmod_cmd_names[] = {
	[MVX_CMD_SET_NEW] = "create a variant set",
	[MVX_CMD_SET_DEL] = "destroy a variant set",
	[MVX_CMD_TASK_ADD] = "register a task",
	[MVX_CMD_TASK_DEL] = "remove a task",
	[MVX_CMD_SET_GET] = "read counters",
};

/*
 * Sends @msg (freed here) and receives until its ack, error or dump end.
 * Replies go to @parse.  Returns 0 or -errno, printed once.
 */
static int mvx_kmod_request(struct mvx_kmod *k, struct nl_msg *msg, int cmd,
			    int (*parse)(struct nlattr **tb, void *arg),
			    void *arg)
{
	struct mvx_kmod_req req = { .err = 1, .parse = parse, .arg = arg };
	struct nl_cb *cb;
	int err;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		mvx_kmod_err(k, "out of memory for a netlink request");
		return -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, mvx_kmod_on_error, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, mvx_kmod_on_ack, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, mvx_kmod_on_ack, &req);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, mvx_kmod_on_valid, &req);

	err = nl_send_auto(k->sock, msg);
	nlmsg_free(msg);
	if (err < 0) {
		req.err = mvx_kmod_nlerr(err);
		snprintf(req.msg, sizeof(req.msg), "send: %s", nl_geterror(err));
	}
	while (req.err > 0) {
		err = nl_recvmsgs(k->sock, cb);
		if (err < 0 && req.err > 0) {
			req.err = mvx_kmod_nlerr(err);
			snprintf(req.msg, sizeof(req.msg), "receive: %s",
				 nl_geterror(err));
		}
	}
	nl_cb_put(cb);
	if (!req.err && req.parse_err)
		req.err = req.parse_err;
	if (req.err)
		mvx_kmod_err(k, "kernel module: cannot %s: %s%s%s%s",
			     mvx_kmod_cmd_names[cmd], strerror(-req.err),
			     req.msg[0] ? " (" : "", req.msg,
			     req.msg[0] ? ")" : "");
	return req.err;
}

/* A new request for @cmd, or NULL (printed). */
static struct nl_msg *mvx_kmod_msg(struct mvx_kmod *k, int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, k->family, 0,
			       flags, cmd, MVX_GENL_VERSION))
		return msg;
	nlmsg_free(msg);
	mvx_kmod_err(k, "out of memory for a netlink request");
	return NULL;
}

static int mvx_kmod_put_failed(struct mvx_kmod *k, struct nl_msg *msg)
{
	nlmsg_free(msg);
	mvx_kmod_err(k, "netlink request too large");
	return -EMSGSIZE;
}

int mvx_kmod_open(struct mvx_kmod **out)
{
	struct nl_cache *cache = NULL;
	struct genl_family *fam;
	struct mvx_kmod *k;
	int err, one = 1;

	*out = NULL;
	k = calloc(1, sizeof(*k));
	if (!k) {
		mvx_kmod_err(NULL, "out of memory");
		return -ENOMEM;
	}
	k->sock = nl_socket_alloc();
	if (!k->sock) {
		mvx_kmod_err(NULL, "out of memory for a netlink socket");
		err = -ENOMEM;
		goto err_free;
	}
	err = genl_connect(k->sock);
	if (err < 0) {
		mvx_kmod_err(NULL, "cannot open a generic netlink socket: %s",
			     nl_geterror(err));
		err = mvx_kmod_nlerr(err);
		goto err_sock;
	}
	/* Error messages from the kernel's policies; best effort. */
	setsockopt(nl_socket_get_fd(k->sock), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	err = genl_ctrl_alloc_cache(k->sock, &cache);
	if (err < 0) {
		mvx_kmod_err(NULL, "cannot list generic netlink families: %s",
			     nl_geterror(err));
		err = mvx_kmod_nlerr(err);
		goto err_sock;
	}
	fam = genl_ctrl_search_by_name(cache, MVX_GENL_NAME);
	if (!fam) {
		err = MVX_KMOD_ABSENT;
		goto err_cache;
	}
	k->family = genl_family_get_id(fam);
	k->version = genl_family_get_version(fam);
	genl_family_put(fam);
	nl_cache_free(cache);
	if (k->version != MVX_GENL_VERSION) {
		mvx_kmod_err(NULL,
			     "kernel module speaks protocol version %u, this mvx speaks %u",
			     k->version, MVX_GENL_VERSION);
		err = -EPROTO;
		goto err_sock;
	}
	*out = k;
	return 0;

err_cache:
	nl_cache_free(cache);
err_sock:
	nl_socket_free(k->sock);
err_free:
	free(k);
	return err;
}

void mvx_kmod_close(struct mvx_kmod *k)
{
	if (!k)
		return;
	if (k->ev_sock)
		nl_socket_free(k->ev_sock);
	nl_socket_free(k->sock);
	free(k);
}

void mvx_kmod_set_quiet(struct mvx_kmod *k, bool quiet)
{
	k->quiet = quiet;
}

unsigned int mvx_kmod_version(const struct mvx_kmod *k)
{
	return k->version;
}

void mvx_kmod_params_init(struct mvx_kmod_params *p, unsigned int nvariants)
{
	memset(p, 0, sizeof(*p));
	p->nvariants = nvariants;
	p->window = 1;
}

int mvx_kmod_approve(struct mvx_kmod_params *p, long nr, unsigned int argmask)
{
	if (nr < 0 || nr >= MVX_SYSCALL_BITS || argmask >> MVX_NR_ARGS)
		return -EINVAL;
	p->approved[nr / 8] |= 1U << (nr % 8);
	p->argmask[nr] = argmask;
	return 0;
}

int mvx_kmod_approve_buf(struct mvx_kmod_params *p, long nr, unsigned int arg,
			 unsigned int len)
{
	if (!mvx_kmod_params_approved(p, nr) || arg >= MVX_NR_ARGS ||
	    len < 1 || len > MVX_MAX_ARGBUF)
		return -EINVAL;
	p->argbuf[nr][0] = arg + 1;
	p->argbuf[nr][1] = len;
	return 0;
}

/* True when some call of @p has an input buffer. */
static bool mvx_kmod_has_argbuf(const struct mvx_kmod_params *p)
{
	int nr;

	for (nr = 0; nr < MVX_SYSCALL_BITS; nr++)
		if (p->argbuf[nr][0])
			return true;
	return false;
}

bool mvx_kmod_params_approved(const struct mvx_kmod_params *p, long nr)
{
	if (nr < 0 || nr >= MVX_SYSCALL_BITS)
		return false;
	return p->approved[nr / 8] & (1U << (nr % 8));
}

static int mvx_kmod_parse_id(struct nlattr **tb, void *arg)
{
	if (!tb[MVX_A_SET_ID])
		return -EPROTO;
	*(uint32_t *)arg = nla_get_u32(tb[MVX_A_SET_ID]);
	return 0;
}

int mvx_kmod_set_create(struct mvx_kmod *k, const struct mvx_kmod_params *p,
			uint32_t *set_id)
{
	struct nl_msg *msg = mvx_kmod_msg(k, MVX_CMD_SET_NEW, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MVX_A_NVARIANTS, p->nvariants) ||
	    nla_put(msg, MVX_A_APPROVED, sizeof(p->approved), p->approved) ||
	    nla_put(msg, MVX_A_ARGMASK, sizeof(p->argmask), p->argmask) ||
	    (mvx_kmod_has_argbuf(p) &&
	     nla_put(msg, MVX_A_ARGBUF, sizeof(p->argbuf), p->argbuf)) ||
	    nla_put_u32(msg, MVX_A_WINDOW, p->window ? p->window : 1) ||
	    (p->stall_ms && nla_put_u32(msg, MVX_A_STALL_MS, p->stall_ms)))
		return mvx_kmod_put_failed(k, msg);
	*set_id = 0;
	return mvx_kmod_request(k, msg, MVX_CMD_SET_NEW, mvx_kmod_parse_id,
				set_id);
}

int mvx_kmod_set_destroy(struct mvx_kmod *k, uint32_t set_id, bool kill)
{
	struct nl_msg *msg = mvx_kmod_msg(k, MVX_CMD_SET_DEL, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MVX_A_SET_ID, set_id) ||
	    (kill && nla_put_u32(msg, MVX_A_FLAGS, MVX_SET_DEL_F_KILL)))
		return mvx_kmod_put_failed(k, msg);
	return mvx_kmod_request(k, msg, MVX_CMD_SET_DEL, NULL, NULL);
}

int mvx_kmod_task_add(struct mvx_kmod *k, uint32_t set_id, pid_t tid,
		      unsigned int variant)
{
	struct nl_msg *msg = mvx_kmod_msg(k, MVX_CMD_TASK_ADD, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MVX_A_SET_ID, set_id) ||
	    nla_put_u32(msg, MVX_A_PID, tid) ||
	    nla_put_u32(msg, MVX_A_VARIANT, variant))
		return mvx_kmod_put_failed(k, msg);
	return mvx_kmod_request(k, msg, MVX_CMD_TASK_ADD, NULL, NULL);
}

int mvx_kmod_task_del(struct mvx_kmod *k, uint32_t set_id, pid_t tid)
{
	struct nl_msg *msg = mvx_kmod_msg(k, MVX_CMD_TASK_DEL, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MVX_A_SET_ID, set_id) ||
	    nla_put_u32(msg, MVX_A_PID, tid))
		return mvx_kmod_put_failed(k, msg);
	return mvx_kmod_request(k, msg, MVX_CMD_TASK_DEL, NULL, NULL);
}

/* The event or divergence attributes in @tb into @d. */
static void mvx_kmod_parse_div(struct nlattr **tb,
			       struct mvx_kmod_divergence *d)
{
	memset(d, 0, sizeof(*d));
	d->arg = -1;
	if (tb[MVX_A_EVENT])
		d->type = nla_get_u32(tb[MVX_A_EVENT]);
	if (tb[MVX_A_SET_ID])
		d->set_id = nla_get_u32(tb[MVX_A_SET_ID]);
	if (tb[MVX_A_INDEX])
		d->index = nla_get_u64(tb[MVX_A_INDEX]);
	if (tb[MVX_A_VARIANT])
		d->variant = nla_get_u32(tb[MVX_A_VARIANT]);
	if (tb[MVX_A_OTHER_VARIANT])
		d->other = nla_get_u32(tb[MVX_A_OTHER_VARIANT]);
	if (tb[MVX_A_NR])
		d->nr = nla_get_u32(tb[MVX_A_NR]);
	if (tb[MVX_A_OTHER_NR])
		d->other_nr = nla_get_u32(tb[MVX_A_OTHER_NR]);
	if (tb[MVX_A_ARG])
		d->arg = nla_get_u32(tb[MVX_A_ARG]);
}

static int mvx_kmod_parse_variants(struct nlattr *nest,
				   struct mvx_kmod_counters *c)
{
	struct nlattr *vtb[MVX_VA_MAX + 1];
	struct mvx_kmod_variant *v;
	struct nlattr *one;
	int rem, i;

	nla_for_each_nested(one, nest, rem) {
		i = nla_type(one) - 1;
		if (i < 0 || i >= MVX_MAX_VARIANTS ||
		    nla_parse_nested(vtb, MVX_VA_MAX, one,
				     (struct nla_policy *)mvx_kmod_va_policy))
			return -EPROTO;
		v = &c->v[i];
		v->state = vtb[MVX_VA_STATE] ?
			nla_get_u32(vtb[MVX_VA_STATE]) : 0;
		v->pid = vtb[MVX_VA_PID] ? (pid_t)nla_get_u32(vtb[MVX_VA_PID]) : 0;
		v->next = vtb[MVX_VA_NEXT] ? nla_get_u64(vtb[MVX_VA_NEXT]) : 0;
		v->held_nr = vtb[MVX_VA_HELD_NR] ?
			(int)nla_get_u32(vtb[MVX_VA_HELD_NR]) : -1;
	}
	return 0;
}

static int mvx_kmod_parse_counters(struct nlattr **tb,
				   struct mvx_kmod_counters *c)
{
	struct nlattr *dtb[MVX_A_MAX + 1];
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < MVX_MAX_VARIANTS; i++)
		c->v[i].held_nr = -1;
	if (!tb[MVX_A_SET_ID] || !tb[MVX_A_NVARIANTS] || !tb[MVX_A_STATE])
		return -EPROTO;
	c->set_id = nla_get_u32(tb[MVX_A_SET_ID]);
	c->nvariants = nla_get_u32(tb[MVX_A_NVARIANTS]);
	c->state = nla_get_u32(tb[MVX_A_STATE]);
	if (c->nvariants > MVX_MAX_VARIANTS)
		return -EPROTO;
	if (tb[MVX_A_WINDOW])
		c->window = nla_get_u32(tb[MVX_A_WINDOW]);
	if (tb[MVX_A_PASSED])
		c->passed = nla_get_u64(tb[MVX_A_PASSED]);
	if (tb[MVX_A_HOLDS])
		c->holds = nla_get_u64(tb[MVX_A_HOLDS]);
	if (tb[MVX_A_STALLS])
		c->stalls = nla_get_u64(tb[MVX_A_STALLS]);
	if (tb[MVX_A_VARIANTS] &&
	    mvx_kmod_parse_variants(tb[MVX_A_VARIANTS], c))
		return -EPROTO;
	if (tb[MVX_A_DIVERGENCE]) {
		if (nla_parse_nested(dtb, MVX_A_MAX, tb[MVX_A_DIVERGENCE],
				     (struct nla_policy *)mvx_kmod_policy))
			return -EPROTO;
		mvx_kmod_parse_div(dtb, &c->div);
		c->div.type = MVX_EVENT_DIVERGENCE;
		c->div.set_id = c->set_id;
		c->diverged = true;
	}
	return 0;
}

static int mvx_kmod_parse_one(struct nlattr **tb, void *arg)
{
	return mvx_kmod_parse_counters(tb, arg);
}

int mvx_kmod_set_get(struct mvx_kmod *k, uint32_t set_id,
		     struct mvx_kmod_counters *c)
{
	struct nl_msg *msg = mvx_kmod_msg(k, MVX_CMD_SET_GET, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MVX_A_SET_ID, set_id))
		return mvx_kmod_put_failed(k, msg);
	return mvx_kmod_request(k, msg, MVX_CMD_SET_GET, mvx_kmod_parse_one, c);
}

struct mvx_kmod_list {
	void (*fn)(const struct mvx_kmod_counters *c, void *arg);
	void *arg;
};

static int mvx_kmod_parse_each(struct nlattr **tb, void *arg)
{
	struct mvx_kmod_list *l = arg;
	struct mvx_kmod_counters c;
	int err = mvx_kmod_parse_counters(tb, &c);

	if (!err)
		l->fn(&c, l->arg);
	return err;
}

int mvx_kmod_set_list(struct mvx_kmod *k,
		      void (*fn)(const struct mvx_kmod_counters *c, void *arg),
		      void *arg)
{
	struct mvx_kmod_list l = { .fn = fn, .arg = arg };
	struct nl_msg *msg = mvx_kmod_msg(k, MVX_CMD_SET_GET, NLM_F_DUMP);

	if (!msg)
		return -ENOMEM;
	return mvx_kmod_request(k, msg, MVX_CMD_SET_GET, mvx_kmod_parse_each,
				&l);
}

static int mvx_kmod_on_event(struct nl_msg *msg, void *arg)
{
	struct mvx_kmod *k = arg;
	struct mvx_kmod_ev *e = k->ev_cur;
	struct nlattr *tb[MVX_A_MAX + 1];
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));

	if (!e || g->cmd != MVX_CMD_EVENT ||
	    genlmsg_parse(nlmsg_hdr(msg), 0, tb, MVX_A_MAX,
			  (struct nla_policy *)mvx_kmod_policy) < 0 ||
	    !tb[MVX_A_EVENT])
		return NL_SKIP;
	if (!e->got) {
		mvx_kmod_parse_div(tb, e->ev);
		e->got = 1;
	}
	return NL_OK;
}

int mvx_kmod_events_subscribe(struct mvx_kmod *k)
{
	int grp, err;

	if (k->ev_sock)
		return nl_socket_get_fd(k->ev_sock);
	grp = genl_ctrl_resolve_grp(k->sock, MVX_GENL_NAME,
				    MVX_GENL_MCGRP_EVENTS);
	if (grp < 0) {
		mvx_kmod_err(k, "kernel module: no events group: %s",
			     nl_geterror(grp));
		return mvx_kmod_nlerr(grp);
	}
	k->ev_sock = nl_socket_alloc();
	if (!k->ev_sock) {
		mvx_kmod_err(k, "out of memory for a netlink socket");
		return -ENOMEM;
	}
	nl_socket_disable_seq_check(k->ev_sock);
	nl_socket_modify_cb(k->ev_sock, NL_CB_VALID, NL_CB_CUSTOM,
			    mvx_kmod_on_event, k);
	err = genl_connect(k->ev_sock);
	if (err >= 0)
		err = nl_socket_add_membership(k->ev_sock, grp);
	if (err < 0) {
		mvx_kmod_err(k, "kernel module: cannot join the events group: %s",
			     nl_geterror(err));
		nl_socket_free(k->ev_sock);
		k->ev_sock = NULL;
		return mvx_kmod_nlerr(err);
	}
	return nl_socket_get_fd(k->ev_sock);
}

int mvx_kmod_event_read(struct mvx_kmod *k, struct mvx_kmod_divergence *ev,
			int timeout_ms)
{
	struct mvx_kmod_ev e = { .ev = ev };
	struct pollfd pfd;
	int err;

	if (!k->ev_sock) {
		err = mvx_kmod_events_subscribe(k);
		if (err < 0)
			return err;
	}
	pfd.fd = nl_socket_get_fd(k->ev_sock);
	pfd.events = POLLIN;
	err = poll(&pfd, 1, timeout_ms);
	if (err < 0) {
		err = -errno;
		mvx_kmod_err(k, "kernel module events: poll: %s",
			     strerror(-err));
		return err;
	}
	if (err == 0)
		return 0;
	k->ev_cur = &e;
	err = nl_recvmsgs_default(k->ev_sock);
	k->ev_cur = NULL;
	if (err < 0 && !e.got) {
		mvx_kmod_err(k, "kernel module events: %s", nl_geterror(err));
		return mvx_kmod_nlerr(err);
	}
	return e.got;
}

const char *mvx_kmod_state_name(uint32_t state)
{
	switch (state) {
	case MVX_SET_LIVE:
		return "live";
	case MVX_SET_DIVERGED:
		return "diverged";
	case MVX_SET_DEAD:
		return "dead";
	default:
		return "unknown";
	}
}
