// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the record parser, and for everything downstream
 * of it: whatever parses must also diagnose and render (text with colour
 * and every row, and JSON) without a sanitizer report.
 *
 * tests/host/test-fuzz.sh builds it (clang -fsanitize=fuzzer,address,undefined,
 * linked with libmodverify.a built for fuzzing), seeds build/host-fuzz/corpus
 * with the fixture records (tests/host/fixtures) and runs it with record.dict for
 * MV_FUZZ_SECONDS (default 15).  Crashing inputs land in
 * build/host-fuzz/artifacts/; add them to the fixtures once fixed.
 */
#include <stdint.h>
#include <stdio.h>

#include "diagnose.h"
#include "json_writer.h"
#include "record.h"
#include "render.h"

static FILE *sink;

static void render_all(const struct mv_record *rec)
{
	struct mv_render_options opts = { .color = true, .verbose = true };
	struct mv_host host = { .same_kernel = true };
	struct mv_diagnosis diag;
	struct json_writer *w;

	mv_diagnose(rec, &host, &diag);
	mv_render_text(sink, rec, &diag, &opts);
	w = jsonw_new(sink);
	if (w) {
		jsonw_pretty(w, true);
		mv_render_json(w, rec, &diag);
		if (jsonw_destroy(&w))
			__builtin_trap();	/* an unfinished JSON value */
	}
	mv_diagnosis_free(&diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct mv_error err;
	struct mv_record rec;
	size_t offset = 0;
	unsigned int records = 0;

	if (!sink)
		sink = fopen("/dev/null", "w");
	if (!sink)
		return 0;

	/* the single-record entry point */
	if (mv_record_parse(text, size, &rec, &err) == 0) {
		render_all(&rec);
		mv_record_free(&rec);
	}

	/* the history entry point: records back to back */
	while (offset < size && records++ < 64) {
		size_t consumed;

		if (mv_record_parse_next(text + offset, size - offset, 0, &rec,
					 &consumed, &err))
			break;
		if (consumed == 0)
			__builtin_trap();	/* would loop forever */
		render_all(&rec);
		mv_record_free(&rec);
		offset += consumed;
	}
	return 0;
}
