/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/cache.h> (tests/fuzz/kshim): the cache
 * line alignment, as on x86-64. */
#ifndef MVX_KSHIM_CACHE_H
#define MVX_KSHIM_CACHE_H

#define SMP_CACHE_BYTES 64
#define ____cacheline_aligned __attribute__((__aligned__(SMP_CACHE_BYTES)))

#endif
