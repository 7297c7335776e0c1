// SPDX-License-Identifier: GPL-2.0
/* The running machine, as the advice needs it (host.h): uname and stat. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "host.h"

void mv_host_probe(const char *release, struct mv_host *host)
{
	struct utsname uts;
	char build[400];
	struct stat st;

	memset(host, 0, sizeof(*host));
	if (!release || uname(&uts) || strcmp(uts.release, release))
		return;
	host->same_kernel = true;
	snprintf(build, sizeof(build), "/lib/modules/%s/build", uts.release);
	host->headers_present = stat(build, &st) == 0;
}
