// SPDX-License-Identifier: GPL-2.0
#include "self_files.h"

#include <pthread.h>
#include <string.h>

struct self_fd {
	pid_t tgid;
	int fd;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct self_fd fds[MVX_SELF_FILES_MAX];
static int nfds;		/* written under the lock, read without it
				 * only to skip the lock when it is 0 */

bool mvx_self_path(const char *path)
{
	static const char *const layout[] = {
		"maps", "smaps", "smaps_rollup", "numa_maps",
	};
	const char *name;

	if (!strncmp(path, "/proc/self/", 11))
		name = path + 11;
	else if (!strncmp(path, "/proc/thread-self/", 18))
		name = path + 18;
	else
		return false;
	for (size_t k = 0; k < sizeof(layout) / sizeof(layout[0]); k++)
		if (!strcmp(name, layout[k]))
			return true;
	return false;
}

static int find(pid_t tgid, int fd)
{
	for (int k = 0; k < nfds; k++)
		if (fds[k].tgid == tgid && fds[k].fd == fd)
			return k;
	return -1;
}

void mvx_self_file_add(pid_t tgid, int fd)
{
	pthread_mutex_lock(&lock);
	if (find(tgid, fd) < 0 && nfds < MVX_SELF_FILES_MAX) {
		fds[nfds].tgid = tgid;
		fds[nfds].fd = fd;
		__atomic_store_n(&nfds, nfds + 1, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&lock);
}

bool mvx_self_file(pid_t tgid, int fd)
{
	bool found;

	/* every read the monitor dispatches asks: most runs keep none */
	if (!__atomic_load_n(&nfds, __ATOMIC_RELAXED))
		return false;
	pthread_mutex_lock(&lock);
	found = find(tgid, fd) >= 0;
	pthread_mutex_unlock(&lock);
	return found;
}

void mvx_self_file_del(pid_t tgid, int fd)
{
	int k;

	pthread_mutex_lock(&lock);
	k = find(tgid, fd);
	if (k >= 0) {
		fds[k] = fds[nfds - 1];
		__atomic_store_n(&nfds, nfds - 1, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&lock);
}

void mvx_self_files_forget(pid_t tgid)
{
	pthread_mutex_lock(&lock);
	for (int k = 0; k < nfds;) {
		if (fds[k].tgid == tgid) {
			fds[k] = fds[nfds - 1];
			__atomic_store_n(&nfds, nfds - 1, __ATOMIC_RELAXED);
		} else
			k++;
	}
	pthread_mutex_unlock(&lock);
}
