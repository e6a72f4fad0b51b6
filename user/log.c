// SPDX-License-Identifier: GPL-2.0
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int mvx_verbose;

static void vsay(const char *fmt, va_list ap, int err)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (err)
		fprintf(stderr, "mvx: %s: %s\n", msg, strerror(err));
	else
		fprintf(stderr, "mvx: %s\n", msg);
}

void mvx_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap, 0);
	va_end(ap);
}

void mvx_perr(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap, err);
	va_end(ap);
}

void mvx_info(const char *fmt, ...)
{
	va_list ap;

	if (!mvx_verbose)
		return;
	va_start(ap, fmt);
	vsay(fmt, ap, 0);
	va_end(ap);
}
