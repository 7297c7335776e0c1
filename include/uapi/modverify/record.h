/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * modverify record format: the vocabulary shared by the kernel module
 * (which writes records) and the userspace reader (which parses them).
 * It is not a kernel ABI (debugfs is not one): "uapi" only in that both
 * sides include it, the module from kmod/ and the reader from userspace/.
 *
 * A record is line-oriented text, one "key: value" per line, the first line
 * being MV_KEY_FORMAT with MV_RECORD_VERSION, the last MV_KEY_END with the
 * record's sequence number.  docs/record-format.md describes every key; this
 * header is the only place their spellings are defined.
 *
 * Everything here is plain C that compiles both in the kernel and in C11
 * userspace: macros, enums and static inline functions only.
 */
#ifndef _UAPI_MODVERIFY_RECORD_H
#define _UAPI_MODVERIFY_RECORD_H

#define MV_RECORD_VERSION	1

/* Where the records are: /sys/kernel/debug/<MV_DEBUGFS_DIR>/<file>. */
#define MV_DEBUGFS_DIR		"modverify"
#define MV_FILE_LAST		"last"
#define MV_FILE_HISTORY		"history"
#define MV_FILE_STATS		"stats"
#define MV_FILE_STATUS		"status"
#define MV_FILE_STREAM		"stream"	/* every final record, as published */

/* In the stream, between records: "lost: N", N records never read. */
#define MV_KEY_LOST		"lost"

/* Keys, in the order the kernel writes them. */
#define MV_KEY_FORMAT		"modverify_record"
#define MV_KEY_PREDICTION	"prediction"	/* "yes": made by `modverify check` */
#define MV_KEY_BACKEND		"backend"	/* "bpf": made by `modverify watch` */
/* bpf: events lost while the attempt was under way: facts may be missing */
#define MV_KEY_EVENTS_LOST	"events_lost"
#define MV_KEY_SEQ		"seq"
#define MV_KEY_TIMESTAMP	"timestamp"	/* CLOCK_REALTIME, s.ns */
#define MV_KEY_BOOTTIME		"boottime"	/* dmesg clock, s.us */
#define MV_KEY_KERNEL		"kernel"	/* release of the running kernel */
#define MV_KEY_PID		"pid"
#define MV_KEY_COMM		"comm"
#define MV_KEY_MODULE		"module"
#define MV_KEY_SRCVERSION	"srcversion"
#define MV_KEY_INTREE		"intree"	/* .modinfo intree=: "Y" in-tree */
#define MV_KEY_RETPOLINE	"retpoline"	/* .modinfo retpoline= */
#define MV_KEY_LICENSE		"license"	/* .modinfo license= */
#define MV_KEY_DEPENDS		"depends"	/* .modinfo depends=, comma-separated */
#define MV_KEY_IMAGE_SIZE	"image_size"
#define MV_KEY_IMAGE_CHECK	"image_check"	/* "ok" or the defect found */
#define MV_KEY_MODULE_SIZE	"module_size"	/* this_module bytes: module's kernel's */
#define MV_KEY_FLAGS		"flags"		/* 0x%x then flag names */
#define MV_KEY_STATE		"state"		/* see MV_STATES */
#define MV_KEY_RESULT		"result"	/* errno (negative) and name */
#define MV_KEY_DECIDED_BY	"decided_by"
#define MV_KEY_SHARED_WITH	"shared_with"	/* leader's seq (idempotent finit) */
#define MV_KEY_REFUSED_AT	"refused_at"	/* before load_module: see MV_PRELOAD_STEPS */
#define MV_KEY_LSM		"lsm"		/* the LSM that refused reading the module */
#define MV_KEY_STAGES		"stages"	/* loader functions seen, in order */
#define MV_KEY_SIGNATURE	"signature"	/* appended signature marker */
#define MV_KEY_SIG_VERIFIED	"sig_verified"
#define MV_KEY_SIG_ENFORCED	"sig_enforced"
#define MV_KEY_SIG_REASON	"sig_reason"
#define MV_KEY_SIG_ID		"sig_id"	/* the signature's kind: "PKCS#7" */
#define MV_KEY_SIGNER		"signer"	/* as modinfo: the issuer's CN */
#define MV_KEY_SIG_KEY		"sig_key"	/* as modinfo: "0F:03:..." */
#define MV_KEY_SIG_HASHALGO	"sig_hashalgo"
#define MV_KEY_SIG_KEY_TRUSTED	"sig_key_trusted" /* yes/no: the kernel's keyrings */
#define MV_KEY_VERMAGIC_SOURCE	"vermagic_source"
#define MV_KEY_VERMAGIC_MODULE	"vermagic_module"
#define MV_KEY_VERMAGIC_KERNEL	"vermagic_kernel"
#define MV_KEY_VERMAGIC_RELEASE	"vermagic_release_compared"
#define MV_KEY_VERMAGIC_VERDICT	"vermagic_verdict"
#define MV_KEY_VERMAGIC_DIFFERS	"vermagic_differs"
#define MV_KEY_CRC_TOTAL	"crc_total"	/* comparisons the kernel made */
#define MV_KEY_CRC_OMITTED	"crc_omitted"	/* matching pairs left out */
#define MV_KEY_CRC		"crc"		/* one line per comparison */
#define MV_KEY_CRC_EXPORTER	"crc_exporter"	/* who exports a mismatched symbol */
#define MV_KEY_FORCED_TOTAL	"forced_total"	/* try_to_force_load calls */
#define MV_KEY_FORCED		"forced"	/* one line per try_to_force_load */
#define MV_KEY_UNRESOLVED_TOTAL	"unresolved_total" /* imports not resolved */
#define MV_KEY_UNRESOLVED	"unresolved"	/* one line per unresolved import */
#define MV_KEY_PARAMETERS	"parameters"	/* the module parameters passed */
#define MV_KEY_PARAMETER_REJECTED "parameter_rejected" /* the one refused */
#define MV_KEY_RELOCATION	"relocation"	/* the relocation the loader refused */
#define MV_KEY_BTF		"btf"		/* module BTF validation */
#define MV_KEY_BTF_LOG		"btf_log"	/* the verifier's first complaint */
#define MV_KEY_TAINT_BEFORE	"taint_before"
#define MV_KEY_TAINT_AFTER	"taint_after"
#define MV_KEY_TAINT_ADDED	"taint_added"
#define MV_KEY_MODULE_TAINT	"module_taint"
#define MV_KEY_INIT_RESULT	"init_result"
#define MV_KEY_END		"end"

/* crc_exporter's exporter when the symbol is the kernel's own. */
#define MV_EXPORTER_VMLINUX	"vmlinux"

/* Written where a value is unknown or does not apply. */
#define MV_NONE			"-"

/*
 * Where the attempt is.  A record is published when load_module() returns;
 * an attempt that reaches the module's init is published before it too
 * ("running", without a seq: seq numbers final records), and replaced by
 * its final record.  An
 * attempt whose task exited inside load_module() (an oops in the module's
 * init or in the loader) never returns: its record is completed when the
 * exit is noticed, with result and init_result unknown.
 */
#define MV_STATES(X)						\
	X(RETURNED,	"returned")	/* load_module() returned */	\
	X(RUNNING,	"running")	/* the module's init is running */ \
	X(TASK_EXITED,	"task_exited")	/* died inside load_module() */

enum mv_state {
#define MV_ENUM_STATE(e, s) MV_STATE_##e,
	MV_STATES(MV_ENUM_STATE)
#undef MV_ENUM_STATE
	MV_STATE_COUNT
};

static inline const char *mv_state_name(enum mv_state st)
{
	switch (st) {
#define MV_CASE_STATE(e, s) case MV_STATE_##e: return s;
	MV_STATES(MV_CASE_STATE)
#undef MV_CASE_STATE
	default:
		return "?";
	}
}

/*
 * Why the architecture's apply_relocate_add() refused a relocation (the
 * relocation line's first word); NONE: no relocation step failed.
 */
#define MV_RELOC_REASONS(X)					\
	X(NONE,		  "-")						\
	X(TARGET_NONZERO, "target_nonzero") /* x86-64: the place held a value */ \
	X(OVERFLOW,	  "overflow")	/* the value does not fit the type */	\
	X(UNKNOWN_TYPE,	  "unknown_type") /* a type the kernel does not apply */ \
	X(FAILED,	  "failed")	/* refused; the entry was not found */

enum mv_reloc_reason {
#define MV_ENUM_RELOC(e, s) MV_RELOC_##e,
	MV_RELOC_REASONS(MV_ENUM_RELOC)
#undef MV_ENUM_RELOC
	MV_RELOC_REASON_COUNT
};

static inline const char *mv_reloc_reason_name(enum mv_reloc_reason r)
{
	switch (r) {
#define MV_CASE_RELOC(e, s) case MV_RELOC_##e: return s;
	MV_RELOC_REASONS(MV_CASE_RELOC)
#undef MV_CASE_RELOC
	default:
		return "?";
	}
}

/* x86-64 relocation types the kernel applies (arch/x86/kernel/module.c). */
#define MV_RELOC_TYPES_X86_64(X)				\
	X(0, "R_X86_64_NONE")					\
	X(1, "R_X86_64_64")					\
	X(2, "R_X86_64_PC32")					\
	X(4, "R_X86_64_PLT32")					\
	X(10, "R_X86_64_32")					\
	X(11, "R_X86_64_32S")					\
	X(24, "R_X86_64_PC64")

/* The name of x86-64 relocation @type, or NULL: then it is printed as a number. */
static inline const char *mv_reloc_type_x86_64(unsigned int type)
{
	switch (type) {
#define MV_CASE_RTYPE(n, s) case n: return s;
	MV_RELOC_TYPES_X86_64(MV_CASE_RTYPE)
#undef MV_CASE_RTYPE
	default:
		return 0;
	}
}

/* init_result while the module's init has not returned yet. */
#define MV_INIT_RUNNING		"running"

/* finit_module(2) flags, as in include/uapi/linux/module.h. */
#define MV_FLAG_IGNORE_MODVERSIONS	0x1
#define MV_FLAG_IGNORE_VERMAGIC		0x2
#define MV_FLAG_COMPRESSED_FILE		0x4
#define MV_FLAGS(X)						\
	X(MV_FLAG_IGNORE_MODVERSIONS, "IGNORE_MODVERSIONS")	\
	X(MV_FLAG_IGNORE_VERMAGIC, "IGNORE_VERMAGIC")		\
	X(MV_FLAG_COMPRESSED_FILE, "COMPRESSED_FILE")

/*
 * Which check decided the outcome of a load attempt.  The first column is
 * the enum suffix, the second the spelling in records and JSON.
 */
#define MV_DECIDERS(X)						\
	X(LOADED,	 "loaded")	/* every check passed */	\
	X(FORCED,	 "forced")	/* loaded, a check was forced */ \
	X(SIGNATURE,	 "signature")	/* module_sig_check */		\
	X(LOCKDOWN,	 "lockdown")	/* lockdown refused unsigned */	\
	X(ELF,		 "elf")		/* ELF/section validation */	\
	X(MODULE_SIZE,	 "module_size")	/* this_module size (6.4+) */	\
	X(BLACKLIST,	 "blacklist")	/* module_blacklist= */		\
	X(MODULE_LAYOUT, "module_layout") /* struct-layout CRC */	\
	X(VERMAGIC,	 "vermagic")	/* same_magic/check_modinfo */	\
	X(FORCE_REFUSED, "force_refused") /* try_to_force_load failed */ \
	X(DUPLICATE,	 "duplicate")	/* already loaded/loading */	\
	X(SYMBOL_CRC,	 "symbol_crc")	/* check_version mismatch */	\
	X(UNKNOWN_SYMBOL, "unknown_symbol") /* import not exported */	\
	X(RELOCATION,	 "relocation")	/* apply_relocate_add refused */ \
	X(PARAMETER,	 "parameter")	/* parse_args refused a value */ \
	X(BTF,		 "btf")		/* module BTF refused (5.11+) */ \
	X(INIT,		 "init")	/* the module's init failed */	\
	X(LOADER,	 "loader")	/* a later loader step failed */ \
	X(MODULES_DISABLED, "modules_disabled") /* kernel.modules_disabled=1 */ \
	X(CAPABILITY,	 "capability")	/* the task lacks CAP_SYS_MODULE */ \
	X(LSM,		 "lsm")		/* a security module refused the file */ \
	X(FILE,		 "file")	/* the image could not be read in */ \
	X(PENDING,	 "pending")	/* init running: not decided yet */ \
	X(UNKNOWN,	 "unknown")

enum mv_decider {
#define MV_ENUM_DECIDER(e, s) MV_DECIDED_##e,
	MV_DECIDERS(MV_ENUM_DECIDER)
#undef MV_ENUM_DECIDER
	MV_DECIDED_COUNT
};

static inline const char *mv_decider_name(enum mv_decider d)
{
	switch (d) {
#define MV_CASE_DECIDER(e, s) case MV_DECIDED_##e: return s;
	MV_DECIDERS(MV_CASE_DECIDER)
#undef MV_CASE_DECIDER
	default:
		return "unknown";
	}
}

/*
 * Where an attempt that never reached load_module() was refused
 * (refused_at): the kernel function whose failure ended the syscall,
 * observed by a probe or, for an inlined step, told by what ran before.
 */
#define MV_PRELOAD_STEPS(X)					\
	X(NONE,		  "-")	/* reached load_module(), or not known */ \
	X(MAY_INIT_MODULE, "may_init_module") /* capability, modules_disabled */ \
	X(FD,		  "fd")	/* finit_module: not a file open for reading */ \
	X(COPY,		  "copy_module_from_user") /* init_module: the image */ \
	X(READ,		  "kernel_read_file")				\
	X(READ_HOOK,	  "security_kernel_read_file")			\
	X(POST_READ_HOOK, "security_kernel_post_read_file")		\
	X(LOAD_HOOK,	  "security_kernel_load_data")			\
	X(POST_LOAD_HOOK, "security_kernel_post_load_data")		\
	X(DECOMPRESS,	  "module_decompress")

enum mv_preload_step {
#define MV_ENUM_PRELOAD(e, s) MV_PRELOAD_##e,
	MV_PRELOAD_STEPS(MV_ENUM_PRELOAD)
#undef MV_ENUM_PRELOAD
	MV_PRELOAD_STEP_COUNT
};

static inline const char *mv_preload_step_name(enum mv_preload_step s)
{
	switch (s) {
#define MV_CASE_PRELOAD(e, s) case MV_PRELOAD_##e: return s;
	MV_PRELOAD_STEPS(MV_CASE_PRELOAD)
#undef MV_CASE_PRELOAD
	default:
		return "?";
	}
}

/*
 * The security modules whose own hook on reading a module (file or data)
 * modverify probes, by the names /sys/kernel/security/lsm gives them.
 */
#define MV_LSMS(X)						\
	X(NONE,		"-")	/* none refused, or not known which */	\
	X(IMA,		"ima")						\
	X(SELINUX,	"selinux")					\
	X(LOADPIN,	"loadpin")					\
	X(IPE,		"ipe")

enum mv_lsm {
#define MV_ENUM_LSM(e, s) MV_LSM_##e,
	MV_LSMS(MV_ENUM_LSM)
#undef MV_ENUM_LSM
	MV_LSM_COUNT
};

static inline const char *mv_lsm_name(enum mv_lsm l)
{
	switch (l) {
#define MV_CASE_LSM(e, s) case MV_LSM_##e: return s;
	MV_LSMS(MV_CASE_LSM)
#undef MV_CASE_LSM
	default:
		return "?";
	}
}

/* What the kernel concluded for one CRC comparison (check_version). */
#define MV_CRC_VERDICTS(X)					\
	X(MATCH,	 "match")					\
	X(MISMATCH,	 "mismatch")					\
	X(MISSING,	 "missing_in_module") /* accepted, warned once */ \
	X(MISSING_REFUSED, "missing_refused") /* ... refused (Debian) */ \
	X(NO_KERNEL_CRC, "no_kernel_crc")  /* exporter has no CRC */	\
	X(FORCED,	 "forced")	/* no __versions: force-loaded */ \
	X(FORCE_REFUSED, "force_refused") /* ... and forcing failed */	\
	X(UNREAD,	 "unread")	/* module's CRC table unreadable */ \
	X(UNREAD_ACCEPTED, "unread_accepted") /* ... the kernel accepted */ \
	X(UNREAD_REFUSED, "unread_refused")   /* ... the kernel refused */

enum mv_crc_verdict {
#define MV_ENUM_CRC(e, s) MV_CRC_##e,
	MV_CRC_VERDICTS(MV_ENUM_CRC)
#undef MV_ENUM_CRC
	MV_CRC_VERDICT_COUNT
};

/* Whether the kernel refused the module on this comparison. */
static inline int mv_crc_verdict_refuses(enum mv_crc_verdict v)
{
	return v == MV_CRC_MISMATCH || v == MV_CRC_MISSING_REFUSED ||
	       v == MV_CRC_FORCE_REFUSED || v == MV_CRC_UNREAD_REFUSED;
}

static inline const char *mv_crc_verdict_name(enum mv_crc_verdict v)
{
	switch (v) {
#define MV_CASE_CRC(e, s) case MV_CRC_##e: return s;
	MV_CRC_VERDICTS(MV_CASE_CRC)
#undef MV_CASE_CRC
	default:
		return "unknown";
	}
}

/* What the signature check concluded (module_sig_check/mod_verify_sig). */
#define MV_SIG_REASONS(X)					\
	X(NOT_CHECKED,	 "-")		/* the loader never got there */ \
	X(OK,		 "ok")		/* verified by a trusted key */	\
	X(UNSIGNED,	 "unsigned")					\
	X(IGNORED,	 "ignored")	/* forced load: not checked */	\
	X(NO_KEY,	 "unavailable_key")				\
	X(NO_CRYPTO,	 "unsupported_crypto")				\
	X(BAD,		 "bad_signature")				\
	X(NOT_OBSERVED,	 "not_observed")	/* signed; verdict not seen */

enum mv_sig_reason {
#define MV_ENUM_SIG(e, s) MV_SIG_##e,
	MV_SIG_REASONS(MV_ENUM_SIG)
#undef MV_ENUM_SIG
	MV_SIG_REASON_COUNT
};

static inline const char *mv_sig_reason_name(enum mv_sig_reason r)
{
	switch (r) {
#define MV_CASE_SIG(e, s) case MV_SIG_##e: return s;
	MV_SIG_REASONS(MV_CASE_SIG)
#undef MV_CASE_SIG
	default:
		return "unknown";
	}
}

/* Verdict of the vermagic comparison. */
#define MV_VERMAGIC_VERDICTS(X)					\
	X(NOT_CHECKED,	 "not_checked")	/* the loader stopped before */	\
	X(MATCH,	 "match")					\
	X(MISMATCH,	 "mismatch")					\
	X(MISSING,	 "missing")	/* no vermagic= in .modinfo */	\
	X(FORCED,	 "forced")	/* missing or ignored, forced */ \
	X(FORCE_REFUSED, "force_refused")

enum mv_vermagic_verdict {
#define MV_ENUM_VM(e, s) MV_VERMAGIC_##e,
	MV_VERMAGIC_VERDICTS(MV_ENUM_VM)
#undef MV_ENUM_VM
	MV_VERMAGIC_VERDICT_COUNT
};

static inline const char *mv_vermagic_verdict_name(enum mv_vermagic_verdict v)
{
	switch (v) {
#define MV_CASE_VM(e, s) case MV_VERMAGIC_##e: return s;
	MV_VERMAGIC_VERDICTS(MV_CASE_VM)
#undef MV_CASE_VM
	default:
		return "unknown";
	}
}

/*
 * Module BTF validation (btf_module_notify(), at MODULE_STATE_COMING): the
 * first word of the "btf" value.  Refused and allowed failures are followed
 * by the errno as a negative number; "-" when the loader never got there.
 */
#define MV_BTF_STATES(X)					\
	X(NOT_REACHED,	 "-")						\
	X(OK,		 "ok")		/* parsed and registered */	\
	X(ABSENT,	 "absent")	/* no .BTF section */		\
	X(INVALID,	 "invalid")	/* refused the module */	\
	X(MISMATCH_ALLOWED, "mismatch_allowed") /* MODULE_ALLOW_BTF_MISMATCH */

enum mv_btf_state {
#define MV_ENUM_BTF(e, s) MV_BTF_##e,
	MV_BTF_STATES(MV_ENUM_BTF)
#undef MV_ENUM_BTF
	MV_BTF_STATE_COUNT
};

static inline const char *mv_btf_state_name(enum mv_btf_state b)
{
	switch (b) {
#define MV_CASE_BTF(e, s) case MV_BTF_##e: return s;
	MV_BTF_STATES(MV_CASE_BTF)
#undef MV_CASE_BTF
	default:
		return "unknown";
	}
}

/*
 * Where a value came from: "observed" from the kernel's own comparison (a
 * probe saw its arguments), or "derived" by modverify from the module image
 * and the kernel's exported state when that probe could not attach.
 */
#define MV_SOURCE_OBSERVED	"observed"
#define MV_SOURCE_DERIVED	"derived"

/* backend: who observed the attempt; absent means modverify.ko. */
#define MV_BACKEND_BPF		"bpf"

/*
 * Vermagic words (include/linux/vermagic.h): the first word is always the
 * release (MV_VERMAGIC_RELEASE); the config words that follow are classified
 * by this table (class, word; a word ending in '_' is a prefix, followed by
 * a hash).  Any other word is the architecture's (MV_VERMAGIC_ARCH).
 */
#define MV_VERMAGIC_RELEASE	"release"
#define MV_VERMAGIC_ARCH	"arch"
/* Older records' name for a word only one side has (read, not written). */
#define MV_VERMAGIC_EXTRA	"extra"
#define MV_VERMAGIC_WORDS(X)					\
	X("smp",	 "SMP")						\
	X("preempt",	 "preempt")					\
	X("preempt",	 "preempt_rt")					\
	X("mod_unload",	 "mod_unload")					\
	X("modversions", "modversions")					\
	X("randstruct",	 "RANDSTRUCT_")					\
	X("randstruct",	 "RANDSTRUCT_PLUGIN_")

/* The classes in VERMAGIC_STRING order: how vermagic_differs lists them. */
#define MV_VERMAGIC_CLASSES(X)					\
	X(MV_VERMAGIC_RELEASE) X("smp") X("preempt") X("mod_unload")	\
	X("modversions") X(MV_VERMAGIC_ARCH) X("randstruct")

/*
 * Kernel taint flags (include/linux/panic.h, Documentation/admin-guide/
 * tainted-kernels.rst): bit, letter when set, meaning.  Newer kernels have
 * more flags than older ones; a kernel uses the first TAINT_FLAGS_COUNT.
 */
enum mv_taint_bit {
	MV_TAINT_PROPRIETARY_MODULE = 0,
	MV_TAINT_FORCED_MODULE = 1,
	MV_TAINT_CPU_OUT_OF_SPEC = 2,
	MV_TAINT_FORCED_RMMOD = 3,
	MV_TAINT_MACHINE_CHECK = 4,
	MV_TAINT_BAD_PAGE = 5,
	MV_TAINT_USER = 6,
	MV_TAINT_DIE = 7,
	MV_TAINT_OVERRIDDEN_ACPI_TABLE = 8,
	MV_TAINT_WARN = 9,
	MV_TAINT_CRAP = 10,
	MV_TAINT_FIRMWARE_WORKAROUND = 11,
	MV_TAINT_OOT_MODULE = 12,
	MV_TAINT_UNSIGNED_MODULE = 13,
	MV_TAINT_SOFTLOCKUP = 14,
	MV_TAINT_LIVEPATCH = 15,
	MV_TAINT_AUX = 16,
	MV_TAINT_RANDSTRUCT = 17,
	MV_TAINT_TEST = 18,
	MV_TAINT_FWCTL = 19,
};

#define MV_TAINTS(X)						\
	X(MV_TAINT_PROPRIETARY_MODULE, 'P', "proprietary module was loaded") \
	X(MV_TAINT_FORCED_MODULE, 'F', "module was force loaded")	\
	X(MV_TAINT_CPU_OUT_OF_SPEC, 'S', "kernel running on an out of specification system") \
	X(MV_TAINT_FORCED_RMMOD, 'R', "module was force unloaded")	\
	X(MV_TAINT_MACHINE_CHECK, 'M', "processor reported a Machine Check Exception") \
	X(MV_TAINT_BAD_PAGE, 'B', "bad page referenced or unexpected page flags") \
	X(MV_TAINT_USER, 'U', "taint requested by userspace application") \
	X(MV_TAINT_DIE, 'D', "kernel died recently (OOPS or BUG)")	\
	X(MV_TAINT_OVERRIDDEN_ACPI_TABLE, 'A', "ACPI table overridden by user") \
	X(MV_TAINT_WARN, 'W', "kernel issued warning")		\
	X(MV_TAINT_CRAP, 'C', "staging driver was loaded")		\
	X(MV_TAINT_FIRMWARE_WORKAROUND, 'I', "workaround for bug in platform firmware applied") \
	X(MV_TAINT_OOT_MODULE, 'O', "externally-built (out-of-tree) module was loaded") \
	X(MV_TAINT_UNSIGNED_MODULE, 'E', "unsigned module was loaded") \
	X(MV_TAINT_SOFTLOCKUP, 'L', "soft lockup occurred")		\
	X(MV_TAINT_LIVEPATCH, 'K', "kernel has been live patched")	\
	X(MV_TAINT_AUX, 'X', "auxiliary taint, defined for and used by distros") \
	X(MV_TAINT_RANDSTRUCT, 'T', "kernel was built with the struct randomization plugin") \
	X(MV_TAINT_TEST, 'N', "an in-kernel test has been run")	\
	X(MV_TAINT_FWCTL, 'J', "userspace used a mutating debug operation in fwctl")

#endif /* _UAPI_MODVERIFY_RECORD_H */
