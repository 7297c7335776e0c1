// SPDX-License-Identifier: GPL-2.0
/*
 * modverify show, the default command: the record the modverify kernel
 * module publishes in debugfs (or a saved copy), or its history, each
 * shown as a diagnosis a person can act on, or JSON; --follow (follow.c)
 * prints each new record as it comes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "cli.h"
#include "commands.h"
#include "diagnose.h"
#include "source.h"

void mv_show_validate(struct mv_options *o)
{
	if (o->nr_operands)
		mv_usage_error(o, "unexpected argument '%s' (to read a saved record: --file %s)",
			       o->operands[0], o->operands[0]);
	if (o->has_from && (!o->follow || o->file))
		mv_usage_error(o, "--from goes with --follow on the debugfs stream");
	if (o->history && (o->file || o->follow))
		mv_usage_error(o, "--history reads the debugfs history; it does not go with --file or --follow");
}

static void report_parse_error(const struct mv_source *src,
			       const struct mv_error *err)
{
	if (err->line)
		mv_error(NULL, "%s: line %u: %s", src->name, err->line,
			 err->message);
	else
		mv_error(NULL, "%s: %s", src->name, err->message);
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
	struct mv_error err;
	unsigned int line = 0;
	size_t offset = 0;

	*records = NULL;
	*nr = 0;
	do {
		struct mv_record rec, *slot;
		size_t consumed;

		if (mv_record_parse_next(text + offset, len - offset, line,
					 &rec, &consumed, &err)) {
			report_parse_error(src, &err);
			return -1;
		}
		slot = mv_array_append(records, nr, sizeof(**records));
		if (!slot) {
			mv_record_free(&rec);
			mv_error(NULL, "out of memory");
			return -1;
		}
		*slot = rec;
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
static int show(const struct mv_context *ctx, const struct mv_source *src)
{
	struct mv_render_options render = ctx->render;
	struct json_writer *w = ctx->json;
	struct mv_record *records;
	struct mv_error err;
	size_t nr, i;
	bool array;
	char *text;
	size_t len;
	int status;

	if (mv_source_read(src, &text, &len, &err)) {
		mv_report(&err);
		return MV_EXIT_NO_INPUT;
	}
	if (len == 0 && src->debugfs) {
		mv_error(NULL, "no module load attempt has been recorded since modverify was loaded; load a module (or use --follow to wait for one)");
		free(text);
		return MV_EXIT_NO_INPUT;
	}
	if (parse_all(src, text, len, &records, &nr)) {
		free_all(records, nr);
		free(text);
		return MV_EXIT_NO_INPUT;
	}
	free(text);
	render.live = src->debugfs;

	/* a history is one array, of however many records */
	array = w && (ctx->opts->history || nr > 1);
	if (array)
		jsonw_start_array(w);
	for (i = 0; i < nr; i++) {
		if (i && !w)
			fputs("\n", stdout);
		mv_show_record(&records[i], w, &render);
	}
	if (array)
		jsonw_end_array(w);
	/* a history's status is its newest attempt's */
	status = records[nr - 1].state == MV_STATE_RUNNING ? MV_EXIT_RUNNING :
		 mv_exit_status(&records[nr - 1]);
	free_all(records, nr);
	return status;
}

int mv_show_run(const struct mv_context *ctx)
{
	const struct mv_options *o = ctx->opts;
	struct mv_source src;

	if (o->follow)
		return mv_follow(ctx);
	mv_source_init(&src, o->file, o->history ? MV_FILE_HISTORY : MV_FILE_LAST);
	return show(ctx, &src);
}
