// SPDX-License-Identifier: GPL-2.0
/*
 * loadbench FILE NAME CYCLES: load the module FILE with finit_module(2) and
 * unload it (delete_module(2) of NAME), CYCLES times; print the loading
 * thread's CPU time of each finit_module in ns, one per line.
 *
 * CPU time, not wall time: under QEMU -icount the guest's CPU clock counts
 * instructions, and the loader's sleeps (synchronize_rcu on a 4 ms tick)
 * would otherwise drown the cost of the probes.  Built static, for the guest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static unsigned long long thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	unsigned long long before, after;
	int cycles, i, fd;

	if (argc != 4 || (cycles = atoi(argv[3])) <= 0) {
		fprintf(stderr, "usage: loadbench FILE NAME CYCLES\n");
		return 2;
	}
	for (i = 0; i < cycles; i++) {
		fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "loadbench: ERROR: %s: %s\n", argv[1], strerror(errno));
			return 1;
		}
		before = thread_cpu_ns();
		if (syscall(SYS_finit_module, fd, "", 0)) {
			fprintf(stderr, "loadbench: ERROR: finit_module: %s\n", strerror(errno));
			return 1;
		}
		after = thread_cpu_ns();
		close(fd);
		if (syscall(SYS_delete_module, argv[2], O_NONBLOCK)) {
			fprintf(stderr, "loadbench: ERROR: delete_module: %s\n", strerror(errno));
			return 1;
		}
		printf("%llu\n", after - before);
	}
	return 0;
}
