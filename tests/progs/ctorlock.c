// SPDX-License-Identifier: GPL-2.0
/*
 * ctorlock: linked with libctorlock.so, whose constructor takes a mutex
 * before the lock-order agent's constructor runs; says whether it ran.
 */
#include "util.h"

extern int ctorlock_ran;

int main(void)
{
	put(1, ctorlock_ran ? "constructor ran\n" : "no constructor\n");
	return 0;
}
