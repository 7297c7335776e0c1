/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compressed modules (.ko.xz, .ko.zst, .ko.gz), recognised by their magic
 * bytes rather than by their name, and decompressed with the libraries
 * kmod uses, so that a module can be checked whichever way it is shipped.
 */
#ifndef MODVERIFY_DECOMPRESS_H
#define MODVERIFY_DECOMPRESS_H

#include <stddef.h>

/* Largest module accepted, compressed or not: debug builds reach ~1 GiB. */
#define MV_MODULE_MAX_BYTES	((size_t)1 << 30)

enum mv_compression {
	MV_COMPRESSION_NONE,
	MV_COMPRESSION_XZ,
	MV_COMPRESSION_ZSTD,
	MV_COMPRESSION_GZIP,
};

/* "none", "xz", "zstd", "gzip" */
const char *mv_compression_name(enum mv_compression c);
enum mv_compression mv_compression_detect(const unsigned char *data,
					  size_t len);

/*
 * Decompress in[0..in_len) into a malloc()ed *out of *out_len bytes, at most
 * max_out.  Returns 0, or -1 with a sentence in err.
 */
int mv_decompress(enum mv_compression c, const unsigned char *in,
		  size_t in_len, size_t max_out, unsigned char **out,
		  size_t *out_len, char *err, size_t err_size);

/* A module file as the loader would get it: read, then decompressed. */
struct mv_module_file {
	unsigned char *data;
	size_t len;			/* decompressed size */
	size_t file_len;		/* size on disk */
	enum mv_compression compression;
};

/* Returns 0, or -1 with a sentence (naming path) in err. */
int mv_module_file_read(const char *path, size_t max,
			struct mv_module_file *file, char *err,
			size_t err_size);
void mv_module_file_free(struct mv_module_file *file);

#endif /* MODVERIFY_DECOMPRESS_H */
