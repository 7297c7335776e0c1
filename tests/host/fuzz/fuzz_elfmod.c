// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for `modverify check`'s reading of module images, and
 * for everything downstream of it: whatever parses is predicted against two
 * kernels (6.1 with forced loads and signatures; 6.14 with extended
 * modversions, signature enforcement, strict W^X and a struct module
 * size), rendered as text and JSON, written as a record and parsed back,
 * all without a sanitizer report.  A record that does not parse back is a
 * bug too.  The input is also read as a vmlinux (its sections, its .BTF)
 * and as raw BTF, as `check` reads a build tree's vmlinux.
 *
 * tests/host/test-fuzz.sh builds it like fuzz_record.c, seeds
 * build/host-fuzz-elf/corpus with the modules test-check.sh used (real,
 * broken, compressed, synthetic) and runs it for MV_FUZZ_SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "btf.h"
#include "decompress.h"
#include "diagnose.h"
#include "elfmod.h"
#include "json_writer.h"
#include "kernel_target.h"
#include "predict.h"
#include "record.h"
#include "render.h"

/* decompression bombs are refused early, not explored */
#define FUZZ_MAX_IMAGE	(4 << 20)

static FILE *sink;
static struct mv_target targets[2];

static void add_export(struct mv_target *t, const char *name, uint32_t crc,
		       bool gpl, const char *ns)
{
	struct mv_export x = {
		.name = name, .owner = MV_EXPORT_OWNER_VMLINUX, .ns = ns,
		.crc = crc, .has_crc = true, .gpl_only = gpl,
	};

	mv_exports_add(&t->exports, &x);
}

static void setup(void)
{
	static const char *const names[] = {
		"module_layout", "_printk", "__fentry__", "jiffies", "strscpy",
		"__x86_return_thunk", "init_uts_ns", "printk", "memcpy",
	};
	unsigned int i, k;

	for (k = 0; k < 2; k++) {
		struct mv_target *t = &targets[k];

		memset(t, 0, sizeof(*t));
		mv_exports_init(&t->exports);
		t->version = 6;
		t->patchlevel = k ? 14 : 1;
		snprintf(t->release, sizeof(t->release), "6.%d.0-fuzz", t->patchlevel);
		snprintf(t->vermagic, sizeof(t->vermagic),
			 "%s SMP preempt mod_unload modversions ", t->release);
		t->config_known = true;
		t->modversions = true;
		t->force_load = !k;
		t->module_sig = true;
		t->sig_force = k;
		t->strict_rwx = k;
		t->machine = k ? 62 : 0;	/* 6.1: any machine */
		t->elf_class = k ? 64 : 0;
		t->big_endian = k ? 0 : -1;
		t->struct_module_size = k ? 1280 : 0;	/* 6.14: compared */
		for (i = 0; i < ARRAY_SIZE(names); i++)
			add_export(t, names[i], 0x1000 * (i + 1), i % 3 == 1,
				   i == 4 ? "FUZZ_NS" : NULL);
	}
}

/* The prediction shown both ways, then written and read back. */
static void render_all(const struct mv_record *rec)
{
	struct mv_render_options opts = { .color = true, .verbose = true };
	struct mv_host host = { .same_kernel = true };
	struct strbuf text = STRBUF_INIT;
	struct mv_diagnosis diag;
	struct mv_record back;
	struct json_writer *w;
	struct mv_error err;

	mv_diagnose(rec, &host, &diag);
	mv_render_text(sink, rec, &diag, &opts);
	w = jsonw_new(sink);
	if (w) {
		mv_render_json(w, rec, &diag);
		if (jsonw_destroy(&w))
			__builtin_trap();	/* an unfinished JSON value */
	}
	mv_diagnosis_free(&diag);
	mv_record_format(rec, &text);
	if (mv_record_parse(strbuf_str(&text), text.len, &back, &err))
		__builtin_trap();	/* the writer wrote what the reader refuses */
	mv_record_free(&back);
	strbuf_release(&text);
}

/* What `check` reads of a build tree's vmlinux: sizeof(struct module). */
static void check_vmlinux(const unsigned char *image, size_t size)
{
	const struct mv_elf_section *btf;
	struct mv_elfmod elf;
	struct mv_error err;

	(void)mv_btf_struct_size(image, size, "module");
	if (mv_elf_parse_sections(&elf, image, size, &err))
		return;
	btf = mv_elfmod_section(&elf, ".BTF");
	if (btf && btf->data)
		(void)mv_btf_struct_size(btf->data, btf->size, "module");
	mv_elfmod_free(&elf);
}

static void check_image(const unsigned char *image, size_t size)
{
	struct mv_error err;
	struct mv_elfmod m;
	unsigned int k;

	check_vmlinux(image, size);
	if (mv_elfmod_parse(&m, image, size, &err))
		return;
	for (k = 0; k < 2; k++) {
		struct mv_dependencies deps;
		struct mv_record rec;

		if (mv_predict(&m, &targets[k], &rec, &deps))
			continue;
		render_all(&rec);
		mv_record_free(&rec);
		mv_dependencies_free(&deps);
	}
	/* what --with-modules reads of each installed module */
	{
		struct mv_exports e;

		mv_exports_init(&e);
		mv_exports_add_module(&e, &m);
		mv_exports_free(&e);
	}
	mv_elfmod_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum mv_compression c = mv_compression_detect(data, size);
	unsigned char *plain;
	struct mv_error err;
	size_t plain_len;

	if (!sink) {
		sink = fopen("/dev/null", "w");
		setup();
	}
	if (!sink)
		return 0;
	if (c == MV_COMPRESSION_NONE) {
		check_image(data, size);
	} else if (!mv_decompress(c, data, size, FUZZ_MAX_IMAGE, &plain,
				  &plain_len, &err)) {
		check_image(plain, plain_len);
		free(plain);
	}
	return 0;
}
