/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MVX_CMD_KMOD_H
#define MVX_CMD_KMOD_H

/*
 * `mvx kmod SUBCOMMAND`, with argv[0] = "kmod".  `status` prints whether
 * the module is loaded, its protocol version and every set's counters, and
 * returns 0 when it is loaded, 1 when not (or on failure, said once with
 * "mvx: "); a usage error returns 2.
 */
int mvx_cmd_kmod(int argc, char **argv);

#endif /* MVX_CMD_KMOD_H */
