// SPDX-License-Identifier: GPL-2.0
/*
 * The record parser (record.h): text to struct mv_record.
 *
 * The input is untrusted text (a debugfs file, or a file copied out of a CI
 * machine), so every value is checked and every failure names the line it
 * happened on.  Strings in the result point into one private copy of the
 * input, which is why parsing never allocates per value.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "record.h"
#include "vocab.h"

struct parser {
	struct mv_record *rec;
	struct mv_error *err;
	unsigned int line;
	unsigned int seq_line;
	bool seq_none;		/* "seq: -": a running record */
	char sep;		/* what followed the key's colon: ' ' or '\t' */
};

typedef int (*value_parser)(struct parser *p, char *value);

static int fail(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The error, on the line being parsed. */
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	p->err->line = p->line;
	va_start(ap, fmt);
	mv_error_vset(p->err, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

/* A short, printable copy of untrusted text for an error message. */
static const char *snippet(const char *s, char *buf, size_t size)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		buf[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	buf[i] = '\0';
	if (s[i] && size > 4)
		memcpy(buf + size - 4, "...", 4);
	return buf;
}

static bool is_none(const char *value)
{
	return strcmp(value, MV_NONE) == 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Strict decimal: digits only, no sign, no overflow. */
static bool parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!is_digit(*s))
		return false;
	for (; *s; s++) {
		if (!is_digit(*s))
			return false;
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

static bool parse_i64(const char *s, long long *out)
{
	bool negative = (*s == '-');
	uint64_t magnitude;

	if (!parse_u64(negative ? s + 1 : s, &magnitude))
		return false;
	if (magnitude > (uint64_t)INT64_MAX)
		return false;
	*out = negative ? -(long long)magnitude : (long long)magnitude;
	return true;
}

/* "0x" followed by 1..max_digits hex digits, up to *end (or the NUL). */
static bool parse_hex(const char *s, unsigned int max_digits, uint64_t *out,
		      const char **end)
{
	uint64_t v = 0;
	unsigned int n = 0;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	for (s += 2; hex_digit(*s) >= 0; s++, n++) {
		if (n == max_digits)
			return false;
		v = (v << 4) | (uint64_t)hex_digit(*s);
	}
	if (n == 0)
		return false;
	*out = v;
	if (end)
		*end = s;
	else if (*s)
		return false;
	return true;
}

/* "seconds.fraction", kept as text so no precision is lost. */
static bool is_decimal_time(const char *s)
{
	const char *dot = strchr(s, '.');
	const char *c;

	if (!dot || dot == s || !dot[1])
		return false;
	for (c = s; *c; c++)
		if (c != dot && !is_digit(*c))
			return false;
	return true;
}

static bool is_letters(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < 'A' || *s > 'Z')
			return false;
	return true;
}

/* Grow an array of the record by one zeroed element; NULL without memory. */
static void *append(struct parser *p, void *array_ptr, size_t *nr, size_t size)
{
	void *slot = mv_array_append(array_ptr, nr, size);

	if (!slot)
		fail(p, "out of memory");
	return slot;
}

/* ---- value parsers, one per key ---------------------------------- */

static int parse_version(struct parser *p, char *value)
{
	uint64_t v;

	if (!parse_u64(value, &v))
		return fail(p, "bad format version '%s'", value);
	if (v != MV_RECORD_VERSION)
		return fail(p,
			    "record format version %llu is not supported (this modverify reads version %d)",
			    (unsigned long long)v, MV_RECORD_VERSION);
	p->rec->version = (unsigned int)v;
	return 0;
}

/* A number, or "-" in a running record (checked with the state). */
static int parse_seq(struct parser *p, char *value)
{
	p->seq_line = p->line;
	if (is_none(value)) {
		p->seq_none = true;
		return 0;
	}
	if (!parse_u64(value, &p->rec->seq))
		return fail(p, "'%s' is not a sequence number", value);
	return 0;
}

/*
 * Undo the kernel's escaping of strings taken from a module image or a
 * task name, in place: \xHH is the byte HH, and a
 * backslash never stands alone.  A NUL is refused: it would cut the value.
 */
static int unescape(struct parser *p, char *s)
{
	char *out = s;

	for (; *s; s++) {
		int hi, lo;

		if (*s != '\\') {
			*out++ = *s;
			continue;
		}
		hi = s[1] == 'x' ? hex_digit(s[2]) : -1;
		lo = hi < 0 ? -1 : hex_digit(s[3]);
		if (lo < 0 || (hi | lo) == 0)
			return fail(p, "bad escape in '%s': only \\x01 to \\xff", s);
		*out++ = (char)(hi << 4 | lo);
		s += 3;
	}
	*out = '\0';
	return 0;
}

/* Free text, escaped; "-" means unknown. */
static int parse_text(struct parser *p, char *value, const char **out)
{
	if (!*value)
		return fail(p, "empty value (write '-' for unknown)");
	*out = is_none(value) ? NULL : value;
	return *out ? unescape(p, value) : 0;
}

#define TEXT_PARSER(field)					\
static int parse_##field(struct parser *p, char *value)		\
{								\
	return parse_text(p, value, &p->rec->field);		\
}
TEXT_PARSER(kernel)
TEXT_PARSER(comm)
TEXT_PARSER(module)
TEXT_PARSER(srcversion)
TEXT_PARSER(image_check)
TEXT_PARSER(vermagic_source)
TEXT_PARSER(intree)
TEXT_PARSER(retpoline)
TEXT_PARSER(license)
TEXT_PARSER(depends)
TEXT_PARSER(signer)
TEXT_PARSER(sig_id)
TEXT_PARSER(sig_key)
TEXT_PARSER(sig_hashalgo)
TEXT_PARSER(backend)

static int parse_time(struct parser *p, char *value, const char **out)
{
	if (is_none(value)) {
		*out = NULL;
		return 0;
	}
	if (!is_decimal_time(value))
		return fail(p, "'%s' is not 'seconds.fraction'", value);
	*out = value;
	return 0;
}

static int parse_timestamp(struct parser *p, char *value)
{
	return parse_time(p, value, &p->rec->timestamp);
}

static int parse_boottime(struct parser *p, char *value)
{
	return parse_time(p, value, &p->rec->boottime);
}

static int parse_pid(struct parser *p, char *value)
{
	uint64_t pid;

	if (is_none(value))
		return 0;
	if (!parse_u64(value, &pid) || pid > INT32_MAX)
		return fail(p, "'%s' is not a pid", value);
	p->rec->has_pid = true;
	p->rec->pid = (long long)pid;
	return 0;
}

static int parse_count(struct parser *p, char *value, bool *has, uint64_t *out)
{
	if (is_none(value))
		return 0;
	if (!parse_u64(value, out))
		return fail(p, "'%s' is not a number", value);
	*has = true;
	return 0;
}

static int parse_events_lost(struct parser *p, char *value)
{
	return parse_count(p, value, &p->rec->has_events_lost,
			   &p->rec->events_lost);
}

static int parse_image_size(struct parser *p, char *value)
{
	return parse_count(p, value, &p->rec->has_image_size,
			   &p->rec->image_size);
}

static int parse_shared_with(struct parser *p, char *value)
{
	return parse_count(p, value, &p->rec->has_shared_with,
			   &p->rec->shared_with);
}

/* A name in [a-z_]: a step of the syscalls, a security module's name. */
static bool is_lower_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((*s < 'a' || *s > 'z') && *s != '_')
			return false;
	return true;
}

static int parse_lower_name(struct parser *p, char *value, const char *key,
			    const char **out)
{
	if (is_none(value))
		return 0;
	if (!is_lower_name(value))
		return fail(p, "%s '%s' is not a name of a-z and '_', or '-'", key, value);
	*out = value;
	return 0;
}

static int parse_refused_at(struct parser *p, char *value)
{
	return parse_lower_name(p, value, MV_KEY_REFUSED_AT, &p->rec->refused_at);
}

static int parse_lsm(struct parser *p, char *value)
{
	return parse_lower_name(p, value, MV_KEY_LSM, &p->rec->lsm);
}

/* One side of "module_size: <module> <kernel>": bytes, or "-". */
static bool parse_size_word(const char *word, bool *has, uint64_t *out)
{
	if (is_none(word))
		return true;
	*has = parse_u64(word, out);
	return *has;
}

static int parse_module_size(struct parser *p, char *value)
{
	struct mv_module_size *size = &p->rec->module_size;
	char *space = strchr(value, ' ');
	bool ok;

	if (is_none(value))
		return 0;
	if (!space)
		return fail(p, "'%s' is not '<module bytes> <kernel bytes>' or '-'",
			    value);
	*space = '\0';
	ok = parse_size_word(value, &size->has_module, &size->module) &&
	     parse_size_word(space + 1, &size->has_kernel, &size->kernel);
	*space = ' ';
	if (!ok)
		return fail(p, "'%s' is not '<module bytes> <kernel bytes>' or '-'",
			    value);
	return 0;
}

static int parse_crc_total(struct parser *p, char *value)
{
	return parse_count(p, value, &p->rec->has_crc_total,
			   &p->rec->crc_total);
}

static int parse_forced_total(struct parser *p, char *value)
{
	return parse_count(p, value, &p->rec->has_forced_total,
			   &p->rec->forced_total);
}

static int parse_unresolved_total(struct parser *p, char *value)
{
	return parse_count(p, value, &p->rec->has_unresolved_total,
			   &p->rec->unresolved_total);
}

static int parse_crc_omitted(struct parser *p, char *value)
{
	return parse_count(p, value, &p->rec->has_crc_omitted,
			   &p->rec->crc_omitted);
}

/* "0x2 IGNORE_VERMAGIC": the mask decides, the names are for people. */
static int parse_flags(struct parser *p, char *value)
{
	const char *end;

	if (is_none(value))
		return 0;
	if (!parse_hex(value, 16, &p->rec->flags, &end) ||
	    (*end && *end != ' '))
		return fail(p, "'%s' is not '0x<hex> <names>'", value);
	p->rec->has_flags = true;
	return 0;
}

/* "-8 ENOEXEC", "0 OK" */
static int parse_errval(struct parser *p, char *value, struct mv_errval *out)
{
	char *space = strchr(value, ' ');
	const char *c;

	if (is_none(value))
		return 0;
	if (!space)
		return fail(p, "'%s' is not '<return value> <errno name>'",
			    value);
	*space = '\0';
	if (!parse_i64(value, &out->value) || out->value > 0) {
		*space = ' ';
		return fail(p, "'%s' is not '<return value> <errno name>'",
			    value);
	}
	/* the name is "-" when the kernel could not spell it */
	for (c = space + 1; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || is_digit(*c) || *c == '_'))
			break;
	if (!is_none(space + 1) && (c == space + 1 || *c)) {
		*space = ' ';
		return fail(p, "'%s' is not '<return value> <errno name>'",
			    value);
	}
	out->name = is_none(space + 1) ? NULL : space + 1;
	out->known = true;
	return 0;
}

/* "-" only where the state says the loader did not return (check_state()) */
static int parse_result(struct parser *p, char *value)
{
	return parse_errval(p, value, &p->rec->result);
}

static int parse_state(struct parser *p, char *value)
{
	int state = mv_state_from_name(value);

	if (state < 0)
		return fail(p, "state: '%s' is not '%s', '%s' or '%s'", value,
			    mv_state_name(MV_STATE_RETURNED),
			    mv_state_name(MV_STATE_RUNNING),
			    mv_state_name(MV_STATE_TASK_EXITED));
	p->rec->state = (enum mv_state)state;
	return 0;
}

/* "-19 ENODEV", "-", or "running" while the init runs (state: running) */
static int parse_init_result(struct parser *p, char *value)
{
	if (strcmp(value, MV_INIT_RUNNING) == 0) {
		p->rec->init_running = true;
		return 0;
	}
	return parse_errval(p, value, &p->rec->init_result);
}

static int parse_decided_by(struct parser *p, char *value)
{
	if (!*value || is_none(value))
		return fail(p, "decided_by needs a value");
	p->rec->decided_by_name = value;
	p->rec->decided_by = mv_decider_from_name(value);
	return 0;
}

/*
 * Cut the next space-separated word out of *rest, in place; NULL when
 * nothing is left.  Two spaces in a row give an empty word.
 */
static char *next_word(char **rest)
{
	char *word = *rest, *end;

	if (!word || !*word)
		return NULL;
	end = strchr(word, ' ');
	if (end)
		*end = '\0';
	*rest = end ? end + 1 : NULL;
	return word;
}

/* "module_sig_check check_version*5 do_init_module" */
static int parse_stages(struct parser *p, char *value)
{
	struct mv_record *rec = p->rec;
	char *rest = value, *word;

	if (is_none(value))
		return 0;
	while ((word = next_word(&rest))) {
		char *star;
		struct mv_stage *stage;

		if (!*word)
			return fail(p, "stages: empty stage name (double space?)");
		if (strcmp(word, "...") == 0 && !rest) {
			rec->stages_truncated = true;	/* more than it keeps */
			break;
		}
		stage = append(p, &rec->stages, &rec->nr_stages, sizeof(*stage));
		if (!stage)
			return -1;
		stage->name = word;
		stage->count = 1;
		star = strchr(word, '*');
		if (star) {
			uint64_t n;

			*star = '\0';
			if (!parse_u64(star + 1, &n) || n == 0 ||
			    n > 0xffffffffUL || star == word)
				return fail(p, "stages: bad repeat count in '%s*%s'",
					    word, star + 1);
			stage->count = (unsigned long)n;
		}
	}
	return 0;
}

static int parse_yesno(struct parser *p, char *value, const char *yes,
		       const char *no, enum mv_yesno *out)
{
	if (strcmp(value, yes) == 0)
		*out = MV_YN_YES;
	else if (strcmp(value, no) == 0)
		*out = MV_YN_NO;
	else if (is_none(value))
		*out = MV_YN_UNKNOWN;
	else
		return fail(p, "'%s' is not '%s', '%s' or '-'", value, yes, no);
	return 0;
}

static int parse_prediction(struct parser *p, char *value)
{
	return parse_yesno(p, value, "yes", "no", &p->rec->prediction);
}

static int parse_signature(struct parser *p, char *value)
{
	return parse_yesno(p, value, "present", "absent",
			   &p->rec->signature_present);
}

static int parse_sig_verified(struct parser *p, char *value)
{
	return parse_yesno(p, value, "yes", "no", &p->rec->sig_verified);
}

static int parse_sig_enforced(struct parser *p, char *value)
{
	return parse_yesno(p, value, "yes", "no", &p->rec->sig_enforced);
}

static int parse_sig_key_trusted(struct parser *p, char *value)
{
	return parse_yesno(p, value, "yes", "no", &p->rec->sig_key_trusted);
}

static int parse_release_compared(struct parser *p, char *value)
{
	return parse_yesno(p, value, "yes", "no",
			   &p->rec->vermagic_release_compared);
}

static int parse_sig_reason(struct parser *p, char *value)
{
	if (!*value)
		return fail(p, "sig_reason needs a value");
	if (is_none(value))
		return 0;
	p->rec->sig_reason_name = value;
	p->rec->sig_reason = mv_sig_reason_from_name(value);
	return 0;
}

/* unresolved: TAB symbol */
static int parse_unresolved(struct parser *p, char *value)
{
	struct mv_record *rec = p->rec;
	const char **slot;

	if (!*value || strchr(value, '\t'))
		return fail(p, "unresolved line needs one symbol name");
	slot = append(p, &rec->unresolved, &rec->nr_unresolved, sizeof(*slot));
	if (!slot)
		return -1;
	*slot = value;
	return unescape(p, value);
}

/* The kernel's quoting: '6.1.0-56-cloud-amd64 SMP ... ' */
static int parse_quoted(struct parser *p, char *value, const char **out,
			const char *what)
{
	size_t len = strlen(value);

	if (is_none(value)) {
		*out = NULL;
		return 0;
	}
	if (len < 2 || value[0] != '\'' || value[len - 1] != '\'')
		return fail(p, "%s must be single-quoted or '-'", what);
	value[len - 1] = '\0';
	*out = value + 1;
	return unescape(p, value + 1);
}

/* parameters: '...' with " ..." after it when cut, or "-" */
static int parse_parameters(struct parser *p, char *value)
{
	static const char cut[] = " ...";
	size_t len = strlen(value);

	p->rec->has_parameters = true;
	if (len > strlen(cut) && !strcmp(value + len - strlen(cut), cut)) {
		value[len - strlen(cut)] = '\0';
		p->rec->parameters_cut = true;
	}
	return parse_quoted(p, value, &p->rec->parameters, "parameters");
}

static int parse_parameter_rejected(struct parser *p, char *value)
{
	return parse_text(p, value, &p->rec->parameter_rejected);
}

static int parse_vermagic_module(struct parser *p, char *value)
{
	return parse_quoted(p, value, &p->rec->vermagic_module, "vermagic");
}

static int parse_vermagic_kernel(struct parser *p, char *value)
{
	return parse_quoted(p, value, &p->rec->vermagic_kernel, "vermagic");
}

static int parse_vermagic_verdict(struct parser *p, char *value)
{
	if (!*value)
		return fail(p, "vermagic_verdict needs a value");
	if (is_none(value))
		return 0;
	p->rec->vermagic_verdict_name = value;
	p->rec->vermagic_verdict = mv_vermagic_verdict_from_name(value);
	return 0;
}

static int parse_vermagic_differs(struct parser *p, char *value)
{
	struct mv_record *rec = p->rec;
	char *rest = value, *word;

	if (is_none(value))
		return 0;
	while ((word = next_word(&rest))) {
		const char **slot;

		if (!*word)
			return fail(p, "vermagic_differs: empty word name");
		slot = append(p, &rec->vermagic_differs,
			      &rec->nr_vermagic_differs, sizeof(*slot));
		if (!slot)
			return -1;
		*slot = word;
	}
	return 0;
}

/* Split a tab-separated value into exactly n fields, none empty. */
static int split_tabs(struct parser *p, char *value, char **fields,
		      unsigned int n, const char *what)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		char *tab = strchr(value, '\t');

		if ((tab == NULL) != (i == n - 1))
			return fail(p, "%s line needs %u tab-separated fields",
				    what, n);
		if (tab)
			*tab = '\0';
		if (!*value)
			return fail(p, "%s line has an empty field %u", what,
				    i + 1);
		fields[i] = value;
		if (tab)
			value = tab + 1;
	}
	return 0;
}

/*
 * The kernel's CRC is a u32; the module's is an unsigned long (struct
 * modversion_info), printed whole: high bits are why it mismatches.
 */
static int parse_crc_value(struct parser *p, const char *text, bool *has,
			   uint64_t *crc, unsigned int max_digits,
			   const char *side)
{
	if (is_none(text)) {
		*has = false;
		return 0;
	}
	if (!parse_hex(text, max_digits, crc, NULL))
		return fail(p, "crc: %s CRC '%s' is not 0x%%08x or '-'",
			    side, text);
	*has = true;
	return 0;
}

/* crc: TAB module TAB kernel TAB verdict TAB symbol */
static int parse_crc(struct parser *p, char *value)
{
	struct mv_record *rec = p->rec;
	char *field[4] = { NULL, NULL, NULL, NULL };
	uint64_t kernel_crc = 0;	/* stays 0 for "-" */
	struct mv_crc *crc;

	if (split_tabs(p, value, field, 4, "crc"))
		return -1;
	crc = append(p, &rec->crcs, &rec->nr_crcs, sizeof(*crc));
	if (!crc)
		return -1;
	if (parse_crc_value(p, field[0], &crc->has_module_crc,
			    &crc->module_crc, 16, "module") ||
	    parse_crc_value(p, field[1], &crc->has_kernel_crc,
			    &kernel_crc, 8, "kernel"))
		return -1;
	crc->kernel_crc = (uint32_t)kernel_crc;
	crc->verdict_name = field[2];
	crc->verdict = mv_crc_verdict_from_name(field[2]);
	crc->symbol = field[3];
	if (unescape(p, field[3]))
		return -1;
	return 0;
}

/* crc_exporter: TAB symbol TAB exporter TAB taint letters */
static int parse_crc_exporter(struct parser *p, char *value)
{
	struct mv_record *rec = p->rec;
	char *field[3] = { NULL, NULL, NULL };
	struct mv_exporter *e;

	if (split_tabs(p, value, field, 3, "crc_exporter"))
		return -1;
	e = append(p, &rec->exporters, &rec->nr_exporters, sizeof(*e));
	if (!e)
		return -1;
	e->symbol = field[0];
	e->exporter = is_none(field[1]) ? NULL : field[1];
	e->taint = is_none(field[2]) ? NULL : field[2];
	if (e->taint && strspn(e->taint, "ABCDEFIJKLMNOPRSTUWX") != strlen(e->taint))
		return fail(p, "crc_exporter: '%s' is not taint letters or '-'", e->taint);
	if (unescape(p, field[0]) || (e->exporter && unescape(p, field[1])))
		return -1;
	return 0;
}

const struct mv_exporter *mv_record_exporter(const struct mv_record *rec, const char *symbol)
{
	size_t i;

	for (i = 0; i < rec->nr_exporters; i++)
		if (symbol && !strcmp(rec->exporters[i].symbol, symbol))
			return &rec->exporters[i];
	return NULL;
}

/* forced: TAB ok|refused TAB reason */
static int parse_forced(struct parser *p, char *value)
{
	struct mv_record *rec = p->rec;
	char *field[2] = { NULL, NULL };
	struct mv_forced *forced;

	if (split_tabs(p, value, field, 2, "forced"))
		return -1;
	if (strcmp(field[0], "ok") && strcmp(field[0], "refused"))
		return fail(p, "forced: '%s' is not 'ok' or 'refused'",
			    field[0]);
	forced = append(p, &rec->forced, &rec->nr_forced, sizeof(*forced));
	if (!forced)
		return -1;
	forced->outcome = field[0];
	forced->ok = strcmp(field[0], "ok") == 0;
	forced->reason = field[1];
	if (unescape(p, field[1]))
		return -1;
	return 0;
}

/*
 * "relocation: -", or "relocation:" TAB reason TAB type TAB section TAB
 * offset TAB symbol; "-" for a field not known.
 */
static int parse_relocation(struct parser *p, char *value)
{
	struct mv_relocation *rel = &p->rec->relocation;
	char *field[5] = { NULL, NULL, NULL, NULL, NULL };
	const char *c;

	if (p->sep == ' ') {
		if (!is_none(value))
			return fail(p, "relocation: write '-', or the fields after a tab");
		return 0;
	}
	if (split_tabs(p, value, field, 5, "relocation"))
		return -1;
	if (is_none(field[0]))
		return fail(p, "relocation: the reason is required ('relocation: -' for none)");
	rel->reason_name = field[0];
	rel->reason = mv_reloc_reason_from_name(field[0]);
	for (c = field[1]; !is_none(field[1]) && *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || is_digit(*c) || *c == '_'))
			return fail(p, "relocation: type '%s' is not a name like R_X86_64_PLT32, a number or '-'",
				    field[1]);
	rel->type = is_none(field[1]) ? NULL : field[1];
	if (parse_text(p, field[2], &rel->section))
		return -1;
	if (!is_none(field[3])) {
		if (!parse_hex(field[3], 16, &rel->offset, NULL))
			return fail(p, "relocation: offset '%s' is not 0x<hex> or '-'",
				    field[3]);
		rel->has_offset = true;
	}
	return parse_text(p, field[4], &rel->symbol);
}

/*
 * "-", "ok", "absent", "invalid -22", "mismatch_allowed -22": the states
 * that failed carry the verifier's errno, the others nothing.
 */
static int parse_btf(struct parser *p, char *value)
{
	struct mv_btf *btf = &p->rec->btf;
	char *space = strchr(value, ' ');
	bool failed;
	int state;

	if (space)
		*space = '\0';
	state = mv_btf_state_from_name(value);
	if (space)
		*space = ' ';
	if (state < 0)
		return fail(p, "btf: '%s' is not '-', 'ok', 'absent', 'invalid <errno>' or 'mismatch_allowed <errno>'",
			    value);
	failed = state == MV_BTF_INVALID || state == MV_BTF_MISMATCH_ALLOWED;
	/* An allowed failure's errno is not seen by the kernel module. */
	if (state == MV_BTF_MISMATCH_ALLOWED && space && is_none(space + 1)) {
		btf->state = MV_BTF_MISMATCH_ALLOWED;
		return 0;
	}
	if (failed && (!space || !parse_i64(space + 1, &btf->errno_value) ||
		       btf->errno_value >= 0))
		return fail(p, "btf: '%s' needs a negative errno: '%s <errno>'",
			    value, mv_btf_state_name((enum mv_btf_state)state));
	if (!failed && space)
		return fail(p, "btf: '%s' takes no errno", value);
	btf->state = (enum mv_btf_state)state;
	btf->has_errno = failed;
	return 0;
}

static int parse_btf_log(struct parser *p, char *value)
{
	return parse_quoted(p, value, &p->rec->btf.log, "btf_log");
}

/* "0x3000 OE", "0x0 -" */
static int parse_taint(struct parser *p, char *value, struct mv_taint *out)
{
	const char *end;

	if (is_none(value))
		return 0;
	if (!parse_hex(value, 16, &out->mask, &end))
		return fail(p, "'%s' is not '0x<hex> <letters>'", value);
	if (*end == ' ') {
		end++;
		if (!is_none(end) && !is_letters(end))
			return fail(p, "taint letters '%s' are not A-Z or '-'",
				    end);
		out->letters = is_none(end) ? NULL : end;
	} else if (*end) {
		return fail(p, "'%s' is not '0x<hex> <letters>'", value);
	}
	out->known = true;
	return 0;
}

static int parse_taint_before(struct parser *p, char *value)
{
	return parse_taint(p, value, &p->rec->taint_before);
}

static int parse_taint_after(struct parser *p, char *value)
{
	return parse_taint(p, value, &p->rec->taint_after);
}

static int parse_taint_added(struct parser *p, char *value)
{
	return parse_taint(p, value, &p->rec->taint_added);
}

static int parse_module_taint(struct parser *p, char *value)
{
	if (is_none(value))
		return 0;
	if (!is_letters(value))
		return fail(p, "module_taint '%s' is not letters A-Z or '-'",
			    value);
	p->rec->module_taint = value;
	return 0;
}

static int parse_end(struct parser *p, char *value)
{
	uint64_t end;

	if (!p->seq_line)
		return fail(p, "'end' line without a 'seq' line");
	if (p->seq_none && is_none(value))
		return 0;
	if (!is_none(value) && !parse_u64(value, &end))
		return fail(p, "'%s' is not a sequence number", value);
	if (p->seq_none || is_none(value)) {
		char seq[24];

		snprintf(seq, sizeof(seq), "%llu", (unsigned long long)p->rec->seq);
		return fail(p, "'end: %s' does not repeat 'seq: %s' (line %u): the record is torn or truncated",
			    value, p->seq_none ? MV_NONE : seq, p->seq_line);
	}
	if (end != p->rec->seq)
		return fail(p,
			    "'end: %llu' does not repeat 'seq: %llu' (line %u): the record is torn or truncated",
			    (unsigned long long)end,
			    (unsigned long long)p->rec->seq, p->seq_line);
	return 0;
}

/* What follows a key's colon. */
enum key_sep {
	SEP_SPACE,		/* "key: value" */
	SEP_TAB,		/* "key:\tfield\tfield...": crc, forced, unresolved */
	SEP_EITHER,		/* relocation: "relocation: -" or tab-separated */
};

/* Keys this reader knows; others are skipped (forward compatibility). */
static const struct key_parser {
	const char *key;
	value_parser parse;
	bool repeats;		/* crc, forced and unresolved lines repeat */
	bool required;
	enum key_sep sep;
} key_parsers[] = {
	{ MV_KEY_FORMAT,		parse_version, false, true, SEP_SPACE },
	{ MV_KEY_PREDICTION,		parse_prediction, false, false, SEP_SPACE },
	{ MV_KEY_BACKEND,		parse_backend, false, false, SEP_SPACE },
	{ MV_KEY_EVENTS_LOST,		parse_events_lost, false, false, SEP_SPACE },
	{ MV_KEY_SEQ,			parse_seq, false, true, SEP_SPACE },
	{ MV_KEY_TIMESTAMP,		parse_timestamp, false, false, SEP_SPACE },
	{ MV_KEY_BOOTTIME,		parse_boottime, false, false, SEP_SPACE },
	{ MV_KEY_KERNEL,		parse_kernel, false, false, SEP_SPACE },
	{ MV_KEY_PID,			parse_pid, false, false, SEP_SPACE },
	{ MV_KEY_COMM,			parse_comm, false, false, SEP_SPACE },
	{ MV_KEY_MODULE,		parse_module, false, true, SEP_SPACE },
	{ MV_KEY_SRCVERSION,		parse_srcversion, false, false, SEP_SPACE },
	{ MV_KEY_INTREE,		parse_intree, false, false, SEP_SPACE },
	{ MV_KEY_RETPOLINE,		parse_retpoline, false, false, SEP_SPACE },
	{ MV_KEY_LICENSE,		parse_license, false, false, SEP_SPACE },
	{ MV_KEY_DEPENDS,		parse_depends, false, false, SEP_SPACE },
	{ MV_KEY_IMAGE_SIZE,		parse_image_size, false, false, SEP_SPACE },
	{ MV_KEY_IMAGE_CHECK,		parse_image_check, false, false, SEP_SPACE },
	{ MV_KEY_MODULE_SIZE,		parse_module_size, false, false, SEP_SPACE },
	{ MV_KEY_FLAGS,			parse_flags, false, false, SEP_SPACE },
	{ MV_KEY_STATE,			parse_state, false, false, SEP_SPACE },
	{ MV_KEY_RESULT,		parse_result, false, true, SEP_SPACE },
	{ MV_KEY_DECIDED_BY,		parse_decided_by, false, true, SEP_SPACE },
	{ MV_KEY_SHARED_WITH,		parse_shared_with, false, false, SEP_SPACE },
	{ MV_KEY_REFUSED_AT,		parse_refused_at, false, false, SEP_SPACE },
	{ MV_KEY_LSM,			parse_lsm, false, false, SEP_SPACE },
	{ MV_KEY_STAGES,		parse_stages, false, false, SEP_SPACE },
	{ MV_KEY_SIGNATURE,		parse_signature, false, false, SEP_SPACE },
	{ MV_KEY_SIG_VERIFIED,		parse_sig_verified, false, false, SEP_SPACE },
	{ MV_KEY_SIG_ENFORCED,		parse_sig_enforced, false, false, SEP_SPACE },
	{ MV_KEY_SIG_REASON,		parse_sig_reason, false, false, SEP_SPACE },
	{ MV_KEY_SIG_ID,		parse_sig_id, false, false, SEP_SPACE },
	{ MV_KEY_SIGNER,		parse_signer, false, false, SEP_SPACE },
	{ MV_KEY_SIG_KEY,		parse_sig_key, false, false, SEP_SPACE },
	{ MV_KEY_SIG_HASHALGO,		parse_sig_hashalgo, false, false, SEP_SPACE },
	{ MV_KEY_SIG_KEY_TRUSTED,	parse_sig_key_trusted, false, false, SEP_SPACE },
	{ MV_KEY_VERMAGIC_SOURCE,	parse_vermagic_source, false, false, SEP_SPACE },
	{ MV_KEY_VERMAGIC_MODULE,	parse_vermagic_module, false, false, SEP_SPACE },
	{ MV_KEY_VERMAGIC_KERNEL,	parse_vermagic_kernel, false, false, SEP_SPACE },
	{ MV_KEY_VERMAGIC_RELEASE,	parse_release_compared, false, false, SEP_SPACE },
	{ MV_KEY_VERMAGIC_VERDICT,	parse_vermagic_verdict, false, false, SEP_SPACE },
	{ MV_KEY_VERMAGIC_DIFFERS,	parse_vermagic_differs, false, false, SEP_SPACE },
	{ MV_KEY_CRC_TOTAL,		parse_crc_total, false, false, SEP_SPACE },
	{ MV_KEY_CRC_OMITTED,		parse_crc_omitted, false, false, SEP_SPACE },
	{ MV_KEY_CRC,			parse_crc, true, false, SEP_TAB },
	{ MV_KEY_CRC_EXPORTER,		parse_crc_exporter, true, false, SEP_TAB },
	{ MV_KEY_FORCED_TOTAL,		parse_forced_total, false, false, SEP_SPACE },
	{ MV_KEY_FORCED,		parse_forced, true, false, SEP_TAB },
	{ MV_KEY_UNRESOLVED_TOTAL,	parse_unresolved_total, false, false, SEP_SPACE },
	{ MV_KEY_UNRESOLVED,		parse_unresolved, true, false, SEP_TAB },
	{ MV_KEY_RELOCATION,		parse_relocation, false, false, SEP_EITHER },
	{ MV_KEY_BTF,			parse_btf, false, false, SEP_SPACE },
	{ MV_KEY_BTF_LOG,		parse_btf_log, false, false, SEP_SPACE },
	{ MV_KEY_PARAMETERS,		parse_parameters, false, false, SEP_SPACE },
	{ MV_KEY_PARAMETER_REJECTED,	parse_parameter_rejected, false, false, SEP_SPACE },
	{ MV_KEY_TAINT_BEFORE,		parse_taint_before, false, false, SEP_SPACE },
	{ MV_KEY_TAINT_AFTER,		parse_taint_after, false, false, SEP_SPACE },
	{ MV_KEY_TAINT_ADDED,		parse_taint_added, false, false, SEP_SPACE },
	{ MV_KEY_MODULE_TAINT,		parse_module_taint, false, false, SEP_SPACE },
	{ MV_KEY_INIT_RESULT,		parse_init_result, false, false, SEP_SPACE },
	{ MV_KEY_END,			parse_end, false, true, SEP_SPACE },
};

#define NR_KEYS ARRAY_SIZE(key_parsers)

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

/*
 * Split "key: value" (or "key:\tvalue") in place.  Returns the value, or
 * NULL after reporting why the line is not of that shape.
 */
static char *split_line(struct parser *p, char *line, const char **key)
{
	char *c = line;
	char buf[48];

	while (is_key_char(*c))
		c++;
	if (c == line || *c != ':' || (c[1] != ' ' && c[1] != '\t')) {
		fail(p, "not a 'key: value' line: '%s'",
		     snippet(line, buf, sizeof(buf)));
		return NULL;
	}
	*c = '\0';
	*key = line;
	return c + 2;
}

static const struct key_parser *find_key(const char *key)
{
	size_t i;

	for (i = 0; i < NR_KEYS; i++)
		if (strcmp(key, key_parsers[i].key) == 0)
			return &key_parsers[i];
	return NULL;
}

/* The line key was seen on (0 if it was not). */
static unsigned int line_of(const unsigned int *seen_on, const char *key)
{
	return seen_on[find_key(key) - key_parsers];
}

/* Fail naming line, not the line being parsed. */
#define fail_on(p, at, ...) ((p)->line = (at), fail((p), __VA_ARGS__))

/*
 * The keys that depend on the state (absent: returned) agree with it: a
 * running record has no seq, result or verdict yet; a final one has a seq;
 * only a returned one has a result.
 */
static int check_state(struct parser *p, const unsigned int *seen_on)
{
	const struct mv_record *rec = p->rec;
	const char *state = mv_state_name(rec->state);
	bool running = rec->state == MV_STATE_RUNNING;
	bool pending = rec->decided_by == MV_DECIDED_PENDING;

	if (p->seq_none != running)
		return fail_on(p, p->seq_line, running ?
			       "a running record has no seq yet: 'seq: -'" :
			       "'seq: -' is only for a running record (state: %s)",
			       state);
	if (rec->result.known == (rec->state != MV_STATE_RETURNED))
		return fail_on(p, line_of(seen_on, MV_KEY_RESULT),
			       rec->result.known ?
			       "a %s record has no result ('result: -'): the loader did not return" :
			       "the result of the attempt is required (state: %s)",
			       state);
	if (pending != running)
		return fail_on(p, line_of(seen_on, MV_KEY_DECIDED_BY),
			       running ?
			       "a running record is decided by '%s', not '%s'" :
			       "'decided_by: %s' is only for a running record (state: %s)",
			       running ? mv_decider_name(MV_DECIDED_PENDING) :
			       rec->decided_by_name,
			       running ? rec->decided_by_name : state);
	if (rec->init_running && !running)
		return fail_on(p, line_of(seen_on, MV_KEY_INIT_RESULT),
			       "'init_result: %s' is only for a running record (state: %s)",
			       MV_INIT_RUNNING, state);
	return 0;
}

/* Parse one record's lines; text ends with its 'end' line (or is cut short). */
static int parse_lines(struct parser *p, char *text, size_t len)
{
	unsigned int seen_on[NR_KEYS] = { 0 };
	unsigned int first_line = p->line + 1;
	char *line = text;
	char *limit = text + len;
	bool ended = false;
	size_t i;

	while (line < limit) {
		char *nl = memchr(line, '\n', (size_t)(limit - line));
		const struct key_parser *kp;
		const char *key;
		char *value;
		char sep;

		p->line++;
		if (!nl)
			return fail(p, "the last line has no newline: the record is truncated");
		*nl = '\0';
		if (nl > line && nl[-1] == '\r')	/* copied via a CRLF tool */
			nl[-1] = '\0';
		if (p->line == first_line &&
		    strncmp(line, MV_KEY_FORMAT ": ", strlen(MV_KEY_FORMAT) + 2))
			return fail(p, "not a modverify record: a record starts with '%s: %d'",
				    MV_KEY_FORMAT, MV_RECORD_VERSION);
		value = split_line(p, line, &key);
		if (!value)
			return -1;
		sep = value[-1];
		line = nl + 1;
		kp = find_key(key);
		if (!kp)
			continue;
		i = (size_t)(kp - key_parsers);
		if (seen_on[i] && !kp->repeats)
			return fail(p, "duplicate key '%s' (first on line %u)",
				    key, seen_on[i]);
		if (kp->sep != SEP_EITHER && (sep == '\t') != (kp->sep == SEP_TAB))
			return fail(p, "'%s:' must be followed by %s", key,
				    kp->sep == SEP_TAB ? "a tab" : "one space");
		if (!seen_on[i])
			seen_on[i] = p->line;
		p->sep = sep;
		if (kp->parse(p, value))
			return -1;
		if (kp->parse == parse_end)
			ended = true;
	}

	if (!ended)
		return fail(p, "the record ends without an 'end' line: it is truncated");
	for (i = 0; i < NR_KEYS; i++)
		if (key_parsers[i].required && !seen_on[i])
			return fail(p, "the record has no '%s' line",
				    key_parsers[i].key);
	return check_state(p, seen_on);
}

static bool starts_with(const char *line, const char *limit, const char *prefix)
{
	size_t n = strlen(prefix);

	return (size_t)(limit - line) >= n && memcmp(line, prefix, n) == 0;
}

/*
 * The text of the first record: up to and including its "end:" line, or up
 * to the next record's first line if it has none (a torn record in a
 * history), or all of it.
 */
static size_t record_extent(const char *text, size_t len)
{
	const char *line = text;
	const char *limit = text + len;

	while (line < limit) {
		const char *nl = memchr(line, '\n', (size_t)(limit - line));

		if (line != text && starts_with(line, limit, MV_KEY_FORMAT ":"))
			return (size_t)(line - text);
		if (starts_with(line, limit, MV_KEY_END ":"))
			return nl ? (size_t)(nl + 1 - text) : len;
		if (!nl)
			break;
		line = nl + 1;
	}
	return len;
}

int mv_record_parse_next(const char *text, size_t len, unsigned int line,
			 struct mv_record *rec, size_t *consumed,
			 struct mv_error *err)
{
	struct parser p = { .rec = rec, .err = err, .line = line };
	size_t extent = record_extent(text, len);
	const char *nul;

	mv_record_init(rec);
	memset(err, 0, sizeof(*err));
	*consumed = 0;

	if (len == 0)
		return fail(&p, "the record is empty");
	nul = memchr(text, '\0', extent);
	if (nul) {
		const char *c;

		for (c = text; c < nul; c++)
			if (*c == '\n')
				p.line++;
		p.line++;
		return fail(&p, "NUL byte: not a text record");
	}
	if (extent > MV_RECORD_MAX_BYTES) {
		p.line++;
		return fail(&p, "the record starting here is larger than %d bytes (1 MiB): too big for a modverify record",
			    MV_RECORD_MAX_BYTES);
	}

	rec->storage = malloc(extent + 1);
	if (!rec->storage)
		return fail(&p, "out of memory");
	memcpy(rec->storage, text, extent);
	rec->storage[extent] = '\0';

	if (parse_lines(&p, rec->storage, extent)) {
		mv_record_free(rec);
		return -1;
	}
	*consumed = extent;
	return 0;
}

int mv_record_parse(const char *text, size_t len, struct mv_record *rec,
		    struct mv_error *err)
{
	size_t consumed;
	unsigned int lines = 0;
	const char *c;

	if (mv_record_parse_next(text, len, 0, rec, &consumed, err))
		return -1;
	if (consumed == len)
		return 0;
	for (c = text; c < text + consumed; c++)
		if (*c == '\n')
			lines++;
	mv_record_free(rec);
	err->line = lines + 1;
	return mv_error_set(err, NULL,
			    "text after the 'end' line: expected one record");
}

void mv_record_init(struct mv_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->decided_by = -1;
	rec->vermagic_verdict = -1;
	rec->sig_reason = -1;
}

void mv_record_free(struct mv_record *rec)
{
	free(rec->stages);
	free(rec->vermagic_differs);
	free(rec->crcs);
	free(rec->forced);
	free(rec->exporters);
	free(rec->unresolved);
	free(rec->storage);
	mv_record_init(rec);
}
