/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How libmodverify reports trouble without printing anything: one error
 * type that every fallible function fills (a sentence, the command that
 * fixes it, the record line it is about), and a log callback for warnings
 * that do not stop the work.  The tool installs the callback and decides
 * where messages go, as kmod's tools do with kmod_set_log_fn(); without one,
 * warnings are dropped.
 */
#ifndef MODVERIFY_ERROR_H
#define MODVERIFY_ERROR_H

#include <stdarg.h>

struct mv_error {
	char message[512];	/* a sentence, without "ERROR:" */
	char fix[128];		/* a command that fixes it, or "" */
	unsigned int line;	/* parse errors: the input line, 0 for all of it */
};

/* Fill err (fix may be NULL) and return -1, for "return mv_error_set(...)". */
int mv_error_set(struct mv_error *err, const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int mv_error_vset(struct mv_error *err, const char *fix, const char *fmt,
		  va_list ap) __attribute__((format(printf, 3, 0)));

enum mv_log_priority {
	MV_LOG_WARNING,
};

typedef void (*mv_log_fn)(void *data, enum mv_log_priority priority,
			  const char *message);

/* Where the library's warnings go; NULL drops them (the default). */
void mv_set_log_fn(mv_log_fn fn, void *data);

/* A warning, through the installed callback. */
void mv_log(enum mv_log_priority priority, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* MODVERIFY_ERROR_H */
