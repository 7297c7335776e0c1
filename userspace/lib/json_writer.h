/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer, after bpftool's json_writer (itself from
 * iproute2): it takes care of commas, nesting and string escaping, so the
 * renderer only says what to write.  Each top-level value is written on
 * its own line (pretty: its own lines), ended by a newline.
 */
#ifndef MODVERIFY_JSON_WRITER_H
#define MODVERIFY_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json_writer;

struct json_writer *jsonw_new(FILE *out);
/*
 * Free the writer; -1 if it stopped inside a value (an object or array
 * left open, a member name without its value), 0 otherwise.
 */
int jsonw_destroy(struct json_writer **writer);
/* Indent nested values by four spaces, one per line; returns the old setting. */
bool jsonw_pretty(struct json_writer *w, bool on);

void jsonw_start_object(struct json_writer *w);
void jsonw_end_object(struct json_writer *w);
void jsonw_start_array(struct json_writer *w);
void jsonw_end_array(struct json_writer *w);

/* The name of the next member of the current object. */
void jsonw_name(struct json_writer *w, const char *name);

/* Bytes that are not valid UTF-8 are written as U+FFFD; NULL is null. */
void jsonw_string(struct json_writer *w, const char *value);
void jsonw_uint(struct json_writer *w, uint64_t value);
void jsonw_int(struct json_writer *w, int64_t value);
void jsonw_bool(struct json_writer *w, bool value);
void jsonw_null(struct json_writer *w);
/* A decimal number given as text ("12.345678"); a string if not one. */
void jsonw_number_text(struct json_writer *w, const char *text);

/* name + value in one call */
void jsonw_string_field(struct json_writer *w, const char *name,
			const char *value);
void jsonw_uint_field(struct json_writer *w, const char *name, uint64_t value);
void jsonw_int_field(struct json_writer *w, const char *name, int64_t value);
void jsonw_bool_field(struct json_writer *w, const char *name, bool value);
void jsonw_null_field(struct json_writer *w, const char *name);

#endif /* MODVERIFY_JSON_WRITER_H */
