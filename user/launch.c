// SPDX-License-Identifier: GPL-2.0
#include "launch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "accel.h"
#include "dispatch.h"
#include "elf_check.h"
#include "log.h"
#include "wait_route.h"

extern char **environ;

/* The signals mvx was started with ignored (bit S for signal S). */
static uint64_t ignored_at_start;

void mvx_launch_note_ignored(void)
{
	for (int sig = 1; sig < 64; sig++) {
		struct sigaction sa;

		if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			ignored_at_start |= 1ULL << sig;
	}
}

/* In the child before execve: what mvx set up for itself (forwarding
 * handlers, an ignored SIGPIPE) is undone; the program starts with the
 * dispositions mvx was started with, as natively. */
static void restore_dispositions(void)
{
	for (int sig = 1; sig < 64; sig++) {
		struct sigaction sa;

		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = ignored_at_start & (1ULL << sig) ? SIG_IGN :
								     SIG_DFL;
		sigemptyset(&sa.sa_mask);
		sigaction(sig, &sa, NULL);
	}
}

static int check_file(const char *shown, const char *path)
{
	char why[160];
	struct stat st;
	bool foreign;
	int fd;

	if (stat(path, &st) != 0) {
		mvx_err("%s: %s", shown, strerror(errno));
		return errno == ENOENT || errno == ENOTDIR ? 127 : 126;
	}
	if (S_ISDIR(st.st_mode)) {
		mvx_err("%s: is a directory", shown);
		return 126;
	}
	if (access(path, X_OK) != 0) {
		mvx_err("%s: not executable: %s", shown, strerror(errno));
		return 126;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;	/* execute-only: the kernel will judge */
	foreign = mvx_elf_foreign(fd, why, sizeof(why));
	close(fd);
	if (foreign) {
		mvx_err("%s: %s", shown, why);
		return 126;
	}
	return 0;
}

int mvx_resolve_program(const char *prog, char *out, size_t len)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;

	if (strchr(prog, '/')) {
		snprintf(out, len, "%s", prog);
		return check_file(prog, out);
	}
	copy = strdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
	if (!copy) {
		mvx_err("out of memory");
		return 126;
	}
	for (dir = strtok_r(copy, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save)) {
		struct stat st;

		snprintf(out, len, "%s/%s", *dir ? dir : ".", prog);
		if (stat(out, &st) == 0 && !S_ISDIR(st.st_mode) &&
		    access(out, X_OK) == 0) {
			free(copy);
			return check_file(prog, out);
		}
	}
	free(copy);
	mvx_err("%s: command not found", prog);
	return 127;
}

static void child(const char *path, char *const argv[],
		  const struct mvx_nrset *allow)
{
	restore_dispositions();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0) {
		mvx_perr("cannot be traced");
		_exit(125);
	}
	raise(SIGSTOP);
	if (prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0) != 0) {
		mvx_perr("cannot trap rdtsc (PR_SET_TSC)");
		_exit(125);
	}
	/* tells the monitor whether the machine traps it (rdtsc.h) */
	asm volatile("rdtsc" : : : "rax", "rdx");
	if (!mvx_seccomp_install(allow)) {
		mvx_perr("cannot install the seccomp filter");
		_exit(125);
	}
	execve(path, argv, environ);
	/* the monitor saw this execve fail in every variant alike */
	_exit(errno == ENOENT ? 127 : 126);
}

bool mvx_launch(struct mvx_vset *vs, char *const paths[], char *const argv[],
		const struct mvx_nrset *allow)
{
	long opts = MVX_PTRACE_OPTIONS;

	for (int i = 0; i < vs->n; i++) {
		struct mvx_task *t = &vs->t[i];
		int status;
		pid_t pid;

		fflush(NULL);
		pid = fork();
		if (pid < 0) {
			mvx_perr("cannot start variant %d", i);
			return false;
		}
		if (pid == 0)
			child(paths[i], argv, allow);
		t->tid = pid;
		t->tgid = pid;
		t->variant = i;
		if (mvx_wait_one(pid, &status) != pid ||
		    !WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP) {
			mvx_err("variant %d did not stop for the monitor", i);
			t->exited = !WIFSTOPPED(status);
			return false;
		}
		if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)opts) != 0) {
			mvx_perr("cannot set ptrace options on variant %d", i);
			return false;
		}
		if (!mvx_accel_add_task(vs, i, pid)) {
			mvx_err("cannot register variant %d with the kernel module",
				i);
			return false;
		}
		if (ptrace(PTRACE_CONT, pid, NULL, NULL) != 0) {
			mvx_perr("cannot start variant %d", i);
			return false;
		}
	}
	return true;
}
