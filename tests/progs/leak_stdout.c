// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the address of a local variable to stdout, as a leaked pointer
 * would.  With address-space randomisation every variant has its own stack
 * address, so under mvx the second write diverges: mvx must exit 125 and
 * only "before\n" may reach stdout.  Extra arguments are ignored (the tests
 * pass a unique marker to find stray processes).
 */
#include "util.h"

int main(void)
{
	char buf[24];
	int local = 0;

	put(1, "before\n");
	put(1, fmt_hex(buf, (uintptr_t)&local));
	put(1, "after\n");
	return local;
}
