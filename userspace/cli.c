// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cli.h"
#include "diagnose.h"

bool mv_json_errors;

void mv_error(const char *fix, const char *fmt, ...)
{
	char message[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: ERROR: %s\n", MV_PROGRAM, message);
	if (mv_json_errors) {
		struct json_writer *w = jsonw_new(stdout);

		if (!w)
			return;
		jsonw_start_object(w);
		jsonw_string_field(w, "error", message);
		if (fix && *fix)
			jsonw_string_field(w, "fix", fix);
		jsonw_end_object(w);
		jsonw_destroy(&w);
		fflush(stdout);
	}
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

struct json_writer *mv_json_writer(bool pretty)
{
	struct json_writer *w = jsonw_new(stdout);

	if (w)
		jsonw_pretty(w, pretty);
	return w;
}

/* What advice can rely on: is this the machine the record comes from? */
static void probe_host(const struct mv_record *rec, struct mv_host *host)
{
	struct utsname uts;
	char build[400];
	struct stat st;

	memset(host, 0, sizeof(*host));
	if (!rec->kernel || uname(&uts) || strcmp(uts.release, rec->kernel))
		return;
	host->same_kernel = true;
	snprintf(build, sizeof(build), "/lib/modules/%s/build", uts.release);
	host->headers_present = stat(build, &st) == 0;
}

void mv_show_record(const struct mv_record *rec, struct json_writer *w,
		    const struct mv_render_options *opts)
{
	struct mv_diagnosis diag;
	struct mv_host host;

	probe_host(rec, &host);
	mv_diagnose(rec, &host, &diag);
	if (w)
		mv_render_json(w, rec, &diag);
	else
		mv_render_text(stdout, rec, &diag, opts);
	mv_diagnosis_free(&diag);
}
