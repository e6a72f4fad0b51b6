// SPDX-License-Identifier: GPL-2.0
#include "seccomp_filter.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_INSNS 1024

#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#define ARG_HI(i) (ARG_LO(i) + 4)

/*
 * rt_sigsuspend with the park values in args[2] and args[3] is allowed;
 * leaves the number loaded in the accumulator for what follows.
 */
static unsigned int park_rule(struct sock_filter *f)
{
	static const struct { unsigned int off; uint32_t v; } want[4] = {
		{ ARG_LO(2), (uint32_t)MVX_PARK_MAGIC1 },
		{ ARG_HI(2), (uint32_t)(MVX_PARK_MAGIC1 >> 32) },
		{ ARG_LO(3), (uint32_t)MVX_PARK_MAGIC2 },
		{ ARG_HI(3), (uint32_t)(MVX_PARK_MAGIC2 >> 32) },
	};
	unsigned int n = 0;

	/* not rt_sigsuspend: skip the 4 loads, 4 tests and the return */
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		SYS_rt_sigsuspend, 0, 9);
	for (int k = 0; k < 4; k++) {
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			want[k].off);
		/* a mismatch jumps to the reload of the number */
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
			BPF_K, want[k].v, 0, (unsigned char)(7 - 2 * k));
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, nr));
	return n;
}

bool mvx_seccomp_install(const struct mvx_nrset *allow)
{
	struct sock_filter f[MAX_INSNS];
	struct sock_fprog prog;
	unsigned int n = 0;

	/* other architectures (int 0x80 is AUDIT_ARCH_I386): always stop */
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		AUDIT_ARCH_X86_64, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_TRACE);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, nr));
	n += park_rule(f + n);
	for (unsigned int nr = 0; allow && nr < MVX_NR_SYSCALLS; nr++) {
		if (!(allow->bits[nr / 64] & (1ULL << (nr % 64))))
			continue;
		if (n + 3 >= MAX_INSNS)
			break;
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
			BPF_K, nr, 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
			SECCOMP_RET_ALLOW);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_TRACE);
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return false;
	/*
	 * prctl rather than seccomp(2): the same filter mode with no flags,
	 * and a call valgrind passes through in the forked child (it has no
	 * wrapper for seccomp(2)), so the monitor can run under memcheck.
	 */
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0;
}
