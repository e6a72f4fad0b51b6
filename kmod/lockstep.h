/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure lockstep logic of one variant set: no locking, no tasks, no
 * tracepoint and no netlink, so that KUnit can drive it call by call.
 *
 * Each variant v has a call index next[v], the number of approved calls it
 * has already run.  When v arrives at an approved call k = next[v], the
 * call (number and arguments) is compared with the k-th call of every other
 * variant that has already recorded it, then recorded in v's ring of
 * `window` slots.  v may run call k once every other live variant has
 * recorded its call k - window + 1 (window 1: its call k itself).
 * Otherwise v is held and arrives again later with the same call.
 *
 * The ring slot of call k is reused by call k + window; v only records call
 * k + window after it passed call k + window - 1, which needs every other
 * live variant to have recorded call k, and so to have been compared with
 * it.  Every pair of k-th calls is thus compared exactly once, by whichever
 * of the two arrived last.
 *
 * The caller serialises every function on one set (the set's spinlock),
 * except mvx_ls_approved() and mvx_ls_argbuf(): they read only what
 * mvx_ls_init() fixed.
 */
#ifndef MVX_LOCKSTEP_H
#define MVX_LOCKSTEP_H

#include <linux/cache.h>
#include <linux/types.h>
#include "../uapi/linux/mvx.h"

/* What the probe found at a call's input buffer (MVX_A_ARGBUF). */
enum mvx_buf_state {
	MVX_BUF_NONE,		/* the call has no input buffer */
	MVX_BUF_DATA,		/* buf holds its bytes */
	MVX_BUF_NULL,		/* the address was NULL */
	MVX_BUF_UNREADABLE,	/* the memory could not be read */
};

/*
 * One system call as the probe sees it at sys_enter.  A recorded call is
 * read by the other variants' CPUs: each has cache lines of its own.
 */
struct mvx_call {
	u32 nr;
	u8 buf_state;		/* enum mvx_buf_state */
	u64 args[MVX_NR_ARGS];
	u8 buf[MVX_MAX_ARGBUF];	/* valid in buf_state MVX_BUF_DATA */
} ____cacheline_aligned;

/* The input buffer of one system call: argument + 1 (0: none), length. */
struct mvx_argbuf {
	u8 arg1;
	u8 len;
};

/* Where two k-th calls differ: mvx_ls_diff() results. */
#define MVX_DIFF_NONE	(-1)
#define MVX_DIFF_NR	(-2)

struct mvx_divergence {
	u64 index;		/* the call index k */
	u32 variant;		/* the variant whose arrival found it */
	u32 other;		/* the variant it differs from (may be itself) */
	u32 nr;
	u32 other_nr;
	int arg;		/* first differing argument, or MVX_DIFF_NR */
};

struct mvx_ls_variant {
	u64 next;		/* index of the next approved call */
	enum mvx_variant_state state;
	bool recorded;		/* call `next` is recorded: the variant is held */
};

struct mvx_ls {
	/*
	 * What every arrival reads or writes comes first, so that a set
	 * that puts its lock just before (struct mvx_set) moves one or two
	 * cache lines between the variants' CPUs per call.
	 */
	enum mvx_set_state state;
	u32 nvariants;
	u32 window;
	u64 passed;		/* approved calls run, all variants together */
	u64 holds;		/* arrivals that had to wait */
	struct mvx_ls_variant v[MVX_MAX_VARIANTS];
	struct mvx_call *rec;	/* nvariants * window recorded calls */
	u64 stalls;		/* stall events (counted by the caller) */
	struct mvx_divergence div;	/* valid in state MVX_SET_DIVERGED */
	/* Fixed when the set is made: read without the lock. */
	u8 approved[MVX_SYSCALL_BITS / 8];
	u8 argmask[MVX_SYSCALL_BITS];
	struct mvx_argbuf argbuf[MVX_SYSCALL_BITS];
};

enum mvx_verdict {
	MVX_PASS,	/* run the call now */
	MVX_HOLD,	/* skip it, rewind, wait for mvx_ls_may_pass() */
	MVX_DIVERGE,	/* this arrival found a mismatch: kill the set */
	MVX_DEAD,	/* the set is no longer live: skip the call */
};

/*
 * Validates the parameters (2..MVX_MAX_VARIANTS variants, window
 * 1..MVX_MAX_WINDOW, argument masks within MVX_NR_ARGS bits, input buffers
 * of an existing argument and 1..MVX_MAX_ARGBUF bytes) and sets up a live
 * set with every variant slot empty.  @argmask may be NULL (only the
 * numbers are compared), @argbuf too (MVX_SYSCALL_BITS pairs as in
 * MVX_A_ARGBUF).  Returns 0, -EINVAL or -ENOMEM; on error nothing needs
 * freeing.
 */
int mvx_ls_init(struct mvx_ls *ls, u32 nvariants, u32 window,
		const u8 *approved, const u8 *argmask, const u8 *argbuf,
		gfp_t gfp);

/*
 * The input buffer that system call @nr of this set has compared by
 * content: returns the argument index and sets *@len, or -1 if none.
 */
int mvx_ls_argbuf(const struct mvx_ls *ls, long nr, u32 *len);

/* Frees what mvx_ls_init() allocated; @ls may be reinitialised after. */
void mvx_ls_destroy(struct mvx_ls *ls);

/* True when system call @nr is approved in this set. */
bool mvx_ls_approved(const struct mvx_ls *ls, long nr);

/*
 * Where @a and @b differ under the set's argument masks and input buffers:
 * MVX_DIFF_NONE, MVX_DIFF_NR (numbers differ) or the index of the first
 * compared argument whose value, or pointed-to data, differs.
 */
int mvx_ls_diff(const struct mvx_ls *ls, const struct mvx_call *a,
		const struct mvx_call *b);

/* Fills variant slot @v: 0, or -EBUSY if the slot was ever used. */
int mvx_ls_attach(struct mvx_ls *ls, u32 v);

/* Variant @v leaves the lockstep; the others no longer wait for it. */
void mvx_ls_detach(struct mvx_ls *ls, u32 v);

/*
 * Variant @v arrives at (or, after a hold, comes back to) its next approved
 * call @call.  PASS advances its index; HOLD records the call; DIVERGE
 * records where in ls->div and makes the set MVX_SET_DIVERGED.  Coming
 * back (mvx_ls_recorded() was not NULL) to PASS or HOLD changes nothing
 * that another variant waits for: what mvx_ls_awaits() and
 * mvx_ls_may_pass() answer for the others stays the same.
 */
enum mvx_verdict mvx_ls_arrive(struct mvx_ls *ls, u32 v,
			       const struct mvx_call *call);

/*
 * True when a held variant @v should wake up: its recorded call would now
 * pass, or the set is no longer live.
 */
bool mvx_ls_may_pass(const struct mvx_ls *ls, u32 v);

/*
 * True when held variant @v waits for variant @u: @u is attached and has
 * not yet recorded the call that @v needs before it may pass.
 */
bool mvx_ls_awaits(const struct mvx_ls *ls, u32 v, u32 u);

/* The call variant @v has recorded at its next index, or NULL. */
const struct mvx_call *mvx_ls_recorded(const struct mvx_ls *ls, u32 v);

/* The set stops: every later arrival gets MVX_DEAD. */
void mvx_ls_kill(struct mvx_ls *ls);

#endif /* MVX_LOCKSTEP_H */
