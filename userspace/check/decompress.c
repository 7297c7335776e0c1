// SPDX-License-Identifier: GPL-2.0
/*
 * What the decoders share (decompress.h): recognising a format by its
 * magic bytes, the growing output buffer, the dispatch to the decoder of
 * the format, and reading a file that may be compressed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "decompress.h"
#include "readfile.h"

static const struct {
	enum mv_compression c;
	const char *name;
	const unsigned char magic[6];
	size_t magic_len;
} formats[] = {
	{ MV_COMPRESSION_XZ,   "xz",   { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6 },
	{ MV_COMPRESSION_ZSTD, "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
	{ MV_COMPRESSION_GZIP, "gzip", { 0x1f, 0x8b }, 2 },
};

const char *mv_compression_name(enum mv_compression c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (formats[i].c == c)
			return formats[i].name;
	return "none";
}

enum mv_compression mv_compression_detect(const unsigned char *data,
					  size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (len >= formats[i].magic_len &&
		    memcmp(data, formats[i].magic, formats[i].magic_len) == 0)
			return formats[i].c;
	return MV_COMPRESSION_NONE;
}

size_t mv_outbuf_room(struct mv_outbuf *o)
{
	size_t want;
	unsigned char *grown;

	if (o->len < o->size)
		return o->size - o->len;
	if (o->size >= o->max)
		return 0;
	want = o->size ? o->size * 2 : 65536;
	if (want > o->max)
		want = o->max;
	grown = realloc(o->data, want);
	if (!grown) {
		o->nomem = true;
		return 0;
	}
	o->data = grown;
	o->size = want;
	return o->size - o->len;
}

int mv_outbuf_stalled(const struct mv_outbuf *o, const char *name,
		      struct mv_error *err)
{
	if (o->nomem) {
		mv_error_set(err, NULL, "out of memory decompressing %s", name);
		return -ENOMEM;
	}
	mv_error_set(err, NULL,
		     "the %s data decompresses to more than %zu bytes: not a module",
		     name, o->max);
	return -EFBIG;
}

int mv_decompress_unsupported(const char *format, const char *library,
			      struct mv_error *err)
{
	mv_error_set(err, NULL,
		     "%s-compressed: this modverify was built without %s; decompress the file first",
		     format, library);
	return -ENOSYS;
}

int mv_decompress(enum mv_compression c, const unsigned char *in,
		  size_t in_len, size_t max_out, unsigned char **out,
		  size_t *out_len, struct mv_error *err)
{
	struct mv_outbuf o = { .max = max_out };
	int ret;

	switch (c) {
	case MV_COMPRESSION_XZ:
		ret = mv_unxz(in, in_len, &o, err);
		break;
	case MV_COMPRESSION_ZSTD:
		ret = mv_unzstd(in, in_len, &o, err);
		break;
	case MV_COMPRESSION_GZIP:
		ret = mv_ungzip(in, in_len, &o, err);
		break;
	default:
		mv_error_set(err, NULL, "not compressed");
		ret = -EINVAL;
		break;
	}
	if (ret) {
		free(o.data);
		return ret;
	}
	/* room for the NUL mv_read_decompressed() promises */
	*out = o.len < o.size ? o.data : realloc(o.data, o.len + 1);
	if (!*out) {
		free(o.data);
		return mv_error_set(err, NULL, "out of memory"), -ENOMEM;
	}
	(*out)[o.len] = '\0';
	*out_len = o.len;
	return 0;
}

int mv_read_decompressed(const char *path, size_t max, unsigned char **data,
			 size_t *len, enum mv_compression *c,
			 struct mv_error *err)
{
	struct mv_error why;
	unsigned char *plain;
	size_t plain_len;

	if (mv_read_file(path, max, data, len, err))
		return -1;
	*c = mv_compression_detect(*data, *len);
	if (*c == MV_COMPRESSION_NONE)
		return 0;
	if (mv_decompress(*c, *data, *len, max, &plain, &plain_len, &why)) {
		free(*data);
		*data = NULL;
		*len = 0;
		return mv_error_set(err, NULL, "%s: %s", path, why.message);
	}
	free(*data);
	*data = plain;
	*len = plain_len;
	return 0;
}
