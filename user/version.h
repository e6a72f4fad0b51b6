/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MVX_VERSION_H
#define MVX_VERSION_H
#define MVX_VERSION "0.1.0"
#endif
