/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/types.h> (tests/fuzz/kshim): the kernel's
 * short integer names on top of the uapi header. */
#ifndef MVX_KSHIM_TYPES_H
#define MVX_KSHIM_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef unsigned int gfp_t;

#endif
