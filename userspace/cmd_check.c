// SPDX-License-Identifier: GPL-2.0
/*
 * modverify check: predict, without loading anything and without root,
 * what the kernel's module loader will decide for a module file, from the
 * kernel's build tree (Module.symvers, the configuration, the release).
 * The prediction is a record marked "prediction: yes" (check/predict.c),
 * shown by the same diagnosis and renderers as a record of a real attempt,
 * or printed as record text with --record.  After it, where the kernel's
 * facts came from, and what modprobe's configuration says about the module
 * (check/modconf.h): what can stop `modprobe X` before the kernel is asked.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "diagnose.h"
#include "elfmod.h"
#include "kernel_target.h"
#include "modconf.h"
#include "module_file.h"
#include "predict.h"

void mv_check_validate(struct mv_options *o)
{
	const struct mv_target_spec *t = &o->target;

	if (o->help)
		return;		/* check --help needs no module */
	if (!o->nr_operands)
		mv_usage_error(o, "which module? 'modverify check MODULE.ko'");
	else if (o->nr_operands > 1)
		mv_usage_error(o, "one module at a time: unexpected '%s'",
			       o->operands[1]);
	else if (t->kernel && t->kdir)
		mv_usage_error(o, "--kernel and --kdir both name the kernel: give one");
	else if (!t->kdir && !t->kernel && !t->symvers != !t->vermagic)
		mv_usage_error(o, "without a build tree, --symvers and --vermagic go together");
	else if (o->record && o->json)
		mv_usage_error(o, "--record prints the record itself: it does not go with --json");
	else if (t->vermagic && strlen(t->vermagic) >= 256)
		mv_usage_error(o, "--vermagic: longer than the kernel's 255 bytes");
}

/*
 * Where the kernel's facts came from: the build tree, or the files an
 * installed kernel ships (/boot/symvers-REL.gz, /boot/config-REL), and
 * which file gave the CRCs.
 */
static void print_kernel_files(const struct mv_target *t)
{
	const char *z = mv_compression_name(t->symvers_compression);

	if (t->dir[0])
		printf("\nkernel files:   the build tree %s\n", t->dir);
	else
		printf("\nkernel files:   no build tree: %s\n",
		       t->config_file[0] ? "the kernel's installed files" :
		       "--symvers and --vermagic");
	printf("  crcs from:    %s%s%s%s\n", t->symvers,
	       t->symvers_compression ? " (" : "",
	       t->symvers_compression ? z : "",
	       t->symvers_compression ? "-compressed)" : "");
	if (t->config_file[0])
		printf("  config from:  %s\n", t->config_file);
}

static void json_kernel_files(struct json_writer *w, const struct mv_target *t)
{
	jsonw_name(w, "kernel_files");
	jsonw_start_object(w);
	jsonw_string_field(w, "build_tree", t->dir[0] ? t->dir : NULL);
	jsonw_string_field(w, "symvers", t->symvers);
	jsonw_string_field(w, "symvers_compression", t->symvers_compression ?
			   mv_compression_name(t->symvers_compression) : NULL);
	jsonw_string_field(w, "config", t->config_file[0] ? t->config_file : NULL);
	jsonw_end_object(w);
}

/* Modules that must be loaded first: insmod does not load them, modprobe does. */
static void print_dependencies(const struct mv_dependencies *deps)
{
	size_t i;

	if (!deps->nr)
		return;
	fputs("\nDepends on ", stdout);
	for (i = 0; i < deps->nr; i++)
		printf("%s%s (%s)", i ? ", " : "", deps->items[i].module,
		       deps->items[i].symbol);
	puts(": the prediction assumes they are loaded first (modprobe does that, insmod does not).");
}

/* What check shows besides the prediction. */
struct check_facts {
	const struct mv_target *target;
	const struct mv_modconf *modconf;	/* NULL: not read */
	struct mv_error modconf_why;		/* why not */
};

static int predict_and_show(const struct mv_context *ctx,
			    const struct mv_elfmod *m,
			    const struct check_facts *f)
{
	const char *config_path = ctx->opts->modprobe_config;
	struct mv_dependencies deps;
	struct mv_record rec;
	int status;

	if (mv_predict(m, f->target, &rec, &deps)) {
		mv_error(NULL, "out of memory");
		return MV_EXIT_NO_INPUT;
	}
	if (ctx->opts->record) {
		struct strbuf text = STRBUF_INIT;

		mv_record_format(&rec, &text);
		fputs(strbuf_str(&text), stdout);
		strbuf_release(&text);
	} else {
		mv_show_record_open(&rec, ctx->json, &ctx->render);
		if (ctx->json) {
			json_kernel_files(ctx->json, f->target);
			mv_modconf_json(ctx->json, f->modconf, m, config_path);
			jsonw_end_object(ctx->json);
		} else {
			print_kernel_files(f->target);
			mv_modconf_print(stdout, f->modconf, f->modconf_why.message, m,
					 config_path);
			print_dependencies(&deps);
		}
	}
	status = mv_exit_status(&rec);
	mv_record_free(&rec);
	mv_dependencies_free(&deps);
	return status;
}

int mv_check_run(const struct mv_context *ctx)
{
	const struct mv_options *o = ctx->opts;
	const char *module = o->operands[0];
	struct mv_module_file file;
	struct mv_target target;
	struct mv_error err;
	struct mv_elfmod m;
	int status;

	if (mv_module_file_read(module, MV_MODULE_MAX_BYTES, &file, &err)) {
		mv_report(&err);
		return MV_EXIT_NO_INPUT;
	}
	if (mv_elfmod_parse(&m, file.data, file.len, &err)) {
		mv_error(NULL, "%s: %s", module, err.message);
		mv_module_file_free(&file);
		return MV_EXIT_NO_INPUT;
	}
	if (mv_target_load(&target, &o->target, &err)) {
		mv_report(&err);
		status = MV_EXIT_NO_INPUT;
	} else {
		struct check_facts facts = { .target = &target };
		struct mv_modconf modconf;

		/* for the release checked against; --record has no room for it */
		if (!o->record &&
		    !mv_modconf_read(m.name, target.modules_dir,
				     o->modprobe_config, &modconf,
				     &facts.modconf_why))
			facts.modconf = &modconf;
		status = predict_and_show(ctx, &m, &facts);
		if (facts.modconf)
			mv_modconf_free(&modconf);
		mv_target_free(&target);
	}
	mv_elfmod_free(&m);
	mv_module_file_free(&file);
	return status;
}
