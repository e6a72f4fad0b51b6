/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Access to a variant's memory.  A variant is untrusted: every address and
 * length comes from it, so every access is bounded by the caller's buffer and
 * reports how much was really transferred instead of failing as a whole.
 */
#ifndef MVX_TRACEE_MEM_H
#define MVX_TRACEE_MEM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* An address in a variant's address space, never dereferenced directly. */
typedef uint64_t mvx_addr;

/*
 * Reads up to 'len' bytes at 'addr' of task 'tid' into 'buf'.  Returns the
 * number of bytes read: less than 'len' when the range runs into memory the
 * variant cannot read (0 when nothing is readable).
 */
size_t mvx_mem_read(pid_t tid, mvx_addr addr, void *buf, size_t len);

/*
 * Writes 'len' bytes from 'buf' at 'addr' of task 'tid', also into pages the
 * variant maps read-only.  Returns the number of bytes written.
 */
size_t mvx_mem_write(pid_t tid, mvx_addr addr, const void *buf, size_t len);

#endif
