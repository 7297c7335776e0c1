// SPDX-License-Identifier: GPL-2.0
/*
 * Human-readable rendering: a headline verdict, then modinfo-style
 * "label:  value" lines, then what to do.  CRC rows are "0x%08x<TAB>symbol"
 * like Module.symvers and modprobe --show-modversions, so they can be
 * grepped against those files.
 *
 * Every value from the record is printed through put_safe(): a record is
 * untrusted input and must not be able to send escape sequences to the
 * terminal.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "array.h"
#include "errnames.h"
#include "render.h"
#include "utf8.h"
#include "vermagic.h"
#include "vocab.h"

#define LABEL_WIDTH	16

struct palette {
	const char *bold;
	const char *red;
	const char *green;
	const char *yellow;
	const char *reset;
};

static const struct palette colors = {
	"\033[1m", "\033[1;31m", "\033[1;32m", "\033[1;33m", "\033[0m"
};
static const struct palette no_colors = { "", "", "", "", "" };

/*
 * Print untrusted bytes: control characters, C1 controls, invalid UTF-8
 * and the backslash itself (so that \xNN is never ambiguous) become \xNN.
 * Returns the number of terminal columns used.
 */
static size_t put_safe_len(FILE *out, const char *s, size_t len)
{
	const unsigned char *c = (const unsigned char *)s;
	size_t columns = 0;

	while (len) {
		size_t seq = 0;

		if (*c >= 0x20 && *c < 0x7f && *c != '\\') {
			putc(*c, out);
			columns++;
			c++;
			len--;
			continue;
		}
		if (*c >= 0x80)
			seq = utf8_sequence_length(c, len);
		if (seq && !(c[0] == 0xc2 && c[1] < 0xa0)) {
			fwrite(c, 1, seq, out);
			columns++;
			c += seq;
			len -= seq;
			continue;
		}
		fprintf(out, "\\x%02x", *c);
		columns += 4;
		c++;
		len--;
	}
	return columns;
}

static size_t put_safe(FILE *out, const char *s)
{
	return put_safe_len(out, s, strlen(s));
}

static void label(FILE *out, const char *name)
{
	int width = LABEL_WIDTH - (int)strlen(name) - 1;

	fprintf(out, "%s:%*s", name, width > 0 ? width : 1, "");
}

static void line(FILE *out, const char *name, const char *value)
{
	label(out, name);
	put_safe(out, value ? value : MV_NONE);
	putc('\n', out);
}

static const char *yesno(enum mv_yesno v)
{
	return v == MV_YN_YES ? "yes" : v == MV_YN_NO ? "no" : "unknown";
}

static const char *decider_description(int decided_by)
{
	switch (decided_by) {
	case MV_DECIDED_LOADED:		return "every check passed";
	case MV_DECIDED_FORCED:		return "loaded, a check was forced";
	case MV_DECIDED_SIGNATURE:	return "the signature check, module_sig_check()";
	case MV_DECIDED_LOCKDOWN:	return "lockdown refused an unverified module";
	case MV_DECIDED_ELF:		return "ELF and section validation";
	case MV_DECIDED_MODULE_SIZE:	return "the struct module size check (6.4+)";
	case MV_DECIDED_BLACKLIST:	return "module_blacklist= on the kernel command line";
	case MV_DECIDED_MODULE_LAYOUT:	return "the struct-layout CRC, check_modstruct_version()";
	case MV_DECIDED_VERMAGIC:	return "the vermagic comparison, same_magic()";
	case MV_DECIDED_FORCE_REFUSED:	return "forcing refused, try_to_force_load()";
	case MV_DECIDED_DUPLICATE:	return "a module of that name exists";
	case MV_DECIDED_SYMBOL_CRC:	return "an imported symbol's CRC, check_version()";
	case MV_DECIDED_UNKNOWN_SYMBOL:	return "an import nobody exports";
	case MV_DECIDED_RELOCATION:	return "a relocation the loader refused, apply_relocate_add()";
	case MV_DECIDED_PARAMETER:	return "a module parameter's value, parse_args()";
	case MV_DECIDED_BTF:		return "the module BTF validation, btf_module_notify()";
	case MV_DECIDED_INIT:		return "the module's own init function";
	case MV_DECIDED_LOADER:		return "a loader step after verification";
	case MV_DECIDED_MODULES_DISABLED: return "kernel.modules_disabled, may_init_module()";
	case MV_DECIDED_CAPABILITY:	return "CAP_SYS_MODULE, may_init_module()";
	case MV_DECIDED_LSM:		return "a security module, before load_module()";
	case MV_DECIDED_FILE:		return "reading the module in, before load_module()";
	case MV_DECIDED_PENDING:	return "not decided: the module's init is running";
	case MV_DECIDED_UNKNOWN:	return "not attributed to a check";
	default:			return "a check unknown to this modverify";
	}
}

static const char *outcome_color(const struct palette *pal,
				 enum mv_outcome outcome)
{
	switch (outcome) {
	case MV_OUTCOME_LOADED:
		return pal->green;
	case MV_OUTCOME_LOADED_TAINTED:
	case MV_OUTCOME_FORCED:
	case MV_OUTCOME_RUNNING:
		return pal->yellow;
	default:
		return pal->red;
	}
}

static void render_headline(FILE *out, const struct mv_record *rec,
			    const struct mv_diagnosis *diag,
			    const struct palette *pal)
{
	struct strbuf tail = STRBUF_INIT;

	fputs(pal->bold, out);
	put_safe(out, mv_module_label(rec));
	fprintf(out, "%s: %s%s%s", pal->reset,
		outcome_color(pal, diag->outcome),
		mv_outcome_text(diag->outcome), pal->reset);
	mv_headline_tail(rec, diag, &tail);
	put_safe(out, strbuf_str(&tail));
	putc('\n', out);
	strbuf_release(&tail);
}

/*
 * What the loading tool printed for r: kmod's insmod or modprobe, told by
 * the record's comm; both when the loader was another program.
 */
static void render_result(FILE *out, const char *name,
			  const struct mv_record *rec, const struct mv_errval *r)
{
	enum mv_load_tool tool = mv_load_tool(rec->comm);

	label(out, name);
	if (!r->known) {
		fputs(MV_NONE "\n", out);
		return;
	}
	fprintf(out, "%lld ", r->value);
	put_safe(out, mv_errno_name(r->name, r->value));
	if (r->value != 0) {
		const char *insmod = mv_insmod_text(r->name, r->value);
		const char *modprobe = mv_modprobe_text(r->name, r->value);

		if (tool == MV_TOOL_INSMOD)
			fprintf(out, " (insmod: \"%s\")", insmod);
		else if (tool == MV_TOOL_MODPROBE)
			fprintf(out, " (modprobe: \"%s\")", modprobe);
		else if (strcmp(insmod, modprobe) != 0)
			fprintf(out, " (insmod: \"%s\", modprobe: \"%s\")",
				insmod, modprobe);
		else
			fprintf(out, " (\"%s\")", insmod);
	}
	putc('\n', out);
}

/* "2025-11-22 03:11:28 UTC", in the reader's time zone */
static void render_time(FILE *out, const char *timestamp)
{
	char buf[64];
	struct tm tm;
	time_t t;
	char *end;
	long long seconds = strtoll(timestamp, &end, 10);

	t = (time_t)seconds;
	if (*end != '.' || (long long)t != seconds || !localtime_r(&t, &tm) ||
	    !strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %Z", &tm)) {
		put_safe(out, timestamp);
		return;
	}
	fputs(buf, out);
}

static void render_attempt(FILE *out, const struct mv_record *rec)
{
	label(out, "attempt");
	if (rec->state == MV_STATE_RUNNING)
		fputs("(no number until it ends)", out);
	else
		fprintf(out, "#%llu", (unsigned long long)rec->seq);
	if (rec->comm) {
		fputs(" by ", out);
		put_safe(out, rec->comm);
	}
	if (rec->has_pid)
		fprintf(out, " (pid %lld)", rec->pid);
	if (rec->timestamp) {
		fputs(" at ", out);
		render_time(out, rec->timestamp);
	}
	if (rec->boottime) {
		/* dmesg's own format, to find the kernel's lines */
		size_t digits = strcspn(rec->boottime, ".");
		int pad = digits < 5 ? 5 - (int)digits : 0;

		fprintf(out, ", dmesg [%*s", pad, "");
		put_safe(out, rec->boottime);
		putc(']', out);
	}
	putc('\n', out);
}

/* A watch record made while events were lost may lack facts. */
static void render_events_lost(FILE *out, const struct mv_record *rec,
			       const struct palette *pal)
{
	if (!rec->has_events_lost || !rec->events_lost)
		return;
	label(out, "events lost");
	fprintf(out, "%s%llu while this load was under way%s (by any loader): "
		"this record may lack facts\n", pal->yellow,
		(unsigned long long)rec->events_lost, pal->reset);
}

static void render_flags(FILE *out, const struct mv_record *rec)
{
	uint64_t bit;

	label(out, "flags");
	if (!rec->has_flags) {
		fputs(MV_NONE "\n", out);
		return;
	}
	fprintf(out, "0x%llx", (unsigned long long)rec->flags);
	if (!rec->flags)
		fputs(" (none)", out);
	for (bit = 1; bit && bit <= rec->flags; bit <<= 1) {
		const char *name;

		if (!(rec->flags & bit))
			continue;
		name = mv_flag_name(bit);
		if (name)
			fprintf(out, " %s", name);
		else
			fprintf(out, " 0x%llx", (unsigned long long)bit);
	}
	putc('\n', out);
}

static void render_signature(FILE *out, const struct mv_record *rec)
{
	label(out, "signature");
	fprintf(out, "%s; verified: %s; enforced: %s",
		rec->signature_present == MV_YN_YES ? "present" :
		rec->signature_present == MV_YN_NO ? "absent" : "unknown",
		yesno(rec->sig_verified), yesno(rec->sig_enforced));
	if (rec->sig_reason_name) {
		fputs("; check: ", out);
		put_safe(out, rec->sig_reason_name);
	}
	putc('\n', out);
	if (!rec->signer && !rec->sig_key)
		return;
	label(out, "signer");
	put_safe(out, rec->signer ? rec->signer : MV_NONE);
	fputs("; key: ", out);
	put_safe(out, rec->sig_key ? rec->sig_key : MV_NONE);
	fputs("; hash: ", out);
	put_safe(out, rec->sig_hashalgo ? rec->sig_hashalgo : MV_NONE);
	fprintf(out, "; in the kernel's keyrings: %s\n", yesno(rec->sig_key_trusted));
}

/* How the module was built and what it needs, from its .modinfo. */
static void render_modinfo(FILE *out, const struct mv_record *rec)
{
	if (!rec->intree && !rec->license && !rec->depends)
		return;
	label(out, "modinfo");
	fprintf(out, "in-tree: %s; license: ",
		rec->intree && strcmp(rec->intree, "Y") == 0 ? "yes" : "no");
	put_safe(out, rec->license ? rec->license : MV_NONE);
	fputs("; depends: ", out);
	put_safe(out, rec->depends ? rec->depends : MV_NONE);
	putc('\n', out);
}

static void render_stages(FILE *out, const struct mv_record *rec)
{
	size_t i;

	label(out, "stages");
	if (!rec->nr_stages)
		fputs(MV_NONE, out);
	for (i = 0; i < rec->nr_stages; i++) {
		if (i)
			putc(' ', out);
		put_safe(out, rec->stages[i].name);
		if (rec->stages[i].count > 1)
			fprintf(out, "*%lu", rec->stages[i].count);
	}
	if (rec->stages_truncated)
		fputs(" ...", out);
	putc('\n', out);
}

/* An idempotent finit_module follower (6.5+) ran no load of its own. */
static void render_shared(FILE *out, const struct mv_record *rec)
{
	if (!rec->has_shared_with)
		return;
	label(out, "shared");
	fprintf(out, "the result of attempt #%llu: concurrent loads of the same file share one load (kernel 6.5+)\n",
		(unsigned long long)rec->shared_with);
}

/* Refused before load_module(): where, and by which security module. */
static void render_before_load(FILE *out, const struct mv_record *rec)
{
	if (!rec->refused_at)
		return;
	label(out, "refused at");
	fprintf(out, "%s, before load_module()\n", rec->refused_at);
	if (rec->lsm)
		line(out, "lsm", rec->lsm);
}

/* The image's struct module against the kernel's (checked since 6.4). */
static void render_module_size(FILE *out, const struct mv_record *rec,
			       const struct palette *pal)
{
	const struct mv_module_size *size = &rec->module_size;
	bool differ = size->has_module && size->has_kernel &&
		      size->module != size->kernel;

	if (!size->has_module && !size->has_kernel &&
	    rec->decided_by != MV_DECIDED_MODULE_SIZE)
		return;
	label(out, "module size");
	if (size->has_module)
		fprintf(out, "%llu bytes", (unsigned long long)size->module);
	else
		fputs("unknown", out);
	fputs(" (.gnu.linkonce.this_module); the kernel's struct module: ", out);
	if (size->has_kernel)
		fprintf(out, "%llu bytes", (unsigned long long)size->kernel);
	else if (rec->prediction == MV_YN_YES)
		fputs("unknown, the size check is not predicted", out);
	else
		fputs("unknown", out);
	if (differ)
		fprintf(out, " - %sdiffer%s", pal->red, pal->reset);
	putc('\n', out);
}

/* One vermagic string, quoted as the kernel prints it, then ^ markers. */
static void render_vermagic_side(FILE *out, const char *name,
				 const char *vermagic,
				 const struct mv_vermagic_words *words,
				 const struct palette *pal)
{
	size_t cols[MV_VERMAGIC_MAX_WORDS][2];
	const char *c = vermagic;
	size_t col = 0, i, marked = 0;

	label(out, name);
	if (!vermagic) {
		fputs("- (none)\n", out);
		return;
	}
	putc('\'', out);
	for (i = 0; i < words->nr; i++) {
		const struct mv_vermagic_word *w = &words->word[i];

		col += put_safe_len(out, c, (size_t)(w->text - c));
		cols[i][0] = col;
		if (w->differs)
			fputs(pal->red, out);
		col += put_safe_len(out, w->text, w->len);
		if (w->differs) {
			fputs(pal->reset, out);
			marked++;
		}
		cols[i][1] = col;
		c = w->text + w->len;
	}
	put_safe(out, c);
	fputs("'\n", out);
	if (!marked)
		return;

	/* markers line, aligned under the words (one column for the quote) */
	fprintf(out, "%*s", LABEL_WIDTH + 1, "");
	col = 0;
	for (i = 0; i < words->nr; i++) {
		if (!words->word[i].differs)
			continue;
		for (; col < cols[i][0]; col++)
			putc(' ', out);
		for (; col < cols[i][1]; col++)
			putc('^', out);
	}
	putc('\n', out);
}

static void render_vermagic(FILE *out, const struct mv_record *rec,
			    const struct palette *pal)
{
	struct mv_vermagic_pair pair;
	const char *names[16];
	size_t n, i;

	label(out, "vermagic");
	put_safe(out, rec->vermagic_verdict_name ?
		 rec->vermagic_verdict_name : "unknown");
	if (rec->vermagic_source &&
	    strcmp(rec->vermagic_source, MV_SOURCE_OBSERVED) == 0)
		fputs(" (observed: the kernel's own comparison)", out);
	else if (rec->vermagic_source &&
		 strcmp(rec->vermagic_source, MV_SOURCE_DERIVED) == 0)
		fputs(" (derived by modverify from the image and the kernel's vermagic)", out);
	else if (rec->vermagic_source) {
		fputs(" (source: ", out);
		put_safe(out, rec->vermagic_source);
		putc(')', out);
	}
	putc('\n', out);

	mv_vermagic_compare(&pair, rec->vermagic_module, rec->vermagic_kernel);
	render_vermagic_side(out, "  module", rec->vermagic_module, &pair.module,
			     pal);
	render_vermagic_side(out, "  kernel", rec->vermagic_kernel, &pair.kernel,
			     pal);

	n = mv_record_vermagic_differs(rec, names, ARRAY_SIZE(names));
	label(out, "  differs");
	if (!n)
		fputs("nothing", out);
	for (i = 0; i < n; i++) {
		const char *meaning = mv_vermagic_class_meaning(names[i]);

		if (i)
			fputs(", ", out);
		fputs(pal->red, out);
		put_safe(out, names[i]);
		fputs(pal->reset, out);
		if (meaning)
			fprintf(out, " (%s)", meaning);
	}
	putc('\n', out);
	label(out, "  release");
	if (rec->has_flags && (rec->flags & MV_FLAG_IGNORE_VERMAGIC)) {
		fputs("not compared (IGNORE_VERMAGIC: the vermagic was not checked)\n", out);
		return;
	}
	switch (rec->vermagic_release_compared) {
	case MV_YN_YES:
		fputs(mv_record_kernel_modversions(rec) == MV_YN_NO ?
		      "compared (the kernel has no CONFIG_MODVERSIONS: the whole string must match)\n" :
		      rec->has_flags && (rec->flags & MV_FLAG_IGNORE_MODVERSIONS) ?
		      "compared (IGNORE_MODVERSIONS: the kernel took the module for one without CRCs)\n" :
		      "compared (the module has no CRCs)\n", out);
		break;
	case MV_YN_NO:
		fputs("not compared (the module has CRCs; the kernel skips the release word)\n", out);
		break;
	default:
		fputs("unknown whether compared\n", out);
	}
}

/* ", exported by mlx_compat (OE)" beside a CRC that differs. */
static void render_exporter(FILE *out, const struct mv_exporter *e)
{
	if (!e || !e->exporter)
		return;
	fputs(", exported by ", out);
	put_safe(out, e->exporter);
	if (e->taint) {
		fputs(" (", out);
		put_safe(out, e->taint);
		putc(')', out);
	}
}

static void render_crcs(FILE *out, const struct mv_record *rec,
			const struct mv_diagnosis *diag,
			const struct mv_render_options *opts,
			const struct palette *pal)
{
	size_t counts[MV_CRC_VERDICT_COUNT] = { 0 }, unknown = 0, i;
	int v;

	for (i = 0; i < rec->nr_crcs; i++) {
		if (rec->crcs[i].verdict >= 0)
			counts[rec->crcs[i].verdict]++;
		else
			unknown++;
	}
	label(out, "crcs");
	if (rec->has_crc_total)
		fprintf(out, "%llu compared: ", (unsigned long long)rec->crc_total);
	else
		fprintf(out, "%zu listed: ", rec->nr_crcs);
	fprintf(out, "%s%zu mismatch%s%s", diag->nr_crc_mismatches ?
		pal->red : "", diag->nr_crc_mismatches,
		diag->nr_crc_mismatches == 1 ? "" : "es",
		diag->nr_crc_mismatches ? pal->reset : "");
	for (v = 0; v < MV_CRC_VERDICT_COUNT; v++)
		if (v != MV_CRC_MISMATCH && (counts[v] || v == MV_CRC_MATCH))
			fprintf(out, ", %zu %s", counts[v],
				mv_crc_verdict_name((enum mv_crc_verdict)v));
	if (unknown)
		fprintf(out, ", %zu of unknown verdict", unknown);
	if (rec->has_crc_omitted && rec->crc_omitted)
		fprintf(out, " (%llu matching left out of the record)",
			(unsigned long long)rec->crc_omitted);
	if (diag->nr_crc_matches && !opts->verbose)
		fputs(" (matches listed with -v)", out);
	putc('\n', out);

	for (i = 0; i < rec->nr_crcs; i++) {
		const struct mv_crc *crc = &rec->crcs[i];
		char module_crc[24], kernel_crc[24];
		bool mismatch = crc->verdict == MV_CRC_MISMATCH;

		if (crc->verdict == MV_CRC_MATCH && !opts->verbose)
			continue;
		fprintf(out, "\t%s\t", mv_crc_format(crc->has_module_crc,
						     crc->module_crc, MV_NONE,
						     module_crc));
		put_safe(out, crc->symbol);
		fprintf(out, "\t%s", mismatch ? pal->red : "");
		put_safe(out, crc->verdict_name);
		fprintf(out, "%s", mismatch ? pal->reset : "");
		if (crc->verdict != MV_CRC_MATCH)
			fprintf(out, ", kernel has %s",
				mv_crc_format(crc->has_kernel_crc,
					      crc->kernel_crc, MV_NONE,
					      kernel_crc));
		render_exporter(out, mv_record_exporter(rec, crc->symbol));
		putc('\n', out);
	}
}

/* After a capped list: how many the record left out of it. */
static void render_left_out(FILE *out, bool has_total, uint64_t total, size_t listed,
			    const char *what)
{
	if (!has_total || total <= listed)
		return;
	fprintf(out, "%*s... and %llu more (%llu %s, %zu listed)\n", LABEL_WIDTH, "",
		(unsigned long long)(total - listed), (unsigned long long)total,
		what, listed);
}

static void render_forced(FILE *out, const struct mv_record *rec)
{
	size_t i;

	for (i = 0; i < rec->nr_forced; i++) {
		if (i)
			fprintf(out, "%*s", LABEL_WIDTH, "");
		else
			label(out, "forced");
		fprintf(out, "%s: ", rec->forced[i].ok ? "ok (taints F)" :
			"refused (no CONFIG_MODULE_FORCE_LOAD)");
		put_safe(out, rec->forced[i].reason);
		putc('\n', out);
	}
	render_left_out(out, rec->has_forced_total, rec->forced_total,
			rec->nr_forced, "forced checks");
}

static void render_unresolved(FILE *out, const struct mv_record *rec,
			      const struct palette *pal)
{
	size_t i;

	for (i = 0; i < rec->nr_unresolved; i++) {
		if (i)
			fprintf(out, "%*s", LABEL_WIDTH, "");
		else
			label(out, "unresolved");
		fputs(pal->red, out);
		put_safe(out, rec->unresolved[i]);
		fprintf(out, "%s\n", pal->reset);
	}
	render_left_out(out, rec->has_unresolved_total, rec->unresolved_total,
			rec->nr_unresolved, "unresolved imports");
}

/* The parameters passed, when parse_args() refused one (or -v). */
static void render_parameters(FILE *out, const struct mv_record *rec,
			      const struct mv_render_options *opts)
{
	if (!rec->parameters || (!rec->parameter_rejected && !opts->verbose &&
				 rec->decided_by != MV_DECIDED_PARAMETER))
		return;
	label(out, "parameters");
	putc('\'', out);
	put_safe(out, rec->parameters);
	fprintf(out, "'%s\n", rec->parameters_cut ? " ... (cut)" : "");
	if (rec->parameter_rejected)
		line(out, "  rejected", rec->parameter_rejected);
}

static void render_btf(FILE *out, const struct mv_record *rec,
		       const struct mv_render_options *opts,
		       const struct palette *pal)
{
	const struct mv_btf *btf = &rec->btf;
	bool prediction = rec->prediction == MV_YN_YES;

	if (btf->state == MV_BTF_NOT_REACHED && !btf->log && !prediction &&
	    !opts->verbose)
		return;
	label(out, "btf");
	switch (btf->state) {
	case MV_BTF_OK:
		fputs("ok (validated against the kernel's BTF)", out);
		break;
	case MV_BTF_ABSENT:
		fputs("absent (no .BTF section: nothing to validate)", out);
		break;
	case MV_BTF_INVALID:
		fprintf(out, "%sinvalid%s: %lld %s (the kernel refused the module)",
			pal->red, pal->reset, btf->errno_value,
			mv_errno_name(NULL, btf->errno_value));
		break;
	case MV_BTF_MISMATCH_ALLOWED:
		fprintf(out, "mismatch allowed: %lld %s (loaded without BTF: CONFIG_MODULE_ALLOW_BTF_MISMATCH)",
			btf->errno_value, mv_errno_name(NULL, btf->errno_value));
		break;
	default:
		fputs(prediction ?
		      "not predicted (only a load validates the module's BTF against the kernel's)" :
		      "- (not reached)", out);
		break;
	}
	putc('\n', out);
	if (btf->log) {
		label(out, "  verifier");
		putc('\'', out);
		put_safe(out, btf->log);
		fputs("'\n", out);
	}
}

/* Only an attempt that did not return says where it is. */
static void render_state(FILE *out, const struct mv_record *rec,
			 const struct palette *pal)
{
	if (rec->state == MV_STATE_RETURNED)
		return;
	label(out, "state");
	if (rec->state == MV_STATE_RUNNING)
		fprintf(out, "%srunning%s - the module's init has not returned yet\n",
			pal->yellow, pal->reset);
	else
		fprintf(out, "%stask_exited%s - the loading task died inside the loader, which never returned\n",
			pal->red, pal->reset);
}

/* "target_nonzero: R_X86_64_PLT32 .init.text+0x36 strnlen", when refused */
static void render_relocation(FILE *out, const struct mv_record *rec,
			      const struct palette *pal)
{
	const struct mv_relocation *rel = &rec->relocation;

	if (!rel->reason_name)
		return;
	label(out, "relocation");
	fputs(pal->red, out);
	put_safe(out, rel->reason_name);
	fprintf(out, "%s: type %s, ", pal->reset, rel->type ? rel->type : MV_NONE);
	put_safe(out, rel->section ? rel->section : MV_NONE);
	if (rel->has_offset)
		fprintf(out, "+0x%llx", (unsigned long long)rel->offset);
	fputs(", symbol ", out);
	put_safe(out, rel->symbol ? rel->symbol : MV_NONE);
	putc('\n', out);
}

/* Letters for a mask, from the kernel's table; "-" for none. */
static void taint_letters(uint64_t mask, char *buf, size_t size)
{
	if (!mv_taint_letters(mask, buf, size))
		snprintf(buf, size, "-");
}

static void render_taint(FILE *out, const struct mv_record *rec)
{
	char before[72], after[72], added[72];
	unsigned int bit;

	label(out, "taint");
	if (!rec->taint_before.known && !rec->taint_after.known &&
	    !rec->taint_added.known) {
		fputs("unknown\n", out);
		return;
	}
	taint_letters(rec->taint_before.mask, before, sizeof(before));
	taint_letters(rec->taint_after.mask, after, sizeof(after));
	taint_letters(rec->taint_added.mask, added, sizeof(added));
	fprintf(out, "%s -> %s", rec->taint_before.known ? before : "?",
		rec->taint_after.known ? after : "?");
	if (!rec->taint_added.known)
		fputs(" (added: unknown)\n", out);
	else if (!rec->taint_added.mask)
		fputs(" (nothing added)\n", out);
	else
		fprintf(out, " (added %s)\n", added);

	for (bit = 0; bit < 64 && rec->taint_added.known; bit++) {
		const char *meaning;
		char letter, name[24];

		if (!(rec->taint_added.mask & (1ULL << bit)))
			continue;
		meaning = mv_taint_meaning(bit, &letter);
		snprintf(name, sizeof(name), "  + %c (bit %u)", letter, bit);
		fprintf(out, "%-*s%s\n", LABEL_WIDTH, name,
			meaning ? meaning : "unknown taint bit");
	}
}

static void render_advice(FILE *out, const struct mv_diagnosis *diag,
			  const struct palette *pal)
{
	size_t i;

	if (!diag->nr_advice)
		return;
	fprintf(out, "\n%sWhat to do:%s\n", pal->bold, pal->reset);
	for (i = 0; i < diag->nr_advice; i++) {
		fprintf(out, "  %zu. ", i + 1);
		put_safe(out, diag->advice[i].text);
		putc('\n', out);
		if (diag->advice[i].command) {
			fputs("       ", out);
			put_safe(out, diag->advice[i].command);
			putc('\n', out);
		}
	}
}

/* What the loader's checks saw, in their order. */
static void render_checks(FILE *out, const struct mv_record *rec,
			  const struct mv_diagnosis *diag,
			  const struct mv_render_options *opts,
			  const struct palette *pal)
{
	render_modinfo(out, rec);
	render_signature(out, rec);
	render_module_size(out, rec, pal);
	if (opts->verbose)
		render_stages(out, rec);
	render_vermagic(out, rec, pal);
	render_crcs(out, rec, diag, opts, pal);
	render_forced(out, rec);
	render_unresolved(out, rec, pal);
	render_relocation(out, rec, pal);
	render_btf(out, rec, opts, pal);
	render_parameters(out, rec, opts);
}

void mv_render_text(FILE *out, const struct mv_record *rec,
		    const struct mv_diagnosis *diag,
		    const struct mv_render_options *opts)
{
	const struct palette *pal = opts->color ? &colors : &no_colors;

	render_headline(out, rec, diag, pal);
	putc('\n', out);
	line(out, "module", rec->module);
	if (opts->verbose) {
		line(out, "srcversion", rec->srcversion);
		label(out, "image");
		if (rec->has_image_size)
			fprintf(out, "%llu bytes, ",
				(unsigned long long)rec->image_size);
		fputs("check: ", out);
		put_safe(out, rec->image_check ? rec->image_check : MV_NONE);
		putc('\n', out);
	}
	render_state(out, rec, pal);
	render_result(out, "result", rec, &rec->result);
	label(out, "decided by");
	put_safe(out, rec->decided_by_name);
	fprintf(out, " - %s\n", decider_description(rec->decided_by));
	render_shared(out, rec);
	render_before_load(out, rec);
	if (rec->init_result.known)
		render_result(out, "init result", rec, &rec->init_result);
	line(out, "kernel", rec->kernel);
	if (rec->prediction == MV_YN_YES)	/* modverify check */
		line(out, "prediction", "from the kernel's build tree; no module was loaded");
	else
		render_attempt(out, rec);
	render_events_lost(out, rec, pal);
	render_flags(out, rec);
	/* Refused before load_module(): none of the loader's checks ran. */
	if (!rec->refused_at)
		render_checks(out, rec, diag, opts, pal);
	render_taint(out, rec);
	if (rec->module_taint || opts->verbose)
		line(out, "module taint", rec->module_taint);
	render_advice(out, diag, pal);
}
