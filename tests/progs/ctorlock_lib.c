// SPDX-License-Identifier: GPL-2.0
/*
 * libctorlock.so: a library whose constructor takes a mutex, as LLVM's do.
 * The loader runs it before the constructors of preloaded libraries, so
 * the lock-order agent's wrapper is reached before the agent's own
 * constructor has run.
 */
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int ctorlock_ran;

__attribute__((constructor)) static void take(void)
{
	pthread_mutex_lock(&m);
	ctorlock_ran = 1;
	pthread_mutex_unlock(&m);
}
