/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Which loader check decided an attempt (a record's decided_by), in the
 * order the loader runs its checks (kernel/module/main.c, 6.1): signature,
 * ELF validation, blacklist, struct-layout CRC (module_layout), vermagic,
 * duplicates, symbol CRCs and resolution, relocations, module BTF,
 * parameters, then the module's init.  The first check that failed decided.
 * What the signature check concluded (sig_reason).  And which step refused
 * an attempt that never reached the loader (mv_decide_preload()).
 *
 * Both backends decide with it: the kernel module (kmod/verdict.c) from
 * what its probes saw, `modverify watch` (userspace/lib/watch_join.c) from
 * what the BPF programs saw.  Each fills struct mv_decide_facts from its
 * own observations; the order is here only.  Plain C that compiles both in
 * the kernel and in C11 userspace.
 */
#ifndef _UAPI_MODVERIFY_DECIDE_H
#define _UAPI_MODVERIFY_DECIDE_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#endif

#include <modverify/record.h>

/**
 * struct mv_decide_facts - what a backend knows of an attempt
 * @state: where the attempt is
 * @err: load_module()'s result: 0, or a negative errno
 * @init_seen: the module's init was called
 * @forced: some try_to_force_load() forced a check (and the load went on)
 * @force_refused: some try_to_force_load() refused to force one
 * @sig_err: module_sig_check()'s error; 0 if it passed or was not seen
 * @sig_enforced: signatures are enforced (an unsigned module's -EPERM is
 *	then not lockdown's)
 * @sig_probed: module_sig_check() is observed: without it, lockdown's
 *	-EPERM cannot be told from the blacklist's
 * @relocation_refused: applying the relocations refused the module
 * @btf_refused: the module's BTF was refused, with the load's errno
 * @params_refused: parse_args() refused a parameter, with the load's errno
 * @module_size_differs: the module's struct module is not the kernel's size
 *	(6.4+ refuses it in the ELF checks)
 * @past_vermagic: the loader went past the vermagic check
 * @before_layout: nothing shows the loader got to the struct-layout check
 * @layout_compared: the module_layout CRC comparison was seen ...
 * @layout_verdict: ... with this verdict
 * @symbol_refused: an imported symbol's CRC comparison refused the module ...
 * @symbol_verdict: ... the first such, with this verdict
 * @unresolved: an import was seen not resolved
 * @symbols_reached: the loader got to symbol resolution
 * @enoent_unresolved: -ENOENT past the vermagic check is taken to be an
 *	unknown symbol's (nothing observed the imports to tell)
 * @vermagic_verdict: the settled vermagic verdict
 */
struct mv_decide_facts {
	enum mv_state state;
	int err;
	bool init_seen;
	bool forced;
	bool force_refused;
	int sig_err;
	bool sig_enforced;
	bool sig_probed;
	bool relocation_refused;
	bool btf_refused;
	bool params_refused;
	bool module_size_differs;
	bool past_vermagic;
	bool before_layout;
	bool layout_compared;
	enum mv_crc_verdict layout_verdict;
	bool symbol_refused;
	enum mv_crc_verdict symbol_verdict;
	bool unresolved;
	bool symbols_reached;
	bool enoent_unresolved;
	enum mv_vermagic_verdict vermagic_verdict;
};

/**
 * mv_decided_by() - the check that decided an attempt
 * @f: what was observed of it
 *
 * Return: the decider; MV_DECIDED_PENDING while the module's init runs.
 */
static inline enum mv_decider mv_decided_by(const struct mv_decide_facts *f)
{
	int err = f->err;

	if (f->state == MV_STATE_RUNNING)
		return MV_DECIDED_PENDING;
	/* The task died: in the module's init, or somewhere in the loader. */
	if (f->state == MV_STATE_TASK_EXITED)
		return f->init_seen ? MV_DECIDED_INIT : MV_DECIDED_UNKNOWN;
	if (err == 0)
		return f->forced ? MV_DECIDED_FORCED : MV_DECIDED_LOADED;
	if (f->sig_err)
		return f->sig_err == -EPERM && !f->sig_enforced ?
			MV_DECIDED_LOCKDOWN : MV_DECIDED_SIGNATURE;
	/* Relocation comes after every check but BTF's, and ends the load. */
	if (f->relocation_refused)
		return MV_DECIDED_RELOCATION;
	if (f->init_seen)
		return MV_DECIDED_INIT;
	if (f->btf_refused)
		return MV_DECIDED_BTF;
	/* parse_args() comes after the BTF notifier, and ends the load. */
	if (f->params_refused)
		return MV_DECIDED_PARAMETER;
	if (err == -ENOEXEC && f->module_size_differs && !f->past_vermagic &&
	    !f->layout_compared)
		return MV_DECIDED_MODULE_SIZE;
	if (f->layout_compared && mv_crc_verdict_refuses(f->layout_verdict))
		return f->layout_verdict == MV_CRC_FORCE_REFUSED ?
			MV_DECIDED_FORCE_REFUSED : MV_DECIDED_MODULE_LAYOUT;
	if (f->vermagic_verdict == MV_VERMAGIC_MISMATCH ||
	    f->vermagic_verdict == MV_VERMAGIC_MISSING)
		return MV_DECIDED_VERMAGIC;
	if (f->vermagic_verdict == MV_VERMAGIC_FORCE_REFUSED)
		return MV_DECIDED_FORCE_REFUSED;
	if (f->symbol_refused)
		return f->symbol_verdict == MV_CRC_FORCE_REFUSED ?
			MV_DECIDED_FORCE_REFUSED : MV_DECIDED_SYMBOL_CRC;
	/*
	 * Before duplicates: resolve_symbol_wait() gives up on an exporter
	 * still initialising after 30 s with -EBUSY (ref_module()'s, after its
	 * check_version()), the duplicate check's errno.  Duplicates are
	 * refused before any symbol is resolved.
	 */
	if (f->unresolved || (err == -EBUSY && f->symbols_reached))
		return MV_DECIDED_UNKNOWN_SYMBOL;
	if (err == -EEXIST || err == -EBUSY)
		return MV_DECIDED_DUPLICATE;
	/* Nothing followed the imports; -ENOENT is the unknown-symbol errno. */
	if (err == -ENOENT && f->past_vermagic && f->enoent_unresolved)
		return MV_DECIDED_UNKNOWN_SYMBOL;
	if (f->before_layout) {
		/* Without the signature probe, lockdown's -EPERM looks the same. */
		if (err == -EPERM && !f->sig_probed)
			return MV_DECIDED_UNKNOWN;
		if (err == -EPERM)
			return MV_DECIDED_BLACKLIST;
		if (err == -ENOEXEC)
			return MV_DECIDED_ELF;
		return MV_DECIDED_UNKNOWN;
	}
	/* e.g. "no versions for exported symbols" without MODULE_FORCE_LOAD */
	if (f->force_refused)
		return MV_DECIDED_FORCE_REFUSED;
	return f->past_vermagic ? MV_DECIDED_LOADER : MV_DECIDED_UNKNOWN;
}

/**
 * struct mv_sig_facts - what a backend knows of the signature check
 * @check_seen: module_sig_check() was seen
 * @verify_seen: mod_verify_sig() was seen ...
 * @verify_result: ... and returned this
 * @signature_present: the image ends with the signature marker
 * @ignoring: the load was told to ignore modversions or the vermagic
 * @verified: module_sig_check() found the signature good
 * @verify_probed: mod_verify_sig() is observed (it would have been seen)
 */
struct mv_sig_facts {
	bool check_seen;
	bool verify_seen;
	int verify_result;
	bool signature_present;
	bool ignoring;
	bool verified;
	bool verify_probed;
};

/**
 * mv_sig_reason_of() - what module_sig_check() concluded
 * @s: what it and mod_verify_sig() were seen doing
 *
 * Return: the reason; MV_SIG_NOT_CHECKED if the loader never got there.
 */
static inline enum mv_sig_reason mv_sig_reason_of(const struct mv_sig_facts *s)
{
	if (!s->check_seen)
		return MV_SIG_NOT_CHECKED;
	if (s->verify_seen) {
		switch (s->verify_result) {
		case 0:
			return MV_SIG_OK;
		case -ENOKEY:
			return MV_SIG_NO_KEY;
		case -ENOPKG:
			return MV_SIG_NO_CRYPTO;
		default:
			return MV_SIG_BAD;
		}
	}
	if (!s->signature_present)
		return MV_SIG_UNSIGNED;
	/* The kernel skips the signature of a module it is told to force. */
	if (s->ignoring)
		return MV_SIG_IGNORED;
	/* Signed, but mod_verify_sig() could not be observed. */
	if (s->verified)
		return MV_SIG_OK;
	return s->verify_probed ? MV_SIG_BAD : MV_SIG_NOT_OBSERVED;
}

/**
 * struct mv_preload - what a module-loading syscall did before load_module()
 * @init_module: init_module(2), the image from user memory; else finit_module(2)
 * @steps_probed: kernel_read_file() and the security_kernel_*() hooks are
 *	probed: a step not seen did not run
 * @read_seen: kernel_read_file() ran (finit_module: past its fd and flags)
 * @read_returned: ... and returned @read_result (bytes read, or an errno)
 * @read_result: see @read_returned
 * @load_data_seen: security_kernel_load_data() ran (init_module: the image
 *	was long enough to be an ELF header)
 * @hook: the security_kernel_*() hook that returned an error, or
 *	MV_PRELOAD_NONE
 * @lsm: the security module whose own hook returned that error, or MV_LSM_NONE
 * @decompress_seen: module_decompress() ran
 * @capable: the task's credentials hold CAP_SYS_MODULE in the initial user
 *	namespace (kmod/preload.c)
 */
struct mv_preload {
	bool init_module;
	bool steps_probed;
	bool read_seen;
	bool read_returned;
	long read_result;
	bool load_data_seen;
	unsigned char hook;
	unsigned char lsm;
	bool decompress_seen;
	bool capable;
};

/**
 * mv_decide_preload() - which check refused an attempt before load_module()
 * @p: what the syscall was seen doing
 * @err: its negative errno
 * @at: set to the step that failed (MV_PRELOAD_NONE when not known)
 *
 * The syscalls' order (kernel/module/main.c, 6.1; 6.5+ the same steps in
 * idempotent_init_module() and init_module_from_file()): may_init_module()
 * (-EPERM), finit_module's flags (-EINVAL) and fd (-EBADF), then
 * kernel_read_file() (its own errors, with security_kernel_read_file() and
 * _post_read_file() inside) and module_decompress(); init_module's image
 * length (-ENOEXEC), security_kernel_load_data(), the copy (-ENOMEM,
 * -EFAULT) and security_kernel_post_load_data().
 *
 * Return: the decider.
 */
static inline enum mv_decider mv_decide_preload(const struct mv_preload *p, int err,
						 enum mv_preload_step *at)
{
	*at = MV_PRELOAD_NONE;
	if (p->hook != MV_PRELOAD_NONE) {
		*at = p->hook;
		return MV_DECIDED_LSM;
	}
	/* After a whole read only the decompression precedes load_module(). */
	if (p->decompress_seen || (p->read_returned && p->read_result >= 0)) {
		*at = MV_PRELOAD_DECOMPRESS;
		return MV_DECIDED_FILE;
	}
	/* kernel_read_file()'s own errors are neither: a hook's, unseen. */
	if (p->read_seen) {
		*at = MV_PRELOAD_READ;
		return err == -EPERM || err == -EACCES ? MV_DECIDED_LSM : MV_DECIDED_FILE;
	}
	if (p->load_data_seen) {
		*at = MV_PRELOAD_COPY;
		return err == -EPERM || err == -EACCES ? MV_DECIDED_LSM : MV_DECIDED_FILE;
	}
	/* Nothing ran: may_init_module(), unless an unprobed step refused. */
	if (err == -EPERM && p->steps_probed) {
		*at = MV_PRELOAD_MAY_INIT_MODULE;
		return p->capable ? MV_DECIDED_MODULES_DISABLED : MV_DECIDED_CAPABILITY;
	}
	if (!p->steps_probed)
		return MV_DECIDED_UNKNOWN;
	if (p->init_module) {
		*at = MV_PRELOAD_COPY;	/* too short to be a module */
		return MV_DECIDED_FILE;
	}
	if (err == -EBADF) {
		*at = MV_PRELOAD_FD;
		return MV_DECIDED_FILE;
	}
	return MV_DECIDED_UNKNOWN;	/* finit_module's flags */
}

#endif /* _UAPI_MODVERIFY_DECIDE_H */
