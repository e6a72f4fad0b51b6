// SPDX-License-Identifier: GPL-2.0
/*
 * Reads the time-stamp counter with rdtsc and rdtscp and writes the values:
 * under mvx every variant must read the leader's values (rdtsc is trapped),
 * so the writes match and the values appear once.
 *
 * `rdtsc probe` asks the kernel to trap rdtsc (PR_SET_TSC) and reads the
 * counter: it is killed by SIGSEGV where the machine traps it, and exits 0
 * where the request has no effect (some hypervisors ignore CR4.TSD).
 *
 * `rdtsc many` reads it 20000 times in a loop without a system call, more
 * than a variant may run ahead of another, and writes whether each value
 * was at least the one before ("grew") and their sum.  Built with
 * -DVARIANT=1 (vrdtsc1) it reads it 10 times only, with -DVARIANT=2
 * (vrdtsc2) 20000 times: side by side, a divergence.
 */
#include <stdint.h>
#include <sys/prctl.h>
#include <x86intrin.h>

#include "util.h"

#if defined(VARIANT) && VARIANT == 1
#define MANY 10
#else
#define MANY 20000
#endif

int main(int argc, char **argv)
{
	char buf[24];
	unsigned int aux;
	uint64_t a;

	if (argc > 1 && strcmp(argv[1], "probe") == 0) {
		if (prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0) != 0)
			return 2;
		a = __rdtsc();
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "many") == 0) {
		uint64_t sum = 0, prev = 0;
		int grew = 1;

		for (int k = 0; k < MANY; k++) {
			a = __rdtsc();
			grew &= a >= prev;
			prev = a;
			sum += a;
		}
		put(1, grew ? "grew " : "went back ");
		put(1, fmt_hex(buf, sum));
		return 0;
	}
	a = __rdtsc();
	uint64_t b = __rdtscp(&aux);

	put(1, "rdtsc ");
	put(1, fmt_hex(buf, a));
	put(1, "rdtscp ");
	put(1, fmt_hex(buf, b));
	return b >= a ? 0 : 1;
}
