/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parking call of the handoff (user/process.c): a new child's first
 * system call, saved by its parent's monitor thread, is replaced by
 * rt_sigsuspend with every blockable signal blocked, which holds the child
 * while no monitor traces it; the new set's thread puts the saved call back.
 */
#ifndef MVX_PARK_H
#define MVX_PARK_H

#include <stdbool.h>
#include <sys/user.h>

/*
 * The parking call carries these values in its third and fourth argument
 * registers (rt_sigsuspend reads only two), and the seccomp filter lets
 * exactly that call run without a stop: a spurious wakeup restarts it, which
 * must not fail with ENOSYS and let the child run on unmonitored.  It
 * changes nothing but the signal mask while it waits.
 */
#define MVX_PARK_MAGIC1 0x6d76782d7061726bULL	/* "mvx-park" */
#define MVX_PARK_MAGIC2 0x2d73757370656e64ULL	/* "-suspend" */

/*
 * Turns the registers 'r' of a task at its first call's entry into the
 * parking call, whose 8-byte mask the caller writes at 'mask' (below the
 * task's red zone: MVX_PARK_MASK_BELOW bytes under its stack pointer).
 */
#define MVX_PARK_MASK_BELOW 512
void mvx_park_regs(struct user_regs_struct *r, unsigned long long mask);

/*
 * Whether a task with registers 'now', stopped at the attach's SIGSTOP,
 * stands in the parking call: inside it, or back in user mode at its
 * system-call instruction, about to make it again after the kernel
 * restarted it ('saved' is the first call it replaced).
 */
bool mvx_is_parked(const struct user_regs_struct *now,
		   const struct user_regs_struct *saved);

/*
 * The registers that make the saved first call 'saved' again from user
 * mode: the instruction pointer back on the 2-byte syscall instruction and
 * the number in rax (not an -ERESTART code, so the kernel's restart logic
 * leaves them alone).
 */
struct user_regs_struct mvx_unpark_regs(const struct user_regs_struct *saved);

#endif
