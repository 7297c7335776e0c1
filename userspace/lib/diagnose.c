// SPDX-License-Identifier: GPL-2.0
/*
 * Diagnosis (diagnose.h): what the record means and what to do about it.
 *
 * The causes and remedies say what insmod's and modprobe's errno alone
 * does not: which check refused the module, which vermagic word or symbol
 * CRC differs, whether a taint line was a warning or the failure, and
 * whether verification passed and the module's own init failed.  One
 * function per deciding check, in the loader's order.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "diagnose.h"
#include "errnames.h"
#include "vermagic.h"
#include "vocab.h"

#define REBUILD_COMMAND	"make -C /lib/modules/$(uname -r)/build M=$PWD"

/* The finit_module(2) flags that force a load (insmod -f, modprobe --force) */
#define FORCE_FLAGS	(MV_FLAG_IGNORE_MODVERSIONS | MV_FLAG_IGNORE_VERMAGIC)

static void add_advice(struct mv_diagnosis *diag, const char *command,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_advice(struct mv_diagnosis *diag, const char *command,
		       const char *fmt, ...)
{
	struct mv_advice *advice;
	char *text;
	va_list ap;
	int n;

	if (diag->nr_advice == MV_MAX_ADVICE)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	text = malloc((size_t)n + 1);
	if (!text)
		return;
	va_start(ap, fmt);
	vsnprintf(text, (size_t)n + 1, fmt, ap);
	va_end(ap);
	advice = &diag->advice[diag->nr_advice++];
	advice->text = text;
	advice->command = command ? strdup(command) : NULL;
}

static void set_cause(struct mv_diagnosis *diag, struct strbuf *sb)
{
	free(diag->cause);
	diag->cause = strbuf_steal(sb);
}

static const char *or_unknown(const char *s)
{
	return s ? s : "(unknown)";
}

const char *mv_module_label(const struct mv_record *rec)
{
	return rec->module ? rec->module : "(unknown module)";
}

static const char *kernel_label(const struct mv_record *rec)
{
	return rec->kernel ? rec->kernel : "the running kernel";
}

static const char *const outcome_names[] = {
	[MV_OUTCOME_LOADED]		= "loaded",
	[MV_OUTCOME_LOADED_TAINTED]	= "loaded_with_taint",
	[MV_OUTCOME_FORCED]		= "forced",
	[MV_OUTCOME_REJECTED]		= "rejected",
	[MV_OUTCOME_INIT_FAILED]	= "init_failed",
	[MV_OUTCOME_RUNNING]		= "running",
	[MV_OUTCOME_TASK_EXITED]	= "task_exited",
};

static const char *const outcome_texts[] = {
	[MV_OUTCOME_LOADED]		= "loaded",
	[MV_OUTCOME_LOADED_TAINTED]	= "loaded with taint",
	[MV_OUTCOME_FORCED]		= "loaded by force",
	[MV_OUTCOME_REJECTED]		= "rejected",
	[MV_OUTCOME_INIT_FAILED]	= "init failed",
	[MV_OUTCOME_RUNNING]		= "init running",
	[MV_OUTCOME_TASK_EXITED]	= "the loading task died",
};

const char *mv_outcome_name(enum mv_outcome outcome)
{
	return outcome_names[outcome];
}

const char *mv_outcome_text(enum mv_outcome outcome)
{
	return outcome_texts[outcome];
}

bool mv_outcome_cause_continues(enum mv_outcome outcome)
{
	return outcome == MV_OUTCOME_RUNNING || outcome == MV_OUTCOME_TASK_EXITED;
}

int mv_exit_status(const struct mv_record *rec)
{
	return rec->result.known && rec->result.value == 0 ? 0 : 1;
}

static bool any_forced_ok(const struct mv_record *rec)
{
	size_t i;

	for (i = 0; i < rec->nr_forced; i++)
		if (rec->forced[i].ok)
			return true;
	return false;
}

static enum mv_outcome find_outcome(const struct mv_record *rec)
{
	if (rec->state == MV_STATE_RUNNING)
		return MV_OUTCOME_RUNNING;
	if (rec->state == MV_STATE_TASK_EXITED)
		return MV_OUTCOME_TASK_EXITED;
	if (mv_exit_status(rec) == 0) {
		if (rec->decided_by == MV_DECIDED_FORCED || any_forced_ok(rec) ||
		    (rec->taint_added.known &&
		     (rec->taint_added.mask & (1ULL << MV_TAINT_FORCED_MODULE))))
			return MV_OUTCOME_FORCED;
		if (rec->taint_added.known && rec->taint_added.mask)
			return MV_OUTCOME_LOADED_TAINTED;
		return MV_OUTCOME_LOADED;
	}
	if (rec->decided_by == MV_DECIDED_INIT)
		return MV_OUTCOME_INIT_FAILED;
	return MV_OUTCOME_REJECTED;
}

/* The first comparison with @verdict, of module_layout or of an import. */
static const struct mv_crc *first_crc(const struct mv_record *rec,
				      enum mv_crc_verdict verdict, bool layout)
{
	size_t i;

	for (i = 0; i < rec->nr_crcs; i++) {
		const struct mv_crc *crc = &rec->crcs[i];

		if (crc->verdict != (int)verdict)
			continue;
		if (layout == (strcmp(crc->symbol, "module_layout") == 0))
			return crc;
	}
	return NULL;
}

/* The first word of a vermagic string (the release), as its own string. */
static void release_word(const char *vermagic, char *buf, size_t size)
{
	size_t len = vermagic ? strcspn(vermagic, " ") : 0;

	if (len >= size)
		len = size - 1;
	if (len)
		memcpy(buf, vermagic, len);
	buf[len] = '\0';
}

static bool releases_differ(const struct mv_record *rec, char *module_rel,
			    char *kernel_rel, size_t size)
{
	if (!rec->vermagic_module || !rec->vermagic_kernel)
		return false;
	release_word(rec->vermagic_module, module_rel, size);
	release_word(rec->vermagic_kernel, kernel_rel, size);
	return *module_rel && strcmp(module_rel, kernel_rel) != 0;
}

static void advise_rebuild(struct mv_diagnosis *diag,
			   const struct mv_record *rec,
			   const struct mv_host *host)
{
	const char *kernel = rec->kernel ? rec->kernel : "$(uname -r)";

	add_advice(diag, REBUILD_COMMAND,
		   "Rebuild the module against the running kernel's own build tree (Module.symvers and .config of %s), in the module's source directory:",
		   kernel_label(rec));
	if (host && host->same_kernel) {
		if (!host->headers_present)
			add_advice(diag, NULL,
				   "/lib/modules/%s/build does not exist on this machine: install the headers of %s first (Debian/Ubuntu: linux-headers-%s; Fedora/RHEL: kernel-devel-%s).",
				   kernel, kernel, kernel, kernel);
		return;
	}
	add_advice(diag, NULL,
		   "If /lib/modules/%s/build is missing on the machine that runs it, install that kernel's headers (Debian/Ubuntu: linux-headers-%s; Fedora/RHEL: kernel-devel-%s).",
		   kernel, kernel, kernel);
}

/* A module built for another kernel: for which release, and what to do. */
static void advise_release_and_rebuild(struct mv_diagnosis *diag,
				       const struct mv_record *rec,
				       const struct mv_host *host)
{
	char module_rel[256], kernel_rel[256];

	if (releases_differ(rec, module_rel, kernel_rel, sizeof(module_rel)))
		add_advice(diag, NULL,
			   "It was built for kernel release %s; the running kernel is %s (headers of another kernel, or not rebooted into the kernel it was built for).",
			   module_rel, kernel_rel);
	advise_rebuild(diag, rec, host);
}

/* ---- one function per deciding check ------------------------------ */

/* A symbol the module has no CRC for, refused (Debian's kernels). */
static void diagnose_missing_version(const struct mv_crc *crc,
				     struct mv_diagnosis *diag, struct strbuf *cause)
{
	strbuf_addf(cause, "symbol %s has no CRC in the module - this kernel refuses unversioned imports",
		    crc->symbol);
	add_advice(diag, NULL,
		   "The module's __versions has no entry for %s: it was built without the Module.symvers that exports it (modpost warned '\"%s\" [...] undefined!'). Upstream kernels accept such a symbol with a warning; Debian's kernels refuse it ('no symbol version for %s').",
		   crc->symbol, crc->symbol, crc->symbol);
	add_advice(diag, NULL,
		   "Rebuild against the running kernel's build tree; for a symbol exported by another out-of-tree module, pass its Module.symvers with KBUILD_EXTRA_SYMBOLS.");
}

static void diagnose_module_layout(const struct mv_record *rec,
				   const struct mv_host *host,
				   struct mv_diagnosis *diag, struct strbuf *cause)
{
	const struct mv_crc *crc = first_crc(rec, MV_CRC_MISMATCH, true);
	const struct mv_crc *missing = first_crc(rec, MV_CRC_MISSING_REFUSED, true);
	char module_crc[24], kernel_crc[24];

	if (missing) {
		diagnose_missing_version(missing, diag, cause);
		return;
	}
	strbuf_addf(cause,
		    "struct-layout CRC module_layout differs - built for another kernel ABI");
	if (crc) {
		add_advice(diag, NULL,
			   "The module was built against another build or configuration of the kernel: its struct-layout CRC (module_layout) is %s, the running kernel's is %s.",
			   mv_crc_format(crc->has_module_crc, crc->module_crc,
					 "none", module_crc),
			   mv_crc_format(crc->has_kernel_crc, crc->kernel_crc,
					 "none", kernel_crc));
	} else {
		add_advice(diag, NULL,
			   "The module was built against another build or configuration of the kernel: its struct-layout CRC (module_layout) differs.");
	}
	advise_release_and_rebuild(diag, rec, host);
}

/* 6.4+: .gnu.linkonce.this_module must be sizeof(struct module) */
static void diagnose_module_size(const struct mv_record *rec,
				 const struct mv_host *host,
				 struct mv_diagnosis *diag, struct strbuf *cause)
{
	const struct mv_module_size *size = &rec->module_size;

	if (size->has_module && size->has_kernel) {
		strbuf_addf(cause,
			    "its struct module is %llu bytes, the kernel's %llu - built against another kernel's headers",
			    (unsigned long long)size->module,
			    (unsigned long long)size->kernel);
		add_advice(diag, NULL,
			   "The module's .gnu.linkonce.this_module section (its struct module) is %llu bytes; the running kernel's struct module is %llu bytes.",
			   (unsigned long long)size->module,
			   (unsigned long long)size->kernel);
	} else {
		strbuf_addf(cause,
			    "its struct module is not the kernel's size - built against another kernel's headers");
	}
	add_advice(diag, NULL,
		   "The module was built against another kernel's headers. Kernels since 6.4 refuse a module whose struct module differs in size from their own, before comparing CRCs or vermagic (dmesg: '.gnu.linkonce.this_module section size must match the kernel's built struct module size at run time').");
	advise_release_and_rebuild(diag, rec, host);
}

/* The module's .BTF did not validate against vmlinux's (btf_module_notify) */
static void diagnose_btf(const struct mv_record *rec,
			 const struct mv_host *host,
			 struct mv_diagnosis *diag, struct strbuf *cause)
{
	long long err = rec->btf.has_errno ? rec->btf.errno_value :
			rec->result.known ? rec->result.value : 0;
	const char *name = err ? mv_errno_name(NULL, err) : "unknown errno";
	char command[192];

	strbuf_addf(cause,
		    "its BTF was refused (%s) - .BTF does not fit this kernel's vmlinux BTF",
		    name);
	add_advice(diag, NULL,
		   "The kernel validates a module's BTF (.BTF, and .BTF.base for split BTF) against its own vmlinux BTF, and refused this one with %lld (%s) (dmesg: 'failed to validate module [%s] BTF: %lld'; insmod says 'Invalid parameters'). This kernel refuses such a module rather than loading it without BTF (it has no CONFIG_MODULE_ALLOW_BTF_MISMATCH).",
		   err, name, mv_module_label(rec), err);
	if (rec->btf.log)
		add_advice(diag, NULL, "The BTF verifier's first complaint: '%s'.",
			   rec->btf.log);
	add_advice(diag, NULL,
		   "The module's BTF does not fit this kernel: a tool stripped or rewrote it after the build (strip, objcopy, a packaging step), or it was generated against another kernel's vmlinux or with another pahole.");
	advise_rebuild(diag, rec, host);
	add_advice(diag, NULL,
		   "kbuild generates the module's BTF from the build tree's vmlinux with pahole: build with the pahole (package dwarves) of the kernel's own build, and do not strip or rewrite the .ko afterwards.");
	snprintf(command, sizeof(command),
		 "objcopy --remove-section=.BTF --remove-section=.BTF.base %.100s.ko",
		 rec->module ? rec->module : "MODULE");
	add_advice(diag, command,
		   "Or remove its BTF: a module without .BTF loads (without /sys/kernel/btf/<module>, so BPF cannot see its types). Sign it again afterwards if it was signed:");
}

/*
 * "'SMP preempt'": the words of one class on one side, or "no such word".
 * "extra" (older records) stands for the differing unlisted words.
 */
static void words_of_class(const struct mv_vermagic_words *w,
			   const char *class, struct strbuf *sb)
{
	bool extra = strcmp(class, MV_VERMAGIC_EXTRA) == 0;
	bool any = false;
	size_t i;

	for (i = 0; i < w->nr; i++) {
		const struct mv_vermagic_word *word = &w->word[i];

		if (extra ? !(word->differs &&
			      strcmp(word->class, MV_VERMAGIC_ARCH) == 0)
			  : strcmp(word->class, class) != 0)
			continue;
		strbuf_addf(sb, "%s%.*s", any ? " " : "'", (int)word->len,
			    word->text);
		any = true;
	}
	strbuf_addf(sb, "%s", any ? "'" : "no such word");
}

size_t mv_record_vermagic_differs(const struct mv_record *rec,
				  const char **names, size_t max)
{
	struct mv_vermagic_pair pair;
	size_t i;

	if (rec->nr_vermagic_differs) {
		for (i = 0; i < rec->nr_vermagic_differs && i < max; i++)
			names[i] = rec->vermagic_differs[i];
		return i;
	}
	if (!rec->vermagic_module || !rec->vermagic_kernel)
		return 0;
	mv_vermagic_compare(&pair, rec->vermagic_module, rec->vermagic_kernel);
	return mv_vermagic_differing(&pair, names, max);
}

enum mv_yesno mv_record_kernel_modversions(const struct mv_record *rec)
{
	struct mv_vermagic_pair pair;

	if (!rec->vermagic_kernel)
		return MV_YN_UNKNOWN;
	mv_vermagic_compare(&pair, NULL, rec->vermagic_kernel);
	return mv_vermagic_has_class(&pair.kernel, "modversions") ?
	       MV_YN_YES : MV_YN_NO;
}

/*
 * Why a differing release matters: same_magic() skips the release word
 * when the module has CRCs on a kernel with CONFIG_MODVERSIONS; a kernel
 * without it (Debian's 7.x) compares the whole string, release included.
 */
static const char *release_advice(const struct mv_record *rec)
{
	switch (rec->vermagic_release_compared) {
	case MV_YN_NO:
		return " The release word was not compared (the module has CRCs), so this alone did not reject it.";
	case MV_YN_YES:
		if (mv_record_kernel_modversions(rec) == MV_YN_NO)
			return " This kernel has no symbol versions (no CONFIG_MODVERSIONS): it compares the whole vermagic, so the release itself must match - a module built for any other release, even of the same configuration, is refused. Build it against this release's headers.";
		return " The release word was compared because the module has no symbol versions (__versions): the release itself must match. Build it against this release's headers (with its Module.symvers).";
	default:
		return " After a kernel update, reboot into the kernel it was built for, or rebuild it for this one.";
	}
}

static void diagnose_vermagic(const struct mv_record *rec,
			      const struct mv_host *host,
			      struct mv_diagnosis *diag, struct strbuf *cause)
{
	struct mv_vermagic_pair pair;
	const char *names[16];
	size_t named = 0;
	bool release_skipped =
		rec->vermagic_release_compared == MV_YN_NO;
	bool config_differs = false;
	size_t n, i;

	if (rec->vermagic_verdict == MV_VERMAGIC_MISSING ||
	    (!rec->vermagic_module && rec->vermagic_verdict != MV_VERMAGIC_FORCED)) {
		strbuf_addf(cause, "the module has no vermagic");
		add_advice(diag, REBUILD_COMMAND,
			   "The module has no vermagic= in its .modinfo: it was not built by kbuild, or the string was stripped. Build it with kbuild:");
		return;
	}
	mv_vermagic_compare(&pair, rec->vermagic_module, rec->vermagic_kernel);
	n = mv_record_vermagic_differs(rec, names, ARRAY_SIZE(names));

	strbuf_addf(cause, "vermagic differs");
	for (i = 0; i < n; i++) {
		if (release_skipped && strcmp(names[i], "release") == 0)
			continue;
		strbuf_addf(cause, "%s%s", named++ ? ", " : " in ", names[i]);
	}
	strbuf_addf(cause, " - built for another kernel %s",
		    n == 1 && strcmp(names[0], "release") == 0 ?
		    "release" : "configuration");

	for (i = 0; i < n; i++) {
		const char *meaning = mv_vermagic_class_meaning(names[i]);
		struct strbuf m = STRBUF_INIT, k = STRBUF_INIT;

		words_of_class(&pair.module, names[i], &m);
		words_of_class(&pair.kernel, names[i], &k);
		if (strcmp(names[i], "release") == 0) {
			add_advice(diag, NULL,
				   "The module was built for kernel release %s; the running kernel is %s.%s",
				   strbuf_str(&m), strbuf_str(&k),
				   release_advice(rec));
		} else {
			config_differs = true;
			add_advice(diag, NULL,
				   "vermagic word '%s' differs (%s): the module has %s, the kernel has %s.",
				   names[i], meaning ? meaning : "unknown word",
				   strbuf_str(&m), strbuf_str(&k));
		}
		strbuf_release(&m);
		strbuf_release(&k);
	}
	if (config_differs)
		add_advice(diag, NULL,
			   "The module was built against a kernel configured differently: use the running kernel's own build tree, not another kernel's headers.");
	advise_rebuild(diag, rec, host);
}

/* Who the running kernel's CRC came from: vmlinux, or a loaded module. */
static void advise_exporter(struct mv_diagnosis *diag, const struct mv_exporter *e)
{
	char command[160];

	if (!e || !e->exporter)
		return;
	if (!strcmp(e->exporter, MV_EXPORTER_VMLINUX)) {
		add_advice(diag, NULL,
			   "%s is exported by the kernel itself (vmlinux): the module was built against another kernel's Module.symvers, or a provider's that replaced it.",
			   e->symbol);
		return;
	}
	snprintf(command, sizeof(command), "modinfo %.120s", e->exporter);
	add_advice(diag, command,
		   "%s is exported by the loaded module %s%s%s%s: the module was built against another build of it (or against the in-kernel one while %s replaces it). Build against the Module.symvers of the %s that is loaded:",
		   e->symbol, e->exporter, e->taint ? " (taint " : "",
		   e->taint ? e->taint : "", e->taint ? ")" : "", e->exporter, e->exporter);
}

static void diagnose_symbol_crc(const struct mv_record *rec,
				const struct mv_host *host,
				struct mv_diagnosis *diag, struct strbuf *cause)
{
	const struct mv_crc *crc = first_crc(rec, MV_CRC_MISMATCH, false);
	const struct mv_crc *missing = first_crc(rec, MV_CRC_MISSING_REFUSED, false);
	size_t listed = 0, i;

	/* The kernel's order: whichever it refused first decided. */
	if (missing && (!crc || missing < crc)) {
		diagnose_missing_version(missing, diag, cause);
		return;
	}
	if (!crc) {
		strbuf_addf(cause,
			    "an imported symbol's CRC differs - the exporting code changed");
		add_advice(diag, NULL,
			   "A symbol CRC differs (the record lists no mismatching pair); dmesg names it: 'disagrees about version of symbol'.");
		advise_rebuild(diag, rec, host);
		return;
	}
	strbuf_addf(cause, "CRC of symbol %s differs - the exporting code changed",
		    crc->symbol);
	if (diag->nr_crc_mismatches > 1)
		strbuf_addf(cause, " (%zu symbols differ)",
			    diag->nr_crc_mismatches);

	for (i = 0; i < rec->nr_crcs; i++) {
		char module_crc[24], kernel_crc[24];

		crc = &rec->crcs[i];
		if (crc->verdict != MV_CRC_MISMATCH)
			continue;
		if (++listed > 4) {
			add_advice(diag, NULL,
				   "... and %zu more mismatching symbols (see the CRC list).",
				   diag->nr_crc_mismatches - 4);
			break;
		}
		add_advice(diag, NULL,
			   "Symbol %s: the module was built against CRC %s, the running kernel exports %s. The code that exports %s changed since the module was built, or another provider's Module.symvers was used (an out-of-tree stack such as MLNX_OFED or a media tree replacing the in-kernel exporter).",
			   crc->symbol,
			   mv_crc_format(crc->has_module_crc, crc->module_crc,
					 "none", module_crc),
			   mv_crc_format(crc->has_kernel_crc, crc->kernel_crc,
					 "none", kernel_crc),
			   crc->symbol);
		advise_exporter(diag, mv_record_exporter(rec, crc->symbol));
	}
	add_advice(diag, NULL,
		   "If the exporter is itself out of tree, build against its Module.symvers too (KBUILD_EXTRA_SYMBOLS=/path/to/exporter/Module.symvers).");
	advise_rebuild(diag, rec, host);
}

/* The unresolved imports, listed or not (older records: those listed). */
static uint64_t unresolved_total(const struct mv_record *rec)
{
	if (rec->has_unresolved_total && rec->unresolved_total > rec->nr_unresolved)
		return rec->unresolved_total;
	return rec->nr_unresolved;
}

static void diagnose_unknown_symbol(const struct mv_record *rec,
				    struct mv_diagnosis *diag,
				    struct strbuf *cause)
{
	char command[160];
	size_t i;

	if (rec->nr_unresolved) {
		uint64_t total = unresolved_total(rec);

		strbuf_addf(cause, "it imports %s", rec->unresolved[0]);
		if (total > 1)
			strbuf_addf(cause, " (and %llu more)",
				    (unsigned long long)total - 1);
		strbuf_addf(cause, ", which no loaded module exports");
		for (i = 0; i < rec->nr_unresolved; i++)
			add_advice(diag, NULL,
				   "Symbol %s is exported by no loaded module (nor by the kernel).",
				   rec->unresolved[i]);
		if (total > rec->nr_unresolved)
			add_advice(diag, "dmesg | grep -i 'unknown symbol'",
				   "The record lists %zu of the %llu unresolved imports; dmesg names every one:",
				   rec->nr_unresolved, (unsigned long long)total);
	} else {
		strbuf_addf(cause, "it imports a symbol that no loaded module exports");
		add_advice(diag, "dmesg | grep -i 'unknown symbol'",
			   "dmesg names the symbol ('Unknown symbol ... (err -2)'):");
	}
	snprintf(command, sizeof(command), "modprobe %.120s",
		 rec->module ? rec->module : "MODULE");
	add_advice(diag, command,
		   "Load the module that exports it first, or load this one with modprobe, which loads its dependencies (after 'make modules_install' and 'depmod -a'):");
	add_advice(diag, NULL,
		   "If no module exports it, the module was built for another kernel version or configuration (the symbol was renamed, removed or is not built), or it needs an out-of-tree module that is not installed.");
}

static bool flags_force(const struct mv_record *rec)
{
	return rec->has_flags &&
	       (rec->flags & FORCE_FLAGS);
}

static void advise_signing(const struct mv_record *rec,
			   struct mv_diagnosis *diag)
{
	char command[256];

	snprintf(command, sizeof(command),
		 "/lib/modules/$(uname -r)/build/scripts/sign-file sha256 signing_key.pem signing_key.x509 %.100s.ko",
		 rec->module ? rec->module : "MODULE");
	switch (rec->sig_reason) {
	case MV_SIG_IGNORED:
		add_advice(diag, NULL,
			   "This load was forced (IGNORE_VERMAGIC/IGNORE_MODVERSIONS): the kernel does not check the signature of a module it is told to force, so it counts as unsigned. Load it without --force.");
		return;
	case MV_SIG_NO_CRYPTO:
		add_advice(diag, command,
			   "The module is signed with an algorithm this kernel does not support: sign it again with one it does (sha256):");
		return;
	case MV_SIG_BAD:
		add_advice(diag, command,
			   "The signature does not verify: the module was modified after signing (stripped, for example), or the signature is damaged. Sign the final file again:");
		return;
	default:
		break;
	}
	if (rec->signature_present != MV_YN_YES)
		add_advice(diag, command,
			   "The module is not signed. Sign it with a key the kernel trusts:");
	else
		add_advice(diag, NULL,
			   "The module is signed, but not with a key the kernel trusts (the key is in none of its keyrings).");
	add_advice(diag, "mokutil --import signing_key.der",
		   "On a Secure Boot machine, enroll the signing certificate as a machine owner key, then reboot and confirm the enrolment:");
}

static void diagnose_signature(const struct mv_record *rec,
			       struct mv_diagnosis *diag, struct strbuf *cause)
{
	switch (rec->sig_reason) {
	case MV_SIG_UNSIGNED:
		strbuf_addf(cause,
			    "the module is unsigned and the kernel enforces module signatures");
		break;
	case MV_SIG_NO_KEY:
		strbuf_addf(cause,
			    "signed with a key the kernel does not trust, and signatures are enforced");
		break;
	case MV_SIG_NO_CRYPTO:
		strbuf_addf(cause,
			    "the signature uses crypto this kernel does not support");
		break;
	case MV_SIG_BAD:
		strbuf_addf(cause, "the signature does not verify");
		break;
	case MV_SIG_IGNORED:
		strbuf_addf(cause,
			    "a forced load's signature is ignored, and the kernel enforces signatures");
		break;
	default:
		if (flags_force(rec))
			strbuf_addf(cause,
				    "a forced load's signature is ignored, and the kernel enforces signatures");
		else if (rec->signature_present == MV_YN_NO)
			strbuf_addf(cause,
				    "the module is unsigned and the kernel enforces module signatures");
		else if (rec->signature_present == MV_YN_YES)
			strbuf_addf(cause,
				    "the signature was not accepted (key not trusted, or damaged signature)");
		else
			strbuf_addf(cause, "the signature check refused it");
		break;
	}
	if (rec->sig_enforced == MV_YN_YES)
		add_advice(diag, NULL,
			   "This kernel only loads modules signed with a trusted key (module.sig_enforce=1 or CONFIG_MODULE_SIG_FORCE).");
	advise_signing(rec, diag);
}

static void diagnose_lockdown(const struct mv_record *rec,
			      struct mv_diagnosis *diag, struct strbuf *cause)
{
	strbuf_addf(cause,
		    "kernel lockdown refuses modules without a verified signature");
	add_advice(diag, NULL,
		   "The kernel is locked down (see kernel_lockdown(7); usually because Secure Boot is on): it loads only modules whose signature it verified.");
	advise_signing(rec, diag);
}

static void diagnose_init(const struct mv_record *rec,
			  struct mv_diagnosis *diag, struct strbuf *cause)
{
	const struct mv_errval *r = rec->init_result.known ?
		&rec->init_result : &rec->result;

	strbuf_addf(cause,
		    "verification passed; the module's own init returned %lld (%s)",
		    r->value, mv_errno_name(r->name, r->value));
	add_advice(diag, NULL,
		   "Every check passed and the kernel ran the module's init function, which returned %lld (%s, \"%s\"). The problem is in the module or in what it expects to find (hardware, parameters, other modules), not in how it was built.",
		   r->value, mv_errno_name(r->name, r->value),
		   mv_errno_text(r->name, r->value));
	add_advice(diag, "dmesg | tail -n 30",
		   "Look for the path in the module's init that returns that error, and at what it printed:");
}

/* What the architecture's loader found wrong with the relocation. */
static const char *relocation_reason_text(const struct mv_relocation *rel)
{
	switch (rel->reason) {
	case MV_RELOC_TARGET_NONZERO:
		return "its place already held a value";
	case MV_RELOC_OVERFLOW:
		return "the value does not fit the type";
	case MV_RELOC_UNKNOWN_TYPE:
		return "a type this kernel's loader does not apply";
	case MV_RELOC_FAILED:
		return "the entry could not be identified";
	default:
		return NULL;
	}
}

/*
 * "relocation R_X86_64_PLT32 of strnlen in .init.text+0x36", "relocation
 * type 9 ...", "a relocation in .text": as much as is known
 */
static void relocation_entry(const struct mv_relocation *rel, struct strbuf *sb)
{
	bool number = rel->type && rel->type[0] >= '0' && rel->type[0] <= '9';

	if (rel->type)
		strbuf_addf(sb, "relocation %s%s", number ? "type " : "", rel->type);
	else
		strbuf_addf(sb, "a relocation");
	if (rel->symbol)
		strbuf_addf(sb, " of %s", rel->symbol);
	if (rel->section)
		strbuf_addf(sb, " in %s", rel->section);
	if (rel->section && rel->has_offset)
		strbuf_addf(sb, "+0x%llx", (unsigned long long)rel->offset);
	else if (rel->has_offset)
		strbuf_addf(sb, " at offset 0x%llx", (unsigned long long)rel->offset);
}

/*
 * Every check passed; apply_relocate_add() refused an entry.  The vermagic
 * and CRCs agreed, so they are not what to look at: the object code does
 * not fit this kernel's loader.
 */
static void diagnose_relocation(const struct mv_record *rec,
				const struct mv_host *host,
				struct mv_diagnosis *diag, struct strbuf *cause)
{
	const struct mv_relocation *rel = &rec->relocation;
	const char *why = relocation_reason_text(rel);
	const char *module = rec->module ? rec->module : "MODULE";
	struct strbuf entry = STRBUF_INIT;
	char command[160];

	relocation_entry(rel, &entry);
	strbuf_addf(cause, "the loader refused %s", strbuf_str(&entry));
	if (why)
		strbuf_addf(cause, ": %s", why);
	else if (rel->reason_name)
		strbuf_addf(cause, " (reason '%s')", rel->reason_name);

	switch (rel->reason) {
	case MV_RELOC_TARGET_NONZERO:
		add_advice(diag, NULL,
			   "Every check passed (signature, vermagic, CRCs, symbols); then the x86-64 loader refused to apply %s: the place it writes must hold zero and already held a value (dmesg: 'Skipping invalid relocation target, existing value is nonzero for type N', newer kernels 'Invalid relocation target, existing value is nonzero ...').",
			   strbuf_str(&entry));
		break;
	case MV_RELOC_OVERFLOW:
		add_advice(diag, NULL,
			   "Every check passed; then the loader refused %s: the value does not fit the relocation's type (dmesg: 'overflow in relocation type N'). The code was not compiled for the kernel's memory model: built without -mcmodel=kernel (outside kbuild, or with its own CFLAGS).",
			   strbuf_str(&entry));
		break;
	case MV_RELOC_UNKNOWN_TYPE:
		add_advice(diag, NULL,
			   "Every check passed; then the loader refused %s: this kernel's loader does not apply that relocation type (dmesg: 'Unknown rela relocation: N'). The module was compiled with a compiler or flags the kernel was not built with (-fPIC, another compiler version, another architecture's options).",
			   strbuf_str(&entry));
		break;
	default:
		add_advice(diag, "dmesg | tail -n 30",
			   "Every check passed; then the architecture's loader (apply_relocate_add()) refused a relocation%s%s; modverify could not tell which entry, the kernel's message names it:",
			   rel->section ? " in " : "", rel->section ? rel->section : "");
		break;
	}
	add_advice(diag, NULL,
		   "The vermagic and the CRCs agreed, so they are not the cause: the object code does not fit this kernel. It was built against headers that are not this kernel's own (another build of the same release, a hand-copied or regenerated tree rather than the linux-headers-%s package), with another compiler or flags than the kernel's (its compiler is named in /proc/version), or the .ko was edited after linking (patched, or rewritten by a tool other than kbuild's).",
		   rec->kernel ? rec->kernel : "$(uname -r)");
	snprintf(command, sizeof(command), "readelf -rW %.120s.ko", module);
	add_advice(diag, command,
		   "readelf lists the relocations of each section (those of .init.text under .rela.init.text); the refused entry is there%s%s:",
		   rel->has_offset ? " at its offset" : "",
		   rel->symbol ? ", with its symbol" : "");
	advise_rebuild(diag, rec, host);
	strbuf_release(&entry);
}

/* The loading task exited inside load_module(): an oops, never a return. */
static void diagnose_task_exited(const struct mv_record *rec,
				 struct mv_diagnosis *diag, struct strbuf *cause)
{
	bool in_init = rec->decided_by == MV_DECIDED_INIT;
	bool died = rec->taint_after.known &&
		    (rec->taint_after.mask & (1ULL << MV_TAINT_DIE));

	strbuf_addf(cause, "%s (an oops: see dmesg)",
		    in_init ? "in the module's init" : "inside the loader");
	if (in_init)
		add_advice(diag, NULL,
			   "Every check passed and the kernel ran the module's init function, which crashed: the kernel oopsed%s and killed the loading task (insmod ends with 'Killed' or 'Segmentation fault'). The module's init is buggy (or what it calls with what it passes).",
			   died ? " (taint D)" : "");
	else
		add_advice(diag, NULL,
			   "The loading task died inside the kernel's module loader%s, before the module's init returned: the kernel oopsed%s. The loader, or a kernel component it called for this module, crashed; if the oops names a function of the module, the module is at fault.",
			   rec->nr_stages ? " (the stages show how far it got)" : "",
			   died ? " (taint D)" : "");
	add_advice(diag, "dmesg | grep -E -A 25 'BUG:|Oops:'",
		   "dmesg's oops names the function (RIP: function+offset) and the call trace that led there:");
	if (in_init)
		add_advice(diag, NULL,
			   "The module stays half-initialised ('Loading' in /proc/modules): it cannot be unloaded, and loading it again waits or fails. Reboot before loading a fixed build.");
}

/* The module's init was running when the record was published. */
static void diagnose_running(const struct mv_record *rec,
			     const struct mv_host *host,
			     struct mv_diagnosis *diag, struct strbuf *cause)
{
	const char *name = mv_module_label(rec);
	double started = rec->boottime ? strtod(rec->boottime, NULL) : 0;
	/* dmesg's own format, [%5lu.%06lu], to find the kernel's lines */
	int pad = rec->boottime ? 5 - (int)strcspn(rec->boottime, ".") : 0;
	char command[160];

	strbuf_addf(cause, "(not returned yet)");
	if (rec->boottime && host && host->has_clock && host->clock >= started)
		strbuf_addf(cause, " for %.0f s,", host->clock - started);
	if (rec->boottime)
		strbuf_addf(cause, " since dmesg [%*s%s]", pad > 0 ? pad : 0, "",
			    rec->boottime);
	add_advice(diag, NULL,
		   "Every check passed and the kernel is running the module's init function; it has not returned yet. Meanwhile /proc/modules lists %s as 'Loading'.",
		   name);
	if (rec->has_pid) {
		snprintf(command, sizeof(command), "cat /proc/%lld/stack", rec->pid);
		add_advice(diag, command,
			   "An init that does not return holds the loading task (pid %lld) in the kernel; its stack shows where it waits:",
			   rec->pid);
	}
	add_advice(diag, "modverify",
		   "When the init returns, the attempt's final record replaces this one:");
}

/*
 * IGNORE_VERMAGIC skipped a vermagic the kernel refuses: a word differs
 * that it compares (the release only when the module has no __versions).
 */
static bool vermagic_hidden(const struct mv_record *rec, bool versions)
{
	size_t i;

	if (!rec->has_flags || !(rec->flags & MV_FLAG_IGNORE_VERMAGIC))
		return false;
	for (i = 0; i < rec->nr_vermagic_differs; i++)
		if (!versions || strcmp(rec->vermagic_differs[i], MV_VERMAGIC_RELEASE))
			return true;
	return false;
}

/* The module's own CRC (from its image) equals the kernel's. */
static bool crc_equal(const struct mv_crc *c)
{
	return c->module_crc == c->kernel_crc;
}

/*
 * What the force hid: the module's __versions, which the kernel was told
 * to ignore, against the kernel's CRCs; the vermagic it did not compare.
 */
static void advise_forced_hidden(const struct mv_record *rec,
				 struct mv_diagnosis *diag, size_t hidden, bool versions)
{
	size_t i, listed = 0;

	for (i = 0; i < rec->nr_crcs && hidden; i++) {
		const struct mv_crc *c = &rec->crcs[i];
		char module_crc[24], kernel_crc[24];

		if (c->verdict != MV_CRC_FORCED || !c->has_module_crc ||
		    !c->has_kernel_crc || crc_equal(c))
			continue;
		if (++listed > 4) {
			add_advice(diag, NULL,
				   "... and %zu more symbols whose CRCs differ (see the CRC list).",
				   hidden - 4);
			break;
		}
		add_advice(diag, NULL,
			   "Without the force the kernel would have refused it: its __versions has CRC %s for %s, the running kernel %s%s.",
			   mv_crc_format(true, c->module_crc, "none", module_crc),
			   c->symbol,
			   mv_crc_format(true, c->kernel_crc, "none", kernel_crc),
			   strcmp(c->symbol, "module_layout") ? "" :
			   " (struct module and the types it uses differ: the module was built for another kernel)");
	}
	if (vermagic_hidden(rec, versions) && rec->vermagic_module && rec->vermagic_kernel)
		add_advice(diag, NULL,
			   "The vermagic the force skipped differs: the module's '%s', the kernel's '%s'.",
			   rec->vermagic_module, rec->vermagic_kernel);
}

static void diagnose_forced(const struct mv_record *rec,
			    const struct mv_host *host,
			    struct mv_diagnosis *diag, struct strbuf *cause)
{
	bool vermagic = false, crcs = false, no_versions = false, versions = false;
	uint64_t flags = rec->has_flags ? rec->flags : 0;
	const struct mv_crc *first_hidden = NULL;
	size_t i, hidden = 0;
	const char *skipped;

	for (i = 0; i < rec->nr_forced; i++) {
		if (strcmp(rec->forced[i].reason, "bad vermagic") == 0)
			vermagic = true;
		else
			crcs = true;
	}
	for (i = 0; i < rec->nr_crcs; i++) {
		const struct mv_crc *c = &rec->crcs[i];

		if (c->verdict != MV_CRC_FORCED)
			continue;
		if (!c->has_module_crc)
			no_versions = true;
		else
			versions = true;
		if (c->has_module_crc && c->has_kernel_crc && !crc_equal(c) && !hidden++)
			first_hidden = c;
	}
	vermagic |= !!(flags & MV_FLAG_IGNORE_VERMAGIC);
	crcs |= !!(flags & MV_FLAG_IGNORE_MODVERSIONS);
	skipped = vermagic && crcs ? "the vermagic and CRC checks" :
		  vermagic ? "the vermagic check" :
		  crcs ? "the CRC checks" : "a check";

	if ((flags & FORCE_FLAGS) == FORCE_FLAGS)
		strbuf_addf(cause, "IGNORE_VERMAGIC and IGNORE_MODVERSIONS skipped %s",
			    skipped);
	else if (flags & MV_FLAG_IGNORE_VERMAGIC)
		strbuf_addf(cause, "IGNORE_VERMAGIC skipped %s", skipped);
	else if (flags & MV_FLAG_IGNORE_MODVERSIONS)
		strbuf_addf(cause, "IGNORE_MODVERSIONS skipped %s", skipped);
	else if (crcs)
		strbuf_addf(cause, "the module has no symbol versions, so the kernel forced %s",
			    skipped);
	else if (vermagic)
		strbuf_addf(cause, "the module has no vermagic, so the kernel forced %s",
			    skipped);
	else
		strbuf_addf(cause, "a check was forced");
	if (first_hidden)
		strbuf_addf(cause, ", past a %s CRC mismatch%s", first_hidden->symbol,
			    hidden > 1 ? " and more" : "");
	if (vermagic_hidden(rec, versions))
		strbuf_addf(cause, "%s a vermagic mismatch",
			    first_hidden ? " and" : ", past");
	strbuf_addf(cause, "; the kernel is tainted F");
	advise_forced_hidden(rec, diag, hidden, versions);

	if (flags & FORCE_FLAGS)
		add_advice(diag, NULL,
			   "The load asked the kernel to skip %s (insmod -f, modprobe --force, --force-vermagic or --force-modversion). The kernel no longer vouches that the module matches it: a mismatch can corrupt memory or crash it.",
			   skipped);
	else
		add_advice(diag, NULL,
			   "The kernel could not check %s and loaded the module anyway (CONFIG_MODULE_FORCE_LOAD). It no longer vouches that the module matches it: a mismatch can corrupt memory or crash it.",
			   skipped);
	if (no_versions)
		add_advice(diag, NULL,
			   "The module has no symbol versions (__versions)%s: it was built without CONFIG_MODVERSIONS or without the kernel's Module.symvers.",
			   flags & MV_FLAG_IGNORE_MODVERSIONS ? ", or they were ignored" : "");
	advise_rebuild(diag, rec, host);
}

static void diagnose_force_refused(const struct mv_record *rec,
				   const struct mv_host *host,
				   struct mv_diagnosis *diag,
				   struct strbuf *cause)
{
	const char *reason = NULL;
	size_t i;

	for (i = 0; i < rec->nr_forced; i++)
		if (!rec->forced[i].ok)
			reason = rec->forced[i].reason;
	strbuf_addf(cause, "%s%s%s needed forcing and this kernel refuses forced loads",
		    reason ? "'" : "a check", reason ? reason : "",
		    reason ? "'" : "");
	add_advice(diag, NULL,
		   "A check needed forcing (%s) and the kernel was built without CONFIG_MODULE_FORCE_LOAD, so it refuses. If the module has no symbol versions, it was built without CONFIG_MODVERSIONS or without the kernel's Module.symvers.",
		   reason ? reason : "see the forced list");
	advise_rebuild(diag, rec, host);
}

static void diagnose_loaded(const struct mv_record *rec,
			    struct mv_diagnosis *diag, struct strbuf *cause)
{
	unsigned int bit;

	if (rec->signature_present == MV_YN_YES && rec->sig_verified == MV_YN_NO)
		add_advice(diag, NULL,
			   "The module is signed, but the kernel could not verify the signature (%s); signatures are not enforced, so it loaded (and marks the kernel E).",
			   or_unknown(rec->sig_reason_name));
	if (rec->btf.state == MV_BTF_MISMATCH_ALLOWED)
		add_advice(diag, NULL,
			   "The module's BTF did not validate (%lld, %s); this kernel allows that (CONFIG_MODULE_ALLOW_BTF_MISMATCH) and loaded it without BTF: BPF cannot see its types, and a kernel without that option refuses the module. Rebuild it against this kernel's headers with its pahole.",
			   rec->btf.errno_value,
			   mv_errno_name(NULL, rec->btf.errno_value));
	if (diag->outcome == MV_OUTCOME_LOADED) {
		strbuf_addf(cause, "every check passed");
		return;
	}
	strbuf_addf(cause,
		    "every check passed; it tainted the kernel (%s), which is a warning, not an error",
		    or_unknown(rec->taint_added.letters));
	for (bit = 0; bit < 64; bit++) {
		char letter;
		const char *meaning;

		if (!(rec->taint_added.mask & (1ULL << bit)))
			continue;
		meaning = mv_taint_meaning(bit, &letter);
		if (letter == 'O')
			add_advice(diag, NULL,
				   "O (%s): expected for a module built outside the kernel tree.",
				   meaning);
		else if (letter == 'E')
			add_advice(diag, NULL,
				   "E (%s): the module is not signed, or not with a trusted key. Where signatures are not enforced this is only a mark; sign the module to avoid it.",
				   meaning);
		else if (meaning)
			add_advice(diag, NULL, "%c (%s).", letter, meaning);
		else
			add_advice(diag, NULL, "taint bit %u (unknown to this modverify).",
				   bit);
	}
	add_advice(diag, NULL, "Nothing to fix: the module is loaded.");
}

static void count_crcs(const struct mv_record *rec, struct mv_diagnosis *diag)
{
	size_t i;

	for (i = 0; i < rec->nr_crcs; i++) {
		if (rec->crcs[i].verdict == MV_CRC_MISMATCH)
			diag->nr_crc_mismatches++;
		else if (rec->crcs[i].verdict == MV_CRC_MATCH)
			diag->nr_crc_matches++;
	}
}

/* parse_args() refused a parameter's value: the loader stops before init. */
static void diagnose_parameter(const struct mv_record *rec,
			       struct mv_diagnosis *diag, struct strbuf *cause)
{
	const char *name = mv_module_label(rec);
	char command[160];

	if (rec->parameter_rejected)
		strbuf_addf(cause, "the kernel refused the value of parameter %s",
			    rec->parameter_rejected);
	else
		strbuf_addf(cause, "the kernel refused a module parameter's value");
	if (rec->parameters)
		add_advice(diag, NULL,
			   "The parameters passed were '%s'%s.", rec->parameters,
			   rec->parameters_cut ? " (the record keeps only their start)" : "");
	if (rec->parameter_rejected)
		add_advice(diag, NULL,
			   "Parameter %s was given a value its type does not accept (dmesg: \"%s: `VALUE' invalid for parameter `%s'\"). Pass a valid value, or leave it out (also in modprobe.d 'options %s' lines).",
			   rec->parameter_rejected, name, rec->parameter_rejected, name);
	else
		add_advice(diag, "dmesg | grep -i 'parameter'",
			   "Each refused parameter is named in dmesg ('... invalid for parameter ...', or '... too large for parameter ...'):");
	snprintf(command, sizeof(command), "modinfo -p %.120s",
		 rec->module ? rec->module : "MODULE");
	add_advice(diag, command, "The parameters %s takes, and their types:", name);
}

void mv_diagnose(const struct mv_record *rec, const struct mv_host *host,
		 struct mv_diagnosis *diag)
{
	struct strbuf cause = STRBUF_INIT;
	const char *name = mv_module_label(rec);

	memset(diag, 0, sizeof(*diag));
	diag->outcome = find_outcome(rec);
	count_crcs(rec, diag);
	if (rec->has_shared_with)
		add_advice(diag, NULL,
			   "This attempt ran no load of its own: it loaded the same file as attempt #%llu while that one was loading, and got its result (kernel 6.5+ shares one load between concurrent loads of a file). That attempt's record (modverify --history) has the details.",
			   (unsigned long long)rec->shared_with);

	if (diag->outcome == MV_OUTCOME_RUNNING) {
		diagnose_running(rec, host, diag, &cause);
	} else if (diag->outcome == MV_OUTCOME_TASK_EXITED) {
		diagnose_task_exited(rec, diag, &cause);
	} else if (diag->outcome == MV_OUTCOME_FORCED) {
		diagnose_forced(rec, host, diag, &cause);
	} else if (diag->outcome == MV_OUTCOME_LOADED ||
		   diag->outcome == MV_OUTCOME_LOADED_TAINTED) {
		diagnose_loaded(rec, diag, &cause);
	} else {
		switch (rec->decided_by) {
		case MV_DECIDED_SIGNATURE:
			diagnose_signature(rec, diag, &cause);
			break;
		case MV_DECIDED_LOCKDOWN:
			diagnose_lockdown(rec, diag, &cause);
			break;
		case MV_DECIDED_ELF:
			strbuf_addf(&cause, "the image is not a valid module: %s",
				    rec->image_check ? rec->image_check :
				    "ELF validation failed");
			add_advice(diag, NULL,
				   "The file is not a module this kernel can read: not built for this architecture, truncated, or compressed in a way the kernel does not support.");
			advise_rebuild(diag, rec, host);
			break;
		case MV_DECIDED_BLACKLIST:
			strbuf_addf(&cause, "%s is blacklisted (module_blacklist=)",
				    name);
			add_advice(diag, "cat /proc/cmdline",
				   "The kernel command line blacklists %s: remove it from module_blacklist= and reboot.",
				   name);
			break;
		case MV_DECIDED_MODULE_LAYOUT:
			diagnose_module_layout(rec, host, diag, &cause);
			break;
		case MV_DECIDED_MODULE_SIZE:
			diagnose_module_size(rec, host, diag, &cause);
			break;
		case MV_DECIDED_VERMAGIC:
			diagnose_vermagic(rec, host, diag, &cause);
			break;
		case MV_DECIDED_FORCE_REFUSED:
			diagnose_force_refused(rec, host, diag, &cause);
			break;
		case MV_DECIDED_DUPLICATE:
			strbuf_addf(&cause,
				    "a module named %s is already loaded or loading",
				    name);
			add_advice(diag, "lsmod",
				   "Unload the loaded %s first (rmmod %s) if you mean to replace it:",
				   name, name);
			break;
		case MV_DECIDED_SYMBOL_CRC:
			diagnose_symbol_crc(rec, host, diag, &cause);
			break;
		case MV_DECIDED_UNKNOWN_SYMBOL:
			diagnose_unknown_symbol(rec, diag, &cause);
			break;
		case MV_DECIDED_RELOCATION:
			diagnose_relocation(rec, host, diag, &cause);
			break;
		case MV_DECIDED_BTF:
			diagnose_btf(rec, host, diag, &cause);
			break;
		case MV_DECIDED_PARAMETER:
			diagnose_parameter(rec, diag, &cause);
			break;
		case MV_DECIDED_INIT:
			diagnose_init(rec, diag, &cause);
			break;
		case MV_DECIDED_LOADER:
			strbuf_addf(&cause,
				    "verification passed; a later loader step failed");
			add_advice(diag, "dmesg | tail -n 30",
				   "Every check passed, then a later step of the loader failed (memory, relocations, sysfs, ...); the kernel's message is in dmesg:");
			break;
		default:
			if (rec->decided_by == MV_DECIDED_LOADED ||
			    rec->decided_by == MV_DECIDED_FORCED)
				strbuf_addf(&cause,
					    "the record says '%s' but the result is an error",
					    rec->decided_by_name);
			else if (rec->decided_by < 0)
				strbuf_addf(&cause,
					    "decided by '%s', a check this modverify does not know",
					    or_unknown(rec->decided_by_name));
			else
				strbuf_addf(&cause,
					    "the failure could not be attributed to a check");
			add_advice(diag, "dmesg | tail -n 30",
				   "modverify could not tell which check refused the module; the kernel's message is in dmesg:");
			break;
		}
	}
	set_cause(diag, &cause);
}

void mv_diagnosis_free(struct mv_diagnosis *diag)
{
	size_t i;

	for (i = 0; i < diag->nr_advice; i++) {
		free(diag->advice[i].text);
		free(diag->advice[i].command);
	}
	free(diag->cause);
	memset(diag, 0, sizeof(*diag));
}
