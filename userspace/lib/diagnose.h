/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From a record to a verdict a person can act on: the outcome, the one-line
 * cause for the headline, and advice specific to that cause.  Shared by the
 * text and JSON renderers so both say the same thing.
 */
#ifndef MODVERIFY_DIAGNOSE_H
#define MODVERIFY_DIAGNOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "host.h"
#include "record.h"

enum mv_outcome {
	MV_OUTCOME_LOADED,		/* every check passed, no taint */
	MV_OUTCOME_LOADED_TAINTED,	/* loaded; only tainted the kernel */
	MV_OUTCOME_FORCED,		/* loaded past a forced check */
	MV_OUTCOME_REJECTED,		/* a check refused it */
	MV_OUTCOME_INIT_FAILED,		/* accepted; its init() failed */
	MV_OUTCOME_RUNNING,		/* accepted; its init() has not returned */
	MV_OUTCOME_TASK_EXITED,		/* the loading task died in the loader */
};

struct mv_advice {
	char *text;
	char *command;		/* a command to run, or NULL */
};

struct mv_diagnosis {
	enum mv_outcome outcome;
	char *cause;		/* the headline's last part */
	/* all of it: as many items as the record's facts call for */
	struct mv_advice *advice;
	size_t nr_advice;
	size_t nr_crc_mismatches;
	size_t nr_crc_matches;
};

void mv_diagnose(const struct mv_record *rec, const struct mv_host *host,
		 struct mv_diagnosis *diag);
void mv_diagnosis_free(struct mv_diagnosis *diag);

/*
 * "loaded", "loaded_with_taint", "forced", "rejected", "init_failed",
 * "running", "task_exited"
 */
const char *mv_outcome_name(enum mv_outcome outcome);
/* The same for people: "loaded with taint", "loaded by force", ... */
const char *mv_outcome_text(enum mv_outcome outcome);
/*
 * Whether the headline's cause continues the outcome's words ("init
 * running (not returned yet)") rather than following a colon.
 */
bool mv_outcome_cause_continues(enum mv_outcome outcome);

/* The module's name, or "(unknown module)". */
const char *mv_module_label(const struct mv_record *rec);

/*
 * Names of the differing vermagic words: the record's own list, or when it
 * has none, computed from the two strings.  Returns how many (<= max).
 */
size_t mv_record_vermagic_differs(const struct mv_record *rec,
				  const char **names, size_t max);

/*
 * Whether the kernel has symbol versions (CONFIG_MODVERSIONS), read off the
 * "modversions" word of its vermagic; unknown without the kernel's vermagic.
 */
enum mv_yesno mv_record_kernel_modversions(const struct mv_record *rec);

/*
 * 0 when the attempt loaded the module, 1 when it did not (refused, init
 * failed, the task died); a running record has not decided: 1 too, and
 * callers that can wait tell it apart by its state.
 */
int mv_exit_status(const struct mv_record *rec);

#endif /* MODVERIFY_DIAGNOSE_H */
