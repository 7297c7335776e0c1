// SPDX-License-Identifier: GPL-2.0
/*
 * The option table and its parser (options.h).  getopt_long() sees every
 * option of every command, and permutes operands to the end, so that the
 * command's name is the first operand wherever the options stand; an
 * option the chosen command does not take is then refused as unknown.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "options.h"

#define SHOW		(1u << MV_CMD_SHOW)
#define CHECK		(1u << MV_CMD_CHECK)
#define WATCH		(1u << MV_CMD_WATCH)
#define GLOBAL		(SHOW | CHECK | WATCH | (1u << MV_CMD_HELP) | (1u << MV_CMD_VERSION))

/* check's option groups in its help */
#define CHECK_KERNEL	0x100

enum {
	OPT_FILE = 256, OPT_HISTORY, OPT_COLOR, OPT_KERNEL, OPT_KDIR,
	OPT_SYMVERS, OPT_VERMAGIC, OPT_WITH_MODULES, OPT_RECORD, OPT_FROM,
	OPT_MODPROBE_CONFIG, OPT_OUTPUT, OPT_ATTACH,
};

static const struct option_row {
	const char *name;
	int has_arg;
	int val;		/* the short option, or OPT_* */
	unsigned int flags;	/* the commands that take it, CHECK_KERNEL */
	const char *help;	/* its lines in --help; NULL: an alias */
} rows[] = {
	{ "follow", no_argument, 'f', SHOW,
	  "  -f, --follow          print each new record as it happens, until interrupted\n"
	  "                        (the debugfs stream, or --file a stream, FIFO or '-')\n" },
	{ "from", required_argument, OPT_FROM, SHOW,
	  "      --from=SEQ        with --follow: start at record SEQ (1: the oldest kept)\n"
	  "                        instead of the newest\n" },
	{ "file", required_argument, OPT_FILE, SHOW,
	  "      --file=PATH       read a saved record from PATH ('-' for standard input);\n"
	  "                        records back to back (a saved history) are shown in order\n" },
	{ "all", no_argument, OPT_HISTORY, SHOW,
	  "  -a, --all, --history  read the debugfs history: the recent attempts, oldest first\n" },
	{ "history", no_argument, OPT_HISTORY, SHOW, NULL },
	{ "kernel", required_argument, OPT_KERNEL, CHECK | CHECK_KERNEL,
	  "      --kernel=RELEASE  /usr/src/linux-headers-RELEASE or /lib/modules/RELEASE/build;\n"
	  "                        without them /boot/symvers-RELEASE.gz and /boot/config-RELEASE\n" },
	{ "kdir", required_argument, OPT_KDIR, CHECK | CHECK_KERNEL,
	  "      --kdir=DIR        any kernel build tree (Module.symvers, include/config/auto.conf,\n"
	  "                        include/generated/utsrelease.h)\n" },
	{ "symvers", required_argument, OPT_SYMVERS, CHECK | CHECK_KERNEL,
	  "      --symvers=FILE    the kernel's Module.symvers, plain or .gz/.xz/.zst (with\n"
	  "                        --vermagic: no tree needed)\n" },
	{ "vermagic", required_argument, OPT_VERMAGIC, CHECK | CHECK_KERNEL,
	  "      --vermagic=STRING the kernel's vermagic (with --symvers: no tree needed)\n" },
	{ "with-modules", optional_argument, OPT_WITH_MODULES, CHECK | CHECK_KERNEL,
	  "      --with-modules[=DIR]  also resolve imports against the modules installed\n"
	  "                        in DIR (default /lib/modules/RELEASE)\n" },
	{ "modprobe-config", required_argument, OPT_MODPROBE_CONFIG, CHECK,
	  "      --modprobe-config=PATH  read modprobe's configuration from PATH (a file or\n"
	  "                        directory, as modprobe -C) instead of /etc/modprobe.d, ...\n" },
	{ "record", no_argument, OPT_RECORD, CHECK,
	  "      --record          print the predicted record (the debugfs format)\n" },
	{ "output", required_argument, OPT_OUTPUT, WATCH,
	  "      --output=FILE     also append each record to FILE, in the record format\n" },
	{ "attach", required_argument, OPT_ATTACH, WATCH,
	  "      --attach=MODE     the BPF programs: auto (default: fentry/fexit, kprobes\n"
	  "                        where those cannot attach), fentry or kprobe\n" },
	{ "json", no_argument, 'j', GLOBAL,
	  "  -j, --json            JSON output\n" },
	{ "pretty", no_argument, 'p', GLOBAL,
	  "  -p, --pretty          indented JSON output (implies --json)\n" },
	{ "verbose", no_argument, 'v', SHOW | CHECK | WATCH,
	  "  -v, --verbose         list every CRC comparison, loader stages, image details\n" },
	{ "color", optional_argument, OPT_COLOR, GLOBAL,
	  "      --color[=WHEN]    colour the output: auto (default), always or never\n" },
	{ "colour", optional_argument, OPT_COLOR, GLOBAL, NULL },
	{ "version", no_argument, 'V', SHOW,
	  "  -V, --version         show version\n" },
	{ "help", no_argument, 'h', GLOBAL,
	  "  -h, --help            show this help\n" },
};

/* Short options that are not a row's own: -a is --all. */
static const struct { int c, val; } short_aliases[] = { { 'a', OPT_HISTORY } };

static const char *const command_names[] = {
	[MV_CMD_SHOW] = "show", [MV_CMD_CHECK] = "check",
	[MV_CMD_HELP] = "help", [MV_CMD_VERSION] = "version",
	[MV_CMD_WATCH] = "watch",
};

int mv_command_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(command_names); i++)
		if (strcmp(name, command_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *mv_command_name(enum mv_command command)
{
	return command_names[command];
}

void mv_usage_error(struct mv_options *o, const char *fmt, ...)
{
	va_list ap;

	if (*o->usage_error)
		return;
	va_start(ap, fmt);
	vsnprintf(o->usage_error, sizeof(o->usage_error), fmt, ap);
	va_end(ap);
}

static const struct option_row *row_of(int val)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(short_aliases); i++)
		if (short_aliases[i].c == val)
			val = short_aliases[i].val;
	for (i = 0; i < ARRAY_SIZE(rows); i++)
		if (rows[i].val == val)
			return &rows[i];
	return NULL;
}

/* "-jpvfaVh" and the long table, from the rows. */
static void getopt_tables(char *shorts, struct option *longs)
{
	size_t i, n = 0;

	shorts[n++] = ':';	/* a missing argument is ':', not '?' */
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		longs[i] = (struct option){ rows[i].name, rows[i].has_arg,
					    NULL, rows[i].val };
		if (rows[i].val < 256)
			shorts[n++] = (char)rows[i].val;
	}
	for (i = 0; i < ARRAY_SIZE(short_aliases); i++)
		shorts[n++] = (char)short_aliases[i].c;
	shorts[n] = '\0';
	longs[ARRAY_SIZE(rows)] = (struct option){ NULL, 0, NULL, 0 };
}

/* Take one option; the commands it goes with are checked later. */
static void take(struct mv_options *o, int c)
{
	switch (c) {
	case 'f':
		o->follow = true;
		break;
	case OPT_FILE:
		o->file = optarg;
		break;
	case OPT_FROM: {
		char *end;

		o->has_from = true;
		o->from = strtoull(optarg, &end, 10);
		if (*optarg < '0' || *optarg > '9' || *end || o->from > (1ULL << 62))
			mv_usage_error(o, "--from: '%s' is not a record's seq", optarg);
		break;
	}
	case 'a':
	case OPT_HISTORY:
		o->history = true;
		break;
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
	case OPT_MODPROBE_CONFIG:
		o->modprobe_config = optarg;
		break;
	case OPT_OUTPUT:
		o->output = optarg;
		break;
	case OPT_ATTACH:
		if (!strcmp(optarg, "auto"))
			o->attach = MV_ATTACH_AUTO;
		else if (!strcmp(optarg, "fentry"))
			o->attach = MV_ATTACH_FENTRY;
		else if (!strcmp(optarg, "kprobe"))
			o->attach = MV_ATTACH_KPROBE;
		else
			mv_usage_error(o, "--attach: '%s' is not auto, fentry or kprobe", optarg);
		break;
	case 'p':
		o->pretty = true;
		/* fall through */
	case 'j':
		o->json = true;
		break;
	case 'v':
		o->verbose = true;
		break;
	case OPT_COLOR:
		if (mv_parse_color(optarg, &o->color))
			mv_usage_error(o, "--color: '%s' is not auto, always or never",
				       optarg);
		break;
	case 'V':
		o->version = true;
		break;
	case 'h':
		o->help = true;
		break;
	}
}

/* The option just parsed as typed: "--file=x", "--file", "-f". */
static const char *typed(int c, int longindex, char *argv[], char *buf,
			 size_t size)
{
	if (longindex < 0) {
		snprintf(buf, size, "-%c", c);
		return buf;
	}
	/* "--file x": the argument is the last word taken */
	if (optarg && optarg == argv[optind - 1] && optind >= 2)
		return argv[optind - 2];
	return argv[optind - 1];
}

/*
 * Parse argv again, from the start, up to the first option command does
 * not take; "" if there is none.
 */
static const char *first_foreign(int argc, char *argv[], const char *shorts,
				 const struct option *longs,
				 enum mv_command command, char *buf, size_t size)
{
	int c, longindex;

	optind = 0;	/* GNU getopt: start over */
	while ((longindex = -1,
		c = getopt_long(argc, argv, shorts, longs, &longindex)) != -1) {
		const struct option_row *row =
			longindex >= 0 ? &rows[longindex] : row_of(c);

		if (row && !(row->flags & (1u << command)))
			return typed(c, longindex, argv, buf, size);
	}
	return "";
}

void mv_options_parse(int argc, char *argv[], struct mv_options *o)
{
	struct option longs[ARRAY_SIZE(rows) + 1];
	char shorts[2 * ARRAY_SIZE(rows) + 8], word[8];
	unsigned int takers = ~0u;	/* the commands all given options go with */
	int c, longindex, command;

	memset(o, 0, sizeof(*o));
	o->color = MV_COLOR_AUTO;
	getopt_tables(shorts, longs);
	opterr = 0;	/* report usage errors ourselves, JSON-aware */
	while ((longindex = -1,
		c = getopt_long(argc, argv, shorts, longs, &longindex)) != -1) {
		const struct option_row *row;

		if (c == ':') {
			mv_usage_error(o, "option '%s' needs an argument",
				       argv[optind - 1]);
			continue;
		}
		if (c == '?') {
			if (optopt)
				mv_usage_error(o, "unknown option '-%c'", optopt);
			else
				mv_usage_error(o, "unknown option '%s'",
					       argv[optind - 1]);
			continue;
		}
		row = longindex >= 0 ? &rows[longindex] : row_of(c);
		if (row)
			takers &= row->flags;
		take(o, c);
	}
	o->operands = argv + optind;
	o->nr_operands = argc - optind;
	command = o->nr_operands ? mv_command_find(o->operands[0]) : -1;
	if (command >= 0) {
		o->operands++;
		o->nr_operands--;
	}
	o->command = command >= 0 ? (enum mv_command)command : MV_CMD_SHOW;
	/* an option of another command is as unknown as a misspelt one */
	if (!(takers & (1u << o->command)) && !*o->usage_error)
		mv_usage_error(o, "unknown option '%s'",
			       first_foreign(argc, argv, shorts, longs,
					     o->command, word, sizeof(word)));
}

/* The rows command takes, with flags & mask == want, as --help lists them. */
static void print_rows(enum mv_command command, unsigned int mask,
		       unsigned int want)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++)
		if (rows[i].help && (rows[i].flags & (1u << command)) &&
		    (rows[i].flags & mask) == want)
			fputs(rows[i].help, stdout);
}

void mv_options_help(enum mv_command command)
{
	if (command == MV_CMD_WATCH) {
		puts("Options:");
		print_rows(command, 0, 0);
		return;
	}
	if (command != MV_CMD_CHECK) {
		puts("Options:");
		print_rows(MV_CMD_SHOW, 0, 0);
		return;
	}
	puts("The kernel (default: the running one, /lib/modules/$(uname -r)/build):");
	print_rows(command, CHECK_KERNEL, CHECK_KERNEL);
	puts("\nOutput:");
	print_rows(command, CHECK_KERNEL, 0);
}
