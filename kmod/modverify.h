/* SPDX-License-Identifier: GPL-2.0 */
/*
 * modverify: internal interfaces between the probe handlers, the per-attempt
 * state, the module-image parser, the record formatter and debugfs.
 */
#ifndef _MODVERIFY_H
#define _MODVERIFY_H

#include <linux/elf.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/types.h>

#include <modverify/modversions.h>
#include <modverify/record.h>

#define MV_MAX_CRCS		1024	/* crc lines kept per record */
#define MV_MAX_FORCED		8	/* try_to_force_load calls kept */
#define MV_MAX_UNRESOLVED	8	/* unresolved imports kept */
#define MV_MAX_STAGES		24	/* distinct stage runs kept */
#define MV_PARAMS_LEN		256	/* the parameters passed, kept (cut) */
#define MV_MAX_EXPORTERS	8	/* exporters of mismatched symbols kept */
#define MV_SYM_LEN		MODULE_NAME_LEN	/* as in struct modversion_info */
#define MV_VERMAGIC_LEN		256
#define MV_DEFECT_LEN		96
#define MV_BTF_LOG_LEN		128	/* the BTF verifier's complaint kept */
#define MV_VERS_HASH_BITS	10	/* at most 1024 buckets for __versions */
#define MV_SIGNER_LEN		128	/* signer name kept */
#define MV_SIG_KEY_LEN		32	/* key identifier bytes kept */
#define MV_LICENSE_LEN		64	/* .modinfo license= kept */
#define MV_DEPENDS_LEN		256	/* .modinfo depends= kept (whole names) */
#define MV_MODINFO_FLAG_LEN	8	/* .modinfo intree=, retpoline= kept */
#define MV_NO_INDEX		0xffff

/* Loader functions whose entry is recorded in the "stages" line. */
enum mv_stage {
	MV_STAGE_MODULE_SIG_CHECK,
	MV_STAGE_CHECK_MODSTRUCT_VERSION,
	MV_STAGE_EARLY_MOD_CHECK,
	MV_STAGE_CHECK_MODINFO,
	MV_STAGE_MOD_VERIFY_SIG,
	MV_STAGE_SAME_MAGIC,
	MV_STAGE_TRY_TO_FORCE_LOAD,
	MV_STAGE_CHECK_VERSION,
	MV_STAGE_DUPLICATE_CHECK,	/* module_patient_check_exists(), 6.4+ */
	MV_STAGE_RESOLVE_SYMBOL,
	MV_STAGE_APPLY_RELOCATE_ADD,
	MV_STAGE_BTF_MODULE_NOTIFY,
	MV_STAGE_DO_INIT_MODULE,
	MV_STAGE_COUNT		/* also: a probe that records no stage */
};

struct mv_crc {
	unsigned long module_crc;	/* as in struct modversion_info */
	u32 kernel_crc;
	bool has_module_crc;
	bool has_kernel_crc;
	u8 verdict;			/* enum mv_crc_verdict */
	char symbol[MV_SYM_LEN];
};

struct mv_forced {
	bool ok;
	char reason[MV_SYM_LEN];
};

/**
 * struct mv_exporter - who exports a symbol whose CRC did not match
 * @symbol: the symbol, as in its crc line
 * @owner: the exporting module's name; empty: vmlinux (when @known)
 * @taints: that module's taint flags
 * @known: the exporter was found (else neither is known)
 */
struct mv_exporter {
	char symbol[MV_SYM_LEN];
	char owner[MODULE_NAME_LEN];
	unsigned long taints;
	bool known;
};

struct mv_stage_run {
	u8 stage;			/* enum mv_stage */
	u32 count;
};

/**
 * struct mv_reloc - the relocation the architecture's loader refused
 * @reason: enum mv_reloc_reason; MV_RELOC_NONE when no relocation step failed
 * @found: the refused entry was identified (else only @section is known)
 * @type: its relocation type (ELF64_R_TYPE)
 * @offset: its place in @section (r_offset)
 * @section: the section being relocated (empty: unknown)
 * @symbol: the symbol it refers to (a section symbol: that section's name;
 *	empty: unknown)
 */
struct mv_reloc {
	u8 reason;
	bool found;
	u32 type;
	u64 offset;
	char section[MV_SYM_LEN];
	char symbol[MV_SYM_LEN];
};

/**
 * struct mv_record - everything modverify learnt about one load attempt
 *
 * Filled by the probe handlers of the loading task only (see attempt.c), then
 * published whole.  Strings are NUL-terminated copies: nothing here points
 * into kernel memory, so a record outlives the attempt it describes.
 */
struct mv_record {
	u64 seq;				/* 0: not final (running) */
	struct timespec64 wall;
	u64 boot_ns;
	pid_t pid;
	char comm[TASK_COMM_LEN];
	char module[MODULE_NAME_LEN];
	char srcversion[32];
	unsigned long image_size;
	char image_defect[MV_DEFECT_LEN];	/* empty: image parsed cleanly */
	unsigned long module_size;		/* .gnu.linkonce.this_module size */
	bool module_size_read;
	unsigned int flags;
	u8 state;				/* enum mv_state */
	int result;				/* valid when MV_STATE_RETURNED */
	u8 decided_by;				/* enum mv_decider */
	u64 shared_with;			/* leader's seq; 0: not a follower */
	unsigned long file_key;			/* finit_module's inode: compared only */

	struct mv_stage_run stages[MV_MAX_STAGES];
	unsigned int n_stages;
	bool stages_truncated;

	bool signature_present;
	int sig_check_result;
	bool sig_check_seen;
	bool sig_verified;
	bool sig_enforced;
	u8 sig_reason;				/* enum mv_sig_reason */
	bool sig_verify_seen;			/* mod_verify_sig() ran */
	int sig_verify_result;
	/* The signature as modinfo shows it (modsig.c). */
	u8 sig_id;				/* its id_type + 1; 0: no trailer */
	u8 sig_hash;				/* enum mv_sig_hash */
	u8 sig_key_len;
	bool sig_key_truncated;
	u8 sig_key[MV_SIG_KEY_LEN];
	char signer[MV_SIGNER_LEN];

	/* .modinfo: how the module was built and what it needs */
	char intree[MV_MODINFO_FLAG_LEN];
	char retpoline[MV_MODINFO_FLAG_LEN];
	char license[MV_LICENSE_LEN];
	char depends[MV_DEPENDS_LEN];

	bool vermagic_in_module;		/* .modinfo has vermagic= */
	bool vermagic_observed;			/* same_magic() probe fired */
	bool vermagic_forced_seen;		/* "bad vermagic" force seen */
	bool has_crcs;				/* release word skipped */
	int vermagic_verdict;			/* enum mv_vermagic_verdict */
	char vermagic_module[MV_VERMAGIC_LEN];
	char vermagic_kernel[MV_VERMAGIC_LEN];

	struct mv_forced forced[MV_MAX_FORCED];
	unsigned int n_forced;
	unsigned int forced_total;		/* try_to_force_load() calls */

	struct mv_exporter exporters[MV_MAX_EXPORTERS];
	unsigned int n_exporters;

	/* Module parameters: those passed, and the one parse_args() refused. */
	char params[MV_PARAMS_LEN];
	bool params_seen;			/* parse_args() ran */
	bool params_cut;			/* longer than params[] */
	int params_err;				/* parse_args()'s error, or 0 */
	char param_rejected[MV_SYM_LEN];	/* empty: not identified */

	/* Imports the loader could not resolve (see struct mv_imports). */
	char unresolved[MV_MAX_UNRESOLVED][MV_SYM_LEN];
	unsigned int n_unresolved;
	unsigned int unresolved_total;

	struct mv_reloc reloc;

	u8 btf_state;				/* enum mv_btf_state */
	int btf_err;				/* 0: unknown (mismatch allowed) */
	char btf_log[MV_BTF_LOG_LEN];

	unsigned long taint_before;
	unsigned long taint_after;
	unsigned long module_taints;
	bool module_taints_read;		/* at BTF notify or init entry */
	bool init_seen;
	bool init_returned;
	int init_result;

	/* Refused before load_module() (decided_by said so): where, by whom. */
	bool before_load;
	u8 refused_at;				/* enum mv_preload_step */
	u8 lsm;					/* enum mv_lsm */

	unsigned int crc_total;
	unsigned int crc_omitted;
	unsigned int n_crcs;
	struct mv_crc crcs[MV_MAX_CRCS];	/* keep last: copied partially */
};

/**
 * struct mv_versions - index of the module image's version tables
 *
 * Built once, at the first check_version(), so that each call finds the
 * module's CRC in O(1) instead of scanning the table again.  Points into
 * the loader's copy of the image, which stays valid until load_module()
 * frees it after symbol resolution, i.e. past the last check_version().
 * The first MV_MAX_CRCS entries are hashed; lookups past them scan @tables.
 */
struct mv_versions {
	struct mv_vertables tables;
	bool valid;
	unsigned int bits;		/* the buckets in use: 1 << bits */
	unsigned int count;		/* entries hashed */
	u16 bucket[1 << MV_VERS_HASH_BITS];
	u16 next[MV_MAX_CRCS];
	u64 hash[MV_MAX_CRCS];		/* of the name: entry_hash() in image.c */
	const char *name[MV_MAX_CRCS];
	unsigned long crc[MV_MAX_CRCS];
};

#define MV_TAIL_NAMES		MV_MAX_UNRESOLVED

/**
 * struct mv_imports - the module's imports, to tell which went unresolved
 * @syms: the image's symbol table (read only while loading)
 * @nsyms: its entries
 * @strtab: the string table its names point into
 * @str_terminated: names starting below this offset end in a NUL inside
 *	the table (the offset just past its last NUL)
 * @count: the strong imports the loader resolves; 0: not tracked
 * @cursor: first symbol-table entry not yet passed by the loader
 * @passed: strong imports passed so far
 * @last: the name found last, and its entry (a retried lookup)
 * @tail: copies of the names of the last MV_TAIL_NAMES strong imports
 *
 * simplify_symbols() resolves the undefined symbols in symbol-table order,
 * with name pointers into the image's string table; check_version() (or,
 * without MODVERSIONS, resolve_symbol()) sees each one it gets to.  A
 * strong import passed over between two of them was not resolved.  The
 * walk is one pass over the table for the whole load.  Those after the
 * last one seen can only be named after the image is freed, hence @tail.
 */
struct mv_imports {
	const Elf64_Sym *syms;
	unsigned int nsyms;
	const char *strtab;
	unsigned long str_terminated;
	unsigned int count;
	unsigned int cursor;
	unsigned int passed;
	const char *last;
	const Elf64_Sym *last_sym;
	char tail[MV_TAIL_NAMES][MV_SYM_LEN];
};

/* Index (among strong imports) of the first one whose name is in @tail. */
static inline unsigned int mv_imports_first_tail(const struct mv_imports *im)
{
	return im->count > MV_TAIL_NAMES ? im->count - MV_TAIL_NAMES : 0;
}

/**
 * mv_import_ignored() - an undefined symbol simplify_symbols() never resolves
 * @name: its name
 *
 * On x86 the GOT symbol (ignore_undef_symbol()).  (The "__gnu_lto" names
 * simplify_symbols() skips are SHN_COMMON ones, not imports.)
 */
static inline bool mv_import_ignored(const char *name)
{
	/* The first two bytes first: this is asked of every import. */
	return IS_ENABLED(CONFIG_X86) && name[0] == '_' && name[1] == 'G' &&
	       !strcmp(name, "_GLOBAL_OFFSET_TABLE_");
}

/**
 * mv_import_strong() - whether the loader must resolve @sym
 * @im: the import index the entry belongs to
 * @sym: an entry of its symbol table
 *
 * Return: true for a named, undefined, non-weak symbol with a terminated
 * name that the loader does not ignore.
 */
static inline bool mv_import_strong(const struct mv_imports *im, const Elf64_Sym *sym)
{
	return sym->st_shndx == SHN_UNDEF && sym->st_name &&
	       sym->st_name < im->str_terminated &&
	       ELF64_ST_BIND(sym->st_info) != STB_WEAK &&
	       !mv_import_ignored(im->strtab + sym->st_name);
}

/* Whether symbol-table entry @i is the import the loader names @symname. */
static inline bool mv_import_is(const struct mv_imports *im, unsigned int i,
				const char *symname)
{
	const Elf64_Sym *sym = &im->syms[i];

	return sym->st_shndx == SHN_UNDEF && sym->st_name &&
	       sym->st_name < im->str_terminated && im->strtab + sym->st_name == symname;
}

/* The loader got to entry @i, the import @symname: the cursor moves past it. */
static inline const Elf64_Sym *mv_import_reached(struct mv_imports *im, unsigned int i,
						 const char *symname)
{
	const Elf64_Sym *sym = &im->syms[i];

	im->cursor = i + 1;
	im->passed += mv_import_strong(im, sym);
	im->last = symname;
	im->last_sym = sym;
	return sym;
}

/* One in-flight load attempt, owned by the task running load_module(). */
struct mv_attempt {
	struct task_struct *task;	/* owner, referenced; never printed */
	u64 published;			/* history id of its running record, or 0 */
	const void *info;		/* the loader's struct load_info */
	const void *hdr;		/* the loader's image, while loading */
	unsigned long len;
	const char *vermagic_at;	/* the image's vermagic= value, if whole */
	bool indexed;			/* mv_image_index() ran */
	int versindex;			/* load_info's, once read; -1 before */
	bool in_btf_notify;		/* inside btf_module_notify(COMING) */
	struct mv_imports imports;
	struct mv_versions vers;
	struct mv_crc overflow;		/* a comparison past MV_MAX_CRCS */
	struct mv_record *rec;
};

/* attempt.c */
int mv_attempts_init(unsigned int slots);
void mv_attempts_stop(void);
void mv_attempts_exit(void);
struct mv_attempt *mv_attempt_begin(void);
struct mv_attempt *mv_attempt_current(void);
void mv_attempt_end(struct mv_attempt *a);
void mv_attempt_publish_running(struct mv_attempt *a);
void mv_attempts_reap(void);
void mv_attempt_abandon(struct mv_attempt *a);
void mv_attempt_add_stage(struct mv_attempt *a, enum mv_stage stage);
struct mv_crc *mv_attempt_crc_overflow(struct mv_attempt *a, struct mv_crc *crc);
void mv_attempt_import_walk(struct mv_attempt *a, const char *symname);
void mv_attempt_imports_end(struct mv_attempt *a);
const char *mv_stage_name(enum mv_stage stage);
void mv_attempt_unresolved(struct mv_attempt *a, const char *symname);
bool mv_file_note(unsigned long key);
unsigned long mv_file_take(void);
u64 mv_file_enter(unsigned long key, u64 published, bool *counted);
void mv_file_leave(unsigned long key);

/* The bytes of @rec that hold data: its fixed part and the CRCs listed. */
static inline size_t mv_record_bytes(const struct mv_record *rec)
{
	return offsetof(struct mv_record, crcs) + rec->n_crcs * sizeof(rec->crcs[0]);
}

/* history.c */
#define MV_MAX_ERRNO		255	/* larger errnos share one counter */

struct mv_stats {
	u64 records;				/* records published */
	u64 dropped;				/* no free slot: not recorded */
	u64 by_decider[MV_DECIDED_COUNT];
	u64 by_errno[MV_MAX_ERRNO + 1];		/* index: -result */
};

int mv_history_init(unsigned int records);
void mv_history_exit(void);
size_t mv_history_bytes(void);
u64 mv_history_add(struct mv_record *rec, u64 supersedes);
u64 mv_history_copy_seq(u64 from, struct mv_record *out);
u64 mv_history_last_seq(void);
u64 mv_history_copy_next(u64 from, u64 to, struct mv_record *out);
void mv_history_stats(struct mv_stats *st);
u64 mv_history_published(void);
bool mv_history_find_file(unsigned long key, u64 after, struct mv_record *out);
void mv_record_dropped(void);

/* modsig.c */
/* Digest algorithms of a module signature; 0: not known. */
enum mv_sig_hash {
	MV_SIG_HASH_UNKNOWN,
	MV_SIG_HASH_SHA1,
	MV_SIG_HASH_SHA256,
	MV_SIG_HASH_SHA384,
	MV_SIG_HASH_SHA512,
	MV_SIG_HASH_SHA224,
	MV_SIG_HASH_SHA3_256,
	MV_SIG_HASH_SHA3_384,
	MV_SIG_HASH_SHA3_512,
	MV_SIG_HASH_MD5,
	MV_SIG_HASH_SM3,
};

/* DER elements not yet read: @len bytes at @p. */
struct mv_der {
	const u8 *p;
	size_t len;
};

bool mv_der_next(struct mv_der *in, u8 *tag, struct mv_der *val);
void mv_modsig_parse(const u8 *img, unsigned long len, struct mv_record *rec);
const char *mv_sig_id_name(u8 sig_id);
const char *mv_sig_hash_name(u8 hash);

/* image.c */
void mv_image_parse(struct mv_attempt *a, const void *hdr, unsigned long len);
void mv_image_index_build(struct mv_attempt *a);
bool mv_versions_lookup(const struct mv_versions *v, const char *sym, size_t len,
			unsigned long *crc);
void mv_image_section_name(struct mv_attempt *a, unsigned int shndx, char *out, size_t size);

/*
 * The check_version() handler's steps, inline: it runs once per import of
 * every load, and an out-of-line call costs it about 30 instructions each.
 */

/* Build the indexes the symbol checks need, once (image.c). */
static inline void mv_image_index(struct mv_attempt *a)
{
	if (!a->indexed)
		mv_image_index_build(a);
}

/*
 * CRC comparisons are written in place: mv_attempt_crc_slot() hands out the
 * next entry, mv_attempt_crc_done() keeps it.  Every comparison is kept
 * while there is room; past it, mv_attempt_crc_overflow() decides.
 */
static inline struct mv_crc *mv_attempt_crc_slot(struct mv_attempt *a)
{
	struct mv_record *rec = a->rec;

	return rec->n_crcs < MV_MAX_CRCS ? &rec->crcs[rec->n_crcs] : &a->overflow;
}

/* Return: where @crc is listed now, or NULL if it could not be. */
static inline struct mv_crc *mv_attempt_crc_done(struct mv_attempt *a, struct mv_crc *crc)
{
	a->rec->crc_total++;
	if (crc == &a->overflow)
		return mv_attempt_crc_overflow(a, crc);
	a->rec->n_crcs++;
	return crc;
}

/**
 * mv_attempt_import_seen() - check_version() is checking @symname
 * @a: the attempt
 * @symname: the kernel's pointer to the name
 *
 * Imports between the last one seen and @symname were passed over: nobody
 * exports them (or the kernel refused them before the CRC check).  Their
 * names are still readable here, while the image is.  Mostly @symname is
 * the entry at the cursor and nothing was passed over: that is taken here,
 * the rest by mv_attempt_import_walk().
 */
static inline void mv_attempt_import_seen(struct mv_attempt *a, const char *symname)
{
	struct mv_imports *im = &a->imports;

	if (im->count && symname != im->last && im->cursor < im->nsyms &&
	    mv_import_is(im, im->cursor, symname))
		mv_import_reached(im, im->cursor, symname);
	else
		mv_attempt_import_walk(a, symname);
}

/* stream.c */
extern const struct file_operations mv_stream_fops;
void mv_stream_wake(void);
void mv_stream_close(void);

/* klog.c */
int mv_klog_init(const char *mode);
void mv_klog(const struct mv_record *rec);

/* kread.c */
void mv_copy_kstr(char *dst, const char *src, size_t size);

/* reloc.c */
void mv_reloc_explain(struct mv_attempt *a, const Elf64_Shdr *sechdrs, const char *strtab,
		      unsigned int symindex, unsigned int relsec);

/* vermagic.c */
void mv_vermagic_init(void);
const char *mv_kernel_vermagic(void);
int mv_vermagic_derive(const struct mv_record *rec);
size_t mv_vermagic_differs(const char *a, const char *b, char *out, size_t size);

/* taint.c */
unsigned long mv_taint_snapshot(void);
size_t mv_taint_letters(unsigned long mask, char *out, size_t size);

/* params.c */
bool mv_param_rejected(const char *args, bool cut, const struct kernel_param *params,
		       unsigned int num, int err, char *name, size_t size);

/* exporter.c */
void mv_exporter_note(struct mv_record *rec, const char *symbol, const s32 *crcp);

/* verdict.c */
void mv_decide(struct mv_record *rec);

/* preload.c */
int mv_preload_init(unsigned int notes);
void mv_preload_exit(void);
void mv_preload_reap(void);
void mv_preload_drop(void);
bool mv_preload_read_seen(void);
struct kretprobe_instance;
struct pt_regs;
int mv_preload_syscall_entry(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_init_module_entry(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_syscall_return(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_noted(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_read_entry(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_read_return(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_load_data_entry(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_read_hook_return(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_post_read_hook_return(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_load_hook_return(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_post_load_hook_return(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_decompress_entry(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_decompress_return(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_ima_return(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_selinux_return(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_loadpin_return(struct kretprobe_instance *ri, struct pt_regs *regs);
int mv_preload_ipe_return(struct kretprobe_instance *ri, struct pt_regs *regs);

/* record.c */
#define MV_ERRNAME_LEN		24
const char *mv_errname(int err, char buf[MV_ERRNAME_LEN]);
size_t mv_record_text_max(void);
size_t mv_record_format(const struct mv_record *rec, char *buf, size_t size);

/* probes.c */
int mv_probes_register(const char *skip, unsigned int maxactive);
void mv_probes_unregister(void);
size_t mv_probes_status(char *buf, size_t size);
bool mv_probe_attached(const char *symbol);

/* Which probe tells the imports the loader could not resolve. */
enum mv_imports_source {
	MV_IMPORTS_UNTRACKED,
	MV_IMPORTS_BY_CHECK_VERSION,
	MV_IMPORTS_BY_RESOLVE_SYMBOL,
};
extern enum mv_imports_source mv_imports_source;

/* loadinfo.c */
bool mv_load_info_init(void);
bool mv_load_info_usable(void);
const char *mv_load_info_release(void);
bool mv_load_info_image(const void *info, const void **hdr, unsigned long *len);
bool mv_load_info_sig_ok(const void *info, bool *sig_ok);
bool mv_load_info_versindex(const void *info, unsigned int *versindex);

/* debugfs.c */
int mv_debugfs_init(void);
void mv_debugfs_exit(void);

#endif /* _MODVERIFY_H */
