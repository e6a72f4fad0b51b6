/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/errno.h> (tests/fuzz/kshim): the uapi one,
 * which <errno.h> also includes. */
#include_next <linux/errno.h>
