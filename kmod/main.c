// SPDX-License-Identifier: GPL-2.0
/*
 * mvx.ko: in-kernel lockstep approval of system calls for the mvx
 * multi-variant execution environment.  See docs/kmod.md.
 *
 * Unloading while sets exist: every task of every set is killed and every
 * set made dead first, so that no approved call runs unchecked once the
 * probe is gone (a killed task makes no further call); then the probe is
 * detached (no new holds), then every set is destroyed (held tasks wake
 * up), then unloading waits for every queued task_work to have left module text,
 * and only then is the netlink family, which those callbacks use for
 * events, unregistered.  The last tasks are freed by RCU callbacks: after
 * rcu_barrier() the caches of sets and tasks must be empty.
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

	err = mvx_set_init();
	if (err)
		return err;
	err = mvx_nl_init();
	if (err)
		goto err_set;
	err = mvx_hook_init();
	if (err)
		goto err_nl;
	pr_info("mvx: loaded, protocol version %d\n", MVX_GENL_VERSION);
	return 0;

err_nl:
	mvx_nl_exit();
err_set:
	mvx_set_exit();
	return err;
}

static void __exit mvx_exit(void)
{
	mvx_set_kill_all();
	mvx_hook_exit();
	mvx_set_destroy_all();
	mvx_twork_drain();
	mvx_nl_exit();
	rcu_barrier();
	mvx_set_exit();
	pr_info("mvx: unloaded\n");
}

module_init(mvx_init);
module_exit(mvx_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mvx: in-kernel lockstep of multi-variant execution");
MODULE_ALIAS_GENL_FAMILY(MVX_GENL_NAME);
