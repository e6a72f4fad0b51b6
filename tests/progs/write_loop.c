// SPDX-License-Identifier: GPL-2.0
/* write_loop [N]: N (default 200000) 64-byte writes to stdout. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000;
	char buf[64];

	memset(buf, 'x', sizeof(buf));
	buf[63] = '\n';
	for (long i = 0; i < n; i++)
		if (write(1, buf, sizeof(buf)) != sizeof(buf))
			return 1;
	return 0;
}
