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
#include <time.h>

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

/*
 * Why a load the user made has no record, from kmod's tools (v30 to
 * v34.2): insmod opens the file before it calls the kernel, modprobe
 * looks the module up and reads its configuration first.
 */
#define NOT_REACHED_REASONS \
	"the path was wrong or the file unreadable (insmod prints 'could not load module X: ...' before it calls the kernel, 'could not insert module X: ...' after), modprobe did not find the module ('Module X not found in directory ...') or its configuration stopped it (modverify check X.ko shows what it says), or modverify was loaded after the attempt"

/* Seconds after which the newest record is unlikely to be the user's last load */
#define OLD_RECORD_AGE	60

/*
 * A live record older than a minute: say so, for whoever just ran a load
 * and expects to see it.
 */
static void note_old_record(const struct mv_record *rec)
{
	long long age, when = rec->timestamp ? strtoll(rec->timestamp, NULL, 10) : 0;

	if (!when || rec->state == MV_STATE_RUNNING)
		return;
	age = (long long)time(NULL) - when;
	if (age < OLD_RECORD_AGE)
		return;
	if (age < 2 * 3600)
		printf("\nThis attempt was %lld minutes ago.", age / 60);
	else
		printf("\nThis attempt was %lld hours ago.", age / 3600);
	printf(" If you loaded a module since, nothing of it reached the kernel's loader: %s.\n",
	       NOT_REACHED_REASONS);
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
		mv_error("modverify --follow",
			 "nothing reached the kernel's loader since modverify was loaded: no load attempt is recorded. A load that failed without a record did not reach it: %s. modverify --follow waits for the next attempt",
			 NOT_REACHED_REASONS);
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
	if (src->debugfs && !w)
		note_old_record(&records[nr - 1]);
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
