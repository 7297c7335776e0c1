// SPDX-License-Identifier: GPL-2.0
/*
 * A prediction written as a modverify record (docs/record-format.md), the
 * text /sys/kernel/debug/modverify/last holds, marked "prediction: yes":
 * the reader parses and renders it like any record.  What only a load
 * would tell (who, when, stages, taint of the running kernel, the init's
 * result) is "-".
 */
#include <stdio.h>
#include <string.h>

#include "errnames.h"
#include "predict.h"
#include "predict_record.h"
#include "vermagic.h"

#define CRC_LINES_MAX	512	/* as the kernel module lists them */

/* Record values are one line each: control characters would break it. */
static void put_value(struct strbuf *sb, const char *s)
{
	const char *c;

	if (!s || !*s) {
		strbuf_add(sb, MV_NONE, 1);
		return;
	}
	for (c = s; *c; c++) {
		char ch = (unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c;

		strbuf_add(sb, &ch, 1);
	}
}

static void put_key(struct strbuf *sb, const char *key, const char *value)
{
	strbuf_addf(sb, "%s: ", key);
	put_value(sb, value);
	strbuf_add(sb, "\n", 1);
}

static void put_vermagic(struct strbuf *sb, const char *key, const char *value)
{
	strbuf_addf(sb, "%s: ", key);
	if (value) {
		strbuf_add(sb, "'", 1);
		if (*value)
			put_value(sb, value);
		strbuf_add(sb, "'", 1);
	} else {
		strbuf_add(sb, MV_NONE, 1);
	}
	strbuf_add(sb, "\n", 1);
}

static void put_errno(struct strbuf *sb, const char *key, int err)
{
	const struct mv_errno_info *e = mv_errno_by_number(-err);

	if (!err)
		strbuf_addf(sb, "%s: 0 OK\n", key);
	else
		strbuf_addf(sb, "%s: %d %s\n", key, err, e ? e->name : MV_NONE);
}

static const char *yesno(enum mv_yesno v)
{
	return v == MV_YN_YES ? "yes" : v == MV_YN_NO ? "no" : MV_NONE;
}

static void put_differs(struct strbuf *sb, const struct mv_prediction *p)
{
	struct mv_vermagic_words module, kernel;
	const char *names[16];
	size_t n = 0, i;

	strbuf_addf(sb, "%s: ", MV_KEY_VERMAGIC_DIFFERS);
	if (p->vermagic_module) {
		mv_vermagic_split(p->vermagic_module, &module);
		mv_vermagic_split(p->vermagic_kernel, &kernel);
		mv_vermagic_mark(&module, &kernel);
		n = mv_vermagic_differing(&module, &kernel, names, 16);
	}
	for (i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? " " : "", names[i]);
	strbuf_addf(sb, "%s\n", n ? "" : MV_NONE);
}

static void put_crc_value(struct strbuf *sb, bool has, unsigned long crc)
{
	if (has)
		strbuf_addf(sb, "\t0x%08lx", crc);	/* as the kernel prints it */
	else
		strbuf_addf(sb, "\t%s", MV_NONE);
}

/* Every mismatch; matches while the record has room for them. */
static void put_crcs(struct strbuf *sb, const struct mv_prediction *p)
{
	size_t i, matches = 0, others = 0, room, listed = 0;

	for (i = 0; i < p->nr_crcs; i++) {
		if (p->crcs[i].verdict == MV_CRC_MATCH)
			matches++;
		else
			others++;
	}
	room = others >= CRC_LINES_MAX ? 0 : CRC_LINES_MAX - others;
	strbuf_addf(sb, "%s: %zu\n%s: %zu\n", MV_KEY_CRC_TOTAL, p->nr_crcs,
		    MV_KEY_CRC_OMITTED, matches > room ? matches - room : 0);
	for (i = 0; i < p->nr_crcs; i++) {
		const struct mv_pred_crc *c = &p->crcs[i];

		if (c->verdict == MV_CRC_MATCH && listed++ >= room)
			continue;
		strbuf_addf(sb, "%s:", MV_KEY_CRC);
		put_crc_value(sb, c->has_module_crc, c->module_crc);
		put_crc_value(sb, c->has_kernel_crc, c->kernel_crc);
		strbuf_addf(sb, "\t%s\t", mv_crc_verdict_name(c->verdict));
		put_value(sb, c->symbol);
		strbuf_add(sb, "\n", 1);
	}
}

/*
 * "<module> <kernel>" where the target compares them (6.4+), a side it
 * could not read "-"; "-" for older targets, which do not.
 */
static void put_module_size(struct strbuf *sb, const struct mv_prediction *p)
{
	strbuf_addf(sb, "%s: ", MV_KEY_MODULE_SIZE);
	if (!p->size_checked) {
		strbuf_addf(sb, "%s\n", MV_NONE);
		return;
	}
	if (p->has_module_size)
		strbuf_addf(sb, "%llu ", (unsigned long long)p->module_size);
	else
		strbuf_addf(sb, "%s ", MV_NONE);
	if (p->kernel_module_size)
		strbuf_addf(sb, "%llu\n", (unsigned long long)p->kernel_module_size);
	else
		strbuf_addf(sb, "%s\n", MV_NONE);
}

void mv_prediction_record(const struct mv_prediction *p, struct strbuf *sb)
{
	size_t i;

	strbuf_addf(sb, "%s: %d\n", MV_KEY_FORMAT, MV_RECORD_VERSION);
	put_key(sb, MV_KEY_PREDICTION, "yes");
	/* no attempt happened: sequence number 0 */
	strbuf_addf(sb, "%s: 0\n", MV_KEY_SEQ);
	put_key(sb, MV_KEY_TIMESTAMP, NULL);
	put_key(sb, MV_KEY_BOOTTIME, NULL);
	put_key(sb, MV_KEY_KERNEL, p->kernel);
	put_key(sb, MV_KEY_PID, NULL);
	put_key(sb, MV_KEY_COMM, NULL);
	put_key(sb, MV_KEY_MODULE, p->module);
	put_key(sb, MV_KEY_SRCVERSION, p->srcversion);
	strbuf_addf(sb, "%s: %zu\n", MV_KEY_IMAGE_SIZE, p->image_size);
	put_key(sb, MV_KEY_IMAGE_CHECK, p->image_check);
	put_module_size(sb, p);
	strbuf_addf(sb, "%s: 0x0 %s\n", MV_KEY_FLAGS, MV_NONE);
	put_errno(sb, MV_KEY_RESULT, p->result);
	put_key(sb, MV_KEY_DECIDED_BY, mv_decider_name(p->decided_by));
	put_key(sb, MV_KEY_SHARED_WITH, NULL);
	put_key(sb, MV_KEY_STAGES, NULL);
	put_key(sb, MV_KEY_SIGNATURE, p->signature ? "present" : "absent");
	put_key(sb, MV_KEY_SIG_VERIFIED, NULL);
	put_key(sb, MV_KEY_SIG_ENFORCED, yesno(p->sig_enforced));
	put_key(sb, MV_KEY_SIG_REASON, p->sig_reason < 0 ? NULL :
		mv_sig_reason_name((enum mv_sig_reason)p->sig_reason));
	put_key(sb, MV_KEY_VERMAGIC_SOURCE, MV_SOURCE_DERIVED);
	put_vermagic(sb, MV_KEY_VERMAGIC_MODULE, p->vermagic_module);
	put_vermagic(sb, MV_KEY_VERMAGIC_KERNEL, p->vermagic_kernel);
	put_key(sb, MV_KEY_VERMAGIC_RELEASE, p->release_compared ? "yes" : "no");
	put_key(sb, MV_KEY_VERMAGIC_VERDICT,
		mv_vermagic_verdict_name(p->vermagic_verdict));
	put_differs(sb, p);
	put_crcs(sb, p);
	for (i = 0; i < p->nr_forced; i++) {
		strbuf_addf(sb, "%s:\t%s\t", MV_KEY_FORCED,
			    p->forced[i].ok ? "ok" : "refused");
		put_value(sb, p->forced[i].reason);
		strbuf_add(sb, "\n", 1);
	}
	for (i = 0; i < p->nr_unresolved; i++) {
		strbuf_addf(sb, "%s:\t", MV_KEY_UNRESOLVED);
		put_value(sb, p->unresolved[i]);
		strbuf_add(sb, "\n", 1);
	}
	/* absent is certain; whether a .BTF fits the kernel's is not */
	put_key(sb, MV_KEY_BTF, p->btf ? NULL : mv_btf_state_name(MV_BTF_ABSENT));
	put_key(sb, MV_KEY_BTF_LOG, NULL);
	put_key(sb, MV_KEY_TAINT_BEFORE, NULL);
	put_key(sb, MV_KEY_TAINT_AFTER, NULL);
	put_key(sb, MV_KEY_TAINT_ADDED, NULL);
	put_key(sb, MV_KEY_MODULE_TAINT, p->module_taint);
	put_key(sb, MV_KEY_INIT_RESULT, NULL);
	strbuf_addf(sb, "%s: 0\n", MV_KEY_END);
}
