/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the reader knows about the machine it runs on, for advice: whether
 * the record comes from the running kernel, and whether that kernel's
 * build tree is installed (then "rebuild against it" needs no extra step).
 */
#ifndef MODVERIFY_HOST_H
#define MODVERIFY_HOST_H

#include <stdbool.h>

struct mv_host {
	bool same_kernel;	/* the record's kernel is the running one */
	bool headers_present;	/* /lib/modules/<release>/build exists */
};

/* Fill host for a record of kernel release (NULL: not known). */
void mv_host_probe(const char *release, struct mv_host *host);

#endif /* MODVERIFY_HOST_H */
