// SPDX-License-Identifier: GPL-2.0
/*
 * modload: the module-loading syscalls as a test calls them, in the guest
 * (static: the initramfs has no libc to offer).
 *
 *   modload finit FILE FLAGS	finit_module(2) of FILE with FLAGS (a number:
 *				4 is MODULE_INIT_COMPRESSED_FILE)
 *   modload init FILE		init_module(2) of FILE's bytes
 *
 * Prints "OK", or "ERRNO_NUMBER strerror" as insmod words it, on stdout.
 * Exit status: 0 loaded, 1 refused, 2 bad usage or FILE unreadable.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int report(long ret)
{
	if (!ret) {
		puts("OK");
		return 0;
	}
	printf("%d %s\n", errno, strerror(errno));
	return 1;
}

static int load_init(int fd, const char *file)
{
	struct stat st;
	char *buf;

	if (fstat(fd, &st) || !(buf = malloc(st.st_size ? st.st_size : 1)) ||
	    read(fd, buf, st.st_size) != st.st_size) {
		fprintf(stderr, "modload: ERROR: reading %s: %s\n", file, strerror(errno));
		return 2;
	}
	return report(syscall(SYS_init_module, buf, (unsigned long)st.st_size, ""));
}

int main(int argc, char **argv)
{
	int fd;

	bool finit = argc == 4 && !strcmp(argv[1], "finit");

	if (!finit && !(argc == 3 && !strcmp(argv[1], "init"))) {
		fprintf(stderr, "usage: modload finit FILE FLAGS | modload init FILE\n");
		return 2;
	}
	fd = open(argv[2], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "modload: ERROR: %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	if (!finit)
		return load_init(fd, argv[2]);
	return report(syscall(SYS_finit_module, fd, "", atoi(argv[3])));
}
