#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sign-module.sh KDIR KEY CERT KO: sign the kernel module KO with the
# private key KEY and the X.509 certificate CERT (PEM or DER), using the
# sign-file of the kernel build tree KDIR and that kernel's hash algorithm
# (CONFIG_MODULE_SIG_HASH).  A signature KO already carries (from an earlier
# `make sign`, or DKMS) is replaced, not stacked.  `make sign` runs this.
set -euo pipefail

die()
{
	echo "sign: ERROR: $*" >&2
	exit 1
}

[ $# -eq 4 ] || die "usage: sign-module.sh KDIR KEY CERT KO"
kdir=$1 key=$2 cert=$3 ko=$4

# signed FILE: FILE ends with the signature magic line.
signed()
{
	tail -c 28 "$1" | cmp -s - <(printf '~Module signature appended~\n')
}

if [ -z "$key" ] || [ -z "$cert" ]; then
	die "give the signing key and its certificate: make sign KEY=MOK.priv CERT=MOK.der (docs/install.md)"
fi
case $key in
pkcs11:*) ;;
*) [ -r "$key" ] || die "cannot read the key $key" ;;
esac
[ -r "$cert" ] || die "cannot read the certificate $cert"
[ -f "$ko" ] || die "no module $ko: build it first (make)"
sign_file=$kdir/scripts/sign-file
[ -x "$sign_file" ] ||
	die "no $sign_file: install that kernel's headers (linux-headers-<release>)"
hash=$(sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"$/\1/p' "$kdir/.config" 2>/dev/null)
hash=${hash:-sha256}

# An appended signature ends with struct module_signature (12 bytes, the
# signature's length big-endian in the last 4) and the 28-byte magic line.
size=$(stat -c %s "$ko")
if [ "$size" -gt 40 ] && signed "$ko"; then
	siglen=$(tail -c 32 "$ko" | head -c 4 | od -An -tu1 |
		 awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }')
	[ "$siglen" -lt "$((size - 40))" ] || die "$ko: malformed signature trailer"
	truncate -s "$((size - 40 - siglen))" "$ko"
	echo "sign: replacing the signature $ko had"
fi

"$sign_file" "$hash" "$key" "$cert" "$ko"
signed "$ko" || die "sign-file did not sign $ko"
echo "sign: $ko signed ($hash) by '$(modinfo -F signer "$ko" 2>/dev/null)'"
