// SPDX-License-Identifier: GPL-2.0
/*
 * modverify check: predict, without loading anything and without root,
 * what the kernel's module loader will decide for a module file, from the
 * kernel's build tree (Module.symvers, the configuration, the release).
 * The prediction is a modverify record marked "prediction: yes", shown by
 * the same diagnosis and renderers as a record of a real attempt.
 *
 * Exit status: 0 predicted to load, 1 predicted refused, 2 usage error,
 * 3 the module or the kernel's build tree cannot be read.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "decompress.h"
#include "diagnose.h"
#include "elfmod.h"
#include "kernel_target.h"
#include "predict.h"
#include "predict_record.h"
#include "record.h"

struct check_options {
	struct mv_target_spec target;
	const char *module;
	bool json;
	bool record;
	struct mv_render_options render;
	enum mv_color_mode color;
};

static void help(void)
{
	printf("Usage: %s check [OPTIONS] MODULE.ko\n"
	       "Predict whether a kernel will load a module, and why not, from the kernel's\n"
	       "build tree: no module is loaded, no root needed.  MODULE may be compressed\n"
	       "(.ko.xz, .ko.zst, .ko.gz).\n"
	       "\n"
	       "The kernel (default: the running one, /lib/modules/$(uname -r)/build):\n"
	       "      --kernel=RELEASE  /usr/src/linux-headers-RELEASE or /lib/modules/RELEASE/build\n"
	       "      --kdir=DIR        any kernel build tree (Module.symvers, include/config/auto.conf,\n"
	       "                        include/generated/utsrelease.h)\n"
	       "      --symvers=FILE    the kernel's Module.symvers (with --vermagic: no tree needed)\n"
	       "      --vermagic=STRING the kernel's vermagic (with --symvers: no tree needed)\n"
	       "      --with-modules[=DIR]  also resolve imports against the modules installed\n"
	       "                        in DIR (default /lib/modules/RELEASE)\n"
	       "\n"
	       "Output:\n"
	       "      --record          print the predicted record (the debugfs format)\n"
	       "  -j, --json            JSON output\n"
	       "  -p, --pretty          indented JSON output (implies --json)\n"
	       "  -v, --verbose         list every CRC comparison, image details\n"
	       "      --color[=WHEN]    colour the output: auto (default), always or never\n"
	       "  -h, --help            show this help\n"
	       "\n"
	       "Exit status:\n"
	       "  0  predicted to load (possibly tainted or forced)\n"
	       "  1  predicted to be refused\n"
	       "  2  usage error\n"
	       "  3  the module or the kernel's build tree cannot be read\n"
	       "\n"
	       "See modverify(8).\n", MV_PROGRAM);
}

enum {
	OPT_KERNEL = 256, OPT_KDIR, OPT_SYMVERS, OPT_VERMAGIC, OPT_WITH_MODULES,
	OPT_RECORD, OPT_COLOR,
};

static const struct option long_options[] = {
	{ "kernel",	  required_argument,	NULL, OPT_KERNEL },
	{ "kdir",	  required_argument,	NULL, OPT_KDIR },
	{ "symvers",	  required_argument,	NULL, OPT_SYMVERS },
	{ "vermagic",	  required_argument,	NULL, OPT_VERMAGIC },
	{ "with-modules", optional_argument,	NULL, OPT_WITH_MODULES },
	{ "record",	  no_argument,		NULL, OPT_RECORD },
	{ "json",	  no_argument,		NULL, 'j' },
	{ "pretty",	  no_argument,		NULL, 'p' },
	{ "verbose",	  no_argument,		NULL, 'v' },
	{ "color",	  optional_argument,	NULL, OPT_COLOR },
	{ "colour",	  optional_argument,	NULL, OPT_COLOR },
	{ "help",	  no_argument,		NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Returns -1 after help, 1 on a usage error (message in why), else 0. */
static int parse_options(int argc, char *argv[], struct check_options *o,
			 char *why, size_t size)
{
	bool want_help = false;
	int c;

	optind = 1;
	opterr = 0;	/* report usage errors ourselves, JSON-aware */
	while ((c = getopt_long(argc, argv, ":jpvh", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_KERNEL:
			o->target.kernel = optarg;
			break;
		case OPT_KDIR:
			o->target.kdir = optarg;
			break;
		case OPT_SYMVERS:
			o->target.symvers = optarg;
			break;
		case OPT_VERMAGIC:
			o->target.vermagic = optarg;
			break;
		case OPT_WITH_MODULES:
			o->target.with_modules = true;
			o->target.modules_dir = optarg;
			break;
		case OPT_RECORD:
			o->record = true;
			break;
		case 'p':
			o->render.pretty = true;
			/* fall through */
		case 'j':
			o->json = true;
			break;
		case 'v':
			o->render.verbose = true;
			break;
		case OPT_COLOR:
			if (mv_parse_color(optarg, &o->color) && !*why)
				snprintf(why, size, "--color: '%s' is not auto, always or never",
					 optarg);
			break;
		case 'h':
			want_help = true;
			break;
		case ':':
			if (!*why)
				snprintf(why, size, "option '%s' needs an argument",
					 argv[optind - 1]);
			break;
		default:
			if (!*why && optopt)
				snprintf(why, size, "unknown option '-%c'", optopt);
			else if (!*why)
				snprintf(why, size, "unknown option '%s'",
					 argv[optind - 1]);
			break;
		}
	}
	mv_json_errors = o->json;
	if (*why)
		return 1;
	if (want_help) {
		help();
		return -1;
	}
	if (optind < argc)
		o->module = argv[optind++];
	if (!o->module)
		snprintf(why, size, "which module? 'modverify check MODULE.ko'");
	else if (optind < argc)
		snprintf(why, size, "one module at a time: unexpected '%s'",
			 argv[optind]);
	else if (o->target.kernel && o->target.kdir)
		snprintf(why, size, "--kernel and --kdir both name the kernel: give one");
	else if (!o->target.kdir && !o->target.kernel &&
		 !o->target.symvers != !o->target.vermagic)
		snprintf(why, size, "without a build tree, --symvers and --vermagic go together");
	else if (o->record && o->json)
		snprintf(why, size, "--record prints the record itself: it does not go with --json");
	else if (o->target.vermagic && strlen(o->target.vermagic) >= 256)
		snprintf(why, size, "--vermagic: longer than the kernel's 255 bytes");
	return *why ? 1 : 0;
}

/* Modules that must be loaded first: insmod does not load them, modprobe does. */
static void print_dependencies(const struct mv_prediction *p)
{
	size_t i;

	if (!p->nr_needs)
		return;
	fputs("\nDepends on ", stdout);
	for (i = 0; i < p->nr_needs; i++)
		printf("%s%s (%s)", i ? ", " : "", p->needs[i].module,
		       p->needs[i].symbol);
	puts(": the prediction assumes they are loaded first (modprobe does that, insmod does not).");
}

/* The record, parsed back by the reader, then shown like any record. */
static int show(const struct check_options *o, const struct mv_prediction *p,
		const char *text)
{
	struct mv_parse_error perr;
	struct json_writer *w = NULL;
	struct mv_record rec;
	int status;

	if (mv_record_parse(text, strlen(text), &rec, &perr)) {
		mv_error(NULL, "internal error: the predicted record does not parse: line %u: %s",
			 perr.line, perr.message);
		return MV_EXIT_NO_INPUT;
	}
	if (o->json) {
		w = mv_json_writer(o->render.pretty);
		if (!w) {
			mv_record_free(&rec);
			mv_error(NULL, "out of memory");
			return MV_EXIT_NO_INPUT;
		}
	}
	mv_show_record(&rec, w, &o->render);
	jsonw_destroy(&w);
	if (!o->json)
		print_dependencies(p);
	fflush(stdout);
	status = mv_exit_status(&rec);
	mv_record_free(&rec);
	return status;
}

static int predict_and_show(const struct check_options *o,
			    const struct mv_elfmod *m,
			    const struct mv_target *t)
{
	struct strbuf text = STRBUF_INIT;
	struct mv_prediction p;
	int status;

	if (mv_predict(m, t, &p)) {
		mv_error(NULL, "out of memory");
		return MV_EXIT_NO_INPUT;
	}
	mv_prediction_record(&p, &text);
	if (o->record) {
		fputs(strbuf_str(&text), stdout);
		status = p.result ? MV_EXIT_NOT_LOADED : MV_EXIT_LOADED;
	} else {
		status = show(o, &p, strbuf_str(&text));
	}
	strbuf_release(&text);
	mv_prediction_free(&p);
	return status;
}

int mv_check_main(int argc, char *argv[])
{
	struct check_options o = { .color = MV_COLOR_AUTO };
	struct mv_module_file file;
	struct mv_source_error terr;
	struct mv_target target;
	struct mv_elfmod m;
	char why[512] = "";
	int status;

	status = parse_options(argc, argv, &o, why, sizeof(why));
	if (status < 0)
		return MV_EXIT_LOADED;
	if (status) {
		mv_error(NULL, "%s; see '%s check --help'", why, MV_PROGRAM);
		return MV_EXIT_USAGE;
	}
	o.render.color = !o.json && mv_use_color(o.color);

	if (mv_module_file_read(o.module, MV_MODULE_MAX_BYTES, &file, why,
				sizeof(why))) {
		mv_error(NULL, "%s", why);
		return MV_EXIT_NO_INPUT;
	}
	if (mv_elfmod_parse(&m, file.data, file.len, why, sizeof(why))) {
		mv_error(NULL, "%s: %s", o.module, why);
		mv_module_file_free(&file);
		return MV_EXIT_NO_INPUT;
	}
	if (mv_target_load(&target, &o.target, &terr)) {
		mv_error(terr.fix, "%s", terr.message);
		status = MV_EXIT_NO_INPUT;
	} else {
		status = predict_and_show(&o, &m, &target);
		mv_target_free(&target);
	}
	mv_elfmod_free(&m);
	mv_module_file_free(&file);
	return status;
}
