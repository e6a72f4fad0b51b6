// SPDX-License-Identifier: GPL-2.0
#include "shared_reads.h"

bool mvx_shared_read(struct mvx_shared_reads *w, uint64_t lowest,
		     uint64_t rank, uint64_t key, uint64_t (*read)(uint64_t),
		     uint64_t *value)
{
	unsigned int slot;

	while (w->n > 0 && w->base < lowest) {
		w->head = (w->head + 1) % MVX_SHARED_READS;
		w->base++;
		w->n--;
	}
	if (w->n == 0 && w->base < lowest)
		w->base = lowest;
	if (rank < w->base)
		return false;
	if (rank - w->base < w->n) {
		slot = (w->head + (unsigned int)(rank - w->base)) %
		       MVX_SHARED_READS;
		if (w->v[slot].key != key)
			return false;
		*value = w->v[slot].value;
		return true;
	}
	if (rank - w->base != w->n || w->n == MVX_SHARED_READS)
		return false;
	slot = (w->head + w->n) % MVX_SHARED_READS;
	w->v[slot].key = key;
	w->v[slot].value = read(key);
	w->n++;
	*value = w->v[slot].value;
	return true;
}

void mvx_shared_reset(struct mvx_shared_reads *w)
{
	w->base = 0;
	w->n = 0;
	w->head = 0;
}
