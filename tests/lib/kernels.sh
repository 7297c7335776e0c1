# SPDX-License-Identifier: GPL-2.0
#
# Kernel releases the test bed can use.  Sourced by bash scripts.

# Print the releases that can both boot in QEMU (/boot/vmlinuz-REL) and
# build modules (/usr/src/linux-headers-REL), oldest first.
mv_kernels()
{
	local img rel

	for img in /boot/vmlinuz-*; do
		rel=${img#/boot/vmlinuz-}
		if [ -d "/usr/src/linux-headers-$rel" ]; then
			echo "$rel"
		fi
	done | sort -V
}

# Print the release tests run on by default: $MODVERIFY_KERNEL, else the
# newest cloud flavour (the smallest image, and LZ4: the fastest under TCG).
mv_default_kernel()
{
	if [ -n "${MODVERIFY_KERNEL:-}" ]; then
		echo "$MODVERIFY_KERNEL"
		return
	fi
	mv_kernels | sed -n '/-cloud-amd64$/p' | tail -n 1
}
