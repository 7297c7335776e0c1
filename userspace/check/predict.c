// SPDX-License-Identifier: GPL-2.0
/*
 * The predictor (predict.h): one function per check of the loader, in its
 * order, each filling the record as kmod/ would for a real attempt.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "errnames.h"
#include "predict.h"
#include "vermagic.h"
#include "vocab.h"

#define CRC_LINES_MAX	512	/* as the kernel module lists them */
#define IMAGE_CHECK_MAX	160	/* "ok" or what the kernel refuses */
#define TAINT_MAX	24	/* the module's taint letters */

/* One prediction in progress. */
struct run {
	const struct mv_elfmod *m;
	const struct mv_target *t;
	struct mv_record *rec;
	struct mv_dependencies *deps;
	struct mv_vertables vers;	/* the tables this kernel consults */
	bool has_versions;		/* __versions: same_magic()'s has_crcs */
	bool gplok;			/* GPL-only exports are visible */
	bool size_checked;		/* the target compares this_module's size */
	uint64_t taints;		/* the module's own */
	char *image_check;		/* in rec->storage */
	bool nomem;
};

/* Grow an array of the prediction by one zeroed element; NULL without memory. */
static void *append(struct run *r, void *array_ptr, size_t *nr, size_t size)
{
	void *slot = mv_array_append(array_ptr, nr, size);

	if (!slot)
		r->nomem = true;
	return slot;
}

/* The outcome, as a record states it: "0 OK", "-8 ENOEXEC". */
static void set_result(struct run *r, int err, enum mv_decider decider)
{
	const struct mv_errno_info *e = mv_errno_by_number(-err);

	r->rec->result.known = true;
	r->rec->result.value = err;
	r->rec->result.name = e ? e->name : NULL;
	r->rec->decided_by = (int)decider;
	r->rec->decided_by_name = mv_decider_name(decider);
}

/* The kernel stops here: result and deciding check. */
static bool refuse(struct run *r, int err, enum mv_decider decider)
{
	set_result(r, err, decider);
	return false;
}

/* try_to_force_load(): succeeds (tainting F) with CONFIG_MODULE_FORCE_LOAD */
static bool force(struct run *r, const char *reason)
{
	struct mv_forced *f = append(r, &r->rec->forced, &r->rec->nr_forced,
				     sizeof(*f));

	if (f) {
		f->ok = r->t->force_load;
		f->outcome = f->ok ? "ok" : "refused";
		f->reason = reason;
	}
	if (r->t->force_load)
		r->taints |= 1ULL << MV_TAINT_FORCED_MODULE;
	return r->t->force_load;
}

/*
 * check_version(): the kernel's CRC of sym (x, NULL if the exporter has
 * none) against the module's, from the extended tables on 6.14+ when the
 * module has them, else from __versions; no __versions at all is forced.
 */
static bool check_version(struct run *r, const char *sym,
			  const struct mv_export *x)
{
	struct mv_crc *c = append(r, &r->rec->crcs, &r->rec->nr_crcs,
				  sizeof(*c));
	unsigned long crc;

	if (!c)
		return true;
	c->symbol = sym;
	if (!x || !x->has_crc) {
		c->verdict = MV_CRC_NO_KERNEL_CRC;
		return true;
	}
	c->has_kernel_crc = true;
	c->kernel_crc = x->crc;
	if (!mv_vertables_ext(&r->vers) && !r->vers.vers) {
		c->verdict = MV_CRC_FORCED;
		if (force(r, sym))
			return true;
		c->verdict = MV_CRC_FORCE_REFUSED;
		return false;
	}
	if (!mv_vertables_find(&r->vers, sym, &crc)) {
		if (r->t->refuses_unversioned) {
			c->verdict = MV_CRC_MISSING_REFUSED;
			return false;
		}
		c->verdict = MV_CRC_MISSING;	/* warned once, accepted */
		return true;
	}
	c->has_module_crc = true;
	c->module_crc = crc;
	c->verdict = mv_crc_matches(crc, x->crc) ? MV_CRC_MATCH : MV_CRC_MISMATCH;
	return c->verdict == MV_CRC_MATCH;
}

static bool elf_refused(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool elf_refused(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->image_check, IMAGE_CHECK_MAX, fmt, ap);
	va_end(ap);
	return refuse(r, -ENOEXEC, MV_DECIDED_ELF);
}

/*
 * module_sig_check(): only the shape of the signature can be judged here;
 * whether a trusted key signed it is the running kernel's business.
 */
static bool check_signature(struct run *r)
{
	const struct mv_elfmod *m = r->m;
	enum mv_sig_reason reason;

	if (!r->t->module_sig)
		return true;
	if (m->signature && m->sig_check == 0)
		return true;
	r->taints |= 1ULL << MV_TAINT_UNSIGNED_MODULE;
	/* a malformed signature fails the load, enforced or not */
	reason = !m->signature ? MV_SIG_UNSIGNED :
		 m->sig_check == -ENOPKG ? MV_SIG_NO_CRYPTO : MV_SIG_BAD;
	r->rec->sig_reason = (int)reason;
	r->rec->sig_reason_name = mv_sig_reason_name(reason);
	if (reason == MV_SIG_BAD)
		return refuse(r, m->sig_check, MV_DECIDED_SIGNATURE);
	if (r->t->sig_force)
		return refuse(r, -EKEYREJECTED, MV_DECIDED_SIGNATURE);
	return true;
}

/* elf_validity_check() and setup_load_info(), what a build tree can tell */
static bool check_elf(struct run *r)
{
	const struct mv_elfmod *m = r->m;
	const struct mv_target *t = r->t;
	const char *why;

	if (m->type != ET_REL)
		return elf_refused(r, "e_type %u, not a relocatable object (ET_REL)",
				   m->type);
	if (t->machine && m->machine != t->machine)
		return elf_refused(r, "e_machine %u, this kernel's is %u",
				   m->machine, t->machine);
	if (t->elf_class && m->elf_class != t->elf_class)
		return elf_refused(r, "ELF%u, this kernel's modules are ELF%u",
				   m->elf_class, t->elf_class);
	if (t->big_endian >= 0 && m->big_endian != (bool)t->big_endian)
		return elf_refused(r, "%s-endian, this kernel is %s-endian",
				   m->big_endian ? "big" : "little",
				   t->big_endian ? "big" : "little");
	if (!m->nr_this_module)
		return elf_refused(r, "no .gnu.linkonce.this_module section (No module found in object)");
	if (!m->symtab)
		return elf_refused(r, "no symbol table (module has no symbols (stripped?))");
	if (mv_target_at_least(t, 6, 4) && m->nr_this_module > 1)
		return elf_refused(r, "%u .gnu.linkonce.this_module sections, one allowed",
				   m->nr_this_module);
	if (mv_target_at_least(t, 6, 4) && m->nr_modinfo > 1)
		return elf_refused(r, "%u .modinfo sections, one allowed",
				   m->nr_modinfo);
	/* not predicted when the target's size is not known */
	if (r->size_checked && r->rec->module_size.has_kernel &&
	    r->rec->module_size.module != r->rec->module_size.kernel)
		return refuse(r, -ENOEXEC, MV_DECIDED_MODULE_SIZE);
	why = mv_vertables_check(&r->vers);	/* 6.14+: the extended tables */
	if (why)
		return elf_refused(r, "%s", why);
	return true;
}

/* check_modstruct_version(): the struct-layout CRC, module_layout */
static bool check_layout(struct run *r)
{
	const struct mv_crc *c;

	if (!r->t->modversions)
		return true;
	if (check_version(r, "module_layout",
			  mv_exports_find(&r->t->exports, "module_layout")))
		return true;
	c = &r->rec->crcs[r->rec->nr_crcs - 1];
	return refuse(r, -ENOEXEC, c->verdict == MV_CRC_FORCE_REFUSED ?
		      MV_DECIDED_FORCE_REFUSED : MV_DECIDED_MODULE_LAYOUT);
}

static bool license_is_gpl_compatible(const char *license)
{
	static const char *const gpl[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
		"Dual MIT/GPL", "Dual MPL/GPL",
	};
	size_t i;

	for (i = 0; license && i < ARRAY_SIZE(gpl); i++)
		if (strcmp(license, gpl[i]) == 0)
			return true;
	return false;
}

static bool modinfo_has(const struct run *r, const char *key)
{
	return mv_modinfo_next(r->m, key, NULL) != NULL;
}

static void set_vermagic_verdict(struct run *r, enum mv_vermagic_verdict v)
{
	r->rec->vermagic_verdict = (int)v;
	r->rec->vermagic_verdict_name = mv_vermagic_verdict_name(v);
}

/* check_modinfo(): vermagic, livepatch; and the taints .modinfo implies */
static bool check_modinfo(struct run *r)
{
	const struct mv_record *rec = r->rec;

	if (!rec->vermagic_module) {
		if (!force(r, "bad vermagic")) {
			set_vermagic_verdict(r, MV_VERMAGIC_FORCE_REFUSED);
			return refuse(r, -ENOEXEC, MV_DECIDED_FORCE_REFUSED);
		}
		set_vermagic_verdict(r, MV_VERMAGIC_FORCED);
	} else if (!mv_vermagic_agree(rec->vermagic_module, rec->vermagic_kernel,
				      rec->vermagic_release_compared == MV_YN_YES)) {
		set_vermagic_verdict(r, MV_VERMAGIC_MISMATCH);
		return refuse(r, -ENOEXEC, MV_DECIDED_VERMAGIC);
	} else {
		set_vermagic_verdict(r, MV_VERMAGIC_MATCH);
	}
	if (modinfo_has(r, "livepatch")) {
		if (r->t->config_known && !r->t->livepatch)
			return refuse(r, -ENOEXEC, MV_DECIDED_LOADER);
		r->taints |= 1ULL << MV_TAINT_LIVEPATCH;
	}
	if (!modinfo_has(r, "intree"))
		r->taints |= 1ULL << MV_TAINT_OOT_MODULE;
	if (modinfo_has(r, "staging"))
		r->taints |= 1ULL << MV_TAINT_CRAP;
	if (modinfo_has(r, "test") && mv_target_at_least(r->t, 6, 1))
		r->taints |= 1ULL << MV_TAINT_TEST;
	if (!license_is_gpl_compatible(mv_modinfo_next(r->m, "license", NULL)))
		r->taints |= 1ULL << MV_TAINT_PROPRIETARY_MODULE;
	r->gplok = !(r->taints & (1ULL << MV_TAINT_PROPRIETARY_MODULE));
	return true;
}

/* module_enforce_rwx_sections() (5.8+): no section both writable and code */
static bool check_sections(struct run *r)
{
	const uint64_t wx = SHF_WRITE | SHF_EXECINSTR;
	size_t i;

	if (!r->t->strict_rwx || !mv_target_at_least(r->t, 5, 8))
		return true;
	for (i = 0; i < r->m->nr_sections; i++)
		if ((r->m->sections[i].flags & wx) == wx)
			return refuse(r, -ENOEXEC, MV_DECIDED_LOADER);
	return true;
}

static bool has_entries(const struct mv_elfmod *m, const char *name)
{
	const struct mv_elf_section *s = mv_elfmod_section(m, name);

	return s && s->size;
}

/* check_export_symbol_versions(): exports need CRCs on a MODVERSIONS kernel */
static bool check_exports(struct run *r)
{
	const struct mv_elfmod *m = r->m;

	if (!r->t->modversions)
		return true;
	if ((has_entries(m, "__ksymtab") && !mv_elfmod_section(m, "__kcrctab")) ||
	    (has_entries(m, "__ksymtab_gpl") &&
	     !mv_elfmod_section(m, "__kcrctab_gpl"))) {
		if (!force(r, "no versions for exported symbols"))
			return refuse(r, -ENOEXEC, MV_DECIDED_FORCE_REFUSED);
	}
	return true;
}

/* The kernel ignores these imports when nobody exports them. */
static bool ignore_undef_symbol(const struct run *r, const char *name)
{
	if (r->m->machine == EM_386 || r->m->machine == EM_X86_64)
		return strcmp(name, "_GLOBAL_OFFSET_TABLE_") == 0;
	return false;
}

static void add_dependency(struct run *r, const struct mv_export *x)
{
	struct mv_dependency *d;
	size_t i;

	if (strcmp(x->owner, MV_EXPORT_OWNER_VMLINUX) == 0)
		return;
	for (i = 0; i < r->deps->nr; i++)
		if (strcmp(r->deps->items[i].module, x->owner) == 0)
			return;
	d = append(r, &r->deps->items, &r->deps->nr, sizeof(*d));
	if (d) {
		d->module = x->owner;
		d->symbol = x->name;
	}
}

static void add_unresolved(struct run *r, const char *name)
{
	const char **slot = append(r, &r->rec->unresolved,
				   &r->rec->nr_unresolved, sizeof(*slot));

	if (slot)
		*slot = name;
}

/* verify_namespace_is_imported() */
static int check_namespace(const struct run *r, const struct mv_export *x)
{
	const char *ns = NULL;

	if (!x->ns)
		return 0;
	while ((ns = mv_modinfo_next(r->m, "import_ns", ns)))
		if (strcmp(ns, x->ns) == 0)
			return 0;
	return r->t->allow_missing_ns ? 0 : -EINVAL;
}

/* resolve_symbol(): 0 when resolved, else the error simplify_symbols() keeps */
static int resolve(struct run *r, const struct mv_elf_symbol *s)
{
	const struct mv_export *x = mv_exports_find(&r->t->exports, s->name);

	if (x && x->gpl_only && !r->gplok)
		x = NULL;	/* find_symbol() does not see it */
	if (!x) {
		add_unresolved(r, s->name);
		return s->bind == STB_WEAK || ignore_undef_symbol(r, s->name) ?
			0 : -ENOENT;
	}
	if (r->t->modversions && !check_version(r, s->name, x))
		return -EINVAL;
	add_dependency(r, x);
	return check_namespace(r, x);
}

/* simplify_symbols(): every symbol is tried; the last error is returned */
static bool check_symbols(struct run *r)
{
	const struct mv_crc *bad = NULL;
	struct mv_elf_symbol s;
	size_t i, first = r->rec->nr_crcs;
	int err = 0, ret;

	for (i = 1; i < r->m->nr_symbols; i++) {
		mv_elfmod_symbol(r->m, i, &s);
		switch (s.shndx) {
		case SHN_COMMON:
			if (strncmp(s.name, "__gnu_lto", 9))
				err = -ENOEXEC;	/* "please compile with -fno-common" */
			break;
		case SHN_UNDEF:
			ret = resolve(r, &s);
			if (ret)
				err = ret;
			break;
		default:	/* defined, absolute, livepatch: nothing to resolve */
			break;
		}
	}
	if (!err)
		return true;
	/* which check decided, as modverify.ko tells (kmod/verdict.c) */
	for (i = first; i < r->rec->nr_crcs && !bad; i++)
		if (mv_crc_verdict_refuses(r->rec->crcs[i].verdict))
			bad = &r->rec->crcs[i];
	if (bad)
		return refuse(r, err, bad->verdict == MV_CRC_FORCE_REFUSED ?
			      MV_DECIDED_FORCE_REFUSED : MV_DECIDED_SYMBOL_CRC);
	return refuse(r, err, r->rec->nr_unresolved ? MV_DECIDED_UNKNOWN_SYMBOL :
		      MV_DECIDED_LOADER);
}

static void loaded(struct run *r)
{
	enum mv_decider decider = MV_DECIDED_LOADED;
	char *letters = r->rec->storage + IMAGE_CHECK_MAX;
	size_t i;

	for (i = 0; i < r->rec->nr_forced; i++)
		if (r->rec->forced[i].ok)
			decider = MV_DECIDED_FORCED;
	set_result(r, 0, decider);
	/* the module's letters, as /sys/module/<m>/taint shows them */
	if (mv_taint_letters(r->taints, letters, TAINT_MAX))
		r->rec->module_taint = letters;
}

/* The sizes the 6.4+ check compares: this_module's and the kernel's. */
static void predict_sizes(struct run *r)
{
	const struct mv_elf_section *s =
		mv_elfmod_section(r->m, ".gnu.linkonce.this_module");
	struct mv_module_size *size = &r->rec->module_size;

	r->size_checked = mv_target_checks_module_size(r->t);
	if (!r->size_checked)
		return;		/* older targets do not compare them */
	size->has_module = s != NULL;
	size->module = s ? s->size : 0;
	size->has_kernel = r->t->struct_module_size != 0;
	size->kernel = r->t->struct_module_size;
}

/* Which vermagic words differ, as vermagic_differs lists them. */
static void predict_differs(struct run *r)
{
	struct mv_vermagic_pair pair;
	const char *names[16];
	size_t n, i;

	if (!r->rec->vermagic_module)
		return;
	mv_vermagic_compare(&pair, r->rec->vermagic_module,
			    r->rec->vermagic_kernel);
	n = mv_vermagic_differing(&pair, names, ARRAY_SIZE(names));
	for (i = 0; i < n; i++) {
		const char **slot = append(r, &r->rec->vermagic_differs,
					   &r->rec->nr_vermagic_differs,
					   sizeof(*slot));

		if (slot)
			*slot = names[i];
	}
}

/*
 * The comparisons as the kernel module lists them: every one that is not
 * a match, and matches while there is room; the rest are counted.
 */
static void list_crcs(struct run *r)
{
	struct mv_record *rec = r->rec;
	size_t i, kept = 0, matches = 0, room, listed = 0;

	for (i = 0; i < rec->nr_crcs; i++)
		matches += rec->crcs[i].verdict == MV_CRC_MATCH;
	room = rec->nr_crcs - matches >= CRC_LINES_MAX ? 0 :
	       CRC_LINES_MAX - (rec->nr_crcs - matches);
	rec->has_crc_total = true;
	rec->crc_total = rec->nr_crcs;
	rec->has_crc_omitted = true;
	rec->crc_omitted = matches > room ? matches - room : 0;
	for (i = 0; i < rec->nr_crcs; i++) {
		struct mv_crc *c = &rec->crcs[i];

		if (c->verdict == MV_CRC_MATCH && listed++ >= room)
			continue;
		c->verdict_name = mv_crc_verdict_name((enum mv_crc_verdict)c->verdict);
		rec->crcs[kept++] = *c;
	}
	rec->nr_crcs = kept;
}

/* The first value of .modinfo KEY, or NULL when it is absent or empty. */
static const char *modinfo_value(const struct mv_elfmod *m, const char *key)
{
	const char *v = mv_modinfo_next(m, key, NULL);

	return v && *v ? v : NULL;
}

/* What the record says before any check runs. */
static int start_record(struct run *r)
{
	const struct mv_elfmod *m = r->m;
	const struct mv_target *t = r->t;
	struct mv_record *rec = r->rec;

	rec->storage = calloc(1, IMAGE_CHECK_MAX + TAINT_MAX);
	if (!rec->storage)
		return -1;
	r->image_check = rec->storage;
	snprintf(r->image_check, IMAGE_CHECK_MAX, "ok");
	rec->image_check = r->image_check;
	rec->version = MV_RECORD_VERSION;
	rec->prediction = MV_YN_YES;
	rec->seq = 0;			/* no attempt happened */
	rec->kernel = t->release[0] ? t->release : NULL;
	rec->module = m->name[0] ? m->name : NULL;
	rec->srcversion = modinfo_value(m, "srcversion");
	rec->intree = modinfo_value(m, "intree");
	rec->retpoline = modinfo_value(m, "retpoline");
	rec->license = modinfo_value(m, "license");
	rec->depends = modinfo_value(m, "depends");
	rec->has_image_size = true;
	rec->image_size = m->image_size;
	rec->has_flags = true;		/* no flags: nothing forced */
	rec->signature_present = m->signature ? MV_YN_YES : MV_YN_NO;
	rec->sig_enforced = t->sig_force ? MV_YN_YES :
			    t->config_known && !t->module_sig ? MV_YN_NO :
			    MV_YN_UNKNOWN;	/* module.sig_enforce=1 may say yes */
	rec->vermagic_source = MV_SOURCE_DERIVED;
	rec->vermagic_module = mv_modinfo_next(m, "vermagic", NULL);
	rec->vermagic_kernel = t->vermagic;
	set_vermagic_verdict(r, MV_VERMAGIC_NOT_CHECKED);
	/* same_magic() skips the release when the module has CRCs */
	rec->vermagic_release_compared =
		r->has_versions && t->modversions ? MV_YN_NO : MV_YN_YES;
	/* absent is certain; whether a .BTF fits the kernel's is not */
	rec->btf.state = mv_elfmod_section(m, ".BTF") ? MV_BTF_NOT_REACHED :
			 MV_BTF_ABSENT;
	predict_sizes(r);
	return 0;
}

int mv_predict(const struct mv_elfmod *m, const struct mv_target *t,
	       struct mv_record *rec, struct mv_dependencies *deps)
{
	struct run r = {
		.m = m, .t = t, .rec = rec, .deps = deps, .vers = m->versions,
		.has_versions = m->versions.vers != NULL,
	};

	mv_record_init(rec);
	memset(deps, 0, sizeof(*deps));
	/* kernels before 6.14 know only __versions */
	if (!mv_target_at_least(t, 6, 14)) {
		r.vers.ext_crcs = NULL;
		r.vers.ext_crcs_size = 0;
		r.vers.ext_names = NULL;
		r.vers.ext_names_size = 0;
	}
	if (start_record(&r)) {
		mv_record_free(rec);
		return -1;
	}
	predict_differs(&r);
	if (check_signature(&r) && check_elf(&r) && check_layout(&r) &&
	    check_modinfo(&r) && check_sections(&r) && check_exports(&r) &&
	    check_symbols(&r))
		loaded(&r);
	list_crcs(&r);
	if (r.nomem) {
		mv_record_free(rec);
		mv_dependencies_free(deps);
		return -1;
	}
	return 0;
}

void mv_dependencies_free(struct mv_dependencies *deps)
{
	free(deps->items);
	memset(deps, 0, sizeof(*deps));
}
