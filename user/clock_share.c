// SPDX-License-Identifier: GPL-2.0
#include "clock_share.h"

#include <errno.h>
#include <sys/syscall.h>
#include <time.h>

#include "dispatch.h"
#include "tracee_mem.h"
#include "vset.h"

bool mvx_clock_shared(const struct mvx_call *c)
{
	if (c->nr != SYS_clock_gettime || c->arch != MVX_ARCH_X86_64)
		return false;
	switch (c->args[0]) {
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		return true;
	default:
		return false;
	}
}

static uint64_t read_clock(uint64_t clk)
{
	struct timespec ts;

	clock_gettime((clockid_t)clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

bool mvx_clock_serve(struct mvx_vset *vs, int i, long *ret)
{
	struct mvx_task *t = &vs->t[i];
	uint64_t clk = t->call.args[0], lowest = UINT64_MAX, ns;
	struct timespec ts;

	for (int k = 0; k < vs->n; k++)
		if (!vs->t[k].exited && vs->t[k].clock_count < lowest)
			lowest = vs->t[k].clock_count;
	if (!mvx_shared_read(&vs->clocks, lowest, t->clock_count, clk,
			     read_clock, &ns))
		ns = read_clock(clk);
	t->clock_count++;
	ts.tv_sec = (time_t)(ns / 1000000000ULL);
	ts.tv_nsec = (long)(ns % 1000000000ULL);
	*ret = mvx_mem_write(t->tid, t->call.args[1], &ts, sizeof(ts)) ==
	       sizeof(ts) ? 0 : -EFAULT;
	return mvx_skip(vs, i, *ret);
}

void mvx_clock_sync(struct mvx_vset *vs)
{
	mvx_shared_reset(&vs->clocks);
	for (int i = 0; i < vs->n; i++)
		vs->t[i].clock_count = 0;
}
