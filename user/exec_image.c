// SPDX-License-Identifier: GPL-2.0
#include "exec_image.h"

#include <elf.h>
#include <stdint.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#include "log.h"
#include "vset.h"

/* The initial stack the kernel builds is small; bound what is parsed. */
#define STACK_PEEK (256 * 1024)

struct auxv_pos {
	mvx_addr sysinfo_ehdr;	/* address of the AT_SYSINFO_EHDR entry */
	mvx_addr random;	/* AT_RANDOM's value: the 16 bytes */
};

/* A window of a task's initial stack, read a few pages at a time. */
struct stack_reader {
	pid_t tid;
	mvx_addr top;		/* the bound of what is parsed */
	mvx_addr base;		/* the window's address */
	size_t len;		/* bytes of the window read */
	uint64_t buf[1024];
};

/* The 8-byte word at 'at' in *v; false when it cannot be read. */
static bool stack_word(struct stack_reader *s, mvx_addr at, uint64_t *v)
{
	if (at < s->base || at + 8 > s->base + s->len) {
		size_t want = sizeof(s->buf);

		if (at >= s->top)
			return false;
		if (want > s->top - at)
			want = s->top - at;
		s->base = at;
		s->len = mvx_mem_read(s->tid, at, s->buf, want);
		if (s->len < 8)
			return false;
	}
	*v = s->buf[(at - s->base) / 8];
	return true;
}

/* Walks argc, argv, envp to the auxiliary vector of task 'tid'. */
static bool find_auxv(pid_t tid, struct auxv_pos *p)
{
	struct user_regs_struct r;
	struct stack_reader s = { .tid = tid };
	uint64_t w[2];
	mvx_addr at;
	int nulls = 0;

	p->sysinfo_ehdr = 0;
	p->random = 0;
	if (ptrace(PTRACE_GETREGS, tid, NULL, &r) != 0 || (r.rsp & 7))
		return false;
	s.top = r.rsp + STACK_PEEK;
	/* skip argc, then argv and envp: two NULL-terminated arrays */
	at = r.rsp + 8;
	while (nulls < 2) {
		uint64_t v;

		if (!stack_word(&s, at, &v))
			return false;
		if (v == 0)
			nulls++;
		at += 8;
	}
	for (;; at += 16) {
		if (!stack_word(&s, at, &w[0]) ||
		    !stack_word(&s, at + 8, &w[1]))
			return false;
		if (w[0] == AT_NULL)
			return true;
		if (w[0] == AT_SYSINFO_EHDR)
			p->sysinfo_ehdr = at;
		if (w[0] == AT_RANDOM)
			p->random = w[1];
	}
}

bool mvx_exec_image_prepare(struct mvx_vset *vs)
{
	uint8_t random[16];
	bool have_random = false;

	for (int i = 0; i < vs->n; i++) {
		pid_t tid = vs->t[i].tid;
		uint64_t ignore = AT_IGNORE;
		struct auxv_pos p;

		if (!find_auxv(tid, &p)) {
			mvx_err("cannot find the auxiliary vector of variant %d",
				i);
			return false;
		}
		if (p.sysinfo_ehdr &&
		    mvx_mem_write(tid, p.sysinfo_ehdr, &ignore, 8) != 8) {
			mvx_err("cannot hide the vDSO of variant %d", i);
			return false;
		}
		if (!p.random)
			continue;
		if (i == 0) {
			have_random = mvx_mem_read(tid, p.random, random, 16) ==
				      16;
		} else if (have_random &&
			   mvx_mem_write(tid, p.random, random, 16) != 16) {
			mvx_err("cannot copy AT_RANDOM into variant %d", i);
			return false;
		}
	}
	return true;
}
