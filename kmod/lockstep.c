// SPDX-License-Identifier: GPL-2.0
/*
 * The pure lockstep logic of a variant set; see lockstep.h for the rules.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "lockstep.h"

int mvx_ls_init(struct mvx_ls *ls, u32 nvariants, u32 window,
		const u8 *approved, const u8 *argmask, const u8 *argbuf,
		gfp_t gfp)
{
	unsigned int i;

	memset(ls, 0, sizeof(*ls));
	if (nvariants < 2 || nvariants > MVX_MAX_VARIANTS)
		return -EINVAL;
	if (window < 1 || window > MVX_MAX_WINDOW)
		return -EINVAL;
	if (argmask) {
		for (i = 0; i < MVX_SYSCALL_BITS; i++)
			if (argmask[i] & ~GENMASK(MVX_NR_ARGS - 1, 0))
				return -EINVAL;
		memcpy(ls->argmask, argmask, sizeof(ls->argmask));
	}
	if (argbuf) {
		for (i = 0; i < MVX_SYSCALL_BITS; i++) {
			struct mvx_argbuf b = { argbuf[2 * i], argbuf[2 * i + 1] };

			if (b.arg1 > MVX_NR_ARGS ||
			    (b.arg1 && (!b.len || b.len > MVX_MAX_ARGBUF)))
				return -EINVAL;
			if (b.arg1)
				ls->argbuf[i] = b;
		}
	}
	memcpy(ls->approved, approved, sizeof(ls->approved));

	ls->rec = kvcalloc(nvariants * window, sizeof(*ls->rec), gfp);
	if (!ls->rec)
		return -ENOMEM;
	ls->nvariants = nvariants;
	ls->window = window;
	ls->state = MVX_SET_LIVE;
	for (i = 0; i < nvariants; i++)
		ls->v[i].state = MVX_VARIANT_EMPTY;
	return 0;
}

void mvx_ls_destroy(struct mvx_ls *ls)
{
	kvfree(ls->rec);
	ls->rec = NULL;
}

bool mvx_ls_approved(const struct mvx_ls *ls, long nr)
{
	if (nr < 0 || nr >= MVX_SYSCALL_BITS)
		return false;
	return ls->approved[nr / 8] & BIT(nr % 8);
}

int mvx_ls_argbuf(const struct mvx_ls *ls, long nr, u32 *len)
{
	if (nr < 0 || nr >= MVX_SYSCALL_BITS || !ls->argbuf[nr].arg1)
		return -1;
	*len = ls->argbuf[nr].len;
	return ls->argbuf[nr].arg1 - 1;
}

int mvx_ls_diff(const struct mvx_ls *ls, const struct mvx_call *a,
		const struct mvx_call *b)
{
	unsigned int i;
	u32 len;
	u8 mask;
	int arg;

	if (a->nr != b->nr)
		return MVX_DIFF_NR;
	mask = a->nr < MVX_SYSCALL_BITS ? ls->argmask[a->nr] : 0;
	for (i = 0; i < MVX_NR_ARGS; i++)
		if ((mask & BIT(i)) && a->args[i] != b->args[i])
			return i;
	arg = mvx_ls_argbuf(ls, a->nr, &len);
	if (arg >= 0 && (a->buf_state != b->buf_state ||
			 (a->buf_state == MVX_BUF_DATA &&
			  memcmp(a->buf, b->buf, len))))
		return arg;
	return MVX_DIFF_NONE;
}

int mvx_ls_attach(struct mvx_ls *ls, u32 v)
{
	if (v >= ls->nvariants || ls->v[v].state != MVX_VARIANT_EMPTY)
		return -EBUSY;
	ls->v[v].state = MVX_VARIANT_ATTACHED;
	return 0;
}

void mvx_ls_detach(struct mvx_ls *ls, u32 v)
{
	if (v < ls->nvariants)
		ls->v[v].state = MVX_VARIANT_DETACHED;
}

void mvx_ls_kill(struct mvx_ls *ls)
{
	if (ls->state == MVX_SET_LIVE)
		ls->state = MVX_SET_DEAD;
}

static struct mvx_call *mvx_ls_slot(const struct mvx_ls *ls, u32 v, u64 k)
{
	return &ls->rec[v * ls->window + (u32)(k % ls->window)];
}

const struct mvx_call *mvx_ls_recorded(const struct mvx_ls *ls, u32 v)
{
	if (v >= ls->nvariants || !ls->v[v].recorded)
		return NULL;
	return mvx_ls_slot(ls, v, ls->v[v].next);
}

/* Number of calls variant @u has recorded: run ones plus a held one. */
static u64 mvx_ls_arrived(const struct mvx_ls *ls, u32 u)
{
	return ls->v[u].next + (ls->v[u].recorded ? 1 : 0);
}

bool mvx_ls_awaits(const struct mvx_ls *ls, u32 v, u32 u)
{
	if (ls->state != MVX_SET_LIVE || u == v || u >= ls->nvariants ||
	    ls->v[u].state == MVX_VARIANT_DETACHED)
		return false;
	/* u must have recorded call next[v] - window + 1 */
	return mvx_ls_arrived(ls, u) + ls->window <= ls->v[v].next + 1;
}

bool mvx_ls_may_pass(const struct mvx_ls *ls, u32 v)
{
	u32 u;

	for (u = 0; u < ls->nvariants; u++)
		if (mvx_ls_awaits(ls, v, u))
			return false;
	return true;
}

static enum mvx_verdict mvx_ls_diverge(struct mvx_ls *ls, u32 v, u32 u,
				       const struct mvx_call *call,
				       const struct mvx_call *other, int arg)
{
	ls->state = MVX_SET_DIVERGED;
	ls->div.index = ls->v[v].next;
	ls->div.variant = v;
	ls->div.other = u;
	ls->div.nr = call->nr;
	ls->div.other_nr = other->nr;
	ls->div.arg = arg;
	return MVX_DIVERGE;
}

enum mvx_verdict mvx_ls_arrive(struct mvx_ls *ls, u32 v,
			       const struct mvx_call *call)
{
	struct mvx_ls_variant *var;
	struct mvx_call *slot;
	u64 k;
	u32 u;
	int d;

	if (ls->state != MVX_SET_LIVE)
		return MVX_DEAD;
	if (v >= ls->nvariants || ls->v[v].state != MVX_VARIANT_ATTACHED)
		return MVX_DEAD;
	var = &ls->v[v];
	k = var->next;
	slot = mvx_ls_slot(ls, v, k);

	if (var->recorded) {
		/* Back after a hold: the call must be the one recorded. */
		d = mvx_ls_diff(ls, call, slot);
		if (d != MVX_DIFF_NONE)
			return mvx_ls_diverge(ls, v, v, call, slot, d);
	} else {
		for (u = 0; u < ls->nvariants; u++) {
			const struct mvx_call *other;

			if (u == v || ls->v[u].state != MVX_VARIANT_ATTACHED ||
			    mvx_ls_arrived(ls, u) <= k)
				continue;
			other = mvx_ls_slot(ls, u, k);
			d = mvx_ls_diff(ls, call, other);
			if (d != MVX_DIFF_NONE)
				return mvx_ls_diverge(ls, v, u, call, other, d);
		}
		slot->nr = call->nr;
		slot->buf_state = call->buf_state;
		memcpy(slot->args, call->args, sizeof(slot->args));
		if (call->buf_state == MVX_BUF_DATA)
			memcpy(slot->buf, call->buf, sizeof(slot->buf));
		var->recorded = true;
		if (!mvx_ls_may_pass(ls, v)) {
			ls->holds++;
			return MVX_HOLD;
		}
	}

	if (!mvx_ls_may_pass(ls, v))
		return MVX_HOLD;
	var->recorded = false;
	var->next++;
	ls->passed++;
	return MVX_PASS;
}
