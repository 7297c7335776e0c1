// SPDX-License-Identifier: GPL-2.0
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_vocab.h"
#include "predict.h"
#include "vermagic.h"

/* include/linux/panic.h */
#define TAINT_PROPRIETARY_MODULE	0
#define TAINT_FORCED_MODULE		1
#define TAINT_CRAP			10
#define TAINT_OOT_MODULE		12
#define TAINT_UNSIGNED_MODULE		13
#define TAINT_LIVEPATCH			15
#define TAINT_TEST			18

/* One prediction in progress. */
struct run {
	const struct mv_elfmod *m;
	const struct mv_target *t;
	struct mv_prediction *p;
	struct mv_vertables vers;	/* the tables this kernel consults */
	bool has_versions;		/* __versions: same_magic()'s has_crcs */
	bool gplok;			/* GPL-only exports are visible */
	uint64_t taints;		/* the module's own */
	bool nomem;
};

/* Grow *array of *nr elements by one zeroed element; NULL without memory. */
static void *append(struct run *r, void *array_ptr, size_t *nr, size_t size)
{
	void **array = array_ptr;
	char *grown;

	/* capacity doubles each time *nr reaches a power of two */
	if ((*nr & (*nr - 1)) == 0) {
		grown = realloc(*array, (*nr ? *nr * 2 : 1) * size);
		if (!grown) {
			r->nomem = true;
			return NULL;
		}
		*array = grown;
	}
	grown = (char *)*array + *nr * size;
	memset(grown, 0, size);
	(*nr)++;
	return grown;
}

/* The kernel stops here: result and deciding check. */
static bool refuse(struct run *r, int err, enum mv_decider decider)
{
	r->p->result = err;
	r->p->decided_by = decider;
	return false;
}

/* try_to_force_load(): succeeds (tainting F) with CONFIG_MODULE_FORCE_LOAD */
static bool force(struct run *r, const char *reason)
{
	struct mv_pred_forced *f = append(r, &r->p->forced, &r->p->nr_forced,
					  sizeof(*f));

	if (f) {
		f->ok = r->t->force_load;
		f->reason = reason;
	}
	if (r->t->force_load)
		r->taints |= 1ULL << TAINT_FORCED_MODULE;
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
	struct mv_pred_crc *c = append(r, &r->p->crcs, &r->p->nr_crcs,
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
	vsnprintf(r->p->image_check, sizeof(r->p->image_check), fmt, ap);
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
	struct mv_prediction *p = r->p;

	if (!r->t->module_sig)
		return true;
	if (m->signature && m->sig_check == 0)
		return true;
	r->taints |= 1ULL << TAINT_UNSIGNED_MODULE;
	if (!m->signature) {
		p->sig_reason = MV_SIG_UNSIGNED;
	} else if (m->sig_check == -ENOPKG) {
		p->sig_reason = MV_SIG_NO_CRYPTO;
	} else {
		/* a malformed signature fails the load, enforced or not */
		p->sig_reason = MV_SIG_BAD;
		return refuse(r, m->sig_check, MV_DECIDED_SIGNATURE);
	}
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
	if (r->p->size_checked && r->p->kernel_module_size &&
	    r->p->module_size != r->p->kernel_module_size)
		return refuse(r, -ENOEXEC, MV_DECIDED_MODULE_SIZE);
	why = mv_vertables_check(&r->vers);	/* 6.14+: the extended tables */
	if (why)
		return elf_refused(r, "%s", why);
	return true;
}

/* check_modstruct_version(): the struct-layout CRC, module_layout */
static bool check_layout(struct run *r)
{
	struct mv_pred_crc *c;

	if (!r->t->modversions)
		return true;
	if (check_version(r, "module_layout",
			  mv_exports_find(&r->t->exports, "module_layout")))
		return true;
	c = &r->p->crcs[r->p->nr_crcs - 1];
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

	for (i = 0; license && i < sizeof(gpl) / sizeof(gpl[0]); i++)
		if (strcmp(license, gpl[i]) == 0)
			return true;
	return false;
}

static bool modinfo_has(const struct run *r, const char *key)
{
	return mv_modinfo_next(r->m, key, NULL) != NULL;
}

/* check_modinfo(): vermagic, livepatch; and the taints .modinfo implies */
static bool check_modinfo(struct run *r)
{
	struct mv_prediction *p = r->p;

	if (!p->vermagic_module) {
		if (!force(r, "bad vermagic")) {
			p->vermagic_verdict = MV_VERMAGIC_FORCE_REFUSED;
			return refuse(r, -ENOEXEC, MV_DECIDED_FORCE_REFUSED);
		}
		p->vermagic_verdict = MV_VERMAGIC_FORCED;
	} else if (!mv_vermagic_agree(p->vermagic_module, p->vermagic_kernel,
				      p->release_compared)) {
		p->vermagic_verdict = MV_VERMAGIC_MISMATCH;
		return refuse(r, -ENOEXEC, MV_DECIDED_VERMAGIC);
	} else {
		p->vermagic_verdict = MV_VERMAGIC_MATCH;
	}
	if (modinfo_has(r, "livepatch")) {
		if (r->t->config_known && !r->t->livepatch)
			return refuse(r, -ENOEXEC, MV_DECIDED_LOADER);
		r->taints |= 1ULL << TAINT_LIVEPATCH;
	}
	if (!modinfo_has(r, "intree"))
		r->taints |= 1ULL << TAINT_OOT_MODULE;
	if (modinfo_has(r, "staging"))
		r->taints |= 1ULL << TAINT_CRAP;
	if (modinfo_has(r, "test") && mv_target_at_least(r->t, 6, 1))
		r->taints |= 1ULL << TAINT_TEST;
	if (!license_is_gpl_compatible(mv_modinfo_next(r->m, "license", NULL)))
		r->taints |= 1ULL << TAINT_PROPRIETARY_MODULE;
	r->gplok = !(r->taints & (1ULL << TAINT_PROPRIETARY_MODULE));
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
	struct mv_pred_dependency *d;
	size_t i;

	if (strcmp(x->owner, MV_EXPORT_OWNER_VMLINUX) == 0)
		return;
	for (i = 0; i < r->p->nr_needs; i++)
		if (strcmp(r->p->needs[i].module, x->owner) == 0)
			return;
	d = append(r, &r->p->needs, &r->p->nr_needs, sizeof(*d));
	if (d) {
		d->module = x->owner;
		d->symbol = x->name;
	}
}

static void add_unresolved(struct run *r, const char *name)
{
	const char **slot = append(r, &r->p->unresolved, &r->p->nr_unresolved,
				   sizeof(*slot));

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
	const struct mv_pred_crc *bad = NULL;
	struct mv_elf_symbol s;
	size_t i, first = r->p->nr_crcs;
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
	for (i = first; i < r->p->nr_crcs && !bad; i++)
		if (mv_crc_verdict_refuses(r->p->crcs[i].verdict))
			bad = &r->p->crcs[i];
	if (bad)
		return refuse(r, err, bad->verdict == MV_CRC_FORCE_REFUSED ?
			      MV_DECIDED_FORCE_REFUSED : MV_DECIDED_SYMBOL_CRC);
	return refuse(r, err, r->p->nr_unresolved ? MV_DECIDED_UNKNOWN_SYMBOL :
		      MV_DECIDED_LOADER);
}

static void loaded(struct run *r)
{
	size_t i;

	r->p->result = 0;
	r->p->decided_by = MV_DECIDED_LOADED;
	for (i = 0; i < r->p->nr_forced; i++)
		if (r->p->forced[i].ok)
			r->p->decided_by = MV_DECIDED_FORCED;
	/* the module's letters, as /sys/module/<m>/taint shows them */
	mv_taint_letters(r->taints, r->p->module_taint, sizeof(r->p->module_taint));
}

/* The sizes the 6.4+ check compares: this_module's and the kernel's. */
static void predict_sizes(const struct mv_elfmod *m, const struct mv_target *t,
			  struct mv_prediction *p)
{
	const struct mv_elf_section *s =
		mv_elfmod_section(m, ".gnu.linkonce.this_module");

	p->size_checked = mv_target_checks_module_size(t);
	p->has_module_size = s != NULL;
	p->module_size = s ? s->size : 0;
	p->kernel_module_size = t->struct_module_size;
}

int mv_predict(const struct mv_elfmod *m, const struct mv_target *t,
	       struct mv_prediction *p)
{
	struct run r = { .m = m, .t = t, .p = p, .vers = m->versions };

	memset(p, 0, sizeof(*p));
	p->kernel = t->release;
	p->module = m->name[0] ? m->name : NULL;
	p->srcversion = mv_modinfo_next(m, "srcversion", NULL);
	p->image_size = m->image_size;
	snprintf(p->image_check, sizeof(p->image_check), "ok");
	p->signature = m->signature;
	p->sig_enforced = t->sig_force ? MV_YN_YES :
			  t->config_known && !t->module_sig ? MV_YN_NO :
			  MV_YN_UNKNOWN;	/* module.sig_enforce=1 may say yes */
	p->sig_reason = -1;
	p->vermagic_module = mv_modinfo_next(m, "vermagic", NULL);
	p->vermagic_kernel = t->vermagic;
	p->vermagic_verdict = MV_VERMAGIC_NOT_CHECKED;
	predict_sizes(m, t, p);
	/* module BTF is validated against the running kernel's: not replayed */
	p->btf = mv_elfmod_section(m, ".BTF") != NULL;

	/* kernels before 6.14 know only __versions */
	if (!mv_target_at_least(t, 6, 14)) {
		r.vers.ext_crcs = NULL;
		r.vers.ext_crcs_size = 0;
		r.vers.ext_names = NULL;
		r.vers.ext_names_size = 0;
	}
	r.has_versions = m->versions.vers != NULL;
	/* same_magic() skips the release when the module has CRCs */
	p->release_compared = !(r.has_versions && t->modversions);

	if (check_signature(&r) && check_elf(&r) && check_layout(&r) &&
	    check_modinfo(&r) && check_sections(&r) && check_exports(&r) &&
	    check_symbols(&r))
		loaded(&r);
	if (r.nomem) {
		mv_prediction_free(p);
		return -1;
	}
	return 0;
}

void mv_prediction_free(struct mv_prediction *p)
{
	free(p->crcs);
	free(p->forced);
	free(p->unresolved);
	free(p->needs);
	memset(p, 0, sizeof(*p));
}
