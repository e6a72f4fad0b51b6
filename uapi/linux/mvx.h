/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) */
/*
 * mvx: in-kernel lockstep approval of system calls for the mvx multi-variant
 * execution environment.  This header is the one definition of the protocol
 * between the mvx.ko module and the userspace monitor.
 *
 * Generic netlink family MVX_GENL_NAME ("mvx"), version MVX_GENL_VERSION,
 * multicast group MVX_GENL_MCGRP_EVENTS ("events").
 *
 * Every command needs CAP_SYS_PTRACE in the caller (EPERM otherwise).  Every
 * attribute is validated against a policy per command; attributes that a
 * command does not take, unknown flag bits and out-of-range values are
 * refused with EINVAL (or ERANGE) and an extended ack naming the attribute.
 * A set belongs to the process (thread group) that created it: only that
 * process may add or remove its tasks or destroy it (EPERM otherwise); any
 * caller with CAP_SYS_PTRACE may read it.  A set is destroyed, and its tasks
 * killed, when the netlink socket that created it is closed.
 *
 * Definitions used below:
 *   variant set  N variants (2..MVX_MAX_VARIANTS) of one program, each one
 *                task (thread), registered as variant 0..N-1.
 *   approved     the system calls, given as a bitmap of MVX_SYSCALL_BITS
 *                bits (bit n of byte n / 8 is system call n), that the module
 *                approves in lockstep; every other call is left alone (the
 *                monitor's seccomp filter stops on it).
 *   call index   per variant, the number of approved calls it has already
 *                made: its k-th approved call is compared with the k-th
 *                approved call of every other variant (number, the
 *                arguments selected by the set's argument mask, and the
 *                contents of its input buffer, if any) before it runs.  A
 *                variant that arrives first is held (it spins briefly;
 *                then the call is skipped and rewound, and the task sleeps
 *                killably until the others arrive, then re-executes it).  On a mismatch every
 *                task of the set is killed with SIGKILL, the diverging call
 *                does not run, and MVX_EVENT_DIVERGENCE is multicast.
 *   window       W in 1..MVX_MAX_WINDOW: a variant may run its k-th approved
 *                call once every other variant has arrived at call k-W+1.
 *                W = 1 is strict lockstep: no variant runs call k before all
 *                have made it and it compared equal.  W > 1 lets a variant
 *                run ahead by up to W-1 calls that are compared only when
 *                the others arrive (detected, but after they ran in the
 *                leading variant); use it only for calls without effects.
 *   stall        a variant held longer than MVX_A_STALL_MS; announced once
 *                per held call with MVX_EVENT_STALL, the variant stays held.
 *
 * Commands (request attributes; "->" reply attributes):
 *
 * MVX_CMD_SET_NEW: create a variant set.
 *   MVX_A_NVARIANTS   u32, required, 2..MVX_MAX_VARIANTS
 *   MVX_A_APPROVED    binary, required, exactly MVX_SYSCALL_BITS / 8 bytes
 *   MVX_A_ARGMASK     binary, optional, exactly MVX_SYSCALL_BITS bytes:
 *                     byte n is the mask of the arguments of system call n
 *                     (bit i = argument i, i < MVX_NR_ARGS) compared by
 *                     value; default: no argument compared.
 *   MVX_A_ARGBUF      binary, optional, exactly MVX_SYSCALL_BITS * 2 bytes:
 *                     bytes 2n and 2n + 1 name an input buffer of system
 *                     call n compared by content: the argument holding its
 *                     address, plus one (0: none), and its length in bytes
 *                     (1..MVX_MAX_ARGBUF).  NULL addresses compare equal to
 *                     each other only; unreadable memory likewise.
 *   MVX_A_WINDOW      u32, optional, 1..MVX_MAX_WINDOW, default 1
 *   MVX_A_STALL_MS    u32, optional, 0 = never, default 1000
 *   MVX_A_FLAGS       u32, optional, no bit defined yet (MVX_SET_NEW_F_ALL)
 *   -> MVX_A_SET_ID   u32, the new set's id (never 0)
 *   ENOSPC when 4096 sets exist, ENODEV while the module unloads.
 *
 * MVX_CMD_SET_DEL: destroy a set.  Held variants are released: without
 *   MVX_SET_DEL_F_KILL they re-execute their call outside the module;
 *   with it every task of the set is killed first.
 *   MVX_A_SET_ID      u32, required
 *   MVX_A_FLAGS       u32, optional, MVX_SET_DEL_F_ALL
 *
 * MVX_CMD_TASK_ADD: register a task as variant k of a set.  The task must be
 *   ptrace-attached to the calling process (any thread of it): ESRCH if no
 *   such task, EPERM if the caller does not trace it, EBUSY if the task or
 *   the variant slot is taken, ENOENT if no such set.
 *   MVX_A_SET_ID      u32, required
 *   MVX_A_PID         u32, required, a thread id in the caller's namespace
 *   MVX_A_VARIANT     u32, required, 0..nvariants-1
 *
 * MVX_CMD_TASK_DEL: detach a task from its set; its variant no longer takes
 *   part in the lockstep of that set.
 *   MVX_A_SET_ID      u32, required
 *   MVX_A_PID         u32, required
 *
 * MVX_CMD_SET_GET: read the counters of one set (doit, MVX_A_SET_ID
 *   required) or of every set (dump, no attribute).  Each reply:
 *   MVX_A_SET_ID, MVX_A_NVARIANTS, MVX_A_WINDOW   u32
 *   MVX_A_STATE       u32, enum mvx_set_state
 *   MVX_A_PASSED      u64, approved calls that ran, all variants together
 *   MVX_A_HOLDS       u64, times a variant was held
 *   MVX_A_STALLS      u64, stall events raised
 *   MVX_A_VARIANTS    nest; one nest per variant slot, of type index + 1:
 *     MVX_VA_STATE    u32, enum mvx_variant_state
 *     MVX_VA_PID      u32, thread id (absent for an empty slot)
 *     MVX_VA_NEXT     u64, index of the variant's next approved call
 *     MVX_VA_HELD_NR  u32, present while the variant is held or recorded
 *                     at its next call: that call's number
 *   MVX_A_DIVERGENCE  nest, present once the set diverged: the attributes
 *                     of the MVX_EVENT_DIVERGENCE event
 *
 * MVX_CMD_EVENT: multicast on "events" only, never accepted as a request.
 *   MVX_A_EVENT       u32, enum mvx_event
 *   MVX_A_SET_ID      u32
 *   MVX_A_INDEX       u64, the call index
 *   MVX_A_VARIANT     u32, the variant that diverged or is held
 *   MVX_A_NR          u32, its system call number
 *   MVX_A_OTHER_VARIANT u32, divergence: the variant it differs from
 *   MVX_A_OTHER_NR    u32, divergence: that variant's call number
 *   MVX_A_ARG         u32, divergence with equal numbers: the first
 *                     argument whose value (or, for the MVX_A_ARGBUF
 *                     argument, pointed-to data) differs
 */
#ifndef _UAPI_LINUX_MVX_H
#define _UAPI_LINUX_MVX_H

#define MVX_GENL_NAME		"mvx"
#define MVX_GENL_VERSION	1
#define MVX_GENL_MCGRP_EVENTS	"events"

#define MVX_MAX_VARIANTS	16
#define MVX_SYSCALL_BITS	512
#define MVX_NR_ARGS		6
#define MVX_MAX_WINDOW		64
#define MVX_MAX_ARGBUF		64
#define MVX_DEFAULT_STALL_MS	1000

enum mvx_cmd {
	MVX_CMD_UNSPEC,
	MVX_CMD_SET_NEW,
	MVX_CMD_SET_DEL,
	MVX_CMD_TASK_ADD,
	MVX_CMD_TASK_DEL,
	MVX_CMD_SET_GET,
	MVX_CMD_EVENT,
	__MVX_CMD_MAX,
};

#define MVX_CMD_MAX (__MVX_CMD_MAX - 1)

enum mvx_attr {
	MVX_A_UNSPEC,
	MVX_A_SET_ID,
	MVX_A_NVARIANTS,
	MVX_A_APPROVED,
	MVX_A_ARGMASK,
	MVX_A_WINDOW,
	MVX_A_STALL_MS,
	MVX_A_FLAGS,
	MVX_A_PID,
	MVX_A_VARIANT,
	MVX_A_STATE,
	MVX_A_PASSED,
	MVX_A_HOLDS,
	MVX_A_STALLS,
	MVX_A_VARIANTS,
	MVX_A_DIVERGENCE,
	MVX_A_EVENT,
	MVX_A_INDEX,
	MVX_A_NR,
	MVX_A_OTHER_VARIANT,
	MVX_A_OTHER_NR,
	MVX_A_ARG,
	MVX_A_ARGBUF,
	MVX_A_PAD,
	__MVX_A_MAX,
};

#define MVX_A_MAX (__MVX_A_MAX - 1)

enum mvx_variant_attr {
	MVX_VA_UNSPEC,
	MVX_VA_STATE,
	MVX_VA_PID,
	MVX_VA_NEXT,
	MVX_VA_HELD_NR,
	MVX_VA_PAD,
	__MVX_VA_MAX,
};

#define MVX_VA_MAX (__MVX_VA_MAX - 1)

/* MVX_A_FLAGS of MVX_CMD_SET_NEW: none defined yet. */
#define MVX_SET_NEW_F_ALL	0x0U

/* MVX_A_FLAGS of MVX_CMD_SET_DEL. */
#define MVX_SET_DEL_F_KILL	0x1U	/* kill every task of the set first */
#define MVX_SET_DEL_F_ALL	MVX_SET_DEL_F_KILL

enum mvx_set_state {
	MVX_SET_LIVE,		/* lockstep in progress */
	MVX_SET_DIVERGED,	/* a mismatch was found; tasks were killed */
	MVX_SET_DEAD,		/* destroyed or killed (module unload) */
};

enum mvx_variant_state {
	MVX_VARIANT_EMPTY,	/* no task registered yet: others wait for it */
	MVX_VARIANT_ATTACHED,	/* registered and in lockstep */
	MVX_VARIANT_DETACHED,	/* removed; no longer part of the lockstep */
};

enum mvx_event {
	MVX_EVENT_DIVERGENCE = 1,
	MVX_EVENT_STALL,
};

#endif /* _UAPI_LINUX_MVX_H */
