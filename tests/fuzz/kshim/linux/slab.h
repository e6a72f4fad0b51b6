/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/slab.h> (tests/fuzz/kshim): the allocator
 * calls lockstep.c makes, on malloc, so AddressSanitizer sees them. */
#ifndef MVX_KSHIM_SLAB_H
#define MVX_KSHIM_SLAB_H

#include <stdlib.h>
#include <linux/types.h>

#define GFP_KERNEL	0u
#define GFP_ATOMIC	1u

static inline void *kvcalloc(size_t n, size_t size, gfp_t gfp)
{
	(void)gfp;
	return calloc(n, size);
}

static inline void kvfree(const void *p)
{
	free((void *)p);
}

#endif
