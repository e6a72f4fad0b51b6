// SPDX-License-Identifier: GPL-2.0
/*
 * Looks at files the way compilers and shells do (stat, lstat, readlink,
 * access, lseek, read, pread, getdents64, statx, failed opens) and prints
 * what it saw, for a run under mvx to compare with a native run.  Under mvx
 * the monitor makes most of these calls itself (user/proxy.h), so the
 * cases are the ones where its view could differ from the program's:
 * paths relative to a changed working directory or a directory
 * descriptor, /proc/self and /dev/fd (which name the monitor when the
 * monitor looks), an offset shared with the program's own reads, output
 * buffers that are partly or wholly unwritable, and, when run as root,
 * other credentials (setuid) and another root directory (chroot, by
 * another thread) in a child.  Run in an empty working directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Prints "what: result" where a negative result is an errno name. */
static void say(const char *what, long r)
{
	if (r < 0)
		printf("%s: %s\n", what, strerrorname_np((int)-r));
	else
		printf("%s: %ld\n", what, r);
}

static long ret(long r)
{
	return r < 0 ? -errno : r;
}

static void make_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		exit(2);
	close(fd);
}

static void paths(void)
{
	struct stat st;
	char buf[64];
	long r;
	int dfd;

	make_file("file", "0123456789abcdef");
	if (mkdir("dir", 0755) != 0 || symlink("file", "link") != 0 ||
	    symlink("dir", "dirlink") != 0)
		exit(2);
	make_file("dir/a", "a");
	make_file("dir/b", "bb");
	make_file("dir/c", "ccc");

	r = ret(stat("file", &st));
	say("stat file", r < 0 ? r : st.st_size);
	r = ret(lstat("link", &st));
	say("lstat link is a link", r < 0 ? r : S_ISLNK(st.st_mode));
	r = ret(stat("link", &st));
	say("stat link size", r < 0 ? r : st.st_size);
	r = ret(stat("missing", &st));
	say("stat missing", r);
	r = ret(stat("file/x", &st));
	say("stat file/x", r);
	r = ret(lstat("dirlink/", &st));
	say("lstat dirlink/ is a directory", r < 0 ? r : S_ISDIR(st.st_mode));
	r = ret(syscall(SYS_newfstatat, AT_FDCWD, "file", 0L, 0));
	say("stat into NULL", r);

	r = ret(readlink("link", buf, sizeof(buf)));
	say("readlink link", r);
	printf("readlink text: %.*s\n", r > 0 ? (int)r : 0, buf);
	r = ret(readlink("link", buf, 2));
	say("readlink link into 2 bytes", r);
	r = ret(readlink("dir", buf, sizeof(buf)));
	say("readlink dir", r);
	r = ret(readlink("missing", buf, sizeof(buf)));
	say("readlink missing", r);
	r = ret(syscall(SYS_readlink, "link", 8L, sizeof(buf)));
	say("readlink into an unmapped page", r);

	say("access file R_OK", ret(access("file", R_OK)));
	say("access missing", ret(access("missing", F_OK)));
	say("access bad mode", ret(access("file", 0100)));
	say("faccessat2 link nofollow",
	    ret(syscall(SYS_faccessat2, AT_FDCWD, "link", F_OK,
			AT_SYMLINK_NOFOLLOW)));
	say("open missing", ret(open("missing", O_RDONLY)));
	say("open file/x", ret(open("file/x", O_RDONLY)));

	if (chdir("dir") != 0)
		exit(2);
	r = ret(stat("../file", &st));
	say("stat ../file from dir", r < 0 ? r : st.st_size);
	r = ret(stat("c", &st));
	say("stat c from dir", r < 0 ? r : st.st_size);
	say("open ../missing from dir", ret(open("../missing", O_RDONLY)));
	if (chdir("..") != 0)
		exit(2);

	dfd = open("dir", O_RDONLY | O_DIRECTORY);
	r = ret(fstatat(dfd, "b", &st, 0));
	say("fstatat dir b", r < 0 ? r : st.st_size);
	r = ret(fstatat(dfd, "", &st, AT_EMPTY_PATH));
	say("fstatat dir empty path is a directory",
	    r < 0 ? r : S_ISDIR(st.st_mode));
	r = ret(fstatat(dfd, "nothing", &st, 0));
	say("fstatat dir nothing", r);
	say("openat dir nothing", ret(openat(dfd, "nothing", O_RDONLY)));
	{
		struct statx sx;

		r = ret(statx(dfd, "c", 0, STATX_SIZE, &sx));
		say("statx dir c", r < 0 ? r : (long)sx.stx_size);
	}
	close(dfd);
}

/* The monitor's /proc/self and /dev/fd are not the program's. */
static void self(void)
{
	char buf[256], want[64];
	struct stat a, b;
	long r;

	if (dup2(1, 77) != 77)
		exit(2);
	say("stat /proc/self/fd/77", ret(stat("/proc/self/fd/77", &a)));
	say("access /dev/fd/77", ret(access("/dev/fd/77", W_OK)));
	say("open /proc/self/fd/78", ret(open("/proc/self/fd/78", O_RDONLY)));
	close(77);
	r = ret(readlink("/proc/self", buf, sizeof(buf) - 1));
	buf[r > 0 ? r : 0] = '\0';
	snprintf(want, sizeof(want), "%d", (int)getpid());
	printf("readlink /proc/self is my pid: %d\n", strcmp(buf, want) == 0);
	r = ret(readlink("/proc/self/exe", buf, sizeof(buf) - 1));
	buf[r > 0 ? r : 0] = '\0';
	printf("readlink /proc/self/exe ends in /fileview: %d\n",
	       r > 9 && strcmp(buf + r - 9, "/fileview") == 0);
	snprintf(want, sizeof(want), "/proc/%d", (int)getpid());
	printf("/proc/self is /proc/my-pid: %d\n",
	       stat("/proc/self", &a) == 0 && stat(want, &b) == 0 &&
	       a.st_ino == b.st_ino);
	snprintf(want, sizeof(want), "/proc/self/task/%d", (int)gettid());
	say("stat /proc/self/task/my-tid", ret(stat(want, &a)));
}

struct dent {
	unsigned long long ino;
	long long off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Offsets move for the program as for a read of its own. */
static void offsets(void)
{
	char buf[64], *names[16], *page;
	long r, n = 0, len;
	int fd = open("file", O_RDONLY);

	say("read 3", ret(read(fd, buf, 3)));
	say("offset after it", ret(lseek(fd, 0, SEEK_CUR)));
	say("pread 4 at 10", ret(pread(fd, buf, 4, 10)));
	printf("pread text: %.4s\n", buf);
	say("offset after pread", ret(lseek(fd, 0, SEEK_CUR)));
	say("read 4", ret(read(fd, buf, 4)));
	printf("read text: %.4s\n", buf);
	say("seek to end", ret(lseek(fd, 0, SEEK_END)));
	say("read at end", ret(read(fd, buf, sizeof(buf))));
	say("seek bad whence", ret(lseek(fd, 0, 42)));
	say("seek to -1", ret(lseek(fd, -1, SEEK_SET)));
	/* a buffer whose second page is gone: a short read, and the
	 * offset moves by what was read */
	page = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page + 4096, 4096) != 0)
		exit(2);
	lseek(fd, 0, SEEK_SET);
	say("read across an unmapped page", ret(read(fd, page + 4090, 16)));
	say("offset after it", ret(lseek(fd, 0, SEEK_CUR)));
	say("read into an unmapped page", ret(read(fd, page + 4096, 16)));
	say("offset after it", ret(lseek(fd, 0, SEEK_CUR)));
	close(fd);

	fd = open("dir", O_RDONLY | O_DIRECTORY);
	len = ret(syscall(SYS_getdents64, fd, page, 4096));
	for (long at = 0; at < len && n < 16;) {
		struct dent *d = (struct dent *)(page + at);

		if (strcmp(d->name, ".") != 0 && strcmp(d->name, "..") != 0)
			names[n++] = strdup(d->name);
		at += d->reclen;
	}
	qsort(names, n, sizeof(names[0]), by_name);
	printf("getdents64 dir:");
	for (long i = 0; i < n; i++)
		printf(" %s", names[i]);
	printf("\n");
	r = ret(syscall(SYS_getdents64, fd, page, 4096));
	say("getdents64 again", r);
	close(fd);
}

static void *enter_dir(void *arg)
{
	if (chroot("dir") != 0)
		_exit(2);
	return arg;
}

/* In a child: other credentials or another root than the monitor's. */
static void other_view(void)
{
	struct stat st;
	int status;
	pid_t pid;

	if (geteuid() != 0) {
		printf("not root: credentials and chroot not tried\n");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(2);
		say("as nobody: access file R_OK", ret(access("file", R_OK)));
		say("as nobody: open file", ret(open("file", O_RDONLY)));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	pid = fork();
	if (pid == 0) {
		pthread_t t;

		/* the root changes under a thread that looked at a path */
		say("before chroot: stat /file", ret(stat("/file", &st)));
		if (pthread_create(&t, NULL, enter_dir, NULL) != 0 ||
		    pthread_join(t, NULL) != 0)
			_exit(2);
		say("chrooted: stat /c size",
		    stat("/c", &st) == 0 ? st.st_size : -errno);
		say("chrooted: stat /file", ret(stat("/file", &st)));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

int main(void)
{
	paths();
	self();
	offsets();
	other_view();
	return 0;
}
