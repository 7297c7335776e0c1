// SPDX-License-Identifier: GPL-2.0
/* The running machine, as the advice needs it (host.h): uname, stat, clock. */
#include <stdio.h>
#include <stdlib.h>
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

/* Whether the file name at name (up to ".ko") is module's: '-' and '_' alike. */
static bool module_named(const char *name, const char *module)
{
	for (; *module; name++, module++)
		if (*name != *module && !(strchr("-_", *name) && strchr("-_", *module)))
			return false;
	return strncmp(name, ".ko", 3) == 0;
}

bool mv_host_module_path(const char *release, const char *module, char *out,
			 size_t size)
{
	char dep[400], *line = NULL;
	size_t cap = 0;
	bool found = false;
	FILE *f;

	if (!release || !module || !*module)
		return false;
	snprintf(dep, sizeof(dep), "/lib/modules/%s/modules.dep", release);
	f = fopen(dep, "r");
	if (!f)
		return false;
	while (!found && getline(&line, &cap, f) > 0) {
		char *colon = strchr(line, ':'), *base;

		if (!colon)
			continue;
		*colon = '\0';
		base = strrchr(line, '/');
		base = base ? base + 1 : line;
		found = module_named(base, module) &&
			snprintf(out, size, "/lib/modules/%s/%s", release, line) < (int)size;
	}
	free(line);
	fclose(f);
	return found;
}
