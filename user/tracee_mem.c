// SPDX-License-Identifier: GPL-2.0
#include "tracee_mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#define PAGE 4096UL

static ssize_t read_once(pid_t tid, mvx_addr addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };

	return process_vm_readv(tid, &local, 1, &remote, 1, 0);
}

/* One attempt for the whole range; after a fault, page by page up to it. */
size_t mvx_mem_read(pid_t tid, mvx_addr addr, void *buf, size_t len)
{
	ssize_t n = read_once(tid, addr, buf, len);
	size_t done = n > 0 ? (size_t)n : 0;

	while (done < len) {
		mvx_addr at = addr + done;
		size_t chunk = PAGE - (at & (PAGE - 1));

		if (at < addr)
			break;	/* wrapped around the address space */
		if (chunk > len - done)
			chunk = len - done;
		n = read_once(tid, at, (char *)buf + done, chunk);
		if (n <= 0)
			break;
		done += n;
	}
	return done;
}

/* Writes go through /proc/TID/mem, which, like ptrace, may write read-only
 * pages (a variant's code or a read-only output buffer is still its own). */
size_t mvx_mem_write(pid_t tid, mvx_addr addr, const void *buf, size_t len)
{
	struct iovec local, remote;
	char path[64];
	size_t done = 0;
	ssize_t n;
	int fd;

	local.iov_base = (void *)buf;
	local.iov_len = len;
	remote.iov_base = (void *)(uintptr_t)addr;
	remote.iov_len = len;
	n = process_vm_writev(tid, &local, 1, &remote, 1, 0);
	if (n == (ssize_t)len)
		return len;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)tid);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return n > 0 ? (size_t)n : 0;
	while (done < len) {
		n = pwrite(fd, (const char *)buf + done, len - done,
			   (off_t)(addr + done));
		if (n <= 0)
			break;
		done += n;
	}
	close(fd);
	return done;
}
