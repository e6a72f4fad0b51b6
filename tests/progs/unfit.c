// SPDX-License-Identifier: GPL-2.0
/*
 * Reads 16 bytes of a file (argv[1]) with read(2), lseek(2) back, then
 * pread(2) and stat(2) into the same kind of buffer.  Build 1 reads into an
 * ordinary buffer; build 2, as --variant next to it, into one whose last 8
 * bytes lie on an unmapped page.  The monitor makes the read for the
 * leader (user/proxy.h) and must report that the follower's memory does not
 * take the leader's results, a divergence, before the follower goes on.
 * argv[2] picks the call: read, pread or stat.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

int main(int argc, char **argv)
{
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *buf;
	long r;
	int fd;

	if (argc < 3 || page == MAP_FAILED || munmap(page + 4096, 4096) != 0)
		return 2;
#if VARIANT == 2
	buf = page + 4096 - 8;
#else
	buf = page;
#endif
	fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		return 2;
	put(1, "start\n");
	if (strcmp(argv[2], "pread") == 0)
		r = pread(fd, buf, 16, 0);
	else if (strcmp(argv[2], "stat") == 0)
		r = syscall(SYS_newfstatat, AT_FDCWD, argv[1],
			    page + 4096 - (VARIANT == 2 ? 8 : sizeof(struct stat)),
			    0);
	else
		r = read(fd, buf, 16);
	put(1, r >= 0 ? "read\n" : "failed\n");
	return 0;
}
