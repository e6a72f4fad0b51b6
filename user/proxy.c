// SPDX-License-Identifier: GPL-2.0
#include "proxy.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "dispatch.h"
#include "log.h"
#include "vset.h"

#ifndef AUTOFS_SUPER_MAGIC
#define AUTOFS_SUPER_MAGIC 0x0187
#endif

/* Not made by the monitor: the leader makes the call itself. */
#define LEADER_DOES 1

/* What identifies a view of the file system: ids, capabilities, mount
 * namespace, root and security label. */
#define VIEW_MAX 1024

/* The kernel (or valgrind, which runs the monitor's calls) lacks them. */
static bool no_pidfd, no_openat2;

/* Says once, with -v, that the kernel lacks what 'what' names. */
static void lacks(bool *flag, const char *what)
{
	if (!__atomic_exchange_n(flag, true, __ATOMIC_RELAXED))
		mvx_info("%s: the monitor makes no call for the leader that needs it",
			 what);
}

static char own_view[VIEW_MAX];
static bool own_view_ok;
static pthread_once_t own_view_once = PTHREAD_ONCE_INIT;

/* Appends the lines of /proc/TASK/status that name ids and capabilities. */
static bool view_status(const char *task, char *out, size_t len)
{
	static const char *const keys[] = { "Uid:", "Gid:", "Groups:",
					    "CapEff:" };
	char path[64], buf[4096], *line, *save;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/status", task);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			if (strncmp(line, keys[k], strlen(keys[k])) != 0)
				continue;
			strncat(out, line, len - strlen(out) - 1);
			strncat(out, "\n", len - strlen(out) - 1);
		}
	}
	return true;
}

/* Fills 'out' with the view of /proc/TASK; false when it cannot be read. */
static bool view_of(const char *task, char *out, size_t len)
{
	static const char *const links[] = { "ns/mnt", "root" };
	char path[64], buf[256];
	ssize_t n;
	int fd;

	out[0] = '\0';
	if (!view_status(task, out, len))
		return false;
	for (size_t k = 0; k < sizeof(links) / sizeof(links[0]); k++) {
		snprintf(path, sizeof(path), "/proc/%s/%s", task, links[k]);
		n = readlink(path, buf, sizeof(buf) - 1);
		if (n < 0)
			return false;
		buf[n] = '\0';
		strncat(out, buf, len - strlen(out) - 1);
		strncat(out, "\n", len - strlen(out) - 1);
	}
	/* no security module: no label on either side */
	snprintf(path, sizeof(path), "/proc/%s/attr/current", task);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			strncat(out, buf, len - strlen(out) - 1);
		}
	}
	return strlen(out) < len - 1;
}

static void read_own_view(void)
{
	own_view_ok = view_of("thread-self", own_view, sizeof(own_view));
}

/* Whether paths resolve for the leader as for the monitor. */
static bool same_view(struct mvx_vset *vs)
{
	char task[16], view[VIEW_MAX];

	if (__atomic_load_n(&vs->s->chrooted, __ATOMIC_RELAXED))
		return false;
	if (vs->proxy.view == 0) {
		pthread_once(&own_view_once, read_own_view);
		snprintf(task, sizeof(task), "%d", (int)vs->t[0].tid);
		vs->proxy.view = own_view_ok &&
				 view_of(task, view, sizeof(view)) &&
				 strcmp(view, own_view) == 0 ? 1 : -1;
	}
	return vs->proxy.view > 0;
}

/* A duplicate of the leader's descriptor 'fd' (the same open file), or -1. */
static int leader_fd(struct mvx_vset *vs, long fd)
{
	struct mvx_proxy_state *p = &vs->proxy;
	pid_t tgid = vs->t[0].tgid;
	int dup;

	if (fd < 0 || fd > INT32_MAX ||
	    __atomic_load_n(&no_pidfd, __ATOMIC_RELAXED))
		return -1;
	if (p->pidfd >= 0 && p->pidfd_of != tgid) {
		close(p->pidfd);
		p->pidfd = -1;
	}
	if (p->pidfd < 0) {
		p->pidfd = (int)syscall(SYS_pidfd_open, tgid, 0);
		if (p->pidfd < 0) {
			if (errno == ENOSYS)
				lacks(&no_pidfd, "no pidfd_open");
			p->off = errno == EPERM;
			return -1;
		}
		p->pidfd_of = tgid;
	}
	dup = (int)syscall(SYS_pidfd_getfd, p->pidfd, (int)fd, 0);
	if (dup < 0 && errno == ENOSYS)
		lacks(&no_pidfd, "no pidfd_getfd");
	p->off = dup < 0 && errno == EPERM;
	return dup;
}

/* The leader's working directory, opened O_PATH, or -1. */
static int leader_cwd(struct mvx_vset *vs)
{
	char path[48];

	snprintf(path, sizeof(path), "/proc/%d/cwd", (int)vs->t[0].tid);
	return open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/* Whether a lookup error is one the leader's own call would get too. */
static bool lookup_result(int err)
{
	return err == ENOENT || err == ENOTDIR || err == EACCES ||
	       err == ENAMETOOLONG;
}

/* Whether an error of the monitor's own call may be the monitor's alone. */
static bool monitor_error(long r)
{
	return r == -EINTR || r == -ENOMEM || r == -EMFILE || r == -ENFILE ||
	       r == -EAGAIN || r == -ENOSYS;
}

/*
 * A lookup from 'start' failed with 'err'.  The error is the leader's too
 * unless the walk went through procfs, where /proc/self is the monitor:
 * the same walk kept on one mount must fail the same way, from a start
 * that is not on procfs.
 */
static bool failed_for_leader(int start, const char *path,
			      struct open_how *how, int err)
{
	struct statfs sf;
	int fd;

	if (!lookup_result(err))
		return false;
	if (start >= 0 && (fstatfs(start, &sf) != 0 ||
			   sf.f_type == PROC_SUPER_MAGIC))
		return false;
	how->resolve |= RESOLVE_NO_XDEV;
	fd = (int)syscall(SYS_openat2, start, path, how, sizeof(*how));
	if (fd >= 0) {
		close(fd);	/* made meanwhile */
		return false;
	}
	return errno == err;
}

/*
 * Opens (O_PATH) what the leader's path argument 'path_arg' names, relative
 * to its descriptor 'dirfd'; 'empty' allows an empty path (the descriptor
 * itself).  Returns 0 with *out set and *st its status, the call's result
 * when the lookup fails as it would for the leader, or LEADER_DOES.
 */
static long resolve(struct mvx_vset *vs, long dirfd, int path_arg,
		    bool follow, bool empty, int *out, struct stat *st)
{
	const struct mvx_call *c = &vs->t[0].call;
	struct open_how how = { 0 };
	char path[MVX_MAX_PATH];
	struct statfs sf;
	long len;
	int start, fd;

	if (__atomic_load_n(&no_openat2, __ATOMIC_RELAXED) || !same_view(vs))
		return LEADER_DOES;
	len = mvx_read_str(&c->mem, c->args[path_arg], path, sizeof(path));
	if (len < 0)
		return LEADER_DOES;
	dirfd = (int)dirfd;	/* the kernel reads an int */
	if (len == 0) {
		if (!empty)
			return LEADER_DOES;
		fd = dirfd == AT_FDCWD ? leader_cwd(vs) : leader_fd(vs, dirfd);
		if (fd < 0)
			return LEADER_DOES;
		if (fstat(fd, st) != 0) {
			close(fd);
			return LEADER_DOES;
		}
		*out = fd;
		return 0;
	}
	/* "name/" follows a final symlink even where the call does not */
	if (!follow && path[len - 1] == '/')
		return LEADER_DOES;
	if (path[0] == '/')
		start = AT_FDCWD;	/* the leader's root is the monitor's */
	else if (dirfd == AT_FDCWD)
		start = leader_cwd(vs);
	else
		start = leader_fd(vs, dirfd);
	if (start < 0 && start != AT_FDCWD)
		return LEADER_DOES;
	how.flags = O_PATH | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW);
	how.resolve = RESOLVE_NO_MAGICLINKS;
	fd = (int)syscall(SYS_openat2, start, path, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS)
		lacks(&no_openat2, "no openat2");
	if (fd < 0) {
		int err = errno;
		long r = failed_for_leader(start, path, &how, err) ?
			 -err : LEADER_DOES;

		if (start >= 0)
			close(start);
		return r;
	}
	if (start >= 0)
		close(start);
	/* /proc/self and its kin name the monitor here, not the leader;
	 * an automount point would not be mounted by an O_PATH lookup
	 * (both have no device: a disk's files need not be looked at) */
	if (fstat(fd, st) != 0 ||
	    (major(st->st_dev) == 0 &&
	     (fstatfs(fd, &sf) != 0 || sf.f_type == PROC_SUPER_MAGIC ||
	      sf.f_type == AUTOFS_SUPER_MAGIC))) {
		close(fd);
		return LEADER_DOES;
	}
	*out = fd;
	return 0;
}

/*
 * Writes the call's output (for its argument 'arg') into the leader's
 * memory the way the kernel's copy_to_user does: page protections apply.
 * Returns the bytes written.
 */
static size_t put_leader(struct mvx_vset *vs, int arg, const void *buf,
			 size_t len)
{
	struct iovec local = { (void *)buf, len };
	struct iovec remote = {
		(void *)(uintptr_t)vs->t[0].call.args[arg], len };
	ssize_t n;

	if (len == 0)
		return 0;
	n = process_vm_writev(vs->t[0].tid, &local, 1, &remote, 1, 0);
	return n > 0 ? (size_t)n : 0;
}

/*
 * Gives the followers what the leader got, from the monitor's buffer (not
 * read back from the leader's memory): false after reporting a follower
 * whose memory does not take it.
 */
static bool put_followers(struct mvx_vset *vs, int arg, const void *buf,
			  size_t len)
{
	for (int i = 1; i < vs->n; i++) {
		mvx_addr to = vs->t[i].call.args[arg];

		if (!to || mvx_mem_write(vs->t[i].tid, to, buf, len) == len)
			continue;
		mvx_diverge_unfit(vs, i, arg);
		return false;
	}
	return true;
}

/* The result of a call that wrote 'len' bytes of 'buf' for argument 'arg'
 * (every variant's). */
static long put_result(struct mvx_vset *vs, int arg, const void *buf,
		       size_t len, long ret)
{
	if (put_leader(vs, arg, buf, len) != len)
		return -EFAULT;
	put_followers(vs, arg, buf, len);
	return ret;
}

static long do_stat(struct mvx_vset *vs, long dirfd, int path_arg,
		    int flags, int out_arg)
{
	struct stat st;
	long r;
	int fd;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return LEADER_DOES;
	r = resolve(vs, dirfd, path_arg, !(flags & AT_SYMLINK_NOFOLLOW),
		    flags & AT_EMPTY_PATH, &fd, &st);
	if (r != 0)
		return r;
	close(fd);
	return put_result(vs, out_arg, &st, sizeof(st), 0);
}

static long do_fstat(struct mvx_vset *vs, long lfd, int out_arg)
{
	struct stat st;
	int fd = leader_fd(vs, lfd);
	long r;

	if (fd < 0)
		return LEADER_DOES;
	r = fstat(fd, &st) == 0 ? 0 : -errno;
	close(fd);
	return r == 0 ? put_result(vs, out_arg, &st, sizeof(st), 0) : r;
}

static long do_statx(struct mvx_vset *vs, const struct mvx_call *c)
{
	int flags = (int)c->args[2];
	struct statx stx;
	struct stat st;
	long r;
	int fd;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
		      AT_STATX_SYNC_TYPE))
		return LEADER_DOES;
	r = resolve(vs, (long)c->args[0], 1, !(flags & AT_SYMLINK_NOFOLLOW),
		    flags & AT_EMPTY_PATH, &fd, &st);
	if (r != 0)
		return r;
	r = statx(fd, "", AT_EMPTY_PATH | (flags & AT_STATX_SYNC_TYPE),
		  (unsigned int)c->args[3], &stx) == 0 ? 0 : -errno;
	close(fd);
	if (r == 0)
		r = put_result(vs, 4, &stx, sizeof(stx), 0);
	return r;
}

static long do_readlink(struct mvx_vset *vs, long dirfd, int path_arg,
			int out_arg, int size)
{
	char target[MVX_MAX_PATH];
	struct stat st;
	long r;
	int fd;

	if (size <= 0)
		return LEADER_DOES;
	r = resolve(vs, dirfd, path_arg, false, false, &fd, &st);
	if (r != 0)
		return r;
	if (!S_ISLNK(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	/* a link's target is shorter than PATH_MAX */
	r = readlinkat(fd, "", target,
		       (size_t)size < sizeof(target) ? (size_t)size :
						       sizeof(target));
	close(fd);
	if (r < 0)
		return LEADER_DOES;
	return put_result(vs, out_arg, target, (size_t)r, r);
}

static long do_access(struct mvx_vset *vs, long dirfd, int path_arg,
		      int mode, int flags)
{
	struct stat st;
	long r;
	int fd;

	if ((mode & ~S_IRWXO) ||
	    (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)))
		return LEADER_DOES;
	r = resolve(vs, dirfd, path_arg, !(flags & AT_SYMLINK_NOFOLLOW),
		    flags & AT_EMPTY_PATH, &fd, &st);
	if (r != 0)
		return r;
	r = syscall(SYS_faccessat2, fd, "", mode,
		    AT_EMPTY_PATH | (flags & AT_EACCESS)) == 0 ? 0 : -errno;
	close(fd);
	return r;
}

static long do_lseek(struct mvx_vset *vs, const struct mvx_call *c)
{
	int fd = leader_fd(vs, (long)c->args[0]);
	off_t r;

	if (fd < 0)
		return LEADER_DOES;
	r = lseek(fd, (off_t)c->args[1], (int)c->args[2]);
	if (r < 0)
		r = -errno;
	close(fd);
	return r;
}

/* File systems whose files read the same for every reader and never wait
 * for another process. */
static bool local_fs(int fd)
{
	struct statfs sf;

	if (fstatfs(fd, &sf) != 0)
		return false;
	switch ((unsigned long)sf.f_type) {
	case EXT4_SUPER_MAGIC:	/* also ext2 and ext3 */
	case XFS_SUPER_MAGIC:
	case BTRFS_SUPER_MAGIC:
	case F2FS_SUPER_MAGIC:
	case TMPFS_MAGIC:
	case RAMFS_MAGIC:
	case OVERLAYFS_SUPER_MAGIC:
	case SQUASHFS_MAGIC:
	case ISOFS_SUPER_MAGIC:
	case MSDOS_SUPER_MAGIC:
	case EXFAT_SUPER_MAGIC:
		return true;
	default:
		return false;
	}
}

/*
 * read, pread64 (a regular file) and getdents64 (a directory): into a
 * buffer of the monitor, then into the leader's.  When the leader's buffer
 * does not take it all, the offset goes back to where the kernel's own
 * call would have left it.
 */
static long do_read(struct mvx_vset *vs, const struct mvx_call *c)
{
	bool dir = c->nr == SYS_getdents64;
	size_t count = (size_t)c->args[2];
	int lfd = (int)c->args[0];	/* the kernel reads an int */
	struct stat st;
	long r = LEADER_DOES;
	off_t at = -1;
	char *buf;
	int fd, fl;

	if (count > MVX_PROXY_MAX_READ || (lfd >= 0 && lfd < 64 &&
	    (vs->proxy.leader_reads & (1ULL << lfd))))
		return LEADER_DOES;
	fd = leader_fd(vs, lfd);
	if (fd < 0)
		return LEADER_DOES;
	fl = fcntl(fd, F_GETFL);
	if (fstat(fd, &st) != 0 || fl < 0 || (fl & O_DIRECT) ||
	    (fl & O_ACCMODE) == O_WRONLY ||
	    !(dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode)) ||
	    !local_fs(fd)) {
		/* asked again at the next read of a pipe: not while it
		 * stays one */
		if (lfd < 64)
			vs->proxy.leader_reads |= 1ULL << lfd;
		goto out;
	}
	buf = malloc(count ? count : 1);
	if (!buf)
		goto out;
	if (c->nr == SYS_pread64) {
		r = pread(fd, buf, count, (off_t)c->args[3]);
	} else {
		at = lseek(fd, 0, SEEK_CUR);
		r = dir ? syscall(SYS_getdents64, fd, buf, count) :
			  read(fd, buf, count);
	}
	if (r < 0) {
		r = -errno;
		if (monitor_error(r))
			r = LEADER_DOES;
	} else if (r > 0) {
		size_t put = put_leader(vs, 1, buf, (size_t)r);

		if (put < (size_t)r) {
			/* a directory's position cannot be split */
			if (at >= 0)
				lseek(fd, dir || put == 0 ? at : at + (off_t)put,
				      SEEK_SET);
			r = dir || put == 0 ? -EFAULT : (long)put;
		}
		if (r > 0)
			put_followers(vs, 1, buf, (size_t)r);
	}
	free(buf);
out:
	close(fd);
	return r;
}

/*
 * An open that creates nothing: only its failure to find the file is the
 * monitor's to give (an opened file must be the leader's own).
 */
static long do_open(struct mvx_vset *vs, long dirfd, int path_arg,
		    int flags)
{
	struct stat st;
	long r;
	int fd;

	if (flags & (O_CREAT | (O_TMPFILE & ~O_DIRECTORY)))
		return LEADER_DOES;
	r = resolve(vs, dirfd, path_arg, !(flags & O_NOFOLLOW), false, &fd,
		    &st);
	if (r == 0) {
		close(fd);
		return LEADER_DOES;
	}
	return r;
}

/* The call if the monitor makes it: its result, or LEADER_DOES. */
static long make_call(struct mvx_vset *vs, const struct mvx_call *c)
{
	const uint64_t *a = c->args;

	switch (c->nr) {
	case SYS_stat:
		return do_stat(vs, AT_FDCWD, 0, 0, 1);
	case SYS_lstat:
		return do_stat(vs, AT_FDCWD, 0, AT_SYMLINK_NOFOLLOW, 1);
	case SYS_newfstatat:
		return do_stat(vs, (long)a[0], 1, (int)a[3], 2);
	case SYS_fstat:
		return do_fstat(vs, (long)a[0], 1);
	case SYS_statx:
		return do_statx(vs, c);
	case SYS_readlink:
		return do_readlink(vs, AT_FDCWD, 0, 1, (int)a[2]);
	case SYS_readlinkat:
		return do_readlink(vs, (long)a[0], 1, 2, (int)a[3]);
	case SYS_access:
		return do_access(vs, AT_FDCWD, 0, (int)a[1], 0);
	case SYS_faccessat:
		return do_access(vs, (long)a[0], 1, (int)a[2], 0);
	case SYS_faccessat2:
		return do_access(vs, (long)a[0], 1, (int)a[2], (int)a[3]);
	case SYS_lseek:
		return do_lseek(vs, c);
	case SYS_open:
		return do_open(vs, AT_FDCWD, 0, (int)a[1]);
	case SYS_openat:
		return do_open(vs, (long)a[0], 1, (int)a[2]);
	case SYS_read:
	case SYS_pread64:
	case SYS_getdents64:
		return do_read(vs, c);
	default:
		return LEADER_DOES;
	}
}

bool mvx_proxy(struct mvx_vset *vs, long *ret)
{
	long r;

	if (vs->proxy.off || vs->t[0].call.arch != MVX_ARCH_X86_64)
		return false;
	r = make_call(vs, &vs->t[0].call);
	if (vs->failed) {
		*ret = r;	/* a follower did not take the results */
		return true;
	}
	if (r == LEADER_DOES || monitor_error(r))
		return false;
	*ret = r;
	/* made: the leader cannot make it again (it was killed meanwhile) */
	if (!mvx_skip(vs, 0, r) && !vs->failed)
		mvx_fail(vs, "cannot skip the leader's call");
	return true;
}

void mvx_proxy_watch(struct mvx_vset *vs)
{
	const struct mvx_syscall_desc *d = vs->t[0].call.desc;

	if (!d || d->disp != MVX_DISP_LEADER)
		vs->proxy.leader_reads = 0;
	switch (vs->t[0].call.nr) {
	case SYS_chroot:
		__atomic_store_n(&vs->s->chrooted, true, __ATOMIC_RELAXED);
		break;
	case SYS_setuid:
	case SYS_setgid:
	case SYS_setreuid:
	case SYS_setregid:
	case SYS_setresuid:
	case SYS_setresgid:
	case SYS_setfsuid:
	case SYS_setfsgid:
	case SYS_setgroups:
	case SYS_capset:
		vs->proxy.view = 0;
		break;
	default:
		break;
	}
}

void mvx_proxy_init(struct mvx_vset *vs)
{
	vs->proxy.pidfd = -1;
	vs->proxy.pidfd_of = 0;
	vs->proxy.view = 0;
	vs->proxy.leader_reads = 0;
	vs->proxy.off = false;
}

void mvx_proxy_exec(struct mvx_vset *vs)
{
	vs->proxy.view = 0;
}

void mvx_proxy_forget(struct mvx_vset *vs)
{
	if (vs->proxy.pidfd >= 0)
		close(vs->proxy.pidfd);
	vs->proxy.pidfd = -1;
}
