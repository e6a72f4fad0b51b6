/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C library's malloc arenas, made to cost the same system calls in
 * every variant (malloc_arenas.c).
 */
#ifndef MVX_MALLOC_ARENAS_H
#define MVX_MALLOC_ARENAS_H

/*
 * Called before a thread is created: while the process still has one
 * thread, fixes malloc's arena limit at the value the C library would
 * compute later, in whichever thread got there first.  Keeps errno.
 */
void mvx_fix_arena_limit(void);

#endif
