// SPDX-License-Identifier: GPL-2.0
/*
 * Makes a 32-bit system call (getpid, number 20 in the i386 table) with
 * `int $0x80` from 64-bit code.  mvx does not support the 32-bit table: it
 * must refuse the call with a message and exit 125, before "after\n".
 */
#include "util.h"

int main(void)
{
	long ret;

	put(1, "before\n");
	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(20L)
		     : "memory", "r8", "r9", "r10", "r11");
	put(1, ret > 0 ? "after\n" : "after (failed)\n");
	return 0;
}
