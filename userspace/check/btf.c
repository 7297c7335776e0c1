// SPDX-License-Identifier: GPL-2.0
/*
 * A BTF blob walked type by type (btf.h), far enough to find one struct's
 * size; the type records are bounds-checked one by one.
 */
#include <stdbool.h>
#include <string.h>

#include <modverify/modversions.h>	/* mv_get_uint() */

#include "btf.h"

#define BTF_MAGIC		0xeb9f
#define BTF_HEADER_MIN		24	/* struct btf_header, version 1 */
#define BTF_TYPE_SIZE		12	/* struct btf_type */

/* BTF_KIND_*, and the bytes that follow a struct btf_type of each kind */
enum {
	KIND_INT = 1, KIND_PTR, KIND_ARRAY, KIND_STRUCT, KIND_UNION, KIND_ENUM,
	KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT,
	KIND_FUNC, KIND_FUNC_PROTO, KIND_VAR, KIND_DATASEC, KIND_FLOAT,
	KIND_DECL_TAG, KIND_TYPE_TAG, KIND_ENUM64,
};

/* Bytes after the btf_type of this kind with vlen entries; -1: unknown kind */
static long long trailer(unsigned int kind, unsigned int vlen)
{
	switch (kind) {
	case KIND_INT:
	case KIND_VAR:
	case KIND_DECL_TAG:
		return 4;
	case KIND_ARRAY:
		return 12;			/* struct btf_array */
	case KIND_STRUCT:
	case KIND_UNION:
	case KIND_DATASEC:
	case KIND_ENUM64:
		return 12LL * vlen;		/* btf_member, btf_var_secinfo, btf_enum64 */
	case KIND_ENUM:
	case KIND_FUNC_PROTO:
		return 8LL * vlen;		/* btf_enum, btf_param */
	case KIND_PTR:
	case KIND_FWD:
	case KIND_TYPEDEF:
	case KIND_VOLATILE:
	case KIND_CONST:
	case KIND_RESTRICT:
	case KIND_FUNC:
	case KIND_FLOAT:
	case KIND_TYPE_TAG:
		return 0;
	default:
		return -1;
	}
}

/* The NUL-terminated string at off in the string section, or NULL. */
static const char *string_at(const unsigned char *strs, uint64_t strs_len,
			     uint64_t off)
{
	if (off >= strs_len || !memchr(strs + off, '\0', strs_len - off))
		return NULL;
	return (const char *)strs + off;
}

uint64_t mv_btf_struct_size(const unsigned char *btf, size_t len,
			    const char *name)
{
	uint64_t hdr_len, type_off, type_len, str_off, str_len, found = 0;
	const unsigned char *types, *strs;
	bool big;
	size_t pos;

	if (len < BTF_HEADER_MIN)
		return 0;
	if (mv_get_uint(btf, 2, 0) == BTF_MAGIC)
		big = false;
	else if (mv_get_uint(btf, 2, 1) == BTF_MAGIC)
		big = true;
	else
		return 0;
	hdr_len = mv_get_uint(btf + 4, 4, big);
	type_off = mv_get_uint(btf + 8, 4, big);
	type_len = mv_get_uint(btf + 12, 4, big);
	str_off = mv_get_uint(btf + 16, 4, big);
	str_len = mv_get_uint(btf + 20, 4, big);
	/* offsets count from the end of the header */
	if (hdr_len < BTF_HEADER_MIN || hdr_len > len ||
	    type_off > len - hdr_len || type_len > len - hdr_len - type_off ||
	    str_off > len - hdr_len || str_len > len - hdr_len - str_off)
		return 0;
	types = btf + hdr_len + type_off;
	strs = btf + hdr_len + str_off;

	for (pos = 0; pos + BTF_TYPE_SIZE <= type_len;) {
		const unsigned char *t = types + pos;
		uint32_t info = (uint32_t)mv_get_uint(t + 4, 4, big);
		unsigned int kind = (info >> 24) & 0x1f, vlen = info & 0xffff;
		long long extra = trailer(kind, vlen);
		const char *type_name;

		if (extra < 0 || (uint64_t)extra > type_len - pos - BTF_TYPE_SIZE)
			return 0;
		if (kind == KIND_STRUCT) {
			type_name = string_at(strs, str_len, mv_get_uint(t, 4, big));
			if (type_name && strcmp(type_name, name) == 0) {
				uint64_t size = mv_get_uint(t + 8, 4, big);

				if (found && found != size)
					return 0;	/* two of them: no answer */
				found = size;
			}
		}
		pos += BTF_TYPE_SIZE + (size_t)extra;
	}
	return found;
}
