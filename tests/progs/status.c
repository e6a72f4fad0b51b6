// SPDX-License-Identifier: GPL-2.0
/*
 * status exit N | status segv: writes "before\n", then exits with status N
 * or dies of SIGSEGV (a native shell reports 139), so that mvx's exit
 * status can be compared with a native run.
 */
#include <stdlib.h>
#include <string.h>
#include "util.h"

int main(int argc, char **argv)
{
	put(1, "before\n");
	if (argc > 2 && strcmp(argv[1], "exit") == 0)
		return atoi(argv[2]);
	if (argc > 1 && strcmp(argv[1], "segv") == 0)
		*(volatile int *)(uintptr_t)argc = 0;
	return 100;
}
