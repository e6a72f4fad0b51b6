// SPDX-License-Identifier: GPL-2.0
/*
 * stop_floor [N]: what one ptrace stop costs on this machine, the floor
 * under every monitored call.  A child makes N (default 50000) getppid
 * calls under a seccomp filter that stops it at each (SECCOMP_RET_TRACE);
 * the parent, its tracer, only waits for each stop and continues the
 * child, as a monitor's least possible work.  Measured twice: tracer and
 * tracee pinned to one CPU (the stop hands the CPU over, as mvx places
 * them), then to two (when this machine has them: every stop wakes the
 * other CPU).  Prints microseconds per stop for each.
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
}

static void child(long n)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = { sizeof(f) / sizeof(f[0]), f };

	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) || raise(SIGSTOP) ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &p))
		_exit(2);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	_exit(0);
}

/* Microseconds per stop, the child on 'cpu' and this process on 0; < 0 on
 * failure. */
static double per_stop(long n, int cpu)
{
	struct timespec t0, t1;
	long stops = 0;
	int st;
	pid_t c;

	pin(0);
	c = fork();
	if (c < 0)
		return -1;
	if (!c) {
		pin(cpu);
		child(n);
	}
	if (waitpid(c, &st, 0) != c || !WIFSTOPPED(st) ||
	    ptrace(PTRACE_SETOPTIONS, c, NULL,
		   PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL) ||
	    ptrace(PTRACE_CONT, c, NULL, NULL))
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (waitpid(c, &st, __WALL) != c)
			return -1;
		if (WIFEXITED(st) || WIFSIGNALED(st))
			break;
		stops++;
		if (ptrace(PTRACE_CONT, c, NULL, NULL))
			return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!WIFEXITED(st) || WEXITSTATUS(st) || stops != n)
		return -1;
	return ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) /
	       1e3 / (double)stops;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 50000;
	double one = per_stop(n, 0), two = -1;

	if (one < 0) {
		fprintf(stderr, "stop_floor: tracing the child failed\n");
		return 1;
	}
	printf("one CPU: %.2f us per stop\n", one);
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1) {
		two = per_stop(n, 1);
		if (two < 0) {
			fprintf(stderr, "stop_floor: tracing the child failed\n");
			return 1;
		}
		printf("two CPUs: %.2f us per stop\n", two);
	}
	return 0;
}
