// SPDX-License-Identifier: GPL-2.0
/*
 * approved [N]: N (default 1000) getuid calls, which the kernel module
 * approves, then "done N" on stdout.  Built twice as approved_v1 and
 * approved_v2 for --variant runs: with -DVARIANT=2, call 500 is getgid
 * instead (a divergence in a kernel-approved call), and with the argument
 * "extra" variant 2 makes one more getuid before its write (an extra
 * kernel-approved call, found at the monitor's next stop).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#ifndef VARIANT
#define VARIANT 1
#endif

int main(int argc, char **argv)
{
	int extra = argc > 1 && !strcmp(argv[1], "extra");
	long n = argc > 1 && !extra ? atol(argv[1]) : 1000;
	char buf[24];

	for (long i = 0; i < n; i++) {
		if (VARIANT == 2 && !extra && i == 500)
			syscall(SYS_getgid);
		else
			syscall(SYS_getuid);
	}
	if (VARIANT == 2 && extra)
		syscall(SYS_getuid);
	put(1, "done ");
	put(1, fmt_dec(buf, n));
	put(1, "\n");
	return 0;
}
