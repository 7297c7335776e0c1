// SPDX-License-Identifier: GPL-2.0
/* The record text (record.c), docs/record-format.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt.h"

static void basic(void)
{
	struct mv_record *rec = calloc(1, sizeof(*rec));
	size_t size, len;
	char *text;

	rec->seq = 5;
	strscpy(rec->module, "m", sizeof(rec->module));
	rec->result = -ENOEXEC;
	rec->decided_by = MV_DECIDED_VERMAGIC;
	size = mv_record_text_bound(rec);
	text = malloc(size);
	len = mv_record_format(rec, text, size);
	kh_check("record-format-basic",
		 !strncmp(text, "modverify_record: 1\nseq: 5\n", 27) &&
		 strstr(text, "\nmodule: m\n") && strstr(text, "\nresult: -8 ENOEXEC\n") &&
		 strstr(text, "\ndecided_by: vermagic\n") && len == strlen(text) &&
		 len > 7 && !strcmp(text + len - 7, "end: 5\n"),
		 "text:\n%s", text);
	free(text);
	free(rec);
}

/* The largest record fits mv_record_text_bound(). */
static void bound(void)
{
	struct mv_record *rec = malloc(sizeof(*rec));
	size_t size, len;
	unsigned int i;
	char *text;

	memset(rec, 0, sizeof(*rec));
#define FILL(f) (memset(rec->f, 'x', sizeof(rec->f) - 1), rec->f[sizeof(rec->f) - 1] = '\0')
	FILL(comm); FILL(module); FILL(srcversion); FILL(image_defect);
	FILL(vermagic_module); FILL(vermagic_kernel); FILL(btf_log);
	rec->n_stages = MV_MAX_STAGES;
	rec->n_forced = MV_MAX_FORCED;
	rec->n_unresolved = MV_MAX_UNRESOLVED;
	rec->n_crcs = MV_MAX_CRCS;
	for (i = 0; i < MV_MAX_STAGES; i++)
		rec->stages[i].stage = i % MV_STAGE_COUNT;
	for (i = 0; i < MV_MAX_FORCED; i++)
		FILL(forced[i].reason);
	for (i = 0; i < MV_MAX_UNRESOLVED; i++)
		FILL(unresolved[i]);
	for (i = 0; i < MV_MAX_CRCS; i++) {
		FILL(crcs[i].symbol);
		rec->crcs[i].verdict = MV_CRC_MISMATCH;
	}
#undef FILL
	rec->vermagic_in_module = rec->init_seen = rec->init_returned = true;
	rec->decided_by = MV_DECIDED_LOADED;
	rec->btf_state = MV_BTF_INVALID;
	rec->vermagic_verdict = MV_VERMAGIC_MISMATCH;
	rec->sig_reason = MV_SIG_BAD;
	rec->result = -ENOEXEC;
	rec->init_result = -ENOMEM;
	size = mv_record_text_bound(rec);
	text = malloc(size);
	len = mv_record_format(rec, text, size);
	kh_check("record-text-bound", len + 1 < size && strstr(text, "\nend: "),
		 "%zu bytes of text for a bound of %zu", len, size);
	free(text);
	free(rec);
}

void test_record(void)
{
	basic();
	bound();
}
