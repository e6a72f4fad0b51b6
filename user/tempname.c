// SPDX-License-Identifier: GPL-2.0
#include "tempname.h"

#include <ctype.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>

#include "vset.h"

#define RANDOM_RUN 6	/* the XXXXXX of a template */

/* The index of the path argument of a call that creates a new name. */
static int creating_path(const struct mvx_call *c)
{
	switch (c->nr) {
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

/* a and b differ only inside one run of RANDOM_RUN letters and digits. */
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

bool mvx_tempname_unify(struct mvx_vset *vs, const struct mvx_diff *diff)
{
	static __thread char lead[MVX_MAX_PATH], mine[MVX_MAX_PATH];
	const struct mvx_call *c0 = &vs->t[0].call;
	int a = creating_path(c0);
	long len;

	if (a < 0 || diff->arg != a)
		return false;
	len = mvx_read_str(&c0->mem, c0->args[a], lead, sizeof(lead));
	if (len < 0)
		return false;
	for (int i = 1; i < vs->n; i++) {
		const struct mvx_call *ci = &vs->t[i].call;

		if (ci->nr != c0->nr || creating_path(ci) != a ||
		    mvx_read_str(&ci->mem, ci->args[a], mine, sizeof(mine)) !=
		    len ||
		    (memcmp(lead, mine, len) &&
		     !only_random_run(lead, mine, len)))
			return false;
	}
	for (int i = 1; i < vs->n; i++)
		if (mvx_mem_write(vs->t[i].tid, vs->t[i].call.args[a], lead,
				  len + 1) != (size_t)len + 1)
			return false;
	return true;
}
