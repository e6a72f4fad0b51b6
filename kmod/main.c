// SPDX-License-Identifier: GPL-2.0
/*
 * mvx.ko: in-kernel lockstep approval of system calls for the mvx
 * multi-variant execution environment.  See docs/kmod.md.
 *
 * Unloading while sets exist: the probe is detached first (no new holds),
 * then every set is destroyed and its tasks killed (held tasks wake up),
 * then unloading waits for every queued task_work to have left module text,
 * and only then is the netlink family, which those callbacks use for
 * events, unregistered.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>
#include "hook.h"
#include "netlink.h"
#include "set.h"

static int __init mvx_init(void)
{
	int err;

	err = mvx_nl_init();
	if (err)
		return err;
	err = mvx_hook_init();
	if (err)
		goto err_nl;
	pr_info("mvx: loaded, protocol version %d\n", MVX_GENL_VERSION);
	return 0;

err_nl:
	mvx_nl_exit();
	return err;
}

static void __exit mvx_exit(void)
{
	mvx_hook_exit();
	mvx_set_destroy_all();
	mvx_twork_drain();
	mvx_nl_exit();
	rcu_barrier();
	pr_info("mvx: unloaded\n");
}

module_init(mvx_init);
module_exit(mvx_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mvx: in-kernel lockstep of multi-variant execution");
MODULE_ALIAS_GENL_FAMILY(MVX_GENL_NAME);
