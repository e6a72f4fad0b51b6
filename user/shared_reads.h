/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Readings made once and given alike to every variant of a set: the k-th
 * reading of every variant (of the time-stamp counter, of an interval
 * clock) gets the value read when the first variant got to rank k.  Each
 * variant's own sequence stays in the order the readings were made, so a
 * counter that only grows keeps growing in every variant.
 */
#ifndef MVX_SHARED_READS_H
#define MVX_SHARED_READS_H

#include <stdbool.h>
#include <stdint.h>

/* How many readings a set keeps: how far a variant may run ahead. */
#define MVX_SHARED_READS 4096

struct mvx_shared_reads {
	uint64_t base;		/* rank of the oldest reading kept */
	unsigned int n;		/* readings kept: ranks base .. base + n - 1 */
	unsigned int head;	/* slot of rank 'base' */
	struct {
		uint64_t key;	/* what was read (a clock id) */
		uint64_t value;
	} v[MVX_SHARED_READS];
};

/*
 * The value of reading 'rank' of 'key'.  'lowest' is the lowest rank any
 * live variant of the set will still ask for: the readings below it are
 * dropped.  A rank not yet read is read with 'read' and kept, when it is
 * the next one and there is room.  Returns false, having kept nothing,
 * when the rank is out of reach (more than MVX_SHARED_READS ahead of the
 * slowest variant, or already dropped) or was a reading of another key:
 * the caller then reads for that variant alone.
 */
bool mvx_shared_read(struct mvx_shared_reads *w, uint64_t lowest,
		     uint64_t rank, uint64_t key, uint64_t (*read)(uint64_t),
		     uint64_t *value);

/* Forgets every reading: the ranks start again from 0. */
void mvx_shared_reset(struct mvx_shared_reads *w);

#endif
