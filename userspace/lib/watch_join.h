/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The joiner of `modverify watch`: the events of bpf/watch.bpf.c
 * (watch_event.h), tagged with the loading task, gathered per attempt and,
 * when load_module() returns, turned into a record (backend: bpf) in the
 * documented text format.  The verdicts are made here, from the raw facts,
 * with the kernel module's rules (kmod/verdict.c).  Pure: what it needs
 * from the machine comes in struct mvw_host.
 */
#ifndef MODVERIFY_WATCH_JOIN_H
#define MODVERIFY_WATCH_JOIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kparam.h"
#include "record.h"
#include "strbuf.h"

/* What the machine says, at the time an event is taken. */
struct mvw_host {
	const char *release;		/* uname -r */
	/*
	 * /sys/module/module/parameters/sig_enforce, read again for each
	 * load_module() entry event (it can be switched on, never off)
	 */
	enum mv_yesno sig_enforced;
	bool has_taint;
	uint64_t taint;			/* /proc/sys/kernel/tainted now */
	int64_t realtime_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	unsigned int attached;		/* 1 << enum mvw_kind of each attached program */
	/*
	 * The steps of finit_module() [0], init_module() [1] before
	 * load_module() are all watched: a step not seen did not run.
	 */
	bool preload_probed[2];
	/*
	 * Events lost so far (any task's).  For a load_module() entry event,
	 * a count taken before that event was made; for its return, one taken
	 * after: the difference bounds what the attempt may have lost.
	 */
	uint64_t lost;
	/*
	 * The kernel's vermagic as kbuild gave its own modules (NULL if not
	 * known), until a same_magic() call shows the kernel's own string.
	 */
	const char *kernel_vermagic;
	/*
	 * The addresses of the kernel's param_ops_<type> (/proc/kallsyms;
	 * 0 if not known): which standard setter a module parameter has.
	 */
	uint64_t param_ops[MV_KPARAM_TYPE_COUNT];
};

struct mvw_joiner;

struct mvw_joiner *mvw_joiner_new(void);
void mvw_joiner_free(struct mvw_joiner *j);

/*
 * Take one event (size bytes).  Returns 1 when it ended an attempt (its
 * record text is appended to out), 0 when it was taken or is not about an
 * attempt being watched, -1 when it is malformed (a size that does not fit
 * its kind).
 */
int mvw_joiner_feed(struct mvw_joiner *j, const struct mvw_host *host,
		    const void *data, size_t size, struct strbuf *out);

/* Attempts given up unfinished: their load_module() return was lost. */
unsigned long mvw_joiner_incomplete(const struct mvw_joiner *j);

/*
 * Attempts begun and not returned yet: loads still under way, or whose
 * return was lost.
 */
unsigned long mvw_joiner_open(const struct mvw_joiner *j);

#endif /* MODVERIFY_WATCH_JOIN_H */
