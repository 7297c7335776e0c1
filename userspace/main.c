// SPDX-License-Identifier: GPL-2.0
/*
 * modverify - explain the kernel's verdict on a module load attempt, the
 * last one recorded by the modverify kernel module (show, the default), or
 * one predicted from a module file and a kernel's build tree (check).
 *
 * A command table in the manner of kmod's kmod_cmds[] and bpftool's
 * cmds[]: the options are parsed once (options.c), the global ones (-j,
 * -p, --color) wherever they stand; the first operand names the command.
 * The run's one JSON writer is created here and must be back at depth 0
 * when the command returns.
 *
 * Exit status: 0 the attempt loaded the module (or is predicted to), 1 it
 * did not, 2 usage error, 3 no record or module could be read, 4 its init
 * is still running.
 */
#include <stdio.h>

#include "array.h"
#include "cli.h"
#include "commands.h"
#include "source.h"


static int help_run(const struct mv_context *ctx);
static int version_run(const struct mv_context *ctx);
static void help_validate(struct mv_options *o);
static void version_validate(struct mv_options *o);

static const struct command {
	const char *summary;	/* its line in the help */
	void (*validate)(struct mv_options *o);
	int (*run)(const struct mv_context *ctx);
} commands[] = {
	[MV_CMD_SHOW] = { "the recorded attempt, or the history (the default)",
			  mv_show_validate, mv_show_run },
	[MV_CMD_CHECK] = { "predict the kernel's verdict on a module file",
			   mv_check_validate, mv_check_run },
	[MV_CMD_HELP] = { "this help, or a command's: help check",
			  help_validate, help_run },
	[MV_CMD_VERSION] = { "the version, and the record format it reads",
			     version_validate, version_run },
	[MV_CMD_WATCH] = { "record load attempts with BPF, without modverify.ko",
			   mv_watch_validate, mv_watch_run },
};

static void main_help(void)
{
	size_t i;

	printf("Usage: %s [OPTIONS] [show]\n"
	       "       %s [OPTIONS] check MODULE.ko   (predict a load: %s check --help)\n"
	       "       %s [OPTIONS] watch [--output FILE]   (record loads with BPF: %s watch --help)\n"
	       "       %s help [COMMAND]\n"
	       "       %s version\n"
	       "Explain the kernel's verdict on the last module load attempt, as recorded\n"
	       "by the modverify kernel module in %s/%s/%s (root only).\n"
	       "\n"
	       "Commands:\n",
	       MV_PROGRAM, MV_PROGRAM, MV_PROGRAM, MV_PROGRAM, MV_PROGRAM,
	       MV_PROGRAM, MV_PROGRAM, MV_DEBUGFS_ROOT, MV_DEBUGFS_DIR, MV_FILE_LAST);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		printf("  %-9s %s\n", mv_command_name((enum mv_command)i),
		       commands[i].summary);
	putchar('\n');
	mv_options_help(MV_CMD_SHOW);
	printf("\n"
	       "Exit status:\n"
	       "  0  the recorded attempt loaded the module (possibly tainted or forced)\n"
	       "  1  it did not: a check rejected it, or its init function failed\n"
	       "  2  usage error\n"
	       "  3  no record available, or it cannot be read or parsed\n"
	       "  4  not decided yet: the module's init is still running\n"
	       "\n"
	       "See %s(8).\n", MV_PROGRAM);
}

static void check_help(void)
{
	printf("Usage: %s check [OPTIONS] MODULE.ko\n"
	       "Predict whether a kernel will load a module, and why not, from the kernel's\n"
	       "build tree: no module is loaded, no root needed.  MODULE may be compressed\n"
	       "(.ko.xz, .ko.zst, .ko.gz).\n"
	       "\n", MV_PROGRAM);
	mv_options_help(MV_CMD_CHECK);
	printf("\n"
	       "Exit status:\n"
	       "  0  predicted to load (possibly tainted or forced)\n"
	       "  1  predicted to be refused\n"
	       "  2  usage error\n"
	       "  3  the module or the kernel's build tree cannot be read\n"
	       "\n"
	       "See %s(8).\n", MV_PROGRAM);
}

static void watch_help(void)
{
	printf("Usage: %s watch [OPTIONS]\n"
	       "Record every module load attempt from now on with BPF programs on the module\n"
	       "loader (root; no kernel module is loaded, so it works under Secure Boot and\n"
	       "lockdown=integrity), and show each as '%s show' does, until interrupted.\n"
	       "\n", MV_PROGRAM, MV_PROGRAM);
	mv_options_help(MV_CMD_WATCH);
	printf("\n"
	       "Exit status:\n"
	       "  0  interrupted after watching\n"
	       "  2  usage error\n"
	       "  3  the BPF programs cannot be loaded or attached here (the message says why)\n"
	       "\n"
	       "See %s(8).\n", MV_PROGRAM);
}

static void command_help(enum mv_command command)
{
	if (command == MV_CMD_WATCH)
		watch_help();
	else if (command == MV_CMD_CHECK)
		check_help();
	else
		main_help();
}

static void help_validate(struct mv_options *o)
{
	if (o->nr_operands > 1)
		mv_usage_error(o, "help takes one command: unexpected '%s'",
			       o->operands[1]);
	else if (o->nr_operands && mv_command_find(o->operands[0]) < 0)
		mv_usage_error(o, "unknown command '%s'", o->operands[0]);
}

static int help_run(const struct mv_context *ctx)
{
	const struct mv_options *o = ctx->opts;

	command_help(o->nr_operands ?
		     (enum mv_command)mv_command_find(o->operands[0]) :
		     MV_CMD_SHOW);
	return MV_EXIT_LOADED;
}

static void version_validate(struct mv_options *o)
{
	if (o->nr_operands)
		mv_usage_error(o, "unexpected argument '%s'", o->operands[0]);
}

static int version_run(const struct mv_context *ctx)
{
	struct json_writer *w = ctx->json;

	if (w) {
		jsonw_start_object(w);
		jsonw_string_field(w, "version", MODVERIFY_VERSION);
		jsonw_uint_field(w, "record_version", MV_RECORD_VERSION);
		jsonw_end_object(w);
		return MV_EXIT_LOADED;
	}
	printf("%s version %s\nreads modverify records of format version %d\n",
	       MV_PROGRAM, MODVERIFY_VERSION, MV_RECORD_VERSION);
	return MV_EXIT_LOADED;
}

int main(int argc, char *argv[])
{
	struct mv_options o;
	struct mv_context ctx = { .opts = &o };
	const struct command *cmd;
	int status;

	mv_options_parse(argc, argv, &o);
	cmd = &commands[o.command];
	cmd->validate(&o);
	if (o.json) {
		ctx.json = jsonw_new(stdout);
		if (!ctx.json) {
			mv_error(NULL, "out of memory");
			return MV_EXIT_NO_INPUT;
		}
		jsonw_pretty(ctx.json, o.pretty);
	}
	mv_cli_start(ctx.json);
	if (*o.usage_error) {
		mv_error(NULL, "%s; see '%s%s --help'", o.usage_error, MV_PROGRAM,
			 o.command == MV_CMD_CHECK ? " check" :
			 o.command == MV_CMD_WATCH ? " watch" : "");
		status = MV_EXIT_USAGE;
	} else if (o.help) {
		command_help(o.command);
		status = MV_EXIT_LOADED;
	} else {
		if (o.command == MV_CMD_SHOW && o.version)
			cmd = &commands[MV_CMD_VERSION];	/* -V */
		ctx.render.verbose = o.verbose;
		ctx.render.color = !o.json && mv_use_color(o.color);
		status = cmd->run(&ctx);
	}
	fflush(stdout);
	if (jsonw_destroy(&ctx.json)) {
		mv_cli_start(NULL);
		mv_error(NULL, "internal error: the JSON output was left unfinished");
		return MV_EXIT_NO_INPUT;
	}
	return status;
}
