// SPDX-License-Identifier: GPL-2.0
/*
 * .ko.gz modules (decompress.h), with zlib; a stub when the build had none.
 */
#include <errno.h>

#include "decompress.h"

#ifdef MV_HAVE_GZIP
#include <stdint.h>
#include <string.h>
#include <zlib.h>

int mv_ungzip(const unsigned char *in, size_t in_len, struct mv_outbuf *o,
	      struct mv_error *err)
{
	const char *why = NULL;
	size_t used = 0;
	z_stream z;
	int r;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {	/* gzip only */
		mv_error_set(err, NULL, "cannot start the gzip decoder");
		return -ENOMEM;
	}
	/* counted here, not by zlib: inflateReset() clears its totals */
	while (!why) {
		size_t room = mv_outbuf_room(o), left = in_len - used;

		if (!room) {
			inflateEnd(&z);
			return mv_outbuf_stalled(o, "gzip", err);
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
		mv_error_set(err, NULL, "not a valid gzip stream (%s)", why);
	inflateEnd(&z);
	return why ? -EINVAL : 0;
}

#else

int mv_ungzip(const unsigned char *in, size_t in_len, struct mv_outbuf *o,
	      struct mv_error *err)
{
	(void)in;
	(void)in_len;
	(void)o;
	return mv_decompress_unsupported("gzip", "zlib", err);
}

#endif /* MV_HAVE_GZIP */
