/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seccomp filter installed in every variant before its first execve:
 * every system call stops for the monitor (SECCOMP_RET_TRACE), except the
 * numbers in 'allow', which the kernel module approves in lockstep.
 */
#ifndef MVX_SECCOMP_FILTER_H
#define MVX_SECCOMP_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "syscall_desc.h"

/*
 * The handoff of new children between monitor threads parks each child in
 * rt_sigsuspend while no monitor traces it.  That call carries these values
 * in its third and fourth argument registers (rt_sigsuspend reads only two),
 * and the filter lets exactly that call run without a stop: a spurious
 * wakeup restarts it, which must not fail with ENOSYS and let the child run
 * on unmonitored.  It changes nothing but the signal mask while it waits.
 */
#define MVX_PARK_MAGIC1 0x6d76782d7061726bULL	/* "mvx-park" */
#define MVX_PARK_MAGIC2 0x2d73757370656e64ULL	/* "-suspend" */

/* A set of system-call numbers. */
struct mvx_nrset {
	uint64_t bits[MVX_NR_SYSCALLS / 64];
};

/*
 * Installs the filter in the calling process (a variant before execve);
 * sets no_new_privs first.  Returns false with errno set on failure.
 */
bool mvx_seccomp_install(const struct mvx_nrset *allow);

#endif
