// SPDX-License-Identifier: GPL-2.0
/*
 * Reads the time-stamp counter with rdtsc and rdtscp and writes the values:
 * under mvx every variant must read the leader's values (rdtsc is trapped),
 * so the writes match and the values appear once.
 */
#include <stdint.h>
#include <x86intrin.h>

#include "util.h"

int main(void)
{
	char buf[24];
	unsigned int aux;
	uint64_t a = __rdtsc();
	uint64_t b = __rdtscp(&aux);

	put(1, "rdtsc ");
	put(1, fmt_hex(buf, a));
	put(1, "rdtscp ");
	put(1, fmt_hex(buf, b));
	return b >= a ? 0 : 1;
}
