/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compressed files: modules (.ko.xz, .ko.zst, .ko.gz) and the kernel's
 * symvers (/boot/symvers-REL.gz), recognised by their magic bytes rather
 * than by their name, and decompressed with the libraries kmod uses.  One file per format (decompress_xz.c, _zstd.c, _gzip.c);
 * a format whose library was absent at build time has a stub that fails
 * with -ENOSYS, as libkmod's do, and the rest of the reader works on.
 */
#ifndef MODVERIFY_DECOMPRESS_H
#define MODVERIFY_DECOMPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum mv_compression {
	MV_COMPRESSION_NONE,
	MV_COMPRESSION_XZ,
	MV_COMPRESSION_ZSTD,
	MV_COMPRESSION_GZIP,
};

enum mv_compression mv_compression_detect(const unsigned char *data,
					  size_t len);

/*
 * Decompress in[0..in_len) into a malloc()ed *out of *out_len bytes, at most
 * max_out.  Returns 0, or a negative errno with a sentence in err: -ENOSYS
 * when this build has no decoder for the format.
 */
int mv_decompress(enum mv_compression c, const unsigned char *in,
		  size_t in_len, size_t max_out, unsigned char **out,
		  size_t *out_len, struct mv_error *err);

/* The name of the format: "xz", "zstd", "gzip", or "none". */
const char *mv_compression_name(enum mv_compression c);

/*
 * The whole file at path, decompressed if it is compressed: *data is
 * malloc()ed, *len bytes (at most max, on disk and decompressed) and a NUL
 * after them; *c says how it was stored.  The one way the reader reads a
 * file that may be compressed.  Returns 0, or -1 with a sentence naming
 * path in err.
 */
int mv_read_decompressed(const char *path, size_t max, unsigned char **data,
			 size_t *len, enum mv_compression *c,
			 struct mv_error *err);

/* ---- for the decoders ------------------------------------------------ */

/* The output of a streaming decoder: grows by doubling up to max. */
struct mv_outbuf {
	unsigned char *data;
	size_t len, size, max;
	bool nomem;
};

/* The free space, growing the buffer; 0 at max or without memory. */
size_t mv_outbuf_room(struct mv_outbuf *o);
/* Why the decoder of format name stopped short; returns -EFBIG or -ENOMEM. */
int mv_outbuf_stalled(const struct mv_outbuf *o, const char *name,
		      struct mv_error *err);

/* One per format: 0, or a negative errno with err filled. */
int mv_unxz(const unsigned char *in, size_t in_len, struct mv_outbuf *o,
	    struct mv_error *err);
int mv_unzstd(const unsigned char *in, size_t in_len, struct mv_outbuf *o,
	      struct mv_error *err);
int mv_ungzip(const unsigned char *in, size_t in_len, struct mv_outbuf *o,
	      struct mv_error *err);

/* What a stub says: this build has no decoder for that format. */
int mv_decompress_unsupported(const char *format, const char *library,
			      struct mv_error *err);

#endif /* MODVERIFY_DECOMPRESS_H */
