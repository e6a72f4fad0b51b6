/* SPDX-License-Identifier: GPL-2.0 */
/* The sys_enter tracepoint hook that runs the lockstep of registered tasks. */
#ifndef MVX_HOOK_H
#define MVX_HOOK_H

/* Finds the sys_enter tracepoint and attaches the probe: 0 or -errno. */
int mvx_hook_init(void);

/* Detaches the probe; on return no probe runs any more. */
void mvx_hook_exit(void);

#endif /* MVX_HOOK_H */
