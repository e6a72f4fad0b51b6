/* SPDX-License-Identifier: GPL-2.0 */
/* Messages from mvx itself: every one starts with "mvx: " and is said once. */
#ifndef MVX_LOG_H
#define MVX_LOG_H

#include <stdbool.h>

/* Verbosity set by -v; read by the human-readable trace. */
extern int mvx_verbose;

/* Prints "mvx: " followed by the formatted message and a newline to stderr. */
void mvx_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Like mvx_err, then appends ": " and strerror(errno) of the saved errno. */
void mvx_perr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints with the "mvx: " prefix only when -v was given. */
void mvx_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
