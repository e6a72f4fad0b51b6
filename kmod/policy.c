// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink policy of each command, apart from the family so that KUnit
 * validates real requests against the real tables (policy_test.c).
 */
#include <net/netlink.h>
#include "policy.h"

/* Not const: NLA_POLICY_FULL_RANGE takes a plain pointer in 6.1. */
static struct netlink_range_validation mvx_stall_range = {
	.min = 0,
	.max = MVX_MAX_STALL_MS,
};

const struct nla_policy mvx_set_new_policy[MVX_A_MAX + 1] = {
	[MVX_A_NVARIANTS] = NLA_POLICY_RANGE(NLA_U32, 2, MVX_MAX_VARIANTS),
	[MVX_A_APPROVED] = NLA_POLICY_EXACT_LEN(MVX_SYSCALL_BITS / 8),
	[MVX_A_ARGMASK] = NLA_POLICY_EXACT_LEN(MVX_SYSCALL_BITS),
	[MVX_A_ARGBUF] = NLA_POLICY_EXACT_LEN(MVX_SYSCALL_BITS * 2),
	[MVX_A_WINDOW] = NLA_POLICY_RANGE(NLA_U32, 1, MVX_MAX_WINDOW),
	[MVX_A_STALL_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &mvx_stall_range),
	[MVX_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, MVX_SET_NEW_F_ALL),
};

const struct nla_policy mvx_set_del_policy[MVX_A_MAX + 1] = {
	[MVX_A_SET_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[MVX_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, MVX_SET_DEL_F_ALL),
};

const struct nla_policy mvx_task_add_policy[MVX_A_MAX + 1] = {
	[MVX_A_SET_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[MVX_A_PID] = NLA_POLICY_MIN(NLA_U32, 1),
	[MVX_A_VARIANT] = NLA_POLICY_MAX(NLA_U32, MVX_MAX_VARIANTS - 1),
};

const struct nla_policy mvx_task_del_policy[MVX_A_MAX + 1] = {
	[MVX_A_SET_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[MVX_A_PID] = NLA_POLICY_MIN(NLA_U32, 1),
};

const struct nla_policy mvx_set_get_policy[MVX_A_MAX + 1] = {
	[MVX_A_SET_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};
