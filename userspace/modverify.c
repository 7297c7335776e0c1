// SPDX-License-Identifier: GPL-2.0
/*
 * modverify - explain the kernel's verdict on the last module load attempt.
 *
 * Reads the record the modverify kernel module publishes in debugfs (or a
 * saved copy), and prints a diagnosis a person can act on, or JSON.
 *
 * `modverify check MODULE.ko` predicts the verdict instead (check.c).
 *
 * Exit status: 0 the attempt loaded the module, 1 it did not, 2 usage
 * error, 3 no record could be read.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "diagnose.h"
#include "json_writer.h"
#include "record.h"
#include "render.h"
#include "source.h"

#ifndef MODVERIFY_VERSION
#define MODVERIFY_VERSION "0.1"
#endif

#define EXIT_LOADED		MV_EXIT_LOADED
#define EXIT_USAGE		MV_EXIT_USAGE
#define EXIT_NO_RECORD		MV_EXIT_NO_INPUT

#define FOLLOW_INTERVAL_NS	(200 * 1000 * 1000)

struct options {
	bool json;
	bool follow;
	struct mv_render_options render;
	enum mv_color_mode color;
	const char *file;
	bool history;
};

static const char program[] = MV_PROGRAM;

static void help(void)
{
	printf("Usage: %s [OPTIONS]\n"
	       "       %s check MODULE.ko [OPTIONS]   (predict a load: %s check --help)\n"
	       "Explain the kernel's verdict on the last module load attempt, as recorded\n"
	       "by the modverify kernel module in %s/%s/%s (root only).\n"
	       "\n"
	       "Options:\n"
	       "  -f, --follow          print each new record as it happens, until interrupted\n"
	       "      --file=PATH       read a saved record from PATH ('-' for standard input);\n"
	       "                        records back to back (a saved history) are shown in order\n"
	       "  -a, --all, --history  read the debugfs history: the recent attempts, oldest first\n"
	       "  -j, --json            JSON output\n"
	       "  -p, --pretty          indented JSON output (implies --json)\n"
	       "  -v, --verbose         list every CRC comparison, loader stages, image details\n"
	       "      --color[=WHEN]    colour the output: auto (default), always or never\n"
	       "  -V, --version         show version\n"
	       "  -h, --help            show this help\n"
	       "\n"
	       "Exit status:\n"
	       "  0  the recorded attempt loaded the module (possibly tainted or forced)\n"
	       "  1  it did not: a check rejected it, or its init function failed\n"
	       "  2  usage error\n"
	       "  3  no record available, or it cannot be read or parsed\n"
	       "\n"
	       "See modverify(8).\n",
	       program, program, program, MV_DEBUGFS_ROOT, MV_DEBUGFS_DIR,
	       MV_DEBUGFS_LAST);
}

static void version(bool json)
{
	if (json) {
		struct json_writer *w = jsonw_new(stdout);

		if (!w)
			return;
		jsonw_start_object(w);
		jsonw_string_field(w, "version", MODVERIFY_VERSION);
		jsonw_uint_field(w, "record_version", MV_RECORD_VERSION);
		jsonw_end_object(w);
		jsonw_destroy(&w);
		return;
	}
	printf("%s version %s\nreads modverify records of format version %d\n",
	       program, MODVERIFY_VERSION, MV_RECORD_VERSION);
}

static void render_one(const struct options *opts, const struct mv_record *rec)
{
	struct json_writer *w =
		opts->json ? mv_json_writer(opts->render.pretty) : NULL;

	if (opts->json && !w)
		return;
	mv_show_record(rec, w, &opts->render);
	jsonw_destroy(&w);
	fflush(stdout);
}

static void report_parse_error(const struct mv_source *src,
			       const struct mv_parse_error *perr)
{
	if (perr->line)
		mv_error(NULL, "%s: line %u: %s", src->name, perr->line,
			 perr->message);
	else
		mv_error(NULL, "%s: %s", src->name, perr->message);
}

static unsigned int count_lines(const char *text, size_t len)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n += text[i] == '\n';
	return n;
}

/*
 * Parse every record of text (one, or a history's several) into *records.
 * Nothing is shown unless all of them parse.
 */
static int parse_all(const struct mv_source *src, const char *text,
		     size_t len, struct mv_record **records, size_t *nr)
{
	struct mv_parse_error perr;
	unsigned int line = 0;
	size_t offset = 0;

	*records = NULL;
	*nr = 0;
	do {
		struct mv_record *grown;
		size_t consumed;

		grown = realloc(*records, (*nr + 1) * sizeof(**records));
		if (!grown) {
			mv_error(NULL, "out of memory");
			return -1;
		}
		*records = grown;
		if (mv_record_parse_next(text + offset, len - offset, line,
					 &grown[*nr], &consumed, &perr)) {
			report_parse_error(src, &perr);
			return -1;
		}
		(*nr)++;
		line += count_lines(text + offset, consumed);
		offset += consumed;
	} while (offset < len);
	return 0;
}

static void free_all(struct mv_record *records, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		mv_record_free(&records[i]);
	free(records);
}

/* Show what the source holds; several records (a history) in order. */
static int show(const struct options *opts, const struct mv_source *src)
{
	struct mv_source_error serr;
	struct mv_record *records;
	struct json_writer *w = NULL;
	size_t nr, i;
	char *text;
	size_t len;
	int status;

	if (mv_source_read(src, &text, &len, &serr)) {
		mv_error(serr.fix, "%s", serr.message);
		return EXIT_NO_RECORD;
	}
	if (len == 0 && src->debugfs) {
		mv_error(NULL, "no module load attempt has been recorded since modverify was loaded; load a module (or use --follow to wait for one)");
		free(text);
		return EXIT_NO_RECORD;
	}
	if (parse_all(src, text, len, &records, &nr)) {
		free_all(records, nr);
		free(text);
		return EXIT_NO_RECORD;
	}
	free(text);

	if (opts->json) {
		w = mv_json_writer(opts->render.pretty);
		if (!w) {
			free_all(records, nr);
			mv_error(NULL, "out of memory");
			return EXIT_NO_RECORD;
		}
		if (nr > 1)
			jsonw_start_array(w);	/* a history: one array */
	}
	for (i = 0; i < nr; i++) {
		if (i && !w)
			fputs("\n", stdout);
		mv_show_record(&records[i], w, &opts->render);
	}
	if (w && nr > 1)
		jsonw_end_array(w);
	jsonw_destroy(&w);
	fflush(stdout);
	/* a history's status is its newest attempt's */
	status = mv_exit_status(&records[nr - 1]);
	free_all(records, nr);
	return status;
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* FNV-1a: to report a bad record once, not every 200 ms */
static uint64_t hash_text(const char *text, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)text[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Like dmesg -w: re-read every 200 ms, print when seq changes. */
static int follow(const struct options *opts, const struct mv_source *src)
{
	const struct timespec interval = { 0, FOLLOW_INTERVAL_NS };
	struct sigaction sa;
	bool first = true, shown = false, waiting = false;
	uint64_t last_seq = 0, bad_hash = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: wake nanosleep */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	while (!interrupted) {
		struct mv_source_error serr;
		struct mv_parse_error perr;
		struct mv_record rec;
		char *text;
		size_t len;

		if (mv_source_read(src, &text, &len, &serr)) {
			if (first) {
				mv_error(serr.fix, "%s", serr.message);
				return EXIT_NO_RECORD;
			}
			if (!waiting)
				mv_warning("%s; waiting", serr.message);
			waiting = true;
		} else {
			waiting = false;
			if (len && mv_record_parse(text, len, &rec, &perr)) {
				uint64_t h = hash_text(text, len);

				if (h != bad_hash)
					report_parse_error(src, &perr);
				bad_hash = h;
			} else if (len) {
				if (!shown || rec.seq != last_seq) {
					if (shown && !opts->json)
						putchar('\n');
					render_one(opts, &rec);
					last_seq = rec.seq;
					shown = true;
				}
				mv_record_free(&rec);
			}
			free(text);
		}
		first = false;
		nanosleep(&interval, NULL);
	}
	return EXIT_LOADED;
}

enum { OPT_FILE = 256, OPT_COLOR, OPT_HISTORY };

static const struct option long_options[] = {
	{ "follow",	no_argument,		NULL, 'f' },
	{ "file",	required_argument,	NULL, OPT_FILE },
	{ "all",	no_argument,		NULL, OPT_HISTORY },
	{ "history",	no_argument,		NULL, OPT_HISTORY },
	{ "json",	no_argument,		NULL, 'j' },
	{ "pretty",	no_argument,		NULL, 'p' },
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "color",	optional_argument,	NULL, OPT_COLOR },
	{ "colour",	optional_argument,	NULL, OPT_COLOR },
	{ "version",	no_argument,		NULL, 'V' },
	{ "help",	no_argument,		NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char *argv[])
{
	struct options opts = { .color = MV_COLOR_AUTO };
	char usage_error[256] = "";
	bool want_help = false, want_version = false;
	struct mv_source src;
	int c;

	if (argc > 1 && strcmp(argv[1], "check") == 0)
		return mv_check_main(argc - 1, argv + 1);
	opterr = 0;	/* report usage errors ourselves, JSON-aware */
	while ((c = getopt_long(argc, argv, ":afjpvVh", long_options, NULL)) != -1) {
		switch (c) {
		case 'f':
			opts.follow = true;
			break;
		case OPT_FILE:
			opts.file = optarg;
			break;
		case 'a':
		case OPT_HISTORY:
			opts.history = true;
			break;
		case 'p':
			/* -p implies -j, as in bpftool */
			opts.render.pretty = true;
			/* fall through */
		case 'j':
			opts.json = true;
			break;
		case 'v':
			opts.render.verbose = true;
			break;
		case OPT_COLOR:
			if (mv_parse_color(optarg, &opts.color) &&
			    !*usage_error)
				snprintf(usage_error, sizeof(usage_error),
					 "--color: '%s' is not auto, always or never",
					 optarg);
			break;
		case 'V':
			want_version = true;
			break;
		case 'h':
			want_help = true;
			break;
		case ':':
			if (!*usage_error)
				snprintf(usage_error, sizeof(usage_error),
					 "option '%s' needs an argument",
					 argv[optind - 1]);
			break;
		default:
			if (*usage_error)
				break;
			if (optopt)
				snprintf(usage_error, sizeof(usage_error),
					 "unknown option '-%c'", optopt);
			else
				snprintf(usage_error, sizeof(usage_error),
					 "unknown option '%s'", argv[optind - 1]);
			break;
		}
	}
	mv_json_errors = opts.json;
	if (!*usage_error && optind < argc)
		snprintf(usage_error, sizeof(usage_error),
			 "unexpected argument '%s' (to read a saved record: --file %s)",
			 argv[optind], argv[optind]);
	if (!*usage_error && opts.follow && opts.file &&
	    strcmp(opts.file, "-") == 0)
		snprintf(usage_error, sizeof(usage_error),
			 "--follow cannot read standard input; give a file or none");
	if (!*usage_error && opts.history && (opts.file || opts.follow))
		snprintf(usage_error, sizeof(usage_error),
			 "--history reads the debugfs history; it does not go with --file or --follow");
	if (*usage_error) {
		mv_error(NULL, "%s; see '%s --help'", usage_error, program);
		return EXIT_USAGE;
	}
	if (want_help) {
		help();
		return EXIT_LOADED;
	}
	if (want_version) {
		version(opts.json);
		return EXIT_LOADED;
	}

	opts.render.color = !opts.json && mv_use_color(opts.color);
	mv_source_init(&src, opts.file,
		       opts.history ? MV_DEBUGFS_HISTORY : MV_DEBUGFS_LAST);
	if (opts.follow)
		return follow(&opts, &src);
	return show(&opts, &src);
}
