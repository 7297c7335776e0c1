// SPDX-License-Identifier: GPL-2.0
/*
 * The joiner of `modverify watch` (watch_join.h).  An attempt opens with
 * its load_module() entry event and closes with its return; the events in
 * between carry the same task id (one task is in one load at a time, and
 * its events reach the ring buffer in the order it made them).  The record
 * is built in a struct mv_record and written with mv_record_format(), so
 * it is the same text the kernel module would publish, key for key.
 *
 * fexit events arrive when a function returns, so a function that calls
 * another (module_sig_check -> mod_verify_sig, check_modstruct_version ->
 * check_version, check_version -> try_to_force_load) returns after it: its
 * stage is put back before the callee's, the order of the entries.
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/types.h>
#include <modverify/decide.h>
#include <modverify/record.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "elfmod.h"
#include "errnames.h"
#include "vermagic.h"
#include "vocab.h"
#include "watch_event.h"
#include "watch_join.h"

/* Attempts in flight at once; the kernel module's max_inflight is 16. */
#define MAX_INFLIGHT	64
/* unresolved lines a record lists (as the kernel module) */
#define MAX_UNRESOLVED	8
/* stage runs a record lists (as the kernel module: "name*N" is one) */
#define STAGES_MAX	24

/*
 * What begins each entry of the per-task tables (attempts, finit_module()
 * calls of a file, syscalls before the loader): one task is in one of
 * each at a time.
 */
struct slot {
	bool used;
	uint32_t tid;
};

/* The entry of tid in a table of MAX_INFLIGHT entries of size bytes. */
static void *find_slot(void *table, size_t size, uint32_t tid)
{
	char *p = table;
	size_t i;

	for (i = 0; i < MAX_INFLIGHT; i++, p += size) {
		struct slot *s = (struct slot *)p;

		if (s->used && s->tid == tid)
			return s;
	}
	return NULL;
}

/*
 * The entry for a new call of tid: its older one (a call whose return was
 * lost), else a free one; NULL if the table is fuller than loads ever run
 * at once.
 */
static void *own_or_free_slot(void *table, size_t size, uint32_t tid)
{
	char *entry = find_slot(table, size, tid), *p = table;
	size_t i;

	for (i = 0; !entry && i < MAX_INFLIGHT; i++, p += size)
		if (!((struct slot *)p)->used)
			entry = p;
	return entry;
}

/* As own_or_free_slot(), else the entry tid hashes to. */
static void *claim_slot(void *table, size_t size, uint32_t tid)
{
	char *entry = own_or_free_slot(table, size, tid);

	return entry ? entry : (char *)table + (tid % MAX_INFLIGHT) * size;
}

struct crc_seen {
	char symbol[MVW_NAME_LEN];
	bool has_kernel_crc;
	uint32_t kernel_crc;
	bool ok;		/* check_version() returned 1 */
};

struct forced_seen {
	char reason[MVW_NAME_LEN];
	bool ok;
};

struct attempt {
	struct slot slot;	/* first */
	struct mvw_load load;
	char modinfo[MVW_MODINFO_MAX + 1];	/* NUL-terminated copy */
	struct stage_run {
		enum mvw_kind kind;
		unsigned long count;
	} stages[STAGES_MAX];
	size_t nr_stages;
	bool stages_truncated;
	struct crc_seen *crcs;
	size_t nr_crcs;
	struct forced_seen *forced;
	size_t nr_forced;
	char unresolved[MAX_UNRESOLVED][MVW_NAME_LEN];
	size_t nr_unresolved;
	bool magic_seen, magic_ok, has_crcs;
	char vermagic_module[MVW_VERMAGIC_LEN];
	bool sig_check_seen, sig_ok;
	int sig_check_result;
	bool verify_seen;
	int verify_result;
	bool layout_seen;
	bool init_seen, init_done;
	bool taints_seen;	/* module_taints read: at BTF validation or init */
	uint64_t module_taints;
	bool btf_seen, in_btf, has_btf;
	int btf_result;		/* btf_module_notify()'s return, a notifier's */
	char btf_log[MVW_BTF_LOG_LEN];
	bool params_seen;
	int params_err;		/* parse_args()'s error, or 0 */
	char params[MVW_PARAMS_LEN];
	struct mv_kparam kparams[MVW_MAX_KPARAMS];
	char kparam_names[MVW_MAX_KPARAMS][MVW_NAME_LEN];
	size_t nr_kparams;
	bool reloc_seen;	/* apply_relocate_add() failed */
	struct mvw_reloc reloc;
	int init_result;
	int result;
	bool has_taint_after;	/* the taint mask at load_module()'s return */
	uint64_t taint_after;
	uint64_t lost_before;	/* host->lost at its load_module() entry */
	enum mv_yesno sig_enforced;	/* host's at its load_module() entry */
	bool has_file;		/* it runs for a finit_module() of this file: */
	uint64_t file_key;	/* its inode, a key never shown */
};

/*
 * A finit_module() of a file under way (6.5+: idempotent_init_module()),
 * per task.  One that runs no load_module() of its own waits for the one
 * that does on the same file, and returns its result: it follows it.
 */
struct file_call {
	struct slot slot;	/* first */
	bool led;		/* its task ran load_module() */
	uint32_t tgid;
	uint64_t key;
	int flags;
	bool has_taint;
	uint64_t taint;		/* the taint mask at its entry */
	uint64_t seq_before;	/* records made before it began */
	char comm[MVW_COMM_LEN];
};

/* The newest attempts made for a file: what a follower's record copies. */
struct leader {
	uint64_t key, seq;
	char *text;		/* its record */
	size_t len;
	bool taints_seen;
	uint64_t module_taints;
};

#define MAX_LEADERS	8

/*
 * A module-loading syscall under way, per task, until it reaches
 * load_module(): what its steps before the loader did (kmod/preload.c
 * watches the same).  One that fails before is recorded as the module
 * records it.
 */
struct pre_call {
	struct slot slot;	/* first */
	uint32_t tgid;
	uint64_t ns;		/* its entry */
	unsigned int flags;
	bool has_taint;
	uint64_t taint;		/* the taint mask at its entry */
	uint64_t lost_before;
	char comm[MVW_COMM_LEN];
	struct mv_preload seen;
};

struct mvw_joiner {
	struct attempt attempts[MAX_INFLIGHT];
	struct file_call files[MAX_INFLIGHT];
	struct pre_call pres[MAX_INFLIGHT];
	struct leader leaders[MAX_LEADERS];
	unsigned long nr_leaders;	/* made; the newest MAX_LEADERS kept */
	uint64_t seq;
	unsigned long incomplete;
	/* the kernel's vermagic, once same_magic() has shown it */
	char kernel_vermagic[MVW_VERMAGIC_LEN];
};

static const char *const stage_names[MVW_KIND_COUNT] = {
	[MVW_SIG_CHECK] = "module_sig_check",
	[MVW_VERIFY_SIG] = "mod_verify_sig",
	[MVW_LAYOUT] = "check_modstruct_version",
	[MVW_CRC] = "check_version",
	[MVW_MAGIC] = "same_magic",
	[MVW_FORCE] = "try_to_force_load",
	[MVW_INIT] = "do_init_module",
	[MVW_BTF] = "btf_module_notify",
};

/* The function each of these calls: its fexit came first. */
static const enum mvw_kind callee[MVW_KIND_COUNT] = {
	[MVW_SIG_CHECK] = MVW_VERIFY_SIG,
	[MVW_LAYOUT] = MVW_CRC,
	[MVW_CRC] = MVW_FORCE,
};

struct mvw_joiner *mvw_joiner_new(void)
{
	return calloc(1, sizeof(struct mvw_joiner));
}

static void attempt_free(struct attempt *a)
{
	free(a->crcs);
	free(a->forced);
	memset(a, 0, sizeof(*a));
}

void mvw_joiner_free(struct mvw_joiner *j)
{
	size_t i;

	if (!j)
		return;
	for (i = 0; i < MAX_INFLIGHT; i++)
		attempt_free(&j->attempts[i]);
	for (i = 0; i < MAX_LEADERS; i++)
		free(j->leaders[i].text);
	free(j);
}

unsigned long mvw_joiner_incomplete(const struct mvw_joiner *j)
{
	return j->incomplete;
}

unsigned long mvw_joiner_open(const struct mvw_joiner *j)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < MAX_INFLIGHT; i++)
		n += j->attempts[i].slot.used;
	return n;
}

static struct attempt *find(struct mvw_joiner *j, uint32_t tid)
{
	return find_slot(j->attempts, sizeof(j->attempts[0]), tid);
}

/* A new attempt of tid; one of tid's still open lost its return. */
static struct attempt *open_attempt(struct mvw_joiner *j, uint32_t tid)
{
	struct attempt *a = own_or_free_slot(j->attempts, sizeof(j->attempts[0]), tid);
	size_t i;

	if (!a) {
		a = &j->attempts[0];	/* the oldest gives way */
		for (i = 1; i < MAX_INFLIGHT; i++)
			if (j->attempts[i].load.h.ns < a->load.h.ns)
				a = &j->attempts[i];
	}
	if (a->slot.used)
		j->incomplete++;
	attempt_free(a);
	a->slot = (struct slot){ true, tid };
	return a;
}

static void push_stage(struct attempt *a, enum mvw_kind kind)
{
	struct stage_run *last = a->nr_stages ? &a->stages[a->nr_stages - 1] : NULL;

	if (last && last->kind == kind)
		last->count++;
	else if (a->nr_stages == STAGES_MAX)
		a->stages_truncated = true;
	else
		a->stages[a->nr_stages++] = (struct stage_run){ kind, 1 };
}

/* kind returned: before the callee's run it ended with, if so. */
static void add_stage(struct attempt *a, enum mvw_kind kind)
{
	enum mvw_kind inner = callee[kind];
	struct stage_run *last = a->nr_stages ? &a->stages[a->nr_stages - 1] : NULL;

	if (!inner || !last || last->kind != inner || a->stages_truncated) {
		push_stage(a, kind);
		return;
	}
	if (last->count == 1) {
		a->nr_stages--;
	} else {
		last->count--;
	}
	push_stage(a, kind);
	push_stage(a, inner);
}

/* A string from the BPF side: cut at its buffer's end whatever it holds. */
static void copy_str(char *dst, const char *src, size_t size)
{
	memcpy(dst, src, size);
	dst[size - 1] = '\0';
}

/*
 * A line of the BTF verifier as modverify.ko keeps it: up to its newline,
 * printable ASCII but the quote and the backslash, the rest '?', without
 * trailing blanks.  An empty line does not replace the last one.
 */
static void keep_btf_log(struct attempt *a, const char *line, size_t size)
{
	char buf[MVW_BTF_LOG_LEN];
	size_t i, len = 0;

	for (i = 0; i < size && i < sizeof(buf) - 1 && line[i] && line[i] != '\n'; i++) {
		unsigned char c = (unsigned char)line[i];

		buf[i] = c < ' ' || c > '~' || c == '\'' || c == '\\' ? '?' : (char)c;
		if (c != ' ')
			len = i + 1;
	}
	buf[len] = '\0';
	if (len)
		memcpy(a->btf_log, buf, len + 1);
}

/* parse_args()'s view: the parameters and the module's kernel_param table. */
static void take_params(struct attempt *a, const struct mvw_params *e,
			const struct mvw_host *host)
{
	size_t i;
	int t;

	a->params_seen = true;
	copy_str(a->params, e->args, sizeof(a->params));
	a->nr_kparams = e->h.value < MVW_MAX_KPARAMS ? e->h.value : MVW_MAX_KPARAMS;
	for (i = 0; i < a->nr_kparams; i++) {
		const struct mvw_kparam *p = &e->p[i];
		struct mv_kparam *k = &a->kparams[i];

		copy_str(a->kparam_names[i], p->name, sizeof(a->kparam_names[i]));
		k->name = a->kparam_names[i];
		k->type = MV_KPARAM_OTHER;
		for (t = MV_KPARAM_OTHER + 1; t < MV_KPARAM_TYPE_COUNT; t++)
			if (p->ops && p->ops == host->param_ops[t])
				k->type = (enum mv_kparam_type)t;
		k->noarg = p->noarg;
		k->hwparam = p->hwparam;
		k->maxlen = p->maxlen;
	}
}

static int take(struct mvw_joiner *j, const struct mvw_host *host, struct attempt *a,
		const void *data, size_t size)
{
	const struct mvw_head *h = data;
	const struct mvw_str *s = data;
	const struct mvw_magic *m = data;
	const struct mvw_text *t = data;

	switch (h->kind) {
	case MVW_SIG_CHECK:
		a->sig_check_seen = true;
		a->sig_check_result = h->ret;
		a->sig_ok = h->value != 0;
		break;
	case MVW_VERIFY_SIG:
		a->verify_seen = true;
		a->verify_result = h->ret;
		break;
	case MVW_LAYOUT:
		a->layout_seen = true;
		break;
	case MVW_CRC: {
		struct crc_seen *c;

		if (size < sizeof(*s))
			return -1;
		c = mv_array_append(&a->crcs, &a->nr_crcs, sizeof(*c));
		if (!c)
			return -1;
		copy_str(c->symbol, s->s, sizeof(c->symbol));
		c->has_kernel_crc = h->flag & MVW_HAS_VALUE;
		c->kernel_crc = (uint32_t)h->value;
		c->ok = h->ret != 0;
		break;
	}
	case MVW_MAGIC:
		if (size < sizeof(*m))
			return -1;
		a->magic_seen = true;
		a->magic_ok = h->ret != 0;
		a->has_crcs = h->value != 0;
		copy_str(a->vermagic_module, m->module, sizeof(a->vermagic_module));
		copy_str(j->kernel_vermagic, m->kernel, sizeof(j->kernel_vermagic));
		break;
	case MVW_FORCE: {
		struct forced_seen *f;

		if (size < sizeof(*s))
			return -1;
		f = mv_array_append(&a->forced, &a->nr_forced, sizeof(*f));
		if (!f)
			return -1;
		copy_str(f->reason, s->s, sizeof(f->reason));
		f->ok = h->ret == 0;
		break;
	}
	case MVW_FIND_FAILED:
		if (size < sizeof(*s))
			return -1;
		if (a->nr_unresolved < MAX_UNRESOLVED)
			copy_str(a->unresolved[a->nr_unresolved++], s->s, MVW_NAME_LEN);
		return 0;	/* not a stage of its own */
	case MVW_INIT:
		a->init_seen = true;
		a->taints_seen = true;
		a->module_taints = h->value;
		break;
	case MVW_BTF:
		a->btf_seen = a->in_btf = true;
		a->has_btf = h->flag & MVW_HAS_BTF;
		a->taints_seen = true;
		a->module_taints = h->value;
		break;
	case MVW_BTF_LOG:
		if (a->in_btf)
			keep_btf_log(a, t->s, sizeof(t->s));
		return 0;
	case MVW_BTF_DONE:
		if (a->in_btf)
			a->btf_result = h->ret;
		a->in_btf = false;
		return 0;
	case MVW_PARAMS:
		take_params(a, data, host);
		return 0;
	case MVW_PARAMS_DONE:
		a->params_err = h->ret;
		return 0;
	case MVW_RELOC:
		a->reloc_seen = true;
		memcpy(&a->reloc, data, sizeof(a->reloc));
		return 0;	/* sent only when it failed: not a stage */
	case MVW_INIT_DONE:
		a->init_done = true;
		a->init_result = h->ret;
		return 0;
	default:
		return -1;
	}
	add_stage(a, (enum mvw_kind)h->kind);
	return 0;
}

/* The record's strings and arrays, kept until it is written. */
struct build {
	struct mv_record rec;
	struct mv_stage stages[STAGES_MAX];
	struct mv_crc *crcs;
	struct mv_forced forced[8];
	const char *unresolved[MAX_UNRESOLVED];
	const char *differs[MV_VERMAGIC_MAX_WORDS];
	char timestamp[32], boottime[32], comm[MVW_COMM_LEN];
	char name[MVW_NAME_LEN];
	char taint_letters[3][72];	/* before, after, added */
	char module_taint[72];
	char param_rejected[MVW_NAME_LEN];
	char reloc_type[16], reloc_section[MVW_NAME_LEN], reloc_symbol[MVW_NAME_LEN];
};

/* __versions: the module's CRC for symbol, the first entry of that name. */
static int module_crc(const struct attempt *a, const char *symbol, uint64_t *crc)
{
	const struct mvw_load *l = &a->load;
	size_t i;

	for (i = 0; i + MVW_VERSION_ENTRY <= l->versions_len; i += MVW_VERSION_ENTRY) {
		const char *name = l->versions + i + sizeof(uint64_t);

		if (strncmp(name, symbol, MVW_VERSION_ENTRY - sizeof(uint64_t)) == 0) {
			memcpy(crc, l->versions + i, sizeof(*crc));
			return 1;
		}
	}
	/* not in what was copied: unknown if the section was cut */
	return l->versions_len < l->versions_size ? -1 : 0;
}

static bool versions_used(const struct attempt *a)
{
	return (a->load.found & MVW_FOUND_VERSIONS) &&
	       !(a->load.h.value & MV_FLAG_IGNORE_MODVERSIONS);
}

static void set_crc(const struct attempt *a, const struct crc_seen *c,
		    struct mv_crc *out)
{
	enum mv_crc_verdict v;
	int found = 0;

	out->symbol = c->symbol;
	out->has_kernel_crc = c->has_kernel_crc;
	out->kernel_crc = c->kernel_crc;
	if (!c->has_kernel_crc)
		v = MV_CRC_NO_KERNEL_CRC;
	else if (!versions_used(a))
		v = c->ok ? MV_CRC_FORCED : MV_CRC_FORCE_REFUSED;
	else if ((found = module_crc(a, c->symbol, &out->module_crc)) < 0)
		v = c->ok ? MV_CRC_UNREAD_ACCEPTED : MV_CRC_UNREAD_REFUSED;
	else if (!found)
		v = c->ok ? MV_CRC_MISSING : MV_CRC_MISSING_REFUSED;
	else
		v = c->ok ? MV_CRC_MATCH : MV_CRC_MISMATCH;
	out->has_module_crc = found > 0;
	out->verdict = (int)v;
	out->verdict_name = mv_crc_verdict_name(v);
}

static void set_errval(struct mv_errval *e, long long value)
{
	const struct mv_errno_info *info = mv_errno_by_number((int)-value);

	e->known = true;
	e->value = value;
	e->name = value == 0 ? "OK" : info ? info->name : NULL;
}

static void set_taint(struct mv_taint *t, uint64_t mask, char *letters,
		      size_t size)
{
	t->known = true;
	t->mask = mask;
	t->letters = mv_taint_letters(mask, letters, size) ? letters : NULL;
}

static const struct mv_crc *layout_crc(const struct mv_record *rec)
{
	if (rec->nr_crcs && !strcmp(rec->crcs[0].symbol, "module_layout"))
		return &rec->crcs[0];
	return NULL;
}

static bool crc_refused(const struct mv_crc *crc)
{
	return crc && mv_crc_verdict_refuses((enum mv_crc_verdict)crc->verdict);
}

static bool any_forced(const struct mv_record *rec, bool ok)
{
	size_t i;

	for (i = 0; i < rec->nr_forced; i++)
		if (rec->forced[i].ok == ok)
			return true;
	return false;
}

static void set_vermagic_verdict(struct mv_record *rec, enum mv_vermagic_verdict v)
{
	rec->vermagic_verdict = (int)v;
	rec->vermagic_verdict_name = mv_vermagic_verdict_name(v);
}

/*
 * The vermagic facts: same_magic()'s own comparison, or try_to_force_load()
 * forcing it, or, when neither ran, derived from .modinfo and the kernel's
 * string (seen in an earlier attempt, else the one of the kernel's own
 * modules) if the loader got that far.
 */
static void vermagic(struct mvw_joiner *j, const struct attempt *a,
		     const struct mvw_host *host, struct build *b, bool past, bool at)
{
	struct mv_record *rec = &b->rec;
	const char *modmagic = mv_modinfo_lookup(a->modinfo, a->load.modinfo_len,
						 "vermagic", NULL);
	struct mv_vermagic_pair pair;
	size_t i;

	rec->vermagic_kernel = *j->kernel_vermagic ? j->kernel_vermagic : host->kernel_vermagic;
	rec->vermagic_release_compared = versions_used(a) ? MV_YN_NO : MV_YN_YES;
	rec->vermagic_source = MV_SOURCE_OBSERVED;
	rec->vermagic_module = modmagic;
	set_vermagic_verdict(rec, MV_VERMAGIC_NOT_CHECKED);
	for (i = 0; i < rec->nr_forced; i++)
		if (!strcmp(rec->forced[i].reason, "bad vermagic"))
			set_vermagic_verdict(rec, rec->forced[i].ok ? MV_VERMAGIC_FORCED :
					     MV_VERMAGIC_FORCE_REFUSED);
	if (a->magic_seen) {
		rec->vermagic_module = a->vermagic_module;
		rec->vermagic_release_compared = a->has_crcs ? MV_YN_NO : MV_YN_YES;
		set_vermagic_verdict(rec, a->magic_ok ? MV_VERMAGIC_MATCH :
				     MV_VERMAGIC_MISMATCH);
	} else if (rec->vermagic_verdict == MV_VERMAGIC_NOT_CHECKED) {
		bool agree = modmagic && rec->vermagic_kernel &&
			     mv_vermagic_agree(modmagic, rec->vermagic_kernel,
					       rec->vermagic_release_compared == MV_YN_YES);

		rec->vermagic_source = MV_SOURCE_DERIVED;
		if (!modmagic && (past || at))
			set_vermagic_verdict(rec, MV_VERMAGIC_MISSING);
		else if (past && !agree && rec->vermagic_kernel)
			set_vermagic_verdict(rec, MV_VERMAGIC_FORCED);
		else if (past || (at && !agree && rec->vermagic_kernel))
			set_vermagic_verdict(rec, agree ? MV_VERMAGIC_MATCH :
					     MV_VERMAGIC_MISMATCH);
	}
	if (!rec->vermagic_module || !rec->vermagic_kernel)
		return;
	mv_vermagic_compare(&pair, rec->vermagic_module, rec->vermagic_kernel);
	rec->vermagic_differs = b->differs;
	rec->nr_vermagic_differs = mv_vermagic_differing(&pair, b->differs,
							 ARRAY_SIZE(b->differs));
}

/*
 * A load that succeeded with the module tainted F was forced (its
 * try_to_force_load() may be inlined): by the flags, and by a missing
 * __versions where the kernel has MODVERSIONS (check_version() exists).
 */
static void derive_forced(const struct attempt *a, struct build *b,
			  const struct mvw_host *host)
{
	struct mv_record *rec = &b->rec;

	if (rec->nr_forced || !a->init_seen ||
	    !(a->module_taints & (1ULL << MV_TAINT_FORCED_MODULE)))
		return;
	if ((a->load.h.value & MV_FLAG_IGNORE_VERMAGIC) || !rec->vermagic_module) {
		b->forced[rec->nr_forced++] = (struct mv_forced){ true, "ok", "bad vermagic" };
		set_vermagic_verdict(rec, MV_VERMAGIC_FORCED);
	}
	if (!versions_used(a) && (host->attached & (1u << MVW_CRC)))
		b->forced[rec->nr_forced++] = (struct mv_forced){ true, "ok", "module_layout" };
	rec->forced = b->forced;
}

/*
 * Which check decided: mv_decided_by(), kmod/verdict.c's order, on what
 * BPF observed.  An unknown symbol is told by -ENOENT past the vermagic
 * alone.
 */
static enum mv_decider decide(struct mvw_joiner *j, const struct attempt *a,
			      struct build *b, const struct mvw_host *host)
{
	struct mv_record *rec = &b->rec;
	const struct mv_crc *layout = layout_crc(rec);
	const struct mv_crc *bad = NULL;
	int err = a->result;
	bool past, at, layout_checked;
	size_t i;

	for (i = layout ? 1 : 0; i < rec->nr_crcs && !bad; i++)
		if (crc_refused(&rec->crcs[i]))
			bad = &rec->crcs[i];
	/* duplicates, symbols, relocations and init come after the vermagic */
	past = err == 0 || err == -EEXIST || a->init_seen || a->btf_seen || a->reloc_seen ||
	       rec->nr_crcs > (layout ? 1u : 0u) ||
	       (a->magic_seen && a->magic_ok) || rec->nr_unresolved;
	layout_checked = layout || a->layout_seen;
	/*
	 * Without check_modstruct_version() (no MODVERSIONS) the ELF checks
	 * come right before the vermagic: watch does not repeat them, so an
	 * -ENOEXEC of a module of the kernel's size is taken to be the
	 * vermagic's when the strings disagree; not of one whose section
	 * headers the image walk could not read (the kernel's checks refuse
	 * those too).
	 */
	if (host->attached & (1u << MVW_LAYOUT))
		at = layout_checked && !crc_refused(layout);
	else
		at = !(a->load.found & MVW_IMAGE_UNREAD) &&
		     (!rec->module_size.has_module ||
		      rec->module_size.module == rec->module_size.kernel);
	at = at && err == -ENOEXEC;
	vermagic(j, a, host, b, past, at);
	if (err == 0)
		derive_forced(a, b, host);

	return mv_decided_by(&(struct mv_decide_facts){
		.state = MV_STATE_RETURNED,
		.err = err,
		.init_seen = a->init_seen,
		.forced = any_forced(rec, true),
		.force_refused = any_forced(rec, false),
		.sig_err = a->sig_check_seen ? a->sig_check_result : 0,
		.sig_enforced = a->sig_enforced == MV_YN_YES,
		.sig_probed = host->attached & (1u << MVW_SIG_CHECK),
		.relocation_refused = rec->relocation.reason_name != NULL,
		.btf_refused = rec->btf.state == MV_BTF_INVALID && rec->btf.errno_value == err,
		.params_refused = a->params_err && err == a->params_err,
		/* same_magic() ran: the ELF checks had passed */
		.module_size_differs = rec->module_size.has_module && !a->magic_seen &&
				       rec->module_size.module != rec->module_size.kernel,
		.past_vermagic = past,
		.before_layout = !layout_checked && !past,
		.layout_compared = layout != NULL,
		.layout_verdict = layout ? (enum mv_crc_verdict)layout->verdict : MV_CRC_MATCH,
		.symbol_refused = bad != NULL,
		.symbol_verdict = bad ? (enum mv_crc_verdict)bad->verdict : MV_CRC_MATCH,
		.enoent_unresolved = true,
		.vermagic_verdict = (enum mv_vermagic_verdict)rec->vermagic_verdict,
	});
}

/* What module_sig_check() concluded: mv_sig_reason_of(), as kmod/verdict.c. */
static enum mv_sig_reason sig_reason(const struct attempt *a,
				     const struct mvw_host *host)
{
	return mv_sig_reason_of(&(struct mv_sig_facts){
		.check_seen = a->sig_check_seen,
		.verify_seen = a->verify_seen,
		.verify_result = a->verify_result,
		.signature_present = a->load.found & MVW_FOUND_SIG_MARKER,
		.ignoring = a->load.h.value & (MV_FLAG_IGNORE_MODVERSIONS |
					       MV_FLAG_IGNORE_VERMAGIC),
		.verified = a->sig_ok,
		.verify_probed = host->attached & (1u << MVW_VERIFY_SIG),
	});
}

/*
 * The module BTF's validation, as modverify.ko says it: refused by the
 * notifier's errno (notifier_to_errno()); let pass after the verifier
 * complained (CONFIG_MODULE_ALLOW_BTF_MISMATCH); else parsed, or absent.
 */
static void set_btf(const struct attempt *a, struct mv_record *rec)
{
	/* include/linux/notifier.h */
	const int notify_ok = 0x1, notify_stop_mask = 0x8000;
	int r = a->btf_result & ~notify_stop_mask;

	if (!a->btf_seen)
		return;
	rec->btf.log = *a->btf_log ? a->btf_log : NULL;
	if (r > notify_ok) {
		rec->btf.state = MV_BTF_INVALID;
		rec->btf.has_errno = true;
		rec->btf.errno_value = notify_ok - r;
	} else if (rec->btf.log) {
		rec->btf.state = MV_BTF_MISMATCH_ALLOWED;
	} else {
		rec->btf.state = a->has_btf ? MV_BTF_OK : MV_BTF_ABSENT;
	}
}

/* The parameters as parse_args() got them, and the one it refused. */
static void set_params(const struct attempt *a, struct build *b)
{
	struct mv_record *rec = &b->rec;
	bool cut = strlen(a->params) == sizeof(a->params) - 1;

	rec->has_parameters = true;	/* "-" until parse_args() ran */
	if (!a->params_seen)
		return;
	rec->parameters = a->params;
	rec->parameters_cut = cut;
	if (a->params_err &&
	    mv_kparam_rejected(a->params, cut, a->kparams, a->nr_kparams, a->params_err,
			       b->param_rejected, sizeof(b->param_rejected)))
		rec->parameter_rejected = b->param_rejected;
}

/*
 * The relocation apply_relocate_add() refused, as modverify.ko writes it:
 * the entry's type, offset and symbol only when it was found.
 */
static void set_reloc(const struct attempt *a, struct build *b)
{
	struct mv_relocation *rel = &b->rec.relocation;
	const struct mvw_reloc *r = &a->reloc;
	const char *type = mv_reloc_type_x86_64(r->type);

	if (!a->reloc_seen || r->reason == MV_RELOC_NONE || r->reason >= MV_RELOC_REASON_COUNT)
		return;
	rel->reason = (int)r->reason;
	rel->reason_name = mv_reloc_reason_name((enum mv_reloc_reason)r->reason);
	copy_str(b->reloc_section, r->section, sizeof(b->reloc_section));
	rel->section = *b->reloc_section ? b->reloc_section : NULL;
	if (r->reason == MV_RELOC_FAILED)
		return;
	if (!type) {
		snprintf(b->reloc_type, sizeof(b->reloc_type), "%u", r->type);
		type = b->reloc_type;
	}
	rel->type = type;
	rel->has_offset = true;
	rel->offset = r->h.value;
	copy_str(b->reloc_symbol, r->symbol, sizeof(b->reloc_symbol));
	rel->symbol = *b->reloc_symbol ? b->reloc_symbol : NULL;
}

/*
 * The kernel's taint mask at the entry (before) and the return (after) of
 * a load, read by the programs (after: from /proc/sys/kernel/tainted when
 * they could not); the flags added as modverify.ko says them: the module's
 * own (module, when read) that the kernel did not have before, or what
 * the kernel gained meanwhile.
 */
struct taint_facts {
	bool has_before, has_after, has_module;
	uint64_t before, after, module;
};

static void set_taints(const struct taint_facts *t, const struct mvw_host *host,
		       struct mv_record *rec, struct build *b)
{
	if (t->has_after)
		set_taint(&rec->taint_after, t->after, b->taint_letters[1],
			  sizeof(b->taint_letters[1]));
	else if (host->has_taint)
		set_taint(&rec->taint_after, host->taint, b->taint_letters[1],
			  sizeof(b->taint_letters[1]));
	if (!t->has_before)
		return;
	set_taint(&rec->taint_before, t->before, b->taint_letters[0],
		  sizeof(b->taint_letters[0]));
	if (t->has_module || rec->taint_after.known)
		set_taint(&rec->taint_added, ~t->before &
			  (t->has_module ? t->module : rec->taint_after.mask),
			  b->taint_letters[2], sizeof(b->taint_letters[2]));
}

static void set_stages(const struct attempt *a, struct build *b)
{
	struct mv_record *rec = &b->rec;
	size_t i;

	for (i = 0; i < a->nr_stages; i++)
		b->stages[i] = (struct mv_stage){ stage_names[a->stages[i].kind],
						  a->stages[i].count };
	rec->nr_stages = a->nr_stages;
	rec->stages = b->stages;
	rec->stages_truncated = a->stages_truncated;
}

/* timestamp and boottime of CLOCK_MONOTONIC ns */
static void set_times(struct mv_record *rec, struct build *b, uint64_t ns,
		      const struct mvw_host *host)
{
	uint64_t real = ns + (uint64_t)host->realtime_offset_ns;

	snprintf(b->timestamp, sizeof(b->timestamp), "%" PRIu64 ".%09" PRIu64,
		 real / 1000000000, real % 1000000000);
	snprintf(b->boottime, sizeof(b->boottime), "%" PRIu64 ".%06" PRIu64,
		 ns / 1000000000, ns % 1000000000 / 1000);
	rec->timestamp = b->timestamp;
	rec->boottime = b->boottime;
}

/* Who made an attempt, and when it began. */
struct who {
	uint64_t ns;		/* CLOCK_MONOTONIC at its entry */
	uint32_t tgid;
	const char *comm;
	uint64_t lost_before;	/* host->lost then */
};

/* A new record of w's attempt: its identity, and the events lost meanwhile. */
static void begin_record(struct mvw_joiner *j, struct build *b, const struct mvw_host *host,
			 const struct who *w)
{
	struct mv_record *rec = &b->rec;

	mv_record_init(rec);
	rec->version = MV_RECORD_VERSION;
	rec->backend = MV_BACKEND_BPF;
	rec->has_events_lost = true;
	rec->events_lost = host->lost > w->lost_before ? host->lost - w->lost_before : 0;
	rec->seq = ++j->seq;
	set_times(rec, b, w->ns, host);
	rec->kernel = host->release;
	rec->has_pid = true;
	rec->pid = w->tgid;
	copy_str(b->comm, w->comm, sizeof(b->comm));
	rec->comm = b->comm;
}

static void build(struct mvw_joiner *j, const struct attempt *a,
		  const struct mvw_host *host, struct build *b)
{
	struct mv_record *rec = &b->rec;
	const struct mvw_load *l = &a->load;
	enum mv_sig_reason reason = sig_reason(a, host);
	size_t i;

	begin_record(j, b, host, &(struct who){ l->h.ns, l->h.tgid, l->comm, a->lost_before });
	copy_str(b->name, l->name, sizeof(b->name));
	rec->module = *b->name ? b->name :
		      mv_modinfo_lookup(a->modinfo, l->modinfo_len, "name", NULL);
	rec->srcversion = mv_modinfo_lookup(a->modinfo, l->modinfo_len, "srcversion", NULL);
	rec->has_image_size = true;
	rec->image_size = l->len;
	rec->module_size = (struct mv_module_size){
		.has_module = l->found & MVW_FOUND_THIS_MODULE, .module = l->this_module_size,
		.has_kernel = l->found & MVW_FOUND_THIS_MODULE, .kernel = l->kernel_module_size };
	rec->has_flags = true;
	rec->flags = l->h.value;
	rec->state = MV_STATE_RETURNED;
	set_errval(&rec->result, a->result);
	set_stages(a, b);
	rec->signature_present = l->found & MVW_FOUND_SIG_MARKER ? MV_YN_YES : MV_YN_NO;
	rec->sig_verified = a->sig_check_seen ? (a->sig_ok ? MV_YN_YES : MV_YN_NO) :
			    MV_YN_UNKNOWN;
	rec->sig_enforced = a->sig_enforced;
	rec->sig_reason = reason == MV_SIG_NOT_CHECKED ? -1 : (int)reason;
	rec->sig_reason_name = reason == MV_SIG_NOT_CHECKED ? NULL : mv_sig_reason_name(reason);

	b->crcs = calloc(a->nr_crcs ? a->nr_crcs : 1, sizeof(*b->crcs));
	if (b->crcs) {
		for (i = 0; i < a->nr_crcs; i++)
			set_crc(a, &a->crcs[i], &b->crcs[i]);
		rec->crcs = b->crcs;
		rec->nr_crcs = a->nr_crcs;
	}
	rec->has_crc_total = rec->has_crc_omitted = true;
	rec->crc_total = a->nr_crcs;
	for (i = 0; i < a->nr_forced && i < ARRAY_SIZE(b->forced); i++)
		b->forced[i] = (struct mv_forced){ a->forced[i].ok,
			a->forced[i].ok ? "ok" : "refused", a->forced[i].reason };
	rec->forced = b->forced;
	rec->nr_forced = i;
	if (a->result == -ENOENT) {
		for (i = 0; i < a->nr_unresolved; i++)
			b->unresolved[i] = a->unresolved[i];
		rec->unresolved = b->unresolved;
		rec->nr_unresolved = a->nr_unresolved;
	}

	set_btf(a, rec);
	set_params(a, b);
	set_reloc(a, b);
	rec->decided_by = (int)decide(j, a, b, host);
	rec->decided_by_name = mv_decider_name((enum mv_decider)rec->decided_by);
	set_taints(&(struct taint_facts){
			.has_before = a->load.h.flag & MVW_HAS_TAINT, .before = a->load.taint,
			.has_after = a->has_taint_after, .after = a->taint_after,
			.has_module = a->taints_seen, .module = a->module_taints },
		   host, rec, b);
	if (a->taints_seen && mv_taint_letters(a->module_taints, b->module_taint,
					     sizeof(b->module_taint)))
		rec->module_taint = b->module_taint;
	if (a->init_done)
		set_errval(&rec->init_result, a->init_result);
}

/* An attempt made for a file: kept, the newest MAX_LEADERS, for its followers. */
static void keep_leader(struct mvw_joiner *j, struct leader l, const char *text, size_t len)
{
	struct leader *slot = &j->leaders[j->nr_leaders % MAX_LEADERS];

	l.text = malloc(len);
	if (!l.text)
		return;
	memcpy(l.text, text, len);
	l.len = len;
	free(slot->text);
	*slot = l;
	j->nr_leaders++;
}

static int finish(struct mvw_joiner *j, struct attempt *a, int result,
		  const struct mvw_host *host, struct strbuf *out)
{
	struct build *b = calloc(1, sizeof(*b));
	size_t from = out->len;

	if (!b)
		return -1;
	a->result = result;
	build(j, a, host, b);
	mv_record_format(&b->rec, out);
	if (a->has_file)
		keep_leader(j, (struct leader){ .key = a->file_key, .seq = b->rec.seq,
						.taints_seen = a->taints_seen,
						.module_taints = a->module_taints },
			    out->text + from, out->len - from);
	free(b->crcs);
	free(b);
	attempt_free(a);
	return 1;
}

static struct file_call *find_file(struct mvw_joiner *j, uint32_t tid)
{
	return find_slot(j->files, sizeof(j->files[0]), tid);
}

/* A finit_module() of a file began. */
static void open_file(struct mvw_joiner *j, const struct mvw_call *e)
{
	struct file_call *f = claim_slot(j->files, sizeof(j->files[0]), e->h.tid);

	*f = (struct file_call){ .slot = { true, e->h.tid }, .tgid = e->h.tgid,
				 .key = e->h.value, .flags = e->h.ret,
				 .has_taint = e->h.flag & MVW_HAS_TAINT, .taint = e->taint,
				 .seq_before = j->seq };
	copy_str(f->comm, e->comm, sizeof(f->comm));
}

/*
 * The record of a finit_module() that followed another's load of its file:
 * a copy of that attempt's record, the newest made since it began, with
 * its own task, flags, result, times and taints, and shared_with naming
 * the attempt, as modverify.ko makes it.  None when it ran its own load,
 * or when the one it followed made none (refused before load_module()).
 */
static int follow(struct mvw_joiner *j, const struct file_call *f, const struct mvw_head *h,
		  const struct mvw_host *host, struct strbuf *out)
{
	const struct leader *l = NULL;
	struct mv_record rec;
	struct mv_error err;
	struct build *b;
	unsigned long i;

	for (i = 0; i < MAX_LEADERS && i < j->nr_leaders; i++) {
		const struct leader *c = &j->leaders[(j->nr_leaders - 1 - i) % MAX_LEADERS];

		if (c->key == f->key && c->seq > f->seq_before) {
			l = c;
			break;
		}
	}
	if (f->led || !l || mv_record_parse(l->text, l->len, &rec, &err))
		return 0;
	b = calloc(1, sizeof(*b));
	if (!b) {
		mv_record_free(&rec);
		return -1;
	}
	rec.seq = ++j->seq;
	rec.has_shared_with = true;
	rec.shared_with = l->seq;
	set_times(&rec, b, h->ns, host);
	rec.pid = f->tgid;
	copy_str(b->comm, f->comm, sizeof(b->comm));
	rec.comm = b->comm;
	rec.flags = (unsigned int)f->flags;
	set_errval(&rec.result, h->ret);
	rec.taint_before = rec.taint_after = rec.taint_added = (struct mv_taint){ 0 };
	set_taints(&(struct taint_facts){
			.has_before = f->has_taint, .before = f->taint,
			.has_after = h->flag & MVW_HAS_VALUE, .after = h->value,
			.has_module = l->taints_seen, .module = l->module_taints },
		   host, &rec, b);
	mv_record_format(&rec, out);
	mv_record_free(&rec);
	free(b);
	return 1;
}

static struct pre_call *find_pre(struct mvw_joiner *j, uint32_t tid)
{
	return find_slot(j->pres, sizeof(j->pres[0]), tid);
}

/* A module-loading syscall began. */
static void open_pre(struct mvw_joiner *j, const struct mvw_call *e, const struct mvw_host *host)
{
	struct pre_call *p = claim_slot(j->pres, sizeof(j->pres[0]), e->h.tid);

	*p = (struct pre_call){ .slot = { true, e->h.tid }, .tgid = e->h.tgid, .ns = e->h.ns,
				.flags = e->h.ret ? 0 : (unsigned int)e->h.value,
				.has_taint = e->h.flag & MVW_HAS_TAINT, .taint = e->taint,
				.lost_before = host->lost,
				.seen = { .init_module = e->h.ret == 1 } };
	copy_str(p->comm, e->comm, sizeof(p->comm));
}

/*
 * The record of a syscall refused before load_module(), as kmod/preload.c
 * publishes it: decided by mv_decide_preload() from the steps seen, the
 * image never read.  Kept for the calls that wait on the same file (6.5+).
 */
static int publish_pre(struct mvw_joiner *j, struct pre_call *p, int err,
		       const struct mvw_head *h, const struct mvw_host *host, struct strbuf *out)
{
	struct build *b = calloc(1, sizeof(*b));
	struct file_call *f = find_file(j, p->slot.tid);
	struct mv_record *rec;
	enum mv_preload_step at;
	enum mv_decider d;
	size_t from = out->len;

	p->slot.used = false;
	if (!b)
		return -1;
	rec = &b->rec;
	p->seen.steps_probed = host->preload_probed[p->seen.init_module];
	d = mv_decide_preload(&p->seen, err, &at);
	begin_record(j, b, host, &(struct who){ p->ns, p->tgid, p->comm, p->lost_before });
	rec->has_image_size = true;
	rec->has_flags = true;
	rec->flags = p->flags;
	rec->state = MV_STATE_RETURNED;
	set_errval(&rec->result, err);
	rec->decided_by = (int)d;
	rec->decided_by_name = mv_decider_name(d);
	rec->refused_at = at == MV_PRELOAD_NONE ? NULL : mv_preload_step_name(at);
	rec->lsm = d == MV_DECIDED_LSM && p->seen.lsm != MV_LSM_NONE ?
		   mv_lsm_name((enum mv_lsm)p->seen.lsm) : NULL;
	rec->signature_present = MV_YN_NO;	/* not read: as the module says it */
	rec->sig_enforced = host->sig_enforced;
	rec->vermagic_kernel = *j->kernel_vermagic ? j->kernel_vermagic : host->kernel_vermagic;
	rec->vermagic_release_compared = MV_YN_YES;
	set_vermagic_verdict(rec, MV_VERMAGIC_NOT_CHECKED);
	rec->has_crc_total = rec->has_crc_omitted = true;
	rec->has_parameters = true;
	set_taints(&(struct taint_facts){
			.has_before = p->has_taint, .before = p->taint,
			.has_after = h->flag & MVW_HAS_VALUE, .after = h->value },
		   host, rec, b);
	mv_record_format(rec, out);
	if (f) {
		/* it ran no load: the calls waiting on its file share this */
		f->led = true;
		keep_leader(j, (struct leader){ .key = f->key, .seq = rec->seq },
			    out->text + from, out->len - from);
	}
	free(b);
	return 1;
}

/*
 * A step before load_module() returned: what kmod/preload.c notes of it.
 * A failed read or decompression ends the syscall with its errno; it is
 * recorded at once, before the calls waiting on the same file wake.
 */
static int take_step(struct mvw_joiner *j, struct pre_call *p, const struct mvw_step *e,
		     const struct mvw_host *host, struct strbuf *out)
{
	struct mv_preload *seen = &p->seen;
	int ret = e->h.ret;

	if (e->step == MV_PRELOAD_NONE) {
		if (ret && seen->lsm == MV_LSM_NONE && e->lsm < MV_LSM_COUNT)
			seen->lsm = (unsigned char)e->lsm;
		return 0;
	}
	switch (e->step) {
	case MV_PRELOAD_READ:
		seen->read_seen = seen->read_returned = true;
		seen->read_result = ret;
		return ret < 0 ? publish_pre(j, p, ret, &e->h, host, out) : 0;
	case MV_PRELOAD_DECOMPRESS:
		seen->decompress_seen = true;
		return ret ? publish_pre(j, p, ret, &e->h, host, out) : 0;
	case MV_PRELOAD_LOAD_HOOK:
		seen->load_data_seen = true;
		break;
	case MV_PRELOAD_READ_HOOK:
	case MV_PRELOAD_POST_READ_HOOK:
	case MV_PRELOAD_POST_LOAD_HOOK:
		break;
	default:
		return -1;
	}
	if (ret && seen->hook == MV_PRELOAD_NONE)
		seen->hook = (unsigned char)e->step;
	return 0;
}

/* The fixed size of each kind's event. */
static size_t event_size(uint32_t kind)
{
	switch (kind) {
	case MVW_LOAD:
		return sizeof(struct mvw_load);
	case MVW_MAGIC:
		return sizeof(struct mvw_magic);
	case MVW_BTF_LOG:
		return sizeof(struct mvw_text);
	case MVW_PARAMS:
		return sizeof(struct mvw_params);
	case MVW_RELOC:
		return sizeof(struct mvw_reloc);
	case MVW_FILE:
	case MVW_SYSCALL:
		return sizeof(struct mvw_call);
	case MVW_PRELOAD:
		return sizeof(struct mvw_step);
	default:
		return sizeof(struct mvw_str);	/* note() sends every other kind */
	}
}

int mvw_joiner_feed(struct mvw_joiner *j, const struct mvw_host *host,
		    const void *data, size_t size, struct strbuf *out)
{
	const struct mvw_head *h = data;
	struct attempt *a;

	if (size < sizeof(*h) || h->kind >= MVW_KIND_COUNT ||
	    size < event_size(h->kind))
		return -1;
	switch (h->kind) {
	case MVW_SYSCALL:
		open_pre(j, data, host);
		return 0;
	case MVW_PRELOAD: {
		struct pre_call *p = find_pre(j, h->tid);

		return p ? take_step(j, p, data, host, out) : 0;
	}
	case MVW_SYSCALL_DONE: {
		struct pre_call *p = find_pre(j, h->tid);

		if (!p)
			return 0;	/* it reached load_module(), or began unseen */
		if (h->ret >= 0) {
			p->slot.used = false;
			return 0;
		}
		p->seen.capable = h->flag & MVW_CAPABLE;
		return publish_pre(j, p, h->ret, h, host, out);
	}
	case MVW_FILE:
		open_file(j, data);
		return 0;
	case MVW_FILE_DONE: {
		struct file_call *f = find_file(j, h->tid);
		struct pre_call *p = find_pre(j, h->tid);
		int r;

		if (!f)
			return 0;	/* not a call we saw begin */
		r = follow(j, f, h, host, out);
		f->slot.used = false;
		/* a call that followed another's load is recorded here only */
		if (r > 0 && p)
			p->slot.used = false;
		return r;
	}
	default:
		break;
	}
	if (h->kind == MVW_LOAD) {
		struct file_call *f = find_file(j, h->tid);
		struct pre_call *p = find_pre(j, h->tid);

		if (p)
			p->slot.used = false;	/* it reached the loader */

		a = open_attempt(j, h->tid);
		if (f) {
			f->led = true;
			a->has_file = true;
			a->file_key = f->key;
		}
		memcpy(&a->load, data, sizeof(a->load));
		memcpy(a->modinfo, a->load.modinfo, sizeof(a->load.modinfo));
		if (a->load.modinfo_len > MVW_MODINFO_MAX)
			a->load.modinfo_len = MVW_MODINFO_MAX;
		if (a->load.versions_len > MVW_VERSIONS_MAX)
			a->load.versions_len = MVW_VERSIONS_MAX;
		a->modinfo[a->load.modinfo_len] = '\0';
		a->lost_before = host->lost;
		a->sig_enforced = host->sig_enforced;
		return 0;
	}
	a = find(j, h->tid);
	if (!a)
		return 0;	/* not in a load we saw begin */
	if (h->kind == MVW_DONE) {
		a->has_taint_after = h->flag & MVW_HAS_VALUE;
		a->taint_after = h->value;
		return finish(j, a, h->ret, host, out);
	}
	return take(j, host, a, data, size);
}
