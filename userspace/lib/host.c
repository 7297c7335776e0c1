// SPDX-License-Identifier: GPL-2.0
/* The running machine, as the advice needs it (host.h): uname, stat, clock. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>

#include "host.h"

void mv_host_probe(const char *release, bool live, struct mv_host *host)
{
	struct utsname uts;
	struct timespec now;
	char build[400];
	struct stat st;

	memset(host, 0, sizeof(*host));
	if (!release || uname(&uts) || strcmp(uts.release, release))
		return;
	host->same_kernel = true;
	snprintf(build, sizeof(build), "/lib/modules/%s/build", uts.release);
	host->headers_present = stat(build, &st) == 0;
	/* dmesg's clock (local_clock()) and CLOCK_MONOTONIC both stop in suspend */
	if (live && clock_gettime(CLOCK_MONOTONIC, &now) == 0) {
		host->has_clock = true;
		host->clock = (double)now.tv_sec + (double)now.tv_nsec / 1e9;
	}
}
