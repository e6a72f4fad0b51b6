// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the commands' attribute policies: requests built by hand
 * are validated the way generic netlink validates them (strictly) against
 * the tables the module uses.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include <net/netlink.h>
#include "policy.h"

#define U32	(-1)	/* raw_attr.len: a u32 holding .value */

struct mvx_raw_attr {
	int type;
	int len;
	u32 value;
};

struct mvx_policy_case {
	const char *name;
	const struct nla_policy *policy;
	struct mvx_raw_attr attrs[4];
	int want;
};

#define BITS	(MVX_SYSCALL_BITS / 8)

static const struct mvx_policy_case mvx_policy_cases[] = {
	{ "set_new: minimal", mvx_set_new_policy,
	  { { MVX_A_NVARIANTS, U32, 2 }, { MVX_A_APPROVED, BITS } }, 0 },
	{ "set_new: everything", mvx_set_new_policy,
	  { { MVX_A_NVARIANTS, U32, 16 }, { MVX_A_ARGMASK, MVX_SYSCALL_BITS },
	    { MVX_A_WINDOW, U32, 64 }, { MVX_A_STALL_MS, U32, 600000 } }, 0 },
	{ "set_new: one variant", mvx_set_new_policy,
	  { { MVX_A_NVARIANTS, U32, 1 } }, -ERANGE },
	{ "set_new: 17 variants", mvx_set_new_policy,
	  { { MVX_A_NVARIANTS, U32, 17 } }, -ERANGE },
	{ "set_new: u8 variant count", mvx_set_new_policy,
	  { { MVX_A_NVARIANTS, 1 } }, -EINVAL },
	{ "set_new: short bitmap", mvx_set_new_policy,
	  { { MVX_A_APPROVED, BITS - 1 } }, -ERANGE },
	{ "set_new: long bitmap", mvx_set_new_policy,
	  { { MVX_A_APPROVED, BITS + 1 } }, -ERANGE },
	{ "set_new: short argument masks", mvx_set_new_policy,
	  { { MVX_A_ARGMASK, MVX_SYSCALL_BITS - 1 } }, -ERANGE },
	{ "set_new: input buffers", mvx_set_new_policy,
	  { { MVX_A_ARGBUF, MVX_SYSCALL_BITS * 2 } }, 0 },
	{ "set_new: short input buffers", mvx_set_new_policy,
	  { { MVX_A_ARGBUF, MVX_SYSCALL_BITS } }, -ERANGE },
	{ "set_new: window 0", mvx_set_new_policy,
	  { { MVX_A_WINDOW, U32, 0 } }, -ERANGE },
	{ "set_new: window 65", mvx_set_new_policy,
	  { { MVX_A_WINDOW, U32, 65 } }, -ERANGE },
	{ "set_new: stall above 600000 ms", mvx_set_new_policy,
	  { { MVX_A_STALL_MS, U32, 600001 } }, -ERANGE },
	{ "set_new: any flag", mvx_set_new_policy,
	  { { MVX_A_FLAGS, U32, 1 } }, -EINVAL },
	{ "set_new: a pid", mvx_set_new_policy,
	  { { MVX_A_PID, U32, 1 } }, -EINVAL },
	{ "set_new: unknown attribute", mvx_set_new_policy,
	  { { MVX_A_MAX + 1, U32, 1 } }, -EINVAL },
	{ "set_new: attribute 0", mvx_set_new_policy,
	  { { 0, U32, 1 } }, -EINVAL },
	{ "set_del: kill", mvx_set_del_policy,
	  { { MVX_A_SET_ID, U32, 1 }, { MVX_A_FLAGS, U32, MVX_SET_DEL_F_KILL } },
	  0 },
	{ "set_del: unknown flag", mvx_set_del_policy,
	  { { MVX_A_SET_ID, U32, 1 }, { MVX_A_FLAGS, U32, 2 } }, -EINVAL },
	{ "set_del: set 0", mvx_set_del_policy,
	  { { MVX_A_SET_ID, U32, 0 } }, -ERANGE },
	{ "task_add: variant 15", mvx_task_add_policy,
	  { { MVX_A_SET_ID, U32, 1 }, { MVX_A_PID, U32, 7 },
	    { MVX_A_VARIANT, U32, 15 } }, 0 },
	{ "task_add: variant 16", mvx_task_add_policy,
	  { { MVX_A_VARIANT, U32, 16 } }, -ERANGE },
	{ "task_add: pid 0", mvx_task_add_policy,
	  { { MVX_A_PID, U32, 0 } }, -ERANGE },
	{ "task_add: a window", mvx_task_add_policy,
	  { { MVX_A_WINDOW, U32, 1 } }, -EINVAL },
	{ "task_del: a variant", mvx_task_del_policy,
	  { { MVX_A_VARIANT, U32, 0 } }, -EINVAL },
	{ "set_get: set 1", mvx_set_get_policy,
	  { { MVX_A_SET_ID, U32, 1 } }, 0 },
	{ "set_get: set 0", mvx_set_get_policy,
	  { { MVX_A_SET_ID, U32, 0 } }, -ERANGE },
};

static void mvx_policy_desc(const struct mvx_policy_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(mvx_policy, mvx_policy_cases, mvx_policy_desc);

static void mvx_test_policy(struct kunit *test)
{
	const struct mvx_policy_case *c = test->param_value;
	struct nlattr *tb[MVX_A_MAX + 1];
	struct nlattr *nla;
	int i, len = 0, size;
	u8 *buf;

	buf = kunit_kzalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(c->attrs) && c->attrs[i].len; i++) {
		size = c->attrs[i].len == U32 ? sizeof(u32) : c->attrs[i].len;
		nla = (struct nlattr *)(buf + len);
		nla->nla_type = c->attrs[i].type;
		nla->nla_len = nla_attr_size(size);
		if (c->attrs[i].len == U32)
			memcpy(nla_data(nla), &c->attrs[i].value, sizeof(u32));
		len += nla_total_size(size);
	}
	KUNIT_EXPECT_EQ(test, __nla_parse(tb, MVX_A_MAX, (struct nlattr *)buf,
					  len, c->policy, NL_VALIDATE_STRICT,
					  NULL), c->want);
}

static struct kunit_case mvx_policy_test_cases[] = {
	KUNIT_CASE_PARAM(mvx_test_policy, mvx_policy_gen_params),
	{}
};

static struct kunit_suite mvx_policy_suite = {
	.name = "mvx_policy",
	.test_cases = mvx_policy_test_cases,
};

kunit_test_suite(mvx_policy_suite);
