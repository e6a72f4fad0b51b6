// SPDX-License-Identifier: GPL-2.0
/*
 * kmod_test CASE: end-to-end tests of mvx.ko, run as root in the VM guest
 * (scripts/vm-test), one case per process.  Exit status 0 means the case
 * passed; every check that fails prints "# FAIL: ..." and the status is 1.
 * Diagnostics are TAP comments ("# ...").
 *
 * The variants are children of this process, traced by it (PTRACE_TRACEME),
 * registered with the module while stopped, and running a seccomp filter
 * that allows getppid (the approved call) and traps getpid (a call the
 * monitor would handle).
 */
#include <errno.h>
#include <sched.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "kmod_client.h"

static int failures;

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			printf("# FAIL: %s:%d: %s: ", __func__, __LINE__, #cond); \
			printf(__VA_ARGS__);				\
			printf("\n");					\
			failures++;					\
		}							\
	} while (0)

static pid_t parent_pid;

/* Variants per set: 2, or the count given to `kmod_test lockstep N`. */
static int nvar = 2;

/* The sets' window: 1, or the one given to `kmod_test window W`. */
static unsigned int window = 1;

/* Shared with the variants: how many approved calls each completed. */
static volatile long *done;

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * The monitor's seccomp filter: getpid traps, everything else runs; with
 * @trap_getppid (the ptrace path of the benchmark) getppid traps too.
 */
static int install_filter(int trap_getppid)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpid, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			 trap_getppid ? SYS_getppid : SYS_getpid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* One approved call with a compared first argument; 0 if it returned right. */
static int approved_call(long arg0)
{
	long r = syscall(SYS_getppid, arg0, 0L, 0L, 0L, 0L, 0L);

	return r == parent_pid ? 0 : -1;
}

struct plan {
	int calls;		/* approved calls */
	int odd_index;		/* index whose argument differs, or -1 */
	int extra;		/* extra approved calls after the loop */
	int trap;		/* then a trapped getpid */
	int sleep_ms;		/* before the loop */
	int trap_getppid;	/* benchmark: getppid is not approved */
	int pin_cpu;		/* benchmark: CPU + 1 to run on, 0: any */
	int sigmask;		/* the loop calls rt_sigprocmask instead */
};

/* Shared with the variants: the loop's duration in ns, per variant. */
static volatile long *loop_ns;

static long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/*
 * The rt_sigprocmask loop: its sigset (argument 1, 8 bytes) is compared by
 * content.  Variant 0's set is on the stack, variant 1's in a page mapped
 * just now and not yet touched (the module must fault it in), so the
 * addresses differ and the contents do not.  Call 10 passes NULL, call 20
 * an unreadable address (EFAULT in every variant); call odd_index blocks
 * SIGUSR2 instead of nothing.
 */
static int sigmask_loop(int v, const struct plan *p)
{
	uint64_t stack_set = 0, odd_set = 1ULL << (SIGUSR2 - 1);
	uint64_t *set = &stack_set;
	long r, want;
	void *arg;
	int i;

	if (v == 1) {
		set = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (set == MAP_FAILED)
			return 92;
	}
	for (i = 0; i < p->calls; i++) {
		arg = i == 10 ? NULL : i == 20 ? (void *)8 :
		      i == p->odd_index ? (void *)&odd_set : (void *)set;
		want = i == 20 ? -EFAULT : 0;
		r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, arg, NULL, 8);
		if ((r < 0 ? -errno : r) != want)
			return 4;
		done[v] = i + 1;
	}
	return 0;
}

static int variant_main(int v, const struct plan *p)
{
	long t0;
	int i;

	if (p->pin_cpu) {
		cpu_set_t one;

		CPU_ZERO(&one);
		CPU_SET(p->pin_cpu - 1, &one);
		sched_setaffinity(0, sizeof(one), &one);
	}
	if (install_filter(p->trap_getppid))
		return 91;
	if (p->sleep_ms)
		msleep(p->sleep_ms);
	if (p->sigmask)
		return sigmask_loop(v, p);
	t0 = now_ns();
	for (i = 0; i < p->calls; i++) {
		if (approved_call(i == p->odd_index ? 9999 : i))
			return 3;
		done[v] = i + 1;
	}
	loop_ns[v] = now_ns() - t0;
	for (i = 0; i < p->extra; i++)
		if (approved_call(p->calls + i))
			return 3;
	if (p->trap)
		syscall(SYS_getpid);
	return 0;
}

/* A child stopped under PTRACE_TRACEME with our options, or -1. */
static pid_t spawn_variant(int v, const struct plan *p)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		int fd;

		/* As after exec: no copy of the monitor's netlink socket. */
		for (fd = 3; fd < 1024; fd++)
			close(fd);
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(90);
		raise(SIGSTOP);
		_exit(variant_main(v, p));
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st)) {
		printf("# FAIL: cannot start variant %d\n", v);
		failures++;
		return -1;
	}
	ptrace(PTRACE_SETOPTIONS, pid, 0,
	       PTRACE_O_EXITKILL | PTRACE_O_TRACESECCOMP);
	return pid;
}

/*
 * Runs traced children until @pid exits or stops at a seccomp trap (then
 * returns 0 and leaves it stopped, if @stop_at_trap).  Returns the wait
 * status, or -1 after @timeout_ms or if it cannot wait.  A negative
 * @timeout_ms waits without polling (a polling parent would preempt the
 * variants a benchmark measures), for as long as it takes.
 */
static int wait_variant(pid_t pid, int timeout_ms, int stop_at_trap)
{
	int st, waited = 0;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &st, (timeout_ms < 0 ? 0 : WNOHANG) | __WALL);
		if (r < 0)
			return -1;
		if (r == pid) {
			if (!WIFSTOPPED(st))
				return st;
			if ((st >> 8) == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) {
				if (stop_at_trap)
					return 0;
				ptrace(PTRACE_CONT, pid, 0, 0);
			} else {
				ptrace(PTRACE_CONT, pid, 0, WSTOPSIG(st));
			}
			continue;
		}
		if (waited >= timeout_ms)
			return -1;
		msleep(5);
		waited += 5;
	}
}

static struct mvx_kmod *open_module(void)
{
	struct mvx_kmod *k;
	int err = mvx_kmod_open(&k);

	CHECK(err == 0, "mvx_kmod_open: %d", err);
	return err ? NULL : k;
}

static int create_set(struct mvx_kmod *k, unsigned int stall_ms,
		      uint32_t *id)
{
	struct mvx_kmod_params p;
	int err;

	mvx_kmod_params_init(&p, nvar);
	p.stall_ms = stall_ms;
	p.window = window;
	CHECK(mvx_kmod_approve(&p, SYS_getppid, 0x1) == 0, "approve");
	/* how and sigsetsize by value, the set by content */
	CHECK(mvx_kmod_approve(&p, SYS_rt_sigprocmask, 0x9) == 0, "approve");
	CHECK(mvx_kmod_approve_buf(&p, SYS_rt_sigprocmask, 1, 8) == 0,
	      "approve_buf");
	CHECK(mvx_kmod_params_approved(&p, SYS_getppid), "approved()");
	CHECK(!mvx_kmod_params_approved(&p, SYS_getpid), "getpid approved");
	err = mvx_kmod_set_create(k, &p, id);
	CHECK(err == 0 && *id, "set_create: %d", err);
	return err;
}

/* Starts nvar variants with @plans, registers them in @id, lets them run. */
static int start_pair(struct mvx_kmod *k, uint32_t id,
		      const struct plan plans[], pid_t pids[])
{
	int v, err;

	for (v = 0; v < nvar; v++) {
		pids[v] = spawn_variant(v, &plans[v]);
		if (pids[v] < 0)
			return -1;
		err = mvx_kmod_task_add(k, id, pids[v], v);
		CHECK(err == 0, "task_add variant %d: %d", v, err);
		if (err)
			return -1;
	}
	/* Registered, still stopped: the counters name them, at call 0. */
	{
		struct mvx_kmod_counters c;

		CHECK(mvx_kmod_set_get(k, id, &c) == 0, "set_get");
		for (v = 0; v < nvar; v++)
			CHECK(c.v[v].state == MVX_VARIANT_ATTACHED &&
			      c.v[v].pid == pids[v] && c.v[v].next == 0 &&
			      c.v[v].held_nr == -1,
			      "variant %d: state %u tid %d next %llu", v,
			      c.v[v].state, (int)c.v[v].pid,
			      (unsigned long long)c.v[v].next);
	}
	for (v = 0; v < nvar; v++)
		ptrace(PTRACE_CONT, pids[v], 0, 0);
	return 0;
}

static int killed(int st)
{
	return st > 0 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
}

/*
 * 3000 equal approved calls in nvar variants: the counters never drift
 * apart by more than one call, and at every index all but the last
 * arrival were held.
 */
static void test_lockstep(void)
{
	const int n = 3000;
	struct plan plans[MVX_MAX_VARIANTS];
	struct mvx_kmod_counters c;
	struct mvx_kmod *k = open_module();
	int st[MVX_MAX_VARIANTS], samples = 0, maxgap = 0;
	int running, v, u, gap;
	pid_t pids[MVX_MAX_VARIANTS];
	uint32_t id;

	for (v = 0; v < nvar; v++) {
		plans[v] = (struct plan){ .calls = n, .odd_index = -1 };
		st[v] = -1;
	}
	if (!k || create_set(k, 0, &id) || start_pair(k, id, plans, pids))
		return;
	for (running = nvar; running && samples <= 60000; samples++) {
		running = 0;
		for (v = 0; v < nvar; v++) {
			if (st[v] == -1)
				st[v] = wait_variant(pids[v], 0, 0);
			running += st[v] == -1;
		}
		if (mvx_kmod_set_get(k, id, &c) == 0) {
			for (v = 0; v < nvar; v++) {
				for (u = 0; u < nvar; u++) {
					gap = (int)(c.v[v].next - c.v[u].next);
					maxgap = gap > maxgap ? gap : maxgap;
				}
			}
		}
		msleep(1);
	}
	printf("# %d variants, window %u, %d counter samples, largest gap %d\n",
	       nvar, window, samples, maxgap);
	for (v = 0; v < nvar; v++)
		CHECK(st[v] >= 0 && WIFEXITED(st[v]) && WEXITSTATUS(st[v]) == 0,
		      "variant %d status %#x", v, st[v]);
	/* A variant passes call k once the others recorded k - window + 1. */
	CHECK(maxgap <= (int)window, "variants %d calls apart", maxgap);
	CHECK(mvx_kmod_set_get(k, id, &c) == 0, "set_get");
	printf("# passed %llu holds %llu\n", (unsigned long long)c.passed,
	       (unsigned long long)c.holds);
	for (v = 0; v < nvar; v++)
		CHECK(c.v[v].next == (uint64_t)n, "variant %d next %llu", v,
		      (unsigned long long)c.v[v].next);
	CHECK(c.passed == (uint64_t)nvar * n, "passed %llu",
	      (unsigned long long)c.passed);
	/* Window 1: at every index every arrival but the last waits. */
	if (window == 1)
		CHECK(c.holds == (uint64_t)(nvar - 1) * n, "holds %llu",
		      (unsigned long long)c.holds);
	else
		CHECK(c.holds < (uint64_t)(nvar - 1) * n, "holds %llu",
		      (unsigned long long)c.holds);
	CHECK(c.state == MVX_SET_LIVE && !c.diverged, "state %u", c.state);
	CHECK(mvx_kmod_set_destroy(k, id, false) == 0, "destroy");
	mvx_kmod_close(k);
}

/* Call 100 of variant 1 has another argument: both killed before it ran. */
static void test_diverge(void)
{
	struct plan plans[2] = { { .calls = 200, .odd_index = -1 },
				 { .calls = 200, .odd_index = 100 } };
	struct mvx_kmod_counters c;
	struct mvx_kmod_divergence ev;
	struct mvx_kmod *k = open_module();
	int st[2], v, got;
	pid_t pids[2];
	uint32_t id;

	if (!k)
		return;
	CHECK(mvx_kmod_events_subscribe(k) >= 0, "subscribe");
	if (create_set(k, 0, &id) || start_pair(k, id, plans, pids))
		return;
	for (v = 0; v < 2; v++) {
		st[v] = wait_variant(pids[v], 20000, 0);
		CHECK(killed(st[v]), "variant %d status %#x", v, st[v]);
	}
	CHECK(done[0] == 100 && done[1] == 100,
	      "calls completed %ld %ld", done[0], done[1]);
	got = mvx_kmod_event_read(k, &ev, 5000);
	CHECK(got == 1, "no divergence event (%d)", got);
	if (got == 1) {
		printf("# event %u: set %u call %llu variant %u (nr %d) vs %u (nr %d) arg %d\n",
		       ev.type, ev.set_id, (unsigned long long)ev.index,
		       ev.variant, ev.nr, ev.other, ev.other_nr, ev.arg);
		CHECK(ev.type == MVX_EVENT_DIVERGENCE, "type %u", ev.type);
		CHECK(ev.set_id == id, "set %u", ev.set_id);
		CHECK(ev.index == 100, "index %llu",
		      (unsigned long long)ev.index);
		CHECK(ev.nr == SYS_getppid && ev.other_nr == SYS_getppid,
		      "nr %d %d", ev.nr, ev.other_nr);
		CHECK(ev.arg == 0, "arg %d", ev.arg);
		CHECK(ev.variant != ev.other, "variants %u %u", ev.variant,
		      ev.other);
	}
	CHECK(mvx_kmod_set_get(k, id, &c) == 0, "set_get");
	CHECK(c.state == MVX_SET_DIVERGED && c.diverged, "state %u",
	      c.state);
	CHECK(c.v[0].next == 100 && c.v[1].next == 100,
	      "the diverging call ran: next %llu %llu",
	      (unsigned long long)c.v[0].next,
	      (unsigned long long)c.v[1].next);
	CHECK(c.div.index == 100 && c.div.arg == 0, "divergence record");
	CHECK(mvx_kmod_set_destroy(k, id, false) == 0, "destroy");
	mvx_kmod_close(k);
}

/*
 * Window W: variant 1's call 100 differs.  The leading variant may have run
 * up to W - 1 calls from 100 on uncompared, but the mismatch is still found
 * at call 100, both variants are killed, and the event says so.
 */
static void test_window_diverge(void)
{
	struct plan plans[2] = { { .calls = 200, .odd_index = -1 },
				 { .calls = 200, .odd_index = 100 } };
	struct mvx_kmod_counters c;
	struct mvx_kmod_divergence ev;
	struct mvx_kmod *k = open_module();
	pid_t pids[2];
	uint32_t id;
	int v, got;
	long lo, hi;

	if (!k)
		return;
	CHECK(mvx_kmod_events_subscribe(k) >= 0, "subscribe");
	if (create_set(k, 0, &id) || start_pair(k, id, plans, pids))
		return;
	for (v = 0; v < 2; v++)
		CHECK(killed(wait_variant(pids[v], 20000, 0)),
		      "variant %d not killed", v);
	printf("# calls completed %ld %ld\n", done[0], done[1]);
	/*
	 * The variant that arrived second at call 100 did not run it; the
	 * other one (whichever led) may be up to window - 1 calls ahead.
	 */
	lo = done[0] < done[1] ? done[0] : done[1];
	hi = done[0] < done[1] ? done[1] : done[0];
	CHECK(lo == 100, "the second arrival ran call 100: %ld", lo);
	CHECK(hi <= 100 + (long)window - 1, "the leader ran %ld calls", hi);
	got = mvx_kmod_event_read(k, &ev, 5000);
	CHECK(got == 1 && ev.type == MVX_EVENT_DIVERGENCE && ev.index == 100 &&
	      ev.arg == 0, "event: got %d type %u index %llu arg %d", got,
	      ev.type, (unsigned long long)ev.index, ev.arg);
	CHECK(mvx_kmod_set_get(k, id, &c) == 0 && c.diverged &&
	      c.div.index == 100, "divergence record");
	CHECK(mvx_kmod_set_destroy(k, id, false) == 0, "destroy");
	mvx_kmod_close(k);
}

/*
 * rt_sigprocmask's set compared by content: equal sets at other addresses
 * (one not yet faulted in), NULL and unreadable sets pass; a set that
 * differs at call 40 is a divergence in argument 1, before it ran.
 */
static void test_argbuf(void)
{
	struct plan plans[2] = {
		{ .calls = 60, .odd_index = -1, .sigmask = 1 },
		{ .calls = 60, .odd_index = -1, .sigmask = 1 },
	};
	struct mvx_kmod_counters c;
	struct mvx_kmod_divergence ev;
	struct mvx_kmod *k = open_module();
	pid_t pids[2];
	uint32_t id;
	int v, st, got;

	if (!k)
		return;
	CHECK(mvx_kmod_events_subscribe(k) >= 0, "subscribe");
	if (create_set(k, 0, &id) || start_pair(k, id, plans, pids))
		return;
	for (v = 0; v < 2; v++) {
		st = wait_variant(pids[v], 20000, 0);
		CHECK(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "equal sets: variant %d status %#x", v, st);
	}
	CHECK(mvx_kmod_set_get(k, id, &c) == 0 && c.v[0].next == 60 &&
	      c.v[1].next == 60 && !c.diverged, "equal sets: next %llu %llu",
	      (unsigned long long)c.v[0].next, (unsigned long long)c.v[1].next);
	CHECK(mvx_kmod_set_destroy(k, id, false) == 0, "destroy");

	plans[1].odd_index = 40;
	done[0] = done[1] = 0;
	if (create_set(k, 0, &id) || start_pair(k, id, plans, pids))
		return;
	for (v = 0; v < 2; v++)
		CHECK(killed(wait_variant(pids[v], 20000, 0)),
		      "variant %d not killed", v);
	CHECK(done[0] == 40 && done[1] == 40, "calls completed %ld %ld",
	      done[0], done[1]);
	got = mvx_kmod_event_read(k, &ev, 5000);
	CHECK(got == 1 && ev.type == MVX_EVENT_DIVERGENCE && ev.index == 40 &&
	      ev.nr == SYS_rt_sigprocmask && ev.arg == 1,
	      "event: got %d index %llu nr %d arg %d", got,
	      (unsigned long long)ev.index, ev.nr, ev.arg);
	CHECK(mvx_kmod_set_destroy(k, id, false) == 0, "destroy");
	mvx_kmod_close(k);
}

/*
 * Variant 0 makes one approved call more than variant 1 before the trapped
 * getpid: at variant 1's trap the counters show variant 0 held at call 50,
 * and a stall event names it.
 */
static void test_extra(void)
{
	struct plan plans[2] = {
		{ .calls = 50, .odd_index = -1, .extra = 1, .trap = 1 },
		{ .calls = 50, .odd_index = -1, .trap = 1 },
	};
	struct mvx_kmod_counters c;
	struct mvx_kmod_divergence ev;
	struct mvx_kmod *k = open_module();
	int st, got;
	pid_t pids[2];
	uint32_t id;

	if (!k)
		return;
	CHECK(mvx_kmod_events_subscribe(k) >= 0, "subscribe");
	if (create_set(k, 300, &id) || start_pair(k, id, plans, pids))
		return;
	st = wait_variant(pids[1], 20000, 1);
	CHECK(st == 0, "variant 1 did not reach its trap: %#x", st);
	CHECK(mvx_kmod_set_get(k, id, &c) == 0, "set_get");
	printf("# at the trap: next %llu/%llu held %d/%d\n",
	       (unsigned long long)c.v[0].next, (unsigned long long)c.v[1].next,
	       c.v[0].held_nr, c.v[1].held_nr);
	CHECK(c.v[1].next == 50 && c.v[1].held_nr == -1, "variant 1");
	/* Variant 0 may still be on its way to the extra call. */
	for (got = 0; got < 200 && c.v[0].held_nr == -1; got++) {
		msleep(10);
		mvx_kmod_set_get(k, id, &c);
	}
	CHECK(c.v[0].next == 50 && c.v[0].held_nr == SYS_getppid,
	      "variant 0's extra call not seen: next %llu held %d",
	      (unsigned long long)c.v[0].next, c.v[0].held_nr);
	got = mvx_kmod_event_read(k, &ev, 5000);
	CHECK(got == 1 && ev.type == MVX_EVENT_STALL && ev.variant == 0 &&
	      ev.index == 50 && ev.nr == SYS_getppid,
	      "stall event: got %d type %u variant %u index %llu nr %d", got,
	      ev.type, ev.variant, (unsigned long long)ev.index, ev.nr);
	CHECK(mvx_kmod_set_get(k, id, &c) == 0 && c.stalls >= 1, "stalls");
	CHECK(mvx_kmod_set_destroy(k, id, true) == 0, "destroy+kill");
	CHECK(killed(wait_variant(pids[0], 10000, 0)), "variant 0 survived");
	CHECK(killed(wait_variant(pids[1], 10000, 0)), "variant 1 survived");
	mvx_kmod_close(k);
}

/* Drops CAP_SYS_PTRACE from the calling root process: 0 or -1. */
static int drop_cap_sys_ptrace(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[CAP_SYS_PTRACE / 32].effective &= ~(1U << (CAP_SYS_PTRACE % 32));
	data[CAP_SYS_PTRACE / 32].permitted &= ~(1U << (CAP_SYS_PTRACE % 32));
	data[CAP_SYS_PTRACE / 32].inheritable &= ~(1U << (CAP_SYS_PTRACE % 32));
	return syscall(SYS_capset, &hdr, data) ? -1 : 0;
}

static void count_set(const struct mvx_kmod_counters *c, void *arg);

/*
 * Child of test_perm_user: every command of a caller without
 * CAP_SYS_PTRACE is refused with EPERM, on set @id (root's, live) and on a
 * task this child traces.  @how: 0 user nobody, 1 root without
 * CAP_SYS_PTRACE, 2 root that drops it after opening the socket.
 */
static int perm_child(int how, uint32_t id)
{
	struct plan plan = { .calls = 0, .odd_index = -1 };
	struct mvx_kmod_counters c;
	struct mvx_kmod_params p;
	struct mvx_kmod *k;
	uint32_t nid;
	int err, n = 0;
	pid_t traced;

	if (how == 0 && (setgid(65534) || setuid(65534)))
		return 10;
	if (how == 1 && drop_cap_sys_ptrace())
		return 10;
	err = mvx_kmod_open(&k);
	if (err) {
		printf("# FAIL: open without CAP_SYS_PTRACE (%d): %d\n", how, err);
		return 11;
	}
	mvx_kmod_set_quiet(k, true);
	if (how == 2 && drop_cap_sys_ptrace())
		return 10;
	mvx_kmod_params_init(&p, 2);
	err = mvx_kmod_set_create(k, &p, &nid);
	printf("# without CAP_SYS_PTRACE (%d): create %d (%s)\n", how, err,
	       strerror(-err));
	if (err != -EPERM)
		return 12;
	if (mvx_kmod_set_get(k, id, &c) != -EPERM)
		return 13;
	if (mvx_kmod_set_list(k, count_set, &n) != -EPERM || n)
		return 14;
	traced = spawn_variant(0, &plan);
	err = mvx_kmod_task_add(k, id, traced, 0);
	kill(traced, SIGKILL);
	if (err != -EPERM)
		return 15;
	if (mvx_kmod_task_del(k, id, getpid()) != -EPERM)
		return 16;
	if (mvx_kmod_set_destroy(k, id, true) != -EPERM)
		return 17;
	mvx_kmod_close(k);
	return 0;
}

/*
 * Without CAP_SYS_PTRACE (as user nobody, as root without it, as root that
 * drops it after opening the socket): the family resolves, every command
 * is refused, and root's set is untouched.
 */
static void test_perm_user(void)
{
	struct mvx_kmod_counters c;
	struct mvx_kmod *k = open_module();
	int how, st;
	uint32_t id;
	pid_t pid;

	if (!k || create_set(k, 0, &id))
		return;
	for (how = 0; how < 3; how++) {
		pid = fork();
		if (pid == 0)
			_exit(perm_child(how, id));
		CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		      WEXITSTATUS(st) == 0, "case %d: child status %#x", how,
		      st);
	}
	CHECK(mvx_kmod_set_get(k, id, &c) == 0 && !c.diverged &&
	      c.v[0].state == MVX_VARIANT_EMPTY, "root's set changed");
	CHECK(mvx_kmod_set_destroy(k, id, false) == 0, "destroy");
	mvx_kmod_close(k);
}

/* Tasks we do not trace, that do not exist, or are taken are refused. */
static void test_perm_task(void)
{
	struct plan plan = { .calls = 0, .odd_index = -1 };
	struct mvx_kmod *k = open_module();
	pid_t other, traced;
	uint32_t id;
	int err, st;

	if (!k || create_set(k, 0, &id))
		return;
	mvx_kmod_set_quiet(k, true);
	other = fork();
	if (other == 0) {
		pause();
		_exit(0);
	}
	err = mvx_kmod_task_add(k, id, other, 0);
	CHECK(err == -EPERM, "untraced task: %d", err);
	err = mvx_kmod_task_add(k, id, getpid(), 0);
	CHECK(err == -EPERM, "self: %d", err);
	err = mvx_kmod_task_add(k, id, 0x3ffffff0, 0);
	CHECK(err == -ESRCH, "no such task: %d", err);

	traced = spawn_variant(0, &plan);
	err = mvx_kmod_task_add(k, id, traced, 2);
	CHECK(err == -EINVAL, "variant 2 of 2: %d", err);
	err = mvx_kmod_task_add(k, id + 1000, traced, 0);
	CHECK(err == -ENOENT, "no such set: %d", err);
	err = mvx_kmod_task_add(k, id, traced, 0);
	CHECK(err == 0, "traced task: %d", err);
	err = mvx_kmod_task_add(k, id, traced, 1);
	CHECK(err == -EBUSY, "registered twice: %d", err);
	err = mvx_kmod_task_del(k, id, other);
	CHECK(err == -ESRCH, "removing a task not in the set: %d", err);

	/* Another process may not touch our set. */
	if (fork() == 0) {
		struct mvx_kmod *k2;

		if (mvx_kmod_open(&k2))
			_exit(20);
		mvx_kmod_set_quiet(k2, true);
		err = mvx_kmod_set_destroy(k2, id, true);
		_exit(err == -EPERM ? 0 : 21);
	}
	CHECK(wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "another process destroyed our set: %#x", st);

	err = mvx_kmod_task_del(k, id, traced);
	CHECK(err == 0, "task_del: %d", err);
	CHECK(mvx_kmod_set_destroy(k, id, false) == 0, "destroy");
	kill(other, SIGKILL);
	kill(traced, SIGKILL);
	waitpid(other, &st, 0);
	waitpid(traced, &st, 0);
	mvx_kmod_close(k);
}

/* A raw request: its error (0 or -errno) from the kernel. */
struct raw_attr {
	int type;
	int len;		/* -1: u32 value */
	uint32_t value;
};

static int raw_on_error(struct sockaddr_nl *nla, struct nlmsgerr *e,
			void *arg)
{
	(void)nla;
	*(int *)arg = e->error;
	return NL_STOP;
}

static int raw_on_ack(struct nl_msg *msg, void *arg)
{
	(void)msg;
	*(int *)arg = 0;
	return NL_STOP;
}

static int raw_request(struct nl_sock *sk, int family, int cmd,
		       const struct raw_attr *attrs, int nattrs, int corrupt)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	static uint8_t zeros[1024];
	int i, result = 1;

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0, cmd,
		    MVX_GENL_VERSION);
	for (i = 0; i < nattrs; i++) {
		if (attrs[i].len < 0)
			nla_put_u32(msg, attrs[i].type, attrs[i].value);
		else
			nla_put(msg, attrs[i].type, attrs[i].len, zeros);
	}
	if (corrupt) {
		/* The first attribute claims more bytes than there are. */
		struct nlattr *a = (struct nlattr *)((char *)nlmsg_data(
			nlmsg_hdr(msg)) + GENL_HDRLEN);
		a->nla_len = 4000;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, raw_on_error, &result);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, raw_on_ack, &result);
	if (nl_send_auto(sk, msg) < 0)
		result = -EIO;
	while (result > 0)
		if (nl_recvmsgs(sk, cb) < 0 && result > 0)
			result = -EIO;
	nl_cb_put(cb);
	nlmsg_free(msg);
	return result;
}

static void count_set(const struct mvx_kmod_counters *c, void *arg)
{
	(void)c;
	(*(int *)arg)++;
}

/* Malformed requests are refused and nothing is created. */
static void test_malformed(void)
{
	enum { U32 = -1 };
	const int bits = MVX_SYSCALL_BITS / 8;
	struct {
		const char *name;
		int cmd;
		struct raw_attr a[4];
		int n;
		int corrupt;
		int want;
	} cases[] = {
		{ "no attributes", MVX_CMD_SET_NEW, {}, 0, 0, -EINVAL },
		{ "no bitmap", MVX_CMD_SET_NEW,
		  { { MVX_A_NVARIANTS, U32, 2 } }, 1, 0, -EINVAL },
		{ "one variant", MVX_CMD_SET_NEW,
		  { { MVX_A_NVARIANTS, U32, 1 }, { MVX_A_APPROVED, bits } },
		  2, 0, -ERANGE },
		{ "17 variants", MVX_CMD_SET_NEW,
		  { { MVX_A_NVARIANTS, U32, 17 }, { MVX_A_APPROVED, bits } },
		  2, 0, -ERANGE },
		{ "short bitmap", MVX_CMD_SET_NEW,
		  { { MVX_A_NVARIANTS, U32, 2 },
		    { MVX_A_APPROVED, bits - 1 } }, 2, 0, -ERANGE },
		{ "u8 variant count", MVX_CMD_SET_NEW,
		  { { MVX_A_NVARIANTS, 1 }, { MVX_A_APPROVED, bits } },
		  2, 0, -EINVAL },
		{ "unknown flag", MVX_CMD_SET_NEW,
		  { { MVX_A_NVARIANTS, U32, 2 }, { MVX_A_APPROVED, bits },
		    { MVX_A_FLAGS, U32, 1 } }, 3, 0, -EINVAL },
		{ "window 0", MVX_CMD_SET_NEW,
		  { { MVX_A_NVARIANTS, U32, 2 }, { MVX_A_APPROVED, bits },
		    { MVX_A_WINDOW, U32, 0 } }, 3, 0, -ERANGE },
		{ "attribute of another command", MVX_CMD_SET_NEW,
		  { { MVX_A_NVARIANTS, U32, 2 }, { MVX_A_APPROVED, bits },
		    { MVX_A_PID, U32, 1 } }, 3, 0, -EINVAL },
		{ "unknown attribute", MVX_CMD_SET_NEW,
		  { { MVX_A_NVARIANTS, U32, 2 }, { MVX_A_APPROVED, bits },
		    { 200, U32, 1 } }, 3, 0, -EINVAL },
		{ "truncated attribute", MVX_CMD_SET_NEW,
		  { { MVX_A_NVARIANTS, U32, 2 }, { MVX_A_APPROVED, bits } },
		  2, 1, -EINVAL },
		{ "unknown destroy flag", MVX_CMD_SET_DEL,
		  { { MVX_A_SET_ID, U32, 1 }, { MVX_A_FLAGS, U32, 2 } },
		  2, 0, -EINVAL },
		{ "set id 0", MVX_CMD_SET_GET,
		  { { MVX_A_SET_ID, U32, 0 } }, 1, 0, -ERANGE },
		{ "variant 16", MVX_CMD_TASK_ADD,
		  { { MVX_A_SET_ID, U32, 1 }, { MVX_A_PID, U32, 1 },
		    { MVX_A_VARIANT, U32, 16 } }, 3, 0, -ERANGE },
		{ "task without pid", MVX_CMD_TASK_ADD,
		  { { MVX_A_SET_ID, U32, 1 }, { MVX_A_VARIANT, U32, 0 } },
		  2, 0, -EINVAL },
		{ "event as a request", MVX_CMD_EVENT, {}, 0, 0, -EOPNOTSUPP },
		{ "unknown command", 99, {}, 0, 0, -EOPNOTSUPP },
	};
	struct nl_sock *sk = nl_socket_alloc();
	struct mvx_kmod *k;
	int family, i, err, nsets = 0;

	CHECK(sk && genl_connect(sk) == 0, "socket");
	family = genl_ctrl_resolve(sk, MVX_GENL_NAME);
	CHECK(family > 0, "resolve: %d", family);
	for (i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++) {
		err = raw_request(sk, family, cases[i].cmd, cases[i].a,
				  cases[i].n, cases[i].corrupt);
		printf("# %s: %d (%s)\n", cases[i].name, err, strerror(-err));
		CHECK(err == cases[i].want, "%s: got %d, want %d",
		      cases[i].name, err, cases[i].want);
	}
	nl_socket_free(sk);

	/* A bad argument mask, through the client. */
	k = open_module();
	if (!k)
		return;
	{
		struct mvx_kmod_params p;
		uint32_t id;

		mvx_kmod_params_init(&p, 2);
		p.argmask[5] = 0x40;
		mvx_kmod_set_quiet(k, true);
		err = mvx_kmod_set_create(k, &p, &id);
		CHECK(err == -EINVAL, "argument mask bit 6: %d", err);
	}
	CHECK(mvx_kmod_set_list(k, count_set, &nsets) == 0, "list");
	CHECK(nsets == 0, "%d sets were created", nsets);
	mvx_kmod_close(k);
}

/* Waits until variant @v of set @id is held in an approved call. */
static int wait_held(struct mvx_kmod *k, uint32_t id, int v)
{
	struct mvx_kmod_counters c;
	int i;

	for (i = 0; i < 300; i++) {
		if (mvx_kmod_set_get(k, id, &c) == 0 &&
		    c.v[v].held_nr == SYS_getppid)
			return 1;
		msleep(10);
	}
	return 0;
}

/*
 * Destroying a set without kill releases a held variant: its call runs
 * outside the module and returns the right value, and it finishes.
 */
static void test_release(void)
{
	struct plan plans[2] = { { .calls = 10, .odd_index = -1 },
				 { .calls = 10, .odd_index = -1,
				   .sleep_ms = 600000 } };
	struct mvx_kmod *k = open_module();
	pid_t pids[2];
	uint32_t id;
	int st;

	if (!k || create_set(k, 0, &id) || start_pair(k, id, plans, pids))
		return;
	CHECK(wait_held(k, id, 0), "variant 0 not held");
	CHECK(done[0] == 0, "variant 0 ran %ld calls alone", done[0]);
	CHECK(mvx_kmod_set_destroy(k, id, false) == 0, "destroy");
	st = wait_variant(pids[0], 20000, 0);
	CHECK(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "released variant status %#x", st);
	CHECK(done[0] == 10, "released variant made %ld calls", done[0]);
	kill(pids[1], SIGKILL);
	CHECK(killed(wait_variant(pids[1], 10000, 0)), "variant 1");
	mvx_kmod_close(k);
}

/*
 * The monitor's socket closes (the monitor died or forgot): the module
 * destroys its sets and kills their tasks, even a held one.
 */
static void test_close(void)
{
	struct plan plans[2] = { { .calls = 10, .odd_index = -1 },
				 { .calls = 10, .odd_index = -1,
				   .sleep_ms = 600000 } };
	struct mvx_kmod *k = open_module();
	int nsets = 0;
	pid_t pids[2];
	uint32_t id;

	if (!k || create_set(k, 0, &id) || start_pair(k, id, plans, pids))
		return;
	CHECK(wait_held(k, id, 0), "variant 0 not held");
	mvx_kmod_close(k);
	CHECK(killed(wait_variant(pids[0], 10000, 0)), "held variant lives");
	CHECK(killed(wait_variant(pids[1], 10000, 0)), "variant 1 lives");
	k = open_module();
	if (!k)
		return;
	CHECK(mvx_kmod_set_list(k, count_set, &nsets) == 0, "list");
	CHECK(nsets == 0, "%d sets left", nsets);
	mvx_kmod_close(k);
}

/*
 * A minimal ptrace monitor for the benchmark: both variants stop at each
 * trapped getppid, their number and first argument are compared, both go
 * on.  Returns 0 when both exited 0.
 */
static int ptrace_lockstep(pid_t pids[2])
{
	int alive = 2, stopped = 0, st, v, bad = 0;
	struct user_regs_struct regs[2];
	pid_t r;

	while (alive) {
		r = waitpid(-1, &st, __WALL);
		if (r < 0)
			return -1;
		v = r == pids[0] ? 0 : 1;
		if (!WIFSTOPPED(st)) {
			alive--;
			bad |= !WIFEXITED(st) || WEXITSTATUS(st);
			continue;
		}
		if ((st >> 8) != (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) {
			ptrace(PTRACE_CONT, r, 0, WSTOPSIG(st));
			continue;
		}
		ptrace(PTRACE_GETREGS, r, 0, &regs[v]);
		if (++stopped < 2)
			continue;
		stopped = 0;
		bad |= regs[0].orig_rax != regs[1].orig_rax ||
		       regs[0].rdi != regs[1].rdi;
		ptrace(PTRACE_CONT, pids[0], 0, 0);
		ptrace(PTRACE_CONT, pids[1], 0, 0);
	}
	return bad ? -1 : 0;
}

static void set_spin_us(unsigned int us)
{
	FILE *f = fopen("/sys/module/mvx/parameters/spin_us", "w");

	CHECK(f != NULL, "no spin_us parameter");
	if (f) {
		fprintf(f, "%u\n", us);
		fclose(f);
	}
}

/*
 * Per-call ns of two variants in lockstep in the module, spinning @spin_us,
 * or -1 if a run failed.
 */
static double bench_module(int n, struct plan plans[2], unsigned int spin_us)
{
	struct mvx_kmod *k = open_module();
	pid_t pids[2];
	uint32_t id;
	int st, v, ok = 1;

	set_spin_us(spin_us);
	if (!k || create_set(k, 0, &id) || start_pair(k, id, plans, pids))
		return -1;
	for (v = 0; v < 2; v++) {
		st = wait_variant(pids[v], -1, 0);
		if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			CHECK(0, "module run, variant %d: %#x", v, st);
			ok = 0;
		}
	}
	mvx_kmod_set_destroy(k, id, false);
	mvx_kmod_close(k);
	if (!ok)
		return -1;
	return (double)(loop_ns[0] > loop_ns[1] ? loop_ns[0] : loop_ns[1]) / n;
}

/* Each figure of the benchmark is the best of this many runs. */
#define BENCH_REPS	3

/* Per-call ns of one process making the approved calls natively, or -1. */
static double bench_native(int n)
{
	struct plan native = { .calls = n, .odd_index = -1 };
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0)
		_exit(variant_main(0, &native));
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		CHECK(0, "native run %#x", st);
		return -1;
	}
	return (double)loop_ns[0] / n;
}

/* Per-call ns of two variants through a minimal ptrace monitor, or -1. */
static double bench_ptrace(int n, struct plan plans[2])
{
	pid_t pids[2];
	int v;

	for (v = 0; v < 2; v++) {
		pids[v] = spawn_variant(v, &plans[v]);
		if (pids[v] < 0)
			return -1;
		ptrace(PTRACE_CONT, pids[v], 0, 0);
	}
	if (ptrace_lockstep(pids)) {
		CHECK(0, "ptrace run");
		return -1;
	}
	return (double)(loop_ns[0] > loop_ns[1] ? loop_ns[0] : loop_ns[1]) / n;
}

/* The smaller of two figures, -1 (a failed run) counting as none. */
static double bench_best(double best, double t)
{
	if (t < 0)
		return best;
	return best < 0 || t < best ? t : best;
}

/*
 * Not a test: per-call cost of an approved call natively (one process,
 * same filter), in two variants in lockstep in the module, and in two
 * variants through a minimal ptrace monitor, each the best of BENCH_REPS
 * runs (the VM's CPUs are threads of an emulator that the host may
 * preempt).  Asserts only that every run completed.
 */
static void bench(int n)
{
	struct plan plans[2] = { { .calls = n, .odd_index = -1, .pin_cpu = 1 },
				 { .calls = n, .odd_index = -1, .pin_cpu = 2 } };
	double t_native = -1, t_kmod = -1, t_window = -1, t_ptrace = -1;
	int r;

	for (r = 0; r < BENCH_REPS; r++) {
		t_native = bench_best(t_native, bench_native(n));
		t_kmod = bench_best(t_kmod, bench_module(n, plans, 20));
	}
	/* The module's default spin_us is 20; 0 always sleeps. */
	printf("# bench: module, per call, with spin_us 0: %.0f ns, 200: %.0f ns\n",
	       bench_module(n, plans, 0), bench_module(n, plans, 200));
	/* a variant waits for the other only every MVX_MAX_WINDOW calls:
	 * the probe's own cost, nearly without the rendezvous */
	window = MVX_MAX_WINDOW;
	for (r = 0; r < BENCH_REPS; r++)
		t_window = bench_best(t_window, bench_module(n, plans, 20));
	window = 1;
	printf("# bench: module, per call, window %d: %.0f ns\n",
	       MVX_MAX_WINDOW, t_window);

	plans[0].trap_getppid = plans[1].trap_getppid = 1;
	for (r = 0; r < BENCH_REPS; r++)
		t_ptrace = bench_best(t_ptrace, bench_ptrace(n, plans));

	printf("# bench: %d getppid calls per variant, per call, best of %d runs: native %.0f ns, module (2 variants) %.0f ns, ptrace (2 variants) %.0f ns\n",
	       n, BENCH_REPS, t_native, t_kmod, t_ptrace);
	printf("# bench: module/native %.1fx, ptrace/module %.1fx\n",
	       t_kmod / t_native, t_ptrace / t_kmod);
}

static int run(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* `mvx kmod status` (PATH) while variant 0 is held and variant 1 sleeps. */
static void test_status(void)
{
	struct plan plans[2] = { { .calls = 10, .odd_index = -1 },
				 { .calls = 10, .odd_index = -1,
				   .sleep_ms = 600000 } };
	struct mvx_kmod *k = open_module();
	char out[4096], want[128];
	pid_t pids[2];
	uint32_t id;
	size_t len;
	FILE *f;

	if (!k || create_set(k, 0, &id) || start_pair(k, id, plans, pids))
		return;
	CHECK(wait_held(k, id, 0), "variant 0 not held");
	CHECK(run("mvx kmod status > /tmp/status.txt") == 0, "mvx kmod status");
	f = fopen("/tmp/status.txt", "r");
	len = f ? fread(out, 1, sizeof(out) - 1, f) : 0;
	out[len] = '\0';
	if (f)
		fclose(f);
	printf("%s", out);
	CHECK(strstr(out, "loaded, protocol version 1"), "no version");
	snprintf(want, sizeof(want), "set %u: 2 variants, window 1, live", id);
	CHECK(strstr(out, want), "no line \"%s\"", want);
	snprintf(want, sizeof(want),
		 "variant 0: tid %d, next call 0, held in system call %d",
		 pids[0], SYS_getppid);
	CHECK(strstr(out, want), "no line \"%s\"", want);
	snprintf(want, sizeof(want), "variant 1: tid %d, next call 0\n",
		 pids[1]);
	CHECK(strstr(out, want), "no line \"%s\"", want);
	CHECK(mvx_kmod_set_destroy(k, id, true) == 0, "destroy+kill");
	CHECK(killed(wait_variant(pids[0], 10000, 0)), "variant 0 survived");
	CHECK(killed(wait_variant(pids[1], 10000, 0)), "variant 1 survived");
	mvx_kmod_close(k);
}

/*
 * rmmod with a variant held in the kernel: it succeeds, both variants are
 * killed, the family is gone; then the module is loaded again from @ko.
 */
static void test_rmmod(const char *ko)
{
	struct plan plans[2] = { { .calls = 10, .odd_index = -1 },
				 { .calls = 10, .odd_index = -1,
				   .sleep_ms = 600000 } };
	struct mvx_kmod *k = open_module();
	char cmd[512];
	pid_t pids[2];
	uint32_t id;
	int err;

	if (!k || create_set(k, 0, &id) || start_pair(k, id, plans, pids))
		return;
	CHECK(wait_held(k, id, 0), "variant 0 not held");
	CHECK(run("rmmod mvx") == 0, "rmmod failed");
	CHECK(killed(wait_variant(pids[0], 10000, 0)), "held variant lives");
	CHECK(killed(wait_variant(pids[1], 10000, 0)), "variant 1 lives");
	mvx_kmod_close(k);
	err = mvx_kmod_open(&k);
	CHECK(err == MVX_KMOD_ABSENT, "family still there after rmmod: %d",
	      err);
	if (!err)
		mvx_kmod_close(k);
	snprintf(cmd, sizeof(cmd), "insmod %s", ko);
	CHECK(run(cmd) == 0, "insmod again");
	k = open_module();
	if (k) {
		CHECK(mvx_kmod_version(k) == MVX_GENL_VERSION, "version");
		mvx_kmod_close(k);
	}
}

/* Active objects of slab cache @name (/proc/slabinfo), or -1. */
static long slab_active(const char *name)
{
	char line[512], cache[64];
	long active = -1, n;
	FILE *f = fopen("/proc/slabinfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld", cache, &n) == 2 &&
		    !strcmp(cache, name))
			active = n;
	if (f)
		fclose(f);
	return active;
}

/* Threads in uninterruptible sleep (state D), each named on a line. */
static int count_d_state(void)
{
	char path[64], line[512], *p;
	int n = 0, pid;
	FILE *f;

	for (pid = 1; pid < 32768; pid++) {
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(line, sizeof(line), f)) {
			p = strrchr(line, ')');
			if (p && p[1] == ' ' && p[2] == 'D') {
				printf("# in D state: %s", line);
				n++;
			}
		}
		fclose(f);
	}
	return n;
}

/*
 * @rounds times: a live set whose variants wait in the kernel (even
 * rounds: variant 0 held while variant 1 sleeps in user mode; odd rounds:
 * both in a long loop of approved calls, meeting in the kernel), then
 * rmmod.  Each round: rmmod succeeds, both variants are killed within 10 s,
 * no thread is left in D state, the family is gone, and the module loads
 * again, and the variants' counts of completed calls are at most one
 * apart (no call ran outside the lockstep while the module was going
 * away).  The module's sets and tasks have slab caches of their own (the
 * guest boots with slab_nomerge, so /proc/slabinfo lists them while the
 * set lives); a cache that still has objects at rmmod is not destroyed
 * (it stays in /proc/slabinfo) and is reported in the kernel log, which
 * the host checks.
 */
static void test_rmmod_loop(const char *ko, int rounds)
{
	struct plan held[2] = { { .calls = 10, .odd_index = -1 },
				{ .calls = 10, .odd_index = -1,
				  .sleep_ms = 600000 } };
	struct plan busy[2] = { { .calls = 100000000, .odd_index = -1 },
				{ .calls = 100000000, .odd_index = -1 } };
	char cmd[512];
	int r, err, v;

	snprintf(cmd, sizeof(cmd), "insmod %s", ko);
	for (r = 0; r < rounds && !failures; r++) {
		struct mvx_kmod *k = open_module();
		pid_t pids[2];
		long t0;
		uint32_t id;

		if (!k || create_set(k, 0, &id) ||
		    start_pair(k, id, r % 2 ? busy : held, pids))
			return;
		if (r % 2) {
			for (v = 0; v < 300 && (!done[0] || !done[1]); v++)
				msleep(10);
			CHECK(done[0] && done[1], "round %d: no calls made", r);
		} else {
			CHECK(wait_held(k, id, 0), "round %d: not held", r);
		}
		CHECK(slab_active("mvx_set") >= 1 &&
		      slab_active("mvx_task") >= 2,
		      "round %d: slab caches count %ld sets, %ld tasks", r,
		      slab_active("mvx_set"), slab_active("mvx_task"));
		t0 = now_ns();
		CHECK(run("rmmod mvx") == 0, "round %d: rmmod failed", r);
		for (v = 0; v < 2; v++)
			CHECK(killed(wait_variant(pids[v], 10000, 0)),
			      "round %d: variant %d lives", r, v);
		printf("# round %d: rmmod and both variants killed in %ld ms, after %ld and %ld calls\n",
		       r, (now_ns() - t0) / 1000000, done[0], done[1]);
		/* no approved call ran unchecked while the module went away */
		CHECK(labs(done[0] - done[1]) <= 1,
		      "round %d: out of lockstep: %ld and %ld calls", r,
		      done[0], done[1]);
		done[0] = done[1] = 0;
		CHECK(count_d_state() == 0, "round %d: threads in D state", r);
		mvx_kmod_close(k);
		err = mvx_kmod_open(&k);
		CHECK(err == MVX_KMOD_ABSENT, "round %d: family still there: %d",
		      r, err);
		if (!err)
			mvx_kmod_close(k);
		CHECK(slab_active("mvx_set") == -1 &&
		      slab_active("mvx_task") == -1,
		      "round %d: a cache still had objects at rmmod", r);
		CHECK(run(cmd) == 0, "round %d: insmod again", r);
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	parent_pid = getpid();
	done = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	loop_ns = done + 64;
	if (done == MAP_FAILED || argc < 2) {
		fprintf(stderr,
			"usage: kmod_test lockstep [N]|diverge|argbuf|window W|extra|perm-user|perm-task|malformed|release|close|status|rmmod KO|rmmod-loop KO N|bench N\n");
		return 2;
	}
	if (!strcmp(argv[1], "lockstep")) {
		if (argc == 3)
			nvar = atoi(argv[2]);
		if (nvar < 2 || nvar > MVX_MAX_VARIANTS)
			return 2;
		test_lockstep();
	}
	else if (!strcmp(argv[1], "diverge"))
		test_diverge();
	else if (!strcmp(argv[1], "argbuf"))
		test_argbuf();
	else if (!strcmp(argv[1], "window") && argc == 3) {
		window = atoi(argv[2]);
		test_lockstep();
		test_window_diverge();
	}
	else if (!strcmp(argv[1], "extra"))
		test_extra();
	else if (!strcmp(argv[1], "perm-user"))
		test_perm_user();
	else if (!strcmp(argv[1], "perm-task"))
		test_perm_task();
	else if (!strcmp(argv[1], "malformed"))
		test_malformed();
	else if (!strcmp(argv[1], "release"))
		test_release();
	else if (!strcmp(argv[1], "close"))
		test_close();
	else if (!strcmp(argv[1], "status"))
		test_status();
	else if (!strcmp(argv[1], "bench") && argc == 3)
		bench(atoi(argv[2]));
	else if (!strcmp(argv[1], "rmmod") && argc == 3)
		test_rmmod(argv[2]);
	else if (!strcmp(argv[1], "rmmod-loop") && argc == 4)
		test_rmmod_loop(argv[2], atoi(argv[3]));
	else
		return 2;
	return failures ? 1 : 0;
}
