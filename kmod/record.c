// SPDX-License-Identifier: GPL-2.0
/*
 * Formatting a record as text (docs/record-format.md).  Runs in process
 * context when debugfs is read, on a private copy of the record.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/utsname.h>

#include "modverify.h"

/* Longest line of each kind, generously: bounds the text of a record. */
#define MV_ESC(n)	(4 * (n))	/* n bytes, each possibly escaped */
#define MV_HEAD_TEXT	(4096 + MV_ESC(2 * MV_VERMAGIC_LEN + MODULE_NAME_LEN + \
			       TASK_COMM_LEN + 32 + MV_DEFECT_LEN + MV_SIGNER_LEN + \
			       2 * MV_MODINFO_FLAG_LEN + MV_LICENSE_LEN + MV_DEPENDS_LEN) + \
			 3 * MV_SIG_KEY_LEN + \
			 MV_BTF_LOG_LEN + MV_MAX_STAGES * 32 + MV_ESC(MV_PARAMS_LEN) + \
			 (MV_MAX_FORCED + MV_MAX_UNRESOLVED) * (MV_ESC(MV_SYM_LEN) + 16) + \
			 MV_MAX_EXPORTERS * (MV_ESC(MV_SYM_LEN + MODULE_NAME_LEN) + 48))
#define MV_CRC_TEXT	(2 * 11 + 20 + MV_ESC(MV_SYM_LEN) + 8)

/* Room enough for the text of any record. */
size_t mv_record_text_max(void)
{
	return MV_HEAD_TEXT + MV_MAX_CRCS * MV_CRC_TEXT;
}

struct mv_buf {
	char *p;
	size_t size, len;
};

static __printf(2, 3) void put(struct mv_buf *b, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	b->len += vscnprintf(b->p + b->len, b->size - b->len, fmt, args);
	va_end(args);
}

/*
 * A string taken from the module image or the loading task, escaped so
 * that it stays on its line (and inside its quotes, if @quoted): bytes
 * outside printable ASCII, the backslash (and the single quote) are
 * written as \xHH (docs/record-format.md).  A newline in a module's
 * vermagic cannot forge a "key:" line, an end or a journal field.
 */
static void put_escaped(struct mv_buf *b, const char *s, bool quoted)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if (c < ' ' || c > '~' || c == '\\' || (quoted && c == '\''))
			put(b, "\\x%02x", c);
		else if (b->len + 1 < b->size)
			b->p[b->len++] = c;
	}
	if (b->size)
		b->p[min(b->len, b->size - 1)] = '\0';
}

/* "key: value\n" with the value escaped, or "-" when it is empty. */
static void put_str(struct mv_buf *b, const char *key, const char *value)
{
	put(b, "%s: ", key);
	if (value[0])
		put_escaped(b, value, false);
	else
		put(b, MV_NONE);
	put(b, "\n");
}

/* A running record has no seq yet (0): "-". */
static void put_seq(struct mv_buf *b, const char *key, u64 seq)
{
	if (seq)
		put(b, "%s: %llu\n", key, seq);
	else
		put(b, "%s: %s\n", key, MV_NONE);
}

/**
 * mv_errname() - the errno name of @err, as records spell it
 * @err: 0 or a negative errno
 * @buf: room for the name
 *
 * Return: "OK" for 0, "ENOEXEC" for -ENOEXEC, "-" when the kernel cannot
 * spell it (%pe prints names only with CONFIG_SYMBOLIC_ERRNAME; errname()
 * is not exported).
 */
const char *mv_errname(int err, char buf[MV_ERRNAME_LEN])
{
	if (!err)
		return "OK";
	if (IS_ERR_VALUE((long)err)) {
		snprintf(buf, MV_ERRNAME_LEN, "%pe", ERR_PTR(err));
		if (buf[0] == '-' && buf[1] == 'E')
			return buf + 1;
	}
	return MV_NONE;
}

static void put_errno(struct mv_buf *b, const char *key, int err)
{
	char name[MV_ERRNAME_LEN];

	put(b, "%s: %d %s\n", key, err, mv_errname(err, name));
}

static void put_taint(struct mv_buf *b, const char *key, unsigned long mask)
{
	char letters[32];

	mv_taint_letters(mask, letters, sizeof(letters));
	put(b, "%s: 0x%lx %s\n", key, mask, letters);
}

static const struct {
	unsigned int bit;
	const char *name;
} flag_names[] = {
#define MV_FLAG_NAME(bit, name) { bit, name },
	MV_FLAGS(MV_FLAG_NAME)
#undef MV_FLAG_NAME
};

static void put_flags(struct mv_buf *b, unsigned int flags)
{
	unsigned int i;

	put(b, "%s: 0x%x", MV_KEY_FLAGS, flags);
	for (i = 0; i < ARRAY_SIZE(flag_names); i++)
		if (flags & flag_names[i].bit)
			put(b, " %s", flag_names[i].name);
	put(b, flags ? "\n" : " " MV_NONE "\n");
}

static void put_stages(struct mv_buf *b, const struct mv_record *rec)
{
	unsigned int i;

	put(b, "%s:", MV_KEY_STAGES);
	for (i = 0; i < rec->n_stages; i++) {
		put(b, " %s", mv_stage_name(rec->stages[i].stage));
		if (rec->stages[i].count > 1)
			put(b, "*%u", rec->stages[i].count);
	}
	put(b, "%s\n", !rec->n_stages ? " " MV_NONE :
	    rec->stages_truncated ? " ..." : "");
}

static const char *yes_no(bool v)
{
	return v ? "yes" : "no";
}

static void put_vermagic(struct mv_buf *b, const struct mv_record *rec)
{
	char differs[96];

	put(b, "%s: %s\n", MV_KEY_VERMAGIC_SOURCE,
	    rec->vermagic_observed || rec->vermagic_forced_seen ?
	    MV_SOURCE_OBSERVED : MV_SOURCE_DERIVED);
	if (rec->vermagic_in_module)
	{
		put(b, "%s: '", MV_KEY_VERMAGIC_MODULE);
		put_escaped(b, rec->vermagic_module, true);
		put(b, "'\n");
	}
	else
		put(b, "%s: %s\n", MV_KEY_VERMAGIC_MODULE, MV_NONE);
	put(b, "%s: '", MV_KEY_VERMAGIC_KERNEL);
	put_escaped(b, rec->vermagic_kernel, true);
	put(b, "'\n");
	put(b, "%s: %s\n", MV_KEY_VERMAGIC_RELEASE, yes_no(!rec->has_crcs));
	put(b, "%s: %s\n", MV_KEY_VERMAGIC_VERDICT,
	    mv_vermagic_verdict_name(rec->vermagic_verdict));
	if (!rec->vermagic_in_module ||
	    !mv_vermagic_differs(rec->vermagic_module, rec->vermagic_kernel,
				 differs, sizeof(differs)))
		strscpy(differs, MV_NONE, sizeof(differs));
	put(b, "%s: %s\n", MV_KEY_VERMAGIC_DIFFERS, differs);
}

static void put_crc(struct mv_buf *b, const struct mv_crc *c)
{
	put(b, "%s:\t", MV_KEY_CRC);
	if (c->has_module_crc)
		put(b, "0x%08lx\t", c->module_crc);
	else
		put(b, MV_NONE "\t");
	if (c->has_kernel_crc)
		put(b, "0x%08x\t", c->kernel_crc);
	else
		put(b, MV_NONE "\t");
	put(b, "%s\t", mv_crc_verdict_name(c->verdict));
	put_escaped(b, c->symbol, false);
	put(b, "\n");
}

/*
 * "crc_exporter:" TAB symbol TAB exporter TAB its taint letters: the module
 * (or vmlinux, "-" taint) whose CRC a mismatching comparison read; "-" for
 * both when it was not found.
 */
static void put_exporter(struct mv_buf *b, const struct mv_exporter *e)
{
	char letters[32];

	put(b, "%s:\t", MV_KEY_CRC_EXPORTER);
	put_escaped(b, e->symbol, false);
	if (!e->known) {
		put(b, "\t%s\t%s\n", MV_NONE, MV_NONE);
		return;
	}
	if (!e->owner[0]) {
		put(b, "\t%s\t%s\n", MV_EXPORTER_VMLINUX, MV_NONE);
		return;
	}
	mv_taint_letters(e->taints, letters, sizeof(letters));
	put(b, "\t");
	put_escaped(b, e->owner, false);
	put(b, "\t%s\n", letters);
}

/* "btf: invalid -22"; the errno of an allowed failure is not seen. */
static void put_btf(struct mv_buf *b, const struct mv_record *rec)
{
	put(b, "%s: %s", MV_KEY_BTF, mv_btf_state_name(rec->btf_state));
	if (rec->btf_state == MV_BTF_INVALID)
		put(b, " %d", rec->btf_err);
	else if (rec->btf_state == MV_BTF_MISMATCH_ALLOWED)
		put(b, " %s", MV_NONE);
	put(b, "\n");
	if (rec->btf_log[0])
		put(b, "%s: '%s'\n", MV_KEY_BTF_LOG, rec->btf_log);
	else
		put(b, "%s: %s\n", MV_KEY_BTF_LOG, MV_NONE);
}

/*
 * "relocation:" then TAB-separated, as a crc line (the names are free text):
 * reason, type, section, offset, symbol; "-" for what is unknown.
 */
/*
 * A name in a field where "-" means unknown: an empty one is unknown, a
 * name that is "-" itself is escaped.
 */
static void put_name_field(struct mv_buf *b, const char *name)
{
	if (!name[0])
		put(b, "%s", MV_NONE);
	else if (!strcmp(name, MV_NONE))
		put(b, "\\x%02x", MV_NONE[0]);
	else
		put_escaped(b, name, false);
}

/* A .modinfo value: "-" when absent or empty, escaped when it is "-". */
static void put_modinfo(struct mv_buf *b, const char *key, const char *value)
{
	put(b, "%s: ", key);
	put_name_field(b, value);
	put(b, "\n");
}

/*
 * Whether a key with the signature's id is in the keyrings the kernel
 * verifies modules with: mod_verify_sig()'s own answer.  -ENOKEY: no key
 * with that id (pkcs7_validate_trust()); 0: one verified it.
 */
static const char *sig_key_trusted(const struct mv_record *rec)
{
	if (!rec->sig_verify_seen)
		return MV_NONE;
	if (!rec->sig_verify_result)
		return "yes";
	return rec->sig_verify_result == -ENOKEY ? "no" : MV_NONE;
}

/* sig_id, signer, sig_key, sig_hashalgo as modinfo spells them, and the trust. */
static void put_signer(struct mv_buf *b, const struct mv_record *rec)
{
	const char *id = mv_sig_id_name(rec->sig_id);
	const char *hash = mv_sig_hash_name(rec->sig_hash);
	unsigned int i;

	put(b, "%s: %s\n", MV_KEY_SIG_ID, id ? id : MV_NONE);
	put_modinfo(b, MV_KEY_SIGNER, rec->signer);
	put(b, "%s: ", MV_KEY_SIG_KEY);
	for (i = 0; i < rec->sig_key_len; i++)
		put(b, i ? ":%02X" : "%02X", rec->sig_key[i]);
	put(b, "%s\n", !rec->sig_key_len ? MV_NONE : rec->sig_key_truncated ? ":..." : "");
	put(b, "%s: %s\n", MV_KEY_SIG_HASHALGO, hash ? hash : MV_NONE);
	put(b, "%s: %s\n", MV_KEY_SIG_KEY_TRUSTED, sig_key_trusted(rec));
}

static void put_reloc(struct mv_buf *b, const struct mv_reloc *rel)
{
	const char *type = mv_reloc_type_x86_64(rel->type);

	if (rel->reason == MV_RELOC_NONE) {
		put(b, "%s: %s\n", MV_KEY_RELOCATION, MV_NONE);
		return;
	}
	put(b, "%s:\t%s\t", MV_KEY_RELOCATION, mv_reloc_reason_name(rel->reason));
	if (!rel->found)
		put(b, "%s\t", MV_NONE);
	else if (IS_ENABLED(CONFIG_X86_64) && type)
		put(b, "%s\t", type);
	else
		put(b, "%u\t", rel->type);
	put_name_field(b, rel->section);
	if (rel->found)
		put(b, "\t0x%llx\t", (unsigned long long)rel->offset);
	else
		put(b, "\t%s\t", MV_NONE);
	put_name_field(b, rel->symbol);
	put(b, "\n");
}

/*
 * "parameters: 'a=1 b=x'" (escaped, " ..." after the quote when cut) or
 * "-" when parse_args() did not run; "parameter_rejected: b" or "-".
 */
static void put_params(struct mv_buf *b, const struct mv_record *rec)
{
	if (rec->params_seen) {
		put(b, "%s: '", MV_KEY_PARAMETERS);
		put_escaped(b, rec->params, true);
		put(b, "'%s\n", rec->params_cut ? " ..." : "");
	} else {
		put(b, "%s: %s\n", MV_KEY_PARAMETERS, MV_NONE);
	}
	put(b, "%s: ", MV_KEY_PARAMETER_REJECTED);
	put_name_field(b, rec->param_rejected);
	put(b, "\n");
}

/**
 * mv_record_format() - write @rec as text
 * @rec: the record
 * @buf: destination
 * @size: its size; mv_record_text_max() is always enough
 *
 * Return: length of the text.
 */
size_t mv_record_format(const struct mv_record *rec, char *buf, size_t size)
{
	struct mv_buf b = { .p = buf, .size = size };
	char letters[32];
	unsigned int i;

	put(&b, "%s: %d\n", MV_KEY_FORMAT, MV_RECORD_VERSION);
	put_seq(&b, MV_KEY_SEQ, rec->seq);
	put(&b, "%s: %lld.%09ld\n", MV_KEY_TIMESTAMP,
	    (long long)rec->wall.tv_sec, rec->wall.tv_nsec);
	put(&b, "%s: %llu.%06llu\n", MV_KEY_BOOTTIME,
	    rec->boot_ns / NSEC_PER_SEC, (rec->boot_ns % NSEC_PER_SEC) / 1000);
	put(&b, "%s: %s\n", MV_KEY_KERNEL, init_utsname()->release);
	put(&b, "%s: %d\n", MV_KEY_PID, rec->pid);
	put_str(&b, MV_KEY_COMM, rec->comm);
	put_str(&b, MV_KEY_MODULE, rec->module);
	put_str(&b, MV_KEY_SRCVERSION, rec->srcversion);
	put_modinfo(&b, MV_KEY_INTREE, rec->intree);
	put_modinfo(&b, MV_KEY_RETPOLINE, rec->retpoline);
	put_modinfo(&b, MV_KEY_LICENSE, rec->license);
	put_modinfo(&b, MV_KEY_DEPENDS, rec->depends);
	put(&b, "%s: %lu\n", MV_KEY_IMAGE_SIZE, rec->image_size);
	put_str(&b, MV_KEY_IMAGE_CHECK, rec->before_load ? "" :
		rec->image_defect[0] ? rec->image_defect : "ok");
	if (rec->module_size_read)
		put(&b, "%s: %lu %zu\n", MV_KEY_MODULE_SIZE, rec->module_size,
		    sizeof(struct module));
	else
		put(&b, "%s: %s\n", MV_KEY_MODULE_SIZE, MV_NONE);
	put_flags(&b, rec->flags);
	put(&b, "%s: %s\n", MV_KEY_STATE, mv_state_name(rec->state));
	if (rec->state == MV_STATE_RETURNED)
		put_errno(&b, MV_KEY_RESULT, rec->result);
	else
		put(&b, "%s: %s\n", MV_KEY_RESULT, MV_NONE);
	put(&b, "%s: %s\n", MV_KEY_DECIDED_BY, mv_decider_name(rec->decided_by));
	if (rec->shared_with)
		put(&b, "%s: %llu\n", MV_KEY_SHARED_WITH, rec->shared_with);
	else
		put(&b, "%s: %s\n", MV_KEY_SHARED_WITH, MV_NONE);
	put(&b, "%s: %s\n", MV_KEY_REFUSED_AT, mv_preload_step_name(rec->refused_at));
	put(&b, "%s: %s\n", MV_KEY_LSM, mv_lsm_name(rec->lsm));
	put_stages(&b, rec);
	put(&b, "%s: %s\n", MV_KEY_SIGNATURE,
	    rec->signature_present ? "present" : "absent");
	put(&b, "%s: %s\n", MV_KEY_SIG_VERIFIED,
	    rec->sig_check_seen ? yes_no(rec->sig_verified) : MV_NONE);
	put(&b, "%s: %s\n", MV_KEY_SIG_ENFORCED, yes_no(rec->sig_enforced));
	put(&b, "%s: %s\n", MV_KEY_SIG_REASON, mv_sig_reason_name(rec->sig_reason));
	put_signer(&b, rec);
	put_vermagic(&b, rec);
	put(&b, "%s: %u\n", MV_KEY_CRC_TOTAL, rec->crc_total);
	put(&b, "%s: %u\n", MV_KEY_CRC_OMITTED, rec->crc_omitted);
	for (i = 0; i < rec->n_crcs; i++)
		put_crc(&b, &rec->crcs[i]);
	for (i = 0; i < rec->n_exporters; i++)
		put_exporter(&b, &rec->exporters[i]);
	put(&b, "%s: %u\n", MV_KEY_FORCED_TOTAL, rec->forced_total);
	for (i = 0; i < rec->n_forced; i++) {
		put(&b, "%s:\t%s\t", MV_KEY_FORCED,
		    rec->forced[i].ok ? "ok" : "refused");
		put_escaped(&b, rec->forced[i].reason, false);
		put(&b, "\n");
	}
	put(&b, "%s: %u\n", MV_KEY_UNRESOLVED_TOTAL, rec->unresolved_total);
	for (i = 0; i < rec->n_unresolved; i++) {
		put(&b, "%s:\t", MV_KEY_UNRESOLVED);
		put_escaped(&b, rec->unresolved[i], false);
		put(&b, "\n");
	}
	put_reloc(&b, &rec->reloc);
	put_btf(&b, rec);
	put_params(&b, rec);
	put_taint(&b, MV_KEY_TAINT_BEFORE, rec->taint_before);
	put_taint(&b, MV_KEY_TAINT_AFTER, rec->taint_after);
	/*
	 * What this module set, when its taints could be read: the global
	 * mask also changes with loads running at the same time.
	 */
	put_taint(&b, MV_KEY_TAINT_ADDED, ~rec->taint_before &
		  (rec->module_taints_read ? rec->module_taints : rec->taint_after));
	if (rec->module_taints_read) {
		mv_taint_letters(rec->module_taints, letters, sizeof(letters));
		put(&b, "%s: %s\n", MV_KEY_MODULE_TAINT, letters);
	} else {
		put(&b, "%s: %s\n", MV_KEY_MODULE_TAINT, MV_NONE);
	}
	if (rec->init_returned)
		put_errno(&b, MV_KEY_INIT_RESULT, rec->init_result);
	else if (rec->init_seen && rec->state == MV_STATE_RUNNING)
		put(&b, "%s: %s\n", MV_KEY_INIT_RESULT, MV_INIT_RUNNING);
	else
		put(&b, "%s: %s\n", MV_KEY_INIT_RESULT, MV_NONE);
	put_seq(&b, MV_KEY_END, rec->seq);
	return b.len;
}
