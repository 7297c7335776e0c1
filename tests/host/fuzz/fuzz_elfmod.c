// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for `modverify check`'s reading of module images, and
 * for everything downstream of it: whatever parses is predicted against two
 * kernels (6.1 with forced loads and signatures; 6.14 with extended
 * modversions, signature enforcement, strict W^X and a struct module
 * size), written as a record, parsed back and rendered as text and JSON,
 * all without a sanitizer report.  A record that does not parse back is a
 * bug too.  The input is also read as a vmlinux (its sections, its .BTF)
 * and as raw BTF, as `check` reads a build tree's vmlinux.
 *
 * tests/host/run.sh builds it like fuzz_record.c, seeds build/host-fuzz-elf/
 * corpus with the modules the check tests used (real, broken, compressed,
 * synthetic) and runs it for MV_FUZZ_SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "decompress.h"
#include "diagnose.h"
#include "elfmod.h"
#include "json_writer.h"
#include "kernel_target.h"
#include "predict.h"
#include "predict_record.h"
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
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			add_export(t, names[i], 0x1000 * (i + 1), i % 3 == 1,
				   i == 4 ? "FUZZ_NS" : NULL);
	}
}

static void render_all(const char *text)
{
	struct mv_render_options opts = { .color = true, .verbose = true };
	struct mv_host host = { .same_kernel = true };
	struct mv_parse_error err;
	struct mv_diagnosis diag;
	struct mv_record rec;
	struct json_writer *w;

	if (mv_record_parse(text, strlen(text), &rec, &err))
		__builtin_trap();	/* the writer wrote what the reader refuses */
	mv_diagnose(&rec, &host, &diag);
	mv_render_text(sink, &rec, &diag, &opts);
	w = jsonw_new(sink);
	if (w) {
		mv_render_json(w, &rec, &diag);
		jsonw_destroy(&w);
	}
	mv_diagnosis_free(&diag);
	mv_record_free(&rec);
}

/* What `check` reads of a build tree's vmlinux: sizeof(struct module). */
static void check_vmlinux(const unsigned char *image, size_t size)
{
	const struct mv_elf_section *btf;
	struct mv_elfmod elf;
	char err[512];

	(void)mv_btf_struct_size(image, size, "module");
	if (mv_elf_parse_sections(&elf, image, size, err, sizeof(err)))
		return;
	btf = mv_elfmod_section(&elf, ".BTF");
	if (btf && btf->data)
		(void)mv_btf_struct_size(btf->data, btf->size, "module");
	mv_elfmod_free(&elf);
}

static void check_image(const unsigned char *image, size_t size)
{
	struct mv_elfmod m;
	char err[512];
	unsigned int k;

	check_vmlinux(image, size);
	if (mv_elfmod_parse(&m, image, size, err, sizeof(err)))
		return;
	for (k = 0; k < 2; k++) {
		struct strbuf text = STRBUF_INIT;
		struct mv_prediction p;

		if (mv_predict(&m, &targets[k], &p))
			continue;
		mv_prediction_record(&p, &text);
		render_all(strbuf_str(&text));
		strbuf_release(&text);
		mv_prediction_free(&p);
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
	size_t plain_len;
	char err[256];

	if (!sink) {
		sink = fopen("/dev/null", "w");
		setup();
	}
	if (!sink)
		return 0;
	if (c == MV_COMPRESSION_NONE) {
		check_image(data, size);
	} else if (!mv_decompress(c, data, size, FUZZ_MAX_IMAGE, &plain,
				  &plain_len, err, sizeof(err))) {
		check_image(plain, plain_len);
		free(plain);
	}
	return 0;
}
