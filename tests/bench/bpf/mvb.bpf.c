// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's BPF rival: fentry/fexit programs on the module loader
 * that collect the facts modverify records for the CRC and vermagic
 * verdicts (each check_version() symbol with the kernel's CRC, both
 * vermagic strings and same_magic()'s answer, try_to_force_load()'s reason
 * and answer, the module's name, load_module()'s flags and result) into a
 * ring buffer that nobody reads during the benchmark, as kprobe_events'
 * trace buffer is not read.  Counters let the benchmark check that every
 * load and every check_version() call was seen.
 *
 * No vmlinux.h: arguments are taken by position from the BTF prototypes
 * (run.sh checks them), and the one struct offset needed, that of
 * struct module's name, comes from the kernel's BTF as MOD_NAME_OFF.
 */
#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#ifndef MOD_NAME_OFF
#error "MOD_NAME_OFF (offsetof(struct module, name)) must be defined"
#endif

#define NAME_LEN 56	/* MODULE_NAME_LEN, and modversion_info's name */

char LICENSE[] SEC("license") = "GPL";

enum counter { C_LOADS, C_LOADS_DONE, C_CRC_CHECKS, C_DROPPED, C_COUNT };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, C_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} events SEC(".maps");

enum kind { E_LOAD, E_LOAD_DONE, E_CRC, E_MAGIC, E_FORCE, E_INIT };

struct event {
	__u32 kind;
	__s32 value;		/* flags, result, kernel CRC */
	char s1[NAME_LEN];	/* symbol, module vermagic, force reason, name */
	char s2[NAME_LEN * 2];	/* kernel vermagic */
};

static void count(__u32 c)
{
	__u64 *v = bpf_map_lookup_elem(&counts, &c);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static struct event *event(__u32 kind, __s32 value, __u64 size)
{
	struct event *e = bpf_ringbuf_reserve(&events, size, 0);

	if (!e) {
		count(C_DROPPED);
		return 0;
	}
	e->kind = kind;
	e->value = value;
	return e;
}

#define SHORT_EVENT (sizeof(struct event) - NAME_LEN * 2)

static int note_load(__u32 counter, __u32 kind, __s32 value)
{
	struct event *e;

	count(counter);
	e = event(kind, value, 8);
	if (!e)
		return 0;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("fentry/load_module")
int BPF_PROG(load_entry, void *info, const char *uargs, int flags)
{
	return note_load(C_LOADS, E_LOAD, flags);
}

SEC("fexit/load_module")
int BPF_PROG(load_exit, void *info, const char *uargs, int flags, int ret)
{
	return note_load(C_LOADS_DONE, E_LOAD_DONE, ret);
}

SEC("fentry/check_version")
int BPF_PROG(crc_entry, void *info, const char *symname, void *mod, const int *crc)
{
	struct event *e;
	__s32 kcrc = 0;

	count(C_CRC_CHECKS);
	e = event(E_CRC, 0, SHORT_EVENT);
	if (!e)
		return 0;
	if (crc)
		bpf_probe_read_kernel(&kcrc, sizeof(kcrc), crc);
	e->value = kcrc;
	bpf_probe_read_kernel_str(e->s1, sizeof(e->s1), symname);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("fexit/same_magic")
int BPF_PROG(magic_exit, const char *amagic, const char *bmagic, _Bool has_crcs, _Bool ret)
{
	struct event *e = event(E_MAGIC, ret | has_crcs << 1, sizeof(*e));

	if (!e)
		return 0;
	bpf_probe_read_kernel_str(e->s1, sizeof(e->s1), amagic);
	bpf_probe_read_kernel_str(e->s2, sizeof(e->s2), bmagic);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("fexit/try_to_force_load")
int BPF_PROG(force_exit, void *mod, const char *reason, int ret)
{
	struct event *e = event(E_FORCE, ret, SHORT_EVENT);

	if (!e)
		return 0;
	bpf_probe_read_kernel_str(e->s1, sizeof(e->s1), reason);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("fentry/do_init_module")
int BPF_PROG(init_entry, void *mod)
{
	struct event *e = event(E_INIT, 0, SHORT_EVENT);

	if (!e)
		return 0;
	bpf_probe_read_kernel_str(e->s1, sizeof(e->s1), (char *)mod + MOD_NAME_OFF);
	bpf_ringbuf_submit(e, 0);
	return 0;
}
