// SPDX-License-Identifier: GPL-2.0
/*
 * glibc's malloc gives each new thread an arena of its own until it has
 * made mp_.arena_test (8) of them; making the next one, it first computes
 * its limit from the number of CPUs, get_nprocs(), which reads
 * /sys/devices/system/cpu/online.  That happens in whichever thread asks
 * for memory at that moment, so with more than eight threads starting
 * together another thread makes the read in each variant, and its calls
 * differ from its counterpart's although the program is correct (a
 * benign divergence: 10 of 10 runs of 16 threads that each malloc once,
 * measured on 2026-11-27).
 *
 * Before the process's first thread starts, the agent sets the limit to
 * what glibc would compute (8 arenas per CPU on 64-bit, 2 on 32-bit, as
 * NARENAS_FROM_NCORES in glibc's malloc/arena.c): the read is then made
 * once, by the one thread there is, at the same point in every variant,
 * and malloc never reads it again.  Which thread gets which arena may still
 * differ; that costs only private memory calls, which mvx lets each variant
 * make on its own.  A limit the user set (MALLOC_ARENA_MAX, or
 * glibc.malloc.arena_max in GLIBC_TUNABLES) is left alone: glibc then
 * reads nothing either.
 */
#include "malloc_arenas.h"

#include <errno.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/single_threaded.h>
#include <sys/sysinfo.h>

void mvx_fix_arena_limit(void)
{
	static bool done;
	const char *tunables;
	int err;

	if (done || !__libc_single_threaded)
		return;
	done = true;
	tunables = getenv("GLIBC_TUNABLES");
	if (getenv("MALLOC_ARENA_MAX") ||
	    (tunables && strstr(tunables, "glibc.malloc.arena_max")))
		return;
	err = errno;
	mallopt(M_ARENA_MAX, get_nprocs() * (sizeof(long) == 4 ? 2 : 8));
	errno = err;
}
