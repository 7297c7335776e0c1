// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a kernel build tree (kernel_target.h): utsrelease.h, auto.conf,
 * the Makefile's version, Module.symvers, the vmlinux BTF, and the
 * VERMAGIC_STRING composed from them.  What it cannot know it says as a
 * warning through the library's log callback.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "array.h"
#include "btf.h"
#include "elfmod.h"
#include "kernel_target.h"
#include "moduledir.h"
#include "readfile.h"

/* Text files of a build tree are small; Module.symvers is read by line. */
#define TEXT_MAX	(16 << 20)
/* Debian's vmlinux in a headers tree has only BTF (~5 MiB); a full one is
 * not read for it. */
#define VMLINUX_MAX	(64 << 20)

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* MODVERIFY_ROOT (kernel_target.h), or "" for / */
static const char *root_dir(void)
{
	const char *root = getenv(MV_ROOT_ENV);

	return root ? root : "";
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The text of dir/name, or NULL if it cannot be read. */
static char *tree_file(const struct mv_target *t, const char *name)
{
	struct mv_error err;
	unsigned char *data;
	char path[4200];
	size_t len;

	if (!t->dir[0])
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", t->dir, name);
	if (mv_read_file(path, TEXT_MAX, &data, &len, &err))
		return NULL;
	return (char *)data;
}

/* The value after "<key>" at the start of a line of text, up to the newline. */
static bool line_value(const char *text, const char *key, char *out,
		       size_t size)
{
	size_t klen = strlen(key);
	const char *p;

	for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		size_t n;

		if (strncmp(p, key, klen))
			continue;
		p += klen;
		n = strcspn(p, "\n");
		snprintf(out, size, "%.*s", (int)n, p);
		return true;
	}
	return false;
}

/* auto.conf: "CONFIG_FOO=y" for each option set, nothing for the others */
static bool config_y(const char *config, const char *option)
{
	char key[96], value[16];

	snprintf(key, sizeof(key), "%s=", option);
	return line_value(config, key, value, sizeof(value)) &&
	       strcmp(value, "y") == 0;
}

/* The string of `#define NAME "..."` in a generated header. */
static bool header_string(const char *text, const char *name, char *out,
			  size_t size)
{
	char key[96];

	snprintf(key, sizeof(key), "#define %s \"", name);
	if (!line_value(text, key, out, size))
		return false;
	if (!strchr(out, '"'))
		return false;	/* cut, or no closing quote */
	*strchr(out, '"') = '\0';
	return true;
}

/* "6.1.0-56-cloud-amd64" -> 6, 1 */
static void version_of_release(struct mv_target *t)
{
	if (sscanf(t->release, "%d.%d", &t->version, &t->patchlevel) != 2)
		t->version = t->patchlevel = -1;
}

/*
 * VERSION and PATCHLEVEL from the tree's Makefile; Debian's per-flavour
 * Makefile only includes the common one, so an include is followed once.
 */
static void read_version(struct mv_target *t)
{
	char value[64], *makefile = tree_file(t, "Makefile");
	int version, patchlevel;

	version_of_release(t);
	if (!makefile)
		return;
	if (!line_value(makefile, "VERSION = ", value, sizeof(value)) &&
	    line_value(makefile, "include ", value, sizeof(value))) {
		unsigned char *included;
		struct mv_error err;
		size_t len;

		if (value[0] == '/' &&
		    !mv_read_file(value, TEXT_MAX, &included, &len, &err)) {
			free(makefile);
			makefile = (char *)included;
		}
	}
	if (line_value(makefile, "VERSION = ", value, sizeof(value)) &&
	    sscanf(value, "%d", &version) == 1 &&
	    line_value(makefile, "PATCHLEVEL = ", value, sizeof(value)) &&
	    sscanf(value, "%d", &patchlevel) == 1) {
		t->version = version;
		t->patchlevel = patchlevel;
	}
	free(makefile);
}

bool mv_target_at_least(const struct mv_target *t, int major, int minor)
{
	return t->version > major ||
	       (t->version == major && t->patchlevel >= minor);
}

bool mv_target_checks_module_size(const struct mv_target *t)
{
	return mv_target_at_least(t, MV_MODULE_SIZE_CHECK_VERSION,
				  MV_MODULE_SIZE_CHECK_PATCHLEVEL);
}

/* sizeof(struct module) in the BTF of the build tree's vmlinux, or 0 */
static uint64_t struct_module_size_from_btf(const struct mv_target *t)
{
	const struct mv_elf_section *btf;
	struct mv_error err;
	unsigned char *data;
	struct mv_elfmod elf;
	char path[4200];
	uint64_t size = 0;
	size_t len;

	snprintf(path, sizeof(path), "%s/vmlinux", t->dir);
	if (!t->dir[0] || mv_read_file(path, VMLINUX_MAX, &data, &len, &err))
		return 0;
	if (!mv_elf_parse_sections(&elf, data, len, &err)) {
		btf = mv_elfmod_section(&elf, ".BTF");
		if (btf && btf->data)
			size = mv_btf_struct_size(btf->data, btf->size, "module");
		mv_elfmod_free(&elf);
	}
	free(data);
	return size;
}

/* Every module built for a kernel has this_module of its struct's size. */
static int take_this_module_size(const char *path, const struct mv_elfmod *m,
				 void *ctx)
{
	const struct mv_elf_section *s =
		mv_elfmod_section(m, ".gnu.linkonce.this_module");
	struct mv_target *t = ctx;

	(void)path;
	if (m->nr_this_module != 1 || !s->size ||
	    (t->machine && m->machine != t->machine))
		return 0;
	t->struct_module_size = s->size;
	return 1;	/* one is enough */
}

/*
 * sizeof(struct module), for the size check of 6.4+: from the build tree's
 * own vmlinux BTF (the tree named on the command line, exactly), else from
 * the kernel's own modules installed under /lib/modules/<release>/kernel.
 */
static void read_struct_module_size(struct mv_target *t)
{
	struct mv_error err;
	size_t unreadable;
	char dir[4300];

	if (!mv_target_checks_module_size(t))
		return;
	t->struct_module_size = struct_module_size_from_btf(t);
	snprintf(dir, sizeof(dir), "%s/kernel", t->modules_dir);
	if (!t->struct_module_size && is_dir(dir))
		mv_moduledir_walk(dir, take_this_module_size, t, &unreadable,
				  &err);
	if (!t->struct_module_size)
		mv_log(MV_LOG_WARNING, "the size of struct module of %s is not known (%s%s%sno module under %s): the struct module size check of 6.4+ kernels is not predicted",
		       t->release, t->dir[0] ? "no BTF in " : "",
		       t->dir, t->dir[0] ? "/vmlinux, " : "", dir);
}

/*
 * The architecture: e_machine, ELF class and byte order, and the words
 * MODULE_ARCH_VERMAGIC adds (asm/vermagic.h); NULL words when they depend
 * on more than this table knows.
 */
static const struct arch {
	const char *option;
	uint16_t machine;
	unsigned int elf_class;
	int big_endian;		/* -1: CONFIG_CPU_BIG_ENDIAN decides */
	const char *vermagic;
} arches[] = {
	{ "CONFIG_X86_64",	EM_X86_64,  64, 0,  "" },
	{ "CONFIG_X86_32",	EM_386,	    32, 0,  NULL },
	{ "CONFIG_ARM64",	EM_AARCH64, 64, -1, "aarch64" },
	{ "CONFIG_ARM",		EM_ARM,	    32, -1, NULL },
	{ "CONFIG_RISCV",	EM_RISCV,   0,	0,  "riscv" },
	{ "CONFIG_PPC64",	EM_PPC64,   64, -1, NULL },
	{ "CONFIG_PPC32",	EM_PPC,	    32, 1,  NULL },
	{ "CONFIG_S390",	EM_S390,    64, 1,  "" },
	{ "CONFIG_LOONGARCH",	258,	    0,	0,  NULL },	/* EM_LOONGARCH */
	{ "CONFIG_MIPS",	EM_MIPS,    0,	-1, NULL },
};

static const struct arch *read_arch(struct mv_target *t, const char *config)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++) {
		const struct arch *a = &arches[i];

		if (!config_y(config, a->option))
			continue;
		t->machine = a->machine;
		t->elf_class = a->elf_class ? a->elf_class :
			       config_y(config, "CONFIG_64BIT") ? 64 : 32;
		t->big_endian = a->big_endian >= 0 ? a->big_endian :
				config_y(config, "CONFIG_CPU_BIG_ENDIAN");
		return a;
	}
	return NULL;
}

/* The arch words LoongArch adds: "LOONGARCH 64BIT " */
static const char *arch_vermagic(const struct arch *a, const char *config)
{
	if (a && a->machine == 258)
		return config_y(config, "CONFIG_64BIT") ? "LOONGARCH 64BIT " :
							  "LOONGARCH 32BIT ";
	return a ? a->vermagic : NULL;
}

/* RANDSTRUCT_HASHED_SEED, from the header of this kernel's version */
static void randstruct_seed(const struct mv_target *t, char *out, size_t size)
{
	static const char *const headers[] = {
		"include/generated/randstruct_hash.h",		/* 5.19+ */
		"include/generated/randomize_layout_hash.h",	/* before */
	};
	size_t i;

	out[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(headers) && !out[0]; i++) {
		char *text = tree_file(t, headers[i]);

		if (text)
			header_string(text, "RANDSTRUCT_HASHED_SEED", out, size);
		free(text);
	}
}

/*
 * VERMAGIC_STRING as include/linux/vermagic.h composes it: UTS_RELEASE " "
 * then SMP, preempt (5.16+: CONFIG_PREEMPT_BUILD; before: CONFIG_PREEMPT),
 * mod_unload, modversions, the arch's words and the randstruct seed.
 */
static void compose_vermagic(struct mv_target *t, const char *config)
{
	bool preempt_build = mv_target_at_least(t, 5, 16);
	const char *arch_words = arch_vermagic(read_arch(t, config), config);
	char seed[128] = "", composed[512];
	size_t n;

	if (config_y(config, "CONFIG_RANDSTRUCT") ||
	    config_y(config, "CONFIG_GCC_PLUGIN_RANDSTRUCT")) {
		randstruct_seed(t, seed, sizeof(seed));
		if (!seed[0])
			mv_log(MV_LOG_WARNING, "the randstruct seed of %s is in its build tree only: it is left out of the vermagic; give the kernel's vermagic with --vermagic",
			       t->release);
	}
	if (!arch_words) {
		mv_log(MV_LOG_WARNING, "the vermagic words of this kernel's architecture (e_machine %u) are not known to modverify: they are left out; give the kernel's vermagic with --vermagic",
		       t->machine);
		arch_words = "";
	}
	snprintf(composed, sizeof(composed), "%s %s%s%s%s%s%s%s",
		 t->release,
		 config_y(config, "CONFIG_SMP") ? "SMP " : "",
		 config_y(config, preempt_build ? "CONFIG_PREEMPT_BUILD" :
			  "CONFIG_PREEMPT") ? "preempt " :
		 config_y(config, "CONFIG_PREEMPT_RT") ? "preempt_rt " : "",
		 config_y(config, "CONFIG_MODULE_UNLOAD") ? "mod_unload " : "",
		 config_y(config, "CONFIG_MODVERSIONS") ? "modversions " : "",
		 arch_words,
		 !seed[0] ? "" : mv_target_at_least(t, 5, 19) ?
		 "RANDSTRUCT_" : "RANDSTRUCT_PLUGIN_",
		 seed);
	/* the kernel's string fits; a cut one would not match anyway */
	n = strnlen(composed, sizeof(t->vermagic) - 1);
	memcpy(t->vermagic, composed, n);
	t->vermagic[n] = '\0';
}

static void read_config(struct mv_target *t, const char *config)
{
	t->config_known = true;
	t->modversions = config_y(config, "CONFIG_MODVERSIONS");
	t->force_load = config_y(config, "CONFIG_MODULE_FORCE_LOAD");
	t->module_sig = config_y(config, "CONFIG_MODULE_SIG");
	t->sig_force = config_y(config, "CONFIG_MODULE_SIG_FORCE");
	t->strict_rwx = config_y(config, "CONFIG_STRICT_MODULE_RWX");
	t->allow_missing_ns =
		config_y(config, "CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS");
	t->livepatch = config_y(config, "CONFIG_LIVEPATCH");
}

static bool has_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	while (*s) {
		size_t len = strcspn(s, " ");

		if (len == n && strncmp(s, word, n) == 0)
			return true;
		s += len;
		s += strspn(s, " ");
	}
	return false;
}

/* Where an installed kernel's files are: prefix RELEASE suffix, under the root. */
struct installed_path {
	const char *prefix, *suffix;
};

static const struct installed_path symvers_paths[] = {
	{ "/boot/symvers-", ".gz" },		/* Fedora, RHEL, openEuler */
	{ "/lib/modules/", "/symvers.gz" },
	{ "/usr/lib/modules/", "/symvers.gz" },	/* merged /usr */
};

static const struct installed_path config_paths[] = {
	{ "/boot/config-", "" },
	{ "/lib/modules/", "/config" },
	{ "/usr/lib/modules/", "/config" },
};

/* The first of paths that is a file for release rel, into out; or false. */
static bool first_installed(const struct installed_path *paths, size_t n,
			    const char *rel, char *out, size_t size)
{
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(out, size, "%s%s%s%s", root_dir(), paths[i].prefix,
			 rel, paths[i].suffix);
		if (is_file(out))
			return true;
	}
	out[0] = '\0';
	return false;
}

/*
 * No build tree: the kernel's installed files, its symvers (unless
 * --symvers names one) and its configuration (which --vermagic may stand
 * in for).  0, or -1 with err saying what is missing.
 */
static int choose_installed(struct mv_target *t,
			    const struct mv_target_spec *spec, const char *rel,
			    struct mv_error *err)
{
	char fix[256];
	bool symvers, config;

	symvers = spec->symvers ||
		  first_installed(symvers_paths, ARRAY_SIZE(symvers_paths), rel,
				  t->symvers, sizeof(t->symvers));
	config = first_installed(config_paths, ARRAY_SIZE(config_paths), rel,
				 t->config_file, sizeof(t->config_file));
	if (symvers && (config || spec->vermagic)) {
		t->dir[0] = '\0';
		snprintf(t->release, sizeof(t->release), "%s", rel);
		return 0;
	}
	snprintf(fix, sizeof(fix), "apt-get install linux-headers-%s", rel);
	return mv_error_set(err, fix,
			    "no build tree for kernel %s: neither %s/usr/src/linux-headers-%s nor %s exists, and no %s%s/boot/%s-%s%s was found; install that kernel's headers (Debian/Ubuntu: linux-headers-%s, Fedora/RHEL: kernel-devel-%s), or name one with --kdir",
			    rel, root_dir(), rel, t->dir,
			    symvers ? "" : "symvers file ",
			    root_dir(), symvers ? "config" : "symvers",
			    rel, symvers ? " (or --vermagic)" : ".gz", rel, rel);
}

/*
 * Which build tree: --kdir, --kernel's headers, or the running kernel's;
 * without one, that kernel's installed symvers and configuration.
 */
static int choose_dir(struct mv_target *t, const struct mv_target_spec *spec,
		      struct mv_error *err)
{
	struct utsname uts;
	const char *rel = spec->kernel;

	if (spec->kdir) {
		snprintf(t->dir, sizeof(t->dir), "%s", spec->kdir);
		if (!is_dir(t->dir))
			return mv_error_set(err, NULL, "--kdir %s: not a directory", spec->kdir);
		return 0;
	}
	if (!rel && spec->symvers && spec->vermagic)
		return 0;	/* described entirely on the command line */
	if (!rel) {
		if (uname(&uts))
			return mv_error_set(err, NULL, "uname: %s", strerror(errno));
		rel = uts.release;
	}
	snprintf(t->dir, sizeof(t->dir), "%s/usr/src/linux-headers-%s",
		 root_dir(), rel);
	if (spec->kernel && is_dir(t->dir))
		return 0;
	snprintf(t->dir, sizeof(t->dir), "%s/lib/modules/%s/build", root_dir(),
		 rel);
	if (is_dir(t->dir))
		return 0;
	return choose_installed(t, spec, rel, err);
}

/*
 * Debian's kernels refuse an import that has no CRC in __versions (its
 * patch "module: Disable matching missing version CRC"); their build trees
 * name the package in include/generated/package.h.
 */
static void read_vendor(struct mv_target *t)
{
	char *pkg = tree_file(t, "include/generated/package.h");
	char id[128];

	t->refuses_unversioned = pkg &&
		header_string(pkg, "LINUX_PACKAGE_ID", id, sizeof(id)) &&
		strstr(id, "Debian");
	free(pkg);
}

/* Release, version, configuration, vermagic and vendor rules. */
static int read_tree(struct mv_target *t, const struct mv_target_spec *spec,
		     struct mv_error *err)
{
	char *uts = NULL, *config = NULL;
	int ret = 0;

	if (t->dir[0]) {
		uts = tree_file(t, "include/generated/utsrelease.h");
		config = tree_file(t, "include/config/auto.conf");
	} else if (t->config_file[0]) {
		/* a .config: the same CONFIG_FOO=y lines as auto.conf */
		unsigned char *data;
		size_t len;

		if (mv_read_file(t->config_file, TEXT_MAX, &data, &len, err))
			return -1;
		config = (char *)data;
	}
	if (uts && !header_string(uts, "UTS_RELEASE", t->release, sizeof(t->release))) {
		free(uts);
		uts = NULL;
	}
	if (t->dir[0] && (!uts || !config) && !spec->vermagic) {
		ret = mv_error_set(err, NULL,
				   "%s is not a prepared kernel build tree: no %s (install the kernel's headers package, or run 'make modules_prepare' in it)",
				   t->dir, !uts ? "include/generated/utsrelease.h" :
				   "include/config/auto.conf");
		goto out;
	}
	if (!uts && !t->release[0])	/* the release is vermagic's first word */
		snprintf(t->release, sizeof(t->release), "%.*s",
			 (int)strcspn(spec->vermagic, " "), spec->vermagic);
	if (spec->kernel && strcmp(spec->kernel, t->release))
		mv_log(MV_LOG_WARNING, "--kernel %s: the build tree %s is of release %s",
		       spec->kernel, t->dir, t->release);
	version_of_release(t);
	if (t->dir[0]) {
		read_version(t);
		read_vendor(t);
	}
	if (config) {
		read_config(t, config);
		compose_vermagic(t, config);
	} else {
		t->modversions = has_word(spec->vermagic, "modversions");
	}
	if (spec->vermagic)
		snprintf(t->vermagic, sizeof(t->vermagic), "%s", spec->vermagic);
out:
	free(uts);
	free(config);
	return ret;
}

static int read_exports(struct mv_target *t, const struct mv_target_spec *spec,
			struct mv_error *err)
{
	struct mv_error why;
	size_t unreadable = 0;
	char dir[4200];

	if (spec->symvers)
		snprintf(t->symvers, sizeof(t->symvers), "%s", spec->symvers);
	else if (t->dir[0])
		snprintf(t->symvers, sizeof(t->symvers), "%s/Module.symvers",
			 t->dir);
	/* else the installed one choose_installed() found */
	if (mv_exports_load_symvers(&t->exports, t->symvers,
				    &t->symvers_compression, &why))
		return mv_error_set(err, NULL, "%s%s", why.message, !t->dir[0] || spec->symvers ? "" :
				    " (the build tree lacks the kernel's exports: install the full headers package, or give them with --symvers)");
	if (!spec->with_modules)
		return 0;
	if (spec->modules_dir)
		snprintf(dir, sizeof(dir), "%s", spec->modules_dir);
	else
		snprintf(dir, sizeof(dir), "%s", t->modules_dir);
	t->modules_scanned = mv_exports_scan_modules(&t->exports, dir,
						     &unreadable, &why);
	if (t->modules_scanned < 0)
		return mv_error_set(err, NULL, "--with-modules: %s", why.message);
	if (unreadable)
		mv_log(MV_LOG_WARNING, "--with-modules: %zu files under %s could not be read as modules",
		       unreadable, dir);
	return 0;
}

int mv_target_load(struct mv_target *t, const struct mv_target_spec *spec,
		   struct mv_error *err)
{
	memset(t, 0, sizeof(*t));
	memset(err, 0, sizeof(*err));
	t->version = t->patchlevel = -1;
	t->big_endian = -1;
	mv_exports_init(&t->exports);
	if (choose_dir(t, spec, err) || read_tree(t, spec, err)) {
		mv_target_free(t);
		return -1;
	}
	snprintf(t->modules_dir, sizeof(t->modules_dir), "%s/lib/modules/%s",
		 root_dir(), t->release);
	if (read_exports(t, spec, err)) {
		mv_target_free(t);
		return -1;
	}
	read_struct_module_size(t);
	return 0;
}

void mv_target_free(struct mv_target *t)
{
	mv_exports_free(&t->exports);
}
