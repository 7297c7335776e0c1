// SPDX-License-Identifier: GPL-2.0
/*
 * modverify watch: record module load attempts without modverify.ko, with
 * the BPF programs of bpf/watch.bpf.c (fentry/fexit on the loader, or
 * kprobes where BPF trampolines cannot attach: --attach), for machines
 * where the module cannot load (Secure Boot, lockdown=integrity).
 * Each attempt is joined (lib/watch_join.c) into a record with backend:
 * bpf, printed as `modverify show` prints one, and appended to --output.
 *
 * The programs are attached through links this process owns: they are
 * detached when it exits, however it exits.  SIGINT and SIGTERM end the
 * wait at once (no SA_RESTART), and the skeleton is destroyed in order.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"

void mv_watch_validate(struct mv_options *o)
{
	if (o->nr_operands)
		mv_usage_error(o, "unexpected argument '%s'", o->operands[0]);
}

/* What to do instead, in the text and the JSON "fix" of a refusal. */
#define USE_KMOD "use modverify.ko"
#define WITHOUT_LIBBPF_FIX \
	"build it where libbpf-dev, clang and bpftool are installed (make deps), or use modverify.ko"

#ifndef MV_HAVE_LIBBPF

int mv_watch_run(const struct mv_context *ctx)
{
	(void)ctx;
	mv_error(WITHOUT_LIBBPF_FIX, "this modverify was built without libbpf: 'watch' is not built in; %s",
		 WITHOUT_LIBBPF_FIX);
	return MV_EXIT_NO_INPUT;
}

#else

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/types.h>

#include "elfmod.h"
#include "moduledir.h"
#include "watch.skel.h"
#include "watch_event.h"
#include "watch_join.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Lost events counted, and CLOCK_MONOTONIC just after they were read. */
struct loss_reading {
	uint64_t ns;
	uint64_t lost;
};

/* Readings kept: a load_module() entry is read well within so many. */
#define LOSS_READINGS 64

/* Addresses of kernel variables the programs read (/proc/kallsyms; 0: hidden). */
struct kernel_vars {
	uint64_t tainted_mask;
	uint64_t init_user_ns;
};

struct watcher {
	const struct mv_context *ctx;
	const struct watch_bpf *skel;
	struct mvw_joiner *joiner;
	struct mvw_host host;
	struct kernel_vars vars;	/* for the programs */
	int output;		/* --output, -1 without */
	unsigned long records;
	unsigned long long lost;	/* events dropped, as last shown */
	struct loss_reading readings[LOSS_READINGS];
	unsigned long nr_readings;	/* taken; the newest LOSS_READINGS kept */
	bool shown;
	bool failed;		/* a write to --output failed */
};

/*
 * The programs of each set, in the order they are attached: the kprobe
 * that keeps a kretprobe's arguments (args) before that kretprobe, so that
 * no return is seen without its entry.  kind: the event a program sends
 * (its bit in mvw_host.attached), or whose arguments it keeps.
 */
enum prog_set {
	SET_FENTRY,		/* fentry/fexit, the default */
	SET_KPROBE,		/* kprobe/kretprobe: --attach=kprobe, or the fallback */
	SET_BOTH,		/* a kprobe in either: where fentry cannot attach */
};

static const struct prog_row {
	const char *prog;
	enum mvw_kind kind;
	enum prog_set set;
	bool args;		/* keeps the arguments of kind's kretprobe */
	bool optional;		/* a function many kernels lack: not told */
} prog_rows[] = {
	{ "sys_finit_entry", MVW_SYSCALL, SET_FENTRY, false, false },
	{ "sys_init_entry", MVW_SYSCALL, SET_FENTRY, false, false },
	{ "pre_read", MVW_PRELOAD, SET_FENTRY, false, false },
	{ "pre_read_hook", MVW_PRELOAD, SET_FENTRY, false, false },
	{ "pre_post_read_hook", MVW_PRELOAD, SET_FENTRY, false, false },
	{ "pre_load_hook", MVW_PRELOAD, SET_FENTRY, false, false },
	{ "pre_post_load_hook", MVW_PRELOAD, SET_FENTRY, false, false },
	{ "pre_decompress", MVW_PRELOAD, SET_FENTRY, false, true },
	{ "pre_ima_read", MVW_PRELOAD, SET_FENTRY, false, true },
	{ "pre_ima_post_read", MVW_PRELOAD, SET_FENTRY, false, true },
	{ "pre_ima_load", MVW_PRELOAD, SET_FENTRY, false, true },
	{ "pre_ima_post_load", MVW_PRELOAD, SET_FENTRY, false, true },
	{ "pre_selinux_read", MVW_PRELOAD, SET_FENTRY, false, true },
	{ "pre_selinux_load", MVW_PRELOAD, SET_FENTRY, false, true },
	{ "pre_loadpin_read", MVW_PRELOAD, SET_FENTRY, false, true },
	{ "pre_loadpin_load", MVW_PRELOAD, SET_FENTRY, false, true },
	{ "pre_ipe_read", MVW_PRELOAD, SET_FENTRY, false, true },
	{ "pre_ipe_load", MVW_PRELOAD, SET_FENTRY, false, true },
	{ "file_entry", MVW_FILE, SET_FENTRY, false, false },
	{ "load_entry", MVW_LOAD, SET_FENTRY, false, false },
	{ "load_exit", MVW_DONE, SET_FENTRY, false, false },
	{ "sig_check_exit", MVW_SIG_CHECK, SET_FENTRY, false, false },
	{ "verify_sig_exit", MVW_VERIFY_SIG, SET_FENTRY, false, false },
	{ "layout_exit", MVW_LAYOUT, SET_FENTRY, false, false },
	{ "crc_exit", MVW_CRC, SET_FENTRY, false, false },
	{ "magic_exit", MVW_MAGIC, SET_FENTRY, false, false },
	{ "force_exit", MVW_FORCE, SET_FENTRY, false, false },
	{ "find_exit", MVW_FIND_FAILED, SET_FENTRY, false, false },
	{ "reloc_exit", MVW_RELOC, SET_FENTRY, false, false },
	{ "init_entry", MVW_INIT, SET_FENTRY, false, false },
	{ "init_exit", MVW_INIT_DONE, SET_FENTRY, false, false },
	{ "btf_entry", MVW_BTF, SET_FENTRY, false, false },
	{ "vlog_exit", MVW_BTF_LOG, SET_FENTRY, false, false },
	{ "btf_exit", MVW_BTF_DONE, SET_FENTRY, false, false },
	{ "file_exit", MVW_FILE_DONE, SET_FENTRY, false, false },
	{ "sys_finit_exit", MVW_SYSCALL_DONE, SET_FENTRY, false, false },
	{ "sys_init_exit", MVW_SYSCALL_DONE, SET_FENTRY, false, false },
	{ "kp_sys_finit_entry", MVW_SYSCALL, SET_KPROBE, false, false },
	{ "kp_sys_init_entry", MVW_SYSCALL, SET_KPROBE, false, false },
	{ "kp_pre_read", MVW_PRELOAD, SET_KPROBE, false, false },
	{ "kp_pre_read_hook", MVW_PRELOAD, SET_KPROBE, false, false },
	{ "kp_pre_post_read_hook", MVW_PRELOAD, SET_KPROBE, false, false },
	{ "kp_pre_load_hook", MVW_PRELOAD, SET_KPROBE, false, false },
	{ "kp_pre_post_load_hook", MVW_PRELOAD, SET_KPROBE, false, false },
	{ "kp_pre_decompress", MVW_PRELOAD, SET_KPROBE, false, true },
	{ "kp_pre_ima_read", MVW_PRELOAD, SET_KPROBE, false, true },
	{ "kp_pre_ima_post_read", MVW_PRELOAD, SET_KPROBE, false, true },
	{ "kp_pre_ima_load", MVW_PRELOAD, SET_KPROBE, false, true },
	{ "kp_pre_ima_post_load", MVW_PRELOAD, SET_KPROBE, false, true },
	{ "kp_pre_selinux_read", MVW_PRELOAD, SET_KPROBE, false, true },
	{ "kp_pre_selinux_load", MVW_PRELOAD, SET_KPROBE, false, true },
	{ "kp_pre_loadpin_read", MVW_PRELOAD, SET_KPROBE, false, true },
	{ "kp_pre_loadpin_load", MVW_PRELOAD, SET_KPROBE, false, true },
	{ "kp_pre_ipe_read", MVW_PRELOAD, SET_KPROBE, false, true },
	{ "kp_pre_ipe_load", MVW_PRELOAD, SET_KPROBE, false, true },
	{ "kp_file_entry", MVW_FILE, SET_KPROBE, false, false },
	{ "kp_load_entry", MVW_LOAD, SET_KPROBE, false, false },
	{ "kp_load_exit", MVW_DONE, SET_KPROBE, false, false },
	{ "kp_sig_check_args", MVW_SIG_CHECK, SET_KPROBE, true, false },
	{ "kp_sig_check_exit", MVW_SIG_CHECK, SET_KPROBE, false, false },
	{ "kp_verify_sig_exit", MVW_VERIFY_SIG, SET_KPROBE, false, false },
	{ "kp_layout_exit", MVW_LAYOUT, SET_KPROBE, false, false },
	{ "kp_crc_args", MVW_CRC, SET_KPROBE, true, false },
	{ "kp_crc_exit", MVW_CRC, SET_KPROBE, false, false },
	{ "kp_magic_args", MVW_MAGIC, SET_KPROBE, true, false },
	{ "kp_magic_exit", MVW_MAGIC, SET_KPROBE, false, false },
	{ "kp_force_args", MVW_FORCE, SET_KPROBE, true, false },
	{ "kp_force_exit", MVW_FORCE, SET_KPROBE, false, false },
	{ "kp_find_args", MVW_FIND_FAILED, SET_KPROBE, true, false },
	{ "kp_find_exit", MVW_FIND_FAILED, SET_KPROBE, false, false },
	{ "kp_reloc_args", MVW_RELOC, SET_KPROBE, true, false },
	{ "kp_reloc_exit", MVW_RELOC, SET_KPROBE, false, false },
	{ "kp_init_entry", MVW_INIT, SET_KPROBE, false, false },
	{ "kp_init_exit", MVW_INIT_DONE, SET_KPROBE, false, false },
	{ "kp_btf_entry", MVW_BTF, SET_KPROBE, false, false },
	{ "kp_vlog_args", MVW_BTF_LOG, SET_KPROBE, true, false },
	{ "kp_vlog_exit", MVW_BTF_LOG, SET_KPROBE, false, false },
	{ "kp_btf_exit", MVW_BTF_DONE, SET_KPROBE, false, false },
	{ "kp_file_exit", MVW_FILE_DONE, SET_KPROBE, false, false },
	{ "kp_sys_finit_exit", MVW_SYSCALL_DONE, SET_KPROBE, false, false },
	{ "kp_sys_init_exit", MVW_SYSCALL_DONE, SET_KPROBE, false, false },
	{ "kp_params_entry", MVW_PARAMS, SET_BOTH, false, false },
	{ "kp_params_exit", MVW_PARAMS_DONE, SET_BOTH, false, false },
};

#define NR_PROGS (sizeof(prog_rows) / sizeof(prog_rows[0]))

static const struct prog_row *prog_row(const struct bpf_program *prog)
{
	size_t i;

	for (i = 0; i < NR_PROGS; i++)
		if (!strcmp(bpf_program__name(prog), prog_rows[i].prog))
			return &prog_rows[i];
	return NULL;
}

/* Without the programs of these, no attempt is seen at all. */
static bool essential(enum mvw_kind kind)
{
	return kind == MVW_LOAD || kind == MVW_DONE;
}

/* The loader function a program is attached to: "fexit/check_version". */
static const char *prog_target(const struct bpf_program *prog)
{
	const char *sec = bpf_program__section_name(prog);
	const char *slash = strchr(sec, '/');

	return slash ? slash + 1 : sec;
}

/* Why events are lost, as "lost: N" says after "event" or "events". */
#define LOST_CAUSES \
	" not recorded: the ring buffer was full, a program was skipped while it ran on that CPU," \
	" or a kretprobe's arguments were not kept; attempts in flight may be incomplete or missing"

static bool write_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		s += n;
		len -= (size_t)n;
	}
	return true;
}

static void show(struct watcher *w, const struct strbuf *text)
{
	struct mv_record rec;
	struct mv_error err;

	if (w->output >= 0 && !write_all(w->output, text->text, text->len) && !w->failed) {
		mv_error(NULL, "--output: %s", strerror(errno));
		w->failed = true;
	}
	if (mv_record_parse(text->text, text->len, &rec, &err)) {
		mv_error(NULL, "internal error: a joined record does not parse: line %u: %s",
			 err.line, err.message);
		return;
	}
	mv_stream_record(&w->shown, &rec, w->ctx->json, &w->ctx->render);
	mv_record_free(&rec);
	w->records++;
}

/* The first line of a small file of /proc, /sys: false if unreadable. */
static bool read_line(const char *path, char *buf, int size)
{
	FILE *f = fopen(path, "r");
	bool ok = f && fgets(buf, size, f);

	if (f)
		fclose(f);
	return ok;
}

static void read_sig_enforced(struct mvw_host *host)
{
	char buf[8];

	host->sig_enforced = MV_YN_UNKNOWN;
	if (read_line("/sys/module/module/parameters/sig_enforce", buf, sizeof(buf)))
		host->sig_enforced = buf[0] == 'Y' ? MV_YN_YES : MV_YN_NO;
}

static void read_taint(struct mvw_host *host)
{
	char buf[32];

	host->has_taint = read_line("/proc/sys/kernel/tainted", buf, sizeof(buf));
	if (host->has_taint)
		host->taint = strtoull(buf, NULL, 10);
}

/*
 * Events lost: those the programs counted (no room in the ring buffer, no
 * arguments kept for a kretprobe), and the runs of a program the kernel
 * skipped because it was already running on that CPU (its
 * recursion_misses: fentry/fexit programs run preemptibly, so a task
 * preempted inside one makes the next task on that CPU miss it; kprobe
 * programs' skipped runs are counted from 6.7).  The programs' count is
 * read from the mmapped .bss, with no bpf() map syscall that would make
 * kprobe programs skip runs themselves.
 */
static unsigned long long dropped(const struct watch_bpf *skel)
{
	__u64 v = __atomic_load_n(&skel->bss->dropped, __ATOMIC_RELAXED);
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, skel->obj) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);

		memset(&info, 0, sizeof(info));
		if (bpf_program__fd(prog) >= 0 &&
		    !bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len))
			v += info.recursion_misses;
	}
	return v;
}

/* The events lost so far, kept with the time they were read. */
static uint64_t read_lost(struct watcher *w)
{
	struct loss_reading *r = &w->readings[w->nr_readings++ % LOSS_READINGS];
	struct timespec now;

	r->lost = dropped(w->skel);
	clock_gettime(CLOCK_MONOTONIC, &now);
	r->ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	return r->lost;
}

/*
 * The events lost before CLOCK_MONOTONIC ns, or fewer: the newest reading
 * taken by then (0 if none is kept, which only makes the bound wider).
 */
static uint64_t lost_before(const struct watcher *w, uint64_t ns)
{
	unsigned long i, kept = w->nr_readings < LOSS_READINGS ? w->nr_readings : LOSS_READINGS;
	const struct loss_reading *r;

	for (i = 1; i <= kept; i++) {
		r = &w->readings[(w->nr_readings - i) % LOSS_READINGS];
		if (r->ns <= ns)
			return r->lost;
	}
	return 0;
}

static int on_event(void *arg, void *data, size_t size)
{
	struct watcher *w = arg;
	const struct mvw_head *h = data;
	struct strbuf text = STRBUF_INIT;
	int r;

	/*
	 * Events lost between an attempt's entry and return may be its own:
	 * its record says how many (a count read before its entry event was
	 * made, one read after its return event was).
	 */
	if (size >= sizeof(*h)) {
		if (h->kind == MVW_LOAD) {
			w->host.lost = lost_before(w, h->ns);
			read_sig_enforced(&w->host);
		} else if (h->kind == MVW_DONE) {
			read_taint(&w->host);
			w->host.lost = read_lost(w);
		}
	}
	r = mvw_joiner_feed(w->joiner, &w->host, data, size, &text);
	if (r < 0)
		mv_warning("an event of kind %u and %zu bytes was not understood",
			   size >= sizeof(*h) ? h->kind : 0, size);
	else if (r > 0)
		show(w, &text);
	strbuf_release(&text);
	return 0;
}

static void check_lost(struct watcher *w)
{
	unsigned long long n = read_lost(w);

	if (n > w->lost)
		mv_stream_lost(&w->shown, w->ctx->json, n - w->lost, "event" LOST_CAUSES,
			       "events" LOST_CAUSES);
	w->lost = n;
}

/* Why watching cannot work here, before libbpf says it less plainly. */
static int preflight(void)
{
	char buf[128];

	if (read_line("/sys/kernel/security/lockdown", buf, sizeof(buf)) &&
	    strstr(buf, "[confidentiality]")) {
		mv_error(USE_KMOD ", signed with a key the kernel trusts",
			 "kernel lockdown is in confidentiality mode: BPF programs may not read kernel memory; "
			 USE_KMOD ", signed with a key the kernel trusts");
		return -1;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		mv_error(USE_KMOD,
			 "/sys/kernel/btf/vmlinux: %s: the kernel has no BTF (CONFIG_DEBUG_INFO_BTF), which 'watch' needs; "
			 USE_KMOD, strerror(errno));
		return -1;
	}
	return 0;
}

static void explain_load_error(int err)
{
	if (err == ENOSYS)
		mv_error(USE_KMOD, "the kernel has no bpf() system call (CONFIG_BPF_SYSCALL); " USE_KMOD);
	else if (err == EPERM || err == EACCES)
		mv_error("run it as root (CAP_BPF and CAP_PERFMON)",
			 "loading the BPF programs was refused: %s; run it as root (CAP_BPF and CAP_PERFMON)",
			 strerror(err));
	else
		mv_error(NULL, "loading the BPF programs failed: %s", strerror(err));
}

/* Whether target is among the first n of told; if not, it is added. */
static bool told_before(const char **told, size_t *n, const char *target)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp(told[i], target))
			return true;
	told[(*n)++] = target;
	return false;
}

/*
 * The programs of one set, less those of loader functions this kernel
 * does not have (inlined, or gone: check_version without
 * CONFIG_MODVERSIONS), told once per function.
 */
static int select_programs(struct watch_bpf *skel, bool kprobe, bool quiet)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	bool modern = libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_loop, NULL) == 1;
	const char *told[NR_PROGS];
	size_t nr_told = 0;
	struct bpf_program *prog;

	if (!vmlinux) {
		mv_error(USE_KMOD, "the kernel's BTF cannot be read: %s; " USE_KMOD, strerror(errno));
		return -1;
	}
	bpf_object__for_each_program(prog, skel->obj) {
		const struct prog_row *row = prog_row(prog);
		const char *target = prog_target(prog);

		if (!row || (row->set != (kprobe ? SET_KPROBE : SET_FENTRY) && row->set != SET_BOTH)) {
			bpf_program__set_autoload(prog, false);
			continue;
		}
		/*
		 * Finding the refused relocation takes bpf_loop(); the fexit
		 * of a step before the loader, bpf_get_func_ret(): both 5.17.
		 */
		if (!modern && (row->kind == MVW_RELOC ||
				(row->kind == MVW_PRELOAD && row->set == SET_FENTRY))) {
			bpf_program__set_autoload(prog, false);
			if (!quiet && !row->optional && !told_before(told, &nr_told, target))
				mv_warning("%s: this kernel has no bpf_loop() and bpf_get_func_ret() (5.17+): not watched",
					   target);
			continue;
		}
		if (btf__find_by_name_kind(vmlinux, target, BTF_KIND_FUNC) >= 0)
			continue;
		if (essential(row->kind)) {
			btf__free(vmlinux);
			mv_error(USE_KMOD, "the kernel's BTF has no function %s (a kernel without modules?); "
				 USE_KMOD, target);
			return -1;
		}
		bpf_program__set_autoload(prog, false);
		if (!quiet && !row->optional && !told_before(told, &nr_told, target))
			mv_warning("%s: not a function of this kernel: not watched", target);
	}
	btf__free(vmlinux);
	return 0;
}

/* The errors of a kernel that cannot run BPF trampolines here (ENOTSUPP). */
static bool no_trampoline(int err)
{
	return err == 524 || err == EOPNOTSUPP || err == EINVAL;
}

/* One set of programs, loaded and attached. */
struct session {
	struct watch_bpf *skel;
	struct bpf_link *links[NR_PROGS];
	size_t nr_links;
	bool linked[NR_PROGS];	/* by prog_rows' index */
	unsigned int attached;	/* 1 << enum mvw_kind of each event sent */
};

static void stop(struct session *s)
{
	size_t i;

	for (i = 0; i < s->nr_links; i++)
		bpf_link__destroy(s->links[i]);
	watch_bpf__destroy(s->skel);
	memset(s, 0, sizeof(*s));
}

/*
 * Attach every loaded program, in prog_rows' order; a kretprobe whose
 * arguments are not kept is left out.  Returns 0, -1 (said), or 1 when
 * fentry/fexit cannot attach and the caller falls back (then unsaid).
 */
static int attach(struct session *s, bool kprobe, bool fallback)
{
	unsigned int failed = 0;
	size_t i;

	for (i = 0; i < NR_PROGS; i++) {
		const struct prog_row *row = &prog_rows[i];
		struct bpf_program *prog = bpf_object__find_program_by_name(s->skel->obj, row->prog);
		struct bpf_link *link;
		int err;

		if (!prog || !bpf_program__autoload(prog))
			continue;
		if (!row->args && (failed & (1u << row->kind)))
			continue;	/* its arguments are not kept */
		link = bpf_program__attach(prog);
		if (link) {
			s->links[s->nr_links++] = link;
			s->linked[i] = true;
			if (!row->args)
				s->attached |= 1u << row->kind;
			continue;
		}
		err = errno;
		if (essential(row->kind) && fallback && no_trampoline(err))
			return 1;
		if (essential(row->kind)) {
			mv_error(USE_KMOD, "%s: cannot attach: %s (%s); " USE_KMOD,
				 bpf_program__section_name(prog),
				 err == 524 ? "not supported" : strerror(err),
				 kprobe ? "kprobes need CONFIG_KPROBES and CONFIG_KPROBE_EVENTS" :
				 "fentry/fexit needs x86-64 5.5+ with BTF; try --attach=kprobe");
			return -1;
		}
		if (row->args)
			failed |= 1u << row->kind;
		mv_warning("%s: cannot attach: %s", bpf_program__section_name(prog), strerror(err));
	}
	return 0;
}

/* Whether the programs of these steps (their fentry-set names) are linked. */
static bool steps_linked(const struct session *s, bool kprobe, const char *const *steps)
{
	char name[64];
	size_t i;

	for (; *steps; steps++) {
		snprintf(name, sizeof(name), "%s%s", kprobe ? "kp_" : "", *steps);
		for (i = 0; i < NR_PROGS && strcmp(prog_rows[i].prog, name); i++)
			;
		if (i == NR_PROGS || !s->linked[i])
			return false;
	}
	return true;
}

/*
 * Whether a refusal before load_module() can be told from what ran: the
 * steps of finit_module(), of init_module() are all watched (kmod/preload.c
 * asks the same of its probes).
 */
static void preload_probed(const struct session *s, bool kprobe, struct mvw_host *host)
{
	static const char *const finit[] = { "pre_read", "pre_read_hook", "pre_post_read_hook", NULL };
	static const char *const init[] = { "pre_load_hook", "pre_post_load_hook", NULL };

	host->preload_probed[0] = steps_linked(s, kprobe, finit);
	host->preload_probed[1] = steps_linked(s, kprobe, init);
}

/*
 * Open, load and attach the kprobe set or the fentry set into s.  With
 * fallback, a kernel that cannot run the fentry set returns 1, unsaid.
 * quiet: the functions missing here were told already.
 */
static int start(struct session *s, const struct watcher *w, bool kprobe, bool fallback,
		 bool quiet)
{
	int err, r;

	s->skel = watch_bpf__open();
	if (!s->skel) {
		explain_load_error(errno);
		return -1;
	}
	s->skel->rodata->tainted_mask_addr = w->vars.tainted_mask;
	s->skel->rodata->init_user_ns_addr = w->vars.init_user_ns;
	r = select_programs(s->skel, kprobe, quiet);
	if (r)
		goto fail;
	err = watch_bpf__load(s->skel);
	if (err) {
		if (fallback && no_trampoline(-err)) {
			r = 1;
			goto fail;
		}
		explain_load_error(-err);
		r = -1;
		goto fail;
	}
	r = attach(s, kprobe, fallback);
	if (!r)
		return 0;
fail:
	stop(s);
	return r;
}

static int take_vermagic(const char *path, const struct mv_elfmod *m, void *ctx)
{
	const char *v = mv_modinfo_next(m, "vermagic", NULL);

	(void)path;
	if (!v)
		return 0;
	snprintf(ctx, MVW_VERMAGIC_LEN, "%s", v);
	return 1;
}

/*
 * The kernel's vermagic where no same_magic() shows it (kernels without
 * MODVERSIONS): that of a module of the kernel's own tree, which kbuild
 * gave the kernel's string.  Not the whole tree: the first one will do.
 */
static const char *kernel_vermagic(const char *release, char *buf)
{
	char dir[512];
	size_t unreadable;
	struct mv_error err;

	snprintf(dir, sizeof(dir), "/lib/modules/%s/kernel", release);
	*buf = '\0';
	if (mv_moduledir_walk(dir, take_vermagic, buf, &unreadable, &err) <= 0 || !*buf)
		return NULL;
	return buf;
}

/*
 * What watch takes from /proc/kallsyms: where the kernel's param_ops_<type>
 * are (a module parameter's ops tell its setter), and two variables its
 * BTF does not describe: the taint mask (tainted_mask) and the initial
 * user namespace (init_user_ns: whether a refused task held
 * CAP_SYS_MODULE there).  Left 0 where kallsyms hides the addresses
 * (kptr_restrict): then no refused parameter is named, the taint before a
 * load is not known, and modules_disabled is not told from a missing
 * capability.
 */
static void read_kallsyms(struct mvw_host *host, struct kernel_vars *vars)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[256], sym[128];
	unsigned long long addr;
	int t;

	if (!f)
		return;
	/* "ADDR TYPE NAME", and " [MODULE]" after a module's: the kernel's own only */
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %*s %127s", &addr, sym) != 2 || strchr(line, '['))
			continue;
		if (!strcmp(sym, "tainted_mask"))
			vars->tainted_mask = addr;
		else if (!strcmp(sym, "init_user_ns"))
			vars->init_user_ns = addr;
		if (strncmp(sym, "param_ops_", strlen("param_ops_")))
			continue;
		for (t = MV_KPARAM_OTHER + 1; t < MV_KPARAM_TYPE_COUNT; t++)
			if (!strcmp(sym + strlen("param_ops_"), mv_kparam_type_name(t)))
				host->param_ops[t] = addr;
	}
	fclose(f);
}

static void init_host(struct mvw_host *host, struct utsname *uts, char *vermagic,
		      struct kernel_vars *vars)
{
	struct timespec real, mono;

	uname(uts);
	host->release = uts->release;
	host->kernel_vermagic = kernel_vermagic(uts->release, vermagic);
	read_kallsyms(host, vars);
	read_sig_enforced(host);
	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	host->realtime_offset_ns = (int64_t)(real.tv_sec - mono.tv_sec) * 1000000000 +
				   (real.tv_nsec - mono.tv_nsec);
}

static int watch(struct watcher *w)
{
	struct session s = { .skel = NULL };
	struct ring_buffer *rb = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	enum mv_attach_mode mode = w->ctx->opts->attach;
	bool kprobe = mode == MV_ATTACH_KPROBE;
	int status = MV_EXIT_NO_INPUT, err;

	if (preflight())
		return MV_EXIT_NO_INPUT;
	/*
	 * PREEMPT_RT runs BPF trampoline programs preemptibly: a loader
	 * preempted inside one makes the next on that CPU miss it, and loads
	 * overlap (udev, systemd-modules-load).  kprobe programs run with
	 * preemption disabled.
	 */
	if (mode == MV_ATTACH_AUTO && !access("/sys/kernel/realtime", F_OK)) {
		mv_warning("a PREEMPT_RT kernel: fentry/fexit programs would miss overlapping loads: using kprobes");
		kprobe = true;
	}
	err = start(&s, w, kprobe, mode == MV_ATTACH_AUTO && !kprobe, false);
	if (err > 0) {
		mv_warning("fentry/fexit cannot attach on this kernel: using kprobes");
		kprobe = true;
		err = start(&s, w, kprobe, false, true);
	}
	if (err)
		return MV_EXIT_NO_INPUT;
	w->host.attached = s.attached;
	preload_probed(&s, kprobe, &w->host);
	w->skel = s.skel;
	read_lost(w);	/* before any event taken */
	rb = ring_buffer__new(bpf_map__fd(s.skel->maps.events), on_event, w, NULL);
	if (!rb) {
		mv_error(NULL, "the ring buffer cannot be read: %s", strerror(errno));
		goto out;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, "%s: watching module loads with BPF (%s, %zu programs attached); Ctrl-C stops\n",
		MV_PROGRAM, kprobe ? "kprobe/kretprobe" : "fentry/fexit", s.nr_links);
	while (!interrupted) {
		err = ring_buffer__poll(rb, 200);
		if (err < 0 && err != -EINTR) {
			mv_error(NULL, "reading the ring buffer: %s", strerror(-err));
			goto out;
		}
		check_lost(w);
	}
	ring_buffer__consume(rb);
	check_lost(w);
	status = w->failed ? MV_EXIT_NO_INPUT : MV_EXIT_LOADED;
	fprintf(stderr, "%s: %lu attempt%s recorded, %llu event%s lost, %lu attempt%s left incomplete, %lu still open\n",
		MV_PROGRAM, w->records, w->records == 1 ? "" : "s", w->lost,
		w->lost == 1 ? "" : "s", mvw_joiner_incomplete(w->joiner),
		mvw_joiner_incomplete(w->joiner) == 1 ? "" : "s", mvw_joiner_open(w->joiner));
out:
	ring_buffer__free(rb);
	stop(&s);
	return status;
}

int mv_watch_run(const struct mv_context *ctx)
{
	const struct mv_options *o = ctx->opts;
	struct watcher w = { .ctx = ctx, .output = -1 };
	struct utsname uts;
	char vermagic[MVW_VERMAGIC_LEN];
	int status;

	if (o->output) {
		w.output = open(o->output, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		if (w.output < 0) {
			mv_error(NULL, "--output %s: %s", o->output, strerror(errno));
			return MV_EXIT_NO_INPUT;
		}
	}
	w.joiner = mvw_joiner_new();
	if (!w.joiner) {
		mv_error(NULL, "out of memory");
		return MV_EXIT_NO_INPUT;
	}
	init_host(&w.host, &uts, vermagic, &w.vars);
	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	status = watch(&w);
	mvw_joiner_free(w.joiner);
	if (w.output >= 0)
		close(w.output);
	return status;
}

#endif /* MV_HAVE_LIBBPF */
