// SPDX-License-Identifier: GPL-2.0
/* The record text (record.c), docs/record-format.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt.h"

/* @rec's text, in a buffer of mv_record_text_max() bytes (free() it). */
static char *format(const struct mv_record *rec, size_t *len)
{
	size_t size = mv_record_text_max();
	char *text = malloc(size);

	if (!text)
		abort();
	*len = mv_record_format(rec, text, size);
	return text;
}

static struct mv_record *rec_new(void)
{
	struct mv_record *rec = calloc(1, sizeof(*rec));

	if (!rec)
		abort();
	rec->seq = 5;
	strscpy(rec->module, "m", sizeof(rec->module));
	rec->result = -ENOEXEC;
	rec->decided_by = MV_DECIDED_VERMAGIC;
	return rec;
}

/* Whether @text has every line of @lines (NULL-terminated), each whole. */
static bool has_lines(const char *text, const char *const *lines, const char **missing)
{
	char want[512];

	for (; *lines; lines++) {
		snprintf(want, sizeof(want), "\n%s\n", *lines);
		if (!strstr(text, want)) {
			*missing = *lines;
			return false;
		}
	}
	return true;
}

static void expect_lines(const char *name, const struct mv_record *rec,
			 const char *const *lines)
{
	const char *missing = "";
	size_t len;
	char *text = format(rec, &len);

	kh_check(name, has_lines(text, lines, &missing), "no line '%s' in:\n%s", missing, text);
	free(text);
}

static void basic(void)
{
	static const char *const lines[] = {
		"module: m", "result: -8 ENOEXEC", "decided_by: vermagic", "module_size: -",
		"shared_with: -", "btf: -", "btf_log: -", NULL
	};
	struct mv_record *rec = rec_new();
	const char *missing = "";
	size_t len;
	char *text = format(rec, &len);

	kh_check("record-format-basic",
		 !strncmp(text, "modverify_record: 1\nseq: 5\n", 27) &&
		 has_lines(text, lines, &missing) && len == strlen(text) &&
		 len > 7 && !strcmp(text + len - 7, "end: 5\n"),
		 "no line '%s' or a wrong start or end in:\n%s", missing, text);
	free(text);
	free(rec);
}

/* module_size, shared_with, btf and btf_log, when known. */
static void known(void)
{
	static const char *const lines[] = {
		"module_size: 1344 1024", "shared_with: 41", "btf: invalid -22",
		"btf_log: 'Invalid name_offset:1234'", NULL
	};
	static const char *const allowed[] = { "btf: mismatch_allowed -", NULL };
	struct mv_record *rec = rec_new();

	rec->module_size = 1344;
	rec->module_size_read = true;
	rec->shared_with = 41;
	rec->btf_state = MV_BTF_INVALID;
	rec->btf_err = -EINVAL;
	strscpy(rec->btf_log, "Invalid name_offset:1234", sizeof(rec->btf_log));
	expect_lines("record-format-new-lines", rec, lines);
	rec->btf_state = MV_BTF_MISMATCH_ALLOWED;
	expect_lines("record-format-btf-mismatch-allowed", rec, allowed);
	free(rec);
}

/* The totals beside the capped lists; the parameters, escaped, cut; exporters. */
static void totals_params(void)
{
	static const char *const none[] = {
		"forced_total: 0", "unresolved_total: 0", "parameters: -",
		"parameter_rejected: -", NULL
	};
	static const char *const lines[] = {
		"forced_total: 45", "unresolved_total: 18",
		"parameters: 'autoclose=xyz name=\\x27a b\\x27\\x0a' ...",
		"parameter_rejected: autoclose",
		"crc_exporter:\tib_register_device\tmlx_compat\tOE",
		"crc_exporter:\tmodule_layout\tvmlinux\t-", "crc_exporter:\tx\t-\t-", NULL
	};
	struct mv_record *rec = rec_new();

	expect_lines("record-format-totals-params-none", rec, none);
	rec->n_exporters = 3;
	strscpy(rec->exporters[0].symbol, "ib_register_device", MV_SYM_LEN);
	strscpy(rec->exporters[0].owner, "mlx_compat", MODULE_NAME_LEN);
	rec->exporters[0].taints = BIT(MV_TAINT_OOT_MODULE) | BIT(MV_TAINT_UNSIGNED_MODULE);
	rec->exporters[0].known = true;
	strscpy(rec->exporters[1].symbol, "module_layout", MV_SYM_LEN);
	rec->exporters[1].known = true;
	strscpy(rec->exporters[2].symbol, "x", MV_SYM_LEN);
	rec->forced_total = 45;
	rec->unresolved_total = 18;
	rec->params_seen = rec->params_cut = true;
	strscpy(rec->params, "autoclose=xyz name='a b'\n", sizeof(rec->params));
	strscpy(rec->param_rejected, "autoclose", sizeof(rec->param_rejected));
	expect_lines("record-format-totals-params", rec, lines);
	free(rec);
}

/*
 * taint_added: the module's own taints the kernel lacked before, once they
 * were read; else what the kernel gained during the attempt (here also a
 * P set by another load).
 */
static void taint_added(void)
{
	static const char *const own[] = { "taint_added: 0x2000 E", "module_taint: OE", NULL };
	static const char *const global[] = { "taint_added: 0x2001 PE", "module_taint: -", NULL };
	struct mv_record *rec = rec_new();

	rec->taint_before = BIT(TAINT_OOT_MODULE);
	rec->taint_after = BIT(TAINT_PROPRIETARY_MODULE) | BIT(TAINT_OOT_MODULE) |
			   BIT(TAINT_UNSIGNED_MODULE);
	rec->module_taints = BIT(TAINT_OOT_MODULE) | BIT(TAINT_UNSIGNED_MODULE);
	rec->module_taints_read = true;
	expect_lines("record-taint-added-module-taints", rec, own);
	rec->module_taints_read = false;
	expect_lines("record-taint-added-without-module-taints", rec, global);
	free(rec);
}

/*
 * Strings from the image or the task: bytes outside 0x20-0x7e and the
 * backslash as \xHH; the single quote too inside the quoted vermagic.
 */
static void escaping(void)
{
	static const char *const lines[] = {
		"comm: in\\x7fsmod\\xff", "module: a\\x5cb'c\\x01",
		"vermagic_module: 'x\\x27y\\x0a'", NULL
	};
	struct mv_record *rec = rec_new();

	strscpy(rec->comm, "in\x7fsmod\xff", sizeof(rec->comm));
	strscpy(rec->module, "a\\b'c\x01", sizeof(rec->module));
	rec->vermagic_in_module = true;
	strscpy(rec->vermagic_module, "x'y\n", sizeof(rec->vermagic_module));
	expect_lines("record-escape-rules", rec, lines);
	free(rec);
}

/*
 * The largest record fits mv_record_text_max(): every list full, every
 * escaped string at its longest and made of bytes written as \xHH, the
 * widest numbers.
 */
static void bound(void)
{
	struct mv_record *rec = malloc(sizeof(*rec));
	size_t size = mv_record_text_max(), len;
	unsigned int i;
	char *text;

	memset(rec, 0, sizeof(*rec));
#define FILL(f, c) (memset(rec->f, c, sizeof(rec->f) - 1), rec->f[sizeof(rec->f) - 1] = '\0')
	FILL(comm, '\n'); FILL(module, '\n'); FILL(srcversion, '\n'); FILL(image_defect, '\n');
	FILL(vermagic_module, '\''); FILL(vermagic_kernel, '\'');
	FILL(btf_log, 'x');	/* printable only: probes.c replaces the rest */
	FILL(params, '\''); FILL(param_rejected, '\n');
	rec->params_seen = rec->params_cut = true;
	rec->forced_total = rec->unresolved_total = ~0U;
	rec->n_stages = MV_MAX_STAGES;
	rec->stages_truncated = true;
	rec->n_forced = MV_MAX_FORCED;
	rec->n_unresolved = MV_MAX_UNRESOLVED;
	rec->n_crcs = MV_MAX_CRCS;
	for (i = 0; i < MV_MAX_STAGES; i++) {
		rec->stages[i].stage = i % MV_STAGE_COUNT;
		rec->stages[i].count = ~0U;
	}
	for (i = 0; i < MV_MAX_FORCED; i++)
		FILL(forced[i].reason, '\\');
	for (i = 0; i < MV_MAX_UNRESOLVED; i++)
		FILL(unresolved[i], '\\');
	rec->n_exporters = MV_MAX_EXPORTERS;
	for (i = 0; i < MV_MAX_EXPORTERS; i++) {
		FILL(exporters[i].symbol, '\n');
		FILL(exporters[i].owner, '\n');
		rec->exporters[i].known = true;
		rec->exporters[i].taints = ~0UL;
	}
	for (i = 0; i < MV_MAX_CRCS; i++) {
		FILL(crcs[i].symbol, '\x7f');
		rec->crcs[i].module_crc = ~0UL;
		rec->crcs[i].kernel_crc = ~0U;
		rec->crcs[i].has_module_crc = rec->crcs[i].has_kernel_crc = true;
		rec->crcs[i].verdict = MV_CRC_MISSING;	/* the longest name */
	}
#undef FILL
	rec->seq = rec->shared_with = ~0ULL;
	rec->wall.tv_sec = -0x7fffffffffffffffLL;
	rec->wall.tv_nsec = 999999999;
	rec->boot_ns = ~0ULL;
	rec->pid = -2147483647;
	rec->image_size = rec->module_size = ~0UL;
	rec->module_size_read = true;
	rec->flags = ~0U;
	rec->taint_before = rec->taint_after = rec->module_taints = ~0UL;
	rec->module_taints_read = true;
	rec->crc_total = rec->crc_omitted = ~0U;
	rec->vermagic_in_module = rec->init_seen = rec->init_returned = true;
	rec->decided_by = MV_DECIDED_UNKNOWN_SYMBOL;
	rec->btf_state = MV_BTF_INVALID;
	rec->btf_err = -2147483647;
	rec->vermagic_verdict = MV_VERMAGIC_FORCE_REFUSED;
	rec->sig_check_seen = true;
	rec->sig_reason = MV_SIG_NO_CRYPTO;
	rec->result = -EPROBE_DEFER;
	rec->init_result = -2147483647;
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
	known();
	totals_params();
	taint_added();
	escaping();
	bound();
}
