/* SPDX-License-Identifier: GPL-2.0 */
/* A growable string, for sentences built from untrusted record values. */
#ifndef MODVERIFY_STRBUF_H
#define MODVERIFY_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *text;		/* always NUL-terminated once used */
	size_t len;
	size_t size;
};

#define STRBUF_INIT { NULL, 0, 0 }

/* Append formatted text; on allocation failure the text is cut short. */
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_add(struct strbuf *sb, const char *s, size_t len);
/* The text so far; "" for an empty buffer, never NULL. */
const char *strbuf_str(const struct strbuf *sb);
/* Hand the text to the caller (free() it); the buffer is reset. */
char *strbuf_steal(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

#endif /* MODVERIFY_STRBUF_H */
