// SPDX-License-Identifier: GPL-2.0
/*
 * A growable string (strbuf.h): the buffer doubles, and a failed allocation
 * leaves the text cut short rather than failing the caller.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static int strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want = sb->len + extra + 1;
	char *text;

	if (want <= sb->size)
		return 0;
	if (want < 2 * sb->size)
		want = 2 * sb->size;
	if (want < 64)
		want = 64;
	text = realloc(sb->text, want);
	if (!text)
		return -1;
	sb->text = text;
	sb->size = want;
	return 0;
}

void strbuf_add(struct strbuf *sb, const char *s, size_t len)
{
	if (strbuf_grow(sb, len))
		return;
	memcpy(sb->text + sb->len, s, len);
	sb->len += len;
	sb->text[sb->len] = '\0';
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || strbuf_grow(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->text + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->text ? sb->text : "";
}

char *strbuf_steal(struct strbuf *sb)
{
	char *text = sb->text;

	if (!text)
		text = calloc(1, 1);
	sb->text = NULL;
	sb->len = 0;
	sb->size = 0;
	return text;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->text);
	sb->text = NULL;
	sb->len = 0;
	sb->size = 0;
}
