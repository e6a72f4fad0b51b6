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

/* Walks argc, argv, envp to the auxiliary vector of task 'tid'. */
static bool find_auxv(pid_t tid, struct auxv_pos *p)
{
	struct user_regs_struct r;
	uint64_t w[2];
	mvx_addr at;
	uint64_t argc;
	int nulls = 0;

	p->sysinfo_ehdr = 0;
	p->random = 0;
	if (ptrace(PTRACE_GETREGS, tid, NULL, &r) != 0)
		return false;
	if (mvx_mem_read(tid, r.rsp, &argc, 8) != 8)
		return false;
	at = r.rsp + 8;
	/* skip argv and envp: two NULL-terminated pointer arrays */
	while (nulls < 2 && at < r.rsp + STACK_PEEK) {
		uint64_t v;

		if (mvx_mem_read(tid, at, &v, 8) != 8)
			return false;
		if (v == 0)
			nulls++;
		at += 8;
	}
	while (at < r.rsp + STACK_PEEK) {
		if (mvx_mem_read(tid, at, w, 16) != 16)
			return false;
		if (w[0] == AT_NULL)
			return true;
		if (w[0] == AT_SYSINFO_EHDR)
			p->sysinfo_ehdr = at;
		if (w[0] == AT_RANDOM)
			p->random = w[1];
		at += 16;
	}
	return false;
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
