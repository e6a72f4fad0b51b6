// SPDX-License-Identifier: GPL-2.0
/*
 * sleeper [MARKER]: sleeps in a loop forever (100 ms at a time), for the
 * teardown tests that kill mvx and then look for surviving variants by the
 * marker in their command line.
 */
#include <time.h>
#include "util.h"

int main(void)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };

	put(1, "sleeping\n");
	for (;;)
		nanosleep(&ts, NULL);
}
