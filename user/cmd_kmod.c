// SPDX-License-Identifier: GPL-2.0
/*
 * `mvx kmod status`: whether the kernel module is loaded, its protocol
 * version and the live counters of every variant set.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cmd_kmod.h"
#include "kmod_client.h"

static void mvx_kmod_print_set(const struct mvx_kmod_counters *c, void *arg)
{
	const struct mvx_kmod_variant *v;
	unsigned int i;

	(*(unsigned int *)arg)++;
	printf("set %u: %u variants, window %u, %s, %llu calls approved, %llu holds, %llu stalls\n",
	       c->set_id, c->nvariants, c->window,
	       mvx_kmod_state_name(c->state),
	       (unsigned long long)c->passed, (unsigned long long)c->holds,
	       (unsigned long long)c->stalls);
	for (i = 0; i < c->nvariants; i++) {
		v = &c->v[i];
		printf("  variant %u: ", i);
		if (v->state == MVX_VARIANT_EMPTY) {
			printf("not registered yet\n");
			continue;
		}
		printf("tid %d, next call %llu", (int)v->pid,
		       (unsigned long long)v->next);
		if (v->state == MVX_VARIANT_DETACHED)
			printf(", detached");
		if (v->held_nr >= 0)
			printf(", held in system call %d", v->held_nr);
		printf("\n");
	}
	if (c->diverged)
		printf("  divergence at call %llu: variant %u (system call %d) vs variant %u (system call %d)%s\n",
		       (unsigned long long)c->div.index, c->div.variant,
		       c->div.nr, c->div.other, c->div.other_nr,
		       c->div.arg >= 0 ? ", an argument differs" : "");
}

static int mvx_kmod_status(void)
{
	struct mvx_kmod *k;
	unsigned int nsets = 0;
	int err;

	err = mvx_kmod_open(&k);
	if (err == MVX_KMOD_ABSENT) {
		printf("kernel module: not loaded (no generic netlink family \"%s\")\n",
		       MVX_GENL_NAME);
		return 1;
	}
	if (err)
		return 1;
	printf("kernel module: loaded, protocol version %u\n",
	       mvx_kmod_version(k));
	mvx_kmod_set_quiet(k, true);
	err = mvx_kmod_set_list(k, mvx_kmod_print_set, &nsets);
	mvx_kmod_close(k);
	if (err == -EPERM) {
		printf("variant sets: reading them needs CAP_SYS_PTRACE\n");
		return 0;
	}
	if (err) {
		fprintf(stderr, "mvx: cannot read the kernel module's sets: %s\n",
			strerror(-err));
		return 1;
	}
	if (!nsets)
		printf("variant sets: none\n");
	return 0;
}

int mvx_cmd_kmod(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "status"))
		return mvx_kmod_status();
	fprintf(stderr, "mvx: usage: mvx kmod status\n");
	return 2;
}
