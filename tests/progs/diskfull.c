// SPDX-License-Identifier: GPL-2.0
/*
 * diskfull FILE [MARKER]: writes 16 KiB blocks into FILE until a write
 * fails or 64 of them (1 MiB) are written, then fsyncs and closes it;
 * writes each result on stdout.  On a file system smaller than 1 MiB
 * (a small tmpfs, /dev/full) the kernel's answer is ENOSPC; under mvx
 * every variant must see the same, and the output equal a native run.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include "util.h"

static void show(const char *what, long ret, int err)
{
	char buf[24];

	put(1, what);
	put(1, fmt_dec(buf, ret));
	if (ret < 0)
		put(1, err == ENOSPC ? " ENOSPC" : " (another error)");
	put(1, "\n");
}

int main(int argc, char **argv)
{
	static char block[16384];
	char buf[24];
	long ret = 0;
	int fd, i;

	if (argc < 2)
		return 2;
	memset(block, 'z', sizeof(block));
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 2;
	for (i = 0; i < 64; i++) {
		ret = write(fd, block, sizeof(block));
		if (ret != (long)sizeof(block))
			break;
	}
	put(1, "full blocks: ");
	put(1, fmt_dec(buf, i));
	put(1, "\n");
	show("last write: ", ret, errno);
	if (ret > 0 && ret < (long)sizeof(block)) {
		/* a short write: the next one says why */
		ret = write(fd, block, sizeof(block));
		show("next write: ", ret, errno);
	}
	show("fsync: ", fsync(fd), errno);
	show("close: ", close(fd), errno);
	return 0;
}
