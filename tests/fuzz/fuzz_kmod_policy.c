// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the kernel module's request parsing, in userspace:
 * an arbitrary attribute stream for an arbitrary command is validated
 * against kmod/policy.c's policy by the emulation of the kernel's strict
 * parsing in tests/fuzz/kshim/net/netlink.h; what it lets through for
 * MVX_CMD_SET_NEW goes, as in kmod/netlink.c, to mvx_ls_init()
 * (kmod/lockstep.c), and the set is then driven by arbitrary attaches,
 * arrivals and detaches.
 *
 * Besides the sanitizers' checks, it aborts when:
 * - an accepted request breaks the protocol as uapi/linux/mvx.h documents
 *   it (an attribute the command does not take, a length, range or flag
 *   outside what is documented), or a policy needs a kernel WARN;
 * - mvx_ls_init() fails on accepted parameters other than by -EINVAL for
 *   argument masks and input buffers;
 * - lockstep lets two attached variants run k-th calls that differ, lets a
 *   variant run more than `window` calls ahead of an attached one, reports
 *   a divergence between calls that do not differ, or gives a live verdict
 *   after the set diverged or was killed;
 * - a held variant's recorded call is not the one it arrived with, or a
 *   variant that ran its call still has one recorded;
 * - mvx_ls_approved() disagrees with the MVX_A_APPROVED bitmap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>
#include <linux/slab.h>
#include <net/netlink.h>
#include "../../kmod/lockstep.h"
#include "../../kmod/policy.h"

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_kmod_policy: %s\n", what);
	abort();
}

struct fz {
	const uint8_t *p;
	size_t n;
};

static uint8_t fz_u8(struct fz *z)
{
	uint8_t v = 0;

	if (z->n) {
		v = *z->p++;
		z->n--;
	}
	return v;
}

static const struct nla_policy *const policies[] = {
	[MVX_CMD_SET_NEW] = mvx_set_new_policy,
	[MVX_CMD_SET_DEL] = mvx_set_del_policy,
	[MVX_CMD_TASK_ADD] = mvx_task_add_policy,
	[MVX_CMD_TASK_DEL] = mvx_task_del_policy,
	[MVX_CMD_SET_GET] = mvx_set_get_policy,
};

/* The attributes each command takes (uapi/linux/mvx.h), as a bit mask. */
#define A(x) (1ULL << (x))
static const uint64_t documented[] = {
	[MVX_CMD_SET_NEW] = A(MVX_A_NVARIANTS) | A(MVX_A_APPROVED) |
		A(MVX_A_ARGMASK) | A(MVX_A_ARGBUF) | A(MVX_A_WINDOW) |
		A(MVX_A_STALL_MS) | A(MVX_A_FLAGS),
	[MVX_CMD_SET_DEL] = A(MVX_A_SET_ID) | A(MVX_A_FLAGS),
	[MVX_CMD_TASK_ADD] = A(MVX_A_SET_ID) | A(MVX_A_PID) | A(MVX_A_VARIANT),
	[MVX_CMD_TASK_DEL] = A(MVX_A_SET_ID) | A(MVX_A_PID),
	[MVX_CMD_SET_GET] = A(MVX_A_SET_ID),
};

/* An accepted request against the protocol's documentation. */
static void check_documented(int cmd, const struct nlattr **tb)
{
	for (int t = 1; t <= MVX_A_MAX; t++) {
		const struct nlattr *a = tb[t];
		u32 v;

		if (!a)
			continue;
		if (!(documented[cmd] & A(t)))
			fail("accepted an attribute the command does not take");
		v = nla_len(a) >= 4 ? nla_get_u32(a) : 0;
		switch (t) {
		case MVX_A_APPROVED:
			if (nla_len(a) != MVX_SYSCALL_BITS / 8)
				fail("MVX_A_APPROVED of the wrong length");
			continue;
		case MVX_A_ARGMASK:
			if (nla_len(a) != MVX_SYSCALL_BITS)
				fail("MVX_A_ARGMASK of the wrong length");
			continue;
		case MVX_A_ARGBUF:
			if (nla_len(a) != MVX_SYSCALL_BITS * 2)
				fail("MVX_A_ARGBUF of the wrong length");
			continue;
		}
		if (nla_len(a) != 4)
			fail("a u32 attribute not of 4 bytes");
		if (t == MVX_A_NVARIANTS && (v < 2 || v > MVX_MAX_VARIANTS))
			fail("MVX_A_NVARIANTS out of 2..MVX_MAX_VARIANTS");
		if (t == MVX_A_WINDOW && (v < 1 || v > MVX_MAX_WINDOW))
			fail("MVX_A_WINDOW out of 1..MVX_MAX_WINDOW");
		if (t == MVX_A_STALL_MS && v > MVX_MAX_STALL_MS)
			fail("MVX_A_STALL_MS above MVX_MAX_STALL_MS");
		if (t == MVX_A_FLAGS && (v & ~(cmd == MVX_CMD_SET_DEL ?
					       MVX_SET_DEL_F_ALL :
					       MVX_SET_NEW_F_ALL)))
			fail("MVX_A_FLAGS with an undefined bit");
		if ((t == MVX_A_SET_ID || t == MVX_A_PID) && v == 0)
			fail("MVX_A_SET_ID or MVX_A_PID of 0");
		if (t == MVX_A_VARIANT && v >= MVX_MAX_VARIANTS)
			fail("MVX_A_VARIANT past MVX_MAX_VARIANTS");
	}
}

#define MAX_OPS 256

/* What the harness saw of each variant: its calls and verdicts. */
static struct model {
	int state;		/* enum mvx_variant_state */
	unsigned int passed;	/* calls run */
	bool held;		/* calls[passed] recorded, waiting */
	struct mvx_call calls[MAX_OPS + 1];
} model[MVX_MAX_VARIANTS];

/* A call from a small palette, so that variants agree often. */
static void fz_call(struct fz *z, const u32 *nrs, struct mvx_call *c)
{
	uint8_t s = fz_u8(z);

	memset(c, 0, sizeof(*c));
	c->nr = nrs[s & 3];
	for (int i = 0; i < MVX_NR_ARGS; i++)
		c->args[i] = s & 4 ? fz_u8(z) % 3 : 0;
	c->buf_state = (s >> 3) % 4;
	if (c->buf_state == MVX_BUF_DATA)
		memset(c->buf, 'a' + (s >> 5), sizeof(c->buf));
	if (s & 0x80)
		c->buf[fz_u8(z) % MVX_MAX_ARGBUF] ^= 1 + fz_u8(z) % 3;
}

static void drive(struct mvx_ls *ls, struct fz *z)
{
	u32 nrs[4];
	bool over = false;

	for (int i = 0; i < 4; i++)
		nrs[i] = fz_u8(z) | (fz_u8(z) & 1) << 8;	/* 0..511 */
	memset(model, 0, sizeof(*model) * ls->nvariants);
	for (int op = 0; op < MAX_OPS && z->n; op++) {
		uint8_t o = fz_u8(z);
		u32 v = (o >> 2) % ls->nvariants;
		struct model *mv = &model[v];
		struct mvx_call call;
		enum mvx_verdict r;
		unsigned int k;

		switch (o & 3) {
		case 0:
			if (mvx_ls_attach(ls, v) == 0) {
				if (mv->state != MVX_VARIANT_EMPTY)
					fail("a slot attached twice");
				mv->state = MVX_VARIANT_ATTACHED;
			}
			continue;
		case 1:
			if ((o & 0x80) == 0)
				break;
			mvx_ls_detach(ls, v);
			mv->state = MVX_VARIANT_DETACHED;
			continue;
		case 2:
			if ((o & 0xc0) == 0xc0) {
				mvx_ls_kill(ls);
				over = true;
				continue;
			}
			break;
		default:
			break;
		}
		/* an arrival: a held variant mostly comes back with its call */
		k = mv->passed;
		if (mv->held && !(o & 0x40))
			call = mv->calls[k];
		else
			fz_call(z, nrs, &call);
		r = mvx_ls_arrive(ls, v, &call);
		if (over || mv->state != MVX_VARIANT_ATTACHED) {
			if (r != MVX_DEAD)
				fail("a verdict other than DEAD for a set or variant that is over");
			continue;
		}
		switch (r) {
		case MVX_DEAD:
			fail("DEAD for a live set and an attached variant");
			break;
		case MVX_HOLD:
			if (!mv->held)
				mv->calls[k] = call;
			mv->held = true;
			if (!mvx_ls_recorded(ls, v) ||
			    mvx_ls_diff(ls, mvx_ls_recorded(ls, v),
					&mv->calls[k]) != MVX_DIFF_NONE)
				fail("a held variant without its recorded call");
			break;
		case MVX_DIVERGE: {
			u32 u = ls->div.other;
			const struct mvx_call *other;

			if (ls->state != MVX_SET_DIVERGED || ls->div.variant != v ||
			    ls->div.index != k || u >= ls->nvariants)
				fail("a divergence record that does not say where");
			if (u == v && !mv->held)
				fail("a divergence with itself without a held call");
			if (u != v && model[u].passed + model[u].held <= k)
				fail("a divergence with a call not yet made");
			other = &model[u].calls[k];
			if (mvx_ls_diff(ls, &call, other) == MVX_DIFF_NONE ||
			    mvx_ls_diff(ls, &call, other) != ls->div.arg)
				fail("a divergence between calls that do not differ");
			over = true;
			break;
		}
		case MVX_PASS:
			if (mv->held && mvx_ls_diff(ls, &call, &mv->calls[k]) !=
					MVX_DIFF_NONE)
				fail("a held variant ran a call other than the one recorded");
			for (u32 u = 0; u < ls->nvariants; u++) {
				struct model *mu = &model[u];

				if (u == v || mu->state == MVX_VARIANT_DETACHED)
					continue;
				if (mu->passed + mu->held + ls->window <= k + 1)
					fail("a variant ran more than window calls ahead");
				if (mu->state == MVX_VARIANT_ATTACHED &&
				    mu->passed + mu->held > k &&
				    mvx_ls_diff(ls, &call, &mu->calls[k]) !=
					    MVX_DIFF_NONE)
					fail("two attached variants ran k-th calls that differ");
			}
			mv->calls[k] = call;
			mv->held = false;
			mv->passed++;
			if (mvx_ls_recorded(ls, v))
				fail("a variant that ran its call still has it recorded");
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[8192] __attribute__((aligned(8)));
	const struct nlattr *tb[MVX_A_MAX + 1];
	struct fz z = { data, size };
	int cmd = MVX_CMD_SET_NEW + fz_u8(&z) % 5;
	size_t len = fz_u8(&z) | (size_t)fz_u8(&z) << 8;
	const uint8_t *argmask = NULL, *argbuf = NULL;
	u32 window = 1;
	struct mvx_ls ls;
	int err;

	if (len > z.n)
		len = z.n;
	if (len > sizeof(buf))
		len = sizeof(buf);
	memcpy(buf, z.p, len);
	z.p += len;
	z.n -= len;
	if (kshim_nla_parse(tb, MVX_A_MAX, buf, (int)len, policies[cmd]) < 0)
		return 0;
	check_documented(cmd, tb);

	/* kmod/netlink.c, mvx_nl_set_new() */
	if (cmd != MVX_CMD_SET_NEW || !tb[MVX_A_NVARIANTS] ||
	    !tb[MVX_A_APPROVED])
		return 0;
	if (tb[MVX_A_WINDOW])
		window = nla_get_u32(tb[MVX_A_WINDOW]);
	if (tb[MVX_A_ARGMASK])
		argmask = nla_data(tb[MVX_A_ARGMASK]);
	if (tb[MVX_A_ARGBUF])
		argbuf = nla_data(tb[MVX_A_ARGBUF]);
	err = mvx_ls_init(&ls, nla_get_u32(tb[MVX_A_NVARIANTS]), window,
			  nla_data(tb[MVX_A_APPROVED]), argmask, argbuf,
			  GFP_KERNEL);
	if (err == -EINVAL && (argmask || argbuf))
		return 0;
	if (err)
		fail("mvx_ls_init refused parameters the policy accepted");
	for (long nr = -1; nr <= MVX_SYSCALL_BITS; nr++) {
		const u8 *ap = nla_data(tb[MVX_A_APPROVED]);
		bool want = nr >= 0 && nr < MVX_SYSCALL_BITS &&
			    (ap[nr / 8] >> (nr % 8) & 1);

		if (mvx_ls_approved(&ls, nr) != want)
			fail("mvx_ls_approved disagrees with MVX_A_APPROVED");
	}
	drive(&ls, &z);
	mvx_ls_destroy(&ls);
	return 0;
}
