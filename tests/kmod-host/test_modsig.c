// SPDX-License-Identifier: GPL-2.0
/*
 * The appended signature (modsig.c): the DER walker on well-formed,
 * truncated and garbage input, and the values modinfo would show for a
 * PKCS#7 signature built here the way sign-file lays it out (RFC 5652:
 * ContentInfo, SignedData, SignerInfo).  Real Debian modules are compared
 * with modinfo itself by run.sh (unit --record).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt.h"

#define MARKER "~Module signature appended~\n"

struct buf {
	unsigned char b[1024];
	size_t len;
};

static void put(struct buf *o, const void *p, size_t n)
{
	if (o->len + n > sizeof(o->b))
		abort();
	memcpy(o->b + o->len, p, n);
	o->len += n;
}

/* @content as one DER element of @tag (short or two-byte long length). */
static void tlv(struct buf *o, unsigned char tag, const struct buf *content)
{
	unsigned char h[4] = { tag };
	size_t n = content->len;

	if (n < 0x80) {
		h[1] = n;
		put(o, h, 2);
	} else {
		h[1] = 0x82;
		h[2] = n >> 8;
		h[3] = n & 0xff;
		put(o, h, 4);
	}
	put(o, content->b, n);
}

static void tlv_raw(struct buf *o, unsigned char tag, const void *p, size_t n)
{
	struct buf c = { .len = 0 };

	put(&c, p, n);
	tlv(o, tag, &c);
}

static const unsigned char sha512_oid[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03 };
static const unsigned char signed_data_oid[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07,
						 0x02 };

/* A PKCS#7 signature: issuer CN @cn (after an O component), serial @serial. */
static void pkcs7(struct buf *out, const char *cn, const unsigned char *serial, size_t serial_len,
		  bool skid)
{
	static const unsigned char v1 = 1, data_oid[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
							  0x01, 0x07, 0x01 };
	static const unsigned char cn_oid[] = { 0x55, 0x04, 0x03 }, o_oid[] = { 0x55, 0x04, 0x0a };
	struct buf atv = { 0 }, rdn = { 0 }, name = { 0 }, ias = { 0 }, alg = { 0 }, si = { 0 };
	struct buf sis = { 0 }, sd = { 0 }, algs = { 0 }, eci = { 0 }, ex = { 0 }, ci = { 0 };

	tlv_raw(&atv, 0x06, o_oid, sizeof(o_oid));
	tlv_raw(&atv, 0x13, "Org", 3);
	tlv(&rdn, 0x30, &atv);
	tlv(&name, 0x31, &rdn);
	atv.len = rdn.len = 0;
	tlv_raw(&atv, 0x06, cn_oid, sizeof(cn_oid));
	tlv_raw(&atv, 0x0c, cn, strlen(cn));
	tlv(&rdn, 0x30, &atv);
	tlv(&name, 0x31, &rdn);
	tlv(&ias, 0x30, &name);
	tlv_raw(&ias, 0x02, serial, serial_len);
	tlv_raw(&alg, 0x06, sha512_oid, sizeof(sha512_oid));

	tlv_raw(&si, 0x02, &v1, 1);
	if (skid)
		tlv_raw(&si, 0x80, serial, serial_len);
	else
		tlv(&si, 0x30, &ias);
	tlv(&si, 0x30, &alg);
	tlv(&si, 0x30, &alg);			/* signatureAlgorithm: not read */
	tlv_raw(&si, 0x04, "sig", 3);
	tlv(&sis, 0x30, &si);

	tlv(&algs, 0x30, &alg);
	tlv_raw(&eci, 0x06, data_oid, sizeof(data_oid));
	tlv_raw(&sd, 0x02, &v1, 1);
	tlv(&sd, 0x31, &algs);
	tlv(&sd, 0x30, &eci);
	tlv(&sd, 0x31, &sis);
	tlv(&ex, 0x30, &sd);
	tlv_raw(&ci, 0x06, signed_data_oid, sizeof(signed_data_oid));
	tlv(&ci, 0xa0, &ex);
	tlv(out, 0x30, &ci);
}

/* "module" bytes, then @sig and the trailer of kind @id_type. */
static void sign(struct buf *img, const struct buf *sig, unsigned char id_type,
		 unsigned char hash, unsigned char signer_len, unsigned char key_len)
{
	unsigned char t[12] = { 0, hash, id_type, signer_len, key_len, 0, 0, 0,
				sig->len >> 24, sig->len >> 16, sig->len >> 8, sig->len };

	put(img, sig->b, sig->len);
	put(img, t, sizeof(t));
	put(img, MARKER, strlen(MARKER));
}

/* Parse @img alone (its exact length: ASan sees any read past it). */
static struct mv_record *parse(const struct buf *img)
{
	struct mv_record *rec = calloc(1, sizeof(*rec));
	unsigned char *copy = malloc(img->len ? img->len : 1);

	if (!rec || !copy)
		abort();
	memcpy(copy, img->b, img->len);
	mv_modsig_parse(copy, img->len, rec);
	free(copy);
	return rec;
}

static void der_walker(void)
{
	static const struct {
		const char *name;
		unsigned char in[8];
		size_t len;
		bool ok;
		size_t vlen;
	} cases[] = {
		{ "short", { 0x04, 0x02, 1, 2 }, 4, true, 2 },
		{ "long-1", { 0x04, 0x81, 0x01, 9 }, 4, true, 1 },
		{ "long-2", { 0x04, 0x82, 0x00, 0x02, 1, 2 }, 6, true, 2 },
		{ "empty", { 0 }, 0, false, 0 },
		{ "header-only", { 0x04 }, 1, false, 0 },
		{ "indefinite", { 0x30, 0x80, 0, 0 }, 4, false, 0 },
		{ "past-end", { 0x04, 0x05, 1 }, 3, false, 0 },
		{ "length-bytes-missing", { 0x04, 0x82, 0x00 }, 3, false, 0 },
		{ "length-5-bytes", { 0x04, 0x85, 0, 0, 0, 0, 1, 1 }, 8, false, 0 },
		{ "length-huge", { 0x04, 0x84, 0xff, 0xff, 0xff, 0xff }, 6, false, 0 },
		{ "high-tag", { 0x1f, 0x01, 0x01, 0 }, 4, false, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned char *copy = malloc(cases[i].len + 1);
		struct mv_der in, val = { 0 };
		char name[64];
		bool ok;
		u8 tag;

		memcpy(copy, cases[i].in, cases[i].len);
		in = (struct mv_der){ .p = copy, .len = cases[i].len };
		ok = mv_der_next(&in, &tag, &val);
		snprintf(name, sizeof(name), "modsig/der/%s", cases[i].name);
		kh_check(name, ok == cases[i].ok && (!ok || (val.len == cases[i].vlen &&
							     in.len == 0)) &&
			 (ok || in.len == cases[i].len),
			 "ok %d (want %d), value %zu bytes, %zu left", ok, cases[i].ok, val.len,
			 in.len);
		free(copy);
	}
}

static void pkcs7_values(void)
{
	static const unsigned char serial[] = { 0x00, 0x81, 0x02, 0xab };
	struct buf sig = { 0 }, img = { 0 };
	struct mv_record *rec;

	put(&img, "\x7f" "ELF", 4);
	pkcs7(&sig, "Build time autogenerated kernel key", serial, sizeof(serial), false);
	sign(&img, &sig, 2, 0, 0, 0);
	rec = parse(&img);
	kh_check("modsig/pkcs7", kt_record_has_line(rec, "sig_id: PKCS#7") &&
		 kt_record_has_line(rec, "signer: Build time autogenerated kernel key") &&
		 kt_record_has_line(rec, "sig_key: 81:02:AB") &&
		 kt_record_has_line(rec, "sig_hashalgo: sha512") &&
		 kt_record_has_line(rec, "sig_key_trusted: -"),
		 "signer '%s', %u key bytes, hash %u", rec->signer, rec->sig_key_len,
		 rec->sig_hash);
	rec->sig_verify_seen = true;
	rec->sig_verify_result = -ENOKEY;
	kh_check("modsig/trusted-no", kt_record_has_line(rec, "sig_key_trusted: no"), "%s", "not no");
	rec->sig_verify_result = 0;
	kh_check("modsig/trusted-yes", kt_record_has_line(rec, "sig_key_trusted: yes"), "%s", "not yes");
	rec->sig_verify_result = -EBADMSG;
	kh_check("modsig/trusted-unknown", kt_record_has_line(rec, "sig_key_trusted: -"), "%s", "not -");
	free(rec);

	sig.len = img.len = 0;
	pkcs7(&sig, "skid", serial + 1, 3, true);
	sign(&img, &sig, 2, 0, 0, 0);
	rec = parse(&img);
	kh_check("modsig/pkcs7-skid", kt_record_has_line(rec, "signer: -") &&
		 kt_record_has_line(rec, "sig_key: 81:02:AB") &&
		 kt_record_has_line(rec, "sig_hashalgo: sha512"),
		 "signer '%s', %u key bytes", rec->signer, rec->sig_key_len);
	free(rec);
}

static void legacy_and_unsigned(void)
{
	struct buf sig = { 0 }, img = { 0 };
	struct mv_record *rec;

	/* signer, key id, signature (X509 id type, hash 4: sha256) */
	put(&img, "abc" "\x01\x02", 5);
	sig.len = 0;
	put(&sig, "SIG", 3);
	sign(&img, &sig, 1, 4, 3, 2);
	rec = parse(&img);
	kh_check("modsig/x509", kt_record_has_line(rec, "sig_id: X509") &&
		 kt_record_has_line(rec, "signer: abc") &&
		 kt_record_has_line(rec, "sig_key: 01:02") &&
		 kt_record_has_line(rec, "sig_hashalgo: sha256"), "signer '%s'", rec->signer);
	free(rec);

	/* signer and key lengths past the image: nothing but the kind */
	img.len = 0;
	sign(&img, &sig, 1, 4, 200, 2);
	rec = parse(&img);
	kh_check("modsig/x509-lengths-past-image", kt_record_has_line(rec, "sig_id: X509") &&
		 kt_record_has_line(rec, "signer: -") && kt_record_has_line(rec, "sig_key: -"),
		 "signer '%s'", rec->signer);
	free(rec);

	/* sig_len past the image's start: no signature read at all */
	img.len = 0;
	put(&img, "ab", 2);
	sig.len = 0;
	put(&sig, "SIG", 3);
	sign(&img, &sig, 2, 0, 0, 0);
	img.b[2 + 3 + 11] = 200;
	rec = parse(&img);
	kh_check("modsig/sig-len-past-image", kt_record_has_line(rec, "sig_id: -") &&
		 kt_record_has_line(rec, "sig_hashalgo: -"), "sig_id %u", rec->sig_id);
	free(rec);

	img.len = 0;
	put(&img, MARKER, strlen(MARKER));
	rec = parse(&img);
	kh_check("modsig/marker-only", kt_record_has_line(rec, "sig_id: -"), "sig_id %u",
		 rec->sig_id);
	free(rec);
}

/*
 * Hostile input: every truncation of the DER (the trailer's length
 * following it), and every byte replaced by values that change lengths
 * and tags.  ASan checks the reads; each value is whole or unknown.
 */
static void hostile(void)
{
	static const unsigned char serial[] = { 0x25, 0x5e, 0xa7 };
	static const unsigned char subst[] = { 0x00, 0x01, 0x7f, 0x80, 0x81, 0x84, 0xff, 0x30 };
	struct buf sig = { 0 }, img, cut;
	unsigned int bad = 0, runs = 0;
	size_t n, i, k;

	pkcs7(&sig, "CN", serial, sizeof(serial), false);
	for (n = 0; n <= sig.len; n++) {
		struct mv_record *rec;

		cut = sig;
		cut.len = n;
		img.len = 0;
		sign(&img, &cut, 2, 0, 0, 0);
		rec = parse(&img);
		runs++;
		if ((rec->signer[0] && strcmp(rec->signer, "CN")) ||
		    (rec->sig_key_len && rec->sig_key_len != sizeof(serial)) ||
		    (n < sig.len && rec->sig_hash))
			bad++;
		free(rec);
	}
	for (i = 0; i < sig.len; i++) {
		for (k = 0; k < ARRAY_SIZE(subst); k++) {
			struct mv_record *rec;

			cut = sig;
			cut.b[i] = subst[k];
			img.len = 0;
			sign(&img, &cut, 2, 0, 0, 0);
			rec = parse(&img);
			runs++;
			if (strnlen(rec->signer, MV_SIGNER_LEN) == MV_SIGNER_LEN ||
			    rec->sig_key_len > MV_SIG_KEY_LEN)
				bad++;
			free(rec);
		}
	}
	kh_check("modsig/hostile", !bad && runs > 100, "%u of %u parses out of bounds", bad, runs);
}

void test_modsig(void)
{
	der_walker();
	pkcs7_values();
	legacy_and_unsigned();
	hostile();
}
