// SPDX-License-Identifier: GPL-2.0
#include "call.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

#define CHUNK (64 * 1024)

static size_t task_read(const struct mvx_mem *m, mvx_addr a, void *buf,
			size_t len)
{
	return mvx_mem_read(m->tid, a, buf, len);
}

static size_t task_write(const struct mvx_mem *m, mvx_addr a, const void *buf,
			 size_t len)
{
	return mvx_mem_write(m->tid, a, buf, len);
}

struct mvx_mem mvx_mem_of_task(pid_t tid)
{
	struct mvx_mem m = { task_read, task_write, tid, NULL };

	return m;
}

static size_t rd(const struct mvx_call *c, mvx_addr a, void *buf, size_t len)
{
	if (len == 0)
		return 0;
	return c->mem.read(&c->mem, a, buf, len);
}

static size_t wr(const struct mvx_call *c, mvx_addr a, const void *buf,
		 size_t len)
{
	if (len == 0)
		return 0;
	return c->mem.write(&c->mem, a, buf, len);
}

static void set_diff(struct mvx_diff *d, int v, int arg, size_t off,
		     const char *what)
{
	d->variant = v;
	d->arg = arg;
	d->offset = off;
	snprintf(d->what, sizeof(d->what), "%s", what);
}

/* Two scratch buffers for streaming comparisons, allocated once. */
static __thread uint8_t *scratch_a, *scratch_b;

static bool scratch(void)
{
	if (!scratch_a)
		scratch_a = malloc(CHUNK);
	if (!scratch_b)
		scratch_b = malloc(CHUNK);
	return scratch_a && scratch_b;
}

/*
 * Compares 'len' bytes at 'a0' in c0 and 'ak' in ck, chunk by chunk, so that
 * memory use does not depend on the length a variant asks for.  A range that
 * becomes unreadable must become so at the same offset in both.
 */
static bool range_match(const struct mvx_call *c0, mvx_addr a0,
			const struct mvx_call *ck, mvx_addr ak, uint64_t len,
			size_t *off)
{
	uint64_t done = 0;

	if (!scratch())
		return false;
	while (done < len) {
		size_t chunk = len - done > CHUNK ? CHUNK : len - done;
		size_t g0 = rd(c0, a0 + done, scratch_a, chunk);
		size_t gk = rd(ck, ak + done, scratch_b, chunk);
		size_t m = g0 < gk ? g0 : gk;

		for (size_t i = 0; i < m; i++) {
			if (scratch_a[i] != scratch_b[i]) {
				*off = done + i;
				return false;
			}
		}
		if (g0 != gk) {
			*off = done + m;
			return false;
		}
		if (g0 < chunk)
			return true;	/* both fault at the same offset */
		done += chunk;
	}
	return true;
}

long mvx_read_str(const struct mvx_mem *m, mvx_addr a, char *buf, size_t max)
{
	size_t done = 0;

	if (max == 0)
		return -2;
	while (done < max - 1) {
		mvx_addr at = a + done;
		size_t chunk = 4096 - (at & 4095);
		size_t got;
		char *nul;

		if (chunk > max - 1 - done)
			chunk = max - 1 - done;
		got = m->read(m, at, buf + done, chunk);
		nul = memchr(buf + done, '\0', got);
		if (nul)
			return nul - buf;
		done += got;
		if (got < chunk) {
			buf[done] = '\0';
			return -1;
		}
	}
	buf[done] = '\0';
	return -2;
}

static long read_str(const struct mvx_call *c, mvx_addr a, char *buf,
		     size_t max)
{
	return mvx_read_str(&c->mem, a, buf, max);
}

static __thread char *str0, *strk;

static bool str_scratch(void)
{
	if (!str0)
		str0 = malloc(MVX_MAX_STRLEN + 1);
	if (!strk)
		strk = malloc(MVX_MAX_STRLEN + 1);
	return str0 && strk;
}

/*
 * Compares str0 and strk as read_str left them (l0, lk its results): they
 * match when both end the same way (terminated, running into unreadable
 * memory, or longer than the bound) after the same bytes.
 */
static bool read_strs_match(long l0, long lk, size_t *off)
{
	size_t n0 = l0 >= 0 ? (size_t)l0 : strlen(str0);
	size_t nk = lk >= 0 ? (size_t)lk : strlen(strk);
	size_t n = n0 < nk ? n0 : nk;

	for (*off = 0; *off < n; (*off)++)
		if (str0[*off] != strk[*off])
			return false;
	return (l0 < 0 ? l0 : 0) == (lk < 0 ? lk : 0) && n0 == nk;
}

static bool str_match(const struct mvx_call *c0, mvx_addr a0,
		      const struct mvx_call *ck, mvx_addr ak, size_t max,
		      size_t *off)
{
	*off = 0;
	if (!str_scratch())
		return false;
	if ((a0 == 0) != (ak == 0))
		return false;
	if (a0 == 0)
		return true;
	return read_strs_match(read_str(c0, a0, str0, max),
			       read_str(ck, ak, strk, max), off);
}

/* The number of pointed-to bytes an argument stands for, bounded. */
static uint64_t bounded(uint64_t v, uint64_t max)
{
	return v > max ? max : v;
}

static uint64_t arg_ref(const struct mvx_call *c, const struct mvx_arg_desc *a)
{
	if (a->ref < 0 || a->ref >= MVX_MAX_ARGS)
		return 0;
	return c->args[(int)a->ref];
}

struct iov64 {
	uint64_t base;
	uint64_t len;
};

static __thread struct iov64 *iov0, *iovk;

/* Two iovec arrays of MVX_MAX_IOV entries, allocated once per thread. */
static bool iov_scratch(struct iov64 **a, struct iov64 **b)
{
	if (!iov0)
		iov0 = malloc(MVX_MAX_IOV * sizeof(*iov0));
	if (!iovk)
		iovk = malloc(MVX_MAX_IOV * sizeof(*iovk));
	*a = iov0;
	*b = iovk;
	return iov0 && iovk;
}

void mvx_call_thread_exit(void)
{
	free(scratch_a);
	free(scratch_b);
	free(str0);
	free(strk);
	free(iov0);
	free(iovk);
	scratch_a = scratch_b = NULL;
	str0 = strk = NULL;
	iov0 = iovk = NULL;
}

/* Reads up to 'cnt' iovecs; returns how many were readable. */
static size_t read_iov(const struct mvx_call *c, mvx_addr a, struct iov64 *v,
		       size_t cnt)
{
	return rd(c, a, v, cnt * sizeof(*v)) / sizeof(*v);
}

static bool iov_match(const struct mvx_call *c0, mvx_addr a0,
		      const struct mvx_call *ck, mvx_addr ak, uint64_t cnt,
		      bool content, size_t *off)
{
	struct iov64 *v0, *vk;
	size_t n0, nk;
	uint64_t total = 0;

	if (cnt > MVX_MAX_IOV)
		return true;	/* the kernel refuses it: EINVAL in all */
	if (!iov_scratch(&v0, &vk))
		return false;
	n0 = read_iov(c0, a0, v0, cnt);
	nk = read_iov(ck, ak, vk, cnt);
	if (n0 != nk) {
		*off = 0;
		return false;
	}
	for (size_t i = 0; i < n0; i++) {
		uint64_t len = bounded(v0[i].len, MVX_MAX_RW - total);

		if (v0[i].len != vk[i].len) {
			*off = total;
			return false;
		}
		if (content && !range_match(c0, v0[i].base, ck, vk[i].base,
					    len, off)) {
			*off += total;
			return false;
		}
		total += len;
	}
	return true;
}

/* The layout of struct msghdr on x86-64. */
struct msghdr64 {
	uint64_t name;
	uint32_t namelen;
	uint32_t pad0;
	uint64_t iov;
	uint64_t iovlen;
	uint64_t control;
	uint64_t controllen;
	int32_t flags;
	uint32_t pad1;
};

static bool msghdr_match(const struct mvx_call *c0, mvx_addr a0,
			 const struct mvx_call *ck, mvx_addr ak, bool in,
			 size_t *off)
{
	struct msghdr64 m0, mk;
	size_t g0 = rd(c0, a0, &m0, sizeof(m0));
	size_t gk = rd(ck, ak, &mk, sizeof(mk));

	*off = 0;
	if (g0 != gk)
		return false;
	if (g0 < sizeof(m0))
		return true;	/* EFAULT in all */
	if (m0.namelen != mk.namelen || m0.iovlen != mk.iovlen ||
	    m0.controllen != mk.controllen || (m0.name == 0) != (mk.name == 0))
		return false;
	if (!iov_match(c0, m0.iov, ck, mk.iov, m0.iovlen, in, off))
		return false;
	if (!in)
		return true;
	if (m0.flags != mk.flags)
		return false;
	if (!range_match(c0, m0.name, ck, mk.name,
			 bounded(m0.namelen, MVX_MAX_SOCKADDR), off))
		return false;
	return range_match(c0, m0.control, ck, mk.control,
			   bounded(m0.controllen, MVX_MAX_CONTROL), off);
}

/*
 * One variant's side of an argv/envp comparison: its pointers read a block
 * at a time, and the last page its strings were found in.  The strings of
 * an argv or envp usually lie one after the other on a few pages, so an
 * execve is compared in a few reads instead of two per string.
 */
struct strv_reader {
	const struct mvx_call *c;
	mvx_addr at;		/* the array */
	uint64_t first;		/* index of ptr[0] */
	size_t nread;		/* bytes of ptr[] read */
	uint64_t ptr[64];
	mvx_addr page;		/* the page in data[], if have_page */
	bool have_page;
	char data[4096];
};

/* Bytes read of pointer i (0 to 8), which it leaves in *p. */
static size_t strv_ptr(struct strv_reader *r, uint64_t i, uint64_t *p)
{
	mvx_addr a = r->at + 8 * i;
	size_t want;

	if (i < r->first || i >= r->first + r->nread / 8) {
		/* a block up to the page's end: one fault covers it */
		want = 4096 - (a & 4095);
		if (want > sizeof(r->ptr))
			want = sizeof(r->ptr);
		want &= ~(size_t)7;
		r->first = i;
		r->nread = 0;
		if (want == 0) {	/* the pointer straddles two pages */
			*p = 0;
			return rd(r->c, a, p, 8);
		}
		r->nread = rd(r->c, a, r->ptr, want);
		if (r->nread < 8) {
			r->nread = 0;
			*p = 0;
			return rd(r->c, a, p, 8);
		}
	}
	*p = r->ptr[i - r->first];
	return 8;
}

/* read_str of the string at a into buf, from the cached page when it ends
 * there. */
static long strv_str(struct strv_reader *r, mvx_addr a, char *buf, size_t max)
{
	mvx_addr page = a & ~(mvx_addr)4095;
	size_t at = a - page;
	char *nul;

	if (!r->have_page || r->page != page) {
		r->have_page = rd(r->c, page, r->data, sizeof(r->data)) ==
			       sizeof(r->data);
		r->page = page;
	}
	if (r->have_page) {
		nul = memchr(r->data + at, '\0', sizeof(r->data) - at);
		if (nul && (size_t)(nul - (r->data + at)) < max) {
			memcpy(buf, r->data + at, nul - (r->data + at) + 1);
			return nul - (r->data + at);
		}
	}
	return read_str(r->c, a, buf, max);
}

/*
 * argv/envp by content.  Past MVX_MAX_STRV_BYTES the kernel refuses the
 * execve (E2BIG) in every variant, so the rest need not be read.
 */
static bool strv_match(const struct mvx_call *c0, mvx_addr a0,
		       const struct mvx_call *ck, mvx_addr ak, size_t *off)
{
	struct strv_reader *r0, *rk;
	uint64_t total = 0;
	bool match = true;

	*off = 0;
	if (a0 == 0 && ak == 0)
		return true;
	r0 = calloc(1, sizeof(*r0));
	rk = calloc(1, sizeof(*rk));
	if (!r0 || !rk || !str_scratch()) {
		free(r0);
		free(rk);
		return false;
	}
	r0->c = c0;
	r0->at = a0;
	rk->c = ck;
	rk->at = ak;
	for (uint64_t i = 0; i < MVX_MAX_STRV && total < MVX_MAX_STRV_BYTES;
	     i++) {
		uint64_t p0 = 0, pk = 0;
		size_t g0 = strv_ptr(r0, i, &p0);
		size_t gk = strv_ptr(rk, i, &pk);

		*off = i;
		if (g0 != gk || (p0 == 0) != (pk == 0)) {
			match = false;
			break;
		}
		if (g0 < 8 || p0 == 0)
			break;
		if (!read_strs_match(strv_str(r0, p0, str0, MVX_MAX_STRLEN + 1),
				     strv_str(rk, pk, strk, MVX_MAX_STRLEN + 1),
				     off)) {
			*off = i;
			match = false;
			break;
		}
		total += 8 + *off + 1;	/* *off: the string's length */
	}
	free(r0);
	free(rk);
	return match;
}

/* struct sigaction as the kernel reads it for rt_sigaction. */
struct ksigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

static int handler_class(uint64_t h)
{
	return h <= 1 ? (int)h : 2;	/* SIG_DFL, SIG_IGN, a function */
}

static bool sigaction_match(const struct mvx_call *c0, mvx_addr a0,
			    const struct mvx_call *ck, mvx_addr ak)
{
	struct ksigaction s0, sk;
	size_t g0, gk;

	if ((a0 == 0) != (ak == 0))
		return false;
	if (a0 == 0)
		return true;
	g0 = rd(c0, a0, &s0, sizeof(s0));
	gk = rd(ck, ak, &sk, sizeof(sk));
	if (g0 != gk)
		return false;
	if (g0 < sizeof(s0))
		return true;
	return handler_class(s0.handler) == handler_class(sk.handler) &&
	       s0.flags == sk.flags && s0.mask == sk.mask;
}

/*
 * The bytes of a socket address the kernel gives meaning to: a pathname
 * AF_UNIX address ends at its NUL, an AF_INET address before sin_zero.
 */
static size_t sockaddr_meaningful(const uint8_t *sa, size_t len)
{
	uint16_t family;
	const uint8_t *nul;

	if (len < 2)
		return len;
	family = sa[0] | sa[1] << 8;
	if (family == 1 /* AF_UNIX */ && len > 2 && sa[2] != 0) {
		nul = memchr(sa + 2, 0, len - 2);
		return nul ? (size_t)(nul - sa) : len;
	}
	if (family == 2 /* AF_INET */ && len > 8)
		return 8;
	return len;
}

static bool sockaddr_match(const struct mvx_call *c0, mvx_addr a0,
			   const struct mvx_call *ck, mvx_addr ak, size_t len,
			   size_t *off)
{
	uint8_t s0[MVX_MAX_SOCKADDR], sk[MVX_MAX_SOCKADDR];
	size_t g0 = rd(c0, a0, s0, len), gk = rd(ck, ak, sk, len);
	size_t m0 = sockaddr_meaningful(s0, g0);

	*off = 0;
	if (g0 != gk || m0 != sockaddr_meaningful(sk, gk))
		return false;
	for (*off = 0; *off < m0; (*off)++)
		if (s0[*off] != sk[*off])
			return false;
	return true;
}

/* utimensat's two times: a tv_sec is not read when its tv_nsec is
 * UTIME_NOW or UTIME_OMIT, and may hold anything. */
static bool utimens_match(const struct mvx_call *c0, mvx_addr a0,
			  const struct mvx_call *ck, mvx_addr ak, size_t *off)
{
	int64_t t0[4], tk[4];
	size_t g0 = rd(c0, a0, t0, sizeof(t0)), gk = rd(ck, ak, tk, sizeof(tk));

	*off = 0;
	if (g0 != gk)
		return false;
	if (g0 < sizeof(t0))
		return true;	/* EFAULT in all */
	for (int k = 0; k < 2; k++) {
		bool special = t0[2 * k + 1] == UTIME_NOW ||
			       t0[2 * k + 1] == UTIME_OMIT;

		*off = 16 * k;
		if (t0[2 * k + 1] != tk[2 * k + 1] ||
		    (!special && t0[2 * k] != tk[2 * k]))
			return false;
	}
	return true;
}

/* struct pollfd arrays: fd and events; revents is the call's output and
 * holds what an earlier call left there. */
static bool pollfd_match(const struct mvx_call *c0, mvx_addr a0,
			 const struct mvx_call *ck, mvx_addr ak, uint64_t n,
			 size_t *off)
{
	uint64_t e0[64], ek[64];

	n = bounded(n, MVX_MAX_RW / 8);
	for (uint64_t done = 0; done < n;) {
		size_t chunk = n - done > 64 ? 64 : n - done;
		size_t g0 = rd(c0, a0 + 8 * done, e0, 8 * chunk);
		size_t gk = rd(ck, ak + 8 * done, ek, 8 * chunk);

		*off = 8 * done;
		if (g0 != gk)
			return false;
		for (size_t k = 0; k < g0 / 8; k++) {
			*off = 8 * (done + k);
			if ((e0[k] & 0xffffffffffffULL) !=
			    (ek[k] & 0xffffffffffffULL))
				return false;
		}
		if (g0 < 8 * chunk)
			return true;
		done += chunk;
	}
	return true;
}

static bool ptr_class_match(uint64_t a, uint64_t b)
{
	return (a == 0) == (b == 0);
}

/* Compares argument 'i' of variant k's call with the leader's. */
/* Whether open flags make the kernel read the mode. */
static bool creates(uint64_t flags)
{
	return (flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE;
}

static bool arg_match(const struct mvx_call *c0, const struct mvx_call *ck,
		      int i, size_t *off)
{
	const struct mvx_arg_desc *a = &c0->desc->args[i];
	uint64_t x = c0->args[i], y = ck->args[i];
	uint64_t n;

	*off = 0;
	switch (a->kind) {
	case MVX_ARG_NONE:
	case MVX_ARG_IGNORE:
		return true;
	case MVX_ARG_INT:
	case MVX_ARG_FD:
	case MVX_ARG_PID:
	case MVX_ARG_SIG:
		return x == y;
	case MVX_ARG_MODE:
		/* the flags were compared first (a lower index) */
		return !creates(arg_ref(c0, a)) || x == y;
	case MVX_ARG_ADDR:
	case MVX_ARG_BUF_OUT:
	case MVX_ARG_STRUCT_OUT:
	case MVX_ARG_ARRAY_OUT:
		return ptr_class_match(x, y);
	case MVX_ARG_PATH:
		return str_match(c0, x, ck, y, MVX_MAX_PATH, off);
	case MVX_ARG_STR:
		return str_match(c0, x, ck, y, MVX_MAX_STRLEN + 1, off);
	case MVX_ARG_BUF_IN:
		if (!ptr_class_match(x, y))
			return false;
		return range_match(c0, x, ck, y,
				   bounded(arg_ref(c0, a), MVX_MAX_RW), off);
	case MVX_ARG_STRUCT_IN:
	case MVX_ARG_STRUCT_INOUT:
		if (!ptr_class_match(x, y))
			return false;
		return x == 0 || range_match(c0, x, ck, y, a->size, off);
	case MVX_ARG_ARRAY_INOUT:
		if (!ptr_class_match(x, y))
			return false;
		n = bounded(arg_ref(c0, a), MVX_MAX_RW / (a->size ? a->size : 1));
		return x == 0 || range_match(c0, x, ck, y, n * a->size, off);
	case MVX_ARG_IOV_IN:
	case MVX_ARG_IOV_OUT:
		if (!ptr_class_match(x, y))
			return false;
		return iov_match(c0, x, ck, y, arg_ref(c0, a),
				 a->kind == MVX_ARG_IOV_IN, off);
	case MVX_ARG_SOCKADDR_IN:
		if (!ptr_class_match(x, y))
			return false;
		return sockaddr_match(c0, x, ck, y,
				      bounded(arg_ref(c0, a), MVX_MAX_SOCKADDR),
				      off);
	case MVX_ARG_SOCKADDR_OUT:
		if (!ptr_class_match(x, y))
			return false;
		/* the socklen_t the kernel reads as the buffer's size */
		return range_match(c0, arg_ref(c0, a), ck, arg_ref(ck, a), 4,
				   off);
	case MVX_ARG_MSGHDR_IN:
	case MVX_ARG_MSGHDR_OUT:
		if (!ptr_class_match(x, y))
			return false;
		return msghdr_match(c0, x, ck, y,
				    a->kind == MVX_ARG_MSGHDR_IN, off);
	case MVX_ARG_STRV:
		return strv_match(c0, x, ck, y, off);
	case MVX_ARG_SIGACTION:
		return sigaction_match(c0, x, ck, y);
	case MVX_ARG_FDSET:
		if (!ptr_class_match(x, y))
			return false;
		n = bounded(arg_ref(c0, a), MVX_MAX_FDSET_BITS);
		return x == 0 || range_match(c0, x, ck, y, (n + 63) / 64 * 8,
					     off);
	case MVX_ARG_UTIMENS:
		if (!ptr_class_match(x, y))
			return false;
		return x == 0 || utimens_match(c0, x, ck, y, off);
	case MVX_ARG_POLLFD:
		if (!ptr_class_match(x, y))
			return false;
		return x == 0 || pollfd_match(c0, x, ck, y, arg_ref(c0, a),
					      off);
	case MVX_ARG_EPOLL_EVENT:
		if (c0->args[1] == EPOLL_CTL_DEL)
			return true;	/* not read by the kernel */
		if (!ptr_class_match(x, y))
			return false;
		return x == 0 || range_match(c0, x, ck, y, sizeof(uint32_t),
					     off);
	case MVX_ARG_SLEEP_UNTIL:
		if (!ptr_class_match(x, y))
			return false;
		/* a deadline each variant computed from its own reading of
		 * an interval clock: the leader's sleep is the one made */
		if ((c0->args[1] & TIMER_ABSTIME) &&
		    c0->args[0] != CLOCK_REALTIME && c0->args[0] != CLOCK_TAI)
			return true;
		return x == 0 || range_match(c0, x, ck, y,
					     sizeof(struct timespec), off);
	}
	return false;
}

static bool is_scalar(uint8_t kind)
{
	return kind == MVX_ARG_INT || kind == MVX_ARG_FD ||
	       kind == MVX_ARG_PID || kind == MVX_ARG_SIG ||
	       kind == MVX_ARG_MODE;
}

bool mvx_calls_match(const struct mvx_call *calls, int n,
		     struct mvx_diff *diff)
{
	const struct mvx_call *c0 = &calls[0];

	for (int k = 1; k < n; k++) {
		if (calls[k].nr != c0->nr || calls[k].arch != c0->arch) {
			set_diff(diff, k, -1, 0, "different system call");
			return false;
		}
	}
	if (!c0->desc)
		return true;
	/* Scalars first: lengths and counts must agree before they are used
	 * to read pointed-to data (the leader's values bound both sides). */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < c0->desc->nargs; i++) {
			uint8_t kind = c0->desc->args[i].kind;

			if (is_scalar(kind) != (pass == 0))
				continue;
			for (int k = 1; k < n; k++) {
				size_t off;
				char what[64];

				if (arg_match(c0, &calls[k], i, &off))
					continue;
				if (is_scalar(kind))
					snprintf(what, sizeof(what),
						 "value differs");
				else
					snprintf(what, sizeof(what),
						 "content differs at byte %zu",
						 off);
				set_diff(diff, k, i, off, what);
				return false;
			}
		}
	}
	return true;
}

#define PREVIEW 48

/* Appends 'len' bytes of 's' to out as an escaped, quoted string. */
static void put_quoted(char *out, size_t cap, const uint8_t *s, size_t len,
		       bool more, bool json)
{
	size_t o = 0;

	if (cap < 8) {
		if (cap)
			out[0] = '\0';
		return;
	}
	out[o++] = '"';
	for (size_t i = 0; i < len && o + 8 < cap; i++) {
		uint8_t ch = s[i];

		if (ch == '"' || ch == '\\') {
			out[o++] = '\\';
			out[o++] = ch;
		} else if (ch == '\n') {
			o += snprintf(out + o, cap - o, "\\n");
		} else if (ch == '\t') {
			o += snprintf(out + o, cap - o, "\\t");
		} else if (ch < 0x20 || ch >= 0x7f) {
			o += snprintf(out + o, cap - o,
				      json ? "\\u%04x" : "\\x%02x", ch);
		} else {
			out[o++] = ch;
		}
	}
	if (json && more && o + 4 < cap)
		o += snprintf(out + o, cap - o, "...");
	out[o++] = '"';
	out[o] = '\0';
	if (!json && more && o + 4 < cap)
		snprintf(out + o, cap - o, "...");
}

void mvx_format_arg(const struct mvx_call *c, int i, char *out, size_t len,
		    bool json)
{
	const struct mvx_arg_desc *a;
	uint64_t v = c->args[i];
	uint8_t buf[PREVIEW + 1];
	size_t got;
	long sl;

	if (len == 0)
		return;
	a = c->desc ? &c->desc->args[i] : NULL;
	switch (a ? a->kind : MVX_ARG_INT) {
	case MVX_ARG_INT:
	case MVX_ARG_MODE:
		snprintf(out, len, "%lld", (long long)v);
		return;
	case MVX_ARG_FD:
	case MVX_ARG_PID:
	case MVX_ARG_SIG:
		snprintf(out, len, "%d", (int)v);
		return;
	case MVX_ARG_PATH:
	case MVX_ARG_STR:
		if (!v)
			break;
		sl = read_str(c, v, (char *)buf, sizeof(buf));
		if (sl == -1 && !json) {
			snprintf(out, len, "0x%llx (unreadable)",
				 (unsigned long long)v);
			return;
		}
		put_quoted(out, len, buf, strlen((char *)buf), sl < 0, json);
		return;
	case MVX_ARG_BUF_IN:
		if (!v)
			break;
		got = rd(c, v, buf, bounded(arg_ref(c, a), PREVIEW));
		put_quoted(out, len, buf, got, arg_ref(c, a) > got, json);
		return;
	default:
		break;
	}
	if (json)
		snprintf(out, len, "\"0x%llx\"", (unsigned long long)v);
	else if (v)
		snprintf(out, len, "0x%llx", (unsigned long long)v);
	else
		snprintf(out, len, "NULL");
}

/* Copies 'len' bytes from the leader's 'from' to the follower's 'to'. */
static bool copy_range(const struct mvx_call *l, mvx_addr from,
		       const struct mvx_call *f, mvx_addr to, uint64_t len)
{
	uint64_t done = 0;

	if (!scratch())
		return false;
	while (done < len) {
		size_t chunk = len - done > CHUNK ? CHUNK : len - done;
		size_t got = rd(l, from + done, scratch_a, chunk);

		if (got == 0)
			return true;	/* the leader's kernel wrote no more */
		if (wr(f, to + done, scratch_a, got) != got)
			return false;
		done += got;
	}
	return true;
}

/* Scatters 'total' bytes of the leader's iovecs into the follower's. */
static bool copy_iov(const struct mvx_call *l, mvx_addr lv,
		     const struct mvx_call *f, mvx_addr fv, uint64_t cnt,
		     uint64_t total)
{
	struct iov64 *v0, *vk;

	if (cnt > MVX_MAX_IOV)
		return total == 0;
	if (!iov_scratch(&v0, &vk))
		return false;
	cnt = read_iov(l, lv, v0, cnt);
	if (read_iov(f, fv, vk, cnt) != cnt)
		return false;
	for (size_t i = 0; i < cnt && total; i++) {
		uint64_t n = bounded(v0[i].len, total);

		if (vk[i].len < n ||
		    !copy_range(l, v0[i].base, f, vk[i].base, n))
			return false;
		total -= n;
	}
	return true;
}

static bool copy_msghdr(const struct mvx_call *l, mvx_addr la,
			const struct mvx_call *f, mvx_addr fa, long ret)
{
	struct msghdr64 ml, mf;

	if (rd(l, la, &ml, sizeof(ml)) != sizeof(ml) ||
	    rd(f, fa, &mf, sizeof(mf)) != sizeof(mf))
		return false;
	if (!copy_iov(l, ml.iov, f, mf.iov, ml.iovlen, ret))
		return false;
	if (ml.name && mf.name &&
	    !copy_range(l, ml.name, f, mf.name,
			bounded(ml.namelen, bounded(mf.namelen,
						    MVX_MAX_SOCKADDR))))
		return false;
	if (ml.control && mf.control &&
	    !copy_range(l, ml.control, f, mf.control,
			bounded(ml.controllen, bounded(mf.controllen,
						       MVX_MAX_CONTROL))))
		return false;
	mf.namelen = ml.namelen;
	mf.controllen = ml.controllen;
	mf.flags = ml.flags;
	return wr(f, fa, &mf, sizeof(mf)) == sizeof(mf);
}

/*
 * An interrupted sleep writes the time that remained into its second
 * timespec, and select, pselect6 and ppoll into their time-out, both when
 * they fail with EINTR and when the kernel is to restart them (-ERESTART*,
 * which a held signal leaves the leader with).
 */
static bool writes_time_left(long nr, long ret)
{
	if (ret != -EINTR && !MVX_IS_RESTART(ret))
		return false;
	return nr == SYS_nanosleep || nr == SYS_clock_nanosleep ||
	       nr == SYS_select || nr == SYS_pselect6 || nr == SYS_ppoll;
}

static bool copy_arg(const struct mvx_call *l, const struct mvx_call *f,
		     int i, long ret)
{
	const struct mvx_arg_desc *a = &l->desc->args[i];
	uint64_t from = l->args[i], to = f->args[i];
	uint32_t slen = 0;
	uint64_t n;

	if (!from || !to)
		return true;
	switch (a->kind) {
	case MVX_ARG_BUF_OUT:
		if (ret <= 0)
			return true;
		return copy_range(l, from, f, to,
				  bounded(ret, bounded(arg_ref(l, a),
						       MVX_MAX_RW)));
	case MVX_ARG_STRUCT_OUT:
	case MVX_ARG_STRUCT_INOUT:
		if (ret < 0 && !writes_time_left(l->nr, ret))
			return true;
		return copy_range(l, from, f, to, a->size);
	case MVX_ARG_ARRAY_OUT:
		if (ret <= 0)
			return true;
		n = bounded(ret, arg_ref(l, a));
		return copy_range(l, from, f, to,
				  bounded(n * a->size, MVX_MAX_RW));
	case MVX_ARG_ARRAY_INOUT:
	case MVX_ARG_POLLFD:
		if (ret < 0)
			return true;
		n = bounded(arg_ref(l, a), MVX_MAX_RW / (a->size ? a->size : 1));
		return copy_range(l, from, f, to, n * a->size);
	case MVX_ARG_IOV_OUT:
		if (ret <= 0)
			return true;
		return copy_iov(l, from, f, to, arg_ref(l, a), ret);
	case MVX_ARG_SOCKADDR_OUT:
		if (ret < 0 || !arg_ref(l, a))
			return true;
		if (rd(l, arg_ref(l, a), &slen, 4) != 4 ||
		    !copy_range(l, arg_ref(l, a), f, arg_ref(f, a), 4))
			return false;
		return copy_range(l, from, f, to,
				  bounded(slen, MVX_MAX_SOCKADDR));
	case MVX_ARG_MSGHDR_OUT:
		if (ret < 0)
			return true;
		return copy_msghdr(l, from, f, to, ret);
	case MVX_ARG_FDSET:
		if (ret < 0)
			return true;
		n = bounded(arg_ref(l, a), MVX_MAX_FDSET_BITS);
		return copy_range(l, from, f, to, (n + 63) / 64 * 8);
	default:
		return true;
	}
}

bool mvx_copy_outputs(const struct mvx_call *leader,
		      const struct mvx_call *follower, long ret,
		      struct mvx_diff *diff)
{
	if (!leader->desc)
		return true;
	for (int i = 0; i < leader->desc->nargs; i++) {
		if (!copy_arg(leader, follower, i, ret)) {
			set_diff(diff, 1, i, 0,
				 "output does not fit the variant's memory");
			return false;
		}
	}
	return true;
}
