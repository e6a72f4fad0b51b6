/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/bits.h> (tests/fuzz/kshim). */
#ifndef MVX_KSHIM_BITS_H
#define MVX_KSHIM_BITS_H

#define BIT(nr)		(1UL << (nr))
#define GENMASK(h, l)	(((~0UL) << (l)) & (~0UL >> (63 - (h))))

#endif
