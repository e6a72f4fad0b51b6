// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the pure lockstep logic.  Most cases are scripts: a set is
 * created, then each step makes one variant arrive at a call and names the
 * verdict it must get.
 */
#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/slab.h>
#include "lockstep.h"

#define NR_A	110	/* getppid */
#define NR_B	39	/* getpid */
#define NR_OFF	200	/* not approved */

struct mvx_step {
	u32 variant;
	u32 nr;
	u64 arg0;
	u64 arg1;		/* never compared */
	enum mvx_verdict want;
};

struct mvx_script {
	const char *name;
	u32 nvariants;
	u32 window;
	u32 nsteps;
	struct mvx_step steps[12];
	u64 want_next[3];	/* the call indexes after the script */
	enum mvx_set_state want_state;
};

static const struct mvx_script mvx_scripts[] = {
	{
		.name = "strict: first arrival held, last passes",
		.nvariants = 2, .window = 1, .nsteps = 4,
		.steps = {
			{ 0, NR_A, 1, 5, MVX_HOLD },
			{ 1, NR_A, 1, 6, MVX_PASS },
			{ 0, NR_A, 1, 5, MVX_PASS },
			{ 1, NR_A, 2, 0, MVX_HOLD },
		},
		.want_next = { 1, 1 }, .want_state = MVX_SET_LIVE,
	},
	{
		.name = "strict: a held variant stays held until the others",
		.nvariants = 3, .window = 1, .nsteps = 6,
		.steps = {
			{ 0, NR_A, 1, 0, MVX_HOLD },
			{ 0, NR_A, 1, 0, MVX_HOLD },
			{ 2, NR_A, 1, 0, MVX_HOLD },
			{ 1, NR_A, 1, 0, MVX_PASS },
			{ 2, NR_A, 1, 0, MVX_PASS },
			{ 0, NR_A, 1, 0, MVX_PASS },
		},
		.want_next = { 1, 1, 1 }, .want_state = MVX_SET_LIVE,
	},
	{
		.name = "different numbers diverge before running",
		.nvariants = 2, .window = 1, .nsteps = 3,
		.steps = {
			{ 0, NR_A, 1, 0, MVX_HOLD },
			{ 1, NR_B, 1, 0, MVX_DIVERGE },
			{ 0, NR_A, 1, 0, MVX_DEAD },
		},
		.want_next = { 0, 0 }, .want_state = MVX_SET_DIVERGED,
	},
	{
		.name = "a compared argument diverges",
		.nvariants = 2, .window = 1, .nsteps = 5,
		.steps = {
			{ 1, NR_A, 7, 0, MVX_HOLD },
			{ 0, NR_A, 7, 0, MVX_PASS },
			{ 1, NR_A, 7, 0, MVX_PASS },
			{ 0, NR_A, 8, 0, MVX_HOLD },
			{ 1, NR_A, 9, 0, MVX_DIVERGE },
		},
		.want_next = { 1, 1 }, .want_state = MVX_SET_DIVERGED,
	},
	{
		.name = "an uncompared argument does not diverge",
		.nvariants = 2, .window = 1, .nsteps = 2,
		.steps = {
			{ 0, NR_A, 7, 100, MVX_HOLD },
			{ 1, NR_A, 7, 200, MVX_PASS },
		},
		.want_next = { 0, 1 }, .want_state = MVX_SET_LIVE,
	},
	{
		.name = "a changed call after a hold diverges",
		.nvariants = 2, .window = 1, .nsteps = 2,
		.steps = {
			{ 0, NR_A, 7, 0, MVX_HOLD },
			{ 0, NR_A, 3, 0, MVX_DIVERGE },
		},
		.want_next = { 0, 0 }, .want_state = MVX_SET_DIVERGED,
	},
	{
		.name = "window 3: two calls ahead, then held",
		.nvariants = 2, .window = 3, .nsteps = 6,
		.steps = {
			{ 0, NR_A, 1, 0, MVX_PASS },
			{ 0, NR_A, 2, 0, MVX_PASS },
			{ 0, NR_A, 3, 0, MVX_HOLD },
			{ 1, NR_A, 1, 0, MVX_PASS },
			{ 0, NR_A, 3, 0, MVX_PASS },
			{ 1, NR_A, 2, 0, MVX_PASS },
		},
		.want_next = { 3, 2 }, .want_state = MVX_SET_LIVE,
	},
	{
		.name = "window 3: a late variant's mismatch is still found",
		.nvariants = 2, .window = 3, .nsteps = 4,
		.steps = {
			{ 0, NR_A, 1, 0, MVX_PASS },
			{ 0, NR_A, 2, 0, MVX_PASS },
			{ 1, NR_A, 1, 0, MVX_PASS },
			{ 1, NR_A, 5, 0, MVX_DIVERGE },
		},
		.want_next = { 2, 1 }, .want_state = MVX_SET_DIVERGED,
	},
	{
		.name = "an extra call in one variant is held at its index",
		.nvariants = 2, .window = 1, .nsteps = 5,
		.steps = {
			{ 0, NR_A, 1, 0, MVX_HOLD },
			{ 1, NR_A, 1, 0, MVX_PASS },
			{ 0, NR_A, 1, 0, MVX_PASS },
			{ 0, NR_A, 1, 0, MVX_HOLD },
			{ 0, NR_A, 1, 0, MVX_HOLD },
		},
		.want_next = { 1, 1 }, .want_state = MVX_SET_LIVE,
	},
};

static void mvx_script_desc(const struct mvx_script *s, char *desc)
{
	strscpy(desc, s->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(mvx_script, mvx_scripts, mvx_script_desc);

/* NR_B's argument 1 points to 8 input bytes compared by content. */
static u8 mvx_test_argbuf_table[MVX_SYSCALL_BITS * 2] = {
	[2 * NR_B] = 2, [2 * NR_B + 1] = 8,
};

/*
 * A live set of @n variants: NR_A and NR_B approved, argument 0 compared
 * by value, and NR_B's input buffer by content.
 */
static struct mvx_ls *mvx_test_set(struct kunit *test, u32 n, u32 window)
{
	u8 approved[MVX_SYSCALL_BITS / 8] = { 0 };
	struct mvx_ls *ls;
	u8 *argmask;
	u32 v;

	ls = kunit_kzalloc(test, sizeof(*ls), GFP_KERNEL);
	argmask = kunit_kzalloc(test, MVX_SYSCALL_BITS, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ls);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, argmask);
	approved[NR_A / 8] |= BIT(NR_A % 8);
	approved[NR_B / 8] |= BIT(NR_B % 8);
	argmask[NR_A] = BIT(0);
	argmask[NR_B] = BIT(0);
	KUNIT_ASSERT_EQ(test, mvx_ls_init(ls, n, window, approved, argmask,
					  mvx_test_argbuf_table, GFP_KERNEL), 0);
	for (v = 0; v < n; v++)
		KUNIT_ASSERT_EQ(test, mvx_ls_attach(ls, v), 0);
	return ls;
}

static void mvx_test_script(struct kunit *test)
{
	const struct mvx_script *s = test->param_value;
	struct mvx_ls *ls = mvx_test_set(test, s->nvariants, s->window);
	u32 i;

	for (i = 0; i < s->nsteps; i++) {
		const struct mvx_step *st = &s->steps[i];
		struct mvx_call call = {
			.nr = st->nr, .args = { st->arg0, st->arg1 },
		};

		KUNIT_EXPECT_EQ_MSG(test, mvx_ls_arrive(ls, st->variant, &call),
				    st->want, "step %u", i);
	}
	for (i = 0; i < s->nvariants; i++)
		KUNIT_EXPECT_EQ_MSG(test, ls->v[i].next, s->want_next[i],
				    "variant %u", i);
	KUNIT_EXPECT_EQ(test, ls->state, s->want_state);
	mvx_ls_destroy(ls);
}

static void mvx_test_divergence_record(struct kunit *test)
{
	struct mvx_ls *ls = mvx_test_set(test, 2, 1);
	struct mvx_call a = { .nr = NR_A, .args = { 1 } };
	struct mvx_call b = { .nr = NR_A, .args = { 2 } };
	struct mvx_call c = { .nr = NR_B, .args = { 1 } };

	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 0, &a), MVX_HOLD);
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 1, &a), MVX_PASS);
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 0, &a), MVX_PASS);
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 1, &b), MVX_HOLD);
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 0, &a), MVX_DIVERGE);
	KUNIT_EXPECT_EQ(test, ls->div.index, 1ULL);
	KUNIT_EXPECT_EQ(test, ls->div.variant, 0U);
	KUNIT_EXPECT_EQ(test, ls->div.other, 1U);
	KUNIT_EXPECT_EQ(test, ls->div.arg, 0);
	KUNIT_EXPECT_EQ(test, ls->passed, 2ULL);
	KUNIT_EXPECT_EQ(test, ls->holds, 2ULL);
	KUNIT_EXPECT_TRUE(test, mvx_ls_may_pass(ls, 1));
	mvx_ls_destroy(ls);

	ls = mvx_test_set(test, 2, 1);
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 1, &a), MVX_HOLD);
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 0, &c), MVX_DIVERGE);
	KUNIT_EXPECT_EQ(test, ls->div.arg, MVX_DIFF_NR);
	KUNIT_EXPECT_EQ(test, ls->div.nr, (u32)NR_B);
	KUNIT_EXPECT_EQ(test, ls->div.other_nr, (u32)NR_A);
	mvx_ls_destroy(ls);
}

static void mvx_test_slots(struct kunit *test)
{
	u8 approved[MVX_SYSCALL_BITS / 8] = { 0 };
	struct mvx_call a = { .nr = NR_A };
	struct mvx_ls *ls;

	ls = kunit_kzalloc(test, sizeof(*ls), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ls);
	approved[NR_A / 8] |= BIT(NR_A % 8);
	KUNIT_ASSERT_EQ(test, mvx_ls_init(ls, 3, 1, approved, NULL, NULL,
					  GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, mvx_ls_attach(ls, 0), 0);
	KUNIT_EXPECT_EQ(test, mvx_ls_attach(ls, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, mvx_ls_attach(ls, 3), -EBUSY);
	/* An arrival of an unattached variant is refused. */
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 1, &a), MVX_DEAD);
	KUNIT_EXPECT_EQ(test, mvx_ls_attach(ls, 1), 0);
	/* Slot 2 is empty: the others wait for it. */
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 0, &a), MVX_HOLD);
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 1, &a), MVX_HOLD);
	KUNIT_EXPECT_FALSE(test, mvx_ls_may_pass(ls, 0));
	KUNIT_EXPECT_TRUE(test, mvx_ls_awaits(ls, 0, 2));
	KUNIT_EXPECT_FALSE(test, mvx_ls_awaits(ls, 0, 1));
	KUNIT_EXPECT_FALSE(test, mvx_ls_awaits(ls, 0, 0));
	KUNIT_EXPECT_FALSE(test, mvx_ls_awaits(ls, 0, 3));
	/* Once it is detached, they no longer do. */
	mvx_ls_detach(ls, 2);
	KUNIT_EXPECT_FALSE(test, mvx_ls_awaits(ls, 0, 2));
	KUNIT_EXPECT_TRUE(test, mvx_ls_may_pass(ls, 0));
	KUNIT_EXPECT_EQ(test, mvx_ls_attach(ls, 2), -EBUSY);
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 0, &a), MVX_PASS);
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 1, &a), MVX_PASS);
	/* Killing the set releases and refuses everybody. */
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 0, &a), MVX_HOLD);
	KUNIT_EXPECT_TRUE(test, mvx_ls_awaits(ls, 0, 1));
	mvx_ls_kill(ls);
	KUNIT_EXPECT_FALSE(test, mvx_ls_awaits(ls, 0, 1));
	KUNIT_EXPECT_TRUE(test, mvx_ls_may_pass(ls, 0));
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 0, &a), MVX_DEAD);
	KUNIT_EXPECT_EQ(test, ls->state, MVX_SET_DEAD);
	mvx_ls_destroy(ls);
}

struct mvx_init_case {
	const char *name;
	u32 nvariants;
	u32 window;
	u8 bad_mask;
	u8 buf_arg1;
	u8 buf_len;
	int want;
};

static const struct mvx_init_case mvx_init_cases[] = {
	{ "one variant", 1, 1, 0, 0, 0, -EINVAL },
	{ "two variants", 2, 1, 0, 0, 0, 0 },
	{ "sixteen variants", MVX_MAX_VARIANTS, MVX_MAX_WINDOW, 0, 0, 0, 0 },
	{ "seventeen variants", MVX_MAX_VARIANTS + 1, 1, 0, 0, 0, -EINVAL },
	{ "window 0", 2, 0, 0, 0, 0, -EINVAL },
	{ "window too large", 2, MVX_MAX_WINDOW + 1, 0, 0, 0, -EINVAL },
	{ "argument mask past six arguments", 2, 1, BIT(MVX_NR_ARGS), 0, 0,
	  -EINVAL },
	{ "buffer in argument 6", 2, 1, 0, MVX_NR_ARGS, MVX_MAX_ARGBUF, 0 },
	{ "buffer in a seventh argument", 2, 1, 0, MVX_NR_ARGS + 1, 8, -EINVAL },
	{ "buffer of 0 bytes", 2, 1, 0, 1, 0, -EINVAL },
	{ "buffer too large", 2, 1, 0, 1, MVX_MAX_ARGBUF + 1, -EINVAL },
	{ "length without a buffer", 2, 1, 0, 0, 8, 0 },
};

static void mvx_init_desc(const struct mvx_init_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(mvx_init, mvx_init_cases, mvx_init_desc);

static void mvx_test_init(struct kunit *test)
{
	const struct mvx_init_case *c = test->param_value;
	u8 approved[MVX_SYSCALL_BITS / 8] = { 0 };
	struct mvx_ls *ls;
	u8 *argmask, *argbuf;

	ls = kunit_kzalloc(test, sizeof(*ls), GFP_KERNEL);
	argmask = kunit_kzalloc(test, MVX_SYSCALL_BITS, GFP_KERNEL);
	argbuf = kunit_kzalloc(test, MVX_SYSCALL_BITS * 2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ls);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, argmask);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, argbuf);
	argmask[MVX_SYSCALL_BITS - 1] = c->bad_mask;
	argbuf[2 * 300] = c->buf_arg1;
	argbuf[2 * 300 + 1] = c->buf_len;
	KUNIT_EXPECT_EQ(test, mvx_ls_init(ls, c->nvariants, c->window,
					  approved, argmask, argbuf,
					  GFP_KERNEL),
			c->want);
	if (!c->want) {
		KUNIT_EXPECT_EQ(test, ls->state, MVX_SET_LIVE);
		KUNIT_EXPECT_EQ(test, ls->v[0].state, MVX_VARIANT_EMPTY);
	}
	mvx_ls_destroy(ls);
}

struct mvx_buf_case {
	const char *name;
	u8 state[2];
	const char *data[2];
	u64 addr[2];
	enum mvx_verdict want;
};

static const struct mvx_buf_case mvx_buf_cases[] = {
	{ "same bytes at other addresses",
	  { MVX_BUF_DATA, MVX_BUF_DATA }, { "abcdefgh", "abcdefgh" },
	  { 0x1000, 0x7ff0 }, MVX_PASS },
	{ "a byte differs", { MVX_BUF_DATA, MVX_BUF_DATA },
	  { "abcdefgh", "abcdefgX" }, { 0x1000, 0x1000 }, MVX_DIVERGE },
	{ "bytes past the length do not count", { MVX_BUF_DATA, MVX_BUF_DATA },
	  { "abcdefgh1", "abcdefgh2" }, { 0x1000, 0x1000 }, MVX_PASS },
	{ "NULL and NULL", { MVX_BUF_NULL, MVX_BUF_NULL }, { "", "" },
	  { 0, 0 }, MVX_PASS },
	{ "NULL and bytes", { MVX_BUF_NULL, MVX_BUF_DATA }, { "", "abcdefgh" },
	  { 0, 0x1000 }, MVX_DIVERGE },
	{ "unreadable twice", { MVX_BUF_UNREADABLE, MVX_BUF_UNREADABLE },
	  { "", "" }, { 8, 16 }, MVX_PASS },
	{ "unreadable and bytes", { MVX_BUF_UNREADABLE, MVX_BUF_DATA },
	  { "", "abcdefgh" }, { 8, 0x1000 }, MVX_DIVERGE },
};

static void mvx_buf_desc(const struct mvx_buf_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(mvx_buf, mvx_buf_cases, mvx_buf_desc);

/* NR_B's input buffer (argument 1, 8 bytes) is compared by content. */
static void mvx_test_argbuf(struct kunit *test)
{
	const struct mvx_buf_case *c = test->param_value;
	struct mvx_ls *ls = mvx_test_set(test, 2, 1);
	struct mvx_call call[2];
	u32 len = 0;
	int v;

	KUNIT_EXPECT_EQ(test, mvx_ls_argbuf(ls, NR_B, &len), 1);
	KUNIT_EXPECT_EQ(test, len, 8U);
	KUNIT_EXPECT_EQ(test, mvx_ls_argbuf(ls, NR_A, &len), -1);
	for (v = 0; v < 2; v++) {
		memset(&call[v], 0, sizeof(call[v]));
		call[v].nr = NR_B;
		call[v].args[1] = c->addr[v];
		call[v].buf_state = c->state[v];
		strscpy(call[v].buf, c->data[v], sizeof(call[v].buf));
	}
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 0, &call[0]), MVX_HOLD);
	KUNIT_EXPECT_EQ(test, mvx_ls_arrive(ls, 1, &call[1]), c->want);
	if (c->want == MVX_DIVERGE)
		KUNIT_EXPECT_EQ(test, ls->div.arg, 1);
	mvx_ls_destroy(ls);
}

static void mvx_test_approved(struct kunit *test)
{
	struct mvx_ls *ls = mvx_test_set(test, 2, 1);

	KUNIT_EXPECT_TRUE(test, mvx_ls_approved(ls, NR_A));
	KUNIT_EXPECT_TRUE(test, mvx_ls_approved(ls, NR_B));
	KUNIT_EXPECT_FALSE(test, mvx_ls_approved(ls, NR_OFF));
	KUNIT_EXPECT_FALSE(test, mvx_ls_approved(ls, -1));
	KUNIT_EXPECT_FALSE(test, mvx_ls_approved(ls, MVX_SYSCALL_BITS));
	KUNIT_EXPECT_FALSE(test, mvx_ls_approved(ls, 0x40000000 | NR_A));
	mvx_ls_destroy(ls);
}

static void mvx_test_long_run(struct kunit *test)
{
	struct mvx_ls *ls = mvx_test_set(test, 3, 4);
	struct mvx_call c = { .nr = NR_A };
	u32 i, v, passed = 0;
	u64 lo, hi;

	/* Round robin with variant 2 slow: indexes never drift past window. */
	for (i = 0; i < 3000; i++) {
		v = i % 5 < 2 ? 0 : (i % 5 < 4 ? 1 : 2);
		c.args[0] = ls->v[v].next;
		switch (mvx_ls_arrive(ls, v, &c)) {
		case MVX_PASS:
			passed++;
			break;
		case MVX_HOLD:
			break;
		default:
			KUNIT_FAIL(test, "step %u: unexpected verdict", i);
			return;
		}
		lo = min3(ls->v[0].next, ls->v[1].next, ls->v[2].next);
		hi = max3(ls->v[0].next, ls->v[1].next, ls->v[2].next);
		KUNIT_ASSERT_LT(test, hi - lo, 4ULL);
	}
	KUNIT_EXPECT_EQ(test, ls->passed, (u64)passed);
	KUNIT_EXPECT_GT(test, ls->v[2].next, 500ULL);
	mvx_ls_destroy(ls);
}

/*
 * For the n variants other than @v (n * n + n <= 64): bit u * n + w when
 * u waits for w, bit n * n + u when u may pass.
 */
static u64 mvx_waits_of_others(const struct mvx_ls *ls, u32 v)
{
	u32 n = ls->nvariants, u, w;
	u64 bits = 0;

	for (u = 0; u < n; u++) {
		if (u == v)
			continue;
		for (w = 0; w < n; w++)
			if (mvx_ls_awaits(ls, u, w))
				bits |= BIT_ULL(u * n + w);
		if (mvx_ls_may_pass(ls, u))
			bits |= BIT_ULL(n * n + u);
	}
	return bits;
}

/*
 * The probe bumps the set's change count only for first arrivals: coming
 * back to a recorded call, to pass or to be held again, must not change
 * what the other variants wait for.
 */
static void mvx_test_back_changes_nothing(struct kunit *test)
{
	static const u32 windows[] = { 1, 2, 4 };
	struct mvx_call c = { .nr = NR_A };
	u32 i, k, v, backs;
	enum mvx_verdict verdict;
	struct mvx_ls *ls;
	bool back;
	u64 before;

	for (k = 0; k < ARRAY_SIZE(windows); k++) {
		ls = mvx_test_set(test, 3, windows[k]);
		backs = 0;
		for (i = 0; i < 2000; i++) {
			/* variant 2 slow: the others are held and return */
			v = i % 7 < 3 ? 0 : (i % 7 < 6 ? 1 : 2);
			c.args[0] = ls->v[v].next;
			back = mvx_ls_recorded(ls, v);
			before = mvx_waits_of_others(ls, v);
			verdict = mvx_ls_arrive(ls, v, &c);
			KUNIT_ASSERT_TRUE_MSG(test, verdict == MVX_PASS ||
					      verdict == MVX_HOLD,
					      "window %u step %u", windows[k], i);
			if (!back)
				continue;
			backs++;
			KUNIT_EXPECT_EQ_MSG(test, mvx_waits_of_others(ls, v),
					    before, "window %u step %u",
					    windows[k], i);
		}
		KUNIT_EXPECT_GT_MSG(test, backs, 100U, "window %u", windows[k]);
		mvx_ls_destroy(ls);
	}
}

static struct kunit_case mvx_lockstep_cases[] = {
	KUNIT_CASE_PARAM(mvx_test_script, mvx_script_gen_params),
	KUNIT_CASE(mvx_test_divergence_record),
	KUNIT_CASE(mvx_test_slots),
	KUNIT_CASE_PARAM(mvx_test_init, mvx_init_gen_params),
	KUNIT_CASE_PARAM(mvx_test_argbuf, mvx_buf_gen_params),
	KUNIT_CASE(mvx_test_approved),
	KUNIT_CASE(mvx_test_long_run),
	KUNIT_CASE(mvx_test_back_changes_nothing),
	{}
};

static struct kunit_suite mvx_lockstep_suite = {
	.name = "mvx_lockstep",
	.test_cases = mvx_lockstep_cases,
};

kunit_test_suite(mvx_lockstep_suite);

MODULE_LICENSE("GPL");
