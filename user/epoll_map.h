/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each variant registered as epoll_event.data, so that the events the
 * leader's epoll_wait returns carry each follower's own data.  The data is
 * the program's: often a pointer (layout-dependent), or a descriptor number
 * in the low half with whatever the stack held in the high half.  epoll_ctl
 * runs in the leader only (the followers' descriptors are placeholders), so
 * the follower's value is kept here, by the leader's process, epoll
 * descriptor and target descriptor.
 */
#ifndef MVX_EPOLL_MAP_H
#define MVX_EPOLL_MAP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Registrations kept at most, over all processes. */
#define MVX_EPOLL_MAP_MAX 65536

/*
 * Records that 'data[0..n-1]' (n variants) were registered for 'tfd' in
 * epoll descriptor 'epfd' of the leader's process 'tgid' (EPOLL_CTL_ADD or
 * MOD), replacing an earlier registration of the same target.  False when
 * MVX_EPOLL_MAP_MAX registrations are kept already or memory ran out.
 */
bool mvx_epoll_map_set(pid_t tgid, int epfd, int tfd, const uint64_t *data,
		       int n);

/* Forgets the registration of 'tfd' in 'epfd' of 'tgid' (EPOLL_CTL_DEL). */
void mvx_epoll_map_del(pid_t tgid, int epfd, int tfd);

/*
 * Variant v's data for an event the leader's epoll_wait on 'epfd' of 'tgid'
 * returned with data 'lead'; 'lead' itself when no registration has it.
 */
uint64_t mvx_epoll_map_get(pid_t tgid, int epfd, uint64_t lead, int v);

/* Forgets every registration (tests, the end of a run). */
void mvx_epoll_map_clear(void);

#endif
