// SPDX-License-Identifier: GPL-2.0
/*
 * kmod-host: the shims' out-of-line parts.  The kernel's printf family with
 * the %pe (errno name) and %pE (escaped buffer) extensions, the counted
 * string functions, strscpy(), printk into a capture buffer, `current`,
 * and stand-ins for the two things verdict.c and attempt.c take from
 * probes.c (which needs kprobes and is not compiled here):
 * mv_probe_attached() and mv_imports_source; and for preload.c's reaper
 * (kprobes and credentials: not compiled either).
 */
#define _GNU_SOURCE
#define KH_NO_STRING_MACROS

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include <linux/workqueue.h>

#include "modverify.h"

#include "kh.h"

/* Here the C library's own printf is meant. */
#undef snprintf
#undef vsnprintf

unsigned long long kh_work;
unsigned long kh_sleeping_locks;
unsigned long kh_tainted_mask;
struct new_utsname kh_utsname = { .release = "6.1.0-57-amd64" };

#define STR2(x) #x
#define STR(x) STR2(x)
const char kh_config[] = "k" STR(KH_VERSION_MAJOR) "." STR(KH_VERSION_MINOR)
#if IS_ENABLED(CONFIG_MODVERSIONS)
	"-mv";
#else
	"-nomv";
#endif

/* ---- counted string functions ---- */

void *kh_memchr(const void *s, int c, size_t n)
{
	const char *r = memchr(s, c, n);

	kh_work += r ? (size_t)(r - (const char *)s) + 1 : n;
	return (void *)r;
}

size_t kh_strnlen(const char *s, size_t n)
{
	size_t r = strnlen(s, n);

	kh_work += r < n ? r + 1 : n;
	return r;
}

size_t kh_strlen(const char *s)
{
	size_t r = strlen(s);

	kh_work += r + 1;
	return r;
}

int kh_strcmp(const char *a, const char *b)
{
	size_t i;

	for (i = 0; a[i] == b[i] && a[i]; i++)
		;
	kh_work += i + 1;
	return (unsigned char)a[i] - (unsigned char)b[i];
}

int kh_strncmp(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n && a[i] == b[i] && a[i]; i++)
		;
	kh_work += i < n ? i + 1 : n;
	return i < n ? (unsigned char)a[i] - (unsigned char)b[i] : 0;
}

int kh_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	size_t i;

	for (i = 0; i < n && x[i] == y[i]; i++)
		;
	kh_work += i < n ? i + 1 : n;
	return i < n ? x[i] - y[i] : 0;
}

size_t kh_strcspn(const char *s, const char *reject)
{
	size_t r = strcspn(s, reject);

	kh_work += r + 1;
	return r;
}

size_t kh_strspn(const char *s, const char *accept)
{
	size_t r = strspn(s, accept);

	kh_work += r + 1;
	return r;
}

char *kh_strchr(const char *s, int c)
{
	char *r = strchr(s, c);

	kh_work += (r ? (size_t)(r - s) : strlen(s)) + 1;
	return r;
}

/* lib/string.c: copy what fits, always terminate; -E2BIG when cut. */
ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t n;

	if (!size)
		return -E2BIG;
	n = strnlen(src, size);
	kh_work += n < size ? n + 1 : size;
	if (n == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, n + 1);
	return (ssize_t)n;
}

/* ---- the kernel's printf: standard conversions plus %pe and %pE ---- */

struct out {
	char *buf;
	size_t size, len;	/* len: what would have been written */
};

static void emit(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void emits(struct out *o, const char *s)
{
	while (*s)
		emit(o, *s++);
}

/* Names as with CONFIG_SYMBOLIC_ERRNAME (lib/errname.c). */
static const char *errname(long err)
{
	switch (err) {
	case ERESTARTSYS:
		return "ERESTARTSYS";
	case EPROBE_DEFER:
		return "EPROBE_DEFER";
	case ENOTSUPP:
		return "ENOTSUPP";
	default:
		return err > 0 && err < 4096 ? strerrorname_np((int)err) : NULL;
	}
}

/* lib/vsprintf.c, pointer 'e': the errno's name, or its number. */
static void put_errptr(struct out *o, const void *p)
{
	long err = (long)p;
	char num[32];

	if (err < 0 && err >= -4095) {
		const char *name = errname(-err);

		if (name) {
			emit(o, '-');
			emits(o, name);
			return;
		}
		snprintf(num, sizeof(num), "%ld", err);
	} else {
		snprintf(num, sizeof(num), "%p", p);
	}
	emits(o, num);
}

#define ESC_SPACE	0x01
#define ESC_SPECIAL	0x02
#define ESC_NULL	0x04
#define ESC_OCTAL	0x08
#define ESC_ANY		(ESC_SPACE | ESC_OCTAL | ESC_SPECIAL | ESC_NULL)
#define ESC_NP		0x10
#define ESC_HEX		0x20

/* The kernel's isprint(): Latin-1 0xa0-0xff counts as printable too. */
static bool k_isprint(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f) || c >= 0xa0;
}

/* lib/string_helpers.c string_escape_mem(), without @only and NA/NAP. */
static void put_escaped(struct out *o, const unsigned char *p, int len,
			unsigned int flags)
{
	static const char oct[] = "01234567", hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < len; i++) {
		unsigned char c = p[i];
		const char *sp = NULL;

		if ((flags & ESC_NP) && k_isprint(c)) {
			emit(o, (char)c);
			continue;
		}
		if (flags & ESC_SPACE)
			sp = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" :
			     c == '\v' ? "\\v" : c == '\f' ? "\\f" : NULL;
		if (!sp && (flags & ESC_SPECIAL))
			sp = c == '\\' ? "\\\\" : c == '\a' ? "\\a" : c == 0x1b ? "\\e" :
			     c == '"' ? "\\\"" : NULL;
		if (!sp && (flags & ESC_NULL) && !c)
			sp = "\\0";
		if (sp) {
			emits(o, sp);
		} else if (flags & ESC_OCTAL) {
			emit(o, '\\');
			emit(o, oct[c >> 6]);
			emit(o, oct[(c >> 3) & 7]);
			emit(o, oct[c & 7]);
		} else if (flags & ESC_HEX) {
			emits(o, "\\x");
			emit(o, hex[c >> 4]);
			emit(o, hex[c & 15]);
		} else {
			emit(o, (char)c);
		}
	}
}

/* One argument of a standard conversion, fetched by its type. */
union arg {
	long long ll;
	unsigned long long ull;
	const void *p;
	double d;
};

static union arg fetch(char conv, int lmod, va_list *ap)
{
	union arg a = { 0 };

	switch (conv) {
	case 'd': case 'i': case 'c':
		a.ll = lmod == 'L' ? va_arg(*ap, long long) :
		       lmod == 'l' ? va_arg(*ap, long) :
		       lmod == 'z' ? va_arg(*ap, ssize_t) :
		       lmod == 't' ? va_arg(*ap, ptrdiff_t) :
		       lmod == 'j' ? va_arg(*ap, intmax_t) : va_arg(*ap, int);
		break;
	case 'u': case 'o': case 'x': case 'X':
		a.ull = lmod == 'L' ? va_arg(*ap, unsigned long long) :
			lmod == 'l' ? va_arg(*ap, unsigned long) :
			lmod == 'z' ? va_arg(*ap, size_t) :
			lmod == 't' ? (unsigned long long)va_arg(*ap, ptrdiff_t) :
			lmod == 'j' ? va_arg(*ap, uintmax_t) : va_arg(*ap, unsigned int);
		break;
	case 's': case 'p':
		a.p = va_arg(*ap, const void *);
		break;
	default:	/* floating point: not in the kernel */
		a.d = va_arg(*ap, double);
		break;
	}
	return a;
}

/*
 * Format one standard conversion with the C library: the spec is rewritten
 * with the widest length modifier of its kind ("ll" for integers), so that
 * the fetched value can be passed whatever its original type.
 */
static void put_std(struct out *o, const char *spec, size_t speclen, int nstars,
		    const int *stars, char conv, union arg a)
{
	char f[40], small[512];
	char *dst = small;
	size_t i, n = 0, room = sizeof(small);
	int r;

	for (i = 0; i + 1 < speclen && n + 4 < sizeof(f); i++)
		if (!strchr("hlzjtL", spec[i]))
			f[n++] = spec[i];
	if (strchr("diuoxX", conv)) {
		f[n++] = 'l';
		f[n++] = 'l';
	}
	f[n++] = conv;
	f[n] = '\0';
	for (;;) {
#define FMT(val) \
		(nstars == 2 ? snprintf(dst, room, f, stars[0], stars[1], val) : \
		 nstars == 1 ? snprintf(dst, room, f, stars[0], val) : \
		 snprintf(dst, room, f, val))
		switch (conv) {
		case 'd': case 'i':
			r = FMT(a.ll);
			break;
		case 'c':
			r = FMT((int)a.ll);
			break;
		case 'u': case 'o': case 'x': case 'X':
			r = FMT(a.ull);
			break;
		case 's':
			r = FMT((const char *)a.p);
			break;
		case 'p':
			r = FMT(a.p);
			break;
		default:
			r = FMT(a.d);
			break;
		}
#undef FMT
		if (r < 0 || (size_t)r < room || dst != small)
			break;
		room = (size_t)r + 1;
		dst = malloc(room);
		if (!dst)
			abort();
	}
	for (i = 0; r > 0 && i < (size_t)r; i++)
		emit(o, dst[i]);
	if (dst != small)
		free(dst);
}

int kh_vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		const char *spec = fmt;
		int stars[2], nstars = 0, lmod = 0, width = -1;
		char conv;

		if (*fmt != '%') {
			emit(&o, *fmt++);
			continue;
		}
		fmt++;
		if (*fmt == '%') {
			emit(&o, '%');
			fmt++;
			continue;
		}
		while (*fmt && strchr("-+ #0", *fmt))
			fmt++;
		if (*fmt == '*') {
			width = stars[nstars++] = va_arg(ap, int);
			fmt++;
		} else {
			while (isdigit((unsigned char)*fmt))
				fmt++;
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				stars[nstars++] = va_arg(ap, int);
				fmt++;
			} else {
				while (isdigit((unsigned char)*fmt))
					fmt++;
			}
		}
		if (*fmt == 'h') {
			fmt += fmt[1] == 'h' ? 2 : 1;
		} else if (*fmt == 'l') {
			lmod = fmt[1] == 'l' ? 'L' : 'l';
			fmt += fmt[1] == 'l' ? 2 : 1;
		} else if (*fmt && strchr("zjtL", *fmt)) {
			lmod = *fmt == 'L' ? 'L' : *fmt;
			fmt++;
		}
		conv = *fmt;
		if (!conv)
			break;
		fmt++;
		if (conv == 'p' && *fmt == 'e') {
			fmt++;
			put_errptr(&o, va_arg(ap, const void *));
			continue;
		}
		if (conv == 'p' && *fmt == 'E') {
			unsigned int flags = 0;
			const void *p;

			for (fmt++; *fmt && strchr("achnops", *fmt); fmt++)
				flags |= *fmt == 'a' ? ESC_ANY : *fmt == 'c' ? ESC_SPECIAL :
					 *fmt == 'h' ? ESC_HEX : *fmt == 'n' ? ESC_NULL :
					 *fmt == 'o' ? ESC_OCTAL : *fmt == 'p' ? ESC_NP : ESC_SPACE;
			p = va_arg(ap, const void *);
			/* As upstream: no width means one byte. */
			put_escaped(&o, p, width < 0 ? 1 : width, flags ? flags : ESC_ANY | ESC_NP);
			continue;
		}
		if (conv == 'p')	/* other %p extensions: plain pointer */
			while (isalnum((unsigned char)*fmt))
				fmt++;
		put_std(&o, spec, (size_t)((conv == 'p' ? strchr(spec, 'p') + 1 : fmt) - spec),
			nstars, stars, conv, fetch(conv, lmod, &ap));
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int kh_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = kh_vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

int kh_vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n = kh_vsnprintf(buf, size, fmt, args);

	if (!size)
		return 0;
	return (size_t)n < size ? n : (int)(size - 1);
}

int kh_scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = kh_vscnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

/* ---- printk ---- */

static char log_buf[1 << 16];
static size_t log_len;

void kh_printk(int level, const char *fmt, ...)
{
	va_list args;

	(void)level;
	va_start(args, fmt);
	log_len += (size_t)kh_vscnprintf(log_buf + log_len, sizeof(log_buf) - log_len,
					 fmt, args);
	va_end(args);
}

const char *kh_log(void)
{
	return log_buf;
}

void kh_log_reset(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

/* ---- current ---- */

static __thread struct task_struct self_task, *cur_task;

struct task_struct *kh_current(void)
{
	return cur_task ? cur_task : &self_task;
}

void kh_set_current(struct task_struct *t)
{
	cur_task = t;
}

/* ---- work items ---- */

static struct work_struct *pending_work[8];

bool schedule_work(struct work_struct *work)
{
	unsigned int i;

	if (work->pending)
		return false;
	for (i = 0; i < ARRAY_SIZE(pending_work); i++) {
		if (!pending_work[i]) {
			pending_work[i] = work;
			work->pending = true;
			return true;
		}
	}
	abort();	/* more distinct works than the kmod has */
}

bool cancel_work_sync(struct work_struct *work)
{
	unsigned int i;
	bool was = work->pending;

	for (i = 0; i < ARRAY_SIZE(pending_work); i++)
		if (pending_work[i] == work)
			pending_work[i] = NULL;
	work->pending = false;
	return was;
}

unsigned int kh_run_work(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(pending_work); i++) {
		struct work_struct *w = pending_work[i];

		if (!w)
			continue;
		pending_work[i] = NULL;
		w->pending = false;
		w->func(w);
		n++;
	}
	return n;
}

/* ---- stand-ins for probes.c and stream.c ---- */

unsigned long kh_stream_wakes;

void mv_stream_wake(void)
{
	kh_stream_wakes++;
}

/* As probes.c sets it; UNTRACKED until a test says which probe follows. */
enum mv_imports_source mv_imports_source;
static const char *const *attached;

void kh_set_attached(const char *const *symbols)
{
	attached = symbols;
}

bool mv_probe_attached(const char *symbol)
{
	unsigned int i;

	for (i = 0; attached && attached[i]; i++)
		if (!strcmp(attached[i], symbol))
			return true;
	return false;
}

/* preload.c holds no notes here: nothing to reap. */
void mv_preload_reap(void)
{
}

/* ---- reporting ---- */

static int failures;

void kh_check(const char *name, bool ok, const char *fmt, ...)
{
	va_list args;

	if (ok) {
		printf("PASS: kmod-host/%s/%s\n", kh_config, name);
		return;
	}
	failures++;
	printf("FAIL: kmod-host/%s/%s: ", kh_config, name);
	va_start(args, fmt);
	vprintf(fmt, args);
	va_end(args);
	printf("\n");
}

int kh_failures(void)
{
	return failures;
}
