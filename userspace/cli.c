// SPDX-License-Identifier: GPL-2.0
/* The command line's shared output (cli.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diagnose.h"
#include "host.h"

/* The run's JSON writer: errors are values of the output too. */
static struct json_writer *json_errors;

static void log_to_stderr(void *data, enum mv_log_priority priority,
			  const char *message)
{
	(void)data;
	(void)priority;		/* the library only warns */
	mv_warning("%s", message);
}

void mv_cli_start(struct json_writer *w)
{
	json_errors = w;
	mv_set_log_fn(log_to_stderr, NULL);
}

void mv_error(const char *fix, const char *fmt, ...)
{
	char message[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: ERROR: %s\n", MV_PROGRAM, message);
	if (json_errors) {
		/* one line, even with --pretty: a consumer greps for it */
		bool pretty = jsonw_pretty(json_errors, false);

		jsonw_start_object(json_errors);
		jsonw_string_field(json_errors, "error", message);
		if (fix && *fix)
			jsonw_string_field(json_errors, "fix", fix);
		jsonw_end_object(json_errors);
		jsonw_pretty(json_errors, pretty);
	}
}

void mv_report(const struct mv_error *err)
{
	mv_error(err->fix, "%s", err->message);
}

void mv_warning(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: WARNING: ", MV_PROGRAM);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	putc('\n', stderr);
}

int mv_parse_color(const char *when, enum mv_color_mode *mode)
{
	if (!when || strcmp(when, "always") == 0)
		*mode = MV_COLOR_ALWAYS;
	else if (strcmp(when, "auto") == 0)
		*mode = MV_COLOR_AUTO;
	else if (strcmp(when, "never") == 0)
		*mode = MV_COLOR_NEVER;
	else
		return -1;
	return 0;
}

bool mv_use_color(enum mv_color_mode mode)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (mode != MV_COLOR_AUTO)
		return mode == MV_COLOR_ALWAYS;
	if (no_color && no_color[0] != '\0')
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(STDOUT_FILENO) == 1;
}

void mv_show_record_open(const struct mv_record *rec, struct json_writer *w,
			 const struct mv_render_options *opts)
{
	struct mv_diagnosis diag;
	struct mv_host host;

	mv_host_probe(rec->kernel, opts->live, &host);
	mv_diagnose(rec, &host, &diag);
	if (w)
		mv_render_json_open(w, rec, &diag);
	else
		mv_render_text(stdout, rec, &diag, opts);
	mv_diagnosis_free(&diag);
}

void mv_show_record(const struct mv_record *rec, struct json_writer *w,
		    const struct mv_render_options *opts)
{
	mv_show_record_open(rec, w, opts);
	if (w)
		jsonw_end_object(w);
}

static void stream_separate(bool *shown, const struct json_writer *w)
{
	if (*shown && !w)
		putchar('\n');
	*shown = true;
}

void mv_stream_record(bool *shown, const struct mv_record *rec, struct json_writer *w,
		      const struct mv_render_options *opts)
{
	stream_separate(shown, w);
	mv_show_record(rec, w, opts);
	fflush(stdout);
}

void mv_stream_lost(bool *shown, struct json_writer *w, unsigned long long n,
		    const char *one, const char *many)
{
	stream_separate(shown, w);
	if (w) {
		jsonw_start_object(w);
		jsonw_uint_field(w, MV_KEY_LOST, n);
		jsonw_end_object(w);
	} else {
		printf("%s: %llu %s\n", MV_KEY_LOST, n, n == 1 ? one : many);
	}
	fflush(stdout);
}
