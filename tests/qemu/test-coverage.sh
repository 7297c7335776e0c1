#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-coverage.sh RELEASE: every other way the loader refuses or taints a
# module, reproduced for real in two guest boots of one kernel.
#
#   main:      malformed ELF (truncated, wrong e_machine, section headers
#              past the end), an unknown symbol, a duplicate, an init that
#              fails, a module without __versions loaded without force
#              (where the kernel has modversions), a module signed with a
#              key the kernel does not trust; Debian's own signed in-tree
#              isofs of another kernel build, the running kernel's isofs
#              without cdrom, then modprobe isofs; then
#              signature enforcement switched on (it cannot be switched
#              off), the other build's isofs again; then the history and
#              stats files.
#   blacklist: first `modprobe mv_good` with `install mv_good /bin/false`
#              in /etc/modprobe.d (modprobe refuses without asking the
#              kernel: no record) and `modverify check mv_good.ko`, which
#              says so, against /boot/symvers-REL.gz and /boot/config-REL
#              (no build tree in the guest); then booted with
#              module_blacklist=mv_good; then lockdown.
#
# Both boots run `modverify watch` beside modverify.ko (watch-guest.sh):
# its record of each attempt must say what modverify.ko's says, key for key
# (watch-results.sh).
#
# Expected values come from the test's own inputs, the kernel's dmesg,
# /proc/modules, the history's record count, the kernel's Module.symvers,
# and modinfo on the module files.
set -euo pipefail

# shellcheck source=tests/qemu/setup.sh
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# shellcheck source=tests/qemu/watch-results.sh
. "$TOP/tests/qemu/watch-results.sh"

build()
{
	"$TOP/tests/lib/build-module" "$TOP/tests/modules/$1" "$rel" "$work/$1" >/dev/null
	cp "$work/$1/$1.ko" "$share/"
}

# put_bytes FILE OFFSET HEX...: overwrite bytes in place.
put_bytes()
{
	local file=$1 off=$2

	shift 2
	printf "$(printf '\\x%s' "$@")" |
		dd of="$file" bs=1 seek="$off" conv=notrunc status=none
}

# debian_module REL PATH DEST: Debian's module kernel/PATH.ko[.xz|.zst|.gz]
# of kernel REL, decompressed to DEST (the signature is over the
# uncompressed module); prints the file it came from.
debian_module()
{
	local f

	for f in "/lib/modules/$1/kernel/$2.ko"{,.xz,.zst,.gz}; do
		[ -f "$f" ] || continue
		case $f in
		*.xz) xz -dc "$f" ;;
		*.zst) zstd -qdc "$f" ;;
		*.gz) gzip -dc "$f" ;;
		*) cat "$f" ;;
		esac > "$3" || return 1
		echo "$f"
		return 0
	done
	return 1
}

# The running kernel's own isofs and cdrom, and isofs of another Debian
# kernel build (another ABI of 6.1, or 6.1 for a newer kernel); foreign_src
# and own_src name the files, for modinfo.  None when the host has no
# module tree of $rel (the sid chroot's kernels): the checks say so.
foreign_src='' own_src=''
prepare_intree()
{
	local other

	own_src=$(debian_module "$rel" fs/isofs/isofs "$share/own-isofs.ko") || { own_src=; return 0; }
	debian_module "$rel" drivers/cdrom/cdrom "$share/own-cdrom.ko" >/dev/null ||
		setup_fail "no cdrom module of $rel beside its isofs"
	for other in 6.1.0-50-cloud-amd64 6.1.0-57-cloud-amd64; do
		[ "$other" != "$rel" ] || continue
		foreign_src=$(debian_module "$other" fs/isofs/isofs "$share/foreign-isofs.ko") && return 0
	done
	setup_fail "no isofs of another Debian kernel build (6.1.0-50-cloud-amd64, 6.1.0-57-cloud-amd64)"
}

prepare()
{
	rm -rf "$work"
	mkdir -p "$share"
	make -s -C "$TOP/tests/tools" >/dev/null
	build mv_good
	build mv_initfail
	build mv_unknown
	build mv_proprietary

	# Malformed images the kernel's own ELF checks reject.
	head -c 2000 "$share/mv_good.ko" > "$share/truncated.ko"
	cp "$share/mv_good.ko" "$share/machine.ko"
	put_bytes "$share/machine.ko" 18 b7 00		# e_machine = EM_AARCH64
	cp "$share/mv_good.ko" "$share/shoff.ko"
	put_bytes "$share/shoff.ko" 40 00 00 00 40 00 00 00 00	# e_shoff 1 GiB

	if mv_modversions "$rel"; then
		cp "$share/mv_good.ko" "$share/nover.ko"
		"$kopatch" rename-section "$share/nover.ko" __versions __xersions
	fi

	# Signed with a key of our own, which the kernel does not trust.
	openssl req -new -x509 -newkey rsa:2048 -nodes -days 36500 -subj "/CN=modverify test key/" \
		-keyout "$work/key.pem" -outform DER -out "$work/cert.der" 2>/dev/null
	cp "$share/mv_good.ko" "$share/signed.ko"
	# sign-file is built for the headers' own environment (a chroot's libc).
	"$MV_KENV" "$rel" -- "$(mv_env_kdir "$rel")/scripts/sign-file" sha256 \
		"$work/key.pem" "$work/cert.der" "$share/signed.ko"

	prepare_intree
	prepare_watch_share
	{
		cat <<-'EOF'
		truncated	insmod truncated.ko
		machine	insmod machine.ko
		shoff	insmod shoff.ko
		unknown_symbol	insmod mv_unknown.ko
		good	insmod mv_good.ko
		duplicate	insmod mv_good.ko
		init_failure	rmmod mv_good && insmod mv_initfail.ko
		EOF
		if mv_modversions "$rel"; then
			printf 'nover\tinsmod nover.ko && rmmod mv_good\n'
		fi
		cat <<-'EOF'
		signed_untrusted	insmod signed.ko && rmmod mv_good
		tainting	insmod mv_proprietary.ko
		EOF
		# shellcheck disable=SC2016 # expanded by the guest's shell
		if [ -n "$own_src" ]; then
			# The running kernel's own copies, where modprobe finds them.
			printf 'intree_stage\td=/lib/modules/$(uname -r)/kernel && mkdir -p $d/fs/isofs $d/drivers/cdrom && cp own-isofs.ko $d/fs/isofs/isofs.ko && cp own-cdrom.ko $d/drivers/cdrom/cdrom.ko && depmod\n'
			printf 'intree_foreign\tinsmod foreign-isofs.ko\n'
			printf 'intree_own\tinsmod own-isofs.ko\n'
			printf 'intree_modprobe\tmodprobe isofs && grep -E "^(isofs|cdrom) " /proc/modules | cut -d" " -f1 | sort | tr "\\n" " " && echo\n'
		fi
		cat <<-'EOF'
		enforced_unsigned	echo 1 > /sys/module/module/parameters/sig_enforce && insmod mv_good.ko
		enforced_untrusted	insmod signed.ko
		EOF
		if [ -n "$own_src" ]; then
			printf 'enforced_intree_foreign\tinsmod foreign-isofs.ko\n'
		fi
		cat <<-'EOF'
		history	cat /sys/kernel/debug/modverify/history
		reader_all	modverify --json --all
		stats	cat /sys/kernel/debug/modverify/stats
		EOF
	} > "$share/scenarios.main"
	# The kernel's CRCs and configuration as Fedora ships them, for check.
	gzip -c "$(mv_kdir "$rel")/Module.symvers" > "$share/symvers.gz"
	cp "$(mv_kdir "$rel")/include/config/auto.conf" "$share/config"
	# No scenario of this boot may say "insmod" before the kernel's own
	# blacklist: the modprobe one must not load anything.
	cat > "$share/scenarios.blacklist" <<-'EOF'
	modprobe_install	mkdir -p /etc/modprobe.d /boot && echo "install mv_good /bin/false" > /etc/modprobe.d/mv_good.conf && h=/sys/kernel/debug/modverify/history && b=$(grep -c "^end: " $h); modprobe mv_good; echo "modprobe exit $?"; echo "records $b $(grep -c "^end: " $h)"; echo "in /proc/modules $(grep -c "^mv_good " /proc/modules)"
	check_install	cp symvers.gz "/boot/symvers-$(uname -r).gz" && cp config "/boot/config-$(uname -r)" && modverify check mv_good.ko --color=never
	check_install_json	modverify check mv_good.ko --json 2>/dev/null
	blacklisted	insmod mv_good.ko
	lockdown	echo integrity > /sys/kernel/security/lockdown && insmod mv_initfail.ko
	EOF
}

check_elf()
{
	local s

	for s in truncated machine shoff; do
		expect_outcome $s -8 ENOEXEC elf
		expect_match "$s/insmod says" "$(cat "$(res $s out)")" 'Invalid module format'
		expect_eq "$s/no layout check" \
			"$(field $s stages | grep -c check_modstruct_version)" 0
	done
	expect_headline truncated 'not a valid module'
	expect_headline machine 'e_machine 183'
	expect_match truncated/image_check "$(field truncated image_check)" 'outside the image'
	expect_eq machine/image_check "$(field machine image_check)" "e_machine 183, this kernel's is 62"
	expect_line machine/dmesg "$(res machine dmesg)" 'Invalid architecture in ELF header: 183' substring
	expect_match shoff/image_check "$(field shoff image_check)" 'section headers outside the image'
}

check_symbols()
{
	local s=unknown_symbol

	expect_outcome $s -2 ENOENT unknown_symbol
	expect_line "$s/unresolved" "$(res $s rec)" "$(printf 'unresolved:\tmv_no_such_symbol')"
	# Only the import nothing exports: the others resolved, with or
	# without a check_version() call to show it (no modversions).
	expect_eq "$s/only that symbol unresolved" "$(grep -c '^unresolved:' "$(res $s rec)")" 1
	expect_line "$s/dmesg" "$(res $s dmesg)" 'mv_unknown: Unknown symbol mv_no_such_symbol (err -2)' substring
	expect_match "$s/insmod says" "$(cat "$(res $s out)")" 'Unknown symbol in module'
	expect_eq "$s/no crc refused" "$(grep -c '	mismatch	' "$(res $s rec)")" 0
	expect_json $s '.unresolved == ["mv_no_such_symbol"]'
	expect_headline $s 'mv_no_such_symbol'

	s=duplicate
	expect_outcome $s -17 EEXIST duplicate
	expect_match "$s/insmod says" "$(cat "$(res $s out)")" 'File exists'
	expect_headline $s 'already loaded'
}

check_init()
{
	local s=init_failure

	expect_outcome $s -19 ENODEV init
	expect_eq "$s/init_result" "$(field $s init_result)" "-19 ENODEV"
	expect_eq "$s/every crc matched" "$(grep -c '^crc:' "$(res $s rec)")" \
		"$(grep -c '	match	' "$(res $s rec)")"
	expect_eq "$s/vermagic" "$(field $s vermagic_verdict)" match
	expect_headline $s 'init failed.*-19'
}

check_taints()
{
	local s=good

	# modverify itself already tainted the kernel O and E: nothing to add.
	expect_outcome $s 0 OK loaded
	expect_match "$s/module_taint" "$(field $s module_taint)" '^OE$'
	expect_eq "$s/sig_reason" "$(field $s sig_reason)" unsigned
	expect_match "$s/reader: loaded, not a failure" "$(head -n1 "$(res $s text)")" 'loaded'

	# A load that taints is reported loaded, with the taints it added.
	s=tainting
	expect_outcome $s 0 OK loaded
	expect_match "$s/P and N added" "$(field $s taint_added)" '^0x40001 PN$'
	expect_match "$s/module_taint" "$(field $s module_taint)" '^POEN$'
	expect_line "$s/dmesg" "$(res $s dmesg)" "mv_proprietary: module license 'Proprietary' taints kernel." substring
	expect_match "$s/reader: loaded, not a failure" "$(head -n1 "$(res $s text)")" 'loaded'
	expect_json $s '.taint.added.letters == "PN"'

	s=nover
	if ! mv_modversions "$rel"; then
		mv_skip "$T/$s" "kernel built without CONFIG_MODVERSIONS"
		return
	fi
	expect_outcome $s 0 OK forced
	expect_eq "$s/flags" "$(field $s flags)" "0x0 -"
	expect_eq "$s/all forced" "$(grep -c '^crc:' "$(res $s rec)")" \
		"$(grep -c '	forced	' "$(res $s rec)")"
	expect_line "$s/forced line" "$(res $s rec)" "$(printf 'forced:\tok\tmodule_layout')"
	expect_match "$s/F added" "$(field $s taint_added)" 'F'
	expect_line "$s/dmesg" "$(res $s dmesg)" 'mv_good: module_layout: kernel tainted.' substring
	expect_headline $s 'forced'
}

check_signatures()
{
	local s=signed_untrusted

	expect_outcome $s 0 OK loaded
	expect_eq "$s/signature" "$(field $s signature)" present
	expect_eq "$s/sig_verified" "$(field $s sig_verified)" no
	expect_eq "$s/sig_reason" "$(field $s sig_reason)" unavailable_key
	expect_match "$s/module_taint E" "$(field $s module_taint)" 'E'
	# Signed by our own key (signer "modverify test key"), unknown to the kernel.
	expect_modinfo $s "$share/signed.ko"
	expect_eq "$s/sig_key_trusted" "$(field $s sig_key_trusted)" no

	s=enforced_unsigned
	expect_outcome $s -129 EKEYREJECTED signature
	expect_eq "$s/sig_enforced" "$(field $s sig_enforced)" yes
	expect_eq "$s/sig_reason" "$(field $s sig_reason)" unsigned
	expect_line "$s/dmesg" "$(res $s dmesg)" 'Loading of unsigned module is rejected' substring
	expect_match "$s/insmod says" "$(cat "$(res $s out)")" 'Key was rejected by service'
	expect_headline $s 'unsigned and the kernel enforces'

	s=enforced_untrusted
	expect_outcome $s -129 EKEYREJECTED signature
	expect_eq "$s/sig_reason" "$(field $s sig_reason)" unavailable_key
	expect_line "$s/dmesg" "$(res $s dmesg)" 'Loading of module with unavailable key is rejected' substring
	expect_headline $s 'key the kernel does not trust'
}

# expect_modinfo SCENARIO FILE: the record's signature and .modinfo keys are
# what modinfo says of FILE, the module the scenario loaded.
expect_modinfo()
{
	local key want

	for key in sig_id signer sig_key sig_hashalgo intree retpoline license depends; do
		want=$(modinfo -F "$key" "$2" | head -n 1)
		expect_eq "$1/$key is modinfo's" "$(field "$1" "$key")" "${want:--}"
	done
}

# Debian's signed in-tree modules: another build's isofs (its key unknown
# to this kernel, refused by the check dmesg names), the kernel's own
# isofs without cdrom (its key trusted; depends= gives one remedy), the
# remedy itself, and the other build's isofs under enforcement.
check_intree()
{
	local s=intree_foreign decider own

	if [ -z "$own_src" ]; then
		mv_skip "$T/intree" "no module tree of $rel on this host (/lib/modules/$rel)"
		return
	fi
	own=/lib/modules/$rel/kernel/fs/isofs/isofs.ko
	expect_eq "intree_stage/depmod" "$(cat "$(res intree_stage rc)")" 0
	expect_modinfo $s "$foreign_src"
	expect_eq "$s/sig_reason" "$(field $s sig_reason)" unavailable_key
	expect_eq "$s/sig_key_trusted" "$(field $s sig_key_trusted)" no
	if grep -q 'section size must match' "$(res $s dmesg)"; then
		decider=module_size
	else
		decider=module_layout
		expect_line "$s/dmesg" "$(res $s dmesg)" 'isofs: disagrees about version of symbol module_layout' substring
	fi
	expect_outcome $s -8 ENOEXEC $decider
	expect_line "$s/reader: the running kernel's copy" "$(res $s text)" \
		"load the running kernel's own copy, $own, with modprobe:" substring
	expect_line "$s/reader: modprobe" "$(res $s text)" "       modprobe isofs"
	expect_eq "$s/reader: no rebuild command" "$(grep -c '^ *make -C' "$(res $s text)")" 0

	s=intree_own
	expect_modinfo $s "$own_src"
	expect_outcome $s -2 ENOENT unknown_symbol
	expect_eq "$s/sig_reason" "$(field $s sig_reason)" ok
	expect_eq "$s/sig_key_trusted" "$(field $s sig_key_trusted)" yes
	expect_line "$s/dmesg" "$(res $s dmesg)" 'isofs: Unknown symbol' substring
	expect_eq "$s/reader: one remedy for every symbol" \
		"$(grep -c 'load cdrom first, or load this one with modprobe' "$(res $s text)")" 1
	expect_eq "$s/reader: no line per symbol" \
		"$(grep -c 'is exported by no loaded module' "$(res $s text)")" 0

	# The remedy works: modprobe loads cdrom, then isofs.
	s=intree_modprobe
	expect_eq "$s/exit" "$(cat "$(res $s rc)")" 0
	expect_line "$s/loaded" "$(res $s out)" "cdrom isofs "
	expect_outcome $s 0 OK loaded

	s=enforced_intree_foreign
	expect_modinfo $s "$foreign_src"
	expect_outcome $s -129 EKEYREJECTED signature
	expect_eq "$s/sig_key_trusted" "$(field $s sig_key_trusted)" no
	expect_line "$s/dmesg" "$(res $s dmesg)" 'Loading of module with unavailable key is rejected' substring
	expect_line "$s/reader: no key to enrol" "$(res $s text)" \
		"Enrolling a certificate with mokutil cannot make this kernel accept it." substring
	expect_eq "$s/reader: no mokutil --import" "$(grep -c 'mokutil --import' "$(res $s text)")" 0
	expect_line "$s/reader: the check that refuses it next" "$(res $s text)" "($decider)" substring
	expect_line "$s/reader: the running kernel's copy" "$(res $s text)" \
		"load the running kernel's own copy, $own, with modprobe:" substring
}

# The history holds every attempt of the boot, in order, as records.
check_history()
{
	local h seqs n intree=0

	# The in-tree scenarios: modprobe isofs loads cdrom, then isofs (two
	# attempts, no insmod); one more refused by ENOEXEC, one by signature.
	[ -n "$own_src" ] && intree=1
	h=$(res history out)
	seqs=$(sed -n 's/^seq: //p' "$h" | tr '\n' ' ')
	n=$(grep -c '^modverify_record: 1$' "$h")
	expect_eq "history/one record per attempt" "$n" "$(grep -c '^end: ' "$h")"
	# Each insmod is one attempt (kmod's insmod calls finit_module once).
	expect_eq "history/attempts" "$n" \
		"$(($(grep -o insmod "$share/scenarios.main" | wc -l) + 2 * intree))"
	expect_eq "history/in order" "$seqs" "$(seq -s ' ' 1 "$n") "
	expect_line "stats/elf" "$(res stats out)" "$(printf 'decided_by: elf\t3')"
	expect_line "stats/signature" "$(res stats out)" "$(printf 'decided_by: signature\t%d' $((2 + intree)))"
	expect_line "stats/errno ENOEXEC" "$(res stats out)" "$(printf 'errno: 8\t%d' $((3 + intree)))"
	expect_line "stats/attempts" "$(res stats out)" "attempts: $n"
	# The reader's --all: one JSON object per record of the history, in order.
	expect_eq "reader --all/records" "$(jq length "$(res reader_all out)" 2>&1)" "$n"
	expect_eq "reader --all/in order" "$(jq -r '[.[].seq] | map(tostring) | join(" ")' \
		"$(res reader_all out)" 2>&1) " "$(seq -s ' ' 1 "$n") "
}

# modprobe runs the install command: exit 1, no load attempt, no record;
# check names the command and the symvers file it read.
check_modprobe_config()
{
	local s=modprobe_install crc

	expect_line "$s/modprobe exits 1" "$(res $s out)" "modprobe exit 1"
	expect_line "$s/modprobe says why" "$(res $s out)" "Error running install command '/bin/false' for module mv_good" substring
	expect_line "$s/no record" "$(res $s out)" '^records ([0-9]+) \1$' regex
	expect_line "$s/not loaded" "$(res $s out)" "in /proc/modules 0"
	expect_eq "$s/no kernel message" "$(grep -c mv_good "$(res $s dmesg)")" 0

	s=check_install
	expect_line "$s/names the command" "$(res $s out)" "  install:      /bin/false"
	expect_line "$s/says nothing loads" "$(res $s out)" "'modprobe mv_good' runs it instead of loading the module" substring
	expect_line "$s/names the symvers" "$(res $s out)" "  crcs from:    /boot/symvers-$rel.gz (gzip-compressed)"
	s=check_install_json
	expect_eq "$s/install" "$(jq -r .modprobe_config.install "$(res $s out)" 2>&1)" /bin/false
	expect_eq "$s/config" "$(jq -r .kernel_files.config "$(res $s out)" 2>&1)" "/boot/config-$rel"
	if mv_modversions "$rel"; then
		crc=$(awk '$2 == "module_layout" { print $1 }' "$(mv_kdir "$rel")/Module.symvers")
		expect_eq "$s/module_layout crc is the kernel's" \
			"$(jq -r '.crcs[] | select(.symbol == "module_layout") | .kernel_crc' "$(res $s out)" 2>&1)" "$crc"
	fi
}

check_blacklist()
{
	local s=blacklisted

	expect_outcome $s -1 EPERM blacklist
	expect_line "$s/dmesg" "$(res $s dmesg)" 'Module mv_good is blacklisted' substring
	expect_headline $s 'blacklisted'

	s=lockdown
	expect_outcome $s -1 EPERM lockdown
	expect_eq "$s/sig_enforced" "$(field $s sig_enforced)" no
	expect_line "$s/dmesg" "$(res $s dmesg)" 'unsigned module loading is restricted' substring
	expect_headline $s 'lockdown'
}

# `modverify watch` saw each attempt as modverify.ko did.
check_watch_main()
{
	local s

	for s in truncated machine shoff unknown_symbol good duplicate init_failure \
		signed_untrusted tainting enforced_unsigned enforced_untrusted; do
		check_watched $s
	done
	! mv_modversions "$rel" || check_watched nover
	if [ -n "$own_src" ]; then
		for s in intree_foreign intree_own intree_modprobe enforced_intree_foreign; do
			check_watched $s
		done
	fi
}

prepare
if watch_boot main; then
	check_elf
	check_symbols
	check_init
	check_taints
	check_signatures
	check_intree
	check_history
	check_watch_main
fi
if watch_boot blacklist --append "module_blacklist=mv_good"; then
	check_modprobe_config
	check_blacklist
	check_watched blacklisted
	check_watched lockdown
fi
[ "$mv_checks_failed" = 0 ]
