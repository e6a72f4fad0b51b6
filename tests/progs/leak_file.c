// SPDX-License-Identifier: GPL-2.0
/*
 * leak_file FILE [MARKER]: writes "start\n" to FILE, then a value that
 * depends on the memory layout (the address of a local variable and of
 * main), then "end\n".  Under mvx the second write diverges: FILE must hold
 * "start\n" only, and nothing may reach stdout.
 */
#include <fcntl.h>
#include "util.h"

int main(int argc, char **argv)
{
	char buf[24];
	int local = 0;
	int fd;

	if (argc < 2)
		return 2;
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 3;
	put(fd, "start\n");
	put(fd, fmt_hex(buf, (uintptr_t)&local ^ (uintptr_t)&main));
	put(fd, "end\n");
	close(fd);
	put(1, "done\n");
	return local;
}
