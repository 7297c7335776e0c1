/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-host shim: <string.h> plus strscpy(), with the scanning functions
 * counted.  kh_work grows by the bytes each call examines (up to and
 * including the byte that ended it), so a test can bound the work of a
 * parse by the length of its input.  The byte loops in kmod's own code are
 * not counted: they are bounded by the structures they walk.
 */
#ifndef _KH_LINUX_STRING_H
#define _KH_LINUX_STRING_H

#include <string.h>
#include <sys/types.h>

extern unsigned long long kh_work;

void *kh_memchr(const void *s, int c, size_t n);
size_t kh_strnlen(const char *s, size_t n);
size_t kh_strlen(const char *s);
int kh_strcmp(const char *a, const char *b);
int kh_strncmp(const char *a, const char *b, size_t n);
int kh_memcmp(const void *a, const void *b, size_t n);
size_t kh_strcspn(const char *s, const char *reject);
size_t kh_strspn(const char *s, const char *accept);
char *kh_strchr(const char *s, int c);
ssize_t strscpy(char *dst, const char *src, size_t size);

/* kh.c implements the counters with the real functions. */
#ifndef KH_NO_STRING_MACROS
#undef memchr
#undef strnlen
#undef strlen
#undef strcmp
#undef strncmp
#undef memcmp
#undef strcspn
#undef strspn
#undef strchr
#define memchr(s, c, n)		kh_memchr(s, c, n)
#define strnlen(s, n)		kh_strnlen(s, n)
#define strlen(s)		kh_strlen(s)
#define strcmp(a, b)		kh_strcmp(a, b)
#define strncmp(a, b, n)	kh_strncmp(a, b, n)
#define memcmp(a, b, n)		kh_memcmp(a, b, n)
#define strcspn(s, r)		kh_strcspn(s, r)
#define strspn(s, a)		kh_strspn(s, a)
#define strchr(s, c)		kh_strchr(s, c)
#endif

#endif
