/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers for the test programs: they write with write(2) directly so
 * that each line is exactly one system call, whatever stdio would buffer.
 */
#ifndef MVX_TEST_UTIL_H
#define MVX_TEST_UTIL_H

#include <stdint.h>
#include <string.h>
#include <unistd.h>

/* Writes the NUL-terminated string s to fd in one write(2) call. */
static inline void put(int fd, const char *s)
{
	if (write(fd, s, strlen(s)) < 0)
		_exit(99);
}

/*
 * Formats v as 0x-prefixed hexadecimal into buf (at least 20 bytes), with
 * a trailing newline; returns buf.
 */
static inline char *fmt_hex(char *buf, uint64_t v)
{
	char tmp[16];
	int n = 0, i = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	buf[i++] = '0';
	buf[i++] = 'x';
	while (n)
		buf[i++] = tmp[--n];
	buf[i++] = '\n';
	buf[i] = 0;
	return buf;
}

/* Formats the signed v in decimal into buf (at least 24 bytes); returns buf. */
static inline char *fmt_dec(char *buf, long v)
{
	char tmp[24];
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	int n = 0, i = 0;

	do {
		tmp[n++] = '0' + u % 10;
		u /= 10;
	} while (u);
	if (v < 0)
		buf[i++] = '-';
	while (n)
		buf[i++] = tmp[--n];
	buf[i] = 0;
	return buf;
}

#endif
