// SPDX-License-Identifier: GPL-2.0
#include "elf_check.h"

#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tracee_mem.h"
#include "vset.h"

bool mvx_elf_foreign(int fd, char *why, size_t len)
{
	unsigned char h[EI_NIDENT + 4];
	unsigned int machine;

	if (pread(fd, h, sizeof(h), 0) != (ssize_t)sizeof(h) ||
	    memcmp(h, ELFMAG, SELFMAG) != 0)
		return false;
	machine = h[18] | h[19] << 8;
	if (h[EI_CLASS] == ELFCLASS64 && machine == EM_X86_64)
		return false;
	snprintf(why, len, "not an x86-64 program (%s ELF, machine %u); mvx runs 64-bit x86-64 programs only",
		 h[EI_CLASS] == ELFCLASS32 ? "32-bit" : "64-bit", machine);
	return true;
}

bool mvx_exec_foreign(const struct mvx_vset *vs, char *why, size_t len)
{
	const struct mvx_call *c = &vs->t[0].call;
	pid_t tid = vs->t[0].tid;
	bool at = c->nr == SYS_execveat;
	char path[PATH_MAX], where[PATH_MAX + 64], reason[160];
	struct stat st;
	size_t n;
	int dirfd = at ? (int)c->args[0] : AT_FDCWD, fd;
	bool foreign;

	n = mvx_mem_read(tid, c->args[at ? 1 : 0], path, sizeof(path) - 1);
	path[n] = '\0';
	if (strlen(path) == n && n == sizeof(path) - 1)
		return false;	/* too long: the kernel says ENAMETOOLONG */
	/* the leader's view: its working directory, its descriptor */
	if (path[0] == '/')
		snprintf(where, sizeof(where), "%s", path);
	else if (dirfd == AT_FDCWD)
		snprintf(where, sizeof(where), "/proc/%d/cwd/%s", tid, path);
	else if (path[0])
		snprintf(where, sizeof(where), "/proc/%d/fd/%d/%s", tid, dirfd,
			 path);
	else
		snprintf(where, sizeof(where), "/proc/%d/fd/%d", tid, dirfd);
	/* a name from an untrusted variant: never wait on a FIFO, never
	 * take a terminal, read only an executable regular file */
	fd = open(where, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return false;	/* the kernel will say why */
	foreign = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		  (st.st_mode & 0111) &&
		  mvx_elf_foreign(fd, reason, sizeof(reason));
	close(fd);
	if (foreign)
		snprintf(why, len, "%s: %s", path[0] ? path : "(descriptor)",
			 reason);
	return foreign;
}
