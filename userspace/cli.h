/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the modverify commands share on the command line: the exit
 * statuses, error and warning messages (errors also as JSON on the run's
 * writer when JSON was asked for), the --color choice, and showing one
 * record with its diagnosis.  The library never prints; this is where its
 * errors and warnings reach the user; and printing a stream of records
 * (--follow, watch) with "lost: N" lines among them.
 */
#ifndef MODVERIFY_CLI_H
#define MODVERIFY_CLI_H

#include <stdbool.h>

#include "error.h"
#include "json_writer.h"
#include "record.h"
#include "render.h"

#define MV_PROGRAM		"modverify"

/* Exit statuses, the same for every command. */
#define MV_EXIT_LOADED		0	/* loaded (or predicted to load) */
#define MV_EXIT_NOT_LOADED	1
#define MV_EXIT_USAGE		2
#define MV_EXIT_NO_INPUT	3	/* no record / module could be read */
#define MV_EXIT_RUNNING		4	/* not decided: the module's init runs */

enum mv_color_mode { MV_COLOR_AUTO, MV_COLOR_ALWAYS, MV_COLOR_NEVER };

/*
 * Errors also go to w as {"error": ..., "fix": ...} from now on (NULL:
 * stderr only); and the library's warnings go to stderr.
 */
void mv_cli_start(struct json_writer *w);

/* "modverify: ERROR: ..." on stderr; fix is a command that fixes it, or NULL */
void mv_error(const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A library error, with its fix. */
void mv_report(const struct mv_error *err);
void mv_warning(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* --color[=WHEN]: 0, or -1 if WHEN is not auto, always or never */
int mv_parse_color(const char *when, enum mv_color_mode *mode);
/* only on a terminal, never with NO_COLOR or TERM=dumb (auto) */
bool mv_use_color(enum mv_color_mode mode);

/* One record and its diagnosis, as text on stdout or as the next value of w. */
void mv_show_record(const struct mv_record *rec, struct json_writer *w,
		    const struct mv_render_options *opts);
/* The same, the JSON object left open for the members a command adds. */
void mv_show_record_open(const struct mv_record *rec, struct json_writer *w,
			 const struct mv_render_options *opts);

/*
 * A stream of items on stdout (--follow, watch): in text a blank line
 * between two, in JSON one value each; *shown says whether something was
 * printed already.  Each item is flushed at once.
 */
void mv_stream_record(bool *shown, const struct mv_record *rec, struct json_writer *w,
		      const struct mv_render_options *opts);
/* "lost: N" in its place: {"lost": N}, or "lost: N " and one (N = 1) or many. */
void mv_stream_lost(bool *shown, struct json_writer *w, unsigned long long n,
		    const char *one, const char *many);

#endif /* MODVERIFY_CLI_H */
