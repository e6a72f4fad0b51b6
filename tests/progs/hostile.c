// SPDX-License-Identifier: GPL-2.0
/*
 * System calls with lengths and pointers that a monitor must not trust,
 * made on a one-page buffer followed by an inaccessible page: writes and
 * reads of 1 TiB, 1 GiB and two pages (the kernel copies the first page and
 * returns a short count, or fails with EFAULT), from address 1, from the
 * inaccessible page, of a negative length.  The kernel's own answers are
 * printed on stderr; under mvx stdout, stderr and status must equal a
 * native run.  stdout must be a regular file or a pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
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

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p;
	long ret;
	int fd;

	/* at a fixed address: whether p + 1 TiB passes the end of the user
	 * address space (EFAULT before any byte moves) must not depend on
	 * the layout, or the kernel's answer would differ between runs */
	p = mmap((void *)0x10000000, 2 * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED || mprotect(p + page, page, PROT_NONE))
		return 3;
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
