// SPDX-License-Identifier: GPL-2.0
/*
 * modverify watch: record module load attempts without modverify.ko, with
 * the BPF programs of bpf/watch.bpf.c (fentry/fexit on the loader), for
 * machines where the module cannot load (Secure Boot, lockdown=integrity).
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

struct watcher {
	const struct mv_context *ctx;
	struct mvw_joiner *joiner;
	struct mvw_host host;
	int output;		/* --output, -1 without */
	unsigned long records;
	unsigned long long lost;	/* events dropped, as last shown */
	bool shown;
	bool failed;		/* a write to --output failed */
};

/* Kinds whose program attached; each program's kind from its name. */
static const struct {
	const char *prog;
	enum mvw_kind kind;
} prog_kinds[] = {
	{ "load_entry", MVW_LOAD }, { "load_exit", MVW_DONE },
	{ "sig_check_exit", MVW_SIG_CHECK }, { "verify_sig_exit", MVW_VERIFY_SIG },
	{ "layout_exit", MVW_LAYOUT }, { "crc_exit", MVW_CRC },
	{ "magic_exit", MVW_MAGIC }, { "force_exit", MVW_FORCE },
	{ "find_exit", MVW_FIND_FAILED }, { "init_entry", MVW_INIT },
	{ "init_exit", MVW_INIT_DONE },
};

static int prog_kind(const struct bpf_program *prog)
{
	size_t i;

	for (i = 0; i < sizeof(prog_kinds) / sizeof(prog_kinds[0]); i++)
		if (!strcmp(bpf_program__name(prog), prog_kinds[i].prog))
			return (int)prog_kinds[i].kind;
	return -1;
}

/* The loader function a program is attached to: "fexit/check_version". */
static const char *prog_target(const struct bpf_program *prog)
{
	const char *sec = bpf_program__section_name(prog);
	const char *slash = strchr(sec, '/');

	return slash ? slash + 1 : sec;
}

/* What "lost: N" says in text, after "event" or "events". */
#define RING_FULL \
	" not recorded: the ring buffer was full; attempts in flight may be incomplete or missing"

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

static void read_taint(struct mvw_host *host)
{
	char buf[32];

	host->has_taint = read_line("/proc/sys/kernel/tainted", buf, sizeof(buf));
	if (host->has_taint)
		host->taint = strtoull(buf, NULL, 10);
}

static int on_event(void *arg, void *data, size_t size)
{
	struct watcher *w = arg;
	const struct mvw_head *h = data;
	struct strbuf text = STRBUF_INIT;
	int r;

	if (size >= sizeof(*h) && h->kind == MVW_DONE)
		read_taint(&w->host);
	r = mvw_joiner_feed(w->joiner, &w->host, data, size, &text);
	if (r < 0)
		mv_warning("an event of kind %u and %zu bytes was not understood",
			   size >= sizeof(*h) ? h->kind : 0, size);
	else if (r > 0)
		show(w, &text);
	strbuf_release(&text);
	return 0;
}

static unsigned long long dropped(const struct watch_bpf *skel)
{
	__u32 key = MVW_C_DROPPED;
	__u64 v = 0;

	bpf_map__lookup_elem(skel->maps.counts, &key, sizeof(key), &v, sizeof(v), 0);
	return v;
}

static void check_lost(struct watcher *w, const struct watch_bpf *skel)
{
	unsigned long long n = dropped(skel);

	if (n > w->lost)
		mv_stream_lost(&w->shown, w->ctx->json, n - w->lost, "event" RING_FULL,
			       "events" RING_FULL);
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

/*
 * Leave out the programs of loader functions this kernel does not have
 * (inlined, or gone: check_version without CONFIG_MODVERSIONS).
 */
static int select_programs(struct watch_bpf *skel)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	struct bpf_program *prog;

	if (!vmlinux) {
		mv_error(USE_KMOD, "the kernel's BTF cannot be read: %s; " USE_KMOD, strerror(errno));
		return -1;
	}
	bpf_object__for_each_program(prog, skel->obj) {
		if (btf__find_by_name_kind(vmlinux, prog_target(prog), BTF_KIND_FUNC) >= 0)
			continue;
		if (prog_kind(prog) == MVW_LOAD || prog_kind(prog) == MVW_DONE) {
			btf__free(vmlinux);
			mv_error(USE_KMOD, "the kernel's BTF has no function %s (a kernel without modules?); "
				 USE_KMOD, prog_target(prog));
			return -1;
		}
		bpf_program__set_autoload(prog, false);
		mv_warning("%s: not a function of this kernel: not watched", prog_target(prog));
	}
	btf__free(vmlinux);
	return 0;
}

/* Attach every loaded program; links[] holds what must be destroyed. */
static int attach(struct watch_bpf *skel, struct bpf_link **links, size_t max,
		  unsigned int *attached)
{
	struct bpf_program *prog;
	size_t n = 0;

	bpf_object__for_each_program(prog, skel->obj) {
		int kind = prog_kind(prog);
		struct bpf_link *link;

		if (!bpf_program__autoload(prog) || n == max)
			continue;
		link = bpf_program__attach(prog);
		if (!link) {
			int err = errno;

			if (kind == MVW_LOAD || kind == MVW_DONE) {
				mv_error(USE_KMOD,
					 "%s: cannot attach: %s (fentry/fexit needs x86-64 5.5+ with BTF); "
					 USE_KMOD,
					 bpf_program__section_name(prog),
					 err == 524 ? "not supported" : strerror(err));
				return -1;
			}
			mv_warning("%s: cannot attach: %s", bpf_program__section_name(prog),
				   strerror(err));
			continue;
		}
		links[n++] = link;
		if (kind >= 0)
			*attached |= 1u << kind;
	}
	return 0;
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

static void init_host(struct mvw_host *host, struct utsname *uts, char *vermagic)
{
	struct timespec real, mono;
	char buf[8];

	uname(uts);
	host->release = uts->release;
	host->kernel_vermagic = kernel_vermagic(uts->release, vermagic);
	host->sig_enforced = MV_YN_UNKNOWN;
	if (read_line("/sys/module/module/parameters/sig_enforce", buf, sizeof(buf)))
		host->sig_enforced = buf[0] == 'Y' ? MV_YN_YES : MV_YN_NO;
	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	host->realtime_offset_ns = (int64_t)(real.tv_sec - mono.tv_sec) * 1000000000 +
				   (real.tv_nsec - mono.tv_nsec);
}

static int watch(struct watcher *w)
{
	struct watch_bpf *skel;
	struct bpf_link *links[sizeof(prog_kinds) / sizeof(prog_kinds[0])];
	struct ring_buffer *rb = NULL;
	size_t nr_links = 0, i;
	struct sigaction sa = { .sa_handler = on_signal };
	int status = MV_EXIT_NO_INPUT, err;

	if (preflight())
		return MV_EXIT_NO_INPUT;
	skel = watch_bpf__open();
	if (!skel) {
		explain_load_error(errno);
		return MV_EXIT_NO_INPUT;
	}
	if (select_programs(skel))
		goto out;
	err = watch_bpf__load(skel);
	if (err) {
		explain_load_error(-err);
		goto out;
	}
	memset(links, 0, sizeof(links));
	if (attach(skel, links, sizeof(links) / sizeof(links[0]), &w->host.attached))
		goto out;
	for (nr_links = 0; nr_links < sizeof(links) / sizeof(links[0]) && links[nr_links];)
		nr_links++;
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, w, NULL);
	if (!rb) {
		mv_error(NULL, "the ring buffer cannot be read: %s", strerror(errno));
		goto out;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, "%s: watching module loads with BPF (%zu programs attached); Ctrl-C stops\n",
		MV_PROGRAM, nr_links);
	while (!interrupted) {
		err = ring_buffer__poll(rb, 200);
		if (err < 0 && err != -EINTR) {
			mv_error(NULL, "reading the ring buffer: %s", strerror(-err));
			goto out;
		}
		check_lost(w, skel);
	}
	ring_buffer__consume(rb);
	check_lost(w, skel);
	status = w->failed ? MV_EXIT_NO_INPUT : MV_EXIT_LOADED;
	fprintf(stderr, "%s: %lu attempt%s recorded, %llu event%s lost, %lu attempt%s left incomplete\n",
		MV_PROGRAM, w->records, w->records == 1 ? "" : "s", w->lost,
		w->lost == 1 ? "" : "s", mvw_joiner_incomplete(w->joiner),
		mvw_joiner_incomplete(w->joiner) == 1 ? "" : "s");
out:
	ring_buffer__free(rb);
	for (i = 0; i < nr_links; i++)
		bpf_link__destroy(links[i]);
	watch_bpf__destroy(skel);
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
	init_host(&w.host, &uts, vermagic);
	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	status = watch(&w);
	mvw_joiner_free(w.joiner);
	if (w.output >= 0)
		close(w.output);
	return status;
}

#endif /* MV_HAVE_LIBBPF */
