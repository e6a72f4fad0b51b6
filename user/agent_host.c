// SPDX-License-Identifier: GPL-2.0
#include "agent_host.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../agent/agent_abi.h"
#include "../agent/sync_log.h"
#include "dispatch.h"
#include "log.h"
#include "syscall_desc.h"
#include "vset.h"

/* The agent library, next to the mvx executable. */
#define AGENT_FILE "mvx-agent.so"

static int log_fd = -1;		/* every domain's log; -1: no agent */
static char log_path[64];	/* how the variants open it */
static pthread_mutex_t domains_lock = PTHREAD_MUTEX_INITIALIZER;
static int holders[MVX_SYNC_DOMAINS];	/* sets holding each domain */
static bool full_said;
static char *logs;		/* every domain's log as mvx maps it */
static bool logs_tried;		/* mapped once, or failed once */

static bool preload(void)
{
	char exe[PATH_MAX], lib[PATH_MAX + 32], *slash, *value;
	const char *old = getenv("LD_PRELOAD");
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0) {
		mvx_perr("cannot find the mvx executable");
		return false;
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	snprintf(lib, sizeof(lib), "%s/%s", exe, AGENT_FILE);
	if (access(lib, R_OK) != 0) {
		mvx_perr("cannot read the lock-order agent %s (--sync-agent off runs without it)",
			 lib);
		return false;
	}
	if (old && *old) {
		value = malloc(strlen(lib) + strlen(old) + 2);
		if (value)
			sprintf(value, "%s:%s", lib, old);
	} else {
		value = strdup(lib);
	}
	if (!value || setenv("LD_PRELOAD", value, 1) != 0) {
		mvx_perr("cannot set LD_PRELOAD for the lock-order agent");
		free(value);
		return false;
	}
	free(value);
	return true;
}

bool mvx_agent_start(const struct mvx_options *opt)
{
	if (!opt->sync_agent)
		return true;
	log_fd = memfd_create("mvx-lock-order", MFD_CLOEXEC);
	if (log_fd < 0 ||
	    ftruncate(log_fd, (off_t)MVX_SYNC_DOMAINS * MVX_SYNC_DOMAIN_SIZE)) {
		mvx_perr("cannot create the lock-order log");
		return false;
	}
	/* the variants open it through mvx's descriptor */
	snprintf(log_path, sizeof(log_path), "/proc/%d/fd/%d", (int)getpid(),
		 log_fd);
	return preload();
}

bool mvx_agent_call(const struct mvx_vset *vs, int i)
{
	return vs->t[i].call.nr == MVX_AGENT_NR;
}

/* A free domain, cleared, held once; -1 when every one is in use. */
static int take_domain(void)
{
	int d;

	pthread_mutex_lock(&domains_lock);
	for (d = 0; d < MVX_SYNC_DOMAINS && holders[d]; d++)
		;
	if (d < MVX_SYNC_DOMAINS) {
		holders[d] = 1;
		if (fallocate(log_fd, FALLOC_FL_PUNCH_HOLE |
			      FALLOC_FL_KEEP_SIZE,
			      (off_t)d * MVX_SYNC_DOMAIN_SIZE,
			      MVX_SYNC_DOMAIN_SIZE) != 0) {
			mvx_perr("cannot clear a lock-order log");
			holders[d] = 0;
			d = MVX_SYNC_DOMAINS;
		}
	} else if (!full_said) {
		full_said = true;
		mvx_info("%d program images hold a lock-order log: the threads of further ones are not ordered",
			 MVX_SYNC_DOMAINS);
	}
	pthread_mutex_unlock(&domains_lock);
	return d < MVX_SYNC_DOMAINS ? d : -1;
}

/* The first variant to ask takes a domain for the set; the others get the
 * same answer, a refusal included (-1: none was free). */
static long hello(struct mvx_vset *vs, int i)
{
	if (log_fd < 0)
		return -ENOSYS;
	if (!vs->has_domain) {
		vs->domain = take_domain();
		vs->has_domain = true;
	}
	if (vs->domain < 0)
		return -ENOSYS;
	return MVX_AGENT_HELLO_VALUE(i, vs->n, vs->domain);
}

static const char *op_name(long op)
{
	static const char *const names[] = {
		[MVX_SYNC_MUTEX_LOCK] = "pthread_mutex_lock",
		[MVX_SYNC_MUTEX_TRYLOCK] = "pthread_mutex_trylock",
		[MVX_SYNC_MUTEX_TIMEDLOCK] = "a timed pthread_mutex lock",
		[MVX_SYNC_MUTEX_UNLOCK] = "pthread_mutex_unlock",
		[MVX_SYNC_COND_WAIT] = "a condition wait",
		[MVX_SYNC_COND_WOKEN] = "the end of a condition wait",
		[MVX_SYNC_COND_SIGNAL] = "a condition signal",
		[MVX_SYNC_SEM_WAIT] = "sem_wait",
		[MVX_SYNC_SEM_TRYWAIT] = "sem_trywait",
		[MVX_SYNC_SEM_TIMEDWAIT] = "a timed sem_wait",
		[MVX_SYNC_SEM_POST] = "sem_post",
	};

	if (op < 1 || op > MVX_SYNC_OP_LAST)
		return "an unknown operation";
	return names[op];
}

void mvx_agent_answer(struct mvx_vset *vs, int i)
{
	struct mvx_task *t = &vs->t[i];
	unsigned long long args[6] = { (unsigned long long)AT_FDCWD, 0,
				       O_RDWR | O_CLOEXEC };
	long ret = -ENOSYS;

	switch (t->call.args[0]) {
	case MVX_AGENT_HELLO:
		ret = hello(vs, i);
		break;
	case MVX_AGENT_ATTACH:
		if (log_fd < 0 || !vs->has_domain || vs->domain < 0)
			break;
		/* the call becomes the open of the log */
		args[1] = mvx_scratch_push(vs, i, log_path,
					   strlen(log_path) + 1);
		if (!args[1] || !mvx_rewrite_call(vs, i, SYS_openat, args))
			break;
		mvx_note(vs, i, MVX_ACT_UNMATCHED, 0);
		mvx_resume(vs, i);
		return;
	case MVX_AGENT_UNORDERED:
		if (log_fd < 0 || i == 0)
			break;
		if (t->call.args[1] == t->call.args[2])
			mvx_info("variant %d's thread found busy the lock of %s that its leader's got: the lock operations of this program image are no longer ordered",
				 i, op_name((long)t->call.args[1]));
		else
			mvx_info("variant %d's thread made %s where its leader's made %s: the lock operations of this program image are no longer ordered",
				 i, op_name((long)t->call.args[1]),
				 op_name((long)t->call.args[2]));
		ret = 0;
		break;
	default:
		break;
	}
	if (mvx_skip(vs, i, ret))
		mvx_note(vs, i, MVX_ACT_UNMATCHED, ret);
	mvx_resume(vs, i);	/* a task gone meanwhile is reaped as such */
}

void mvx_agent_inherit(struct mvx_vset *child, const struct mvx_vset *parent)
{
	if (!parent->has_domain)
		return;
	if (parent->domain >= 0) {
		pthread_mutex_lock(&domains_lock);
		holders[parent->domain]++;
		pthread_mutex_unlock(&domains_lock);
	}
	child->domain = parent->domain;
	child->has_domain = true;
}

/* Domain d's log as mvx sees it, mapped at the first need; NULL when that
 * failed (said once). */
static struct mvx_sync_domain *domain_log(int d)
{
	char *m;

	pthread_mutex_lock(&domains_lock);
	if (!logs_tried) {
		logs_tried = true;
		m = mmap(NULL, (size_t)MVX_SYNC_DOMAINS * MVX_SYNC_DOMAIN_SIZE,
			 PROT_READ | PROT_WRITE, MAP_SHARED, log_fd, 0);
		if (m == MAP_FAILED)
			mvx_perr("cannot map the lock-order log");
		else
			logs = m;
	}
	m = logs;
	pthread_mutex_unlock(&domains_lock);
	return m ? (struct mvx_sync_domain *)(m + (size_t)d * MVX_SYNC_DOMAIN_SIZE) :
		   NULL;
}

/* The log that orders the set's threads, or NULL when none does. */
static struct mvx_sync_domain *set_log(const struct mvx_vset *vs)
{
	if (log_fd < 0 || !vs->has_domain || vs->domain < 0 || vs->n < 2 ||
	    vs->t[0].tid <= 0)
		return NULL;
	return domain_log(vs->domain);
}

/*
 * The set's thread has ended in every variant (or made a new image): if a
 * follower has yet to make one of its leader's entries, it never will, and
 * every later entry would wait behind it, so the domain stops being ordered.
 */
static void check_left_behind(const struct mvx_vset *vs)
{
	struct mvx_sync_domain *d = set_log(vs);
	enum mvx_sync_op op;
	int v;

	if (!d || !mvx_sync_left_behind(d, vs->n, vs->t[0].tid, &v, &op))
		return;
	mvx_sync_unorder(d);
	mvx_info("variant %d's thread ended where its leader's made %s: the lock operations of this program image are no longer ordered",
		 v, op_name(op));
}

void mvx_agent_release_waiters(const struct mvx_vset *vs)
{
	struct mvx_sync_domain *d = set_log(vs);
	const char *call = mvx_syscall_name((long)vs->t[0].call.nr);

	if (!d)
		return;
	for (int v = 1; v < vs->n; v++) {
		if (vs->t[v].at_entry || vs->t[v].exited ||
		    !mvx_sync_waits_in_vain(d, v, vs->t[0].tid))
			continue;
		mvx_sync_unorder(d);
		mvx_info("variant %d's thread waits for a lock operation that its leader's did not make before its %s: the lock operations of this program image are no longer ordered",
			 v, call ? call : "system call");
		return;
	}
}

void mvx_agent_drop(struct mvx_vset *vs)
{
	if (!vs->has_domain)
		return;
	check_left_behind(vs);
	if (vs->domain >= 0) {
		pthread_mutex_lock(&domains_lock);
		holders[vs->domain]--;
		pthread_mutex_unlock(&domains_lock);
	}
	vs->has_domain = false;
}
