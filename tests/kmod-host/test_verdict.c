// SPDX-License-Identifier: GPL-2.0
/*
 * mv_decide() on hand-built records, the vermagic rules and the taint
 * letters.  The loader's order and errnos (kernel/module/main.c, 6.1;
 * 6.4+ where said): module_sig_check() (-EKEYREJECTED when enforced and
 * unsigned, lockdown's -EPERM otherwise), ELF validation (-ENOEXEC), the
 * blacklist (-EPERM), check_modstruct_version() (-ENOEXEC), check_modinfo()
 * and same_magic() (-ENOEXEC; with IGNORE_VERMAGIC try_to_force_load()
 * instead), duplicates (-EEXIST; 6.4+ module_patient_check_exists() also
 * -EBUSY), simplify_symbols() (-ENOENT unknown, -EINVAL bad CRC, or the
 * errno of resolve_symbol_wait(), -EBUSY after its 30 s wait for an
 * exporter still initialising), btf_module_notify() at MODULE_STATE_COMING
 * (5.11+, the BTF's errno), then do_init_module().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/module.h>

#include <modverify/decide.h>

#include "kt.h"

static struct mv_record *rec_new(void)
{
	struct mv_record *rec = calloc(1, sizeof(*rec));

	if (!rec)
		abort();
	strscpy(rec->module, "m", sizeof(rec->module));
	rec->image_size = 4096;
	rec->module_size = sizeof(struct module);
	rec->module_size_read = true;
	rec->vermagic_in_module = true;
	strscpy(rec->vermagic_module, KT_VERMAGIC, sizeof(rec->vermagic_module));
	strscpy(rec->vermagic_kernel, mv_kernel_vermagic(), sizeof(rec->vermagic_kernel));
	rec->has_crcs = IS_ENABLED(CONFIG_MODVERSIONS);
	rec->vermagic_verdict = MV_VERMAGIC_NOT_CHECKED;
	return rec;
}

static void stage(struct mv_record *rec, enum mv_stage s)
{
	rec->stages[rec->n_stages].stage = s;
	rec->stages[rec->n_stages++].count = 1;
}

static void crc(struct mv_record *rec, const char *sym, enum mv_crc_verdict v)
{
	struct mv_crc *c = &rec->crcs[rec->n_crcs++];

	strscpy(c->symbol, sym, sizeof(c->symbol));
	c->verdict = v;
	c->has_module_crc = c->has_kernel_crc = true;
	rec->crc_total++;
}

/* What a load that got as far as symbol resolution has on record. */
static void reached_symbols(struct mv_record *rec)
{
	if (IS_ENABLED(CONFIG_MODVERSIONS)) {
		stage(rec, MV_STAGE_CHECK_MODSTRUCT_VERSION);
		crc(rec, "module_layout", MV_CRC_MATCH);
	}
	stage(rec, MV_STAGE_SAME_MAGIC);
	rec->vermagic_observed = true;
	rec->vermagic_verdict = MV_VERMAGIC_MATCH;
	if (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0))
		stage(rec, MV_STAGE_DUPLICATE_CHECK);
	stage(rec, MV_STAGE_CHECK_VERSION);
	crc(rec, "_printk", MV_CRC_MATCH);
}

static void expect(const char *name, struct mv_record *rec, enum mv_decider want,
		   const char *why)
{
	mv_decide(rec);
	kh_check(name, rec->decided_by == want, "%sdecided_by %s, want %s", why,
		 mv_decider_name(rec->decided_by), mv_decider_name(want));
	free(rec);
}

/* check_version() refused the last import, with CRC verdict @v: -EINVAL. */
static void symbol_crc_refused(const char *name, enum mv_crc_verdict v)
{
	struct mv_record *rec = rec_new();

	reached_symbols(rec);
	rec->crcs[rec->n_crcs - 1].verdict = v;
	rec->result = -EINVAL;
	expect(name, rec, MV_DECIDED_SYMBOL_CRC, "");
}

static void basics(void)
{
	struct mv_record *rec;

	rec = rec_new();
	reached_symbols(rec);
	rec->init_seen = rec->init_returned = true;
	expect("verdict-loaded", rec, MV_DECIDED_LOADED, "");

	rec = rec_new();
	reached_symbols(rec);
	rec->init_seen = true;
	rec->result = -ENODEV;
	expect("verdict-init", rec, MV_DECIDED_INIT, "");

	/* parse_args() runs after every check, before the init (6.1 main.c). */
	rec = rec_new();
	reached_symbols(rec);
	rec->params_seen = true;
	rec->result = rec->params_err = -EINVAL;
	expect("verdict-parameter", rec, MV_DECIDED_PARAMETER, "");

	/* ... and its error must be the load's: a later step failed otherwise. */
	rec = rec_new();
	reached_symbols(rec);
	rec->params_seen = true;
	rec->params_err = -EINVAL;
	rec->result = -ENOMEM;
	mv_decide(rec);
	kh_check("verdict-parameter-other-errno", rec->decided_by != MV_DECIDED_PARAMETER,
		 "-ENOMEM after parse_args()'s -EINVAL decided by parameter");
	free(rec);

	rec = rec_new();
	rec->sig_check_seen = true;
	rec->sig_enforced = true;
	rec->result = rec->sig_check_result = -EKEYREJECTED;
	expect("verdict-signature", rec, MV_DECIDED_SIGNATURE, "");

	rec = rec_new();
	rec->sig_check_seen = true;
	rec->result = rec->sig_check_result = -EPERM;
	expect("verdict-lockdown-observed", rec, MV_DECIDED_LOCKDOWN, "");

	symbol_crc_refused("verdict-symbol-crc", MV_CRC_MISMATCH);
	/* ... also when modverify could not read the module's CRC. */
	symbol_crc_refused("verdict-symbol-crc-unread-refused", MV_CRC_UNREAD_REFUSED);

	rec = rec_new();
	reached_symbols(rec);
	rec->unresolved_total = rec->n_unresolved = 1;
	strscpy(rec->unresolved[0], "nobody_exports_me", MV_SYM_LEN);
	rec->result = -ENOENT;
	expect("verdict-unknown-symbol", rec, MV_DECIDED_UNKNOWN_SYMBOL, "");

	/* Nothing followed the imports: -ENOENT is simplify_symbols()'s errno. */
	mv_imports_source = MV_IMPORTS_UNTRACKED;
	rec = rec_new();
	reached_symbols(rec);
	rec->result = -ENOENT;
	expect("verdict-unknown-symbol-untracked", rec, MV_DECIDED_UNKNOWN_SYMBOL,
	       "-ENOENT past the vermagic, imports not followed: ");

	/* btf_module_notify() refused the module's BTF (MODULE_STATE_COMING). */
	rec = rec_new();
	reached_symbols(rec);
	stage(rec, MV_STAGE_BTF_MODULE_NOTIFY);
	rec->btf_state = MV_BTF_INVALID;
	rec->result = rec->btf_err = -EINVAL;
	expect("verdict-btf", rec, MV_DECIDED_BTF, "");

	rec = rec_new();
	if (IS_ENABLED(CONFIG_MODVERSIONS)) {
		stage(rec, MV_STAGE_CHECK_MODSTRUCT_VERSION);
		crc(rec, "module_layout", MV_CRC_MATCH);
	}
	stage(rec, MV_STAGE_SAME_MAGIC);
	rec->vermagic_observed = true;
	rec->vermagic_verdict = MV_VERMAGIC_MISMATCH;
	rec->result = -ENOEXEC;
	expect("verdict-vermagic-observed", rec, MV_DECIDED_VERMAGIC, "");

	rec = rec_new();
	reached_symbols(rec);
	rec->n_crcs = 1;	/* stopped before the imports */
	rec->n_stages--;
	rec->result = -EEXIST;
	expect("verdict-duplicate", rec, MV_DECIDED_DUPLICATE, "");

	if (IS_ENABLED(CONFIG_MODVERSIONS)) {
		rec = rec_new();
		stage(rec, MV_STAGE_CHECK_MODSTRUCT_VERSION);
		crc(rec, "module_layout", MV_CRC_MISMATCH);
		rec->result = -ENOEXEC;
		expect("verdict-module-layout", rec, MV_DECIDED_MODULE_LAYOUT, "");
	}
	if (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)) {
		rec = rec_new();
		rec->module_size = sizeof(struct module) + 64;
		rec->result = -ENOEXEC;
		expect("verdict-module-size", rec, MV_DECIDED_MODULE_SIZE,
		       "this_module 64 bytes bigger than struct module: ");
	}

	/* A load forced past its vermagic (F taint, try_to_force_load inlined). */
	rec = rec_new();
	reached_symbols(rec);
	rec->vermagic_observed = false;
	rec->vermagic_verdict = MV_VERMAGIC_NOT_CHECKED;
	rec->n_stages = 0;
	rec->flags = MODULE_INIT_IGNORE_VERMAGIC;
	rec->init_seen = rec->init_returned = true;
	rec->module_taints = BIT(TAINT_FORCED_MODULE);
	mv_decide(rec);
	kh_check("verdict-forced-from-taint", rec->decided_by == MV_DECIDED_FORCED &&
		 rec->n_forced >= 1 && !strcmp(rec->forced[0].reason, "bad vermagic"),
		 "decided_by %s, forced %u '%s'", mv_decider_name(rec->decided_by),
		 rec->n_forced, rec->n_forced ? rec->forced[0].reason : "");
	free(rec);
}

/* Defect 5: each case of the issue, with the decider the kernel implies. */
static void defect5(void)
{
	static const char *const all_but_sig[] = {
		"load_module", "check_modstruct_version", "same_magic", "check_version",
		"try_to_force_load", "resolve_symbol", "do_init_module", NULL
	};
	static const char *const no_check_version[] = { "load_module", NULL };
	struct mv_record *rec;

	/*
	 * IGNORE_VERMAGIC: check_modinfo() calls try_to_force_load() instead
	 * of same_magic(); with MODULE_FORCE_LOAD it succeeds, and the load
	 * goes on to fail in simplify_symbols() with -ENOENT.
	 */
	rec = rec_new();
	reached_symbols(rec);
	rec->n_stages = 0;
	rec->vermagic_observed = false;
	rec->vermagic_verdict = MV_VERMAGIC_NOT_CHECKED;
	strscpy(rec->vermagic_module, KT_RELEASE " SMP preempt mod_unload ",
		sizeof(rec->vermagic_module));
	rec->flags = MODULE_INIT_IGNORE_VERMAGIC;
	rec->unresolved_total = rec->n_unresolved = 1;
	strscpy(rec->unresolved[0], "not_exported", MV_SYM_LEN);
	rec->result = -ENOENT;
	expect("defect5-decided-by-forced-vermagic-then-unknown-symbol", rec,
	       MV_DECIDED_UNKNOWN_SYMBOL,
	       "IGNORE_VERMAGIC, try_to_force_load unprobed, then Unknown symbol: ");

	/*
	 * -EBUSY from resolve_symbol_wait(): the exporter was still coming
	 * after 30 s; simplify_symbols() logs "Unknown symbol X (err -16)".
	 * The duplicate check had passed (check_version ran after it).
	 */
	rec = rec_new();
	reached_symbols(rec);
	stage(rec, MV_STAGE_RESOLVE_SYMBOL);
	rec->result = -EBUSY;
	mv_decide(rec);
	kh_check("defect5-decided-by-ebusy-from-resolve-symbol",
		 rec->decided_by == MV_DECIDED_UNKNOWN_SYMBOL || rec->decided_by == MV_DECIDED_LOADER,
		 "-EBUSY after check_version and resolve_symbol ran: decided_by %s, want "
		 "unknown_symbol (or loader), not duplicate", mv_decider_name(rec->decided_by));
	free(rec);

	/*
	 * Lockdown: module_sig_check() returns -EPERM for an unsigned module
	 * when it is not probed; the blacklist also gives -EPERM, but only
	 * after the ELF checks and only for a name on module_blacklist=.
	 * Nothing says which: not "blacklist".
	 */
	kh_set_attached(all_but_sig);
	rec = rec_new();
	rec->result = -EPERM;
	mv_decide(rec);
	kh_check("defect5-decided-by-lockdown-eperm-unprobed",
		 rec->decided_by != MV_DECIDED_BLACKLIST,
		 "-EPERM, unsigned, module_sig_check unprobed: decided_by %s",
		 mv_decider_name(rec->decided_by));
	free(rec);

	/*
	 * Without a check_version (and resolve_symbol) probe nothing tells
	 * which imports were resolved: a -ENOENT load has one unknown symbol
	 * at least, not all of them.
	 */
	kh_set_attached(no_check_version);
	{
		struct kb *kb = kb_new();
		struct kb_image img;
		struct mv_attempt *a;
		unsigned int i;
		char name[16];

		for (i = 0; i < 5; i++) {
			snprintf(name, sizeof(name), "import_%u", i);
			kb_undef(kb, name, STB_GLOBAL);
		}
		img = kt_build(kb);
		a = mv_attempt_begin();
		if (a) {
			mv_imports_source = MV_IMPORTS_UNTRACKED;
			mv_image_parse(a, img.data, img.len);
			/* Built here, as it never is without those probes: only
			 * the source of the imports may hold them back. */
			mv_image_index(a);
			a->rec->result = -ENOENT;
			mv_attempt_imports_end(a);
			kh_check("defect5-no-check-version-all-imports-unresolved",
				 a->rec->n_unresolved == 0,
				 "no check_version or resolve_symbol probe, 5 imports, -ENOENT: "
				 "%u named unresolved", a->rec->n_unresolved);
			mv_attempt_abandon(a);
		} else {
			kh_check("defect5-no-check-version-all-imports-unresolved", false,
				 "no attempt slot");
		}
		kb_image_free(&img);
	}
	kh_set_attached(NULL);

	/*
	 * Without MODVERSIONS, same_magic() is strcmp() of the whole string
	 * (kernel/module/internal.h); a mismatch is -ENOEXEC right after the
	 * ELF checks.  Fixed in a563ab2: must pass.
	 */
	if (!IS_ENABLED(CONFIG_MODVERSIONS)) {
		rec = rec_new();
		strscpy(rec->vermagic_module, "6.0.0-1-amd64 SMP mod_unload ",
			sizeof(rec->vermagic_module));
		rec->result = -ENOEXEC;
		mv_decide(rec);
		kh_check("defect5-decided-by-vermagic-without-modversions",
			 rec->decided_by == MV_DECIDED_VERMAGIC &&
			 rec->vermagic_verdict == MV_VERMAGIC_MISMATCH,
			 "release differs, MODVERSIONS=n, -ENOEXEC: decided_by %s verdict %s",
			 mv_decider_name(rec->decided_by),
			 mv_vermagic_verdict_name(rec->vermagic_verdict));
		free(rec);
	}
}

static void vermagic(void)
{
	struct mv_record *rec = rec_new();
	char out[128];
	int v1, v2, v3;

	kh_check("vermagic-kernel-string", !strcmp(mv_kernel_vermagic(), KT_VERMAGIC),
		 "'%s', want '%s'", mv_kernel_vermagic(), KT_VERMAGIC);
	/* same_magic(): release skipped only with CRCs (MODVERSIONS). */
	strscpy(rec->vermagic_module, "6.1.0-1 SMP mod_unload modversions ", MV_VERMAGIC_LEN);
	strscpy(rec->vermagic_kernel, "6.1.0-2 SMP mod_unload modversions ", MV_VERMAGIC_LEN);
	rec->has_crcs = true;
	v1 = mv_vermagic_derive(rec);
	rec->has_crcs = false;
	v2 = mv_vermagic_derive(rec);
	rec->vermagic_in_module = false;
	v3 = mv_vermagic_derive(rec);
	kh_check("vermagic-same-magic", v1 == MV_VERMAGIC_MATCH && v2 == MV_VERMAGIC_MISMATCH &&
		 v3 == MV_VERMAGIC_MISSING, "with crcs %s, without %s, missing %s",
		 mv_vermagic_verdict_name(v1), mv_vermagic_verdict_name(v2),
		 mv_vermagic_verdict_name(v3));
	free(rec);
	mv_vermagic_differs("6.1.0-57-amd64 SMP mod_unload modversions RANDSTRUCT_ab ",
			    "6.12.9-amd64 SMP preempt mod_unload RANDSTRUCT_cd ", out, sizeof(out));
	kh_check("vermagic-differs", !strcmp(out, "release preempt modversions randstruct"),
		 "'%s'", out);
}

static void taint(void)
{
	char letters[32], none[32];

	mv_taint_letters(BIT(TAINT_FORCED_MODULE) | BIT(TAINT_OOT_MODULE) |
			 BIT(TAINT_UNSIGNED_MODULE), letters, sizeof(letters));
	mv_taint_letters(0, none, sizeof(none));
	kh_check("taint-letters", !strcmp(letters, "FOE") && !strcmp(none, "-"),
		 "'%s' '%s'", letters, none);
}

/*
 * Refusals before load_module(): what the syscall was seen doing, its
 * errno, and the decider and step (the syscalls' order is in verdict.c).
 */
static void preload_case(const char *name, const struct mv_preload *p, int err,
			 enum mv_decider want, enum mv_preload_step want_at)
{
	enum mv_preload_step at;
	enum mv_decider d = mv_decide_preload(p, err, &at);

	kh_check(name, d == want && at == want_at, "%s at %s, want %s at %s",
		 mv_decider_name(d), mv_preload_step_name(at), mv_decider_name(want),
		 mv_preload_step_name(want_at));
}

static void preload(void)
{
	const struct mv_preload probed = { .steps_probed = true };
	struct mv_preload p;

	/* may_init_module(): capable() first, then modules_disabled. */
	p = probed;
	preload_case("preload-capability", &p, -EPERM, MV_DECIDED_CAPABILITY,
		     MV_PRELOAD_MAY_INIT_MODULE);
	p.capable = true;
	preload_case("preload-modules-disabled", &p, -EPERM, MV_DECIDED_MODULES_DISABLED,
		     MV_PRELOAD_MAY_INIT_MODULE);
	p.steps_probed = false;	/* an unprobed hook's -EPERM looks the same */
	preload_case("preload-eperm-unprobed", &p, -EPERM, MV_DECIDED_UNKNOWN,
		     MV_PRELOAD_NONE);
	/* IMA in security_kernel_post_read_file(): the hook and its LSM. */
	p = probed;
	p.read_seen = true;
	p.hook = MV_PRELOAD_POST_READ_HOOK;
	p.lsm = MV_LSM_IMA;
	preload_case("preload-lsm-hook", &p, -EACCES, MV_DECIDED_LSM,
		     MV_PRELOAD_POST_READ_HOOK);
	/* The hook's return unseen: kernel_read_file() has no EPERM/EACCES of its own. */
	p.hook = MV_PRELOAD_NONE;
	preload_case("preload-lsm-read", &p, -EPERM, MV_DECIDED_LSM, MV_PRELOAD_READ);
	preload_case("preload-file-busy", &p, -ETXTBSY, MV_DECIDED_FILE, MV_PRELOAD_READ);
	/* Read whole, then no load_module(): the decompression (6.1: -EOPNOTSUPP). */
	p.read_returned = true;
	p.read_result = 4096;
	preload_case("preload-decompress-inline", &p, -EOPNOTSUPP, MV_DECIDED_FILE,
		     MV_PRELOAD_DECOMPRESS);
	p = probed;
	p.decompress_seen = true;
	preload_case("preload-decompress", &p, -EINVAL, MV_DECIDED_FILE,
		     MV_PRELOAD_DECOMPRESS);
	/* finit_module's own checks. */
	p = probed;
	preload_case("preload-fd", &p, -EBADF, MV_DECIDED_FILE, MV_PRELOAD_FD);
	preload_case("preload-flags", &p, -EINVAL, MV_DECIDED_UNKNOWN, MV_PRELOAD_NONE);
	/* init_module: too short, then copied (-EFAULT), then IMA's load_data. */
	p.init_module = true;
	preload_case("preload-init-short", &p, -ENOEXEC, MV_DECIDED_FILE, MV_PRELOAD_COPY);
	p.load_data_seen = true;
	preload_case("preload-init-fault", &p, -EFAULT, MV_DECIDED_FILE, MV_PRELOAD_COPY);
	p.hook = MV_PRELOAD_LOAD_HOOK;
	p.lsm = MV_LSM_IMA;
	preload_case("preload-init-lsm", &p, -EACCES, MV_DECIDED_LSM, MV_PRELOAD_LOAD_HOOK);
}

void test_verdict(void)
{
	basics();
	defect5();
	vermagic();
	taint();
	preload();
}
