// SPDX-License-Identifier: GPL-2.0
/*
 * Registers pipes with epoll with data.ptr pointing at heap and stack
 * structures, whose addresses differ between variants, then reads what
 * epoll_wait reports through those pointers: a follower that got the
 * leader's pointers would read another variant's addresses.  Then a
 * registration is changed (EPOLL_CTL_MOD), another removed (DEL, with an
 * event left uninitialised as some programs leave it), and it waits again.
 */
#include <stdlib.h>
#include <sys/epoll.h>
#include "util.h"

struct source {
	int fd;
	char name[8];
};

/* Waits for 'want' events and prints "NAME: BYTE" for each, in the
 * order of the pipes' names. */
static int report(int ep, int want)
{
	struct epoll_event ev[4];
	const char *line[2] = { NULL, NULL };
	char text[2][16];
	int n = epoll_wait(ep, ev, 4, 5000);

	if (n != want)
		return 1;
	for (int e = 0; e < n; e++) {
		struct source *s = ev[e].data.ptr;
		char c;

		if (read(s->fd, &c, 1) != 1)
			return 2;
		text[e][0] = s->name[0];
		text[e][1] = ':';
		text[e][2] = ' ';
		text[e][3] = c;
		text[e][4] = '\n';
		text[e][5] = '\0';
		line[e] = text[e];
	}
	if (n == 2 && line[0][0] > line[1][0]) {
		const char *t = line[0];

		line[0] = line[1];
		line[1] = t;
	}
	for (int e = 0; e < n; e++)
		put(1, line[e]);
	return 0;
}

int main(void)
{
	struct source *heap = malloc(2 * sizeof(*heap));
	struct source onstack = { .name = "c" };
	struct epoll_event ev, junk;
	int p[2][2], ep, rc;

	if (!heap || pipe(p[0]) || pipe(p[1]))
		return 3;
	ep = epoll_create1(0);
	if (ep < 0)
		return 4;
	for (int k = 0; k < 2; k++) {
		heap[k].fd = p[k][0];
		heap[k].name[0] = "ab"[k];
		heap[k].name[1] = '\0';
		ev.events = EPOLLIN;
		ev.data.ptr = &heap[k];
		if (epoll_ctl(ep, EPOLL_CTL_ADD, p[k][0], &ev))
			return 5;
	}
	if (write(p[0][1], "1", 1) != 1 || write(p[1][1], "2", 1) != 1)
		return 6;
	rc = report(ep, 2);
	if (rc)
		return 10 + rc;
	/* pipe b now reports through a structure on the stack */
	onstack.fd = p[1][0];
	ev.events = EPOLLIN;
	ev.data.ptr = &onstack;
	if (epoll_ctl(ep, EPOLL_CTL_MOD, p[1][0], &ev))
		return 7;
	/* the kernel does not read a DEL's event: left as the stack had it */
	if (epoll_ctl(ep, EPOLL_CTL_DEL, p[0][0], &junk))
		return 8;
	if (write(p[0][1], "3", 1) != 1 || write(p[1][1], "4", 1) != 1)
		return 9;
	rc = report(ep, 1);
	if (rc)
		return 20 + rc;
	free(heap);
	return 0;
}
