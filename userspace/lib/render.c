// SPDX-License-Identifier: GPL-2.0
/*
 * What the text and JSON renderers share (render.h): the headline, the one
 * sentence both lead with.
 */
#include "errnames.h"
#include "render.h"

void mv_headline_tail(const struct mv_record *rec,
		      const struct mv_diagnosis *diag, struct strbuf *sb)
{
	const struct mv_errval *r = &rec->result;
	/*
	 * What insmod or modprobe printed; for a prediction (of a file, which
	 * insmod loads) insmod's; strerror()'s for another loader.
	 */
	const char *said = mv_tool_text(mv_load_tool(rec->comm), r->name,
					r->value);

	if (!said)
		said = rec->prediction == MV_YN_YES ?
		       mv_insmod_text(r->name, r->value) :
		       mv_errno_text(r->name, r->value);
	if (r->known && r->value != 0)
		strbuf_addf(sb, " (%s, \"%s\")", mv_errno_name(r->name, r->value),
			    said);
	strbuf_addf(sb, "%s%s", mv_outcome_cause_continues(diag->outcome) ? " " : ": ",
		    diag->cause ? diag->cause : "");
}

void mv_headline(const struct mv_record *rec, const struct mv_diagnosis *diag,
		 struct strbuf *sb)
{
	strbuf_addf(sb, "%s: %s", mv_module_label(rec),
		    mv_outcome_text(diag->outcome));
	mv_headline_tail(rec, diag, sb);
}
