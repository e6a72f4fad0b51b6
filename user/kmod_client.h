/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The client of the mvx kernel module (generic netlink family "mvx", see
 * uapi/linux/mvx.h), over libnl-3.
 *
 * Every function that fails prints one message starting with "mvx: " on
 * stderr (unless the handle was made quiet) and returns -errno; callers do
 * not print it again.
 *
 * How the monitor uses it, per variant set:
 *   1. mvx_kmod_open(): 0, or MVX_KMOD_ABSENT when the module is not loaded
 *      (fall back to the pure ptrace path), or -errno.
 *   2. Build the parameters: for every system call the kernel may approve,
 *      mvx_kmod_approve(&p, nr, mask) with mask = the arguments compared by
 *      value (bit i = argument i); pointers that differ between layouts get
 *      no bit; an input buffer of fixed size is compared by content with
 *      mvx_kmod_approve_buf().  The same list makes the variants' seccomp
 *      filter return SECCOMP_RET_ALLOW for those numbers
 *      (mvx_kmod_params_approved()).
 *   3. mvx_kmod_set_create(), then for each variant k, once its task is
 *      ptrace-attached to the monitor and stopped, mvx_kmod_task_add(set,
 *      tid, k), before it can make an approved call.
 *   4. At each of its own stops, mvx_kmod_set_get() and compare the
 *      variants' `next` (and `held_nr`): equal indexes and no held variant
 *      mean no variant made an extra approved call.
 *   5. mvx_kmod_set_destroy() when done (kill = true on divergence).
 */
#ifndef MVX_KMOD_CLIENT_H
#define MVX_KMOD_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/mvx.h>

/* mvx_kmod_open(): the family "mvx" is not registered. */
#define MVX_KMOD_ABSENT 1

struct mvx_kmod;

struct mvx_kmod_params {
	unsigned int nvariants;			/* 2..MVX_MAX_VARIANTS */
	unsigned int window;			/* 0 = 1, strict lockstep */
	unsigned int stall_ms;			/* 0 = the default */
	uint8_t approved[MVX_SYSCALL_BITS / 8];	/* bit n = call n */
	uint8_t argmask[MVX_SYSCALL_BITS];	/* byte n: args compared */
	uint8_t argbuf[MVX_SYSCALL_BITS][2];	/* input buffer: arg + 1, len */
};

struct mvx_kmod_variant {
	uint32_t state;		/* enum mvx_variant_state */
	pid_t pid;		/* 0 for an empty slot or a dead task */
	uint64_t next;		/* index of its next approved call */
	int held_nr;		/* the call it waits in, or -1 */
};

struct mvx_kmod_divergence {
	uint32_t type;		/* enum mvx_event (events only) */
	uint32_t set_id;
	uint64_t index;
	uint32_t variant;
	uint32_t other;		/* divergence only */
	int nr;
	int other_nr;		/* divergence only */
	int arg;		/* first differing argument, -1: the numbers */
};

struct mvx_kmod_counters {
	uint32_t set_id;
	uint32_t nvariants;
	uint32_t window;
	uint32_t state;		/* enum mvx_set_state */
	uint64_t passed;
	uint64_t holds;
	uint64_t stalls;
	struct mvx_kmod_variant v[MVX_MAX_VARIANTS];
	bool diverged;
	struct mvx_kmod_divergence div;
};

/*
 * Connects to the module.  Returns 0 with *out set, MVX_KMOD_ABSENT when
 * the family does not resolve (nothing printed), or -errno (printed, also
 * when the module speaks another protocol version).
 */
int mvx_kmod_open(struct mvx_kmod **out);

/* Closes the handle; the module destroys every set it created. */
void mvx_kmod_close(struct mvx_kmod *k);

/* With @quiet, failures are only returned, not printed. */
void mvx_kmod_set_quiet(struct mvx_kmod *k, bool quiet);

/* The module's protocol version (MVX_GENL_VERSION of the loaded module). */
unsigned int mvx_kmod_version(const struct mvx_kmod *k);

/* Clears @p and sets @nvariants: no call approved, strict lockstep. */
void mvx_kmod_params_init(struct mvx_kmod_params *p, unsigned int nvariants);

/*
 * Approves system call @nr in @p, comparing the arguments in @argmask (bit
 * i = argument i).  Returns 0, or -EINVAL for nr >= MVX_SYSCALL_BITS or a
 * mask beyond MVX_NR_ARGS arguments.
 */
int mvx_kmod_approve(struct mvx_kmod_params *p, long nr, unsigned int argmask);

/*
 * Makes argument @arg of approved call @nr the address of @len input bytes
 * compared by content (at most MVX_MAX_ARGBUF; one buffer per call).
 * Returns 0, or -EINVAL if @nr is not approved in @p or @arg / @len are out
 * of range.
 */
int mvx_kmod_approve_buf(struct mvx_kmod_params *p, long nr, unsigned int arg,
			 unsigned int len);

/* True when @nr is approved in @p: what the seccomp filter should allow. */
bool mvx_kmod_params_approved(const struct mvx_kmod_params *p, long nr);

/* Creates a variant set: 0 with *set_id, or -errno. */
int mvx_kmod_set_create(struct mvx_kmod *k, const struct mvx_kmod_params *p,
			uint32_t *set_id);

/*
 * Destroys a set; with @kill its tasks are killed first, else held ones go
 * on outside the module.  0 or -errno.
 */
int mvx_kmod_set_destroy(struct mvx_kmod *k, uint32_t set_id, bool kill);

/*
 * Registers thread @tid, which this process must be tracing, as variant
 * @variant: 0 or -errno (-EPERM if not traced by us, -ESRCH, -EBUSY).
 */
int mvx_kmod_task_add(struct mvx_kmod *k, uint32_t set_id, pid_t tid,
		      unsigned int variant);

/* Takes thread @tid out of the set's lockstep: 0 or -errno. */
int mvx_kmod_task_del(struct mvx_kmod *k, uint32_t set_id, pid_t tid);

/* Reads one set's counters: 0 or -errno. */
int mvx_kmod_set_get(struct mvx_kmod *k, uint32_t set_id,
		     struct mvx_kmod_counters *c);

/*
 * Calls @fn for the counters of every set in the module (any owner), in id
 * order.  Returns 0 or -errno.
 */
int mvx_kmod_set_list(struct mvx_kmod *k,
		      void (*fn)(const struct mvx_kmod_counters *c, void *arg),
		      void *arg);

/*
 * Joins the "events" multicast group (once); returns a descriptor to poll
 * for readability, or -errno.
 */
int mvx_kmod_events_subscribe(struct mvx_kmod *k);

/*
 * Waits up to @timeout_ms (-1: forever) for one event.  Returns 1 with @ev
 * filled, 0 on timeout, or -errno.
 */
int mvx_kmod_event_read(struct mvx_kmod *k, struct mvx_kmod_divergence *ev,
			int timeout_ms);

/* The name of an enum mvx_set_state value, for messages. */
const char *mvx_kmod_state_name(uint32_t state);

#endif /* MVX_KMOD_CLIENT_H */
