/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line: one table of every option (its spelling, which
 * commands take it, its line in --help), parsed in one pass whatever the
 * command.  The global options (-j, -p, --color) go with any command,
 * before or after its name; an option of another command is unknown.
 */
#ifndef MODVERIFY_OPTIONS_H
#define MODVERIFY_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "kernel_target.h"

enum mv_command {
	MV_CMD_SHOW,		/* the default */
	MV_CMD_CHECK,
	MV_CMD_HELP,
	MV_CMD_VERSION,
	MV_CMD_WATCH,		/* the BPF backend (watch.c) */
};

/* watch --attach: the kind of BPF programs on the loader. */
enum mv_attach_mode {
	MV_ATTACH_AUTO,		/* fentry/fexit, kprobes where those cannot attach */
	MV_ATTACH_FENTRY,
	MV_ATTACH_KPROBE,
};

struct mv_options {
	enum mv_command command;
	char usage_error[512];	/* the first usage error, "" if none */

	/* global */
	bool json;
	bool pretty;		/* indented JSON: implies json, as in bpftool */
	enum mv_color_mode color;
	bool help;		/* -h: the command's help */

	/* show, check */
	bool verbose;

	/* show */
	bool follow;
	bool has_from;		/* --from: the first seq to follow */
	unsigned long long from;
	bool history;
	const char *file;
	bool version;		/* -V */

	/* check */
	struct mv_target_spec target;
	bool record;
	const char *modprobe_config;	/* NULL: libkmod's default paths */

	/* watch */
	const char *output;	/* --output: append each record to it */
	enum mv_attach_mode attach;	/* --attach */

	/* what follows the command's name */
	char **operands;
	int nr_operands;
};

/* The command named name, or -1. */
int mv_command_find(const char *name);
const char *mv_command_name(enum mv_command command);

/*
 * Parse argv into o: the command and its options.  A usage error is kept
 * in o->usage_error (the first one found), not reported.
 */
void mv_options_parse(int argc, char *argv[], struct mv_options *o);

/* Record a usage error unless one is already there. */
void mv_usage_error(struct mv_options *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The options of command, as --help lists them. */
void mv_options_help(enum mv_command command);

#endif /* MODVERIFY_OPTIONS_H */
