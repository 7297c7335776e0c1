// SPDX-License-Identifier: GPL-2.0
/*
 * Unit checks of the reader's pieces that the command line cannot reach
 * directly: the JSON writer's escaping, the explanation of each way the
 * debugfs file can be unreadable, the vermagic rules, errno texts and the
 * parser's multi-record and line-number handling.  Expected values are
 * written out by hand from JSON's grammar (RFC 8259), the kernel's
 * same_magic() and kmod's insmod.c, not taken from the program.
 *
 * Prints one "PASS: name" / "FAIL: name: why" line per check.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errnames.h"
#include "json_writer.h"
#include "record.h"
#include "source.h"
#include "vermagic.h"

static int failures;

static void check(const char *name, int ok, const char *why)
{
	if (ok) {
		printf("PASS: unit/%s\n", name);
	} else {
		printf("FAIL: unit/%s: %s\n", name, why);
		failures++;
	}
}

static void check_str(const char *name, const char *got, const char *want)
{
	char why[1024];

	snprintf(why, sizeof(why), "got '%s', want '%s'", got, want);
	check(name, strcmp(got, want) == 0, why);
}

static void check_contains(const char *name, const char *got, const char *want)
{
	char why[1024];

	snprintf(why, sizeof(why), "'%s' lacks '%s'", got, want);
	check(name, strstr(got, want) != NULL, why);
}

/* Run fn with a JSON writer on a memory stream; returns the text. */
static char *json_of(void (*fn)(struct json_writer *w), int pretty)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	struct json_writer *w = jsonw_new(f);

	jsonw_pretty(w, pretty);
	fn(w);
	jsonw_destroy(&w);
	fclose(f);
	return buf;
}

static void write_escapes(struct json_writer *w)
{
	jsonw_start_object(w);
	jsonw_string_field(w, "s", "q\" b\\ n\n t\t c\001 d\177 e\033");
	jsonw_end_object(w);
}

static void write_utf8(struct json_writer *w)
{
	jsonw_start_array(w);
	jsonw_string(w, "caf\xc3\xa9");		/* valid: kept as is */
	jsonw_string(w, "a\xff" "b");		/* invalid byte */
	jsonw_string(w, "\xc3");		/* truncated sequence */
	jsonw_string(w, "\xc0\xaf");		/* overlong '/' */
	jsonw_string(w, "\xed\xa0\x80");	/* UTF-16 surrogate */
	jsonw_end_array(w);
}

static void write_nested(struct json_writer *w)
{
	jsonw_start_object(w);
	jsonw_uint_field(w, "a", 1);
	jsonw_name(w, "b");
	jsonw_start_array(w);
	jsonw_int(w, -8);
	jsonw_null(w);
	jsonw_start_object(w);
	jsonw_end_object(w);
	jsonw_bool(w, true);
	jsonw_end_array(w);
	jsonw_name(w, "c");
	jsonw_start_array(w);
	jsonw_end_array(w);
	jsonw_name(w, "t");
	jsonw_number_text(w, "12.345678");
	jsonw_name(w, "u");
	jsonw_number_text(w, "007.5");	/* not JSON: leading zeros */
	jsonw_end_object(w);
}

static void write_small(struct json_writer *w)
{
	jsonw_start_object(w);
	jsonw_uint_field(w, "a", 1);
	jsonw_name(w, "b");
	jsonw_start_array(w);
	jsonw_string(w, "x");
	jsonw_end_array(w);
	jsonw_end_object(w);
}

static void test_json_writer(void)
{
	check_str("json/escapes", json_of(write_escapes, 0),
		  "{\"s\":\"q\\\" b\\\\ n\\n t\\t c\\u0001 d\\u007f e\\u001b\"}\n");
	check_str("json/utf8", json_of(write_utf8, 0),
		  "[\"caf\xc3\xa9\",\"a\\ufffdb\",\"\\ufffd\",\"\\ufffd\\ufffd\",\"\\ufffd\\ufffd\\ufffd\"]\n");
	check_str("json/nesting", json_of(write_nested, 0),
		  "{\"a\":1,\"b\":[-8,null,{},true],\"c\":[],\"t\":12.345678,\"u\":\"007.5\"}\n");
	check_str("json/pretty", json_of(write_small, 1),
		  "{\n    \"a\": 1,\n    \"b\": [\n        \"x\"\n    ]\n}\n");
}

static void explain(const char *name, int open_errno, int mounted,
		    int dir_exists, int is_root, const char *want_message,
		    const char *want_fix)
{
	struct mv_debugfs_state state = {
		.open_errno = open_errno, .mounted = mounted,
		.dir_exists = dir_exists, .is_root = is_root,
	};
	struct mv_source_error err;
	char full[64];

	mv_explain_debugfs("/sys/kernel/debug", "last", &state, &err);
	snprintf(full, sizeof(full), "debugfs/%s/message", name);
	check_contains(full, err.message, want_message);
	snprintf(full, sizeof(full), "debugfs/%s/fix", name);
	check_str(full, err.fix, want_fix);
}

static void test_debugfs_explanations(void)
{
	explain("not-mounted", ENOENT, 0, 0, 1, "debugfs is not mounted",
		"mount -t debugfs none /sys/kernel/debug");
	explain("not-loaded", ENOENT, 1, 0, 1,
		"modverify kernel module is not loaded", "insmod modverify.ko");
	explain("not-root", EACCES, 1, 1, 0, "Permission denied",
		"sudo modverify");
	/* /sys/kernel/debug is 0700: a user cannot even see if it is mounted */
	explain("not-root-unmounted", EACCES, 0, 0, 0, "root", "sudo modverify");
	explain("lockdown", EPERM, 1, 1, 1, "lockdown", "");
	explain("no-last-file", ENOENT, 1, 1, 1, "has no 'last' file", "");
}

static void differing(const char *name, const char *a, const char *b,
		      const char *want)
{
	struct mv_vermagic_words wa, wb;
	const char *names[16];
	char got[256] = "";
	size_t n, i;

	mv_vermagic_split(a, &wa);
	mv_vermagic_split(b, &wb);
	n = mv_vermagic_differing(&wa, &wb, names, 16);
	for (i = 0; i < n; i++) {
		strcat(got, i ? " " : "");
		strcat(got, names[i]);
	}
	check_str(name, got, want);
}

static void test_vermagic(void)
{
	const char *k = "6.1.0-56-cloud-amd64 SMP preempt mod_unload modversions ";

	differing("vermagic/same", k, k, "");
	differing("vermagic/release",
		  "6.1.0-50-cloud-amd64 SMP preempt mod_unload modversions ", k,
		  "release");
	/* Bareflank/hypervisor#728's strings */
	differing("vermagic/release+modversions",
		  "4.4.0-ABC SMP mod_unload modversions ",
		  "4.15.0-XYZ SMP mod_unload ", "release modversions");
	differing("vermagic/preempt_rt",
		  "6.1.0 SMP preempt_rt mod_unload modversions ",
		  "6.1.0 SMP preempt mod_unload modversions ", "preempt");
	differing("vermagic/arch", "6.1.0 SMP mod_unload aarch64",
		  "6.1.0 SMP mod_unload ", "arch");
	differing("vermagic/randstruct",
		  "6.1.0 SMP mod_unload RANDSTRUCT_1a2b",
		  "6.1.0 SMP mod_unload RANDSTRUCT_3c4d", "randstruct");

	/* same_magic(): with CRCs the first word is skipped */
	check("vermagic/agree-skips-release",
	      mv_vermagic_agree("6.1.0-50 SMP ", "6.1.0-56 SMP ", false), "");
	check("vermagic/agree-compares-release",
	      !mv_vermagic_agree("6.1.0-50 SMP ", "6.1.0-56 SMP ", true), "");
	check("vermagic/agree-trailing-space",
	      !mv_vermagic_agree("6.1.0 SMP ", "6.1.0 SMP", true), "");
}

static void test_errnames(void)
{
	/* kmod tools/insmod.c mod_strerror() */
	check_str("errno/insmod-ENOEXEC", mv_insmod_text("ENOEXEC", -8),
		  "Invalid module format");
	check_str("errno/insmod-ENOENT", mv_insmod_text("ENOENT", -2),
		  "Unknown symbol in module");
	check_str("errno/insmod-ESRCH", mv_insmod_text("ESRCH", -3),
		  "Module has wrong symbol version");
	check_str("errno/insmod-EINVAL", mv_insmod_text("EINVAL", -22),
		  "Invalid parameters");
	check_str("errno/insmod-other", mv_insmod_text("EKEYREJECTED", -129),
		  "Key was rejected by service");
	check_str("errno/modprobe-ENOEXEC", mv_errno_text("ENOEXEC", -8),
		  "Exec format error");
	check_str("errno/name-from-number", mv_errno_name(NULL, -12), "ENOMEM");
	check_str("errno/alias", mv_errno_text("EWOULDBLOCK", -11),
		  "Resource temporarily unavailable");
	check_str("errno/kernel-internal", mv_errno_name(NULL, -524),
		  "ENOTSUPP");
}

#define REC(seq, end)							\
	"modverify_record: 1\nseq: " seq "\nmodule: m\nresult: 0 OK\n"	\
	"decided_by: loaded\nend: " end "\n"

static void test_parser(void)
{
	const char two[] = REC("1", "1") REC("2", "2");
	const char torn[] = REC("1", "1") REC("2", "3");
	const char crlf[] = "modverify_record: 1\r\nseq: 4\r\nmodule: m\r\n"
			    "result: -8 ENOEXEC\r\ndecided_by: vermagic\r\nend: 4\r\n";
	struct mv_parse_error err;
	struct mv_record rec;
	size_t consumed;
	char why[300];

	check("parser/one-of-two",
	      mv_record_parse_next(two, strlen(two), 0, &rec, &consumed, &err) == 0 &&
	      rec.seq == 1 && consumed == strlen(two) / 2, err.message);
	mv_record_free(&rec);
	check("parser/single-refuses-two",
	      mv_record_parse(two, strlen(two), &rec, &err) != 0 && err.line == 7,
	      "two records accepted as one, or wrong line");

	/* the second record's error names the line in the whole input */
	mv_record_parse_next(torn, strlen(torn), 0, &rec, &consumed, &err);
	mv_record_free(&rec);
	snprintf(why, sizeof(why), "line %u: %s", err.line, err.message);
	check("parser/line-numbers-across-records",
	      mv_record_parse_next(torn + consumed, strlen(torn) - consumed, 6,
				   &rec, &consumed, &err) != 0 && err.line == 12,
	      why);

	check("parser/crlf",
	      mv_record_parse(crlf, strlen(crlf), &rec, &err) == 0 &&
	      rec.result.value == -8 && strcmp(rec.result.name, "ENOEXEC") == 0,
	      err.message);
	mv_record_free(&rec);
}

int main(void)
{
	test_json_writer();
	test_debugfs_explanations();
	test_vermagic();
	test_errnames();
	test_parser();
	return failures ? 1 : 0;
}
