// SPDX-License-Identifier: GPL-2.0
#include "tempname.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "vset.h"

/* The XXXXXX of a template, or the decimal address of an object. */
#define RANDOM_RUN 20
/* Names remembered per set: the most recent ones. */
#define KEPT 16

struct mvx_tempnames {
	struct {
		char *lead, *mine[MVX_MAX_VARIANTS];
	} name[KEPT];
	unsigned int next;
};

/*
 * The index of the path argument of a call that creates a new name: an
 * exclusive open, a directory, a link (coreutils' `ln -f` and `cp
 * --remove-destination` make it under a temporary name first, then rename
 * it over the old one), a node.
 */
static int creating_path(const struct mvx_call *c)
{
	switch (c->nr) {
	case SYS_link:
	case SYS_symlink:
		return 1;
	case SYS_symlinkat:
		return 2;
	case SYS_linkat:
		return 3;
	case SYS_mknod:
		return 0;
	case SYS_mknodat:
		return 1;
	case SYS_open:
		return (c->args[1] & (O_CREAT | O_EXCL)) ==
		       (O_CREAT | O_EXCL) ? 0 : -1;
	case SYS_openat:
		return (c->args[2] & (O_CREAT | O_EXCL)) ==
		       (O_CREAT | O_EXCL) ? 1 : -1;
	case SYS_mkdir:
		return 0;
	case SYS_mkdirat:
		return 1;
	default:
		return -1;
	}
}

/* a and b differ only in letters and digits within RANDOM_RUN of them. */
static bool only_random_run(const char *a, const char *b, size_t len)
{
	size_t first = len, last = 0;

	for (size_t k = 0; k < len; k++) {
		if (a[k] == b[k])
			continue;
		if (!isalnum((unsigned char)a[k]) ||
		    !isalnum((unsigned char)b[k]))
			return false;
		if (first == len)
			first = k;
		last = k;
	}
	return first < len && last - first < RANDOM_RUN;
}

static void remember(struct mvx_vset *vs, const char *lead,
		     char mine[][MVX_MAX_PATH])
{
	struct mvx_tempnames *t = vs->tempnames;
	unsigned int k;

	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t)
			return;	/* a later call with the name diverges */
		vs->tempnames = t;
	}
	k = t->next++ % KEPT;
	free(t->name[k].lead);
	t->name[k].lead = strdup(lead);
	for (int i = 1; i < vs->n; i++) {
		free(t->name[k].mine[i]);
		t->name[k].mine[i] = strdup(mine[i]);
	}
}

/* Whether 'path' is 'name' or a path under it ("name/..."). */
static bool under(const char *path, const char *name, size_t len)
{
	return !strncmp(path, name, len) &&
	       (path[len] == '\0' || path[len] == '/');
}

/* Whether every follower's path is a name given before, or a path in the
 * directory so named, where the leader's is the same path under that
 * name's leader's. */
static bool given_before(const struct mvx_vset *vs, const char *lead,
			 char mine[][MVX_MAX_PATH])
{
	const struct mvx_tempnames *t = vs->tempnames;

	for (unsigned int k = 0; t && k < KEPT; k++) {
		size_t len = t->name[k].lead ? strlen(t->name[k].lead) : 0;
		bool all = len && under(lead, t->name[k].lead, len);

		for (int i = 1; all && i < vs->n; i++)
			all = t->name[k].mine[i] &&
			      under(mine[i], t->name[k].mine[i], len) &&
			      !strcmp(mine[i] + len, lead + len);
		if (all)
			return true;
	}
	return false;
}

/* unify() with the names read: lead and mine[i] for each follower i. */
static bool unify(struct mvx_vset *vs, int a, char *lead,
		  char mine[][MVX_MAX_PATH])
{
	const struct mvx_call *c0 = &vs->t[0].call;
	bool creating = creating_path(c0) == a;
	long len;

	len = mvx_read_str(&c0->mem, c0->args[a], lead, MVX_MAX_PATH);
	if (len < 0)
		return false;
	for (int i = 1; i < vs->n; i++) {
		const struct mvx_call *ci = &vs->t[i].call;

		if (ci->nr != c0->nr ||
		    mvx_read_str(&ci->mem, ci->args[a], mine[i],
				 MVX_MAX_PATH) != len ||
		    (creating && memcmp(lead, mine[i], len) &&
		     !only_random_run(lead, mine[i], len)))
			return false;
	}
	if (!creating && !given_before(vs, lead, mine))
		return false;
	for (int i = 1; i < vs->n; i++)
		if (mvx_mem_write(vs->t[i].tid, vs->t[i].call.args[a], lead,
				  len + 1) != (size_t)len + 1)
			return false;
	if (creating)
		remember(vs, lead, mine);
	return true;
}

bool mvx_tempname_unify(struct mvx_vset *vs, const struct mvx_diff *diff)
{
	const struct mvx_call *c0 = &vs->t[0].call;
	char (*names)[MVX_MAX_PATH];
	int a = diff->arg;
	bool done;

	if (a < 0 || a >= MVX_MAX_ARGS || !c0->desc ||
	    c0->desc->args[a].kind != MVX_ARG_PATH)
		return false;
	/* names[0] is the leader's; on the heap: a monitor thread's stack
	 * and thread-local storage stay small (a fork bomb has thousands) */
	names = malloc((size_t)vs->n * MVX_MAX_PATH);
	if (!names)
		return false;
	done = unify(vs, a, names[0], names);
	free(names);
	return done;
}

void mvx_tempname_forget(struct mvx_vset *vs)
{
	struct mvx_tempnames *t = vs->tempnames;

	if (!t)
		return;
	for (unsigned int k = 0; k < KEPT; k++) {
		free(t->name[k].lead);
		for (int i = 1; i < vs->n; i++)
			free(t->name[k].mine[i]);
	}
	free(t);
	vs->tempnames = NULL;
}
