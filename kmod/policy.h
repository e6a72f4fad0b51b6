/* SPDX-License-Identifier: GPL-2.0 */
/* The attribute policy of each command of the "mvx" family. */
#ifndef MVX_POLICY_H
#define MVX_POLICY_H

#include <net/netlink.h>
#include "../uapi/linux/mvx.h"

/* The largest stall timeout MVX_CMD_SET_NEW accepts, in milliseconds. */
#define MVX_MAX_STALL_MS	600000

extern const struct nla_policy mvx_set_new_policy[MVX_A_MAX + 1];
extern const struct nla_policy mvx_set_del_policy[MVX_A_MAX + 1];
extern const struct nla_policy mvx_task_add_policy[MVX_A_MAX + 1];
extern const struct nla_policy mvx_task_del_policy[MVX_A_MAX + 1];
extern const struct nla_policy mvx_set_get_policy[MVX_A_MAX + 1];

#endif /* MVX_POLICY_H */
