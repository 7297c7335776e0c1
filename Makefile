# SPDX-License-Identifier: GPL-2.0
#
# modverify: kernel module (kmod/, built by Kbuild) and reader (userspace/).
#
#   make                 module for KDIR, and the reader
#   make KDIR=/usr/src/linux-headers-<release>
#   make modules_install [INSTALL_MOD_PATH=...]   -> .../extra/modverify.ko
#   make deps            install build and test dependencies (root, Debian)
#   make check [KERNELS="<release> ..."]           host and QEMU tests
#   make check-build     build against every installed kernel, -Werror
#   make bench           probe overhead on module loading (docs/performance.md)
#   make demo            boot a kernel in QEMU, load a broken module, diagnose
#
# KDIR defaults to the running kernel's build tree when it exists, otherwise
# the newest installed Debian cloud headers.

TOP := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

ifneq ($(wildcard /lib/modules/$(shell uname -r)/build/Makefile),)
KDIR ?= /lib/modules/$(shell uname -r)/build
else
KDIR ?= $(shell ls -d /usr/src/linux-headers-*-cloud-amd64 2>/dev/null | sort -V | tail -n1)
endif
KRELEASE = $(shell sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
BTF_HDR := kmod/generated/loader_btf.h

.PHONY: all module module-for reader modules_install clean deps check check-build \
	bench demo btf-header

all: module reader

module: btf-header
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# Regenerated whenever KDIR names another kernel than the header was made for.
btf-header:
	@test -n "$(KDIR)" -a -f "$(KDIR)/Makefile" || { \
		echo "modverify: ERROR: no kernel headers found (KDIR='$(KDIR)'); install linux-headers-$$(uname -r) or run 'make deps'" >&2; \
		exit 1; }
	@if ! grep -qs '"$(KRELEASE)"' $(BTF_HDR) || \
	    [ $(TOP)/scripts/btf-offsets.sh -nt $(BTF_HDR) ]; then \
		$(TOP)/scripts/btf-offsets.sh "$(KRELEASE)" $(BTF_HDR); fi

# build/<release>/modverify.ko for each release in KERNELS (tests, demo):
# one source copy per kernel, so builds for several kernels do not collide.
module-for:
	@for rel in $(KERNELS); do $(TOP)/scripts/build-for.sh "$$rel" || exit; done

reader:
	$(MAKE) -C $(TOP)/userspace

modules_install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	rm -rf kmod/generated build
	$(MAKE) -C userspace clean

deps:
	$(TOP)/scripts/deps.sh

check:
	$(TOP)/tests/run.sh $(KERNELS)

# modverify.ko against every installed set of headers, warnings are errors.
check-build:
	$(TOP)/scripts/check-build.sh $(KERNELS)

bench:
	$(TOP)/tests/bench/run.sh

demo:
	$(TOP)/tests/demo.sh
