// SPDX-License-Identifier: GPL-2.0
#include "park.h"

#include <sys/syscall.h>

/* The length of the syscall instruction (0f 05). */
#define SYSCALL_INSN_LEN 2

void mvx_park_regs(struct user_regs_struct *r, unsigned long long mask)
{
	r->orig_rax = SYS_rt_sigsuspend;
	r->rdi = mask;
	r->rsi = sizeof(unsigned long long);
	r->rdx = MVX_PARK_MAGIC1;
	r->r10 = MVX_PARK_MAGIC2;
}

/*
 * The detach that leaves the child parked wakes it (the kernel sets
 * TIF_SIGPENDING on a task it takes out of a traced stop), and when the
 * child's signal mask already blocks everything (a thread made by
 * pthread_create) rt_sigsuspend does not recompute that flag: it returns
 * -ERESTARTNOHAND at once, no signal is found, and the kernel restarts it
 * by moving the instruction pointer back onto the syscall instruction with
 * the number in rax.  The child then passes through user mode for that one
 * instruction; an interrupt there with the attach's SIGSTOP pending stops
 * it outside any call (orig_rax -1).
 */
bool mvx_is_parked(const struct user_regs_struct *now,
		   const struct user_regs_struct *saved)
{
	unsigned long long insn = saved->rip - SYSCALL_INSN_LEN;

	if (now->rdx != MVX_PARK_MAGIC1 || now->r10 != MVX_PARK_MAGIC2)
		return false;
	/* in the call, before or after the kernel's rewind for its restart */
	if (now->orig_rax == SYS_rt_sigsuspend)
		return now->rip == saved->rip || now->rip == insn;
	return now->orig_rax == (unsigned long long)-1 &&
	       now->rax == SYS_rt_sigsuspend && now->rip == insn;
}

struct user_regs_struct mvx_unpark_regs(const struct user_regs_struct *saved)
{
	struct user_regs_struct back = *saved;

	back.rip -= SYSCALL_INSN_LEN;
	back.rax = back.orig_rax;
	return back;
}
