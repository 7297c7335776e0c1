// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming JSON writer (json_writer.h).  State is a depth and three
 * flags, not a stack: a comma is due before a value exactly when the
 * enclosing container already holds one, and starting or ending a
 * container resets or sets that.  Top-level values end with a newline, so
 * one writer serves a whole run: one value, or one per line (--follow).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json_writer.h"
#include "utf8.h"

struct json_writer {
	FILE *out;
	unsigned int depth;
	bool pretty;
	bool need_comma;	/* the current container holds a value */
	bool after_name;	/* a member name was written, its value is due */
};

struct json_writer *jsonw_new(FILE *out)
{
	struct json_writer *w = calloc(1, sizeof(*w));

	if (w)
		w->out = out;
	return w;
}

int jsonw_destroy(struct json_writer **writer)
{
	struct json_writer *w = *writer;
	int balanced;

	if (!w)
		return 0;
	balanced = w->depth == 0 && !w->after_name;
	free(w);
	*writer = NULL;
	return balanced ? 0 : -1;
}

bool jsonw_pretty(struct json_writer *w, bool on)
{
	bool was = w->pretty;

	w->pretty = on;
	return was;
}

static void new_line(struct json_writer *w)
{
	unsigned int i;

	if (!w->pretty)
		return;
	putc('\n', w->out);
	for (i = 0; i < w->depth; i++)
		fputs("    ", w->out);
}

/* Separator and indentation before any value or member name. */
static void begin_value(struct json_writer *w)
{
	if (w->after_name) {
		w->after_name = false;
		return;
	}
	if (w->need_comma)
		putc(',', w->out);
	if (w->depth > 0)
		new_line(w);
}

/* A top-level value is complete: end its line, and flush it for a pipe. */
static void end_value(struct json_writer *w)
{
	if (w->depth > 0) {
		w->need_comma = true;
		return;
	}
	w->need_comma = false;
	putc('\n', w->out);
	fflush(w->out);
}

static void write_escaped(FILE *out, const char *s)
{
	const unsigned char *c = (const unsigned char *)s;
	size_t left = strlen(s);

	putc('"', out);
	while (left) {
		size_t seq;

		switch (*c) {
		case '"':  fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*c < 0x20 || *c == 0x7f) {
				fprintf(out, "\\u%04x", *c);
			} else if (*c < 0x80) {
				putc(*c, out);
			} else {
				seq = utf8_sequence_length(c, left);
				if (seq) {
					fwrite(c, 1, seq, out);
					c += seq;
					left -= seq;
					continue;
				}
				fputs("\\ufffd", out);
			}
		}
		c++;
		left--;
	}
	putc('"', out);
}

void jsonw_start_object(struct json_writer *w)
{
	begin_value(w);
	putc('{', w->out);
	w->depth++;
	w->need_comma = false;
}

void jsonw_start_array(struct json_writer *w)
{
	begin_value(w);
	putc('[', w->out);
	w->depth++;
	w->need_comma = false;
}

static void end_container(struct json_writer *w, char close)
{
	if (w->depth > 0)
		w->depth--;
	if (w->need_comma)
		new_line(w);
	putc(close, w->out);
	end_value(w);
}

void jsonw_end_object(struct json_writer *w)
{
	end_container(w, '}');
}

void jsonw_end_array(struct json_writer *w)
{
	end_container(w, ']');
}

void jsonw_name(struct json_writer *w, const char *name)
{
	begin_value(w);
	write_escaped(w->out, name);
	putc(':', w->out);
	if (w->pretty)
		putc(' ', w->out);
	w->after_name = true;
}

void jsonw_string(struct json_writer *w, const char *value)
{
	if (!value) {
		jsonw_null(w);
		return;
	}
	begin_value(w);
	write_escaped(w->out, value);
	end_value(w);
}

void jsonw_uint(struct json_writer *w, uint64_t value)
{
	begin_value(w);
	fprintf(w->out, "%" PRIu64, value);
	end_value(w);
}

void jsonw_int(struct json_writer *w, int64_t value)
{
	begin_value(w);
	fprintf(w->out, "%" PRId64, value);
	end_value(w);
}

void jsonw_bool(struct json_writer *w, bool value)
{
	begin_value(w);
	fputs(value ? "true" : "false", w->out);
	end_value(w);
}

void jsonw_null(struct json_writer *w)
{
	begin_value(w);
	fputs("null", w->out);
	end_value(w);
}

/* JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)? (no exponent needed here) */
static bool is_json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return false;
	if (*s == '.') {
		s++;
		if (!(*s >= '0' && *s <= '9'))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

void jsonw_number_text(struct json_writer *w, const char *text)
{
	if (!text || !is_json_number(text)) {
		jsonw_string(w, text);
		return;
	}
	begin_value(w);
	fputs(text, w->out);
	end_value(w);
}

void jsonw_string_field(struct json_writer *w, const char *name,
			const char *value)
{
	jsonw_name(w, name);
	jsonw_string(w, value);
}

void jsonw_uint_field(struct json_writer *w, const char *name, uint64_t value)
{
	jsonw_name(w, name);
	jsonw_uint(w, value);
}

void jsonw_int_field(struct json_writer *w, const char *name, int64_t value)
{
	jsonw_name(w, name);
	jsonw_int(w, value);
}

void jsonw_bool_field(struct json_writer *w, const char *name, bool value)
{
	jsonw_name(w, name);
	jsonw_bool(w, value);
}

void jsonw_null_field(struct json_writer *w, const char *name)
{
	jsonw_name(w, name);
	jsonw_null(w);
}
