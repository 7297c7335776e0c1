// SPDX-License-Identifier: GPL-2.0
/*
 * .ko.zst modules (decompress.h), with libzstd; a stub when the build had none.
 */
#include <errno.h>

#include "decompress.h"

#ifdef MV_HAVE_ZSTD
#include <zstd.h>

int mv_unzstd(const unsigned char *in, size_t in_len, struct mv_outbuf *o,
	      struct mv_error *err)
{
	ZSTD_DStream *d = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, in_len, 0 };
	size_t r = 1;

	if (!d) {
		mv_error_set(err, NULL, "cannot start the zstd decoder");
		return -ENOMEM;
	}
	/* r is 0 when a frame is complete; more frames may follow */
	while (ib.pos < ib.size || r != 0) {
		size_t room = mv_outbuf_room(o);
		ZSTD_outBuffer ob;

		if (!room) {
			ZSTD_freeDStream(d);
			return mv_outbuf_stalled(o, "zstd", err);
		}
		ob.dst = o->data + o->len;
		ob.size = room;
		ob.pos = 0;
		r = ZSTD_decompressStream(d, &ob, &ib);
		o->len += ob.pos;
		if (ZSTD_isError(r)) {
			mv_error_set(err, NULL, "not a valid zstd stream (%s)",
				     ZSTD_getErrorName(r));
			ZSTD_freeDStream(d);
			return -EINVAL;
		}
		if (r != 0 && ib.pos == ib.size && ob.pos < ob.size) {
			mv_error_set(err, NULL, "not a valid zstd stream (truncated)");
			ZSTD_freeDStream(d);
			return -EINVAL;
		}
	}
	ZSTD_freeDStream(d);
	return 0;
}

#else

int mv_unzstd(const unsigned char *in, size_t in_len, struct mv_outbuf *o,
	      struct mv_error *err)
{
	(void)in;
	(void)in_len;
	(void)o;
	return mv_decompress_unsupported("zstd", "libzstd", err);
}

#endif /* MV_HAVE_ZSTD */
