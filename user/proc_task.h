/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What /proc says of a task: its signal masks and the call it is blocked
 * in.  Every function here but mvx_proc_untimed_futex only uses open, read
 * and close, so they may be called from a signal handler.
 */
#ifndef MVX_PROC_TASK_H
#define MVX_PROC_TASK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The hexadecimal mask of the line 'field' ("SigPnd", "ShdPnd", "SigCgt",
 * ...) of /proc/TID/status in *mask.  Returns false when the file cannot
 * be read (the task is gone) or has no such line.
 */
bool mvx_proc_status_mask(pid_t tid, const char *field, uint64_t *mask);

/*
 * The state letter of task 'tid' (the "State:" line of /proc/TID/status:
 * 'R', 'S', 'D', 't', 'Z', ...), or 0 when the task is gone.
 */
char mvx_proc_state(pid_t tid);

/*
 * Whether task 'tid' is traced by a thread of process 'tgid' (TracerPid
 * names the tracing thread).  Async-signal-safe.
 */
bool mvx_proc_traced_by(pid_t tid, pid_t tgid);

/*
 * The signals pending for task 'tid', its own and its process's, in *mask
 * (bit S-1 for signal S).  Returns false when the task is gone.
 */
bool mvx_proc_pending(pid_t tid, uint64_t *mask);

/*
 * The number of the system call task 'tid' sleeps in (/proc/TID/syscall),
 * or -1 when it is running, gone, or not in a call.
 */
long mvx_proc_blocked_call(pid_t tid);

/*
 * Whether task 'tid' sleeps in a futex wait without a time-out: only
 * another thread (or a signal) can wake it.  Not async-signal-safe.
 */
bool mvx_proc_untimed_futex(pid_t tid);

#endif
