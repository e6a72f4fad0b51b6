// SPDX-License-Identifier: GPL-2.0
/*
 * same [FILE]: a computation whose result does not depend on how it was
 * compiled.  Built at -O0, -O2 and -Os and run as --variant executables,
 * the builds make identical system calls: mvx must print the output once,
 * write FILE once and exit 0, exactly as a native run.
 */
#include <fcntl.h>
#include "util.h"

/* The number of primes below n, by a plain sieve. */
static long count_primes(int n)
{
	static unsigned char composite[200000];
	long count = 0;

	for (long i = 2; i < n; i++) {
		if (composite[i])
			continue;
		count++;
		for (long j = i * i; j < n; j += i)
			composite[j] = 1;
	}
	return count;
}

int main(int argc, char **argv)
{
	char buf[24];
	unsigned long h = 5381;

	for (int i = 0; i < 100000; i++)
		h = h * 33 + (unsigned long)i;
	put(1, "primes below 200000: ");
	put(1, fmt_dec(buf, count_primes(200000)));
	put(1, "\nhash: ");
	put(1, fmt_hex(buf, h));
	if (argc > 1) {
		int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0)
			return 3;
		put(fd, fmt_hex(buf, h));
		close(fd);
	}
	return 0;
}
