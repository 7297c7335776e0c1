/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the reader knows about the machine it runs on, for advice: whether
 * the record comes from the running kernel, whether that kernel's build
 * tree is installed (then "rebuild against it" needs no extra step), and
 * the dmesg clock now, to tell how long a running init has been running.
 */
#ifndef MODVERIFY_HOST_H
#define MODVERIFY_HOST_H

#include <stdbool.h>

struct mv_host {
	bool same_kernel;	/* the record's kernel is the running one */
	bool headers_present;	/* /lib/modules/<release>/build exists */
	bool has_clock;		/* the record is live: clock dates its boottime */
	double clock;		/* CLOCK_MONOTONIC, s: what dmesg's clock counts */
};

/*
 * Fill host for a record of kernel release (NULL: not known); live: the
 * record was just read from this machine's debugfs (not a saved copy).
 */
void mv_host_probe(const char *release, bool live, struct mv_host *host);

/*
 * Where the running kernel (release) keeps its own copy of module, as
 * modules.dep lists it ('-' and '_' alike): "/lib/modules/<release>/kernel/
 * .../<module>.ko[.xz]" in out; false when it has none or that file cannot
 * be read.
 */
bool mv_host_module_path(const char *release, const char *module, char *out,
			 size_t size);

#endif /* MODVERIFY_HOST_H */
