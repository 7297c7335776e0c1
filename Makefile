# SPDX-License-Identifier: GPL-2.0
#
# modverify: kernel module (kmod/, built by Kbuild) and reader (userspace/).
#
#   make                 module for KDIR, and the reader
#   make KDIR=/usr/src/linux-headers-<release>
#   make modules_install [INSTALL_MOD_PATH=...]   -> .../extra/modverify.ko
#   make install [DESTDIR=... PREFIX=...]  module, reader, systemd units
#   make uninstall       remove what make install installed
#   make sign KEY=MOK.priv CERT=MOK.der [KO=path]  sign the module (MOK)
#   make dkms-source     the DKMS source tree in /usr/src/modverify-<version>
#   make deb             Debian packages modverify-dkms and modverify, in build/deb/
#   make version         the version (debian/changelog's)
#   make deps            install build and test dependencies (root, Debian)
#   make check [KERNELS="<release> ..."]           host and QEMU tests
#   make check-build     build against every installed kernel, -Werror
#   make check-deb       the Debian packages installed, booted on every kernel
#                        DKMS can build for, purged, in QEMU (makes the
#                        Debian 12 root first; ~20 min under TCG)
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
	bench demo btf-header install uninstall sign dkms-source deb version check-deb

# Installation (docs/install.md).  PREFIX, DESTDIR and BINDIR as in
# userspace/Makefile; the module goes to
# $(INSTALL_MOD_PATH)/lib/modules/<release>/$(INSTALL_MOD_DIR)/, and
# INSTALL_MOD_PATH follows DESTDIR, so a staged install stays staged.
# The version is debian/changelog's (the Debian packages must carry it
# there); dkms.conf's PACKAGE_VERSION and the reader's --version take it from
# here.  The DKMS source tree has no debian/: it only builds the module.
VERSION := $(shell sed -n '1s/^[^ ]* .\([^ ]*\). .*/\1/p' $(TOP)/debian/changelog 2>/dev/null)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec/modverify
UNITDIR ?= $(PREFIX)/lib/systemd/system
DKMS_SRCDIR ?= /usr/src/modverify-$(VERSION)
INSTALL_MOD_PATH := $(or $(INSTALL_MOD_PATH),$(DESTDIR))
INSTALL_MOD_DIR ?= extra
# An empty INSTALL_MOD_PATH from the environment still means DESTDIR; and it
# is passed to kbuild on its command line, not exported: exported, it would
# reach every make run under this one (`make check` runs the install tests)
# and send their staged installs to the host's /lib/modules.
KBUILD_INSTALL := INSTALL_MOD_PATH=$(INSTALL_MOD_PATH) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR)
# INSTALL_MODULE=no: everything but the module (DKMS installs that one).
INSTALL_MODULE ?= yes
DEPMOD ?= /sbin/depmod
INSTALL ?= install

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

version:
	@echo $(VERSION)

modules_install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KBUILD_INSTALL) modules_install

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

# Module (modules_install, then depmod: the headers packages have no
# System.map, so kbuild skips its own), reader, man page, completion, the
# systemd units and the journal export.  KEY= and CERT= sign the module
# first; kbuild's own signing (CONFIG_MODULE_SIG_ALL, with the kernel's
# build key, which distribution headers do not ship) is turned off.
install:
ifneq ($(INSTALL_MODULE),no)
	$(if $(KEY)$(CERT),$(MAKE) sign)
	$(MAKE) modules_install $(KBUILD_INSTALL) CONFIG_MODULE_SIG_ALL=
	$(DEPMOD) $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KRELEASE)
endif
	$(MAKE) -C $(TOP)/userspace install
	$(INSTALL) -d $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(UNITDIR)
	sed 's|^MODVERIFY_DEFAULT=.*|MODVERIFY_DEFAULT=$(BINDIR)/modverify|' \
		$(TOP)/packaging/modverify-journal > $(DESTDIR)$(LIBEXECDIR)/modverify-journal
	chmod 0755 $(DESTDIR)$(LIBEXECDIR)/modverify-journal
	$(INSTALL) -m 0644 $(TOP)/packaging/modverify.service $(DESTDIR)$(UNITDIR)/
	sed 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' $(TOP)/packaging/modverify-journal.service \
		> $(DESTDIR)$(UNITDIR)/modverify-journal.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/modverify-journal.service

# kbuild's modules_install compresses the module as the kernel's config
# says (6.12 and later Debian kernels: modverify.ko.xz): remove every form.
uninstall:
ifneq ($(INSTALL_MODULE),no)
	rm -f $(foreach s,.ko .ko.xz .ko.zst .ko.gz,$(INSTALL_MOD_PATH)/lib/modules/$(KRELEASE)/$(INSTALL_MOD_DIR)/modverify$(s))
	$(DEPMOD) $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KRELEASE)
endif
	$(MAKE) -C $(TOP)/userspace uninstall
	rm -f $(DESTDIR)$(LIBEXECDIR)/modverify-journal \
		$(DESTDIR)$(UNITDIR)/modverify.service \
		$(DESTDIR)$(UNITDIR)/modverify-journal.service
	rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null || true

# Sign modverify.ko (or KO=) with KEY and CERT, by KDIR's scripts/sign-file.
sign: $(if $(KO),,module)
	$(TOP)/packaging/sign-module.sh "$(KDIR)" "$(KEY)" "$(CERT)" "$(or $(KO),modverify.ko)"

# What DKMS builds from: the module's sources, the top Makefile and the BTF
# scripts (dkms.conf).  `dkms add .` would copy the whole work tree.
DKMS_FILES := dkms.conf Makefile Kbuild \
	$(patsubst $(TOP)/%,%,$(wildcard $(TOP)/kmod/*.[ch] $(TOP)/include/uapi/modverify/*.h))
dkms-source:
	rm -rf $(DESTDIR)$(DKMS_SRCDIR)
	cd $(TOP) && for f in $(DKMS_FILES); do \
		$(INSTALL) -D -m 0644 $$f $(DESTDIR)$(DKMS_SRCDIR)/$$f || exit; done
	sed -i 's/#MODULE_VERSION#/$(VERSION)/' $(DESTDIR)$(DKMS_SRCDIR)/dkms.conf
	$(INSTALL) -D -m 0755 $(TOP)/scripts/btf-offsets.sh $(TOP)/scripts/extract-vmlinux.sh \
		-t $(DESTDIR)$(DKMS_SRCDIR)/scripts

# modverify-dkms and modverify (debian/), built by dpkg-buildpackage from a
# clean copy of the tracked sources; the .debs land in build/deb/.
deb:
	$(TOP)/scripts/build-deb.sh

# Not part of make check (CI's time): the root takes minutes to make, the
# test a DKMS build and a boot per kernel under TCG.
check-deb:
	$(TOP)/scripts/deps-rootfs.sh
	$(TOP)/tests/qemu/test-deb.sh
