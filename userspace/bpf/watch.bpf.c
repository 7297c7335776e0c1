// SPDX-License-Identifier: GPL-2.0
/*
 * modverify watch, the kernel side: programs on the module loader that
 * copy raw facts into a ring buffer (lib/watch_event.h), each tagged with
 * the loading task.  No verdict is made here: userspace (lib/watch_join.c)
 * joins the events of an attempt into a record.
 *
 * Two sets of programs, one handler each: fentry/fexit (the default), and
 * kprobe/kretprobe for kernels where BPF trampolines cannot attach
 * (watch --attach).  A kretprobe does not see the arguments: the kprobe
 * of its function keeps those it needs (saved_args), per task.
 *
 * CO-RE: struct load_info, struct module and find_symbol_arg are read
 * through the running kernel's BTF, so one object serves every kernel.
 * Everything read from the module image is bounded: the image walk reads
 * at most MVW_MAX_SECTIONS section headers, and only within load_info.len.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include <modverify/record.h>

#include "watch_event.h"

char LICENSE[] SEC("license") = "GPL";

/*
 * Events lost (no room in the ring buffer; for a kretprobe, no arguments
 * kept), read by watch through the mmapped .bss.  Not a map read with
 * bpf(BPF_MAP_LOOKUP_ELEM): that syscall raises bpf_prog_active on its CPU,
 * preemptibly, and a kprobe program that fires there meanwhile is skipped,
 * uncounted before 6.7.
 */
__u64 dropped;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} events SEC(".maps");

static __always_inline void count_dropped(void)
{
	__sync_fetch_and_add(&dropped, 1);
}

/*
 * The kernel's taint mask (kernel/panic.c's tainted_mask, not in its BTF):
 * its address from /proc/kallsyms, set by watch before loading; 0 if
 * kallsyms hides it.
 */
const volatile __u64 tainted_mask_addr;

/* The taint mask into *mask; false if it cannot be read. */
static __always_inline bool read_taint(__u64 *mask)
{
	unsigned long v;

	if (!tainted_mask_addr ||
	    bpf_probe_read_kernel(&v, sizeof(v), (const void *)tainted_mask_addr))
		return false;
	*mask = v;
	return true;
}

static void *reserve(__u64 size, __u32 kind, __s32 ret, __u64 value)
{
	struct mvw_head *h = bpf_ringbuf_reserve(&events, size, 0);
	__u64 id = bpf_get_current_pid_tgid();

	if (!h) {
		count_dropped();
		return NULL;
	}
	h->kind = kind;
	h->tid = (__u32)id;
	h->tgid = id >> 32;
	h->ret = ret;
	h->ns = bpf_ktime_get_ns();
	h->value = value;
	h->flag = 0;
	h->pad = 0;
	return h;
}

/* An event with a string (a symbol, a reason) and a number. */
static int note(__u32 kind, __s32 ret, __u64 value, __u32 flag, const char *s)
{
	struct mvw_str *e = reserve(sizeof(*e), kind, ret, value);

	if (!e)
		return 0;
	e->h.flag = flag;
	e->s[0] = 0;
	if (s && bpf_probe_read_kernel_str(e->s, sizeof(e->s), s) < 0)
		e->s[0] = 0;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/*
 * The ELF64 headers, spelt out: the BTF of every kernel does not name them
 * (6.1's does as Elf64_Ehdr, later ones may not).
 */
struct elf_ehdr {
	unsigned char e_ident[16];
	__u16 e_type, e_machine;
	__u32 e_version;
	__u64 e_entry, e_phoff, e_shoff;
	__u32 e_flags;
	__u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf_shdr {
	__u32 sh_name, sh_type;
	__u64 sh_flags, sh_addr, sh_offset, sh_size;
	__u32 sh_link, sh_info;
	__u64 sh_addralign, sh_entsize;
};

/* The kernel's own e_machine (ELF_ARCH), which the loader requires. */
#if defined(__TARGET_ARCH_x86)
#define ELF_ARCH	62	/* EM_X86_64 */
#elif defined(__TARGET_ARCH_arm64)
#define ELF_ARCH	183	/* EM_AARCH64 */
#endif
#define SHT_NOBITS	8

/* include/linux/module_signature.h MODULE_SIG_STRING, with its newline */
#define SIG_MARKER "~Module signature appended~\n"

static bool name_is(const char *name, const char *want, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (name[i] != want[i])
			return false;
	return true;
}

/* Copy [off, off + size) of the image, at most max bytes; the count copied. */
static __u32 copy_section(void *dst, __u32 max, const char *hdr, __u64 len,
			  __u64 off, __u64 size)
{
	__u64 n = size;

	if (off > len || size > len - off)
		return 0;
	if (n > max)
		n = max;
	barrier_var(n);
	if (n > max)
		return 0;
	if (bpf_probe_read_kernel(dst, n, hdr + off))
		return 0;
	return n;
}

/*
 * The module image as the loader got it: .modinfo and __versions (bounded
 * copies), the module's name and the size of its struct module, whether
 * it ends with a signature.  The loader has not validated it yet: every
 * offset is checked against len, and a read that faults just stops.  An
 * image whose headers modverify.ko's parse refuses (kmod/image.c,
 * parse_headers(): the kernel's ELF checks refuse it too) is not read.
 */
static void walk_image(struct mvw_load *e, const char *hdr, __u64 len)
{
	char tail[sizeof(SIG_MARKER) - 1], last = 1;
	struct elf_ehdr eh;
	struct elf_shdr sh, strsh;
	__u64 stroff, strsize;
	int i;

	if (len >= sizeof(tail) &&
	    !bpf_probe_read_kernel(tail, sizeof(tail), hdr + len - sizeof(tail)) &&
	    name_is(tail, SIG_MARKER, sizeof(tail)))
		e->found |= MVW_FOUND_SIG_MARKER;
	if (len < sizeof(eh) || bpf_probe_read_kernel(&eh, sizeof(eh), hdr) ||
	    !name_is((const char *)eh.e_ident, "\177ELF", 4) || eh.e_machine != ELF_ARCH ||
	    eh.e_shentsize != sizeof(sh) || !eh.e_shnum || eh.e_shoff > len ||
	    (__u64)eh.e_shnum * sizeof(sh) > len - eh.e_shoff ||
	    !eh.e_shstrndx || eh.e_shstrndx >= eh.e_shnum ||
	    bpf_probe_read_kernel(&strsh, sizeof(strsh),
				  hdr + eh.e_shoff + eh.e_shstrndx * sizeof(sh))) {
		e->found |= MVW_IMAGE_UNREAD;
		return;
	}
	stroff = strsh.sh_offset;
	strsize = strsh.sh_size;
	if (strsh.sh_type == SHT_NOBITS || !strsize || stroff > len || strsize > len - stroff ||
	    bpf_probe_read_kernel(&last, 1, hdr + stroff + strsize - 1) || last) {
		e->found |= MVW_IMAGE_UNREAD;
		return;
	}
	for (i = 1; i < MVW_MAX_SECTIONS && i < eh.e_shnum; i++) {
		char name[32];

		if (bpf_probe_read_kernel(&sh, sizeof(sh), hdr + eh.e_shoff + i * sizeof(sh)))
			break;
		if (sh.sh_name >= strsize ||
		    bpf_probe_read_kernel_str(name, sizeof(name), hdr + stroff + sh.sh_name) < 0)
			continue;
		if (name_is(name, ".modinfo", sizeof(".modinfo"))) {
			e->found |= MVW_FOUND_MODINFO;
			e->modinfo_len = copy_section(e->modinfo, sizeof(e->modinfo), hdr, len,
						      sh.sh_offset, sh.sh_size);
		} else if (name_is(name, "__versions", sizeof("__versions"))) {
			e->found |= MVW_FOUND_VERSIONS;
			e->versions_size = sh.sh_size;
			e->versions_len = copy_section(e->versions, sizeof(e->versions), hdr,
						       len, sh.sh_offset, sh.sh_size);
		} else if (name_is(name, ".gnu.linkonce.this_module",
				   sizeof(".gnu.linkonce.this_module"))) {
			__u64 off = bpf_core_field_offset(struct module, name);

			e->found |= MVW_FOUND_THIS_MODULE;
			e->this_module_size = sh.sh_size;
			if (sh.sh_offset <= len && sh.sh_size <= len - sh.sh_offset &&
			    off + sizeof(e->name) <= sh.sh_size &&
			    bpf_probe_read_kernel_str(e->name, sizeof(e->name),
						      hdr + sh.sh_offset + off) < 0)
				e->name[0] = 0;
		}
	}
}

/* The handlers, one per event, shared by both sets of programs. */

static __always_inline int on_load(struct load_info *info, int flags)
{
	struct mvw_load *e = reserve(sizeof(*e), MVW_LOAD, 0, (__u32)flags);

	if (!e)
		return 0;
	e->len = BPF_CORE_READ(info, len);
	e->taint = 0;
	if (read_taint(&e->taint))
		e->h.flag |= MVW_HAS_TAINT;
	e->this_module_size = 0;
	e->kernel_module_size = bpf_core_type_size(struct module);
	e->found = 0;
	e->modinfo_len = 0;
	e->versions_len = 0;
	e->versions_size = 0;
	e->name[0] = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	walk_image(e, (const char *)BPF_CORE_READ(info, hdr), e->len);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* load_module() or idempotent_init_module() returned: the taint mask then. */
static __always_inline int on_done(__u32 kind, int ret)
{
	__u64 taint = 0;
	bool known = read_taint(&taint);

	return note(kind, ret, taint, known ? MVW_HAS_VALUE : 0, NULL);
}

/* A call that begins an attempt: struct mvw_call. */
static __always_inline int on_call(__u32 kind, int ret, __u64 value)
{
	struct mvw_call *e = reserve(sizeof(*e), kind, ret, value);

	if (!e)
		return 0;
	e->taint = 0;
	if (read_taint(&e->taint))
		e->h.flag |= MVW_HAS_TAINT;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* A finit_module() of file f (idempotent_init_module(), 6.5+). */
static __always_inline int on_file(struct file *f, int flags)
{
	return on_call(MVW_FILE, flags, (__u64)BPF_CORE_READ(f, f_inode));
}

/*
 * The initial user namespace (init_user_ns, whose address its BTF does not
 * give): from /proc/kallsyms, as tainted_mask_addr; 0 if hidden.
 */
const volatile __u64 init_user_ns_addr;

/* include/uapi/linux/capability.h */
#define CAP_SYS_MODULE	16

/*
 * The task holds CAP_SYS_MODULE in the initial user namespace (what
 * may_init_module() asks): a refusal there with it was modules_disabled's.
 * cap_effective's low word holds the bit, whatever its layout (6.1: two
 * u32, 6.3+: one u64).
 */
static __always_inline bool sys_module_capable(void)
{
	const struct cred *c = BPF_CORE_READ(bpf_get_current_task_btf(), cred);
	__u32 caps = 0;

	if (!init_user_ns_addr || (__u64)BPF_CORE_READ(c, user_ns) != init_user_ns_addr ||
	    bpf_core_read(&caps, sizeof(caps), &c->cap_effective))
		return false;
	return caps & (1U << CAP_SYS_MODULE);
}

/* A module-loading syscall returned. */
static __always_inline int on_syscall_done(long ret)
{
	__u64 taint = 0;
	__u32 flag = read_taint(&taint) ? MVW_HAS_VALUE : 0;

	if (ret < 0 && sys_module_capable())
		flag |= MVW_CAPABLE;
	return note(MVW_SYSCALL_DONE, ret, taint, flag, NULL);
}

/*
 * A step before load_module() returned ret: struct mvw_step.  A hook
 * (step or security module) is sent only when it refused.
 */
static __always_inline int on_step(__u32 step, __u32 lsm, long ret, bool always)
{
	struct mvw_step *e;
	__u64 taint = 0;

	if (!ret && !always)
		return 0;
	e = reserve(sizeof(*e), MVW_PRELOAD, ret, 0);
	if (!e)
		return 0;
	if (read_taint(&taint)) {
		e->h.value = taint;
		e->h.flag = MVW_HAS_VALUE;
	}
	e->step = step;
	e->lsm = lsm;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

static __always_inline int on_sig_check(struct load_info *info, int ret)
{
	return note(MVW_SIG_CHECK, ret, BPF_CORE_READ(info, sig_ok), 0, NULL);
}

static __always_inline int on_crc(const char *symname, const s32 *crc, int ret)
{
	s32 kcrc = 0;

	if (crc && bpf_probe_read_kernel(&kcrc, sizeof(kcrc), crc))
		crc = NULL;
	return note(MVW_CRC, ret, (__u32)kcrc, crc ? MVW_HAS_VALUE : 0, symname);
}

static __always_inline int on_magic(const char *amagic, const char *bmagic,
				    unsigned char has_crcs, unsigned char ret)
{
	struct mvw_magic *e = reserve(sizeof(*e), MVW_MAGIC, ret, has_crcs);

	if (!e)
		return 0;
	if (bpf_probe_read_kernel_str(e->module, sizeof(e->module), amagic) < 0)
		e->module[0] = 0;
	if (bpf_probe_read_kernel_str(e->kernel, sizeof(e->kernel), bmagic) < 0)
		e->kernel[0] = 0;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

static __always_inline int on_find(struct find_symbol_arg *fsa, unsigned char ret)
{
	if (ret)
		return 0;
	return note(MVW_FIND_FAILED, 0, 0, 0, BPF_CORE_READ(fsa, name));
}

static __always_inline int on_init(struct module *mod)
{
	return note(MVW_INIT, 0, BPF_CORE_READ(mod, taints), 0, NULL);
}

/*
 * The module's BTF, validated at MODULE_STATE_COMING (its taints are final
 * there: a BTF refusal comes after them).  btf_data_size exists only with
 * CONFIG_DEBUG_INFO_BTF_MODULES, where btf_module_notify() does.
 */
static __always_inline int on_btf(unsigned long op, struct module *mod)
{
	__u32 flag = 0;

	if (op != bpf_core_enum_value(enum module_state, MODULE_STATE_COMING))
		return 0;
	if (bpf_core_field_exists(mod->btf_data_size) && BPF_CORE_READ(mod, btf_data_size))
		flag = MVW_HAS_BTF;
	return note(MVW_BTF, 0, BPF_CORE_READ(mod, taints), flag, NULL);
}

/*
 * A line of the BTF verifier, formatted in log->kbuf.  Only the kernel's
 * own parses (no user buffer: a module's or vmlinux's BTF) are sent, not
 * the log of a BPF program a user loads.
 */
static __always_inline int on_vlog(struct bpf_verifier_log *log)
{
	struct mvw_text *e;

	if (BPF_CORE_READ(log, ubuf))
		return 0;
	e = reserve(sizeof(*e), MVW_BTF_LOG, 0, 0);
	if (!e)
		return 0;
	if (bpf_probe_read_kernel_str(e->s, sizeof(e->s), log->kbuf) < 0)
		e->s[0] = 0;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* include/linux/moduleparam.h */
#define KERNEL_PARAM_OPS_FL_NOARG	0x1
#define KERNEL_PARAM_FL_HWPARAM		0x2

/*
 * parse_args(doing, args, params, num, ...): the parameters before it
 * splits them in place, and the first MVW_MAX_KPARAMS entries of the
 * module's table: name, ops (userspace tells the standard setters by
 * their address), the flags the rules need, a string's room.
 */
static __always_inline int on_params(const char *args, const struct kernel_param *params,
				     unsigned int num)
{
	__u64 size = bpf_core_type_size(struct kernel_param);
	struct mvw_params *e = reserve(sizeof(*e), MVW_PARAMS, 0, num);
	unsigned int i;

	if (!e)
		return 0;
	if (bpf_probe_read_kernel_str(e->args, sizeof(e->args), args) < 0)
		e->args[0] = 0;
	for (i = 0; i < MVW_MAX_KPARAMS; i++) {
		const struct kernel_param *kp = (const void *)params + i * size;
		struct mvw_kparam *p = &e->p[i];

		p->ops = 0;
		p->maxlen = 0;
		p->noarg = p->hwparam = 0;
		p->pad = 0;
		p->name[0] = 0;
		if (i >= num)
			continue;
		p->ops = (__u64)BPF_CORE_READ(kp, ops);
		p->noarg = !!(BPF_CORE_READ(kp, ops, flags) & KERNEL_PARAM_OPS_FL_NOARG);
		p->hwparam = !!(BPF_CORE_READ(kp, flags) & KERNEL_PARAM_FL_HWPARAM);
		/* meaningful for a string only: for another, a harmless read */
		p->maxlen = BPF_CORE_READ(kp, str, maxlen);
		if (bpf_probe_read_kernel_str(p->name, sizeof(p->name), BPF_CORE_READ(kp, name)) < 0)
			p->name[0] = 0;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/*
 * apply_relocate_add(sechdrs, strtab, symindex, relsec, me) failed: which
 * entry it refused, found again as modverify.ko finds it (kmod/reloc.c).
 * It applies a section's entries in order and stops at the first it
 * cannot apply (arch/x86/kernel/module.c); those before it have been
 * written, so it is the first whose place does not hold what the kernel
 * writes there.  The loader has validated the ELF by then; every read is
 * still a probe read, and the scan is bounded (RELOC_MAX_ENTRIES, as the
 * module's).  x86-64's rules only: elsewhere only the section is sent.
 */
#define RELOC_MAX_ENTRIES	(1U << 20)
#define STT_SECTION		3

struct elf_rela {
	__u64 r_offset, r_info;
	__s64 r_addend;
};

struct elf_sym {
	__u32 st_name;
	unsigned char st_info, st_other;
	__u16 st_shndx;
	__u64 st_value, st_size;
};

struct reloc_scan {
	const struct elf_rela *rela;
	const struct elf_sym *syms;
	__u64 base;		/* the relocated section's address */
	__u32 reason;		/* enum mv_reloc_reason: NONE until an entry is refused */
	__u32 type;
	__u64 offset;
	struct elf_sym sym;	/* the refused entry's symbol */
};

#if defined(__TARGET_ARCH_x86)
/* What the kernel writes for r (*val in *size bytes, 0: nothing), or why not. */
static __always_inline __u32 x86_64_value(const struct elf_rela *r, __u64 sym_value, __u64 loc,
					  __u64 *val, __u32 *size)
{
	*val = sym_value + r->r_addend;
	*size = 4;
	switch ((__u32)r->r_info) {
	case 0:		/* R_X86_64_NONE */
		*size = 0;
		break;
	case 1:		/* R_X86_64_64 */
		*size = 8;
		break;
	case 10:	/* R_X86_64_32 */
		if (*val != (__u32)*val)
			return MV_RELOC_OVERFLOW;
		break;
	case 11:	/* R_X86_64_32S */
		if ((__s64)*val != (__s32)*val)
			return MV_RELOC_OVERFLOW;
		break;
	case 2:		/* R_X86_64_PC32 */
	case 4:		/* R_X86_64_PLT32 */
		*val -= loc;
		break;
	case 24:	/* R_X86_64_PC64 */
		*val -= loc;
		*size = 8;
		break;
	default:
		return MV_RELOC_UNKNOWN_TYPE;
	}
	return MV_RELOC_NONE;
}

/* bpf_loop() callback: entry i refused?  1 stops the scan. */
static long scan_entry(__u64 i, void *ctx)
{
	struct reloc_scan *c = ctx;
	struct elf_rela r;
	__u64 val, loc;
	__u32 size, why, cur32;
	__u64 cur64;

	if (bpf_probe_read_kernel(&r, sizeof(r), &c->rela[i]) ||
	    bpf_probe_read_kernel(&c->sym, sizeof(c->sym), &c->syms[r.r_info >> 32])) {
		c->reason = MV_RELOC_FAILED;
		return 1;
	}
	loc = c->base + r.r_offset;
	why = x86_64_value(&r, c->sym.st_value, loc, &val, &size);
	if (why == MV_RELOC_NONE && size == 8) {
		if (bpf_probe_read_kernel(&cur64, sizeof(cur64), (const void *)loc))
			why = MV_RELOC_FAILED;
		else if (cur64 != val)
			why = MV_RELOC_TARGET_NONZERO;
	} else if (why == MV_RELOC_NONE && size == 4) {
		if (bpf_probe_read_kernel(&cur32, sizeof(cur32), (const void *)loc))
			why = MV_RELOC_FAILED;
		else if (cur32 != (__u32)val)
			why = MV_RELOC_TARGET_NONZERO;
	}
	if (why == MV_RELOC_NONE)
		return 0;
	c->reason = why;
	c->type = (__u32)r.r_info;
	c->offset = r.r_offset;
	return 1;
}
#endif

/* The name of section idx: from the image's section name table. */
static __always_inline void section_name(char *dst, __u32 size, const char *hdr,
					 const struct elf_shdr *sechdrs, const struct elf_shdr *names,
					 __u32 idx)
{
	struct elf_shdr sh;

	dst[0] = 0;
	if (bpf_probe_read_kernel(&sh, sizeof(sh), &sechdrs[idx]) || sh.sh_name >= names->sh_size ||
	    bpf_probe_read_kernel_str(dst, size, hdr + names->sh_offset + sh.sh_name) < 0)
		dst[0] = 0;
}

/*
 * The section headers' name table and the image they are in, from
 * apply_relocate_add()'s arguments: the symbol names are at their
 * section's offset in the image (load_info.strtab), the section headers
 * at e_shoff.  False if they do not agree.
 */
static __always_inline bool find_image(const struct elf_shdr *sechdrs, const char *strtab,
				       const struct elf_shdr *ss, const char **hdr,
				       struct elf_shdr *names)
{
	struct elf_shdr strs;
	struct elf_ehdr eh;

	if (bpf_probe_read_kernel(&strs, sizeof(strs), &sechdrs[ss->sh_link]))
		return false;
	*hdr = strtab - strs.sh_offset;
	return !bpf_probe_read_kernel(&eh, sizeof(eh), *hdr) &&
	       *hdr + eh.e_shoff == (const char *)sechdrs &&
	       !bpf_probe_read_kernel(names, sizeof(*names), &sechdrs[eh.e_shstrndx]);
}

static __always_inline int on_reloc(const struct elf_shdr *sechdrs, const char *strtab,
				    __u32 symindex, __u32 relsec, int ret)
{
	struct reloc_scan c = { .reason = MV_RELOC_FAILED };
	struct elf_shdr rs, ss, names;
	const char *hdr = NULL;
	struct mvw_reloc *e;
	bool image;

	if (!ret)
		return 0;
	image = !bpf_probe_read_kernel(&rs, sizeof(rs), &sechdrs[relsec]) &&
		!bpf_probe_read_kernel(&ss, sizeof(ss), &sechdrs[symindex]) &&
		find_image(sechdrs, strtab, &ss, &hdr, &names);
#if defined(__TARGET_ARCH_x86)
	/* The scan first, bounded, before the event's room is taken. */
	if (image) {
		struct elf_shdr ts;
		__u64 n = rs.sh_size / sizeof(struct elf_rela);

		if (!bpf_probe_read_kernel(&ts, sizeof(ts), &sechdrs[rs.sh_info])) {
			c.rela = (const struct elf_rela *)rs.sh_addr;
			c.syms = (const struct elf_sym *)ss.sh_addr;
			c.base = ts.sh_addr;
			c.reason = MV_RELOC_NONE;
			bpf_loop(n < RELOC_MAX_ENTRIES ? n : RELOC_MAX_ENTRIES, scan_entry, &c, 0);
			if (c.reason == MV_RELOC_NONE)
				c.reason = MV_RELOC_FAILED;
		}
	}
#endif
	e = reserve(sizeof(*e), MVW_RELOC, ret, 0);
	if (!e)
		return 0;
	e->reason = c.reason;
	e->type = 0;
	e->section[0] = e->symbol[0] = 0;
	if (image)
		section_name(e->section, sizeof(e->section), hdr, sechdrs, &names, rs.sh_info);
	if (image && c.reason != MV_RELOC_FAILED) {
		e->type = c.type;
		e->h.value = c.offset;
		if ((c.sym.st_info & 0xf) == STT_SECTION)
			section_name(e->symbol, sizeof(e->symbol), hdr, sechdrs, &names,
				     c.sym.st_shndx);
		else if (bpf_probe_read_kernel_str(e->symbol, sizeof(e->symbol),
						   strtab + c.sym.st_name) < 0)
			e->symbol[0] = 0;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* fentry/fexit: the arguments and the return value from the trampoline. */

SEC("fentry/load_module")
int BPF_PROG(load_entry, struct load_info *info, const char *uargs, int flags)
{
	return on_load(info, flags);
}

SEC("fexit/load_module")
int BPF_PROG(load_exit, struct load_info *info, const char *uargs, int flags, int ret)
{
	return on_done(MVW_DONE, ret);
}

SEC("fentry/idempotent_init_module")
int BPF_PROG(file_entry, struct file *f, const char *uargs, int flags)
{
	return on_file(f, flags);
}

SEC("fexit/idempotent_init_module")
int BPF_PROG(file_exit, struct file *f, const char *uargs, int flags, int ret)
{
	return on_done(MVW_FILE_DONE, ret);
}

SEC("fexit/module_sig_check")
int BPF_PROG(sig_check_exit, struct load_info *info, int flags, int ret)
{
	return on_sig_check(info, ret);
}

SEC("fexit/mod_verify_sig")
int BPF_PROG(verify_sig_exit, const void *mod, struct load_info *info, int ret)
{
	return note(MVW_VERIFY_SIG, ret, 0, 0, NULL);
}

SEC("fexit/check_modstruct_version")
int BPF_PROG(layout_exit, const struct load_info *info, struct module *mod, int ret)
{
	return note(MVW_LAYOUT, ret, 0, 0, NULL);
}

SEC("fexit/check_version")
int BPF_PROG(crc_exit, const struct load_info *info, const char *symname,
	     struct module *mod, const s32 *crc, int ret)
{
	return on_crc(symname, crc, ret);
}

/* bool arguments and results as unsigned char: only the low byte is set. */
SEC("fexit/same_magic")
int BPF_PROG(magic_exit, const char *amagic, const char *bmagic, unsigned char has_crcs,
	     unsigned char ret)
{
	return on_magic(amagic, bmagic, has_crcs, ret);
}

SEC("fexit/try_to_force_load")
int BPF_PROG(force_exit, struct module *mod, const char *reason, int ret)
{
	return note(MVW_FORCE, ret, 0, 0, reason);
}

SEC("fexit/find_symbol")
int BPF_PROG(find_exit, struct find_symbol_arg *fsa, unsigned char ret)
{
	return on_find(fsa, ret);
}

SEC("fexit/apply_relocate_add")
int BPF_PROG(reloc_exit, const struct elf_shdr *sechdrs, const char *strtab,
	     unsigned int symindex, unsigned int relsec, struct module *me, int ret)
{
	return on_reloc(sechdrs, strtab, symindex, relsec, ret);
}

SEC("fentry/do_init_module")
int BPF_PROG(init_entry, struct module *mod)
{
	return on_init(mod);
}

SEC("fexit/do_init_module")
int BPF_PROG(init_exit, struct module *mod, int ret)
{
	return note(MVW_INIT_DONE, ret, 0, 0, NULL);
}

SEC("fentry/btf_module_notify")
int BPF_PROG(btf_entry, struct notifier_block *nb, unsigned long op, void *module)
{
	return on_btf(op, module);
}

SEC("fexit/btf_module_notify")
int BPF_PROG(btf_exit, struct notifier_block *nb, unsigned long op, void *module, int ret)
{
	if (op != bpf_core_enum_value(enum module_state, MODULE_STATE_COMING))
		return 0;
	return note(MVW_BTF_DONE, ret, 0, 0, NULL);
}

/*
 * The steps of the module-loading syscalls before load_module(), as
 * kmod/preload.c watches them; the syscalls' x86-64 entry points.  Their
 * return value is taken with bpf_get_func_ret() (5.17+): it does not
 * depend on each function's arguments, which differ between kernels.
 */
#if defined(__TARGET_ARCH_x86)
SEC("fentry/__x64_sys_finit_module")
int BPF_PROG(sys_finit_entry, const struct pt_regs *regs)
{
	return on_call(MVW_SYSCALL, 0, (__u32)BPF_CORE_READ(regs, dx));
}

SEC("fexit/__x64_sys_finit_module")
int BPF_PROG(sys_finit_exit, const struct pt_regs *regs, long ret)
{
	return on_syscall_done(ret);
}

SEC("fentry/__x64_sys_init_module")
int BPF_PROG(sys_init_entry, const struct pt_regs *regs)
{
	return on_call(MVW_SYSCALL, 1, 0);
}

SEC("fexit/__x64_sys_init_module")
int BPF_PROG(sys_init_exit, const struct pt_regs *regs, long ret)
{
	return on_syscall_done(ret);
}
#endif

/* A step's fexit (fentry set) and kretprobe (kprobe set). */
#define STEP_PROGS(name, func, step, lsm, always)				\
SEC("fexit/" #func)								\
int name(void *ctx)								\
{										\
	__u64 ret = 0;								\
										\
	bpf_get_func_ret(ctx, &ret);						\
	return on_step(step, lsm, (long)ret, always);				\
}										\
										\
SEC("kretprobe/" #func)								\
int kp_##name(struct pt_regs *ctx)						\
{										\
	return on_step(step, lsm, (long)PT_REGS_RC(ctx), always);		\
}

STEP_PROGS(pre_read, kernel_read_file, MV_PRELOAD_READ, MV_LSM_NONE, true)
STEP_PROGS(pre_read_hook, security_kernel_read_file, MV_PRELOAD_READ_HOOK, MV_LSM_NONE, false)
STEP_PROGS(pre_post_read_hook, security_kernel_post_read_file, MV_PRELOAD_POST_READ_HOOK,
	   MV_LSM_NONE, false)
STEP_PROGS(pre_load_hook, security_kernel_load_data, MV_PRELOAD_LOAD_HOOK, MV_LSM_NONE, true)
STEP_PROGS(pre_post_load_hook, security_kernel_post_load_data, MV_PRELOAD_POST_LOAD_HOOK,
	   MV_LSM_NONE, false)
STEP_PROGS(pre_decompress, module_decompress, MV_PRELOAD_DECOMPRESS, MV_LSM_NONE, true)
STEP_PROGS(pre_ima_read, ima_read_file, MV_PRELOAD_NONE, MV_LSM_IMA, false)
STEP_PROGS(pre_ima_post_read, ima_post_read_file, MV_PRELOAD_NONE, MV_LSM_IMA, false)
STEP_PROGS(pre_ima_load, ima_load_data, MV_PRELOAD_NONE, MV_LSM_IMA, false)
STEP_PROGS(pre_ima_post_load, ima_post_load_data, MV_PRELOAD_NONE, MV_LSM_IMA, false)
STEP_PROGS(pre_selinux_read, selinux_kernel_read_file, MV_PRELOAD_NONE, MV_LSM_SELINUX, false)
STEP_PROGS(pre_selinux_load, selinux_kernel_load_data, MV_PRELOAD_NONE, MV_LSM_SELINUX, false)
STEP_PROGS(pre_loadpin_read, loadpin_read_file, MV_PRELOAD_NONE, MV_LSM_LOADPIN, false)
STEP_PROGS(pre_loadpin_load, loadpin_load_data, MV_PRELOAD_NONE, MV_LSM_LOADPIN, false)
STEP_PROGS(pre_ipe_read, ipe_kernel_read_file, MV_PRELOAD_NONE, MV_LSM_IPE, false)
STEP_PROGS(pre_ipe_load, ipe_kernel_load_data, MV_PRELOAD_NONE, MV_LSM_IPE, false)

SEC("fexit/bpf_verifier_vlog")
int BPF_PROG(vlog_exit, struct bpf_verifier_log *log)
{
	return on_vlog(log);
}

/*
 * kprobe/kretprobe: the arguments from the registers (pt_regs), the
 * return value from rax at the return.  The arguments an exit handler
 * needs are kept at the entry, under the task and the event's kind (the
 * functions watched do not recurse), and taken back at the return.
 */
struct saved_args {
	__u64 a[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, struct saved_args);
} saved_args SEC(".maps");

static __always_inline __u64 args_key(__u32 kind)
{
	return (__u64)kind << 32 | (__u32)bpf_get_current_pid_tgid();
}

static __always_inline int save_args(__u32 kind, __u64 a0, __u64 a1, __u64 a2)
{
	struct saved_args s = { { a0, a1, a2 } };
	__u64 key = args_key(kind);

	if (bpf_map_update_elem(&saved_args, &key, &s, BPF_ANY))
		count_dropped();
	return 0;
}

/*
 * The arguments kept at kind's entry, into *s; false if none, counted
 * unless the entry keeps only some (optional).
 */
static __always_inline bool take_args(__u32 kind, struct saved_args *s, bool optional)
{
	__u64 key = args_key(kind);
	struct saved_args *v = bpf_map_lookup_elem(&saved_args, &key);

	if (!v) {
		if (!optional)
			count_dropped();
		return false;
	}
	*s = *v;
	bpf_map_delete_elem(&saved_args, &key);
	return true;
}

SEC("kprobe/load_module")
int BPF_KPROBE(kp_load_entry, struct load_info *info, const char *uargs, int flags)
{
	return on_load(info, flags);
}

SEC("kretprobe/load_module")
int BPF_KRETPROBE(kp_load_exit, int ret)
{
	return on_done(MVW_DONE, ret);
}

#if defined(__TARGET_ARCH_x86)
/* The syscall wrappers' argument is the user's registers. */
SEC("kprobe/__x64_sys_finit_module")
int BPF_KPROBE(kp_sys_finit_entry, const struct pt_regs *regs)
{
	return on_call(MVW_SYSCALL, 0, (__u32)BPF_CORE_READ(regs, dx));
}

SEC("kretprobe/__x64_sys_finit_module")
int BPF_KRETPROBE(kp_sys_finit_exit, long ret)
{
	return on_syscall_done(ret);
}

SEC("kprobe/__x64_sys_init_module")
int BPF_KPROBE(kp_sys_init_entry, const struct pt_regs *regs)
{
	return on_call(MVW_SYSCALL, 1, 0);
}

SEC("kretprobe/__x64_sys_init_module")
int BPF_KRETPROBE(kp_sys_init_exit, long ret)
{
	return on_syscall_done(ret);
}
#endif

SEC("kprobe/idempotent_init_module")
int BPF_KPROBE(kp_file_entry, struct file *f, const char *uargs, int flags)
{
	return on_file(f, flags);
}

SEC("kretprobe/idempotent_init_module")
int BPF_KRETPROBE(kp_file_exit, int ret)
{
	return on_done(MVW_FILE_DONE, ret);
}

SEC("kprobe/module_sig_check")
int BPF_KPROBE(kp_sig_check_args, struct load_info *info)
{
	return save_args(MVW_SIG_CHECK, (__u64)info, 0, 0);
}

SEC("kretprobe/module_sig_check")
int BPF_KRETPROBE(kp_sig_check_exit, int ret)
{
	struct saved_args s;

	return take_args(MVW_SIG_CHECK, &s, false) ? on_sig_check((struct load_info *)s.a[0], ret) : 0;
}

SEC("kretprobe/mod_verify_sig")
int BPF_KRETPROBE(kp_verify_sig_exit, int ret)
{
	return note(MVW_VERIFY_SIG, ret, 0, 0, NULL);
}

SEC("kretprobe/check_modstruct_version")
int BPF_KRETPROBE(kp_layout_exit, int ret)
{
	return note(MVW_LAYOUT, ret, 0, 0, NULL);
}

SEC("kprobe/check_version")
int BPF_KPROBE(kp_crc_args, const struct load_info *info, const char *symname,
	       struct module *mod, const s32 *crc)
{
	return save_args(MVW_CRC, (__u64)symname, (__u64)crc, 0);
}

SEC("kretprobe/check_version")
int BPF_KRETPROBE(kp_crc_exit, int ret)
{
	struct saved_args s;

	return take_args(MVW_CRC, &s, false) ?
	       on_crc((const char *)s.a[0], (const s32 *)s.a[1], ret) : 0;
}

SEC("kprobe/same_magic")
int BPF_KPROBE(kp_magic_args, const char *amagic, const char *bmagic, unsigned char has_crcs)
{
	return save_args(MVW_MAGIC, (__u64)amagic, (__u64)bmagic, has_crcs);
}

SEC("kretprobe/same_magic")
int BPF_KRETPROBE(kp_magic_exit, unsigned char ret)
{
	struct saved_args s;

	return take_args(MVW_MAGIC, &s, false) ?
	       on_magic((const char *)s.a[0], (const char *)s.a[1], s.a[2], ret) : 0;
}

SEC("kprobe/try_to_force_load")
int BPF_KPROBE(kp_force_args, struct module *mod, const char *reason)
{
	return save_args(MVW_FORCE, (__u64)reason, 0, 0);
}

SEC("kretprobe/try_to_force_load")
int BPF_KRETPROBE(kp_force_exit, int ret)
{
	struct saved_args s;

	return take_args(MVW_FORCE, &s, false) ? note(MVW_FORCE, ret, 0, 0, (const char *)s.a[0]) : 0;
}

SEC("kprobe/find_symbol")
int BPF_KPROBE(kp_find_args, struct find_symbol_arg *fsa)
{
	return save_args(MVW_FIND_FAILED, (__u64)fsa, 0, 0);
}

SEC("kretprobe/find_symbol")
int BPF_KRETPROBE(kp_find_exit, unsigned char ret)
{
	struct saved_args s;

	return take_args(MVW_FIND_FAILED, &s, false) ? on_find((struct find_symbol_arg *)s.a[0], ret) : 0;
}

/* Once per relocation section: the arguments, for the rare failure. */
SEC("kprobe/apply_relocate_add")
int BPF_KPROBE(kp_reloc_args, const struct elf_shdr *sechdrs, const char *strtab,
	       unsigned int symindex, unsigned int relsec)
{
	return save_args(MVW_RELOC, (__u64)sechdrs, (__u64)strtab, (__u64)symindex << 32 | relsec);
}

SEC("kretprobe/apply_relocate_add")
int BPF_KRETPROBE(kp_reloc_exit, int ret)
{
	struct saved_args s;

	if (!take_args(MVW_RELOC, &s, false))
		return 0;
	return on_reloc((const struct elf_shdr *)s.a[0], (const char *)s.a[1], s.a[2] >> 32,
			(__u32)s.a[2], ret);
}

SEC("kprobe/do_init_module")
int BPF_KPROBE(kp_init_entry, struct module *mod)
{
	return on_init(mod);
}

SEC("kretprobe/do_init_module")
int BPF_KRETPROBE(kp_init_exit, int ret)
{
	return note(MVW_INIT_DONE, ret, 0, 0, NULL);
}

SEC("kprobe/btf_module_notify")
int BPF_KPROBE(kp_btf_entry, struct notifier_block *nb, unsigned long op, struct module *mod)
{
	return on_btf(op, mod);
}

/* Every op's return: watch takes the one that follows an MVW_BTF. */
SEC("kretprobe/btf_module_notify")
int BPF_KRETPROBE(kp_btf_exit, int ret)
{
	return note(MVW_BTF_DONE, ret, 0, 0, NULL);
}

/* Kept for the kernel's own parses only: see on_vlog(). */
SEC("kprobe/bpf_verifier_vlog")
int BPF_KPROBE(kp_vlog_args, struct bpf_verifier_log *log)
{
	if (BPF_CORE_READ(log, ubuf))
		return 0;
	return save_args(MVW_BTF_LOG, (__u64)log, 0, 0);
}

SEC("kretprobe/bpf_verifier_vlog")
int BPF_KRETPROBE(kp_vlog_exit)
{
	struct saved_args s;

	return take_args(MVW_BTF_LOG, &s, true) ? on_vlog((struct bpf_verifier_log *)s.a[0]) : 0;
}

/*
 * parse_args() has eight arguments, more than a BPF trampoline takes on
 * kernels before 6.6: kprobes in both sets.
 */
SEC("kprobe/parse_args")
int BPF_KPROBE(kp_params_entry, const char *doing, char *args,
	       const struct kernel_param *params, unsigned int num)
{
	return on_params(args, params, num);
}

/* Its error as an ERR_PTR(), or where the parameters after "--" begin. */
SEC("kretprobe/parse_args")
int BPF_KRETPROBE(kp_params_exit, long ret)
{
	return note(MVW_PARAMS_DONE, ret < 0 && ret >= -4095 ? (__s32)ret : 0, 0, 0, NULL);
}
