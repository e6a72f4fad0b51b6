/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which programs mvx can monitor: 64-bit x86-64 ones.  A 32-bit program
 * makes its system calls through int 0x80, which the monitor does not
 * compare; mvx refuses to start one, and an execve of one inside a run
 * fails as on a kernel without 32-bit support.
 */
#ifndef MVX_ELF_CHECK_H
#define MVX_ELF_CHECK_H

#include <stdbool.h>
#include <stddef.h>

struct mvx_vset;

/*
 * Whether the file open at 'fd' is an ELF program for another machine or
 * class than 64-bit x86-64; if so, 'why' (of 'len' bytes) says which.  A
 * file that is not ELF, or that cannot be read, is not foreign.
 */
bool mvx_elf_foreign(int fd, char *why, size_t len);

/*
 * Every variant of 'vs' stands at the entry of an execve or execveat that
 * matched: whether the program it names, as the leader sees it, is a
 * foreign ELF (above); if so, 'why' says which file and why.
 */
bool mvx_exec_foreign(const struct mvx_vset *vs, char *why, size_t len);

#endif
