// SPDX-License-Identifier: GPL-2.0
/*
 * .ko.xz modules (decompress.h), with liblzma; a stub when the build had none.
 */
#include <errno.h>

#include "decompress.h"

#ifdef MV_HAVE_XZ
#include <lzma.h>

/* xz's own limit on the decoder's dictionary memory; modules use 1-8 MiB. */
#define XZ_MEMLIMIT	((uint64_t)256 << 20)

int mv_unxz(const unsigned char *in, size_t in_len, struct mv_outbuf *o,
	    struct mv_error *err)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret r;

	if (lzma_stream_decoder(&s, XZ_MEMLIMIT, LZMA_CONCATENATED) != LZMA_OK) {
		mv_error_set(err, NULL, "cannot start the xz decoder");
		return -ENOMEM;
	}
	s.next_in = in;
	s.avail_in = in_len;
	do {
		size_t room = mv_outbuf_room(o);

		if (!room) {
			lzma_end(&s);
			return mv_outbuf_stalled(o, "xz", err);
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
	mv_error_set(err, NULL, "not a valid xz stream (%s)",
		     r == LZMA_BUF_ERROR ? "truncated" :
		     r == LZMA_DATA_ERROR ? "corrupt data" :
		     r == LZMA_FORMAT_ERROR ? "bad format" :
		     r == LZMA_MEMLIMIT_ERROR ? "needs too much memory" :
		     r == LZMA_OPTIONS_ERROR ? "unsupported options" :
		     "decoder error");
	return -EINVAL;
}

#else

int mv_unxz(const unsigned char *in, size_t in_len, struct mv_outbuf *o,
	    struct mv_error *err)
{
	(void)in;
	(void)in_len;
	(void)o;
	return mv_decompress_unsupported("xz", "liblzma", err);
}

#endif /* MV_HAVE_XZ */
