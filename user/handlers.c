// SPDX-License-Identifier: GPL-2.0
/*
 * The calls whose dispatch needs code (DISP HANDLER in syscalls.def).
 * Their arguments have already been compared by the table when these run.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/user.h>

#include "agent_host.h"
#include "dispatch.h"
#include "elf_check.h"
#include "epoll_map.h"
#include "exec_image.h"
#include "log.h"
#include "pidmap.h"
#include "process.h"
#include "proxy.h"
#include "rdtsc.h"
#include "self_files.h"
#include "sigvals.h"
#include "tempname.h"

/*
 * A descriptor the leader got from a leader-only call is mirrored in each
 * follower at the same number: a regular file or directory is really opened
 * there (read-only, so that the follower can map it), anything else (pipe,
 * socket, device) becomes /dev/null.  The follower's pending call is
 * rewritten into that open.  The kernel gives the lowest free number, which
 * is the leader's unless another thread of the process got a descriptor in
 * the leader that the follower's counterpart has not got yet (threads are
 * not ordered): then the descriptor is moved to the leader's number (dup3,
 * close).  Mirrors are made one at a time, so that two threads' sets do not
 * take each other's temporary number.  The follower's registers are put
 * back as the original call would leave them.
 */
static pthread_mutex_t mirror_lock = PTHREAD_MUTEX_INITIALIZER;

static long open_in_follower(struct mvx_vset *vs, int i, int dirfd,
			     mvx_addr path, int flags)
{
	unsigned long long args[6] = { 0 };

	args[0] = (unsigned long long)(long long)dirfd;
	args[1] = path;
	args[2] = (unsigned int)(flags | O_NOCTTY);
	if (!mvx_rewrite_call(vs, i, SYS_openat, args))
		return -EFAULT;
	return mvx_run_to_exit(vs, i);
}

/* Follower i stands at the exit of a call: makes call nr(args) in its
 * place (back to the entry, rewritten, run).  Returns its result. */
static long run_in_follower(struct mvx_vset *vs, int i, long nr,
			    const unsigned long long args[6])
{
	mvx_rewind_to_entry(vs, i);
	mvx_advance(vs, i);
	if (!vs->t[i].at_entry || vs->failed)
		return -ESRCH;
	if (!mvx_rewrite_call(vs, i, nr, args))
		return -EFAULT;
	return mvx_run_to_exit(vs, i);
}

/* Whether descriptor fd of task tid is close-on-exec (its fdinfo). */
static int fd_cloexec(pid_t tid, long fd)
{
	char path[64], line[64];
	unsigned int flags = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%ld", (int)tid, fd);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "flags: %o", &flags) == 1)
			break;
	fclose(f);
	return flags & O_CLOEXEC;
}

/* Moves follower i's descriptor 'got' to 'fd', which must be free there;
 * the follower stands at a call's exit and stays there. */
static bool move_fd(struct mvx_vset *vs, int i, long got, long fd)
{
	unsigned long long dup[6] = { got, fd, fd_cloexec(vs->t[i].tid, got) };
	unsigned long long cl[6] = { got };
	char proc[64];
	struct stat st;

	snprintf(proc, sizeof(proc), "/proc/%d/fd/%ld", vs->t[i].tid, fd);
	if (lstat(proc, &st) == 0 || errno != ENOENT)
		return false;	/* taken: the tables really differ */
	return run_in_follower(vs, i, SYS_dup3, dup) == fd &&
	       !vs->t[i].exited && run_in_follower(vs, i, SYS_close, cl) == 0;
}

/* Puts back the registers of follower i saved at the call ('saved'), as
 * the call returns 'ret', and its call as the monitor fetched it. */
static bool restore_follower(struct mvx_vset *vs, int i,
			     struct user_regs_struct *saved,
			     const struct mvx_call *call, long ret)
{
	struct user_regs_struct now;
	pid_t tid = vs->t[i].tid;

	vs->t[i].call = *call;
	if (ptrace(PTRACE_GETREGS, tid, NULL, &now) != 0)
		return false;
	saved->rax = (unsigned long long)ret;
	saved->orig_rax = now.orig_rax;
	saved->rip = now.rip;
	saved->rcx = now.rcx;
	saved->r11 = now.r11;
	return ptrace(PTRACE_SETREGS, tid, NULL, saved) == 0;
}

void mvx_fd_table_lock(void)
{
	pthread_mutex_lock(&mirror_lock);
}

void mvx_fd_table_unlock(void)
{
	pthread_mutex_unlock(&mirror_lock);
}

bool mvx_fd_move(struct mvx_vset *vs, int i, long got, long fd, long ret)
{
	struct mvx_call call = vs->t[i].call;
	struct user_regs_struct saved;

	if (ptrace(PTRACE_GETREGS, vs->t[i].tid, NULL, &saved) != 0)
		return false;
	return move_fd(vs, i, got, fd) &&
	       restore_follower(vs, i, &saved, &call, ret);
}

static bool mirror_fd_locked(struct mvx_vset *vs, int i, long fd,
			     mvx_addr path, int dirfd, int flags)
{
	static const char devnull[] = "/dev/null";
	int keep = O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW | O_PATH |
		   O_LARGEFILE;
	char proc[64];
	struct stat st;
	long got;

	snprintf(proc, sizeof(proc), "/proc/%d/fd/%ld", vs->t[0].tid, fd);
	if (path && stat(proc, &st) == 0 &&
	    (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
		got = open_in_follower(vs, i, dirfd, path, flags & keep);
		if (vs->failed || vs->t[i].exited)
			return false;
		if (got == fd)
			return true;
		if (got >= 0)
			return move_fd(vs, i, got, fd);
		/* not readable here: back to the entry, use a placeholder */
		mvx_rewind_to_entry(vs, i);
		mvx_advance(vs, i);
		if (!vs->t[i].at_entry)
			return false;
	}
	path = mvx_scratch_push(vs, i, devnull, sizeof(devnull));
	if (!path)
		return false;
	got = open_in_follower(vs, i, AT_FDCWD, path,
			       O_RDWR | (flags & O_CLOEXEC));
	if (vs->failed || vs->t[i].exited || got < 0)
		return false;
	return got == fd || move_fd(vs, i, got, fd);
}

static bool mirror_fd(struct mvx_vset *vs, int i, long fd, mvx_addr path,
		      int dirfd, int flags)
{
	struct mvx_call call = vs->t[i].call;
	struct user_regs_struct saved;
	bool ok;

	if (ptrace(PTRACE_GETREGS, vs->t[i].tid, NULL, &saved) != 0)
		return false;
	pthread_mutex_lock(&mirror_lock);
	ok = mirror_fd_locked(vs, i, fd, path, dirfd, flags);
	pthread_mutex_unlock(&mirror_lock);
	/* as the leader's call returns: its arguments kept, the number */
	return ok && restore_follower(vs, i, &saved, &call, fd);
}

/* The leader made the call (or the monitor for it: 'by_monitor'), the
 * followers were given its result 'ret': both noted, all resumed. */
static void finish_leader_call(struct mvx_vset *vs, long ret,
			       bool by_monitor)
{
	mvx_note(vs, 0, by_monitor ? MVX_ACT_BY_MONITOR : MVX_ACT_EXECUTED,
		 ret);
	for (int i = 1; i < vs->n; i++)
		mvx_note(vs, i, MVX_ACT_REPLICATED, ret);
	for (int i = 0; i < vs->n; i++)
		mvx_resume(vs, i);
}

static void fd_tables_diverged(struct mvx_vset *vs, int i, long fd)
{
	char why[128];

	snprintf(why, sizeof(why),
		 "descriptor %ld of the leader could not be mirrored in variant %d",
		 fd, i);
	mvx_diverge(vs, NULL, why);
}

/* Records 'fd' if the leader opened it at a path that names the variant
 * itself (self_files.h); each follower opened its own (mirror_fd). */
static void note_self_file(struct mvx_vset *vs, mvx_addr path, long fd)
{
	char prefix[24] = { 0 };

	if (mvx_mem_read(vs->t[0].tid, path, prefix, sizeof(prefix) - 1) > 0 &&
	    mvx_self_path(prefix))
		mvx_self_file_add(vs->t[0].tgid, (int)fd);
}

/* open, openat, openat2, creat */
static void handle_open(struct mvx_vset *vs)
{
	const struct mvx_call *c = &vs->t[0].call;
	int path_arg = 1, dirfd = AT_FDCWD, flags;
	bool by_monitor;
	long fd;

	switch (c->nr) {
	case SYS_open:
		path_arg = 0;
		flags = (int)c->args[1];
		break;
	case SYS_creat:
		path_arg = 0;
		flags = O_WRONLY;
		break;
	case SYS_openat2: {
		struct open_how how = { 0 };

		if (mvx_mem_read(vs->t[0].tid, c->args[2], &how,
				 sizeof(how)) != sizeof(how))
			how.flags = 0;
		dirfd = (int)c->args[0];
		flags = (int)how.flags;
		break;
	}
	default:
		dirfd = (int)c->args[0];
		flags = (int)c->args[2];
		break;
	}
	/* a file that is not there: the monitor looks (proxy.h) */
	by_monitor = mvx_proxy(vs, &fd);
	if (by_monitor ? vs->failed : !mvx_run_leader(vs, &fd))
		return;
	if (fd < 0) {
		if (mvx_replicate(vs, fd))
			finish_leader_call(vs, fd, by_monitor);
		return;
	}
	for (int i = 1; i < vs->n; i++) {
		if (!mirror_fd(vs, i, fd, vs->t[i].call.args[path_arg], dirfd,
			       flags)) {
			fd_tables_diverged(vs, i, fd);
			return;
		}
	}
	note_self_file(vs, c->args[path_arg], fd);
	finish_leader_call(vs, fd, false);
}

/*
 * The leader's call returned 'fd', a descriptor it made (or an error):
 * each follower gets a placeholder at that number (flags: O_CLOEXEC or 0),
 * or the same error; then all are noted and resumed.
 */
static void finish_new_fd(struct mvx_vset *vs, long fd, int flags)
{
	for (int i = 1; i < vs->n; i++) {
		if (fd < 0) {
			if (!mvx_skip(vs, i, fd))
				return;
		} else if (!mirror_fd(vs, i, fd, 0, 0, flags)) {
			fd_tables_diverged(vs, i, fd);
			return;
		}
	}
	finish_leader_call(vs, fd, false);
}

/* accept, accept4: the connection exists only in the leader */
static void handle_accept(struct mvx_vset *vs)
{
	const struct mvx_call *c = &vs->t[0].call;
	int flags = c->nr == SYS_accept4 && (c->args[3] & SOCK_CLOEXEC) ?
		    O_CLOEXEC : 0;
	long fd;

	if (!mvx_run_leader(vs, &fd))
		return;
	for (int i = 1; i < vs->n; i++) {
		struct mvx_diff d;

		if (!mvx_copy_outputs(c, &vs->t[i].call, fd, &d)) {
			d.variant = i;
			mvx_diverge(vs, &d, "the peer address does not fit a follower");
			return;
		}
	}
	finish_new_fd(vs, fd, flags);
}

/* epoll_ctl: made by the leader; what each variant registered as data is
 * kept for its epoll_wait (epoll_map.h) */
static void handle_epoll_ctl(struct mvx_vset *vs)
{
	const struct mvx_call *c = &vs->t[0].call;
	int epfd = (int)c->args[0], op = (int)c->args[1];
	int tfd = (int)c->args[2];
	uint64_t data[MVX_MAX_VARIANTS] = { 0 };
	long ret;

	for (int i = 0; i < vs->n && op != EPOLL_CTL_DEL; i++) {
		struct epoll_event ev;

		/* unreadable: the leader's call fails (compared alike) */
		if (mvx_mem_read(vs->t[i].tid, vs->t[i].call.args[3], &ev,
				 sizeof(ev)) == sizeof(ev))
			data[i] = ev.data.u64;
	}
	if (!mvx_run_leader(vs, &ret))
		return;
	if (ret == 0 && op == EPOLL_CTL_DEL)
		mvx_epoll_map_del(vs->t[0].tgid, epfd, tfd);
	else if (ret == 0 &&
		 !mvx_epoll_map_set(vs->t[0].tgid, epfd, tfd, data, vs->n)) {
		mvx_fail(vs, "more epoll registrations than mvx keeps (65536)");
		return;
	}
	if (mvx_replicate(vs, ret))
		finish_leader_call(vs, ret, false);
}

/* Gives follower i, whose events array holds the leader's 'n' events, the
 * data it registered itself. */
static bool own_epoll_data(struct mvx_vset *vs, int i, long n)
{
	const struct mvx_call *c = &vs->t[i].call;
	struct epoll_event ev[128];
	int epfd = (int)vs->t[0].call.args[0];
	mvx_addr at = c->args[1];

	while (n > 0) {
		long k = n < 128 ? n : 128;
		size_t len = k * sizeof(ev[0]);

		if (mvx_mem_read(vs->t[i].tid, at, ev, len) != len)
			return false;
		for (long e = 0; e < k; e++)
			ev[e].data.u64 = mvx_epoll_map_get(vs->t[0].tgid, epfd,
							   ev[e].data.u64, i);
		if (mvx_mem_write(vs->t[i].tid, at, ev, len) != len)
			return false;
		at += len;
		n -= k;
	}
	return true;
}

/* epoll_wait, epoll_pwait, epoll_pwait2: the leader waits, every follower
 * gets its events with its own data */
static void handle_epoll_wait(struct mvx_vset *vs)
{
	long ret, n;

	if (!mvx_run_leader(vs, &ret))
		return;
	if (!mvx_replicate(vs, ret))
		return;
	/* the kernel returns at most maxevents, which the followers share */
	n = ret > 0 ? ret : 0;
	if ((uint64_t)n > vs->t[0].call.args[2])
		n = (long)(int)vs->t[0].call.args[2];
	if (n > (long)(MVX_MAX_RW / sizeof(struct epoll_event)))
		n = MVX_MAX_RW / sizeof(struct epoll_event);
	for (int i = 1; i < vs->n; i++) {
		if (!own_epoll_data(vs, i, n)) {
			mvx_fail(vs, "cannot give a follower its epoll events");
			return;
		}
	}
	finish_leader_call(vs, ret, false);
}

/*
 * Whether two record locks differ in what the kernel reads of them: type,
 * whence, start and length, and the pid of an open file description lock
 * (which must be 0).  Padding and a classic lock's pid are left as the
 * program left them (SQLite does not set them), other in each variant.
 */
static bool flock_differs(const struct flock *a, const struct flock *b,
			  int cmd)
{
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK ||
		   cmd == F_OFD_SETLKW;

	return a->l_type != b->l_type || a->l_whence != b->l_whence ||
	       a->l_start != b->l_start || a->l_len != b->l_len ||
	       (ofd && a->l_pid != b->l_pid);
}

/* fcntl: descriptor-table commands run everywhere, the rest in the leader */
static void handle_fcntl(struct mvx_vset *vs)
{
	const struct mvx_call *c = &vs->t[0].call;
	int cmd = (int)c->args[1];

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
	case F_GETFD:
	case F_SETFD:
		mvx_dispatch_all(vs, true);
		return;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW: {
		struct flock l0, lk;

		for (int i = 1; i < vs->n; i++) {
			size_t g0 = mvx_mem_read(vs->t[0].tid, c->args[2], &l0,
						 sizeof(l0));
			size_t gk = mvx_mem_read(vs->t[i].tid,
						 vs->t[i].call.args[2], &lk,
						 sizeof(lk));

			if (g0 != gk ||
			    (g0 == sizeof(l0) && flock_differs(&l0, &lk, cmd))) {
				struct mvx_diff d = { i, 2, 0,
						      "struct flock differs" };

				mvx_diverge(vs, &d, d.what);
				return;
			}
		}
		mvx_dispatch_leader(vs);
		if (!vs->failed && (cmd == F_GETLK || cmd == F_OFD_GETLK))
			for (int i = 1; i < vs->n; i++)
				if (mvx_mem_read(vs->t[0].tid, c->args[2], &l0,
						 sizeof(l0)) == sizeof(l0))
					mvx_mem_write(vs->t[i].tid,
						      vs->t[i].call.args[2],
						      &l0, sizeof(l0));
		return;
	}
	default:
		/* F_GETFL, F_SETFL, owners, leases, pipe sizes, seals */
		mvx_dispatch_leader(vs);
		return;
	}
}

struct legacy_ioctl {
	unsigned long req;
	int dir;		/* 1: the kernel reads, 2: writes, 0: no data */
	unsigned int size;
};

/* Requests whose number carries no _IOC direction and size (the old tty
 * ones, and TIOCGPTPEER) that common programs use. */
static const struct legacy_ioctl legacy[] = {
	{ TCGETS, 2, 36 },	{ TCSETS, 1, 36 },	{ TCSETSW, 1, 36 },
	{ TCSETSF, 1, 36 },	{ TIOCGWINSZ, 2, 8 },	{ TIOCSWINSZ, 1, 8 },
	{ TIOCGPGRP, 2, 4 },	{ TIOCSPGRP, 1, 4 },	{ FIONREAD, 2, 4 },
	{ FIONBIO, 1, 4 },	{ TIOCSCTTY, 0, 0 },	{ TIOCNOTTY, 0, 0 },
	{ TCFLSH, 0, 0 },	{ TCXONC, 0, 0 },	{ TCSBRK, 0, 0 },
	{ TIOCOUTQ, 2, 4 },	{ TIOCGSID, 2, 4 },	{ FIOASYNC, 1, 4 },
	{ TIOCGPTPEER, 0, 0 },
};

/* ioctl: the leader's device answers; the data's size is in the request */
static void handle_ioctl(struct mvx_vset *vs)
{
	const struct mvx_call *c = &vs->t[0].call;
	unsigned long req = (unsigned int)c->args[1];
	int dir = -1;
	unsigned int size = 0;
	struct mvx_syscall_desc d = *c->desc;
	struct mvx_call calls[MVX_MAX_VARIANTS];
	struct mvx_diff diff;

	if (req == FIOCLEX || req == FIONCLEX) {
		mvx_dispatch_all(vs, true);	/* close-on-exec: the fd table */
		return;
	}
	for (size_t k = 0; k < sizeof(legacy) / sizeof(legacy[0]); k++) {
		if (legacy[k].req == req) {
			dir = legacy[k].dir;
			size = legacy[k].size;
		}
	}
	if (dir < 0 && _IOC_TYPE(req) != 0 && (req >> 30) != 0) {
		dir = (int)_IOC_DIR(req);	/* _IOC_WRITE 1, _IOC_READ 2 */
		size = _IOC_SIZE(req);
	}
	if (dir < 0) {
		char why[96];

		snprintf(why, sizeof(why), "unsupported ioctl request 0x%lx",
			 req);
		mvx_fail(vs, why);
		return;
	}
	/* compare and copy the pointed-to data by the request's size */
	d.args[2].kind = dir == 0 ? MVX_ARG_INT :
			 dir == 1 ? MVX_ARG_STRUCT_IN :
			 dir == 2 ? MVX_ARG_STRUCT_OUT : MVX_ARG_STRUCT_INOUT;
	d.args[2].size = size;
	for (int i = 0; i < vs->n; i++) {
		calls[i] = vs->t[i].call;
		calls[i].desc = &d;
	}
	if (!mvx_calls_match(calls, vs->n, &diff)) {
		mvx_diverge(vs, &diff, diff.what);
		return;
	}
	for (int i = 0; i < vs->n; i++)
		vs->t[i].call.desc = &d;
	if (req == TIOCGPTPEER) {
		/* a pseudo-terminal's peer: a new descriptor, as accept */
		long fd;

		if (mvx_run_leader(vs, &fd))
			finish_new_fd(vs, fd,
				      (c->args[2] & O_CLOEXEC) ? O_CLOEXEC : 0);
	} else {
		mvx_dispatch_leader(vs);
	}
	for (int i = 0; i < vs->n; i++)
		vs->t[i].call.desc = mvx_syscall_lookup(SYS_ioctl);
}

/* execve, execveat: every variant loads the new image */
static void handle_execve(struct mvx_vset *vs)
{
	long ret[MVX_MAX_VARIANTS] = { 0 };
	char why[PATH_MAX + 192];

	if (!vs->exec_seen)
		mvx_rdtsc_started(vs);
	if (mvx_exec_foreign(vs, why, sizeof(why))) {
		/* its calls could not be compared (int 0x80): the kernel
		 * without 32-bit support that ldd and others expect */
		mvx_err("%s: the execve fails with ENOEXEC in every variant",
			why);
		mvx_dispatch_emulated(vs, -ENOEXEC);
		return;
	}

	for (int i = 0; i < vs->n; i++) {
		ret[i] = mvx_run_to_exit(vs, i);
		if (vs->failed || vs->t[i].exited)
			return;
	}
	vs->exec_seen = true;
	for (int i = 1; i < vs->n; i++) {
		if (ret[i] != ret[0]) {
			struct mvx_diff d = { i, -1, 0,
					      "execve succeeded in some variants only" };

			mvx_diverge(vs, &d, d.what);
			return;
		}
	}
	if (ret[0] == 0 && !mvx_exec_image_prepare(vs)) {
		mvx_fail(vs, "cannot prepare the new program image");
		return;
	}
	if (ret[0] == 0) {
		vs->threaded = false;	/* the new image has one thread */
		mvx_agent_drop(vs);	/* its agent asks for a new log */
		mvx_self_files_forget(vs->t[0].tgid);
		mvx_sigvals_forget(vs->t[0].tgid);
		mvx_tempname_forget(vs);
		mvx_proxy_exec(vs);
	}
	for (int i = 0; i < vs->n; i++) {
		mvx_note(vs, i, MVX_ACT_EXECUTED_BY_ALL, ret[i]);
		mvx_resume(vs, i);
	}
}

/*
 * sched_getaffinity: mvx may pin the variants to one CPU; the program sees
 * the CPUs it would have had without mvx.
 */
static void handle_affinity(struct mvx_vset *vs)
{
	const struct mvx_call *c = &vs->t[0].call;
	struct mvx_session *s = vs->s;
	unsigned long len = c->args[1];
	long ret = s->orig_affinity_size;

	if (c->args[0] != 0 && (pid_t)c->args[0] != vs->t[0].tid) {
		mvx_dispatch_leader(vs);
		return;
	}
	if (len < (unsigned long)ret || (len & (sizeof(long) - 1)))
		ret = -EINVAL;
	for (int i = 0; i < vs->n && ret > 0; i++) {
		if (mvx_mem_write(vs->t[i].tid, vs->t[i].call.args[2],
				  &s->orig_affinity, ret) != (size_t)ret)
			ret = -EFAULT;
	}
	mvx_dispatch_emulated(vs, ret);
}

/*
 * Makes system call 'nr' in follower i in place of its pending call, then
 * brings the follower back to the pending call's entry.  Returns the
 * injected call's result.
 */
static long inject_call(struct mvx_vset *vs, int i, long nr,
			const unsigned long long args[6])
{
	long ret;

	if (!mvx_rewrite_call(vs, i, nr, args))
		return -EFAULT;
	ret = mvx_run_to_exit(vs, i);
	if (vs->failed || vs->t[i].exited)
		return -ESRCH;
	mvx_rewind_to_entry(vs, i);
	mvx_advance(vs, i);
	return vs->t[i].at_entry ? ret : -ESRCH;
}

/* The open flags of task 'tid''s descriptor 'fd' (/proc fdinfo), or -1. */
static long fd_flags(pid_t tid, int fd)
{
	char path[64], line[128];
	unsigned long v;
	long flags = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)tid, fd);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "flags: %lo", &v) == 1) {
			flags = (long)v;
			break;
		}
	fclose(f);
	return flags;
}

/* Copies the contents of the leader's descriptor into the follower's. */
static bool copy_file(pid_t from, int ffd, pid_t to, int tfd)
{
	char src[64], dst[64], buf[65536];
	bool ok = true;
	int in, out;
	ssize_t n;

	snprintf(src, sizeof(src), "/proc/%d/fd/%d", (int)from, ffd);
	snprintf(dst, sizeof(dst), "/proc/%d/fd/%d", (int)to, tfd);
	in = open(src, O_RDONLY | O_CLOEXEC);
	out = open(dst, O_WRONLY | O_CLOEXEC);
	if (in < 0 || out < 0) {
		ok = false;
	} else {
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, n) != n) {
				ok = false;
				break;
			}
		ok = ok && n == 0;
	}
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ok;
}

/*
 * A writable shared mapping of a file the leader alone opened for writing
 * (a POSIX semaphore or shared memory object): the follower's descriptor is
 * read-only, and the variants must not share memory anyway, so the
 * follower's descriptor becomes a private memfd holding the same contents.
 */
static bool privatize_fd(struct mvx_vset *vs, int i, int fd)
{
	static const char name[] = "mvx-private";
	struct mvx_call orig = vs->t[i].call;
	unsigned long long a[6] = { 0 };
	long flags = fd_flags(vs->t[i].tid, fd), m;

	a[0] = mvx_scratch_push(vs, i, name, sizeof(name));
	a[1] = MFD_CLOEXEC;
	if (!a[0])
		return false;
	m = inject_call(vs, i, SYS_memfd_create, a);
	if (m < 0 || !copy_file(vs->t[0].tid, fd, vs->t[i].tid, (int)m))
		return false;
	a[0] = m;
	a[1] = fd;
	a[2] = flags >= 0 && (flags & O_CLOEXEC) ? O_CLOEXEC : 0;
	if (inject_call(vs, i, SYS_dup3, a) != fd)
		return false;
	a[0] = m;
	if (inject_call(vs, i, SYS_close, a) != 0)
		return false;
	for (int k = 0; k < 6; k++)
		a[k] = orig.args[k];
	if (!mvx_rewrite_call(vs, i, orig.nr, a))
		return false;
	vs->t[i].call = orig;
	return true;
}

/* mmap: each variant maps its own memory; addresses differ */
static void handle_mmap(struct mvx_vset *vs)
{
	const struct mvx_call *c = &vs->t[0].call;
	int fd = (int)c->args[4];

	if ((c->args[3] & MAP_SHARED) && (c->args[2] & PROT_WRITE) &&
	    !(c->args[3] & MAP_ANONYMOUS) && fd >= 0) {
		for (int i = 1; i < vs->n; i++) {
			long fl = fd_flags(vs->t[i].tid, fd);

			if (fl >= 0 && (fl & O_ACCMODE) != O_RDWR &&
			    !privatize_fd(vs, i, fd)) {
				if (!vs->failed)
					mvx_fail(vs, "cannot give a follower its own copy of a shared file mapping");
				return;
			}
		}
	}
	/* a file mapping's result is checked: a follower may hold a
	 * placeholder where the leader's descriptor cannot be mirrored */
	if (c->args[3] & MAP_ANONYMOUS)
		mvx_dispatch_own(vs);
	else
		mvx_dispatch_all(vs, false);
}

/*
 * timer_create: the sigevent's notification, and the number and thread it
 * names where the kernel reads them, must match; its value is each
 * variant's own (a pointer, often), noted for the timer's signals
 * (sigvals.h).  The leader alone has the timer.
 */
static void handle_timer_create(struct mvx_vset *vs)
{
	struct {
		uint64_t value;
		uint32_t signo, notify, tid;
	} ev[MVX_MAX_VARIANTS];
	uint64_t own[MVX_MAX_VARIANTS];

	for (int i = 0; i < vs->n; i++) {
		const struct mvx_call *c = &vs->t[i].call;

		/* no sigevent, or one the kernel cannot read (EFAULT) */
		if (!c->args[1] ||
		    mvx_mem_read(vs->t[i].tid, c->args[1], &ev[i], 20) != 20) {
			mvx_dispatch_leader(vs);
			return;
		}
		own[i] = ev[i].value;
		/* fields the kernel does not read may hold anything */
		if ((ev[i].notify & ~SIGEV_THREAD_ID) == SIGEV_NONE)
			ev[i].signo = 0;
		/* a follower may name its own thread (from the kernel's
		 * CLONE_PARENT_SETTID) */
		if (ev[i].notify & SIGEV_THREAD_ID)
			ev[i].tid = (uint32_t)mvx_pidmap_to_leader(
				(pid_t)ev[i].tid, i);
		else
			ev[i].tid = 0;
		if (i > 0 && (ev[i].signo != ev[0].signo ||
			      ev[i].notify != ev[0].notify ||
			      ev[i].tid != ev[0].tid)) {
			struct mvx_diff d = { i, 1, 8,
					      "sigevent differs (number, notification or thread)" };

			mvx_diverge(vs, &d, d.what);
			return;
		}
	}
	mvx_sigvals_note(vs->t[0].tgid, own, vs->n);
	mvx_dispatch_leader(vs);
}

/* Follower i got the leader's siginfo from rt_sigtimedwait: its own timer
 * value in it. */
static void own_sigval(struct mvx_vset *vs, int i, long ret)
{
	const struct mvx_call *c = &vs->t[i].call;
	siginfo_t si;

	if (ret <= 0 || !c->args[1] ||
	    mvx_mem_read(vs->t[i].tid, c->args[1], &si, sizeof(si)) !=
	    sizeof(si))
		return;
	if (mvx_sigvals_own(vs->t[0].tgid, i, &si))
		mvx_mem_write(vs->t[i].tid, c->args[1], &si, sizeof(si));
}

void mvx_handle(struct mvx_vset *vs)
{
	switch (vs->t[0].call.desc->handler) {
	case MVX_H_OPEN:
		handle_open(vs);
		break;
	case MVX_H_ACCEPT:
		handle_accept(vs);
		break;
	case MVX_H_FCNTL:
		handle_fcntl(vs);
		break;
	case MVX_H_IOCTL:
		handle_ioctl(vs);
		break;
	case MVX_H_EXECVE:
		handle_execve(vs);
		break;
	case MVX_H_AFFINITY:
		handle_affinity(vs);
		break;
	case MVX_H_PROCESS:
		mvx_handle_process(vs);
		break;
	case MVX_H_WAIT:
		mvx_handle_wait(vs);
		break;
	case MVX_H_KILL:
		mvx_handle_kill(vs);
		break;
	case MVX_H_MMAP:
		handle_mmap(vs);
		break;
	case MVX_H_SIGVAL:
		if (vs->t[0].call.nr == SYS_timer_create)
			handle_timer_create(vs);
		else
			mvx_dispatch_leader_fix(vs, own_sigval);
		break;
	case MVX_H_EPOLL:
		if (vs->t[0].call.nr == SYS_epoll_ctl)
			handle_epoll_ctl(vs);
		else
			handle_epoll_wait(vs);
		break;
	default:
		mvx_dispatch_all(vs, false);
		break;
	}
}
