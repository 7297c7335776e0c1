// SPDX-License-Identifier: GPL-2.0
/*
 * nocap: run a command without CAP_SYS_MODULE, as in a container that was
 * not given it (static, for the guest).
 *
 *   nocap CMD [ARG]...
 *
 * Drops the capability from the bounding set, then from the effective,
 * permitted and inheritable sets, checks that both took effect (capget(2),
 * PR_CAPBSET_READ), and execs CMD: neither it nor anything it runs as root
 * can get the capability back.  Exit status: CMD's; 2 when the drop failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BIT (1u << CAP_SYS_MODULE)	/* < 32: in the first word */

static int fail(const char *what)
{
	fprintf(stderr, "nocap: ERROR: %s: %s\n", what, strerror(errno));
	return 2;
}

int main(int argc, char **argv)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (argc < 2) {
		fprintf(stderr, "usage: nocap CMD [ARG]...\n");
		return 2;
	}
	if (prctl(PR_CAPBSET_DROP, CAP_SYS_MODULE, 0, 0, 0))
		return fail("PR_CAPBSET_DROP");
	if (syscall(SYS_capget, &hdr, data))
		return fail("capget");
	data[0].effective &= ~BIT;
	data[0].permitted &= ~BIT;
	data[0].inheritable &= ~BIT;
	if (syscall(SYS_capset, &hdr, data))
		return fail("capset");
	if (syscall(SYS_capget, &hdr, data))
		return fail("capget");
	if ((data[0].effective | data[0].permitted) & BIT ||
	    prctl(PR_CAPBSET_READ, CAP_SYS_MODULE, 0, 0, 0) != 0) {
		fprintf(stderr, "nocap: ERROR: CAP_SYS_MODULE is still there\n");
		return 2;
	}
	execvp(argv[1], argv + 1);
	return fail(argv[1]);
}
