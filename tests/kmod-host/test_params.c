// SPDX-License-Identifier: GPL-2.0
/*
 * Which parameter parse_args() refused (params.c).  The kernel's rules:
 * kernel/params.c parse_args() goes on past a refused value and returns the
 * last error; parse_one() refuses a missing value unless the ops are NOARG;
 * the standard setters are kstrto*(val, 0, ...) (-EINVAL, -ERANGE), charp's
 * and string's refuse a value too long (-ENOSPC).
 */
#include <string.h>

#include "kt.h"

static const struct kparam_string buf8 = { .maxlen = 8 };
static const struct kernel_param_ops custom_ops;

static const struct kernel_param params[] = {
	{ .name = "delay_ms", .ops = &param_ops_uint },
	{ .name = "hold", .ops = &param_ops_bool },
	{ .name = "count", .ops = &param_ops_int },
	{ .name = "level", .ops = &param_ops_byte },
	{ .name = "label", .ops = &param_ops_charp },
	{ .name = "buf", .ops = &param_ops_string, .str = &buf8 },
	{ .name = "inv", .ops = &param_ops_invbool },
	{ .name = "cb", .ops = &custom_ops },
	{ .name = "hw", .ops = &param_ops_uint, .flags = KERNEL_PARAM_FL_HWPARAM },
};

/* The name found for @args and @err, or "" when none is. */
static const char *rejected(const char *args, bool cut, int err)
{
	static char name[MV_SYM_LEN];

	name[0] = '\0';
	if (!mv_param_rejected(args, cut, params, ARRAY_SIZE(params), err, name, sizeof(name)))
		return "";
	return name;
}

static void expect(const char *test, const char *args, bool cut, int err, const char *want)
{
	const char *got = rejected(args, cut, err);

	kh_check(test, !strcmp(got, want), "'%s' (err %d): got '%s', want '%s'",
		 args, err, got, want);
}

void test_params(void)
{
	expect("params-uint-letters", "delay_ms=abc", false, -EINVAL, "delay_ms");
	expect("params-bool-word", "hold=xyz delay_ms=5", false, -EINVAL, "hold");
	expect("params-dash-as-passed", "delay-ms=abc", false, -EINVAL, "delay-ms");
	expect("params-last-refused", "delay_ms=abc hold=maybe", false, -EINVAL, "hold");
	expect("params-range", "count=99999999999", false, -ERANGE, "count");
	expect("params-range-not-einval", "count=99999999999", false, -EINVAL, "");
	expect("params-byte-range", "level=256", false, -ERANGE, "level");
	expect("params-int-ok", "count=-0x10 level=0377 delay_ms=7\n", false, -EINVAL, "");
	expect("params-missing-value", "delay_ms", false, -EINVAL, "delay_ms");
	expect("params-bool-noarg", "hold", false, -EINVAL, "");
	expect("params-invbool-needs-value", "inv", false, -EINVAL, "inv");
	expect("params-string-too-long", "buf=12345678", false, -ENOSPC, "buf");
	expect("params-string-fits", "buf=1234567", false, -ENOSPC, "");
	expect("params-custom-setter", "cb=1", false, -EINVAL, "");
	expect("params-hwparam", "hw=x", false, -EINVAL, "");
	expect("params-unknown-ignored", "nosuch=1 count=x", false, -EINVAL, "count");
	expect("params-quoted", "label=\"a b\" count=q", false, -EINVAL, "count");
	expect("params-after-dashes", "-- count=x", false, -EINVAL, "");
	expect("params-cut-last-skipped", "hold=1 count=x", true, -EINVAL, "");
	expect("params-cut-earlier", "count=x hold=1", true, -EINVAL, "count");
	expect("params-empty", "", false, -EINVAL, "");
}
