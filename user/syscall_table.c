// SPDX-License-Identifier: GPL-2.0
/*
 * The system-call table: user/syscalls.def expanded into designated
 * initialisers, plus a compile-time check of every number against
 * <asm/unistd_64.h>.
 */
#include "syscall_desc.h"

#include <asm/unistd_64.h>
#include <linux/capability.h>
#include <linux/landlock.h>
#include <linux/types.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <time.h>
#include <utime.h>

/* From <linux/sched/types.h>, which cannot be included with <sched.h>. */
#ifndef SCHED_ATTR_SIZE_VER0
#define SCHED_ATTR_SIZE_VER0 48
#endif

/* The number of shorthands given, 0..6 (an empty list is a zero-length array). */
#define MVX_NARGS(...) \
	(sizeof((struct mvx_arg_desc[]){ __VA_ARGS__ }) / sizeof(struct mvx_arg_desc))

/* Every entry's number is the kernel's, and no entry has too many arguments. */
#define SYSCALL(nr_, name_, disp_, handler_, ...)				\
	_Static_assert(__NR_##name_ == (nr_), "__NR_" #name_ " is not " #nr_);	\
	_Static_assert(MVX_NARGS(__VA_ARGS__) <= MVX_MAX_ARGS,			\
		       #name_ ": more than 6 arguments");
#include "syscalls.def"
#undef SYSCALL

#define SYSCALL(nr_, name_, disp_, handler_, ...)	\
	[nr_] = {					\
		.name = #name_,				\
		.nr = (nr_),				\
		.disp = MVX_DISP_##disp_,		\
		.handler = MVX_H_##handler_,		\
		.nargs = MVX_NARGS(__VA_ARGS__),	\
		.args = { __VA_ARGS__ },		\
	},

static const struct mvx_syscall_desc table[MVX_NR_SYSCALLS] = {
#include "syscalls.def"
};
#undef SYSCALL

const struct mvx_syscall_desc *mvx_syscall_lookup(long nr)
{
	if (nr < 0 || nr >= MVX_NR_SYSCALLS || !table[nr].name)
		return NULL;
	return &table[nr];
}

const char *mvx_syscall_name(long nr)
{
	const struct mvx_syscall_desc *d = mvx_syscall_lookup(nr);

	return d ? d->name : NULL;
}

/* A linear scan: names are looked up only by tests and option parsing. */
int mvx_syscall_by_name(const char *name)
{
	if (!name)
		return -1;
	for (int nr = 0; nr < MVX_NR_SYSCALLS; nr++)
		if (table[nr].name && strcmp(table[nr].name, name) == 0)
			return nr;
	return -1;
}
