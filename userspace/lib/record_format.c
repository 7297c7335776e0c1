// SPDX-License-Identifier: GPL-2.0
/*
 * The record writer (record.h): struct mv_record to the text the kernel
 * module writes (kmod/record.c), key for key, escaped the same way, so
 * that `modverify check --record` prints what debugfs would hold and the
 * parser reads it back unchanged.
 */
#include <stdio.h>
#include <string.h>

#include "record.h"

/*
 * Bytes outside printable ASCII, the backslash, and inside quotes the
 * quote itself, as \xHH; a value that would read as "-" (unknown) is
 * escaped too.  An empty or absent value is "-".
 */
static void put_escaped(struct strbuf *sb, const char *s, bool quoted)
{
	if (!s || (!quoted && !*s)) {
		strbuf_add(sb, MV_NONE, 1);
		return;
	}
	if (!quoted && strcmp(s, MV_NONE) == 0) {
		strbuf_addf(sb, "\\x%02x", (unsigned char)*s);
		return;
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < ' ' || c > '~' || c == '\\' || (quoted && c == '\''))
			strbuf_addf(sb, "\\x%02x", c);
		else
			strbuf_add(sb, s, 1);
	}
}

static void put_text(struct strbuf *sb, const char *key, const char *value)
{
	strbuf_addf(sb, "%s: ", key);
	put_escaped(sb, value, false);
	strbuf_add(sb, "\n", 1);
}

/* A value from the record's own vocabulary: written as it is, or "-". */
static void put_word(struct strbuf *sb, const char *key, const char *value)
{
	strbuf_addf(sb, "%s: %s\n", key, value ? value : MV_NONE);
}

/* The kernel's quoting of a vermagic string or a BTF log: '...', or "-". */
static void put_quoted(struct strbuf *sb, const char *key, const char *value)
{
	strbuf_addf(sb, "%s: ", key);
	if (value) {
		strbuf_add(sb, "'", 1);
		put_escaped(sb, value, true);
		strbuf_add(sb, "'", 1);
	} else {
		strbuf_add(sb, MV_NONE, 1);
	}
	strbuf_add(sb, "\n", 1);
}

static void put_yesno(struct strbuf *sb, const char *key, enum mv_yesno v,
		      const char *yes, const char *no)
{
	put_word(sb, key, v == MV_YN_YES ? yes : v == MV_YN_NO ? no : NULL);
}

static void put_count(struct strbuf *sb, const char *key, bool has,
		      uint64_t value)
{
	if (has)
		strbuf_addf(sb, "%s: %llu\n", key, (unsigned long long)value);
	else
		put_word(sb, key, NULL);
}

static void put_errval(struct strbuf *sb, const char *key,
		       const struct mv_errval *e)
{
	if (e->known)
		strbuf_addf(sb, "%s: %lld %s\n", key, e->value,
			    e->name ? e->name : MV_NONE);
	else
		put_word(sb, key, NULL);
}

static void put_taint(struct strbuf *sb, const char *key,
		      const struct mv_taint *t)
{
	if (t->known)
		strbuf_addf(sb, "%s: 0x%llx %s\n", key, (unsigned long long)t->mask,
			    t->letters ? t->letters : MV_NONE);
	else
		put_word(sb, key, NULL);
}

static void put_module_size(struct strbuf *sb, const struct mv_module_size *s)
{
	strbuf_addf(sb, "%s: ", MV_KEY_MODULE_SIZE);
	if (!s->has_module && !s->has_kernel) {
		strbuf_addf(sb, "%s\n", MV_NONE);
		return;
	}
	if (s->has_module)
		strbuf_addf(sb, "%llu ", (unsigned long long)s->module);
	else
		strbuf_addf(sb, "%s ", MV_NONE);
	if (s->has_kernel)
		strbuf_addf(sb, "%llu\n", (unsigned long long)s->kernel);
	else
		strbuf_addf(sb, "%s\n", MV_NONE);
}

/* "0x2 IGNORE_VERMAGIC": the mask, then the names of its known bits */
static void put_flags(struct strbuf *sb, const struct mv_record *rec)
{
	if (!rec->has_flags) {
		put_word(sb, MV_KEY_FLAGS, NULL);
		return;
	}
	strbuf_addf(sb, "%s: 0x%llx", MV_KEY_FLAGS, (unsigned long long)rec->flags);
#define MV_FLAG_WORD(mask, name)					\
	if (rec->flags & (mask))					\
		strbuf_addf(sb, " %s", name);
	MV_FLAGS(MV_FLAG_WORD)
#undef MV_FLAG_WORD
	strbuf_addf(sb, "%s\n", rec->flags ? "" : " " MV_NONE);
}

static void put_stages(struct strbuf *sb, const struct mv_record *rec)
{
	size_t i;

	strbuf_addf(sb, "%s: ", MV_KEY_STAGES);
	if (!rec->nr_stages && !rec->stages_truncated)
		strbuf_add(sb, MV_NONE, 1);
	for (i = 0; i < rec->nr_stages; i++) {
		strbuf_addf(sb, "%s%s", i ? " " : "", rec->stages[i].name);
		if (rec->stages[i].count > 1)
			strbuf_addf(sb, "*%lu", rec->stages[i].count);
	}
	if (rec->stages_truncated)
		strbuf_addf(sb, "%s...", rec->nr_stages ? " " : "");
	strbuf_add(sb, "\n", 1);
}

static void put_differs(struct strbuf *sb, const struct mv_record *rec)
{
	size_t i;

	strbuf_addf(sb, "%s: ", MV_KEY_VERMAGIC_DIFFERS);
	for (i = 0; i < rec->nr_vermagic_differs; i++)
		strbuf_addf(sb, "%s%s", i ? " " : "", rec->vermagic_differs[i]);
	strbuf_addf(sb, "%s\n", rec->nr_vermagic_differs ? "" : MV_NONE);
}

const char *mv_crc_format(bool has, uint64_t crc, const char *none,
			  char buf[static 24])
{
	if (!has)
		return none;
	snprintf(buf, 24, "0x%08llx", (unsigned long long)crc);
	return buf;
}

/* crc: TAB module TAB kernel TAB verdict TAB symbol */
static void put_crc(struct strbuf *sb, const struct mv_crc *c)
{
	char module[24], kernel[24];

	strbuf_addf(sb, "%s:\t%s\t%s\t%s\t", MV_KEY_CRC,
		    mv_crc_format(c->has_module_crc, c->module_crc, MV_NONE, module),
		    mv_crc_format(c->has_kernel_crc, c->kernel_crc, MV_NONE, kernel),
		    c->verdict_name ? c->verdict_name : MV_NONE);
	put_escaped(sb, c->symbol, false);
	strbuf_add(sb, "\n", 1);
}

/* "seq: 7", or "-" in a running record: seq numbers final records */
static void put_seq(struct strbuf *sb, const char *key,
		    const struct mv_record *rec)
{
	if (rec->state == MV_STATE_RUNNING)
		put_word(sb, key, NULL);
	else
		strbuf_addf(sb, "%s: %llu\n", key, (unsigned long long)rec->seq);
}

/* relocation: TAB reason TAB type TAB section TAB offset TAB symbol, or "-" */
static void put_relocation(struct strbuf *sb, const struct mv_relocation *rel)
{
	if (!rel->reason_name) {
		put_word(sb, MV_KEY_RELOCATION, NULL);
		return;
	}
	strbuf_addf(sb, "%s:\t%s\t%s\t", MV_KEY_RELOCATION, rel->reason_name,
		    rel->type ? rel->type : MV_NONE);
	put_escaped(sb, rel->section, false);
	if (rel->has_offset)
		strbuf_addf(sb, "\t0x%llx\t", (unsigned long long)rel->offset);
	else
		strbuf_addf(sb, "\t%s\t", MV_NONE);
	put_escaped(sb, rel->symbol, false);
	strbuf_add(sb, "\n", 1);
}

/* parameters: '...' (" ..." after it when cut) or "-"; parameter_rejected */
static void put_parameters(struct strbuf *sb, const struct mv_record *rec)
{
	if (rec->parameters) {
		strbuf_addf(sb, "%s: '", MV_KEY_PARAMETERS);
		put_escaped(sb, rec->parameters, true);
		strbuf_addf(sb, "'%s\n", rec->parameters_cut ? " ..." : "");
	} else {
		put_word(sb, MV_KEY_PARAMETERS, NULL);
	}
	put_text(sb, MV_KEY_PARAMETER_REJECTED, rec->parameter_rejected);
}

static void put_btf(struct strbuf *sb, const struct mv_btf *btf)
{
	strbuf_addf(sb, "%s: %s", MV_KEY_BTF, mv_btf_state_name(btf->state));
	if (btf->has_errno)
		strbuf_addf(sb, " %lld", btf->errno_value);
	else if (btf->state == MV_BTF_MISMATCH_ALLOWED)
		strbuf_addf(sb, " %s", MV_NONE);	/* the errno is not seen */
	strbuf_add(sb, "\n", 1);
}

void mv_record_format(const struct mv_record *rec, struct strbuf *sb)
{
	size_t i;

	strbuf_addf(sb, "%s: %d\n", MV_KEY_FORMAT, MV_RECORD_VERSION);
	if (rec->prediction != MV_YN_UNKNOWN)
		put_yesno(sb, MV_KEY_PREDICTION, rec->prediction, "yes", "no");
	if (rec->backend)
		put_text(sb, MV_KEY_BACKEND, rec->backend);
	if (rec->has_events_lost)
		put_count(sb, MV_KEY_EVENTS_LOST, true, rec->events_lost);
	put_seq(sb, MV_KEY_SEQ, rec);
	put_word(sb, MV_KEY_TIMESTAMP, rec->timestamp);
	put_word(sb, MV_KEY_BOOTTIME, rec->boottime);
	put_text(sb, MV_KEY_KERNEL, rec->kernel);
	put_count(sb, MV_KEY_PID, rec->has_pid, (uint64_t)rec->pid);
	put_text(sb, MV_KEY_COMM, rec->comm);
	put_text(sb, MV_KEY_MODULE, rec->module);
	put_text(sb, MV_KEY_SRCVERSION, rec->srcversion);
	put_text(sb, MV_KEY_INTREE, rec->intree);
	put_text(sb, MV_KEY_RETPOLINE, rec->retpoline);
	put_text(sb, MV_KEY_LICENSE, rec->license);
	put_text(sb, MV_KEY_DEPENDS, rec->depends);
	put_count(sb, MV_KEY_IMAGE_SIZE, rec->has_image_size, rec->image_size);
	put_text(sb, MV_KEY_IMAGE_CHECK, rec->image_check);
	put_module_size(sb, &rec->module_size);
	put_flags(sb, rec);
	put_word(sb, MV_KEY_STATE, mv_state_name(rec->state));
	put_errval(sb, MV_KEY_RESULT, &rec->result);
	put_word(sb, MV_KEY_DECIDED_BY, rec->decided_by_name);
	put_count(sb, MV_KEY_SHARED_WITH, rec->has_shared_with, rec->shared_with);
	put_word(sb, MV_KEY_REFUSED_AT, rec->refused_at);
	put_word(sb, MV_KEY_LSM, rec->lsm);
	put_stages(sb, rec);
	put_yesno(sb, MV_KEY_SIGNATURE, rec->signature_present, "present", "absent");
	put_yesno(sb, MV_KEY_SIG_VERIFIED, rec->sig_verified, "yes", "no");
	put_yesno(sb, MV_KEY_SIG_ENFORCED, rec->sig_enforced, "yes", "no");
	put_word(sb, MV_KEY_SIG_REASON, rec->sig_reason_name);
	put_text(sb, MV_KEY_SIG_ID, rec->sig_id);
	put_text(sb, MV_KEY_SIGNER, rec->signer);
	put_text(sb, MV_KEY_SIG_KEY, rec->sig_key);
	put_text(sb, MV_KEY_SIG_HASHALGO, rec->sig_hashalgo);
	put_yesno(sb, MV_KEY_SIG_KEY_TRUSTED, rec->sig_key_trusted, "yes", "no");
	put_text(sb, MV_KEY_VERMAGIC_SOURCE, rec->vermagic_source);
	put_quoted(sb, MV_KEY_VERMAGIC_MODULE, rec->vermagic_module);
	put_quoted(sb, MV_KEY_VERMAGIC_KERNEL, rec->vermagic_kernel);
	put_yesno(sb, MV_KEY_VERMAGIC_RELEASE, rec->vermagic_release_compared,
		  "yes", "no");
	put_word(sb, MV_KEY_VERMAGIC_VERDICT, rec->vermagic_verdict_name);
	put_differs(sb, rec);
	put_count(sb, MV_KEY_CRC_TOTAL, rec->has_crc_total, rec->crc_total);
	put_count(sb, MV_KEY_CRC_OMITTED, rec->has_crc_omitted, rec->crc_omitted);
	for (i = 0; i < rec->nr_crcs; i++)
		put_crc(sb, &rec->crcs[i]);
	for (i = 0; i < rec->nr_exporters; i++) {
		strbuf_addf(sb, "%s:\t", MV_KEY_CRC_EXPORTER);
		put_escaped(sb, rec->exporters[i].symbol, false);
		strbuf_add(sb, "\t", 1);
		put_escaped(sb, rec->exporters[i].exporter, false);
		strbuf_addf(sb, "\t%s\n", rec->exporters[i].taint ? rec->exporters[i].taint : MV_NONE);
	}
	if (rec->has_forced_total)
		put_count(sb, MV_KEY_FORCED_TOTAL, true, rec->forced_total);
	for (i = 0; i < rec->nr_forced; i++) {
		strbuf_addf(sb, "%s:\t%s\t", MV_KEY_FORCED,
			    rec->forced[i].ok ? "ok" : "refused");
		put_escaped(sb, rec->forced[i].reason, false);
		strbuf_add(sb, "\n", 1);
	}
	if (rec->has_unresolved_total)
		put_count(sb, MV_KEY_UNRESOLVED_TOTAL, true, rec->unresolved_total);
	for (i = 0; i < rec->nr_unresolved; i++) {
		strbuf_addf(sb, "%s:\t", MV_KEY_UNRESOLVED);
		put_escaped(sb, rec->unresolved[i], false);
		strbuf_add(sb, "\n", 1);
	}
	put_relocation(sb, &rec->relocation);
	put_btf(sb, &rec->btf);
	put_quoted(sb, MV_KEY_BTF_LOG, rec->btf.log);
	if (rec->has_parameters)
		put_parameters(sb, rec);
	put_taint(sb, MV_KEY_TAINT_BEFORE, &rec->taint_before);
	put_taint(sb, MV_KEY_TAINT_AFTER, &rec->taint_after);
	put_taint(sb, MV_KEY_TAINT_ADDED, &rec->taint_added);
	put_word(sb, MV_KEY_MODULE_TAINT, rec->module_taint);
	if (rec->init_running)
		put_word(sb, MV_KEY_INIT_RESULT, MV_INIT_RUNNING);
	else
		put_errval(sb, MV_KEY_INIT_RESULT, &rec->init_result);
	put_seq(sb, MV_KEY_END, rec);
}
