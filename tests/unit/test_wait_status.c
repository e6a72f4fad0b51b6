// SPDX-License-Identifier: GPL-2.0
/*
 * Raw wait statuses decoded (user/wait_status.c): a table of statuses built
 * from the kernel's encoding, then statuses the kernel really returns for a
 * child that exits, is killed, and stops under ptrace.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "wait_status.h"

/* The kernel's encoding of a status (include/linux/wait.h, do_notify_*). */
#define EXITED(code)		(((code) & 0xff) << 8)
#define KILLED(sig, core)	((sig) | ((core) ? 0x80 : 0))
#define STOPPED(sig)		(((sig) << 8) | 0x7f)
#define EVENT_STOP(sig, ev)	(STOPPED(sig) | ((ev) << 16))

struct wait_case {
	const char *name;
	int status;
	struct mvx_wait want;
	int shell;		/* expected shell status, or -1: not asked */
};

static const struct wait_case cases[] = {
	{ "exit 0", EXITED(0), { MVX_STOP_EXITED, 0, 0, 0, false }, 0 },
	{ "exit 3", EXITED(3), { MVX_STOP_EXITED, 0, 0, 3, false }, 3 },
	{ "exit 255", EXITED(255), { MVX_STOP_EXITED, 0, 0, 255, false }, 255 },
	{ "killed by SIGKILL", KILLED(SIGKILL, false),
	  { MVX_STOP_KILLED, SIGKILL, 0, 0, false }, 128 + SIGKILL },
	{ "killed by SIGTERM", KILLED(SIGTERM, false),
	  { MVX_STOP_KILLED, SIGTERM, 0, 0, false }, 128 + SIGTERM },
	{ "killed by SIGSEGV, core dumped", KILLED(SIGSEGV, true),
	  { MVX_STOP_KILLED, SIGSEGV, 0, 0, true }, 128 + SIGSEGV },
	{ "killed by SIGRTMAX", KILLED(64, false),
	  { MVX_STOP_KILLED, 64, 0, 0, false }, 128 + 64 },
	{ "syscall stop (TRACESYSGOOD)", STOPPED(SIGTRAP | 0x80),
	  { MVX_STOP_SYSCALL, 0, 0, 0, false }, -1 },
	{ "seccomp stop", EVENT_STOP(SIGTRAP, PTRACE_EVENT_SECCOMP),
	  { MVX_STOP_SECCOMP, 0, 0, 0, false }, -1 },
	{ "fork event", EVENT_STOP(SIGTRAP, PTRACE_EVENT_FORK),
	  { MVX_STOP_EVENT, 0, PTRACE_EVENT_FORK, 0, false }, -1 },
	{ "vfork event", EVENT_STOP(SIGTRAP, PTRACE_EVENT_VFORK),
	  { MVX_STOP_EVENT, 0, PTRACE_EVENT_VFORK, 0, false }, -1 },
	{ "clone event", EVENT_STOP(SIGTRAP, PTRACE_EVENT_CLONE),
	  { MVX_STOP_EVENT, 0, PTRACE_EVENT_CLONE, 0, false }, -1 },
	{ "exec event", EVENT_STOP(SIGTRAP, PTRACE_EVENT_EXEC),
	  { MVX_STOP_EVENT, 0, PTRACE_EVENT_EXEC, 0, false }, -1 },
	{ "exit event", EVENT_STOP(SIGTRAP, PTRACE_EVENT_EXIT),
	  { MVX_STOP_EVENT, 0, PTRACE_EVENT_EXIT, 0, false }, -1 },
	{ "group-stop of a seized task", EVENT_STOP(SIGSTOP, PTRACE_EVENT_STOP),
	  { MVX_STOP_EVENT, 0, PTRACE_EVENT_STOP, 0, false }, -1 },
	{ "SIGSTOP", STOPPED(SIGSTOP),
	  { MVX_STOP_SIGNAL, SIGSTOP, 0, 0, false }, -1 },
	{ "SIGTRAP without TRACESYSGOOD", STOPPED(SIGTRAP),
	  { MVX_STOP_SIGNAL, SIGTRAP, 0, 0, false }, -1 },
	{ "SIGUSR1", STOPPED(SIGUSR1),
	  { MVX_STOP_SIGNAL, SIGUSR1, 0, 0, false }, -1 },
	{ "SIGRTMAX", STOPPED(64), { MVX_STOP_SIGNAL, 64, 0, 0, false }, -1 },
};

static void assert_wait(const char *name, struct mvx_wait got,
			const struct mvx_wait *want)
{
	if (got.kind != want->kind || got.sig != want->sig ||
	    got.event != want->event || got.code != want->code ||
	    got.core != want->core)
		fail_msg("%s: got kind %d sig %d event %d code %d core %d, expected kind %d sig %d event %d code %d core %d",
			 name, got.kind, got.sig, got.event, got.code, got.core,
			 want->kind, want->sig, want->event, want->code,
			 want->core);
}

static void test_decode_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mvx_wait w = mvx_wait_decode(cases[i].status);

		assert_wait(cases[i].name, w, &cases[i].want);
		if (cases[i].shell >= 0 &&
		    mvx_wait_shell_status(&w) != cases[i].shell)
			fail_msg("%s: shell status %d, expected %d",
				 cases[i].name, mvx_wait_shell_status(&w),
				 cases[i].shell);
	}
}

/* The table's encoding agrees with the libc macros. */
static void test_table_encoding(void **state)
{
	(void)state;
	assert_true(WIFEXITED(EXITED(3)) && WEXITSTATUS(EXITED(3)) == 3);
	assert_true(WIFSIGNALED(KILLED(SIGSEGV, true)));
	assert_true(WCOREDUMP(KILLED(SIGSEGV, true)));
	assert_int_equal(WTERMSIG(KILLED(SIGSEGV, true)), SIGSEGV);
	assert_true(WIFSTOPPED(STOPPED(SIGSTOP)));
	assert_int_equal(WSTOPSIG(STOPPED(SIGSTOP)), SIGSTOP);
	assert_true(WIFSTOPPED(EVENT_STOP(SIGTRAP, PTRACE_EVENT_EXEC)));
	assert_int_equal(WSTOPSIG(EVENT_STOP(SIGTRAP, PTRACE_EVENT_EXEC)),
			 SIGTRAP);
}

static int wait_child(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void test_real_exit_and_kill(void **state)
{
	struct mvx_wait w;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(42);
	w = mvx_wait_decode(wait_child(pid));
	assert_int_equal(w.kind, MVX_STOP_EXITED);
	assert_int_equal(w.code, 42);
	assert_int_equal(mvx_wait_shell_status(&w), 42);

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		raise(SIGKILL);
		_exit(1);
	}
	w = mvx_wait_decode(wait_child(pid));
	assert_int_equal(w.kind, MVX_STOP_KILLED);
	assert_int_equal(w.sig, SIGKILL);
	assert_false(w.core);
	assert_int_equal(mvx_wait_shell_status(&w), 128 + SIGKILL);
}

/* A traced child: signal stop, syscall stop, exec event, then its exit. */
static void test_real_ptrace_stops(void **state)
{
	char *const argv[] = { "true", NULL };
	struct mvx_wait w;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0)
			_exit(100);
		raise(SIGSTOP);
		execv("/bin/true", argv);
		_exit(101);
	}
	w = mvx_wait_decode(wait_child(pid));
	if (w.kind == MVX_STOP_EXITED)
		fail_msg("the child could not be traced (exit %d)", w.code);
	assert_int_equal(w.kind, MVX_STOP_SIGNAL);
	assert_int_equal(w.sig, SIGSTOP);

	assert_int_equal(ptrace(PTRACE_SETOPTIONS, pid, NULL,
				(void *)(PTRACE_O_TRACESYSGOOD |
					 PTRACE_O_TRACEEXEC |
					 PTRACE_O_EXITKILL)), 0);
	assert_int_equal(ptrace(PTRACE_SYSCALL, pid, NULL, NULL), 0);
	w = mvx_wait_decode(wait_child(pid));
	assert_int_equal(w.kind, MVX_STOP_SYSCALL);

	assert_int_equal(ptrace(PTRACE_CONT, pid, NULL, NULL), 0);
	w = mvx_wait_decode(wait_child(pid));
	assert_int_equal(w.kind, MVX_STOP_EVENT);
	assert_int_equal(w.event, PTRACE_EVENT_EXEC);

	assert_int_equal(ptrace(PTRACE_CONT, pid, NULL, NULL), 0);
	w = mvx_wait_decode(wait_child(pid));
	assert_int_equal(w.kind, MVX_STOP_EXITED);
	assert_int_equal(w.code, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_table),
		cmocka_unit_test(test_table_encoding),
		cmocka_unit_test(test_real_exit_and_kill),
		cmocka_unit_test(test_real_ptrace_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
