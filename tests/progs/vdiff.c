// SPDX-License-Identifier: GPL-2.0
/*
 * Built twice, with -DVARIANT=1 and -DVARIANT=2: the two builds make the
 * same calls up to the second write, whose content differs.  Run as the two
 * --variant executables, mvx must exit 125 with only "common\n" on stdout.
 */
#include "util.h"

#ifndef VARIANT
#error "build with -DVARIANT=1 or -DVARIANT=2"
#endif

int main(void)
{
	put(1, "common\n");
#if VARIANT == 1
	put(1, "variant one\n");
#else
	put(1, "variant two\n");
#endif
	put(1, "end\n");
	return 0;
}
