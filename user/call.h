/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One variant's system call as the monitor sees it at its entry stop, and the
 * comparison of corresponding calls across variants.
 *
 * The comparator follows the table (syscall_desc.h): scalars exactly,
 * pointed-to data by content, layout-dependent addresses by NULL-ness.  It
 * reads variant memory only through struct mvx_mem, so the unit tests and the
 * fuzzers can feed it arbitrary memory.  Every length and count comes from an
 * untrusted variant and is bounded before it is used.
 */
#ifndef MVX_CALL_H
#define MVX_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "syscall_desc.h"
#include "tracee_mem.h"

/* -ERESTARTSYS .. -ERESTART_RESTARTBLOCK: a call interrupted by a signal. */
#define MVX_IS_RESTART(r) ((r) <= -512 && (r) >= -516)

/* How the monitor reaches one variant's memory. */
struct mvx_mem {
	size_t (*read)(const struct mvx_mem *m, mvx_addr a, void *buf,
		       size_t len);
	size_t (*write)(const struct mvx_mem *m, mvx_addr a, const void *buf,
			size_t len);
	pid_t tid;
	void *ctx;
};

/* Returns a struct mvx_mem that reads and writes the live task 'tid'. */
struct mvx_mem mvx_mem_of_task(pid_t tid);

/*
 * Reads a NUL-terminated string of at most 'max' - 1 bytes at 'a' into
 * 'buf' and terminates it.  Returns its length, or -1 when it runs into
 * unreadable memory before its NUL, or -2 when it is longer than 'max' - 1
 * (buf then holds the readable prefix, terminated).
 */
long mvx_read_str(const struct mvx_mem *m, mvx_addr a, char *buf, size_t max);

/* Bounds the monitor puts on what a variant hands it. */
#define MVX_MAX_RW	0x7ffff000UL	/* the kernel's MAX_RW_COUNT */
#define MVX_MAX_PATH	4096		/* PATH_MAX, with its NUL */
#define MVX_MAX_IOV	1024		/* UIO_MAXIOV */
#define MVX_MAX_SOCKADDR 128		/* sizeof(struct sockaddr_storage) */
#define MVX_MAX_CONTROL	(64 * 1024)	/* msg_controllen compared */
#define MVX_MAX_STRV	(1 << 20)	/* argv/envp entries compared */
#define MVX_MAX_STRLEN	(128 * 1024)	/* MAX_ARG_STRLEN */
#define MVX_MAX_STRV_BYTES (8 << 20)	/* more than any execve accepts */
#define MVX_MAX_FDSET_BITS (1 << 20)

/* The architecture a call was made with (int 0x80 from 64-bit code is i386). */
#define MVX_ARCH_X86_64 0xc000003eU	/* AUDIT_ARCH_X86_64 */

struct mvx_call {
	long nr;
	uint32_t arch;
	uint64_t args[MVX_MAX_ARGS];
	uint64_t ip;
	uint64_t sp;
	const struct mvx_syscall_desc *desc;	/* NULL: unknown number */
	struct mvx_mem mem;
};

/* What differs between two variants' calls. */
struct mvx_diff {
	int variant;		/* the variant that differs from variant 0 */
	int arg;		/* argument index, or -1 for the number */
	size_t offset;		/* first differing byte in pointed-to data */
	char what[96];		/* e.g. "content differs at byte 3" */
};

/*
 * Compares the calls of 'n' variants (calls[0] is the leader).  Returns true
 * when they match under the table's rules; otherwise fills 'diff' with the
 * first difference found and returns false.
 */
bool mvx_calls_match(const struct mvx_call *calls, int n,
		     struct mvx_diff *diff);

/*
 * Writes a human-readable rendering of argument 'i' of 'c' into 'out'
 * (at most 'len' bytes, always terminated): numbers, strings and a bounded
 * preview of buffers.  With 'json' the rendering is a JSON value.
 */
void mvx_format_arg(const struct mvx_call *c, int i, char *out, size_t len,
		    bool json);

/*
 * Copies the outputs of a call that ran only in the leader into a follower:
 * 'ret' is the leader's return value.  Returns true when every output could
 * be written; false when the follower's memory does not take them (a
 * divergence), with 'diff' saying which argument.
 */
bool mvx_copy_outputs(const struct mvx_call *leader,
		      const struct mvx_call *follower, long ret,
		      struct mvx_diff *diff);

/* Frees the comparator's per-thread buffers (a monitor thread ends). */
void mvx_call_thread_exit(void);

#endif
