/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The events of `modverify watch`: what bpf/watch.bpf.c writes into its
 * ring buffer and lib/watch_join.c joins into records.  Raw facts only,
 * each tagged with the loading task; the verdicts are made in userspace.
 * Included by the BPF program (vmlinux.h types) and by userspace
 * (<linux/types.h>): fixed-size fields only.
 */
#ifndef MODVERIFY_WATCH_EVENT_H
#define MODVERIFY_WATCH_EVENT_H

#define MVW_NAME_LEN		56	/* MODULE_NAME_LEN, modversion_info's name */
#define MVW_VERMAGIC_LEN	256	/* records cut vermagic strings at 255 bytes */
#define MVW_MODINFO_MAX		4096	/* .modinfo bytes sent */
#define MVW_VERSIONS_MAX	8192	/* __versions bytes sent: 128 entries */
#define MVW_VERSION_ENTRY	64	/* struct modversion_info on 64-bit */
#define MVW_MAX_SECTIONS	128	/* section headers the image walk reads */
#define MVW_COMM_LEN		16
#define MVW_BTF_LOG_LEN		128	/* the BTF verifier's line kept, as modverify.ko */
#define MVW_PARAMS_LEN		256	/* the parameters passed, kept (cut) as modverify.ko */
#define MVW_MAX_KPARAMS		32	/* entries of a module's kernel_param table sent */

enum mvw_kind {
	MVW_LOAD,		/* fentry load_module: struct mvw_load */
	MVW_SIG_CHECK,		/* fexit module_sig_check: ret, value = sig_ok */
	MVW_VERIFY_SIG,		/* fexit mod_verify_sig: ret */
	MVW_LAYOUT,		/* fexit check_modstruct_version: ret */
	MVW_CRC,		/* fexit check_version: ret, value = kernel CRC, s = symbol */
	MVW_MAGIC,		/* fexit same_magic: struct mvw_magic */
	MVW_FORCE,		/* fexit try_to_force_load: ret, s = reason */
	MVW_FIND_FAILED,	/* fexit find_symbol returning false: s = symbol */
	MVW_INIT,		/* fentry do_init_module: value = the module's taints */
	MVW_INIT_DONE,		/* fexit do_init_module: ret */
	MVW_DONE,		/* fexit load_module: ret, value = the kernel's taint
				 * mask (flag MVW_HAS_VALUE when read) */
	MVW_BTF,		/* fentry btf_module_notify(MODULE_STATE_COMING): value =
				 * the module's taints, flag MVW_HAS_BTF */
	MVW_BTF_LOG,		/* fexit bpf_verifier_vlog, a kernel log line: struct mvw_text */
	MVW_BTF_DONE,		/* fexit btf_module_notify: ret, the notifier's (any op
				 * for the kretprobe: only one after MVW_BTF is its) */
	MVW_PARAMS,		/* kprobe parse_args: struct mvw_params */
	MVW_PARAMS_DONE,	/* kretprobe parse_args: ret, its error or 0 */
	MVW_RELOC,		/* fexit apply_relocate_add that failed: struct mvw_reloc */
	MVW_FILE,		/* fentry idempotent_init_module (6.5+): struct mvw_call */
	MVW_FILE_DONE,		/* fexit idempotent_init_module: ret, value = the taint
				 * mask (flag MVW_HAS_VALUE when read) */
	MVW_SYSCALL,		/* fentry finit_module/init_module: struct mvw_call,
				 * ret = 1 for init_module */
	MVW_SYSCALL_DONE,	/* fexit of it: ret, value = the taint mask (flag
				 * MVW_HAS_VALUE), flag MVW_CAPABLE */
	MVW_PRELOAD,		/* fexit of a step before load_module(): struct mvw_step */
	MVW_KIND_COUNT
};

/* Flags of mvw_head.flag */
#define MVW_HAS_VALUE		0x1	/* value is known (a kernel CRC: the exporter has one) */
#define MVW_HAS_BTF		0x2	/* the module has a .BTF (btf_data_size != 0) */
#define MVW_HAS_TAINT		0x4	/* mvw_load.taint, mvw_call.taint are known */
#define MVW_CAPABLE		0x8	/* the task holds CAP_SYS_MODULE in the initial
					 * user namespace */

struct mvw_head {
	__u32 kind;
	__u32 tid;		/* the loading task: events of one attempt share it */
	__u32 tgid;
	__s32 ret;
	__u64 ns;		/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u64 value;
	__u32 flag;
	__u32 pad;
};

/* Which sections the image walk found (mvw_load.found). */
#define MVW_FOUND_MODINFO	0x1
#define MVW_FOUND_VERSIONS	0x2
#define MVW_FOUND_THIS_MODULE	0x4
#define MVW_FOUND_SIG_MARKER	0x8	/* the image ends with the signature marker */
#define MVW_IMAGE_UNREAD	0x10	/* the ELF header or section table was refused or
					 * not readable: the loader's ELF checks refuse it */

struct mvw_load {
	struct mvw_head h;	/* value = finit_module flags */
	__u64 len;		/* load_info.len at entry: the image, signature included */
	__u64 taint;		/* the kernel's taint mask at entry (flag MVW_HAS_TAINT) */
	__u64 this_module_size;	/* .gnu.linkonce.this_module sh_size */
	__u64 kernel_module_size;	/* sizeof(struct module), from BTF */
	__u32 found;
	__u32 modinfo_len;	/* bytes of modinfo[] sent */
	__u32 versions_len;	/* bytes of versions[] sent */
	__u32 versions_size;	/* the whole __versions section */
	char comm[MVW_COMM_LEN];
	char name[MVW_NAME_LEN];	/* struct module's name in this_module */
	char modinfo[MVW_MODINFO_MAX];
	char versions[MVW_VERSIONS_MAX];
};

/*
 * A call that begins an attempt: a module-loading syscall (MVW_SYSCALL,
 * value: finit_module's flags), or a finit_module() of a file (MVW_FILE,
 * 6.5+, ret: the flags, value: the file's inode, a key never shown:
 * concurrent calls on one file share one load_module(), run by the first;
 * the others wait for its result).
 */
struct mvw_call {
	struct mvw_head h;
	__u64 taint;		/* the kernel's taint mask (flag MVW_HAS_TAINT) */
	char comm[MVW_COMM_LEN];
};

/*
 * A step of a module-loading syscall before load_module() returned
 * (kmod/preload.c watches the same): kernel_read_file() (ret: bytes read
 * or an errno), a security_kernel_*() hook or a security module's own
 * hook on it (sent when it refused), module_decompress().
 */
struct mvw_step {
	struct mvw_head h;	/* ret: its return; value: the taint mask then
				 * (flag MVW_HAS_VALUE) */
	__u32 step;		/* enum mv_preload_step; MV_PRELOAD_NONE for a
				 * security module's hook */
	__u32 lsm;		/* enum mv_lsm: that security module */
};

struct mvw_str {
	struct mvw_head h;
	char s[MVW_NAME_LEN];
};

struct mvw_text {
	struct mvw_head h;
	char s[MVW_BTF_LOG_LEN];
};

/* One entry of the module's kernel_param table. */
struct mvw_kparam {
	__u64 ops;		/* its kernel_param_ops: which setter (never shown) */
	__u32 maxlen;		/* a string parameter's room (kparam_string) */
	__u8 noarg;		/* ops->flags & KERNEL_PARAM_OPS_FL_NOARG */
	__u8 hwparam;		/* flags & KERNEL_PARAM_FL_HWPARAM */
	__u16 pad;
	char name[MVW_NAME_LEN];
};

struct mvw_params {
	struct mvw_head h;	/* value = the table's entries (num) */
	char args[MVW_PARAMS_LEN];
	struct mvw_kparam p[MVW_MAX_KPARAMS];
};

/*
 * The entry apply_relocate_add() refused, found again after it failed
 * (x86-64): reason is enum mv_reloc_reason, MV_RELOC_FAILED when the
 * entry was not found (then only section is known).
 */
struct mvw_reloc {
	struct mvw_head h;	/* ret: apply_relocate_add()'s; value: the entry's r_offset */
	__u32 reason;
	__u32 type;		/* ELF64_R_TYPE */
	char section[MVW_NAME_LEN];	/* the section relocated */
	char symbol[MVW_NAME_LEN];	/* its symbol; a section symbol's section */
};

struct mvw_magic {
	struct mvw_head h;	/* ret: same_magic()'s answer, value: has_crcs */
	char module[MVW_VERMAGIC_LEN];
	char kernel[MVW_VERMAGIC_LEN];
};

#endif /* MODVERIFY_WATCH_EVENT_H */
