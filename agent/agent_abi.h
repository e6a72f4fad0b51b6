/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the lock-order agent (agent/, preloaded into every variant) and the
 * monitor (user/agent_host.c) say to each other.
 *
 * The agent asks the monitor with a system call of a number no kernel
 * defines (MVX_AGENT_NR, ENOSYS without mvx), which the seccomp filter
 * stops on like any other; the monitor answers it in each variant on its
 * own, without comparing or running it:
 *
 *   syscall(MVX_AGENT_NR, MVX_AGENT_HELLO)
 *       -> MVX_AGENT_HELLO_VALUE(variant, nvariants, domain), or -ENOSYS
 *          when mvx runs without the agent (the agent then stays out of
 *          the way).  'domain' is the lock-order log of this process: the
 *          processes forked from one program image share one.
 *   syscall(MVX_AGENT_NR, MVX_AGENT_ATTACH)
 *       -> a descriptor (read-write, close-on-exec) of the file that holds
 *          every domain's log; domain d is MVX_SYNC_DOMAIN_SIZE bytes at
 *          offset d * MVX_SYNC_DOMAIN_SIZE.
 *   syscall(MVX_AGENT_NR, MVX_AGENT_UNORDERED, op, expected_op)
 *       -> 0: a follower's thread made another lock operation than its
 *          leader's counterpart (a flag set without a lock decided it in
 *          one variant only), or found the lock of an acquisition that
 *          succeeded in the leader taken at its turn (op == expected_op:
 *          its lock history differs); the domain's lock operations are no
 *          longer ordered, and mvx says so with -v.
 */
#ifndef MVX_AGENT_ABI_H
#define MVX_AGENT_ABI_H

#define MVX_AGENT_NR		0x4d5658	/* "MVX" */

#define MVX_AGENT_HELLO		1
#define MVX_AGENT_ATTACH	2
#define MVX_AGENT_UNORDERED	3

#define MVX_AGENT_HELLO_VALUE(variant, n, domain) \
	((long)(variant) | (long)(n) << 8 | (long)(domain) << 16)
#define MVX_AGENT_VARIANT(v)	((int)((v) & 0xff))
#define MVX_AGENT_NVARIANTS(v)	((int)(((v) >> 8) & 0xff))
#define MVX_AGENT_DOMAIN(v)	((int)(((v) >> 16) & 0xffff))

/* Entries in one domain's ring; a power of two. */
#define MVX_SYNC_RING		16384
#define MVX_SYNC_MAX_VARIANTS	16
#define MVX_SYNC_DOMAINS	64
#define MVX_SYNC_DOMAIN_SIZE	(1UL << 20)

/* The lock operations the agent orders (the op of a log entry). */
enum mvx_sync_op {
	MVX_SYNC_MUTEX_LOCK = 1,
	MVX_SYNC_MUTEX_TRYLOCK,
	MVX_SYNC_MUTEX_TIMEDLOCK,
	MVX_SYNC_MUTEX_UNLOCK,
	MVX_SYNC_COND_WAIT,	/* the mutex given up */
	MVX_SYNC_COND_WOKEN,	/* the mutex taken back; result: the wait's */
	MVX_SYNC_COND_SIGNAL,
	MVX_SYNC_SEM_WAIT,
	MVX_SYNC_SEM_TRYWAIT,
	MVX_SYNC_SEM_TIMEDWAIT,
	MVX_SYNC_SEM_POST,
	MVX_SYNC_OP_LAST = MVX_SYNC_SEM_POST,
};

#endif
