/* SPDX-License-Identifier: GPL-2.0 */
/* The "mvx" generic netlink family: commands and the events group. */
#ifndef MVX_NETLINK_H
#define MVX_NETLINK_H

#include <linux/types.h>
#include "lockstep.h"

struct mvx_event_info {
	enum mvx_event type;
	u32 set_id;
	struct mvx_divergence div;	/* variant, index, nr (and the rest) */
};

/* Registers the family and the socket-release notifier: 0 or -errno. */
int mvx_nl_init(void);

/* Unregisters both; no command runs after it returns. */
void mvx_nl_exit(void);

/* Multicasts @ev on the events group; process context, may sleep. */
void mvx_nl_event(const struct mvx_event_info *ev);

#endif /* MVX_NETLINK_H */
