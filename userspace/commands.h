/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands of the command table (main.c), each in its own file: what
 * a command is given, and the command's two entry points.
 */
#ifndef MODVERIFY_COMMANDS_H
#define MODVERIFY_COMMANDS_H

#include "json_writer.h"
#include "options.h"
#include "render.h"

/* What a command runs with: its options and the run's output. */
struct mv_context {
	const struct mv_options *opts;
	struct json_writer *json;	/* -j: the run's one writer, else NULL */
	struct mv_render_options render;
};

/*
 * validate: the command's own usage rules, recorded with mv_usage_error()
 * in the order they are checked; run: the command, returning its exit
 * status (cli.h).
 */
void mv_show_validate(struct mv_options *o);
int mv_show_run(const struct mv_context *ctx);
/* show --follow: the stream, record by record (follow.c) */
int mv_follow(const struct mv_context *ctx);
void mv_check_validate(struct mv_options *o);
int mv_check_run(const struct mv_context *ctx);
/* watch: the BPF backend, when built with libbpf (watch.c) */
void mv_watch_validate(struct mv_options *o);
int mv_watch_run(const struct mv_context *ctx);

#endif /* MODVERIFY_COMMANDS_H */
