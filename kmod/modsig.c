// SPDX-License-Identifier: GPL-2.0
/*
 * The module's appended signature: its kind, signer, key identifier and
 * hash algorithm, the values modinfo shows as sig_id, signer, sig_key and
 * sig_hashalgo.  Read at load_module() entry from the loader's copy of the
 * image, before the kernel has looked at it, so the trailer and the PKCS#7
 * DER inside it are hostile input: every length is checked against what
 * encloses it, only definite-length DER is read (what sign-file writes),
 * the walk follows one fixed path with bounded loops, and anything
 * unexpected leaves the values unknown instead of being followed.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "modverify.h"

/* As in include/linux/module_signature.h, which is not exported. */
#define MV_SIG_MARKER		"~Module signature appended~\n"
#define MV_SIG_TRAILER		12	/* sizeof(struct module_signature) */
#define MV_SIG_ID_PKCS7		2
#define MV_MAX_RDNS		16	/* name components looked at */

/* modinfo's spellings (kmod's libkmod-signature.c) */
static const char * const id_names[] = { "PGP", "X509", "PKCS#7" };
static const char * const legacy_hashes[] = {
	"md4", "md5", "sha1", "rmd160", "sha256", "sha384", "sha512", "sha224", "sm3",
};

/* DER-encoded digest algorithm OIDs, and their names (enum mv_sig_hash order). */
static const struct {
	const char *name;
	u8 len;
	u8 oid[9];
} hash_oids[] = {
	[MV_SIG_HASH_SHA1]	= { "sha1", 5, { 0x2b, 0x0e, 0x03, 0x02, 0x1a } },
	[MV_SIG_HASH_SHA256]	= { "sha256", 9, { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 } },
	[MV_SIG_HASH_SHA384]	= { "sha384", 9, { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02 } },
	[MV_SIG_HASH_SHA512]	= { "sha512", 9, { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03 } },
	[MV_SIG_HASH_SHA224]	= { "sha224", 9, { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04 } },
	[MV_SIG_HASH_SHA3_256]	= { "sha3-256", 9, { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x08 } },
	[MV_SIG_HASH_SHA3_384]	= { "sha3-384", 9, { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x09 } },
	[MV_SIG_HASH_SHA3_512]	= { "sha3-512", 9, { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x0a } },
	[MV_SIG_HASH_MD5]	= { "md5", 8, { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05 } },
	[MV_SIG_HASH_SM3]	= { "sm3", 8, { 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x11 } },
};

static const u8 oid_signed_data[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02 };
static const u8 oid_common_name[] = { 0x55, 0x04, 0x03 };

#define DER_INTEGER	0x02
#define DER_OID		0x06
#define DER_SEQUENCE	0x30
#define DER_SET		0x31
#define DER_CONTEXT0	0xa0	/* [0] constructed */
#define DER_CONTEXT1	0xa1
#define DER_SKID	0x80	/* [0] primitive: subjectKeyIdentifier */

/**
 * mv_der_next() - take the next element off @in
 * @in: the elements left; advanced past the one taken
 * @tag: its identifier octet
 * @val: its contents
 *
 * Return: false when @in is empty or the element is not one definite-length
 * DER element inside @in (a multi-byte tag, an indefinite length, a length
 * past the end or of more than 4 bytes); @in is then unchanged.
 */
bool mv_der_next(struct mv_der *in, u8 *tag, struct mv_der *val)
{
	size_t len, hdr = 2, i;

	if (in->len < 2 || (in->p[0] & 0x1f) == 0x1f)
		return false;
	len = in->p[1];
	if (len & 0x80) {
		size_t bytes = len & 0x7f;

		if (!bytes || bytes > 4 || in->len - 2 < bytes)
			return false;
		for (len = 0, i = 0; i < bytes; i++)
			len = len << 8 | in->p[2 + i];
		hdr += bytes;
	}
	if (len > in->len - hdr)
		return false;
	*tag = in->p[0];
	val->p = in->p + hdr;
	val->len = len;
	in->p += hdr + len;
	in->len -= hdr + len;
	return true;
}

/* The next element of @in if its tag is @tag. */
static bool der_expect(struct mv_der *in, u8 tag, struct mv_der *val)
{
	struct mv_der save = *in;
	u8 t;

	if (mv_der_next(in, &t, val) && t == tag)
		return true;
	*in = save;
	return false;
}

static bool der_is(const struct mv_der *v, const u8 *bytes, size_t len)
{
	return v->len == len && !memcmp(v->p, bytes, len);
}

static void copy_key(struct mv_record *rec, const u8 *key, size_t len)
{
	rec->sig_key_len = min_t(size_t, len, MV_SIG_KEY_LEN);
	rec->sig_key_truncated = len > MV_SIG_KEY_LEN;
	memcpy(rec->sig_key, key, rec->sig_key_len);
}

static void copy_signer(struct mv_record *rec, const u8 *s, size_t len)
{
	len = min_t(size_t, len, MV_SIGNER_LEN - 1);
	memcpy(rec->signer, s, len);
	rec->signer[len] = '\0';
}

/* The common name of a Name (RDNSequence), as modinfo's signer. */
static void parse_issuer(struct mv_der name, struct mv_record *rec)
{
	struct mv_der rdn, atv, oid, value;
	unsigned int n;
	u8 tag;

	for (n = 0; n < MV_MAX_RDNS && der_expect(&name, DER_SET, &rdn); n++) {
		if (!der_expect(&rdn, DER_SEQUENCE, &atv) ||
		    !der_expect(&atv, DER_OID, &oid) ||
		    !der_is(&oid, oid_common_name, sizeof(oid_common_name)) ||
		    !mv_der_next(&atv, &tag, &value))
			continue;
		/* UTF8String, PrintableString, T61String, IA5String */
		if (tag == 0x0c || tag == 0x13 || tag == 0x14 || tag == 0x16)
			copy_signer(rec, value.p, value.len);
		return;
	}
}

static void parse_digest_algorithm(struct mv_der alg, struct mv_record *rec)
{
	struct mv_der oid;
	unsigned int i;

	if (!der_expect(&alg, DER_OID, &oid))
		return;
	for (i = 1; i < ARRAY_SIZE(hash_oids); i++)
		if (der_is(&oid, hash_oids[i].oid, hash_oids[i].len))
			rec->sig_hash = i;
}

/*
 * ContentInfo { signedData, [0] SignedData { version, digestAlgorithms,
 * encapContentInfo, [0] certificates?, [1] crls?, signerInfos } }: the
 * first SignerInfo's sid and digestAlgorithm, as the kernel's
 * pkcs7_parser reads them.
 */
static void parse_pkcs7(struct mv_der der, struct mv_record *rec)
{
	struct mv_der ci, v, sd, infos, si, sid, field;
	u8 tag;

	if (!der_expect(&der, DER_SEQUENCE, &ci) || !der_expect(&ci, DER_OID, &v) ||
	    !der_is(&v, oid_signed_data, sizeof(oid_signed_data)) ||
	    !der_expect(&ci, DER_CONTEXT0, &v) || !der_expect(&v, DER_SEQUENCE, &sd) ||
	    !der_expect(&sd, DER_INTEGER, &field) || !der_expect(&sd, DER_SET, &field) ||
	    !der_expect(&sd, DER_SEQUENCE, &field))
		return;
	der_expect(&sd, DER_CONTEXT0, &field);
	der_expect(&sd, DER_CONTEXT1, &field);
	if (!der_expect(&sd, DER_SET, &infos) || !der_expect(&infos, DER_SEQUENCE, &si) ||
	    !der_expect(&si, DER_INTEGER, &field) || !mv_der_next(&si, &tag, &sid))
		return;
	if (tag == DER_SEQUENCE) {	/* issuerAndSerialNumber */
		struct mv_der issuer, serial;

		if (!der_expect(&sid, DER_SEQUENCE, &issuer) ||
		    !der_expect(&sid, DER_INTEGER, &serial))
			return;
		parse_issuer(issuer, rec);
		/* A positive INTEGER's leading zero is no part of the serial. */
		while (serial.len && !serial.p[0]) {
			serial.p++;
			serial.len--;
		}
		copy_key(rec, serial.p, serial.len);
	} else if (tag == DER_SKID) {
		copy_key(rec, sid.p, sid.len);
	} else {
		return;
	}
	if (der_expect(&si, DER_SEQUENCE, &field))
		parse_digest_algorithm(field, rec);
}

/**
 * mv_modsig_parse() - record the appended signature's signer, key and hash
 * @img: the image, signature included
 * @len: its length
 * @rec: the record, as the attempt's reset left it; sig_id stays 0 unless
 *	a trailer with a signature inside the image is found
 */
void mv_modsig_parse(const u8 *img, unsigned long len, struct mv_record *rec)
{
	size_t mlen = sizeof(MV_SIG_MARKER) - 1;
	const u8 *t;
	size_t sig_len, signer_len, key_len, room;

	if (len < mlen + MV_SIG_TRAILER || memcmp(img + len - mlen, MV_SIG_MARKER, mlen))
		return;
	t = img + len - mlen - MV_SIG_TRAILER;
	room = t - img;
	sig_len = (size_t)t[8] << 24 | t[9] << 16 | t[10] << 8 | t[11];
	signer_len = t[3];
	key_len = t[4];
	if (sig_len > room)
		return;
	rec->sig_id = t[2] + 1;
	if (t[2] == MV_SIG_ID_PKCS7) {
		parse_pkcs7((struct mv_der){ .p = t - sig_len, .len = sig_len }, rec);
		return;
	}
	/* Older formats: signer name and key id precede the signature. */
	if (signer_len + key_len > room - sig_len)
		return;
	copy_signer(rec, t - sig_len - key_len - signer_len, signer_len);
	copy_key(rec, t - sig_len - key_len, key_len);
	if (t[1] < ARRAY_SIZE(legacy_hashes)) {
		unsigned int i;

		for (i = 1; i < ARRAY_SIZE(hash_oids); i++)
			if (!strcmp(hash_oids[i].name, legacy_hashes[t[1]]))
				rec->sig_hash = i;
	}
}

/* modinfo's name for the signature's kind: "PKCS#7", or NULL if unknown. */
const char *mv_sig_id_name(u8 sig_id)
{
	return sig_id && sig_id <= ARRAY_SIZE(id_names) ? id_names[sig_id - 1] : NULL;
}

/* The hash algorithm's name, or NULL if it is not known. */
const char *mv_sig_hash_name(u8 hash)
{
	return hash && hash < ARRAY_SIZE(hash_oids) ? hash_oids[hash].name : NULL;
}
