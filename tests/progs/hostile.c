// SPDX-License-Identifier: GPL-2.0
/*
 * hostile [MODE]: system calls with lengths, pointers and numbers that a
 * monitor must not trust, made on a one-page buffer at a fixed address
 * followed by an inaccessible (PROT_NONE) page.  The kernel's own answers
 * are printed on stderr; under mvx stdout, stderr and status must equal a
 * native run.  stdout must be a regular file or a pipe.
 *
 *   lengths (default)  writes and reads of 1 TiB, 1 GiB and two pages (the
 *                      kernel copies the first page and returns a short
 *                      count, or fails with EFAULT), from address 1, from
 *                      the inaccessible page, of a negative length
 *   paths              open, stat, access, mkdir, execve with a path that
 *                      has no terminator before the inaccessible page
 *                      (EFAULT) or none within PATH_MAX (ENAMETOOLONG), and
 *                      execve with such an argv string or argv array
 *   nosys              numbers the kernel does not know: 1000, -1, 1 << 31,
 *                      x32 numbers, 0x7fffffffffffffff (ENOSYS); close with
 *                      junk in the number's upper 32 bits (which the
 *                      kernel ignores: EBADF)
 *   iov                writev/readv with 1 << 20 and 1025 iovecs (EINVAL),
 *                      1024 iovecs whose lengths are huge or whose sum
 *                      overflows, an iovec array that runs into the
 *                      inaccessible page
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include "util.h"

static void report(const char *what, long ret, int err)
{
	char buf[24];

	put(2, what);
	put(2, " = ");
	put(2, fmt_dec(buf, ret));
	if (ret < 0) {
		put(2, " errno ");
		put(2, fmt_dec(buf, err));
	}
	put(2, "\n");
}

static int lengths(char *p, long page)
{
	long ret;
	int fd;

	memset(p, 'A', page);
	p[page - 1] = '\n';

	ret = syscall(SYS_write, 1, p, 1UL << 40);
	report("write(1, page, 1<<40)", ret, errno);
	ret = syscall(SYS_write, 1, p, 1UL << 30);
	report("write(1, page, 1<<30)", ret, errno);
	ret = syscall(SYS_write, 1, p, 2 * page);
	report("write(1, page, 2 pages)", ret, errno);
	ret = syscall(SYS_write, 1, (void *)1, 10);
	report("write(1, (void *)1, 10)", ret, errno);
	ret = syscall(SYS_write, 1, p + page, 10);
	report("write(1, guard page, 10)", ret, errno);
	ret = syscall(SYS_write, 1, p, -1L);
	report("write(1, page, -1)", ret, errno);

	fd = open("/dev/zero", O_RDONLY);
	if (fd < 0)
		return 4;
	ret = syscall(SYS_read, fd, p, 1UL << 40);
	report("read(zero, page, 1<<40)", ret, errno);
	put(1, p[0] == 0 ? "page zeroed\n" : "page kept\n");
	memset(p, 'B', page);
	ret = syscall(SYS_read, fd, p, 1UL << 30);
	report("read(zero, page, 1<<30)", ret, errno);
	put(1, p[0] == 0 && p[page - 1] == 0 ? "page zeroed\n" : "page kept\n");
	memset(p, 'C', page);
	ret = syscall(SYS_read, fd, p, 2 * page);
	report("read(zero, page, 2 pages)", ret, errno);
	put(1, p[0] == 0 && p[page - 1] == 0 ? "page zeroed\n" : "page kept\n");
	ret = syscall(SYS_read, fd, (void *)1, 10);
	report("read(zero, (void *)1, 10)", ret, errno);
	put(1, p[0] == 0 && p[page - 1] == 0 ? "page zeroed\n" : "page kept\n");
	return 0;
}

static int paths(char *p, long page)
{
	char *tail = p + page - 16;	/* 16 bytes, then the guard page */
	char *argv[3] = { "true", NULL, NULL };
	char *envp[1] = { NULL };
	char **argv_tail = (char **)(p + page - sizeof(char *));
	struct stat st;
	long ret;

	/* no NUL anywhere in the page: PATH_MAX (4096) bytes, then fault */
	memset(p, 'a', page);
	ret = syscall(SYS_open, tail, O_RDONLY, 0);
	report("open(path into guard page)", ret, errno);
	ret = syscall(SYS_openat, AT_FDCWD, tail, O_WRONLY | O_CREAT, 0600);
	report("openat(path into guard page, O_CREAT)", ret, errno);
	ret = syscall(SYS_stat, tail, &st);
	report("stat(path into guard page)", ret, errno);
	ret = syscall(SYS_newfstatat, AT_FDCWD, tail, &st, 0);
	report("newfstatat(path into guard page)", ret, errno);
	ret = syscall(SYS_access, tail, F_OK);
	report("access(path into guard page)", ret, errno);
	ret = syscall(SYS_mkdir, tail, 0700);
	report("mkdir(path into guard page)", ret, errno);
	ret = syscall(SYS_unlink, tail);
	report("unlink(path into guard page)", ret, errno);
	ret = syscall(SYS_rename, tail, "x");
	report("rename(path into guard page, x)", ret, errno);
	ret = syscall(SYS_open, p, O_RDONLY, 0);
	report("open(page without NUL)", ret, errno);
	ret = syscall(SYS_stat, p, &st);
	report("stat(page without NUL)", ret, errno);
	ret = syscall(SYS_open, p + page, O_RDONLY, 0);
	report("open(guard page)", ret, errno);
	ret = syscall(SYS_open, NULL, O_RDONLY, 0);
	report("open(NULL)", ret, errno);

	ret = syscall(SYS_execve, tail, argv, envp);
	report("execve(path into guard page)", ret, errno);
	ret = syscall(SYS_execve, p, argv, envp);
	report("execve(page without NUL)", ret, errno);
	ret = syscall(SYS_execve, p + page, argv, envp);
	report("execve(guard page)", ret, errno);
	argv[1] = tail;
	ret = syscall(SYS_execve, "/bin/true", argv, envp);
	report("execve(/bin/true, argv[1] into guard page)", ret, errno);
	argv[1] = NULL;
	envp[0] = tail;
	ret = syscall(SYS_execve, "/bin/true", argv, envp);
	report("execve(/bin/true, envp[0] into guard page)", ret, errno);
	/* an argv array without its NULL: the next slot is unreadable */
	*argv_tail = "true";
	ret = syscall(SYS_execve, "/bin/true", argv_tail, (char *[]){ NULL });
	report("execve(/bin/true, argv array into guard page)", ret, errno);
	ret = syscall(SYS_execve, "/bin/true", (void *)(p + page), NULL);
	report("execve(/bin/true, argv in guard page)", ret, errno);
	put(1, "still here\n");
	return 0;
}

static int nosys(void)
{
	static const struct {
		const char *what;
		long nr;
	} nrs[] = {
		{ "syscall(1000)", 1000 },
		{ "syscall(-1)", -1 },
		{ "syscall(-2)", -2 },
		{ "syscall(1 << 31)", 1L << 31 },
		{ "syscall(0x7fffffff)", 0x7fffffff },
		{ "syscall(x32 512)", 0x40000000 | 512 },
		{ "syscall(x32 getpid)", 0x40000000 | SYS_getpid },
		{ "syscall(0x7fffffffffffffff)", 0x7fffffffffffffffL },
		{ "syscall(547)", 547 },
	};
	long ret;

	for (unsigned int i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		errno = 0;
		ret = syscall(nrs[i].nr, 1, 2, 3, 4, 5, 6);
		report(nrs[i].what, ret, errno);
	}
	/* the kernel reads the number as an int: junk in the upper half is
	 * ignored, so these are close(-1) */
	errno = 0;
	ret = syscall((1L << 32) | SYS_close, -1);
	report("syscall((1 << 32) | close, -1)", ret, errno);
	errno = 0;
	ret = syscall((long)(~0UL << 32) | SYS_close, -1);
	report("syscall(0xffffffff00000000 | close, -1)", ret, errno);
	put(1, "still here\n");
	return 0;
}

static int iov(char *p, long page)
{
	static struct iovec v[1025];
	struct iovec *tail = (struct iovec *)(p + page) - 1;
	long ret;
	int fd;

	memset(p, 'B', page);
	p[page - 1] = '\n';
	for (int i = 0; i < 1025; i++) {
		v[i].iov_base = p;
		v[i].iov_len = 1;
	}
	ret = syscall(SYS_writev, 1, v, 1L << 20);
	report("writev(1, iov, 1<<20)", ret, errno);
	ret = syscall(SYS_writev, 1, NULL, 1L << 20);
	report("writev(1, NULL, 1<<20)", ret, errno);
	ret = syscall(SYS_writev, 1, v, 1025);
	report("writev(1, iov, 1025)", ret, errno);
	ret = syscall(SYS_writev, 1, v, -1L);
	report("writev(1, iov, -1)", ret, errno);
	for (int i = 0; i < 1024; i++)
		v[i].iov_len = 1UL << 54;	/* 1024 of them: 1 << 64 */
	ret = syscall(SYS_writev, 1, v, 1024);
	report("writev(1, 1024 x 1<<54)", ret, errno);
	for (int i = 0; i < 1024; i++)
		v[i].iov_len = 1UL << 40;
	ret = syscall(SYS_writev, 1, v, 1024);
	report("writev(1, 1024 x 1<<40)", ret, errno);
	for (int i = 0; i < 1024; i++)
		v[i].iov_len = -1L;
	ret = syscall(SYS_writev, 1, v, 1024);
	report("writev(1, 1024 x -1)", ret, errno);
	for (int i = 0; i < 1024; i++)
		v[i].iov_len = 1UL << 21;	/* sum 2 GiB: past MAX_RW_COUNT */
	ret = syscall(SYS_writev, 1, v, 1024);
	report("writev(1, 1024 x 2 MiB)", ret, errno);
	/* two valid entries, then the array runs into the guard page */
	tail[0].iov_base = p;
	tail[0].iov_len = 4;
	ret = syscall(SYS_writev, 1, tail, 1024);
	report("writev(1, iov array into guard page, 1024)", ret, errno);
	ret = syscall(SYS_writev, 1, p + page, 2);
	report("writev(1, iov array in guard page, 2)", ret, errno);
	put(1, "\n");

	fd = open("/dev/zero", O_RDONLY);
	if (fd < 0)
		return 4;
	ret = syscall(SYS_readv, fd, v, 1L << 20);
	report("readv(zero, iov, 1<<20)", ret, errno);
	ret = syscall(SYS_readv, fd, v, 1025);
	report("readv(zero, iov, 1025)", ret, errno);
	for (int i = 0; i < 1024; i++)
		v[i].iov_len = 1UL << 54;
	ret = syscall(SYS_readv, fd, v, 1024);
	report("readv(zero, 1024 x 1<<54)", ret, errno);
	for (int i = 0; i < 1024; i++)
		v[i].iov_len = 1UL << 40;
	ret = syscall(SYS_readv, fd, v, 1024);
	report("readv(zero, 1024 x 1<<40)", ret, errno);
	put(1, p[0] == 0 && p[page - 1] == 0 ? "page zeroed\n" : "page kept\n");
	memset(p, 'C', page);
	for (int i = 0; i < 1024; i++)
		v[i].iov_len = 1UL << 21;
	ret = syscall(SYS_readv, fd, v, 1024);
	report("readv(zero, 1024 x 2 MiB)", ret, errno);
	put(1, p[0] == 0 && p[page - 1] == 0 ? "page zeroed\n" : "page kept\n");
	memset(p, 'D', page);
	ret = syscall(SYS_readv, fd, tail, 1024);
	report("readv(zero, iov array into guard page, 1024)", ret, errno);
	put(1, p[0] == 0 ? "page zeroed\n" : "page kept\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "lengths";
	long page = sysconf(_SC_PAGESIZE);
	char *p;

	/* at a fixed address: whether p + 1 TiB passes the end of the user
	 * address space (EFAULT before any byte moves) must not depend on
	 * the layout, or the kernel's answer would differ between runs */
	p = mmap((void *)0x10000000, 2 * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED || mprotect(p + page, page, PROT_NONE))
		return 3;
	if (!strcmp(mode, "lengths"))
		return lengths(p, page);
	if (!strcmp(mode, "paths"))
		return paths(p, page);
	if (!strcmp(mode, "nosys"))
		return nosys();
	if (!strcmp(mode, "iov"))
		return iov(p, page);
	put(2, "hostile: unknown mode\n");
	return 2;
}
