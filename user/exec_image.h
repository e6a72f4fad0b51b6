/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A new program image, prepared at the exit of a successful execve in every
 * variant: the vDSO is hidden (its auxv entry becomes AT_IGNORE, so the C
 * library makes real, replicated time calls) and the followers get the
 * leader's 16 AT_RANDOM bytes.
 */
#ifndef MVX_EXEC_IMAGE_H
#define MVX_EXEC_IMAGE_H

#include <stdbool.h>

struct mvx_vset;

/*
 * Every variant of the set stands at the exit stop of a successful execve.
 * Returns false (after saying why) when an image cannot be prepared.
 */
bool mvx_exec_image_prepare(struct mvx_vset *vs);

#endif
