/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The description of one x86-64 system call, as the whole monitor reads it.
 *
 * The table itself is user/syscalls.def (an X-macro list, one entry per
 * number in <asm/unistd_64.h>).  Everything that needs to know about a call
 * reads it through mvx_syscall_lookup(): the comparator (how each argument is
 * compared across variants), the dispatcher (who runs the call and what is
 * copied back), the seccomp-filter builder and the trace writer (names and
 * argument decoding).
 *
 * Dispatch modes:
 *   LEADER    the call has effects outside the process or a nondeterministic
 *             result: it runs once, in variant 0; its return value and every
 *             output argument are copied into the other variants, whose own
 *             call is skipped.
 *   ALL       the call changes only the process's own state: it runs in every
 *             variant; the results must agree in class (all succeed, or all
 *             fail with the same errno), since addresses may differ.
 *   OWN       like ALL, for calls that only change the process's own memory
 *             map or signal and thread bookkeeping, never block and are
 *             never restarted: the variants go on from the call's entry
 *             without a stop at its end, so each variant's result is its
 *             own and is not compared (half the stops of ALL; with --trace
 *             or -v they are dispatched as ALL, to show the results).
 *   ALL_SAME  runs in every variant and the return values must be identical
 *             (calls that return descriptor numbers or counts).
 *   HANDLER   a function in a handlers_*.c file decides (open, fcntl, ioctl,
 *             execve, ...); the arguments are still compared by the table.
 *   EXIT      exit / exit_group: runs in every variant, arguments compared.
 *   UNSUPPORTED  stops the run with "mvx: unsupported system call NAME".
 */
#ifndef MVX_SYSCALL_DESC_H
#define MVX_SYSCALL_DESC_H

#include <stdint.h>

enum mvx_disp {
	MVX_DISP_LEADER,
	MVX_DISP_ALL,
	MVX_DISP_OWN,
	MVX_DISP_ALL_SAME,
	MVX_DISP_HANDLER,
	MVX_DISP_EXIT,
	MVX_DISP_UNSUPPORTED,
};

/* Calls whose dispatch needs code; see handlers_*.c. */
enum mvx_handler {
	MVX_H_NONE,
	MVX_H_OPEN,	/* open, openat, openat2, creat: fd placeholders */
	MVX_H_ACCEPT,	/* accept, accept4: leader-only fd, placeholder */
	MVX_H_FCNTL,	/* per-command dispatch */
	MVX_H_IOCTL,	/* per-request dispatch and output size */
	MVX_H_EXECVE,	/* execve, execveat: new image, hide vDSO */
	MVX_H_AFFINITY,	/* sched_getaffinity: the mask before CPU pinning */
	MVX_H_PROCESS,	/* fork, vfork, clone, clone3: new variant sets */
	MVX_H_MMAP,	/* mmap: file mappings need the file open in every variant */
	MVX_H_WAIT,	/* wait4, waitid: each variant reaps its own child */
	MVX_H_KILL,	/* kill, tkill, tgkill: each variant signals its own */
	MVX_H_EPOLL,	/* epoll_ctl, epoll_wait...: each variant's own data */
	MVX_H_SIGVAL,	/* timer_create, rt_sigtimedwait: each variant's own
			 * timer value (sigvals.h) */
	MVX_H_LAST = MVX_H_SIGVAL,
};

/*
 * How one argument is compared (and, for LEADER calls, copied back).
 * 'ref' names another argument (0-based) that gives a length or count;
 * 'size' is a fixed byte size.  Every length a variant supplies is bounded
 * by the comparator before use.
 */
enum mvx_arg_kind {
	MVX_ARG_NONE,		/* slot not used by this call */
	MVX_ARG_INT,		/* scalar: flags, modes, lengths, ids; exact */
	MVX_ARG_FD,		/* descriptor number; exact */
	MVX_ARG_PID,		/* process id; exact (mapped per variant later) */
	MVX_ARG_SIG,		/* signal number; exact */
	MVX_ARG_ADDR,		/* layout-dependent address: NULL-ness only */
	MVX_ARG_IGNORE,		/* not compared at all (documented per call) */
	MVX_ARG_PATH,		/* NUL-terminated path; by content */
	MVX_ARG_STR,		/* NUL-terminated string; by content */
	MVX_ARG_BUF_IN,		/* bytes read by the call, length = arg[ref] */
	MVX_ARG_BUF_OUT,	/* bytes written, capacity arg[ref], count ret */
	MVX_ARG_STRUCT_IN,	/* 'size' bytes read by the call; by content */
	MVX_ARG_STRUCT_OUT,	/* 'size' bytes written by the call */
	MVX_ARG_STRUCT_INOUT,	/* both */
	MVX_ARG_ARRAY_OUT,	/* arg[ref] elements of 'size' bytes, ret used */
	MVX_ARG_ARRAY_INOUT,	/* arg[ref] elements of 'size' bytes, all copied */
	MVX_ARG_IOV_IN,		/* struct iovec[arg[ref]]; by content */
	MVX_ARG_IOV_OUT,	/* struct iovec[arg[ref]] filled with ret bytes */
	MVX_ARG_SOCKADDR_IN,	/* sockaddr of arg[ref] bytes; by content */
	MVX_ARG_SOCKADDR_OUT,	/* sockaddr, length via socklen_t *arg[ref] */
	MVX_ARG_MSGHDR_IN,	/* struct msghdr for sendmsg; by content */
	MVX_ARG_MSGHDR_OUT,	/* struct msghdr for recvmsg; filled */
	MVX_ARG_STRV,		/* NULL-terminated char *[] (argv, envp) */
	MVX_ARG_SIGACTION,	/* struct sigaction in: handler by class */
	MVX_ARG_FDSET,		/* fd_set of arg[ref] bits, in and out */
	MVX_ARG_UTIMENS,	/* struct timespec[2] of utimensat: a second
				 * is not read with UTIME_NOW or UTIME_OMIT */
	MVX_ARG_POLLFD,		/* struct pollfd[arg[ref]]: fd and events
				 * compared, revents written by the call */
	MVX_ARG_SLEEP_UNTIL,	/* clock_nanosleep's struct timespec: by
				 * content, but for an absolute time on an
				 * interval clock (threads read those
				 * unmatched, docs/processes.md) */
	MVX_ARG_EPOLL_EVENT,	/* struct epoll_event in: events compared,
				 * data kept per variant (epoll_map.h) */
	MVX_ARG_MODE,		/* open's mode: exact when the flags arg[ref]
				 * create (O_CREAT, O_TMPFILE), else unread
				 * by the kernel and not compared */
	MVX_ARG_LAST = MVX_ARG_MODE,
};

struct mvx_arg_desc {
	uint8_t kind;		/* enum mvx_arg_kind */
	int8_t ref;		/* index of the length/count argument, or -1 */
	uint16_t size;		/* fixed size or element size in bytes */
};

#define MVX_MAX_ARGS 6

struct mvx_syscall_desc {
	const char *name;	/* NULL for numbers the kernel does not define */
	int nr;
	uint8_t disp;		/* enum mvx_disp */
	uint8_t handler;	/* enum mvx_handler */
	uint8_t nargs;
	struct mvx_arg_desc args[MVX_MAX_ARGS];
};

/* Shorthands used by user/syscalls.def. */
#define A_INT		{ MVX_ARG_INT, -1, 0 }
#define A_FD		{ MVX_ARG_FD, -1, 0 }
#define A_PID		{ MVX_ARG_PID, -1, 0 }
#define A_SIG		{ MVX_ARG_SIG, -1, 0 }
#define A_ADDR		{ MVX_ARG_ADDR, -1, 0 }
#define A_IGNORE	{ MVX_ARG_IGNORE, -1, 0 }
#define A_PATH		{ MVX_ARG_PATH, -1, 0 }
#define A_STR		{ MVX_ARG_STR, -1, 0 }
#define A_BUF_IN(r)	{ MVX_ARG_BUF_IN, (r), 0 }
#define A_BUF_OUT(r)	{ MVX_ARG_BUF_OUT, (r), 0 }
#define A_IN(sz)	{ MVX_ARG_STRUCT_IN, -1, (sz) }
#define A_OUT(sz)	{ MVX_ARG_STRUCT_OUT, -1, (sz) }
#define A_INOUT(sz)	{ MVX_ARG_STRUCT_INOUT, -1, (sz) }
#define A_ARR_OUT(r, sz)	{ MVX_ARG_ARRAY_OUT, (r), (sz) }
#define A_ARR_INOUT(r, sz)	{ MVX_ARG_ARRAY_INOUT, (r), (sz) }
#define A_IOV_IN(r)	{ MVX_ARG_IOV_IN, (r), 0 }
#define A_IOV_OUT(r)	{ MVX_ARG_IOV_OUT, (r), 0 }
#define A_SA_IN(r)	{ MVX_ARG_SOCKADDR_IN, (r), 0 }
#define A_SA_OUT(r)	{ MVX_ARG_SOCKADDR_OUT, (r), 0 }
#define A_MSG_IN	{ MVX_ARG_MSGHDR_IN, -1, 0 }
#define A_MSG_OUT	{ MVX_ARG_MSGHDR_OUT, -1, 0 }
#define A_STRV		{ MVX_ARG_STRV, -1, 0 }
#define A_SIGACT	{ MVX_ARG_SIGACTION, -1, 0 }
#define A_FDSET(r)	{ MVX_ARG_FDSET, (r), 0 }
#define A_UTIMENS	{ MVX_ARG_UTIMENS, -1, 0 }
#define A_POLLFD(r)	{ MVX_ARG_POLLFD, (r), 8 }
#define A_SLEEP_UNTIL	{ MVX_ARG_SLEEP_UNTIL, -1, 0 }
#define A_EPOLL_EV	{ MVX_ARG_EPOLL_EVENT, -1, 0 }
#define A_MODE(r)	{ MVX_ARG_MODE, (r), 0 }

/* Highest system-call number the table covers, plus one. */
#define MVX_NR_SYSCALLS 512

/*
 * Returns the description of system call 'nr', or NULL when 'nr' is outside
 * the table or not a number the kernel headers define.
 */
const struct mvx_syscall_desc *mvx_syscall_lookup(long nr);

/* Returns the name of 'nr', or NULL when the table does not know it. */
const char *mvx_syscall_name(long nr);

/* Returns the number of the call named 'name', or -1. */
int mvx_syscall_by_name(const char *name);

#endif
