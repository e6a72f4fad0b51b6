/* SPDX-License-Identifier: GPL-2.0 */
/* A raw wait status of a traced task, turned into what happened. */
#ifndef MVX_WAIT_STATUS_H
#define MVX_WAIT_STATUS_H

#include <stdbool.h>

enum mvx_stop {
	MVX_STOP_SECCOMP,	/* PTRACE_EVENT_SECCOMP: a system call's entry */
	MVX_STOP_SYSCALL,	/* syscall-entry/exit-stop (TRACESYSGOOD) */
	MVX_STOP_EVENT,		/* another PTRACE_EVENT_* stop */
	MVX_STOP_SIGNAL,	/* signal-delivery-stop or group-stop */
	MVX_STOP_EXITED,	/* exited normally */
	MVX_STOP_KILLED,	/* terminated by a signal */
};

struct mvx_wait {
	enum mvx_stop kind;
	int sig;		/* SIGNAL, KILLED: the signal */
	int event;		/* EVENT: PTRACE_EVENT_* */
	int code;		/* EXITED: exit status */
	bool core;		/* KILLED: dumped core */
};

/* Decodes a status returned by waitpid() for a ptraced task. */
struct mvx_wait mvx_wait_decode(int status);

/*
 * The exit status a shell would report for a task that ended this way:
 * the exit code, or 128 + the signal.
 */
int mvx_wait_shell_status(const struct mvx_wait *w);

#endif
