// SPDX-License-Identifier: GPL-2.0
/*
 * The library's one error type and its log callback (error.h): the only
 * way libmodverify tells its caller anything besides return values.
 */
#include <stdio.h>
#include <string.h>

#include "error.h"

static mv_log_fn log_fn;
static void *log_data;

int mv_error_vset(struct mv_error *err, const char *fix, const char *fmt,
		  va_list ap)
{
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	snprintf(err->fix, sizeof(err->fix), "%s", fix ? fix : "");
	return -1;
}

int mv_error_set(struct mv_error *err, const char *fix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mv_error_vset(err, fix, fmt, ap);
	va_end(ap);
	return -1;
}

void mv_set_log_fn(mv_log_fn fn, void *data)
{
	log_fn = fn;
	log_data = data;
}

void mv_log(enum mv_log_priority priority, const char *fmt, ...)
{
	char message[1024];
	va_list ap;

	if (!log_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	log_fn(log_data, priority, message);
}
