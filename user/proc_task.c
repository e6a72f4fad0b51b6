// SPDX-License-Identifier: GPL-2.0
#include "proc_task.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Reads /proc/TID/FILE into buf, terminated; returns its length or -1.
 * The path is made without snprintf, which is not async-signal-safe. */
static ssize_t proc_read(pid_t tid, const char *file, char *buf, size_t len)
{
	char path[64] = "/proc/", digits[12], *p = path + 6;
	size_t flen = strlen(file);
	unsigned int v = (unsigned int)tid;
	ssize_t got;
	int n = 0, fd;

	if (tid <= 0 || flen > sizeof(path) - 6 - 11 - 2 || len < 2)
		return -1;
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n > 0)
		*p++ = digits[--n];
	*p++ = '/';
	memcpy(p, file, flen + 1);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	got = read(fd, buf, len - 1);
	close(fd);
	if (got < 0)
		return -1;
	buf[got] = '\0';
	return got;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The value of the line 'field' of a status file's text 'buf' (after the
 * colon and the blanks), or NULL. */
static const char *field_value(const char *buf, const char *field)
{
	size_t flen = strlen(field);
	const char *line = buf;

	while (line) {
		if (!strncmp(line, field, flen) && line[flen] == ':') {
			const char *p = line + flen + 1;

			while (*p == '\t' || *p == ' ')
				p++;
			return p;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

/* The mask of the line 'field' of a status file's text 'buf'. */
static bool parse_mask(const char *buf, const char *field, uint64_t *mask)
{
	const char *p = field_value(buf, field);
	uint64_t m = 0;
	int d;

	if (!p)
		return false;
	while ((d = hex_digit(*p)) >= 0) {
		m = (m << 4) | (uint64_t)d;
		p++;
	}
	*mask = m;
	return true;
}

bool mvx_proc_status_mask(pid_t tid, const char *field, uint64_t *mask)
{
	char buf[4096];

	return proc_read(tid, "status", buf, sizeof(buf)) > 0 &&
	       parse_mask(buf, field, mask);
}

/* The decimal number of the line 'field' of a status file's text 'buf',
 * or -1. */
static long parse_dec(const char *buf, const char *field)
{
	const char *p = field_value(buf, field);
	long v = 0;

	if (!p || *p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9' && v < 100000000L)
		v = v * 10 + (*p++ - '0');
	return v;
}

bool mvx_proc_traced_by(pid_t tid, pid_t tgid)
{
	char buf[4096];
	long tracer;

	if (proc_read(tid, "status", buf, sizeof(buf)) <= 0)
		return false;
	tracer = parse_dec(buf, "TracerPid");
	if (tracer <= 0 ||
	    proc_read((pid_t)tracer, "status", buf, sizeof(buf)) <= 0)
		return false;
	return parse_dec(buf, "Tgid") == (long)tgid;
}

char mvx_proc_state(pid_t tid)
{
	char buf[4096];
	const char *p;

	if (proc_read(tid, "status", buf, sizeof(buf)) <= 0)
		return 0;
	p = field_value(buf, "State");
	return p ? *p : 0;
}

bool mvx_proc_pending(pid_t tid, uint64_t *mask)
{
	char buf[4096];
	uint64_t own, shared;

	if (proc_read(tid, "status", buf, sizeof(buf)) <= 0 ||
	    !parse_mask(buf, "SigPnd", &own) ||
	    !parse_mask(buf, "ShdPnd", &shared))
		return false;
	*mask = own | shared;
	return true;
}

long mvx_proc_blocked_call(pid_t tid)
{
	char buf[64];
	long nr = 0;
	const char *p = buf;

	if (proc_read(tid, "syscall", buf, sizeof(buf)) <= 0 ||
	    *p < '0' || *p > '9')
		return -1;	/* "running", or "-1 ..." outside a call */
	while (*p >= '0' && *p <= '9')
		nr = nr * 10 + (*p++ - '0');
	return nr;
}

bool mvx_proc_untimed_futex(pid_t tid)
{
	char buf[256];
	unsigned long long a[6];
	long nr;

	if (proc_read(tid, "syscall", buf, sizeof(buf)) <= 0 ||
	    sscanf(buf, "%ld %llx %llx %llx %llx %llx %llx", &nr, &a[0], &a[1],
		   &a[2], &a[3], &a[4], &a[5]) != 7)
		return false;
	if (nr == SYS_futex_waitv)
		return a[3] == 0;
	if (nr != SYS_futex)
		return false;
	switch (a[1] & FUTEX_CMD_MASK) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
	case FUTEX_WAIT_REQUEUE_PI:
		return a[3] == 0;
	default:
		return false;
	}
}
