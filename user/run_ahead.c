// SPDX-License-Identifier: GPL-2.0
#include "run_ahead.h"

#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "vset.h"

/* Bounds on what the queue keeps: what one call may move, what may wait. */
#define AHEAD_CALL_BYTES (4UL << 20)
#define AHEAD_QUEUE_BYTES (64UL << 20)
#define AHEAD_QUEUE_LEN 1024

struct mvx_memseg {
	mvx_addr a;
	size_t len;
	unsigned char *data;
};

static size_t rec_read(const struct mvx_mem *m, mvx_addr a, void *buf,
		       size_t len)
{
	struct mvx_memrec *r = m->ctx;
	size_t got = mvx_mem_read(r->tid, a, buf, len);
	struct mvx_memseg *s;

	if (!got)
		return 0;
	if (r->bytes + got > r->limit) {
		r->full = true;
		return got;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 8;

		s = realloc(r->seg, cap * sizeof(*s));
		if (!s) {
			r->full = true;
			return got;
		}
		r->seg = s;
		r->cap = cap;
	}
	s = &r->seg[r->n];
	s->data = malloc(got);
	if (!s->data) {
		r->full = true;
		return got;
	}
	memcpy(s->data, buf, got);
	s->a = a;
	s->len = got;
	r->n++;
	r->bytes += got;
	return got;
}

/* Serves a read from what was recorded: as much of [a, a + len) as the
 * recorded ranges cover from 'a' on, contiguously. */
static size_t replay_read(const struct mvx_mem *m, mvx_addr a, void *buf,
			  size_t len)
{
	const struct mvx_memrec *r = m->ctx;
	size_t done = 0;
	bool more = true;

	while (done < len && more) {
		more = false;
		for (size_t k = 0; k < r->n; k++) {
			const struct mvx_memseg *s = &r->seg[k];
			mvx_addr at = a + done;
			size_t off, take;

			if (at < s->a || at - s->a >= s->len)
				continue;
			off = at - s->a;
			take = s->len - off;
			if (take > len - done)
				take = len - done;
			memcpy((char *)buf + done, s->data + off, take);
			done += take;
			more = true;
			break;
		}
	}
	return done;
}

static size_t no_write(const struct mvx_mem *m, mvx_addr a, const void *buf,
		       size_t len)
{
	(void)m;
	(void)a;
	(void)buf;
	return len;
}

static struct mvx_mem rec_mem(struct mvx_memrec *r)
{
	struct mvx_mem m = { rec_read, no_write, r->tid, r };

	return m;
}

static struct mvx_mem replay_mem(struct mvx_memrec *r)
{
	struct mvx_mem m = { replay_read, no_write, r->tid, r };

	return m;
}

static void memrec_free(struct mvx_memrec *r)
{
	for (size_t k = 0; k < r->n; k++)
		free(r->seg[k].data);
	free(r->seg);
}

bool mvx_ahead_allowed(const struct mvx_vset *vs)
{
	const struct mvx_call *c = &vs->t[0].call;

	if (!vs->s->opt->run_ahead || !c->desc ||
	    c->arch != MVX_ARCH_X86_64 || vs->pending_mask ||
	    vs->ahead_len >= AHEAD_QUEUE_LEN ||
	    vs->ahead_bytes >= AHEAD_QUEUE_BYTES)
		return false;
	switch (c->nr) {
	case SYS_read:
	case SYS_write:
	case SYS_pread64:
	case SYS_pwrite64:
		return c->args[2] <= AHEAD_CALL_BYTES;
	case SYS_lseek:
	/* the process's own signal state, made by every variant itself
	 * (a thread that blocks signals around a fork while it holds a
	 * lock its counterpart waits for) */
	case SYS_rt_sigprocmask:
	case SYS_rt_sigaction:
	case SYS_sigaltstack:
	/* reads of the process's ids */
	case SYS_getpid:
	case SYS_gettid:
	case SYS_getppid:
	case SYS_getuid:
	case SYS_geteuid:
	case SYS_getgid:
	case SYS_getegid:
	/* a sleep: a thread that sleeps with no lock while its counterpart
	 * waits for the interpreter lock another thread holds (Python's
	 * time.sleep in a thread pool) */
	case SYS_nanosleep:
	case SYS_clock_nanosleep:
		return true;
	default:
		return false;
	}
}

struct mvx_ahead *mvx_ahead_begin(struct mvx_vset *vs)
{
	struct mvx_ahead *e = calloc(1, sizeof(*e));
	struct mvx_call both[2];
	struct mvx_diff d;

	if (!e)
		return NULL;
	e->in.tid = e->out.tid = vs->t[0].tid;
	e->in.limit = e->out.limit = AHEAD_CALL_BYTES + 4096;
	e->call = vs->t[0].call;
	e->call.mem = rec_mem(&e->in);
	/* comparing the call with itself reads all a comparison reads */
	both[0] = both[1] = e->call;
	if (!mvx_calls_match(both, 2, &d) || e->in.full) {
		mvx_ahead_drop(e);
		return NULL;
	}
	e->call.mem = replay_mem(&e->in);
	e->seq = vs->seq;
	return e;
}

bool mvx_ahead_commit(struct mvx_vset *vs, struct mvx_ahead *e, long ret)
{
	struct mvx_call lead = vs->t[0].call, sink = vs->t[0].call;
	struct mvx_diff d;

	lead.mem = rec_mem(&e->out);
	sink.mem.write = no_write;
	if (!mvx_copy_outputs(&lead, &sink, ret, &d) || e->out.full) {
		mvx_ahead_drop(e);
		return false;
	}
	e->out_call = vs->t[0].call;
	e->out_call.mem = replay_mem(&e->out);
	e->ret = ret;
	if (vs->ahead_tail)
		vs->ahead_tail->next = e;
	else
		vs->ahead_head = e;
	vs->ahead_tail = e;
	vs->ahead_end++;
	vs->ahead_len++;
	vs->ahead_bytes += e->in.bytes + e->out.bytes;
	return true;
}

void mvx_ahead_drop(struct mvx_ahead *e)
{
	if (!e)
		return;
	memrec_free(&e->in);
	memrec_free(&e->out);
	free(e);
}

struct mvx_ahead *mvx_ahead_next(const struct mvx_vset *vs, int i)
{
	struct mvx_ahead *e = vs->ahead_head;

	if (i == 0 || vs->ahead_pos[i] >= vs->ahead_end)
		return NULL;
	for (uint64_t k = vs->ahead_base; e && k < vs->ahead_pos[i]; k++)
		e = e->next;
	return e;
}

void mvx_ahead_consumed(struct mvx_vset *vs, int i)
{
	uint64_t lowest = vs->ahead_end;

	vs->ahead_pos[i]++;
	for (int k = 1; k < vs->n; k++)
		if (!vs->t[k].exited && vs->ahead_pos[k] < lowest)
			lowest = vs->ahead_pos[k];
	while (vs->ahead_base < lowest && vs->ahead_head) {
		struct mvx_ahead *e = vs->ahead_head;

		vs->ahead_head = e->next;
		if (!vs->ahead_head)
			vs->ahead_tail = NULL;
		vs->ahead_base++;
		vs->ahead_len--;
		vs->ahead_bytes -= e->in.bytes + e->out.bytes;
		mvx_ahead_drop(e);
	}
}

bool mvx_ahead_lagging(const struct mvx_vset *vs)
{
	for (int k = 1; k < vs->n; k++)
		if (!vs->t[k].exited && vs->ahead_pos[k] < vs->ahead_end)
			return true;
	return false;
}

void mvx_ahead_free(struct mvx_vset *vs)
{
	while (vs->ahead_head) {
		struct mvx_ahead *e = vs->ahead_head;

		vs->ahead_head = e->next;
		mvx_ahead_drop(e);
	}
	vs->ahead_tail = NULL;
	vs->ahead_len = 0;
	vs->ahead_bytes = 0;
}
