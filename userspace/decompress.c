// SPDX-License-Identifier: GPL-2.0
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "decompress.h"
#include "readfile.h"

/* xz's own limit on the decoder's dictionary memory; modules use 1-8 MiB. */
#define XZ_MEMLIMIT	((uint64_t)256 << 20)

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

#define NR_FORMATS (sizeof(formats) / sizeof(formats[0]))

const char *mv_compression_name(enum mv_compression c)
{
	size_t i;

	for (i = 0; i < NR_FORMATS; i++)
		if (formats[i].c == c)
			return formats[i].name;
	return "none";
}

enum mv_compression mv_compression_detect(const unsigned char *data,
					  size_t len)
{
	size_t i;

	for (i = 0; i < NR_FORMATS; i++)
		if (len >= formats[i].magic_len &&
		    memcmp(data, formats[i].magic, formats[i].magic_len) == 0)
			return formats[i].c;
	return MV_COMPRESSION_NONE;
}

/*
 * The output buffer of a streaming decoder: grows by doubling up to max.
 * Returns the free space, or 0 when max is reached or memory runs out.
 */
struct outbuf {
	unsigned char *data;
	size_t len, size, max;
	int nomem;
};

static size_t outbuf_room(struct outbuf *o)
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
		o->nomem = 1;
		return 0;
	}
	o->data = grown;
	o->size = want;
	return o->size - o->len;
}

/* Why the decoder stopped without reaching the end of the stream. */
static int stalled(const struct outbuf *o, const char *name, char *err,
		   size_t err_size)
{
	if (o->nomem)
		snprintf(err, err_size, "out of memory decompressing %s", name);
	else
		snprintf(err, err_size,
			 "the %s data decompresses to more than %zu bytes: not a module",
			 name, o->max);
	return -1;
}

static int unxz(const unsigned char *in, size_t in_len, struct outbuf *o,
		char *err, size_t err_size)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret r;

	if (lzma_stream_decoder(&s, XZ_MEMLIMIT, LZMA_CONCATENATED) != LZMA_OK) {
		snprintf(err, err_size, "cannot start the xz decoder");
		return -1;
	}
	s.next_in = in;
	s.avail_in = in_len;
	do {
		size_t room = outbuf_room(o);

		if (!room) {
			lzma_end(&s);
			return stalled(o, "xz", err, err_size);
		}
		s.next_out = o->data + o->len;
		s.avail_out = room;
		/* all the input is there: LZMA_FINISH reports a truncated end */
		r = lzma_code(&s, LZMA_FINISH);
		o->len = room - s.avail_out + o->len;
	} while (r == LZMA_OK);
	lzma_end(&s);
	if (r == LZMA_STREAM_END)
		return 0;
	snprintf(err, err_size, "not a valid xz stream (%s)",
		 r == LZMA_BUF_ERROR ? "truncated" :
		 r == LZMA_DATA_ERROR ? "corrupt data" :
		 r == LZMA_FORMAT_ERROR ? "bad format" :
		 r == LZMA_MEMLIMIT_ERROR ? "needs too much memory" :
		 r == LZMA_OPTIONS_ERROR ? "unsupported options" :
		 "decoder error");
	return -1;
}

static int unzstd(const unsigned char *in, size_t in_len, struct outbuf *o,
		  char *err, size_t err_size)
{
	ZSTD_DStream *d = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, in_len, 0 };
	size_t r = 1;

	if (!d) {
		snprintf(err, err_size, "cannot start the zstd decoder");
		return -1;
	}
	/* r is 0 when a frame is complete; more frames may follow */
	while (ib.pos < ib.size || r != 0) {
		size_t room = outbuf_room(o);
		ZSTD_outBuffer ob;

		if (!room) {
			ZSTD_freeDStream(d);
			return stalled(o, "zstd", err, err_size);
		}
		ob.dst = o->data + o->len;
		ob.size = room;
		ob.pos = 0;
		r = ZSTD_decompressStream(d, &ob, &ib);
		o->len += ob.pos;
		if (ZSTD_isError(r)) {
			snprintf(err, err_size, "not a valid zstd stream (%s)",
				 ZSTD_getErrorName(r));
			ZSTD_freeDStream(d);
			return -1;
		}
		if (r != 0 && ib.pos == ib.size && ob.pos < ob.size) {
			snprintf(err, err_size, "not a valid zstd stream (truncated)");
			ZSTD_freeDStream(d);
			return -1;
		}
	}
	ZSTD_freeDStream(d);
	return 0;
}

static int ungzip(const unsigned char *in, size_t in_len, struct outbuf *o,
		  char *err, size_t err_size)
{
	const char *why = NULL;
	size_t used = 0;
	z_stream z;
	int r;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {	/* gzip only */
		snprintf(err, err_size, "cannot start the gzip decoder");
		return -1;
	}
	/* counted here, not by zlib: inflateReset() clears its totals */
	while (!why) {
		size_t room = outbuf_room(o), left = in_len - used;

		if (!room) {
			inflateEnd(&z);
			return stalled(o, "gzip", err, err_size);
		}
		z.next_in = (unsigned char *)in + used;
		z.avail_in = left > UINT32_MAX ? UINT32_MAX : (uInt)left;
		z.next_out = o->data + o->len;
		z.avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
		r = inflate(&z, Z_NO_FLUSH);
		used = (size_t)(z.next_in - in);
		o->len = (size_t)(z.next_out - o->data);
		if (r == Z_STREAM_END) {
			/* gzip members may follow one another (gzip -c a b) */
			if (used == in_len)
				break;
			if (inflateReset(&z) != Z_OK)
				why = "corrupt data";
		} else if (r == Z_BUF_ERROR && used == in_len) {
			why = "truncated";
		} else if (r != Z_OK && r != Z_BUF_ERROR) {
			why = z.msg ? z.msg : "corrupt data";
		}
	}
	if (why)
		snprintf(err, err_size, "not a valid gzip stream (%s)", why);
	inflateEnd(&z);
	return why ? -1 : 0;
}

int mv_decompress(enum mv_compression c, const unsigned char *in,
		  size_t in_len, size_t max_out, unsigned char **out,
		  size_t *out_len, char *err, size_t err_size)
{
	struct outbuf o = { .max = max_out };
	int ret;

	switch (c) {
	case MV_COMPRESSION_XZ:
		ret = unxz(in, in_len, &o, err, err_size);
		break;
	case MV_COMPRESSION_ZSTD:
		ret = unzstd(in, in_len, &o, err, err_size);
		break;
	case MV_COMPRESSION_GZIP:
		ret = ungzip(in, in_len, &o, err, err_size);
		break;
	default:
		snprintf(err, err_size, "not compressed");
		ret = -1;
		break;
	}
	if (ret) {
		free(o.data);
		return -1;
	}
	*out = o.data ? o.data : malloc(1);
	*out_len = o.len;
	return *out ? 0 : -1;
}

int mv_module_file_read(const char *path, size_t max,
			struct mv_module_file *file, char *err,
			size_t err_size)
{
	unsigned char *plain;
	size_t plain_len;
	char why[256];

	memset(file, 0, sizeof(*file));
	if (mv_read_file(path, max, &file->data, &file->len, err, err_size))
		return -1;
	file->file_len = file->len;
	file->compression = mv_compression_detect(file->data, file->len);
	if (file->compression == MV_COMPRESSION_NONE)
		return 0;
	if (mv_decompress(file->compression, file->data, file->len, max,
			  &plain, &plain_len, why, sizeof(why))) {
		snprintf(err, err_size, "%s: %s", path, why);
		mv_module_file_free(file);
		return -1;
	}
	free(file->data);
	file->data = plain;
	file->len = plain_len;
	return 0;
}

void mv_module_file_free(struct mv_module_file *file)
{
	free(file->data);
	memset(file, 0, sizeof(*file));
}
