/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Renderers of a record and its diagnosis: text for people, JSON for CI,
 * and the headline both lead with.
 */
#ifndef MODVERIFY_RENDER_H
#define MODVERIFY_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "diagnose.h"
#include "json_writer.h"
#include "record.h"
#include "strbuf.h"

struct mv_render_options {
	bool color;		/* ANSI colours (text only) */
	bool verbose;		/* every CRC row, stages, image details */
	bool live;		/* read from this machine's debugfs just now */
};

void mv_render_text(FILE *out, const struct mv_record *rec,
		    const struct mv_diagnosis *diag,
		    const struct mv_render_options *opts);

/*
 * The headline is "<module>: <outcome text><tail>", the tail being
 * ' (ENOEXEC, "Invalid module format"): <cause>'.  Split so that the text
 * renderer can colour the outcome.
 */
void mv_headline_tail(const struct mv_record *rec,
		      const struct mv_diagnosis *diag, struct strbuf *sb);
void mv_headline(const struct mv_record *rec, const struct mv_diagnosis *diag,
		 struct strbuf *sb);

/* One JSON object, as the next value of w (see modverify(8) for keys). */
void mv_render_json(struct json_writer *w, const struct mv_record *rec,
		    const struct mv_diagnosis *diag);
/* The same object left open, for a command that adds members of its own. */
void mv_render_json_open(struct json_writer *w, const struct mv_record *rec,
			 const struct mv_diagnosis *diag);

#endif /* MODVERIFY_RENDER_H */
