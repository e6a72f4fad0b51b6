// SPDX-License-Identifier: GPL-2.0
#include "rdtsc.h"

#include <sys/ptrace.h>
#include <sys/user.h>
#include <x86intrin.h>

#include "log.h"
#include "vset.h"

static uint64_t read_tsc(uint64_t key)
{
	(void)key;
	return __rdtsc();
}

/* The value of the k-th rdtsc of the set, read by the first to ask. */
static bool tsc_value(struct mvx_vset *vs, uint64_t k, uint64_t *v)
{
	uint64_t lowest = UINT64_MAX;

	for (int i = 0; i < vs->n; i++)
		if (!vs->t[i].exited && vs->t[i].tsc_count < lowest)
			lowest = vs->t[i].tsc_count;
	return mvx_shared_read(&vs->tsc, lowest, k, 0, read_tsc, v);
}

enum mvx_rdtsc mvx_rdtsc_emulate(struct mvx_vset *vs, int i, bool alone)
{
	struct mvx_task *t = &vs->t[i];
	struct user_regs_struct r;
	unsigned char insn[3];
	unsigned int len;
	uint64_t v;

	if (ptrace(PTRACE_GETREGS, t->tid, NULL, &r) != 0)
		return MVX_RDTSC_NONE;
	if (mvx_mem_read(t->tid, r.rip, insn, 3) < 2)
		return MVX_RDTSC_NONE;
	if (insn[0] == 0x0f && insn[1] == 0x31)
		len = 2;
	else if (insn[0] == 0x0f && insn[1] == 0x01 && insn[2] == 0xf9)
		len = 3;
	else
		return MVX_RDTSC_NONE;
	if (!tsc_value(vs, t->tsc_count, &v)) {
		if (!alone)
			return MVX_RDTSC_AHEAD;
		mvx_info("variant %d ran more than %d rdtsc instructions ahead of the others where the monitor cannot hold it: it reads its own counter",
			 i, MVX_SHARED_READS);
		v = __rdtsc();
	}
	t->tsc_count++;
	r.rax = v & 0xffffffffU;
	r.rdx = v >> 32;
	if (len == 3)
		r.rcx = 0;	/* TSC_AUX: the same CPU number everywhere */
	r.rip += len;
	return ptrace(PTRACE_SETREGS, t->tid, NULL, &r) == 0 ?
	       MVX_RDTSC_DONE : MVX_RDTSC_NONE;
}

void mvx_rdtsc_started(struct mvx_vset *vs)
{
	if (vs->t[0].tsc_count > 0)
		return;
	vs->s->tsc_untrapped = true;
	mvx_info("this machine does not trap rdtsc (PR_SET_TSC has no effect here): variants that read the time-stamp counter read their own");
}
