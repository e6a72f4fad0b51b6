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

#include "park.h"
#include "syscall_desc.h"

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
