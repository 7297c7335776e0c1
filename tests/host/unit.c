// SPDX-License-Identifier: GPL-2.0
/*
 * Unit checks of libmodverify's pieces that the command line cannot reach
 * directly: the JSON writer's escaping, the explanation of each way the
 * debugfs file can be unreadable, the vermagic rules, errno texts, the
 * parser's multi-record and line-number handling, and the record writer:
 * parse(format(r)) == r, for a record written out by hand and for every
 * fixture; the joiner of `modverify watch` on events made by hand.
 * Expected values are written out by hand from JSON's grammar
 * (RFC 8259), the kernel's same_magic() and kmod's insmod.c, not taken
 * from the program.
 *
 * unit FIXTURES_DIR; prints one "PASS: name" / "FAIL: name: why" line per
 * check.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "btf.h"
#include "errnames.h"
#include "json_writer.h"
#include "kparam.h"
#include "record.h"
#include "source.h"
#include "vermagic.h"
#include "watch_join.h"

#include <linux/types.h>
#include "watch_event.h"

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

static void explain_file(const char *name, const char *file, int open_errno,
			 int mounted, int dir_exists, int is_root,
			 const char *want_message, const char *want_fix)
{
	struct mv_debugfs_state state = {
		.open_errno = open_errno, .mounted = mounted,
		.dir_exists = dir_exists, .is_root = is_root,
	};
	struct mv_error err;
	char full[64];

	mv_explain_debugfs("/sys/kernel/debug", file, &state, &err);
	snprintf(full, sizeof(full), "debugfs/%s/message", name);
	check_contains(full, err.message, want_message);
	snprintf(full, sizeof(full), "debugfs/%s/fix", name);
	check_str(full, err.fix, want_fix);
}

static void explain(const char *name, int open_errno, int mounted,
		    int dir_exists, int is_root, const char *want_message,
		    const char *want_fix)
{
	explain_file(name, MV_FILE_LAST, open_errno, mounted, dir_exists,
		     is_root, want_message, want_fix);
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
	/* --follow on a modverify.ko from before the stream file */
	explain_file("no-stream-file", MV_FILE_STREAM, ENOENT, 1, 1, 1,
		     "has no 'stream' file: the loaded modverify.ko is older than this reader and cannot be followed", "");
}

static void differing(const char *name, const char *a, const char *b,
		      const char *want)
{
	struct mv_vermagic_pair pair;
	const char *names[16];
	char got[256] = "";
	size_t n, i;

	mv_vermagic_compare(&pair, a, b);
	n = mv_vermagic_differing(&pair, names, ARRAY_SIZE(names));
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
	struct mv_error err;
	struct mv_record rec;
	size_t consumed;
	char why[600];

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

/* A record with one extra line (after decided_by), parsed. */
static int parse_with(const char *line, struct mv_record *rec,
		      struct mv_error *err)
{
	char text[512];

	snprintf(text, sizeof(text),
		 "modverify_record: 1\nseq: 1\nmodule: m\nresult: 0 OK\n"
		 "decided_by: loaded\n%s\nend: 1\n", line);
	return mv_record_parse(text, strlen(text), rec, err);
}

/* Values of the keys added for newer kernels (docs/record-format.md). */
static void test_new_keys(void)
{
	static const char *const refused[] = {
		"module_size: 1344",		/* one number */
		"module_size: 1344 1280 1",	/* three */
		"module_size: -1 1280",		/* a sign */
		"module_size: 1344  1280",	/* two spaces */
		"btf: ok -22",			/* no errno with ok */
		"btf: absent 0",
		"btf: invalid 22",		/* the errno is negative */
		"btf: invalid -x",
		"btf: mismatch_allowed",
		"btf: invalid_ -22",
		"btf_log: Invalid name",	/* not quoted */
		"shared_with: #41",
		"state: dead",			/* not a state */
		"relocation: target_nonzero",	/* fields after a space */
		"relocation:\t-",		/* "relocation: -" has a space */
		"relocation:\ttarget_nonzero\tR_X86_64_PC32\t.text\t0x1",
		"relocation:\t-\tR_X86_64_PC32\t.text\t0x1\tf",
		"relocation:\toverflow\tR X\t.text\t0x1\tf",
		"relocation:\toverflow\t11\t.text\t12\tf",	/* not 0x */
		"relocation:\toverflow\t11\t\t0x1\tf",	/* an empty field */
		"init_result: running",		/* in a returned record */
	};
	struct mv_error err;
	struct mv_record rec;
	char name[96];
	size_t i;

	check("new-keys/prediction-size",
	      parse_with("module_size: 1344 -", &rec, &err) == 0 &&
	      rec.module_size.has_module && rec.module_size.module == 1344 &&
	      !rec.module_size.has_kernel, err.message);
	mv_record_free(&rec);
	check("new-keys/btf-allowed",
	      parse_with("btf: mismatch_allowed -22", &rec, &err) == 0 &&
	      rec.btf.state == MV_BTF_MISMATCH_ALLOWED && rec.btf.has_errno &&
	      rec.btf.errno_value == -22, err.message);
	mv_record_free(&rec);
	check("new-keys/btf-log-empty-quotes",
	      parse_with("btf_log: ''", &rec, &err) == 0 && rec.btf.log &&
	      rec.btf.log[0] == '\0', err.message);
	mv_record_free(&rec);
	check("new-keys/relocation",
	      parse_with("relocation:\tfailed\t-\t.init\\x09text\t-\t-", &rec, &err) == 0 &&
	      rec.relocation.reason == MV_RELOC_FAILED && !rec.relocation.type &&
	      rec.relocation.section && strcmp(rec.relocation.section, ".init\ttext") == 0 &&
	      !rec.relocation.has_offset && !rec.relocation.symbol, err.message);
	mv_record_free(&rec);
	check("new-keys/relocation-none",
	      parse_with("relocation: -", &rec, &err) == 0 &&
	      rec.relocation.reason == MV_RELOC_NONE && !rec.relocation.reason_name,
	      err.message);
	mv_record_free(&rec);
	check("new-keys/refused-at-lsm",
	      parse_with("refused_at: module_decompress\nlsm: ipe", &rec, &err) == 0 &&
	      rec.refused_at && strcmp(rec.refused_at, "module_decompress") == 0 &&
	      rec.lsm && strcmp(rec.lsm, "ipe") == 0, err.message);
	mv_record_free(&rec);
	check("new-keys/refused-at-bad",
	      parse_with("refused_at: Module decompress", &rec, &err) != 0,
	      "a value that is not a name was accepted");
	mv_record_free(&rec);
	check("new-keys/absent-is-unknown",
	      parse_with("comm: x", &rec, &err) == 0 &&
	      rec.btf.state == MV_BTF_NOT_REACHED && !rec.has_shared_with &&
	      rec.state == MV_STATE_RETURNED && !rec.relocation.reason_name &&
	      !rec.module_size.has_module && !rec.module_size.has_kernel,
	      err.message);
	mv_record_free(&rec);
	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		snprintf(name, sizeof(name), "new-keys/refused '%s'", refused[i]);
		check(name, parse_with(refused[i], &rec, &err) != 0 &&
		      err.line == 6, "accepted, or another line named");
	}
}

/*
 * A BTF blob written out by hand from include/uapi/linux/btf.h: a 24-byte
 * header, the types, then the strings "\0int\0module\0m\0".
 */
struct blob {
	unsigned char data[512];
	size_t len;
	int big;
};

static void put32(struct blob *b, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		b->data[b->len + i] = (unsigned char)(v >> (8 * (b->big ? 3 - i : i)));
	b->len += 4;
}

#define BTF_INFO(kind, vlen)	((uint32_t)(kind) << 24 | (vlen))
enum { STR_INT = 1, STR_MODULE = 5, STR_M = 12, STRS_LEN = 14 };

/* types: int; struct module of size with one member; extra as given */
static void btf_blob(struct blob *b, int big, uint32_t size,
		     const uint32_t *extra, size_t nr_extra)
{
	static const char strs[STRS_LEN] = "\0int\0module\0m";
	size_t types_len, i;

	memset(b, 0, sizeof(*b));
	b->big = big;
	types_len = 16 + 24 + nr_extra * 4;
	b->data[0] = big ? 0xeb : 0x9f;		/* magic 0xeb9f */
	b->data[1] = big ? 0x9f : 0xeb;
	b->data[2] = 1;				/* version */
	b->len = 4;
	put32(b, 24);				/* hdr_len */
	put32(b, 0);				/* type_off */
	put32(b, (uint32_t)types_len);
	put32(b, (uint32_t)types_len);		/* str_off */
	put32(b, STRS_LEN);
	/* [1] INT 'int' size 4, then its u32 encoding */
	put32(b, STR_INT);
	put32(b, BTF_INFO(1, 0));
	put32(b, 4);
	put32(b, 32);
	/* [2] STRUCT 'module' size, vlen 1: member m of type 1 at offset 0 */
	put32(b, STR_MODULE);
	put32(b, BTF_INFO(4, 1));
	put32(b, size);
	put32(b, STR_M);
	put32(b, 1);
	put32(b, 0);
	for (i = 0; i < nr_extra; i++)
		put32(b, extra[i]);
	memcpy(b->data + b->len, strs, STRS_LEN);
	b->len += STRS_LEN;
}

static void test_btf(void)
{
	/* types after struct module: FWD 'module', a second struct module
	 * of the same size or of another, a kind no kernel has, a member list
	 * longer than the types */
	static const uint32_t fwd[] = { STR_MODULE, BTF_INFO(7, 0), 0 };
	static const uint32_t same[] = { STR_MODULE, BTF_INFO(4, 0), 1280 };
	static const uint32_t other[] = { STR_MODULE, BTF_INFO(4, 0), 896 };
	static const uint32_t unknown[] = { STR_M, BTF_INFO(31, 0), 0 };
	static const uint32_t long_list[] = { STR_M, BTF_INFO(4, 60000), 8 };
	static const struct {
		const char *name;
		int big;
		const uint32_t *extra;
		const char *look_for;
		size_t cut;		/* bytes cut off the end */
		uint64_t want;
	} cases[] = {
		{ "little-endian", 0, NULL, "module", 0, 1280 },
		{ "big-endian", 1, NULL, "module", 0, 1280 },
		{ "other-name", 0, NULL, "modul", 0, 0 },
		{ "truncated", 0, NULL, "module", STRS_LEN + 1, 0 },
		{ "forward-declaration", 0, fwd, "module", 0, 1280 },
		{ "twice-same-size", 0, same, "module", 0, 1280 },
		{ "twice-other-size", 0, other, "module", 0, 0 },
		{ "unknown-kind", 0, unknown, "module", 0, 0 },
		{ "members-past-the-end", 0, long_list, "module", 0, 0 },
	};
	char name[64], why[64];
	struct blob b;
	uint64_t got;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		btf_blob(&b, cases[i].big, 1280, cases[i].extra,
			 cases[i].extra ? 3 : 0);
		got = mv_btf_struct_size(b.data, b.len - cases[i].cut,
					 cases[i].look_for);
		snprintf(name, sizeof(name), "btf/%s", cases[i].name);
		snprintf(why, sizeof(why), "got %llu, want %llu",
			 (unsigned long long)got, (unsigned long long)cases[i].want);
		check(name, got == cases[i].want, why);
	}
	btf_blob(&b, 0, 1280, NULL, 0);
	b.data[0] = 0;
	check("btf/bad-magic", mv_btf_struct_size(b.data, b.len, "module") == 0,
	      "no magic, still an answer");
}

/* ---- the record writer: parse(format(r)) == r ---------------------- */

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

#define SAME(field, cond)						\
	do {								\
		if (!(cond)) {						\
			snprintf(why, size, "%s differs", field);	\
			return false;					\
		}							\
	} while (0)
#define SAME_STR(f)	SAME(#f, same_str(a->f, b->f))
#define SAME_VAL(f)	SAME(#f, a->f == b->f)

static bool same_errval(const struct mv_errval *a, const struct mv_errval *b)
{
	return a->known == b->known && a->value == b->value &&
	       same_str(a->name, b->name);
}

static bool same_taint(const struct mv_taint *a, const struct mv_taint *b)
{
	return a->known == b->known && a->mask == b->mask &&
	       same_str(a->letters, b->letters);
}

/* Every field of struct mv_record (record.h), but where its text is kept. */
static bool same_record(const struct mv_record *a, const struct mv_record *b,
			char *why, size_t size)
{
	size_t i;

	SAME_VAL(version); SAME_VAL(prediction); SAME_VAL(seq);
	SAME_STR(timestamp); SAME_STR(boottime); SAME_STR(kernel);
	SAME_VAL(has_pid); SAME_VAL(pid); SAME_STR(comm); SAME_STR(module);
	SAME_STR(srcversion); SAME_VAL(has_image_size); SAME_VAL(image_size);
	SAME_STR(image_check);
	SAME_VAL(module_size.has_module); SAME_VAL(module_size.module);
	SAME_VAL(module_size.has_kernel); SAME_VAL(module_size.kernel);
	SAME_VAL(has_flags); SAME_VAL(flags); SAME_VAL(state);
	SAME("result", same_errval(&a->result, &b->result));
	SAME_VAL(decided_by); SAME_STR(decided_by_name);
	SAME_VAL(has_shared_with); SAME_VAL(shared_with);
	SAME_VAL(nr_stages); SAME_VAL(stages_truncated);
	for (i = 0; i < a->nr_stages; i++) {
		SAME_STR(stages[i].name);
		SAME_VAL(stages[i].count);
	}
	SAME_VAL(signature_present); SAME_VAL(sig_verified);
	SAME_VAL(sig_enforced); SAME_VAL(sig_reason); SAME_STR(sig_reason_name);
	SAME_STR(vermagic_source); SAME_STR(vermagic_module);
	SAME_STR(vermagic_kernel); SAME_VAL(vermagic_release_compared);
	SAME_VAL(vermagic_verdict); SAME_STR(vermagic_verdict_name);
	SAME_VAL(nr_vermagic_differs);
	for (i = 0; i < a->nr_vermagic_differs; i++)
		SAME_STR(vermagic_differs[i]);
	SAME_VAL(has_crc_total); SAME_VAL(crc_total);
	SAME_VAL(has_crc_omitted); SAME_VAL(crc_omitted);
	SAME_VAL(nr_crcs);
	for (i = 0; i < a->nr_crcs; i++) {
		SAME_VAL(crcs[i].has_module_crc); SAME_VAL(crcs[i].module_crc);
		SAME_VAL(crcs[i].has_kernel_crc); SAME_VAL(crcs[i].kernel_crc);
		SAME_VAL(crcs[i].verdict); SAME_STR(crcs[i].verdict_name);
		SAME_STR(crcs[i].symbol);
	}
	SAME_VAL(nr_forced);
	for (i = 0; i < a->nr_forced; i++) {
		SAME_VAL(forced[i].ok); SAME_STR(forced[i].outcome);
		SAME_STR(forced[i].reason);
	}
	SAME_VAL(nr_unresolved);
	for (i = 0; i < a->nr_unresolved; i++)
		SAME_STR(unresolved[i]);
	SAME_STR(refused_at); SAME_STR(lsm);
	SAME_VAL(has_forced_total); SAME_VAL(forced_total);
	SAME_VAL(has_unresolved_total); SAME_VAL(unresolved_total);
	SAME_VAL(nr_exporters);
	for (i = 0; i < a->nr_exporters; i++) {
		SAME_STR(exporters[i].symbol); SAME_STR(exporters[i].exporter);
		SAME_STR(exporters[i].taint);
	}
	SAME_VAL(has_parameters); SAME_STR(parameters); SAME_VAL(parameters_cut);
	SAME_STR(parameter_rejected);
	SAME_VAL(relocation.reason); SAME_STR(relocation.reason_name);
	SAME_STR(relocation.type); SAME_STR(relocation.section);
	SAME_VAL(relocation.has_offset); SAME_VAL(relocation.offset);
	SAME_STR(relocation.symbol);
	SAME_VAL(btf.state); SAME_VAL(btf.has_errno); SAME_VAL(btf.errno_value);
	SAME_STR(btf.log);
	SAME("taint_before", same_taint(&a->taint_before, &b->taint_before));
	SAME("taint_after", same_taint(&a->taint_after, &b->taint_after));
	SAME("taint_added", same_taint(&a->taint_added, &b->taint_added));
	SAME_STR(module_taint);
	SAME("init_result", same_errval(&a->init_result, &b->init_result));
	SAME_VAL(init_running);
	return true;
}

/* name: rec, written by mv_record_format() and parsed back, is rec. */
static void check_roundtrip(const char *name, const struct mv_record *rec)
{
	struct strbuf text = STRBUF_INIT;
	struct mv_record back;
	struct mv_error err;
	char why[600];

	mv_record_format(rec, &text);
	if (mv_record_parse(strbuf_str(&text), text.len, &back, &err)) {
		snprintf(why, sizeof(why), "does not parse back: line %u: %s",
			 err.line, err.message);
		check(name, 0, why);
	} else {
		check(name, same_record(rec, &back, why, sizeof(why)), why);
		mv_record_free(&back);
	}
	strbuf_release(&text);
}

/*
 * A record with every key known and every list filled, its strings the
 * kernel escapes (control bytes, the backslash, a quote inside quotes,
 * bytes above 0x7e, a value that reads "-"), written out by hand.
 */
static void test_roundtrip_by_hand(void)
{
	struct mv_stage stages[] = { { "module_sig_check", 1 }, { "check_version", 5 } };
	const char *differs[] = { "release", "arch" };
	struct mv_crc crcs[] = {
		{ true, true, 0x1a351f379ULL, 0xa351f379, MV_CRC_MISMATCH,
		  "mismatch", "module_layout" },
		{ false, true, 0, 0x7c6b5a49, MV_CRC_UNREAD_REFUSED,
		  "unread_refused", "sym\\with\tbytes\x7f\xc3\xa9" },
		{ true, false, 0x1, 0, -1, "verdict_of_the_future", "-" },
	};
	struct mv_forced forced[] = {
		{ true, "ok", "bad vermagic" }, { false, "refused", "a sym" },
	};
	const char *unresolved[] = { "vid_from_reg", "x\ny" };
	struct mv_exporter exporters[] = {
		{ "ib_mr_pool_destroy", "ib\tcore", "OE" }, { "module_layout", "vmlinux", NULL },
		{ "-", NULL, NULL },
	};
	struct mv_record r = {
		.version = MV_RECORD_VERSION, .prediction = MV_YN_NO, .seq = 42,
		.timestamp = "1732245088.123456789", .boottime = "12.345678",
		.kernel = "6.1.0-56-cloud-amd64", .has_pid = true, .pid = 198,
		.comm = "ins\033[31m", .module = "it\n87\\x", .srcversion = "ABC123",
		.has_image_size = true, .image_size = 4096, .image_check = "ok",
		.module_size = { true, false, 896, 0 },
		.has_flags = true, .flags = 0x6,
		.result = { true, -8, "ENOEXEC" },
		.decided_by = MV_DECIDED_VERMAGIC, .decided_by_name = "vermagic",
		.has_shared_with = true, .shared_with = 41,
		.refused_at = "security_kernel_read_file", .lsm = "ima",
		.stages = stages, .nr_stages = ARRAY_SIZE(stages),
		.stages_truncated = true,
		.signature_present = MV_YN_YES, .sig_verified = MV_YN_NO,
		.sig_enforced = MV_YN_UNKNOWN, .sig_reason = MV_SIG_NO_KEY,
		.sig_reason_name = "unavailable_key",
		.vermagic_source = MV_SOURCE_OBSERVED,
		.vermagic_module = "it's 6.1.0 SMP ", .vermagic_kernel = "",
		.vermagic_release_compared = MV_YN_NO,
		.vermagic_verdict = MV_VERMAGIC_MISMATCH,
		.vermagic_verdict_name = "mismatch",
		.vermagic_differs = differs, .nr_vermagic_differs = ARRAY_SIZE(differs),
		.has_crc_total = true, .crc_total = 530,
		.has_crc_omitted = true, .crc_omitted = 527,
		.crcs = crcs, .nr_crcs = ARRAY_SIZE(crcs),
		.forced = forced, .nr_forced = ARRAY_SIZE(forced),
		.unresolved = unresolved, .nr_unresolved = ARRAY_SIZE(unresolved),
		.has_forced_total = true, .forced_total = 45,
		.has_unresolved_total = true, .unresolved_total = 18,
		.exporters = exporters, .nr_exporters = ARRAY_SIZE(exporters),
		.has_parameters = true, .parameters = "a='b' \\c", .parameters_cut = true,
		.parameter_rejected = "-",
		.relocation = { MV_RELOC_TARGET_NONZERO, "target_nonzero",
				"R_X86_64_PLT32", ".init\ttext\\", true, 0x36,
				"str\x01nlen" },
		.btf = { MV_BTF_INVALID, true, -22, "Invalid name_offset:1234" },
		.taint_before = { true, 0, NULL },
		.taint_after = { true, 0x3000, "OE" },
		.taint_added = { true, 0x3000, "OE" },
		.module_taint = "OE",
		.init_result = { true, -19, "ENODEV" },
	};
	struct mv_record unknown;

	check_roundtrip("record-format/every-key", &r);
	r.btf = (struct mv_btf){ MV_BTF_MISMATCH_ALLOWED, false, 0, NULL };
	r.result = (struct mv_errval){ true, -12, NULL };
	r.stages_truncated = false;
	r.has_flags = true;
	r.flags = 0;
	r.parameters = NULL;
	r.parameters_cut = false;
	r.parameter_rejected = NULL;
	check_roundtrip("record-format/variants", &r);

	/* the init running: no seq, result or verdict yet */
	r.state = MV_STATE_RUNNING;
	r.seq = 0;
	r.result = (struct mv_errval){ false, 0, NULL };
	r.decided_by = MV_DECIDED_PENDING;
	r.decided_by_name = "pending";
	r.init_result = (struct mv_errval){ false, 0, NULL };
	r.init_running = true;
	r.relocation = (struct mv_relocation){ MV_RELOC_NONE, NULL, NULL, NULL,
					       false, 0, NULL };
	check_roundtrip("record-format/running", &r);

	/* the loading task died: a seq, no result; a relocation half known */
	r.state = MV_STATE_TASK_EXITED;
	r.seq = 43;
	r.decided_by = MV_DECIDED_INIT;
	r.decided_by_name = "init";
	r.init_running = false;
	r.relocation = (struct mv_relocation){ -1, "reason_of_the_future", "42",
					       "-", false, 0, NULL };
	check_roundtrip("record-format/task-exited", &r);

	/* what only the required keys say: the rest unknown */
	mv_record_init(&unknown);
	unknown.version = MV_RECORD_VERSION;
	unknown.seq = 7;
	unknown.module = "m";
	unknown.result = (struct mv_errval){ true, 0, "OK" };
	unknown.decided_by = MV_DECIDED_LOADED;
	unknown.decided_by_name = "loaded";
	check_roundtrip("record-format/unknowns", &unknown);
}

/* Every well-formed fixture, parsed, written and parsed again. */
static void test_roundtrip_fixtures(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d) {
		check("record-format/fixtures", 0, "cannot open the fixtures");
		return;
	}
	while ((e = readdir(d))) {
		char path[600], name[300], text[65536];
		struct mv_record rec;
		struct mv_error err;
		size_t len;
		FILE *f;

		if (!strstr(e->d_name, ".rec") || strncmp(e->d_name, "bad-", 4) == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		snprintf(name, sizeof(name), "record-format/fixture/%s", e->d_name);
		f = fopen(path, "r");
		len = f ? fread(text, 1, sizeof(text), f) : 0;
		if (f)
			fclose(f);
		if (mv_record_parse(text, len, &rec, &err)) {
			check(name, 0, err.message);
			continue;
		}
		check_roundtrip(name, &rec);
		mv_record_free(&rec);
		n++;
	}
	closedir(d);
	check("record-format/fixtures", n > 0, "no fixture read");
}

/* Events of `modverify watch` as bpf/watch.bpf.c makes them. */
static struct mvw_load *watch_load(uint32_t tid, const char *name, const char *modinfo,
				   size_t modinfo_len, uint64_t layout_crc)
{
	static struct mvw_load l;

	memset(&l, 0, sizeof(l));
	l.h.kind = MVW_LOAD;
	l.h.tid = l.h.tgid = tid;
	l.h.ns = 5000000000ULL;
	l.len = 4096;
	l.found = MVW_FOUND_MODINFO | MVW_FOUND_VERSIONS | MVW_FOUND_THIS_MODULE;
	l.this_module_size = l.kernel_module_size = 896;
	strcpy(l.comm, "insmod");
	strcpy(l.name, name);
	memcpy(l.modinfo, modinfo, modinfo_len);
	l.modinfo_len = (uint32_t)modinfo_len;
	/* __versions: one entry, module_layout */
	memcpy(l.versions, &layout_crc, sizeof(layout_crc));
	strcpy(l.versions + 8, "module_layout");
	l.versions_len = l.versions_size = MVW_VERSION_ENTRY;
	return &l;
}

static int watch_feed(struct mvw_joiner *j, const struct mvw_host *host, uint32_t tid,
		      enum mvw_kind kind, int ret, uint64_t value, uint32_t flag,
		      const char *s, struct strbuf *out)
{
	struct mvw_str e;

	memset(&e, 0, sizeof(e));
	e.h = (struct mvw_head){ .kind = kind, .tid = tid, .tgid = tid, .ret = ret,
				 .value = value, .flag = flag };
	if (s)
		strcpy(e.s, s);
	return mvw_joiner_feed(j, host, &e, sizeof(e), out);
}

/* A line of the BTF verifier, as the fexit of bpf_verifier_vlog() sends it. */
static int watch_feed_log(struct mvw_joiner *j, const struct mvw_host *host, uint32_t tid,
			  const char *line, struct strbuf *out)
{
	struct mvw_text e;

	memset(&e, 0, sizeof(e));
	e.h = (struct mvw_head){ .kind = MVW_BTF_LOG, .tid = tid, .tgid = tid };
	strcpy(e.s, line);
	return mvw_joiner_feed(j, host, &e, sizeof(e), out);
}

/* apply_relocate_add() failed: the entry the BPF side found, or none. */
static int watch_feed_reloc(struct mvw_joiner *j, const struct mvw_host *host, uint32_t tid,
			    enum mv_reloc_reason reason, uint32_t type, uint64_t offset,
			    const char *section, const char *symbol, struct strbuf *out)
{
	struct mvw_reloc e;

	memset(&e, 0, sizeof(e));
	e.h = (struct mvw_head){ .kind = MVW_RELOC, .tid = tid, .tgid = tid, .ret = -ENOEXEC,
				 .value = offset };
	e.reason = reason;
	e.type = type;
	strcpy(e.section, section);
	strcpy(e.symbol, symbol);
	return mvw_joiner_feed(j, host, &e, sizeof(e), out);
}

/* A finit_module() of the file of inode key began (idempotent_init_module()). */
static int watch_feed_file(struct mvw_joiner *j, const struct mvw_host *host, uint32_t tid,
			   uint64_t key, uint64_t taint, struct strbuf *out)
{
	struct mvw_call e;

	memset(&e, 0, sizeof(e));
	e.h = (struct mvw_head){ .kind = MVW_FILE, .tid = tid, .tgid = tid, .value = key,
				 .flag = MVW_HAS_TAINT, .ns = 7000000000ULL };
	e.taint = taint;
	strcpy(e.comm, "modprobe");
	return mvw_joiner_feed(j, host, &e, sizeof(e), out);
}

/* A module-loading syscall began (finit_module, or init_module). */
static int watch_feed_syscall(struct mvw_joiner *j, const struct mvw_host *host, uint32_t tid,
			      bool init_module, struct strbuf *out)
{
	struct mvw_call e;

	memset(&e, 0, sizeof(e));
	e.h = (struct mvw_head){ .kind = MVW_SYSCALL, .tid = tid, .tgid = tid,
				 .ret = init_module, .ns = 8000000000ULL, .flag = MVW_HAS_TAINT };
	e.taint = 1 << MV_TAINT_OOT_MODULE;
	strcpy(e.comm, "insmod");
	return mvw_joiner_feed(j, host, &e, sizeof(e), out);
}

/* A step before load_module() returned ret (lsm: a security module's hook). */
static int watch_feed_step(struct mvw_joiner *j, const struct mvw_host *host, uint32_t tid,
			   enum mv_preload_step step, enum mv_lsm lsm, int ret, struct strbuf *out)
{
	struct mvw_step e;

	memset(&e, 0, sizeof(e));
	e.h = (struct mvw_head){ .kind = MVW_PRELOAD, .tid = tid, .tgid = tid, .ret = ret,
				 .value = 1 << MV_TAINT_OOT_MODULE, .flag = MVW_HAS_VALUE };
	e.step = step;
	e.lsm = lsm;
	return mvw_joiner_feed(j, host, &e, sizeof(e), out);
}

static void check_watch_record(const char *name, const struct strbuf *out,
			       const char *const *lines)
{
	struct mv_record rec;
	struct mv_error err;
	char n[128];

	snprintf(n, sizeof(n), "watch/%s/parses", name);
	check(n, out->len && mv_record_parse(out->text, out->len, &rec, &err) == 0,
	      out->len ? err.message : "no record");
	if (out->len)
		mv_record_free(&rec);
	for (; *lines; lines++) {
		char *c;

		/* the line as the check's name: its key and value, one line */
		snprintf(n, sizeof(n), "watch/%s/%s", name, *lines + (**lines == '\n'));
		for (c = n; *c; c++)
			if (*c == '\n' || *c == '\t')
				*c = *(c + 1) ? ' ' : '\0';
		check_contains(n, out->len ? out->text : "", *lines);
	}
}

static void test_watch_join(void)
{
	static const char modinfo[] = "vermagic=6.1.0-50-cloud-amd64 SMP preempt mod_unload modversions \0name=mv_a\0";
	struct mvw_host host = { .release = "6.1.0-57-cloud-amd64", .sig_enforced = MV_YN_NO,
				 .attached = ~0u };
	struct mvw_joiner *j = mvw_joiner_new();
	struct strbuf out = STRBUF_INIT, out2 = STRBUF_INIT;
	struct mvw_head tiny = { .kind = MVW_DONE };
	int r;

	/*
	 * module_layout refused: check_version() returns before its caller
	 * check_modstruct_version(), whose stage goes first all the same.
	 */
	mvw_joiner_feed(j, &host, watch_load(7, "mv_a", modinfo, sizeof(modinfo), 0x11111111), sizeof(struct mvw_load), &out);
	watch_feed(j, &host, 7, MVW_SIG_CHECK, 0, 0, 0, NULL, &out);
	watch_feed(j, &host, 7, MVW_CRC, 0, 0x22222222, MVW_HAS_VALUE, "module_layout", &out);
	watch_feed(j, &host, 7, MVW_LAYOUT, 0, 0, 0, NULL, &out);
	r = watch_feed(j, &host, 7, MVW_DONE, -8, 0, 0, NULL, &out);
	check("watch/layout/ends the attempt", r == 1, "load_module's return did not end it");
	check_watch_record("layout", &out, (const char *const[]){
		"backend: bpf\n", "\nmodule: mv_a\n", "\npid: 7\n", "\ncomm: insmod\n",
		"\nresult: -8 ENOEXEC\n", "\ndecided_by: module_layout\n",
		"\nstages: module_sig_check check_modstruct_version check_version\n",
		"\ncrc:\t0x11111111\t0x22222222\tmismatch\tmodule_layout\n",
		"\nvermagic_verdict: not_checked\n", "\nvermagic_source: derived\n",
		"\nsig_reason: unsigned\n", "\nmodule_size: 896 896\n",
		"\nevents_lost: 0\n", NULL });

	/* lockdown: the signature check's -EPERM, signatures not enforced */
	strbuf_release(&out);
	mvw_joiner_feed(j, &host, watch_load(8, "mv_b", "", 1, 0), sizeof(struct mvw_load), &out);
	watch_feed(j, &host, 8, MVW_SIG_CHECK, -1, 0, 0, NULL, &out);
	watch_feed(j, &host, 8, MVW_DONE, -1, 0, 0, NULL, &out);
	check_watch_record("lockdown", &out, (const char *const[]){
		"\ndecided_by: lockdown\n", "\nresult: -1 EPERM\n", "\nsig_verified: no\n",
		"\nsignature: absent\n", "\nseq: 2\n", NULL });
	/* ... and enforced: the kernel's -EKEYREJECTED, the signature decided */
	strbuf_release(&out);
	host.sig_enforced = MV_YN_YES;
	mvw_joiner_feed(j, &host, watch_load(8, "mv_b", "", 1, 0), sizeof(struct mvw_load), &out);
	watch_feed(j, &host, 8, MVW_SIG_CHECK, -129, 0, 0, NULL, &out);
	watch_feed(j, &host, 8, MVW_DONE, -129, 0, 0, NULL, &out);
	check_watch_record("enforced", &out, (const char *const[]){
		"\ndecided_by: signature\n", "\nresult: -129 EKEYREJECTED\n",
		"\nsig_enforced: yes\n", NULL });
	host.sig_enforced = MV_YN_NO;

	/*
	 * two tasks' events interleaved: two records, none mixed; each says
	 * the events lost between its entry and its return
	 */
	strbuf_release(&out);
	host.lost = 3;
	mvw_joiner_feed(j, &host, watch_load(20, "mv_c", "", 1, 0x5), sizeof(struct mvw_load), &out);
	host.lost = 5;
	mvw_joiner_feed(j, &host, watch_load(21, "mv_d", "", 1, 0x5), sizeof(struct mvw_load), &out);
	watch_feed(j, &host, 21, MVW_CRC, 0, 0x6, MVW_HAS_VALUE, "module_layout", &out);
	watch_feed(j, &host, 20, MVW_CRC, 1, 0x5, MVW_HAS_VALUE, "module_layout", &out);
	for (r = 0; r < 30; r++)	/* more than the 24 stage runs a record keeps */
		watch_feed(j, &host, 20, MVW_CRC, 1, 0, 0, "no_crc", &out);
	watch_feed(j, &host, 20, MVW_FORCE, 0, 0, 0, "bad vermagic", &out);
	watch_feed(j, &host, 20, MVW_INIT, 0, 1 << MV_TAINT_FORCED_MODULE | 1 << MV_TAINT_OOT_MODULE,
		   0, NULL, &out);
	watch_feed(j, &host, 20, MVW_INIT_DONE, 0, 0, 0, NULL, &out);
	r = watch_feed(j, &host, 21, MVW_DONE, -8, 0, 0, NULL, &out);
	check("watch/interleaved/first", r == 1, "the first return made no record");
	host.lost = 7;
	r = watch_feed(j, &host, 20, MVW_DONE, 0, 0, 0, NULL, &out2);
	check("watch/interleaved/second", r == 1, "the second return made no record");
	check_watch_record("interleaved-d", &out, (const char *const[]){
		"\nmodule: mv_d\n", "\ndecided_by: module_layout\n",
		"\ncrc:\t0x00000005\t0x00000006\tmismatch\tmodule_layout\n",
		"\nevents_lost: 0\n", NULL });
	check("watch/interleaved-d/not mixed", !strstr(out.text ? out.text : "", "\nforced:"),
	      "mv_c's forced line in mv_d's record");
	check_watch_record("interleaved-c", &out2, (const char *const[]){
		"\nmodule: mv_c\n", "\ndecided_by: forced\n", "\nforced:\tok\tbad vermagic\n",
		"\nvermagic_verdict: forced\n", "\nmodule_taint: FO\n", "\ninit_result: 0 OK\n",
		"\ncrc:\t0x00000005\t0x00000005\tmatch\tmodule_layout\n",
		"\ncrc:\t-\t-\tno_kernel_crc\tno_crc\n", "\ncrc_total: 31\n",
		"\nstages: check_version*31 try_to_force_load do_init_module\n",
		"\nevents_lost: 4\n", NULL });
	host.lost = 0;

	/*
	 * No MODVERSIONS (7.x): no check_modstruct_version() nor same_magic()
	 * to attach to; the kernel's string from its own modules, the verdict
	 * derived by same_magic()'s rule (the whole strings compared).
	 */
	strbuf_release(&out);
	host.attached = ~(1u << MVW_LAYOUT | 1u << MVW_MAGIC | 1u << MVW_CRC);
	host.kernel_vermagic = "7.2.13+deb14-cloud-amd64 SMP preempt mod_unload ";
	{
		static const char mi[] = "vermagic=7.2.13+deb14-cloud-amd64 SMP mod_unload \0name=mv_g";
		struct mvw_load *l = watch_load(40, "mv_g", mi, sizeof(mi), 0);

		l->found &= ~MVW_FOUND_VERSIONS;
		l->versions_len = l->versions_size = 0;
		mvw_joiner_feed(j, &host, l, sizeof(*l), &out);
	}
	watch_feed(j, &host, 40, MVW_SIG_CHECK, 0, 0, 0, NULL, &out);
	watch_feed(j, &host, 40, MVW_DONE, -8, 0, 0, NULL, &out);
	check_watch_record("derived-vermagic", &out, (const char *const[]){
		"\ndecided_by: vermagic\n", "\nvermagic_source: derived\n",
		"\nvermagic_verdict: mismatch\n", "\nvermagic_release_compared: yes\n",
		"\nvermagic_differs: preempt\n",
		"\nvermagic_kernel: '7.2.13+deb14-cloud-amd64 SMP preempt mod_unload '\n", NULL });
	/* an import nobody exports: past the vermagic, which matched */
	strbuf_release(&out);
	{
		static const char mi[] = "vermagic=7.2.13+deb14-cloud-amd64 SMP preempt mod_unload \0";
		struct mvw_load *l = watch_load(41, "mv_h", mi, sizeof(mi), 0);

		l->found &= ~MVW_FOUND_VERSIONS;
		l->versions_len = l->versions_size = 0;
		mvw_joiner_feed(j, &host, l, sizeof(*l), &out);
	}
	watch_feed(j, &host, 41, MVW_FIND_FAILED, 0, 0, 0, "mv_no_such_symbol", &out);
	watch_feed(j, &host, 41, MVW_DONE, -2, 0, 0, NULL, &out);
	check_watch_record("derived-unknown", &out, (const char *const[]){
		"\ndecided_by: unknown_symbol\n", "\nunresolved:\tmv_no_such_symbol\n",
		"\nvermagic_verdict: match\n", NULL });
	/*
	 * The module's BTF refused (7.x): the notifier's return carries
	 * -EINVAL (notifier_from_errno(): NOTIFY_STOP_MASK | (NOTIFY_OK + 22));
	 * the verifier's last non-empty line is kept, as modverify.ko keeps
	 * it; a log line or a notifier return outside the validation is not
	 * the attempt's.
	 */
	strbuf_release(&out);
	{
		static const char mi[] = "vermagic=7.2.13+deb14-cloud-amd64 SMP preempt mod_unload \0";
		struct mvw_load *l = watch_load(42, "mv_i", mi, sizeof(mi), 0);

		l->found &= ~MVW_FOUND_VERSIONS;
		l->versions_len = l->versions_size = 0;
		mvw_joiner_feed(j, &host, l, sizeof(*l), &out);
	}
	watch_feed_log(j, &host, 42, "not in the validation", &out);
	watch_feed(j, &host, 42, MVW_BTF_DONE, 0x8016, 0, 0, NULL, &out);
	watch_feed(j, &host, 42, MVW_BTF, 0, 1 << MV_TAINT_OOT_MODULE | 1 << MV_TAINT_UNSIGNED_MODULE,
		   MVW_HAS_BTF, NULL, &out);
	watch_feed_log(j, &host, 42, "Invalid name 'a\\b\x01'  \nsecond line", &out);
	watch_feed_log(j, &host, 42, "   \n", &out);
	watch_feed(j, &host, 42, MVW_BTF_DONE, 0x8017, 0, 0, NULL, &out);
	watch_feed(j, &host, 42, MVW_DONE, -22, 0, 0, NULL, &out);
	check_watch_record("btf-invalid", &out, (const char *const[]){
		"\ndecided_by: btf\n", "\nbtf: invalid -22\n", "\nbtf_log: 'Invalid name ?a?b?" "?'\n",
		"\nmodule_taint: OE\n", "\nresult: -22 EINVAL\n", "\nstages: btf_module_notify\n",
		"\nvermagic_verdict: match\n", NULL });
	host.attached = ~0u;
	host.kernel_vermagic = NULL;

	/* CONFIG_MODULE_ALLOW_BTF_MISMATCH (Debian's 6.1): complained, let pass */
	strbuf_release(&out);
	mvw_joiner_feed(j, &host, watch_load(43, "mv_j", modinfo, sizeof(modinfo), 0x5),
			sizeof(struct mvw_load), &out);
	watch_feed(j, &host, 43, MVW_CRC, 1, 0x5, MVW_HAS_VALUE, "module_layout", &out);
	watch_feed(j, &host, 43, MVW_BTF, 0, 1 << MV_TAINT_OOT_MODULE, MVW_HAS_BTF, NULL, &out);
	watch_feed_log(j, &host, 43, "Invalid magic", &out);
	watch_feed(j, &host, 43, MVW_BTF_DONE, 1, 0, 0, NULL, &out);
	watch_feed(j, &host, 43, MVW_INIT, 0, 1 << MV_TAINT_OOT_MODULE, 0, NULL, &out);
	watch_feed(j, &host, 43, MVW_INIT_DONE, 0, 0, 0, NULL, &out);
	watch_feed(j, &host, 43, MVW_DONE, 0, 0, 0, NULL, &out);
	check_watch_record("btf-mismatch-allowed", &out, (const char *const[]){
		"\ndecided_by: loaded\n", "\nbtf: mismatch_allowed -\n",
		"\nbtf_log: 'Invalid magic'\n", "\nmodule_taint: O\n", NULL });
	/* no .BTF: nothing to validate */
	strbuf_release(&out);
	mvw_joiner_feed(j, &host, watch_load(44, "mv_k", modinfo, sizeof(modinfo), 0x5),
			sizeof(struct mvw_load), &out);
	watch_feed(j, &host, 44, MVW_BTF, 0, 0, 0, NULL, &out);
	watch_feed(j, &host, 44, MVW_BTF_DONE, 1, 0, 0, NULL, &out);
	watch_feed(j, &host, 44, MVW_DONE, -17, 0, 0, NULL, &out);
	check_watch_record("btf-absent", &out, (const char *const[]){
		"\nbtf: absent\n", "\nbtf_log: -\n", NULL });

	/*
	 * Module parameters: the table's ops tell the setters (param_ops_*
	 * addresses from kallsyms); parse_args() returned the last error, and
	 * the last value refused with it is named.
	 */
	strbuf_release(&out);
	host.param_ops[MV_KPARAM_BOOL] = 0xffffffff82000100ULL;
	host.param_ops[MV_KPARAM_UINT] = 0xffffffff82000200ULL;
	mvw_joiner_feed(j, &host, watch_load(45, "mv_slow", modinfo, sizeof(modinfo), 0x5),
			sizeof(struct mvw_load), &out);
	watch_feed(j, &host, 45, MVW_CRC, 1, 0x5, MVW_HAS_VALUE, "module_layout", &out);
	{
		static struct mvw_params e;

		memset(&e, 0, sizeof(e));
		e.h = (struct mvw_head){ .kind = MVW_PARAMS, .tid = 45, .tgid = 45, .value = 2 };
		strcpy(e.args, "hold=maybe delay_ms=abc");
		e.p[0] = (struct mvw_kparam){ .ops = 0xffffffff82000100ULL, .noarg = 1, .name = "hold" };
		e.p[1] = (struct mvw_kparam){ .ops = 0xffffffff82000200ULL, .name = "delay_ms" };
		mvw_joiner_feed(j, &host, &e, sizeof(e), &out);
	}
	watch_feed(j, &host, 45, MVW_PARAMS_DONE, -22, 0, 0, NULL, &out);
	watch_feed(j, &host, 45, MVW_DONE, -22, 0, 0, NULL, &out);
	check_watch_record("parameter", &out, (const char *const[]){
		"\ndecided_by: parameter\n", "\nparameters: 'hold=maybe delay_ms=abc'\n",
		"\nparameter_rejected: delay_ms\n", "\nresult: -22 EINVAL\n", NULL });
	/* none passed: the key says so, as modverify.ko's does */
	strbuf_release(&out);
	mvw_joiner_feed(j, &host, watch_load(46, "mv_l", modinfo, sizeof(modinfo), 0x5),
			sizeof(struct mvw_load), &out);
	watch_feed(j, &host, 46, MVW_DONE, -8, 0, 0, NULL, &out);
	check_watch_record("no-parameters", &out, (const char *const[]){
		"\nparameters: -\n", "\nparameter_rejected: -\n", NULL });

	/*
	 * A relocation refused: the entry found (x86-64), named as the
	 * module names it; one not found leaves only its section.  The taint
	 * mask read at entry and return; the flags added are the module's.
	 */
	strbuf_release(&out);
	{
		struct mvw_load *l = watch_load(47, "mv_reloc", modinfo, sizeof(modinfo), 0x5);

		l->h.flag = MVW_HAS_TAINT;
		l->taint = 1 << MV_TAINT_OOT_MODULE;
		mvw_joiner_feed(j, &host, l, sizeof(*l), &out);
	}
	watch_feed(j, &host, 47, MVW_CRC, 1, 0x5, MVW_HAS_VALUE, "module_layout", &out);
	watch_feed_reloc(j, &host, 47, MV_RELOC_TARGET_NONZERO, 4, 0x36, ".init.text", "strnlen", &out);
	watch_feed(j, &host, 47, MVW_DONE, -8,
		   1 << MV_TAINT_OOT_MODULE | 1 << MV_TAINT_UNSIGNED_MODULE, MVW_HAS_VALUE, NULL, &out);
	check_watch_record("relocation", &out, (const char *const[]){
		"\ndecided_by: relocation\n",
		"\nrelocation:\ttarget_nonzero\tR_X86_64_PLT32\t.init.text\t0x36\tstrnlen\n",
		"\ntaint_before: 0x1000 O\n", "\ntaint_after: 0x3000 OE\n",
		"\ntaint_added: 0x2000 E\n", NULL });
	strbuf_release(&out);
	mvw_joiner_feed(j, &host, watch_load(48, "mv_reloc", modinfo, sizeof(modinfo), 0x5),
			sizeof(struct mvw_load), &out);
	watch_feed(j, &host, 48, MVW_CRC, 1, 0x5, MVW_HAS_VALUE, "module_layout", &out);
	watch_feed_reloc(j, &host, 48, MV_RELOC_FAILED, 0, 0, ".text", "", &out);
	watch_feed(j, &host, 48, MVW_BTF, 0, 1 << MV_TAINT_OOT_MODULE, 0, NULL, &out);
	watch_feed(j, &host, 48, MVW_DONE, -8, 0, 0, NULL, &out);
	check_watch_record("relocation-not-found", &out, (const char *const[]){
		"\ndecided_by: relocation\n", "\nrelocation:\tfailed\t-\t.text\t-\t-\n",
		"\ntaint_before: -\n", "\ntaint_added: -\n", NULL });

	/*
	 * Three finit_module() calls of one file (6.5+): the first runs the
	 * load, the others wait and return its result; their records copy
	 * its record, with their own task, result and taints, shared_with
	 * naming it.  A call whose leader made no record has none.
	 */
	strbuf_release(&out);
	{
		const uint64_t key = 0xffff888004a1b2c0ULL, o = 1 << MV_TAINT_OOT_MODULE;
		struct strbuf f1 = STRBUF_INIT, f2 = STRBUF_INIT, lead = STRBUF_INIT;
		uint64_t leader_seq;

		watch_feed_file(j, &host, 60, key, 0, &out);
		watch_feed_file(j, &host, 61, key, 0, &out);
		watch_feed_file(j, &host, 62, key, 0, &out);
		mvw_joiner_feed(j, &host, watch_load(60, "mv_slow", modinfo, sizeof(modinfo), 0x5),
				sizeof(struct mvw_load), &lead);
		watch_feed(j, &host, 60, MVW_CRC, 1, 0x5, MVW_HAS_VALUE, "module_layout", &lead);
		watch_feed(j, &host, 60, MVW_INIT, 0, o, 0, NULL, &lead);
		watch_feed(j, &host, 60, MVW_INIT_DONE, 0, 0, 0, NULL, &lead);
		r = watch_feed(j, &host, 60, MVW_DONE, 0, o, MVW_HAS_VALUE, NULL, &lead);
		check("watch/shared/leader recorded", r == 1, "no record of the load");
		r = watch_feed(j, &host, 60, MVW_FILE_DONE, 0, o, MVW_HAS_VALUE, NULL, &out);
		check("watch/shared/the leader's own return adds none", r == 0 && !out.len,
		      "a second record of the leader");
		r = watch_feed(j, &host, 61, MVW_FILE_DONE, 0, o, MVW_HAS_VALUE, NULL, &f1);
		check("watch/shared/follower recorded", r == 1, "no record of a follower");
		watch_feed(j, &host, 62, MVW_FILE_DONE, 0, o, MVW_HAS_VALUE, NULL, &f2);
		leader_seq = lead.len ? strtoull(strstr(lead.text, "\nseq: ") + 6, NULL, 10) : 0;
		{
			char want[64];

			snprintf(want, sizeof(want), "\nshared_with: %llu\n", (unsigned long long)leader_seq);
			check_watch_record("shared-follower", &f1, (const char *const[]){
				want, "\npid: 61\n", "\ncomm: modprobe\n", "\ndecided_by: loaded\n",
				"\nresult: 0 OK\n", "\ncrc:\t0x00000005\t0x00000005\tmatch\tmodule_layout\n",
				"\ntaint_before: 0x0 -\n", "\ntaint_added: 0x1000 O\n", NULL });
			check_watch_record("shared-follower2", &f2, (const char *const[]){ want, "\npid: 62\n", NULL });
		}
		check_watch_record("shared-leader", &lead, (const char *const[]){
			"\nshared_with: -\n", "\npid: 60\n", NULL });
		/* a call of another file, whose load made no record */
		strbuf_release(&out);
		watch_feed_file(j, &host, 63, key + 64, 0, &out);
		r = watch_feed(j, &host, 63, MVW_FILE_DONE, -1, 0, 0, NULL, &out);
		check("watch/shared/no leader, no record", r == 0 && !out.len, "a record without a leader");
		strbuf_release(&f1);
		strbuf_release(&f2);
		strbuf_release(&lead);
	}

	/*
	 * Refused before load_module(): by may_init_module() with
	 * CAP_SYS_MODULE held (modules_disabled), recorded at the syscall's
	 * return; by IMA in kernel_read_file(), recorded at the read's return
	 * (the syscall's return adds none); a syscall that reached the loader
	 * adds none either.
	 */
	strbuf_release(&out);
	host.preload_probed[0] = host.preload_probed[1] = true;
	watch_feed_syscall(j, &host, 70, false, &out);
	r = watch_feed(j, &host, 70, MVW_SYSCALL_DONE, -EPERM, 1 << MV_TAINT_OOT_MODULE,
		       MVW_HAS_VALUE | MVW_CAPABLE, NULL, &out);
	check("watch/preload/recorded at the syscall's return", r == 1, "no record");
	check_watch_record("modules_disabled", &out, (const char *const[]){
		"\ndecided_by: modules_disabled\n", "\nrefused_at: may_init_module\n",
		"\nresult: -1 EPERM\n", "\npid: 70\n", "\ncomm: insmod\n", "\nlsm: -\n",
		"\ntaint_before: 0x1000 O\n", "\ntaint_added: 0x0 -\n", "\nmodule: -\n", NULL });
	strbuf_release(&out);
	watch_feed_syscall(j, &host, 71, false, &out);
	watch_feed_step(j, &host, 71, MV_PRELOAD_NONE, MV_LSM_IMA, -EACCES, &out);
	watch_feed_step(j, &host, 71, MV_PRELOAD_READ_HOOK, MV_LSM_NONE, -EACCES, &out);
	r = watch_feed_step(j, &host, 71, MV_PRELOAD_READ, MV_LSM_NONE, -EACCES, &out);
	check("watch/preload/recorded at the read's return", r == 1, "no record");
	r = watch_feed(j, &host, 71, MVW_SYSCALL_DONE, -EACCES, 0, 0, NULL, &out);
	check("watch/preload/one record", r == 0, "a second record at the syscall's return");
	check_watch_record("ima", &out, (const char *const[]){
		"\ndecided_by: lsm\n", "\nrefused_at: security_kernel_read_file\n",
		"\nlsm: ima\n", "\nresult: -13 EACCES\n", NULL });
	strbuf_release(&out);
	watch_feed_syscall(j, &host, 72, true, &out);
	mvw_joiner_feed(j, &host, watch_load(72, "mv_m", modinfo, sizeof(modinfo), 0x5),
			sizeof(struct mvw_load), &out);
	watch_feed(j, &host, 72, MVW_DONE, -ENOEXEC, 0, 0, NULL, &out);
	strbuf_release(&out);
	r = watch_feed(j, &host, 72, MVW_SYSCALL_DONE, -ENOEXEC, 0, 0, NULL, &out);
	check("watch/preload/none past the loader", r == 0 && !out.len, "a record of a syscall that reached load_module()");

	/* malformed and foreign events; an attempt whose return was lost */
	strbuf_release(&out);
	check("watch/short event", mvw_joiner_feed(j, &host, &tiny, sizeof(tiny), &out) == -1,
	      "a DONE shorter than its kind was taken");
	check("watch/foreign task",
	      watch_feed(j, &host, 99, MVW_DONE, 0, 0, 0, NULL, &out) == 0 && out.len == 0,
	      "an event of a task with no attempt made a record");
	mvw_joiner_feed(j, &host, watch_load(30, "mv_e", "", 1, 0), sizeof(struct mvw_load), &out);
	mvw_joiner_feed(j, &host, watch_load(30, "mv_f", "", 1, 0), sizeof(struct mvw_load), &out);
	check("watch/lost return counted", mvw_joiner_incomplete(j) == 1,
	      "an attempt replaced unfinished was not counted");
	strbuf_release(&out);
	strbuf_release(&out2);
	mvw_joiner_free(j);
}

/* lib/kstrtox.c's answers, and parse_args()'s splitting and choice. */
static void test_kparam(void)
{
	static const struct { const char *s; int rv; unsigned long long v; } u[] = {
		{ "0x1f", 0, 31 }, { "0X1F", 0, 31 }, { "010", 0, 8 }, { "+5", 0, 5 },
		{ "12\n", 0, 12 }, { "0", 0, 0 }, { "18446744073709551615", 0, ~0ULL },
		{ "0x", -EINVAL, 0 }, { "08", -EINVAL, 0 }, { "", -EINVAL, 0 },
		{ "12\n\n", -EINVAL, 0 }, { "-5", -EINVAL, 0 }, { " 5", -EINVAL, 0 },
		{ "18446744073709551616", -ERANGE, 0 }, { "abc", -EINVAL, 0 },
	};
	static const struct { const char *s; int rv; long long v; } l[] = {
		{ "-9223372036854775808", 0, -9223372036854775807LL - 1 }, { "-0", 0, 0 },
		{ "-0x10", 0, -16 }, { "9223372036854775807", 0, 9223372036854775807LL },
		{ "9223372036854775808", -ERANGE, 0 }, { "-9223372036854775809", -ERANGE, 0 },
		{ "--1", -EINVAL, 0 }, { "-+1", -EINVAL, 0 },
	};
	const struct mv_kparam params[] = {
		{ "hold", MV_KPARAM_BOOL, true, false, 0 },
		{ "delay_ms", MV_KPARAM_UINT, false, false, 0 },
		{ "level", MV_KPARAM_BYTE, false, false, 0 },
		{ "tag", MV_KPARAM_STRING, false, false, 4 },
		{ "name", MV_KPARAM_CHARP, false, false, 0 },
		{ "irq", MV_KPARAM_INT, false, true, 0 },
		{ "mode", MV_KPARAM_OTHER, false, false, 0 },
	};
	static const struct { const char *args; bool cut; int err; const char *want; } r[] = {
		{ "hold=maybe delay_ms=abc", false, -EINVAL, "delay_ms" },
		{ "hold=maybe delay_ms=7", false, -EINVAL, "hold" },
		{ "hold delay_ms=12 hold=on hold=of", false, -EINVAL, NULL },
		{ "hold=oops", false, -EINVAL, "hold" },
		{ "hold=maybe delay_ms=ab", true, -EINVAL, "hold" },
		{ "hold=1 -- delay_ms=abc", false, -EINVAL, NULL },
		{ "delay-ms=abc", false, -EINVAL, "delay-ms" },
		{ "name=\"a b\" delay_ms", false, -EINVAL, "delay_ms" },
		{ "\"delay_ms=1 2\"", false, -EINVAL, "delay_ms" },
		{ "level=256", false, -ERANGE, "level" },
		{ "level=255 delay_ms=4294967296", false, -ERANGE, "delay_ms" },
		{ "tag=abcd", false, -ENOSPC, "tag" },
		{ "tag=abc", false, -ENOSPC, NULL },
		{ "irq=x mode=x unknown=x", false, -EINVAL, NULL },
	};
	char name[64], n[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(u); i++) {
		unsigned long long v = 0;
		int rv = mv_kstrtoull(u[i].s, 0, &v);

		snprintf(n, sizeof(n), "kparam/kstrtoull '%s'", u[i].s);
		check(n, rv == u[i].rv && (rv || v == u[i].v), "another answer than the kernel's");
	}
	for (i = 0; i < ARRAY_SIZE(l); i++) {
		long long v = 0;
		int rv = mv_kstrtoll(l[i].s, 0, &v);

		snprintf(n, sizeof(n), "kparam/kstrtoll '%s'", l[i].s);
		check(n, rv == l[i].rv && (rv || v == l[i].v), "another answer than the kernel's");
	}
	for (i = 0; i < ARRAY_SIZE(r); i++) {
		bool found = mv_kparam_rejected(r[i].args, r[i].cut, params, ARRAY_SIZE(params),
						r[i].err, name, sizeof(name));

		snprintf(n, sizeof(n), "kparam/rejected '%s'%s %d", r[i].args,
			 r[i].cut ? " (cut)" : "", r[i].err);
		check(n, r[i].want ? found && !strcmp(name, r[i].want) : !found,
		      found ? name : "none named");
	}
}

int main(int argc, char *argv[])
{
	if (argc != 2) {
		fprintf(stderr, "usage: unit FIXTURES_DIR\n");
		return 2;
	}
	test_json_writer();
	test_debugfs_explanations();
	test_vermagic();
	test_errnames();
	test_parser();
	test_new_keys();
	test_btf();
	test_roundtrip_by_hand();
	test_roundtrip_fixtures(argv[1]);
	test_watch_join();
	test_kparam();
	return failures ? 1 : 0;
}
