/* SPDX-License-Identifier: GPL-2.0 */
/*
 * UTF-8 validation, so untrusted record text can be passed through to a
 * terminal or a JSON parser only when it is well formed.
 */
#ifndef MODVERIFY_UTF8_H
#define MODVERIFY_UTF8_H

#include <stddef.h>

/*
 * Length (2..4) of the well-formed multi-byte sequence at s (at most avail
 * bytes), or 0 if s does not start one.  Overlong forms and surrogates are
 * rejected.
 */
size_t utf8_sequence_length(const unsigned char *s, size_t avail);

#endif /* MODVERIFY_UTF8_H */
