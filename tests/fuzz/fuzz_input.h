/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turning a libFuzzer input into the monitor's view of N variants at one
 * system call: a cursor that hands out bytes (zeroes once the input is used
 * up), and variant memories built as tests/unit/fake_mem.h regions, bounded
 * in number and size, so that every address and length a variant hands the
 * monitor can be arbitrary while the harness stays cheap.
 */
#ifndef MVX_FUZZ_INPUT_H
#define MVX_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../unit/fake_mem.h"

struct fz {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fz_u8(struct fz *z)
{
	uint8_t v = 0;

	if (z->n) {
		v = *z->p++;
		z->n--;
	}
	return v;
}

static inline uint16_t fz_u16(struct fz *z)
{
	return fz_u8(z) | (uint16_t)fz_u8(z) << 8;
}

static inline uint64_t fz_u64(struct fz *z)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)fz_u8(z) << (8 * i);
	return v;
}

/* Copies up to 'len' input bytes to 'out' (the rest stays as it was). */
static inline void fz_bytes(struct fz *z, void *out, size_t len)
{
	size_t n = len < z->n ? len : z->n;

	memcpy(out, z->p, n);
	z->p += n;
	z->n -= n;
}

#define FZ_MAX_REGIONS	6
#define FZ_MAX_REGION	(20 * 1024)	/* above MVX_MAX_IOV struct iovecs */

/*
 * Maps up to FZ_MAX_REGIONS regions into 'f': each at its own 1 MiB slot of
 * the variant's address space starting at 'base', or right after the
 * previous one (adjacent regions read as one range), at an offset that may
 * cross a page boundary; each of length up to FZ_MAX_REGION, its first
 * bytes from the input.
 */
static inline void fz_memory(struct fz *z, struct fake_mem *f, mvx_addr base)
{
	int n = fz_u8(z) % (FZ_MAX_REGIONS + 1);

	for (int i = 0; i < n; i++) {
		uint8_t how = fz_u8(z);
		size_t len = fz_u16(z) % (FZ_MAX_REGION + 1);
		size_t fill = fz_u16(z) % 512;
		mvx_addr a;
		uint8_t *b;

		if ((how & 1) && f->n)
			a = f->r[f->n - 1].addr + f->r[f->n - 1].len;
		else
			a = base + ((mvx_addr)i << 20) + fz_u16(z) % 8192;
		if (len == 0)
			len = 1;
		fake_map(f, a, NULL, len);
		b = f->r[f->n - 1].bytes;
		fz_bytes(z, b, fill < len ? fill : len);
		if (how & 2)	/* a string that runs to the region's end */
			memset(b, 'A' + (how >> 2) % 26, len);
	}
}

/*
 * One register value: a raw 64-bit value, a small number, or an address in
 * (or just before the end of) one of the regions of 'f'.
 */
static inline uint64_t fz_reg(struct fz *z, const struct fake_mem *f)
{
	uint8_t s = fz_u8(z);
	const struct fake_region *r;

	if (f->n == 0 || (s & 3) == 0)
		return fz_u64(z);
	if ((s & 3) == 1)
		return fz_u8(z) | (s & 0x80 ? 0 : (uint64_t)fz_u8(z) << 8);
	r = &f->r[(s >> 2) % f->n];
	if ((s & 3) == 2)
		return r->addr + fz_u16(z) % (r->len + 1);
	return r->addr + r->len - (fz_u8(z) % 17);
}

/* A system-call number: mostly a real one, sometimes any long. */
static inline long fz_nr(struct fz *z)
{
	uint8_t s = fz_u8(z);

	if (s < 0xf0)
		return fz_u16(z) % 512;
	return (long)fz_u64(z);
}

#endif
