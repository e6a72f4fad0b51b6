// SPDX-License-Identifier: GPL-2.0
/*
 * Built twice (-DVARIANT=1, 2) as --variant executables: after a first
 * write, the first build faults (SIGSEGV) and the second sleeps in a futex
 * wait that nothing ends, as a follower waiting for a lock of its own while
 * its leader crashes.  mvx must report the fault in one variant only as a
 * divergence and end the run, not wait for the sleeper.
 *
 *   vcrash MARKER   (the marker only names the processes)
 */
#include <linux/futex.h>
#include <sys/syscall.h>

#include "util.h"

/* volatile: the compiler cannot turn the store into a trap instruction */
static int *volatile null_ptr;

int main(void)
{
	put(1, "start\n");
#if VARIANT == 1
	*null_ptr = 1;
#else
	{
		static int word;

		syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL);
	}
#endif
	put(1, "not reached\n");
	return 0;
}
