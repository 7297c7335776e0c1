// SPDX-License-Identifier: GPL-2.0
/*
 * loadbench: the guest-side timer of `make bench` (tests/bench/).  Static,
 * one process per block, nothing printed while a syscall is timed.
 *
 *   loadbench cycles FILE NAME N
 *	N times: finit_module(2) of FILE, then delete_module(2) of NAME.
 *	Prints the loading thread's CPU time of each finit_module in ns.
 *   loadbench modprobe LIST
 *	Run `modprobe -a` on the module names in the file LIST: one process
 *	loading each module after its dependencies, through libkmod, as
 *	systemd-modules-load and udev do.  Prints "STATUS NS": its exit
 *	status and its CPU time (user + system).
 *   loadbench unload NAME...
 *	delete_module(2) of each NAME, in the order given where possible.
 *
 * CPU time, not wall time: under QEMU -icount the guest's CPU clock counts
 * instructions, and the loader's sleeps (synchronize_rcu on a 4 ms tick)
 * would otherwise drown the cost of the probes.
 *
 * Exit status: 0, 1 when a load, unload or modprobe run could not be made
 * or (cycles, unload) failed, 2 for bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long long thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int unload(const char *name)
{
	if (syscall(SYS_delete_module, name, O_NONBLOCK)) {
		fprintf(stderr, "loadbench: ERROR: delete_module %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}

/*
 * Unload all N modules in NAMES, in their order where it works.  A module
 * still in use (EWOULDBLOCK) is tried again after the others: one may hold
 * another without a symbol dependency (nls_koi8_ru keeps nls_koi8_u loaded
 * by load_nls()), and some (sctp) drop their last reference from deferred
 * work.  Gives up after a second without progress.
 */
static int unload_all(char **names, int n)
{
	int i, left = n, idle = 0;

	while (left && idle < 100) {
		int progress = 0;

		for (i = 0; i < n; i++) {
			if (!names[i])
				continue;
			if (!syscall(SYS_delete_module, names[i], O_NONBLOCK)) {
				names[i] = NULL;
				left--;
				progress = 1;
			} else if (errno != EWOULDBLOCK) {
				return unload(names[i]);	/* reports it */
			}
		}
		idle = progress ? 0 : idle + 1;
		if (left && !progress)
			usleep(10000);
	}
	for (i = 0; i < n; i++)
		if (names[i])
			unload(names[i]);
	return left ? 1 : 0;
}

static int cycles(const char *file, const char *name, int n)
{
	unsigned long long before, after;
	int i, fd;

	for (i = 0; i < n; i++) {
		fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "loadbench: ERROR: %s: %s\n", file, strerror(errno));
			return 1;
		}
		before = thread_cpu_ns();
		if (syscall(SYS_finit_module, fd, "", 0)) {
			fprintf(stderr, "loadbench: ERROR: finit_module %s: %s\n", file,
				strerror(errno));
			return 1;
		}
		after = thread_cpu_ns();
		close(fd);
		if (unload(name))
			return 1;
		printf("%llu\n", after - before);
	}
	return 0;
}

static int modprobe_list(const char *list)
{
	char *argv[1024], name[256];
	unsigned long long ns;
	struct rusage ru;
	int argc = 0, ws;
	FILE *f = fopen(list, "r");
	pid_t pid;

	if (!f) {
		fprintf(stderr, "loadbench: ERROR: %s: %s\n", list, strerror(errno));
		return 1;
	}
	argv[argc++] = "modprobe";
	argv[argc++] = "-a";
	while (argc < 1023 && fscanf(f, "%255s", name) == 1)
		argv[argc++] = strdup(name);
	argv[argc] = NULL;
	if (!feof(f) || argc == 2) {
		fprintf(stderr, "loadbench: ERROR: %s: empty, or more than 1020 names\n", list);
		return 1;
	}
	fclose(f);
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "loadbench: ERROR: fork: %s\n", strerror(errno));
		return 1;
	}
	if (!pid) {
		execvp("modprobe", argv);
		_exit(127);
	}
	if (wait4(pid, &ws, 0, &ru) != pid) {
		fprintf(stderr, "loadbench: ERROR: wait4: %s\n", strerror(errno));
		return 1;
	}
	ns = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000ULL +
	     (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ULL;
	printf("%d %llu\n", WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws), ns);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "cycles") && atoi(argv[4]) > 0)
		return cycles(argv[2], argv[3], atoi(argv[4]));
	if (argc == 3 && !strcmp(argv[1], "modprobe"))
		return modprobe_list(argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "unload"))
		return unload_all(argv + 2, argc - 2);
	fprintf(stderr, "usage: loadbench cycles FILE NAME N | modprobe LIST | unload NAME...\n");
	return 2;
}
