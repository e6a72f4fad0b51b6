/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake variant memory for the unit tests: a few (address, bytes) regions
 * served through struct mvx_mem.  A read or write returns a short count where
 * the range leaves the mapped regions, as the real accessors do at an
 * unmapped page, so unterminated strings and huge lengths can be modelled.
 * Adjacent regions form one readable range.
 */
#ifndef MVX_TEST_FAKE_MEM_H
#define MVX_TEST_FAKE_MEM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"

#define FAKE_MAX_REGIONS 16

struct fake_region {
	mvx_addr addr;
	size_t len;
	uint8_t *bytes;
};

struct fake_mem {
	struct fake_region r[FAKE_MAX_REGIONS];
	int n;
	size_t max_request;	/* largest length asked for */
	unsigned long reads, writes;
};

static inline struct fake_region *fake_find(struct fake_mem *f,
					    mvx_addr a)
{
	for (int i = 0; i < f->n; i++)
		if (a >= f->r[i].addr && a - f->r[i].addr < f->r[i].len)
			return &f->r[i];
	return NULL;
}

static inline size_t fake_xfer(struct fake_mem *f, mvx_addr a,
				uint8_t *rbuf, const uint8_t *wbuf, size_t len)
{
	size_t done = 0;

	if (len > f->max_request)
		f->max_request = len;
	while (done < len) {
		struct fake_region *r = fake_find(f, a + done);
		size_t off, n;

		if (!r)
			break;
		off = a + done - r->addr;
		n = r->len - off < len - done ? r->len - off : len - done;
		if (rbuf)
			memcpy(rbuf + done, r->bytes + off, n);
		else
			memcpy(r->bytes + off, wbuf + done, n);
		done += n;
	}
	return done;
}

static inline size_t fake_read(const struct mvx_mem *m, mvx_addr a,
				void *buf, size_t len)
{
	struct fake_mem *f = m->ctx;

	f->reads++;
	return fake_xfer(f, a, buf, NULL, len);
}

static inline size_t fake_write(const struct mvx_mem *m, mvx_addr a,
				 const void *buf, size_t len)
{
	struct fake_mem *f = m->ctx;

	f->writes++;
	return fake_xfer(f, a, NULL, buf, len);
}

/* Maps 'len' bytes at 'a' (zeroes when 'bytes' is NULL); returns 'a'. */
static inline mvx_addr fake_map(struct fake_mem *f, mvx_addr a,
				 const void *bytes, size_t len)
{
	struct fake_region *r;

	if (f->n == FAKE_MAX_REGIONS)
		abort();
	r = &f->r[f->n++];
	r->addr = a;
	r->len = len;
	r->bytes = calloc(1, len ? len : 1);
	if (!r->bytes)
		abort();
	if (bytes)
		memcpy(r->bytes, bytes, len);
	return a;
}

/* Maps the string 's' with its NUL at 'a'; returns 'a'. */
static inline mvx_addr fake_str(struct fake_mem *f, mvx_addr a, const char *s)
{
	return fake_map(f, a, s, strlen(s) + 1);
}

/* Maps the 'n' 64-bit words 'v' at 'a'; returns 'a'. */
static inline mvx_addr fake_u64s(struct fake_mem *f, mvx_addr a,
				 const uint64_t *v, size_t n)
{
	return fake_map(f, a, v, n * sizeof(*v));
}

/* The bytes mapped at 'a' (which must start inside a region). */
static inline uint8_t *fake_at(struct fake_mem *f, mvx_addr a)
{
	struct fake_region *r = fake_find(f, a);

	if (!r)
		abort();
	return r->bytes + (a - r->addr);
}

static inline void fake_reset(struct fake_mem *f)
{
	for (int i = 0; i < f->n; i++)
		free(f->r[i].bytes);
	memset(f, 0, sizeof(*f));
}

static inline struct mvx_mem fake_mem_of(struct fake_mem *f)
{
	struct mvx_mem m = { fake_read, fake_write, 0, f };

	return m;
}

/* Sets up 'c' as call 'nr' of an x86-64 variant whose memory is 'f'. */
static inline void fake_call(struct mvx_call *c, long nr,
			     struct fake_mem *f, const uint64_t *args)
{
	memset(c, 0, sizeof(*c));
	c->nr = nr;
	c->arch = MVX_ARCH_X86_64;
	memcpy(c->args, args, sizeof(c->args));
	c->desc = mvx_syscall_lookup(nr);
	c->mem = fake_mem_of(f);
}

#define FAKE_CALL(c, nr, f, ...) \
	fake_call((c), (nr), (f), (const uint64_t[MVX_MAX_ARGS]){ __VA_ARGS__ })

#endif
