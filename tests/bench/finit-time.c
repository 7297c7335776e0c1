// SPDX-License-Identifier: GPL-2.0
/*
 * finit-time.so: an LD_PRELOAD shim for the benchmark's `real` workload.
 * kmod's modprobe loads each module with syscall(SYS_finit_module, ...);
 * this wraps libc's syscall() and, for finit_module only, writes
 * "finit RET NS FILE" (the result, the thread's CPU time spent in the
 * call, the module file) to the file descriptor named by MVB_FINIT_FD, so the loader's own share
 * of a modprobe run is known apart from modprobe's user-space work.
 * Any other system call passes straight through.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

typedef long (*syscall_fn)(long, ...);

static unsigned long long thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

long syscall(long nr, ...)
{
	static syscall_fn real;
	unsigned long long before, after;
	const char *fd_env;
	long a[6], ret;
	char line[PATH_MAX + 64], path[PATH_MAX], fdpath[64];
	ssize_t plen;
	va_list ap;
	int i, err, len;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (!real)
		real = (syscall_fn)dlsym(RTLD_NEXT, "syscall");
	if (nr != SYS_finit_module)
		return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%ld", a[0]);
	plen = readlink(fdpath, path, sizeof(path) - 1);
	path[plen > 0 ? plen : 0] = '\0';
	before = thread_cpu_ns();
	ret = real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	after = thread_cpu_ns();
	err = errno;
	fd_env = getenv("MVB_FINIT_FD");
	if (fd_env) {
		len = snprintf(line, sizeof(line), "finit %d %llu %s\n",
			       ret ? -err : 0, after - before, path);
		if (write(atoi(fd_env), line, len) != len)
			abort();	/* a lost sample would skew the sum */
	}
	errno = err;
	return ret;
}
