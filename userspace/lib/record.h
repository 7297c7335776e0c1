/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A modverify record (docs/record-format.md, version 1) as plain data, and
 * its text: the parser fills a struct mv_record from what the kernel module
 * wrote, mv_record_format() writes one back.  The predictor of `modverify
 * check` fills the same struct directly, so a real attempt and a predicted
 * one go through the same diagnosis and renderers.  Strings are NULL where
 * the record says "-" (unknown / does not apply).
 */
#ifndef MODVERIFY_RECORD_H
#define MODVERIFY_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <modverify/record.h>

#include "error.h"
#include "strbuf.h"

/* Largest record the reader accepts; a real one is a few KiB. */
#define MV_RECORD_MAX_BYTES	(1024 * 1024)

enum mv_yesno {
	MV_YN_UNKNOWN,		/* "-" or the key is absent */
	MV_YN_NO,
	MV_YN_YES,
};

/* "<return value> <errno name>", e.g. "-8 ENOEXEC" or "0 OK". */
struct mv_errval {
	bool known;
	long long value;	/* 0 or a negative errno */
	const char *name;	/* as written; NULL if absent or "-" */
};

/* "0x%x <letters>", e.g. "0x3000 OE" or "0x0 -". */
struct mv_taint {
	bool known;
	uint64_t mask;
	const char *letters;	/* as written; NULL for "-" */
};

struct mv_crc {
	bool has_module_crc;	/* false: "-", the module has none */
	bool has_kernel_crc;	/* false: "-", the exporter has none */
	uint64_t module_crc;	/* an unsigned long in the module: 64 bits */
	uint32_t kernel_crc;
	int verdict;		/* enum mv_crc_verdict, -1 if not known to us */
	const char *verdict_name;
	const char *symbol;
};

/*
 * "crc_exporter:\t<symbol>\t<exporter>\t<taint letters>": who exports a
 * symbol whose CRCs differ, by the kernel's CRC's address.
 */
struct mv_exporter {
	const char *symbol;
	const char *exporter;	/* a module's name, MV_EXPORTER_VMLINUX; NULL: unknown */
	const char *taint;	/* its taint letters; NULL: "-" (none, or unknown) */
};

struct mv_forced {
	bool ok;		/* "ok", else "refused" */
	const char *outcome;
	const char *reason;	/* "bad vermagic", a symbol name, ... */
};

struct mv_stage {
	const char *name;
	unsigned long count;	/* "name*N" collapses N repeats */
};

/*
 * "module_size: <module> <kernel>": the image's .gnu.linkonce.this_module
 * size and the kernel's sizeof(struct module), in bytes.  The kernel module
 * writes both or "-"; a prediction writes "-" for a side it could not read.
 */
struct mv_module_size {
	bool has_module;
	bool has_kernel;
	uint64_t module;
	uint64_t kernel;
};

/* "btf: invalid -22": the module BTF validation (enum mv_btf_state). */
struct mv_btf {
	enum mv_btf_state state;	/* MV_BTF_NOT_REACHED for "-" or absent */
	bool has_errno;
	long long errno_value;	/* negative, with invalid/mismatch_allowed */
	const char *log;	/* btf_log, without its quotes; NULL for "-" */
};

/*
 * "relocation:\t<reason>\t<type>\t<section>\t<offset>\t<symbol>": the
 * relocation the architecture's loader refused; reason MV_RELOC_NONE for
 * "relocation: -" (or an older record without the key).
 */
struct mv_relocation {
	int reason;		/* enum mv_reloc_reason, -1 if not known to us */
	const char *reason_name;	/* as written; NULL for MV_RELOC_NONE */
	const char *type;	/* "R_X86_64_PLT32", or a number; NULL: "-" */
	const char *section;	/* the section relocated; NULL: "-" */
	bool has_offset;
	uint64_t offset;	/* the place's offset in the section */
	const char *symbol;	/* the symbol (a section's name for a section symbol) */
};

struct mv_record {
	unsigned int version;
	enum mv_yesno prediction;	/* yes: predicted, not observed */
	uint64_t seq;		/* 0 in a running record ("seq: -") and a prediction */
	const char *timestamp;	/* "s.ns", validated digits */
	const char *boottime;	/* "s.us", validated digits */
	const char *kernel;
	bool has_pid;
	long long pid;
	const char *comm;
	const char *module;
	const char *srcversion;
	/* .modinfo: intree= ("Y"), retpoline=, license=, depends= (comma-separated) */
	const char *intree;
	const char *retpoline;
	const char *license;
	const char *depends;
	bool has_image_size;
	uint64_t image_size;
	const char *image_check;
	struct mv_module_size module_size;
	bool has_flags;
	uint64_t flags;		/* finit_module flags (MV_FLAGS) */
	enum mv_state state;	/* MV_STATE_RETURNED when the key is absent */
	struct mv_errval result;	/* unknown unless state is returned */
	int decided_by;		/* enum mv_decider, -1 if not known to us */
	const char *decided_by_name;
	bool has_shared_with;	/* an idempotent finit_module follower (6.5+) */
	uint64_t shared_with;	/* ... of the leader attempt with this seq */
	const char *refused_at;	/* refused before load_module(): the step */
	const char *lsm;	/* the security module that refused, if known */
	struct mv_stage *stages;
	size_t nr_stages;
	bool stages_truncated;	/* the record ended the list with "..." */
	enum mv_yesno signature_present;
	enum mv_yesno sig_verified;
	enum mv_yesno sig_enforced;
	int sig_reason;		/* enum mv_sig_reason, -1 if "-" or unknown */
	const char *sig_reason_name;
	/* The signature as modinfo shows it; NULL for "-". */
	const char *sig_id;	/* "PKCS#7" */
	const char *signer;	/* the signing certificate's issuer CN */
	const char *sig_key;	/* its serial or key id, "0F:03:..." */
	const char *sig_hashalgo;
	enum mv_yesno sig_key_trusted;	/* a key with that id in the kernel's keyrings */
	const char *vermagic_source;	/* MV_SOURCE_OBSERVED/DERIVED */
	const char *vermagic_module;	/* without the kernel's quotes */
	const char *vermagic_kernel;
	enum mv_yesno vermagic_release_compared;
	int vermagic_verdict;	/* enum mv_vermagic_verdict or -1 */
	const char *vermagic_verdict_name;
	const char **vermagic_differs;
	size_t nr_vermagic_differs;
	bool has_crc_total;
	uint64_t crc_total;
	bool has_crc_omitted;
	uint64_t crc_omitted;
	struct mv_crc *crcs;
	size_t nr_crcs;
	struct mv_exporter *exporters;
	size_t nr_exporters;
	struct mv_forced *forced;
	size_t nr_forced;
	bool has_forced_total;	/* forced_total: the calls, listed or not */
	uint64_t forced_total;
	const char **unresolved;	/* imports nobody exported */
	size_t nr_unresolved;
	bool has_unresolved_total;	/* unresolved_total: listed or not */
	uint64_t unresolved_total;
	struct mv_relocation relocation;
	struct mv_btf btf;
	bool has_parameters;	/* the key is there (parameters: '...' or -) */
	const char *parameters;	/* passed to the module, unquoted; NULL: "-" */
	bool parameters_cut;	/* the record keeps only their start */
	const char *parameter_rejected;	/* the one parse_args() refused, or NULL */
	struct mv_taint taint_before;
	struct mv_taint taint_after;
	struct mv_taint taint_added;
	const char *module_taint;
	struct mv_errval init_result;
	bool init_running;	/* "init_result: running" (state running) */
	const char *backend;	/* "bpf" (modverify watch); NULL: modverify.ko */
	/* bpf: events watch lost while the attempt was under way (any task's) */
	bool has_events_lost;
	uint64_t events_lost;

	/*
	 * Freed with the record: the parsed text the strings above point
	 * into, or whatever text the record's maker keeps there.
	 */
	char *storage;
};

/*
 * Parse exactly one record from text[0..len).  On success fill *rec (release
 * it with mv_record_free()) and return 0; on failure fill *err (err->line is
 * the line, 0 for the whole input) and return -1.
 */
int mv_record_parse(const char *text, size_t len, struct mv_record *rec,
		    struct mv_error *err);

/*
 * Parse the first of several records back to back (the debugfs history
 * file): *consumed is the length of that record's text.  line is the number
 * of lines before text, so that errors name lines of the whole input.
 */
int mv_record_parse_next(const char *text, size_t len, unsigned int line,
			 struct mv_record *rec, size_t *consumed,
			 struct mv_error *err);

/* An empty record: what the parser starts from (no verdicts known). */
void mv_record_init(struct mv_record *rec);
/* Free what the record owns and leave it empty. */
void mv_record_free(struct mv_record *rec);

/*
 * Append rec as record text, every key in the kernel's order and escaped as
 * the kernel escapes it, so that mv_record_parse() gives rec back.
 */
void mv_record_format(const struct mv_record *rec, struct strbuf *sb);

/* The exporter noted for @symbol, or NULL. */
const struct mv_exporter *mv_record_exporter(const struct mv_record *rec, const char *symbol);

/* A CRC as records and Module.symvers print it, "0x%08x", or none. */
const char *mv_crc_format(bool has, uint64_t crc, const char *none,
			  char buf[static 24]);

#endif /* MODVERIFY_RECORD_H */
