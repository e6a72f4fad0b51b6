// SPDX-License-Identifier: GPL-2.0
#include "wait_status.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

struct mvx_wait mvx_wait_decode(int status)
{
	struct mvx_wait w = { 0 };

	if (WIFEXITED(status)) {
		w.kind = MVX_STOP_EXITED;
		w.code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		w.kind = MVX_STOP_KILLED;
		w.sig = WTERMSIG(status);
		w.core = WCOREDUMP(status);
	} else if (WSTOPSIG(status) == (SIGTRAP | 0x80)) {
		w.kind = MVX_STOP_SYSCALL;
	} else if (status >> 16 == PTRACE_EVENT_SECCOMP) {
		w.kind = MVX_STOP_SECCOMP;
	} else if (status >> 16) {
		w.kind = MVX_STOP_EVENT;
		w.event = status >> 16;
	} else {
		w.kind = MVX_STOP_SIGNAL;
		w.sig = WSTOPSIG(status);
	}
	return w;
}

int mvx_wait_shell_status(const struct mvx_wait *w)
{
	return w->kind == MVX_STOP_KILLED ? 128 + w->sig : w->code;
}
