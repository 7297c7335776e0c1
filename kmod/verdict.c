// SPDX-License-Identifier: GPL-2.0
/*
 * Which check decided an attempt.  The loader runs its checks in a fixed
 * order (kernel/module/main.c, 6.1): signature, ELF validation, blacklist,
 * struct-layout CRC (module_layout), vermagic, duplicates, symbol CRCs and
 * resolution, relocations, module BTF, parameters, then the module's init.
 * The first check that failed, as seen by the probes (or, for inlined
 * checks, by what ran before the failure), decided the outcome.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/string.h>
#include <uapi/linux/module.h>

#include <modverify/decide.h>

#include "compat.h"
#include "modverify.h"

static bool stage_seen(const struct mv_record *rec, enum mv_stage stage)
{
	unsigned int i;

	for (i = 0; i < rec->n_stages; i++)
		if (rec->stages[i].stage == stage)
			return true;
	return false;
}

static const struct mv_crc *layout_crc(const struct mv_record *rec)
{
	if (rec->n_crcs && !strcmp(rec->crcs[0].symbol, "module_layout"))
		return &rec->crcs[0];
	return NULL;
}

static bool crc_refused(const struct mv_crc *crc)
{
	return crc && mv_crc_verdict_refuses(crc->verdict);
}

/* First imported symbol whose comparison refused the module. */
static const struct mv_crc *bad_symbol_crc(const struct mv_record *rec)
{
	unsigned int i;

	for (i = layout_crc(rec) ? 1 : 0; i < rec->n_crcs; i++)
		if (crc_refused(&rec->crcs[i]))
			return &rec->crcs[i];
	return NULL;
}

/* The loader got to symbol resolution (past the duplicate checks). */
static bool symbols_reached(const struct mv_record *rec, const struct mv_crc *layout)
{
	return rec->n_crcs > (layout ? 1 : 0) ||
	       stage_seen(rec, MV_STAGE_RESOLVE_SYMBOL);
}

/* Whether some try_to_force_load() call ended with @ok. */
static bool any_forced(const struct mv_record *rec, bool ok)
{
	unsigned int i;

	for (i = 0; i < rec->n_forced; i++)
		if (rec->forced[i].ok == ok)
			return true;
	return false;
}

/*
 * 6.4+ refuses a module whose struct module is not the running kernel's
 * size, in its ELF checks: before the CRCs and the vermagic are looked at.
 */
static bool module_size_differs(const struct mv_record *rec)
{
	return MV_HAS_MODULE_SIZE_CHECK && rec->module_size_read &&
	       rec->module_size != sizeof(struct module);
}

/* The image passed the ELF checks modverify can repeat. */
static bool elf_checks_passed(const struct mv_record *rec)
{
	return rec->image_size && !rec->image_defect[0] &&
	       !module_size_differs(rec);
}

/*
 * A load that succeeded with the module tainted F was forced, whether or
 * not try_to_force_load() was seen (it may be inlined into its caller).
 * Its reasons follow from the load flags and the image, as the loader
 * would have named them.
 */
static void derive_forced(struct mv_record *rec)
{
	bool vermagic, versions;

	if (rec->n_forced || !rec->init_seen ||
	    !(rec->module_taints & BIT(TAINT_FORCED_MODULE)))
		return;
	vermagic = (rec->flags & MODULE_INIT_IGNORE_VERMAGIC) ||
		   !rec->vermagic_in_module;
	versions = IS_ENABLED(CONFIG_MODVERSIONS) && !rec->has_crcs;
	rec->forced_total = vermagic + versions;
	if (vermagic) {
		rec->forced[rec->n_forced].ok = true;
		strscpy(rec->forced[rec->n_forced++].reason, "bad vermagic", MV_SYM_LEN);
		rec->vermagic_verdict = MV_VERMAGIC_FORCED;
	}
	if (versions) {
		rec->forced[rec->n_forced].ok = true;
		strscpy(rec->forced[rec->n_forced++].reason, "module_layout", MV_SYM_LEN);
	}
}

/*
 * Settle the vermagic verdict when same_magic() was not observed: derive it
 * if the loader went past the vermagic check, or stopped right at it.
 */
static void settle_vermagic(struct mv_record *rec, bool past, bool at)
{
	int derived;

	if (rec->vermagic_observed || rec->vermagic_forced_seen)
		return;
	derived = mv_vermagic_derive(rec);
	if (past && derived != MV_VERMAGIC_MATCH)
		/* The loader went on with a vermagic it refuses: it was forced. */
		rec->vermagic_verdict = MV_VERMAGIC_FORCED;
	else if (past || (at && derived != MV_VERMAGIC_MATCH))
		rec->vermagic_verdict = derived;
	else
		rec->vermagic_verdict = MV_VERMAGIC_NOT_CHECKED;
}

static enum mv_decider decide(struct mv_record *rec)
{
	const struct mv_crc *layout = layout_crc(rec);
	const struct mv_crc *bad = bad_symbol_crc(rec);
	bool returned = rec->state == MV_STATE_RETURNED;
	int err = rec->result;	/* 0 until load_module() returns */
	bool layout_checked, past_vermagic, at_vermagic;
	struct mv_decide_facts f;

	/* Duplicates, symbol resolution and init come after the vermagic check. */
	past_vermagic = (returned && err == 0) || rec->init_seen || rec->unresolved_total ||
			rec->n_crcs > (layout ? 1 : 0) ||
			rec->vermagic_verdict == MV_VERMAGIC_MATCH ||
			stage_seen(rec, MV_STAGE_DUPLICATE_CHECK) ||
			stage_seen(rec, MV_STAGE_RESOLVE_SYMBOL) ||
			rec->btf_state != MV_BTF_NOT_REACHED;
	layout_checked = layout || stage_seen(rec, MV_STAGE_CHECK_MODSTRUCT_VERSION);
	/*
	 * Without MODVERSIONS there is no struct-layout CRC: what comes before
	 * the vermagic is the ELF validation (and the blacklist, -EPERM).
	 */
	if (IS_ENABLED(CONFIG_MODVERSIONS))
		at_vermagic = layout_checked && !crc_refused(layout);
	else
		at_vermagic = elf_checks_passed(rec);
	at_vermagic = at_vermagic && err == -ENOEXEC;
	settle_vermagic(rec, past_vermagic, at_vermagic);
	if (returned && err == 0)
		derive_forced(rec);

	f = (struct mv_decide_facts){
		.state = rec->state,
		.err = err,
		.init_seen = rec->init_seen,
		.forced = any_forced(rec, true),
		.force_refused = any_forced(rec, false),
		.sig_err = rec->sig_check_seen ? rec->sig_check_result : 0,
		.sig_enforced = rec->sig_enforced,
		.sig_probed = mv_probe_attached("module_sig_check"),
		.relocation_refused = rec->reloc.reason != MV_RELOC_NONE,
		.btf_refused = rec->btf_state == MV_BTF_INVALID && err == rec->btf_err,
		.params_refused = rec->params_err && err == rec->params_err,
		.module_size_differs = module_size_differs(rec),
		.past_vermagic = past_vermagic,
		.before_layout = !layout_checked,
		.layout_compared = !!layout,
		.layout_verdict = layout ? layout->verdict : MV_CRC_MATCH,
		.symbol_refused = !!bad,
		.symbol_verdict = bad ? bad->verdict : MV_CRC_MATCH,
		.unresolved = rec->unresolved_total,
		.symbols_reached = symbols_reached(rec, layout),
		.enoent_unresolved = mv_imports_source == MV_IMPORTS_UNTRACKED,
		.vermagic_verdict = rec->vermagic_verdict,
	};
	return mv_decided_by(&f);
}

/* What module_sig_check() concluded, from what it and mod_verify_sig() did. */
static enum mv_sig_reason sig_reason(const struct mv_record *rec)
{
	const struct mv_sig_facts s = {
		.check_seen = rec->sig_check_seen,
		.verify_seen = rec->sig_verify_seen,
		.verify_result = rec->sig_verify_result,
		.signature_present = rec->signature_present,
		.ignoring = rec->flags & (MODULE_INIT_IGNORE_MODVERSIONS |
					  MODULE_INIT_IGNORE_VERMAGIC),
		.verified = rec->sig_verified,
		.verify_probed = mv_probe_attached("mod_verify_sig"),
	};

	return mv_sig_reason_of(&s);
}

/* Fill in decided_by, sig_reason and a settled vermagic verdict. */
void mv_decide(struct mv_record *rec)
{
	rec->decided_by = decide(rec);
	rec->sig_reason = sig_reason(rec);
}
