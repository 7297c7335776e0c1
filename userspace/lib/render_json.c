// SPDX-License-Identifier: GPL-2.0
/*
 * JSON rendering.  Key names are snake_case and stable (CI parses them);
 * the schema is documented in modverify(8).  Every record key is carried,
 * "-" values become null, CRCs are "0x%08x" strings so they compare
 * textually with Module.symvers.
 */
#include <stdio.h>
#include <string.h>

#include "array.h"
#include "errnames.h"
#include "json_writer.h"
#include "render.h"
#include "vermagic.h"
#include "vocab.h"

static void yesno_field(struct json_writer *w, const char *name,
			enum mv_yesno v)
{
	if (v == MV_YN_UNKNOWN)
		jsonw_null_field(w, name);
	else
		jsonw_bool_field(w, name, v == MV_YN_YES);
}

static void errval_field(struct json_writer *w, const char *name,
			 const struct mv_errval *r)
{
	jsonw_name(w, name);
	if (!r->known) {
		jsonw_null(w);
		return;
	}
	jsonw_start_object(w);
	jsonw_int_field(w, "value", r->value);
	jsonw_int_field(w, "errno", -r->value);
	jsonw_string_field(w, "name", r->name);	/* null if the record has "-" */
	jsonw_string_field(w, "text", mv_errno_text(r->name, r->value));
	jsonw_string_field(w, "insmod_text", mv_insmod_text(r->name, r->value));
	jsonw_string_field(w, "modprobe_text", mv_modprobe_text(r->name, r->value));
	jsonw_end_object(w);
}

static void crc_value(struct json_writer *w, const char *name, bool has,
		      uint64_t crc)
{
	char buf[24];

	jsonw_string_field(w, name, mv_crc_format(has, crc, NULL, buf));
}

static void taint_field(struct json_writer *w, const char *name,
			const struct mv_taint *taint)
{
	char letters[72];
	unsigned int bit;

	jsonw_name(w, name);
	if (!taint->known) {
		jsonw_null(w);
		return;
	}
	mv_taint_letters(taint->mask, letters, sizeof(letters));

	jsonw_start_object(w);
	jsonw_uint_field(w, "mask", taint->mask);
	jsonw_string_field(w, "letters", letters);
	jsonw_name(w, "flags");
	jsonw_start_array(w);
	for (bit = 0; bit < 64; bit++) {
		const char *meaning;
		char letter[2] = { 0 };

		if (!(taint->mask & (1ULL << bit)))
			continue;
		meaning = mv_taint_meaning(bit, &letter[0]);
		jsonw_start_object(w);
		jsonw_uint_field(w, "bit", bit);
		jsonw_string_field(w, "letter", meaning ? letter : NULL);
		jsonw_string_field(w, "meaning", meaning);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_end_object(w);
}

static void flags_field(struct json_writer *w, const struct mv_record *rec)
{
	uint64_t bit;

	jsonw_name(w, "flags");
	if (!rec->has_flags) {
		jsonw_null(w);
		return;
	}
	jsonw_start_object(w);
	jsonw_uint_field(w, "mask", rec->flags);
	jsonw_name(w, "names");
	jsonw_start_array(w);
	for (bit = 1; bit; bit <<= 1) {
		const char *name = mv_flag_name(bit);
		char unknown[24];

		if (!(rec->flags & bit))
			continue;
		if (!name) {
			snprintf(unknown, sizeof(unknown), "0x%llx",
				 (unsigned long long)bit);
			name = unknown;
		}
		jsonw_string(w, name);
	}
	jsonw_end_array(w);
	jsonw_end_object(w);
}

static void vermagic_field(struct json_writer *w, const struct mv_record *rec)
{
	bool release_compared = rec->vermagic_release_compared != MV_YN_NO;
	const char *names[16];
	size_t n, i;

	jsonw_name(w, "vermagic");
	jsonw_start_object(w);
	jsonw_string_field(w, "source", rec->vermagic_source);
	jsonw_string_field(w, "module", rec->vermagic_module);
	jsonw_string_field(w, "kernel", rec->vermagic_kernel);
	yesno_field(w, "release_compared", rec->vermagic_release_compared);
	jsonw_string_field(w, "verdict", rec->vermagic_verdict_name);
	/* whether the strings pass the kernel's rule, whatever the verdict */
	if (rec->vermagic_module && rec->vermagic_kernel)
		jsonw_bool_field(w, "match",
				 mv_vermagic_agree(rec->vermagic_module,
						   rec->vermagic_kernel,
						   release_compared));
	else
		jsonw_null_field(w, "match");
	jsonw_name(w, "differs");
	jsonw_start_array(w);
	n = mv_record_vermagic_differs(rec, names, ARRAY_SIZE(names));
	for (i = 0; i < n; i++)
		jsonw_string(w, names[i]);
	jsonw_end_array(w);
	jsonw_end_object(w);
}

/*
 * {name, taint} of the exporter of a symbol whose CRCs differ; absent for
 * the others, so that a comparison's object keeps its four keys.
 */
static void exporter_field(struct json_writer *w, const struct mv_exporter *e)
{
	if (!e || !e->exporter)
		return;
	jsonw_name(w, "exporter");
	jsonw_start_object(w);
	jsonw_string_field(w, "name", e->exporter);
	jsonw_string_field(w, "taint", e->taint);
	jsonw_end_object(w);
}

static void crcs_field(struct json_writer *w, const struct mv_record *rec)
{
	size_t i;

	jsonw_name(w, "crcs");
	jsonw_start_array(w);
	for (i = 0; i < rec->nr_crcs; i++) {
		const struct mv_crc *crc = &rec->crcs[i];

		jsonw_start_object(w);
		jsonw_string_field(w, "symbol", crc->symbol);
		crc_value(w, "module_crc", crc->has_module_crc, crc->module_crc);
		crc_value(w, "kernel_crc", crc->has_kernel_crc, crc->kernel_crc);
		jsonw_string_field(w, "verdict", crc->verdict_name);
		exporter_field(w, mv_record_exporter(rec, crc->symbol));
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

static void optional_uint(struct json_writer *w, const char *name, bool has,
			  uint64_t value)
{
	if (has)
		jsonw_uint_field(w, name, value);
	else
		jsonw_null_field(w, name);
}

/* {module, kernel} in bytes, each null when unknown; null for "-" */
static void module_size_field(struct json_writer *w,
			      const struct mv_record *rec)
{
	const struct mv_module_size *size = &rec->module_size;

	jsonw_name(w, "module_size");
	if (!size->has_module && !size->has_kernel) {
		jsonw_null(w);
		return;
	}
	jsonw_start_object(w);
	optional_uint(w, "module", size->has_module, size->module);
	optional_uint(w, "kernel", size->has_kernel, size->kernel);
	jsonw_end_object(w);
}

/* {reason, type, section, offset, symbol}, each null when unknown; or null */
static void relocation_field(struct json_writer *w, const struct mv_record *rec)
{
	const struct mv_relocation *rel = &rec->relocation;
	char offset[24];

	jsonw_name(w, "relocation");
	if (!rel->reason_name) {
		jsonw_null(w);
		return;
	}
	snprintf(offset, sizeof(offset), "0x%llx", (unsigned long long)rel->offset);
	jsonw_start_object(w);
	jsonw_string_field(w, "reason", rel->reason_name);
	jsonw_string_field(w, "type", rel->type);
	jsonw_string_field(w, "section", rel->section);
	jsonw_string_field(w, "offset", rel->has_offset ? offset : NULL);
	jsonw_string_field(w, "symbol", rel->symbol);
	jsonw_end_object(w);
}

/* {state, errno, log}: errno positive, as in result; null for "-" */
static void btf_field(struct json_writer *w, const struct mv_record *rec)
{
	const struct mv_btf *btf = &rec->btf;

	jsonw_name(w, "btf");
	jsonw_start_object(w);
	jsonw_string_field(w, "state", btf->state == MV_BTF_NOT_REACHED ?
			   NULL : mv_btf_state_name(btf->state));
	if (btf->has_errno)
		jsonw_int_field(w, "errno", -btf->errno_value);
	else
		jsonw_null_field(w, "errno");
	jsonw_string_field(w, "log", btf->log);
	jsonw_end_object(w);
}

static bool has_stage(const struct mv_record *rec, const char *name)
{
	size_t i;

	for (i = 0; i < rec->nr_stages; i++)
		if (strcmp(rec->stages[i].name, name) == 0)
			return true;
	return false;
}

/*
 * The module's own letters; "" when it has none, as taint.*.letters and
 * /sys/module/<m>/taint say it; null when they were not read.  The record
 * writes "-" for both: kmod/ reads them where the loader reaches
 * btf_module_notify() or do_init_module() (stages), and then taint_added
 * is the module's letters the kernel lacked, none if it has none.
 */
static void module_taint_field(struct json_writer *w,
			       const struct mv_record *rec)
{
	bool read = has_stage(rec, "btf_module_notify") ||
		    has_stage(rec, "do_init_module");

	if (!rec->module_taint && read && rec->taint_added.known &&
	    !rec->taint_added.mask)
		jsonw_string_field(w, "module_taint", "");
	else
		jsonw_string_field(w, "module_taint", rec->module_taint);
}

/* A capped list's length: its total, or what an older record lists. */
static uint64_t list_total(bool has_total, uint64_t total, size_t listed)
{
	return has_total && total > listed ? total : listed;
}

void mv_render_json_open(struct json_writer *w, const struct mv_record *rec,
			 const struct mv_diagnosis *diag)
{
	struct strbuf headline = STRBUF_INIT;
	size_t i;

	jsonw_start_object(w);
	jsonw_uint_field(w, "record_version", rec->version);
	jsonw_bool_field(w, "prediction", rec->prediction == MV_YN_YES);
	jsonw_string_field(w, "backend", rec->backend ? rec->backend : "kmod");
	optional_uint(w, "events_lost", rec->has_events_lost, rec->events_lost);
	/* a running record has no seq yet */
	optional_uint(w, "seq", rec->state != MV_STATE_RUNNING, rec->seq);
	jsonw_string_field(w, "state", mv_state_name(rec->state));
	jsonw_string_field(w, "module", rec->module);
	jsonw_string_field(w, "outcome", mv_outcome_name(diag->outcome));
	jsonw_bool_field(w, "loaded", mv_exit_status(rec) == 0);
	errval_field(w, "result", &rec->result);
	jsonw_string_field(w, "decided_by", rec->decided_by_name);
	optional_uint(w, "shared_with", rec->has_shared_with, rec->shared_with);
	jsonw_string_field(w, "refused_at", rec->refused_at);
	jsonw_string_field(w, "lsm", rec->lsm);

	mv_headline(rec, diag, &headline);
	jsonw_string_field(w, "headline", strbuf_str(&headline));
	strbuf_release(&headline);
	jsonw_string_field(w, "cause", diag->cause);
	jsonw_name(w, "advice");
	jsonw_start_array(w);
	for (i = 0; i < diag->nr_advice; i++) {
		jsonw_start_object(w);
		jsonw_string_field(w, "text", diag->advice[i].text);
		jsonw_string_field(w, "command", diag->advice[i].command);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);

	jsonw_string_field(w, "kernel", rec->kernel);
	jsonw_name(w, "timestamp");
	jsonw_number_text(w, rec->timestamp);
	jsonw_name(w, "boottime");
	jsonw_number_text(w, rec->boottime);
	jsonw_name(w, "loader");
	jsonw_start_object(w);
	if (rec->has_pid)
		jsonw_int_field(w, "pid", rec->pid);
	else
		jsonw_null_field(w, "pid");
	jsonw_string_field(w, "comm", rec->comm);
	jsonw_end_object(w);
	jsonw_string_field(w, "srcversion", rec->srcversion);
	jsonw_name(w, "modinfo");
	jsonw_start_object(w);
	jsonw_string_field(w, "intree", rec->intree);
	jsonw_string_field(w, "retpoline", rec->retpoline);
	jsonw_string_field(w, "license", rec->license);
	jsonw_string_field(w, "depends", rec->depends);
	jsonw_end_object(w);
	optional_uint(w, "image_size", rec->has_image_size, rec->image_size);
	jsonw_string_field(w, "image_check", rec->image_check);
	module_size_field(w, rec);
	flags_field(w, rec);

	jsonw_name(w, "stages");
	jsonw_start_array(w);
	for (i = 0; i < rec->nr_stages; i++) {
		jsonw_start_object(w);
		jsonw_string_field(w, "name", rec->stages[i].name);
		jsonw_uint_field(w, "count", rec->stages[i].count);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_bool_field(w, "stages_truncated", rec->stages_truncated);

	jsonw_name(w, "signature");
	jsonw_start_object(w);
	yesno_field(w, "present", rec->signature_present);
	yesno_field(w, "verified", rec->sig_verified);
	yesno_field(w, "enforced", rec->sig_enforced);
	jsonw_string_field(w, "reason", rec->sig_reason_name);
	jsonw_string_field(w, "sig_id", rec->sig_id);
	jsonw_string_field(w, "signer", rec->signer);
	jsonw_string_field(w, "sig_key", rec->sig_key);
	jsonw_string_field(w, "sig_hashalgo", rec->sig_hashalgo);
	yesno_field(w, "key_trusted", rec->sig_key_trusted);
	jsonw_end_object(w);

	vermagic_field(w, rec);
	optional_uint(w, "crc_total", rec->has_crc_total, rec->crc_total);
	optional_uint(w, "crc_omitted", rec->has_crc_omitted, rec->crc_omitted);
	jsonw_uint_field(w, "crc_mismatches", diag->nr_crc_mismatches);
	crcs_field(w, rec);

	jsonw_name(w, "forced");
	jsonw_start_array(w);
	for (i = 0; i < rec->nr_forced; i++) {
		jsonw_start_object(w);
		jsonw_bool_field(w, "ok", rec->forced[i].ok);
		jsonw_string_field(w, "reason", rec->forced[i].reason);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);

	jsonw_uint_field(w, "forced_total", list_total(rec->has_forced_total,
						      rec->forced_total, rec->nr_forced));

	jsonw_name(w, "unresolved");
	jsonw_start_array(w);
	for (i = 0; i < rec->nr_unresolved; i++)
		jsonw_string(w, rec->unresolved[i]);
	jsonw_end_array(w);
	jsonw_uint_field(w, "unresolved_total",
			 list_total(rec->has_unresolved_total, rec->unresolved_total,
				    rec->nr_unresolved));
	relocation_field(w, rec);
	btf_field(w, rec);
	jsonw_string_field(w, "parameters", rec->parameters);
	jsonw_bool_field(w, "parameters_cut", rec->parameters_cut);
	jsonw_string_field(w, "parameter_rejected", rec->parameter_rejected);

	jsonw_name(w, "taint");
	jsonw_start_object(w);
	taint_field(w, "before", &rec->taint_before);
	taint_field(w, "after", &rec->taint_after);
	taint_field(w, "added", &rec->taint_added);
	jsonw_end_object(w);
	module_taint_field(w, rec);
	errval_field(w, "init_result", &rec->init_result);
}

void mv_render_json(struct json_writer *w, const struct mv_record *rec,
		    const struct mv_diagnosis *diag)
{
	mv_render_json_open(w, rec, diag);
	jsonw_end_object(w);
}
