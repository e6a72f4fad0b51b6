# The kernel module: build, KUnit, VM test, style.  Included by the top-level
# Makefile (which defines BUILD, CC, CFLAGS, NL_LIBS and `test: all`).
#
#   make kmod         kmod/mvx.ko against KDIR (Debian's linux-headers-amd64)
#   make kunit        KUnit tests of the lockstep logic and the attribute
#                     policies on UML, from the
#                     linux-source-6.1 tree extracted under $(BUILD)/ (reused)
#   make test-vm      scripts/vm-test: boots KVER's kernel in qemu (TCG) with
#                     the module and the test programs; TAP in the guest
#   make bench-vm     not a test: per-call cost in the VM, native vs module
#                     vs a minimal ptrace monitor
#   make test-vm-debug  not in `make test` (the kernel build takes most of an
#                     hour on two cores, once): the VM test on a 6.1 kernel
#                     built under $(BUILD)/kdebug with lockdep, KASAN,
#                     kmemleak, atomic-sleep and list debugging
#   make checkpatch   scripts/checkpatch.pl --strict on the module's sources

# The kernel that linux-headers-amd64 points to, else the one we know.
KVER ?= $(or $(shell dpkg-query -W -f='$${Depends}' linux-headers-amd64 \
	2>/dev/null | sed -n 's/^linux-headers-\([^ ,]*\).*/\1/p'),6.1.0-56-amd64)
KDIR ?= /lib/modules/$(KVER)/build
KSRC_TAR ?= /usr/src/linux-source-6.1.tar.xz
KSRC := $(BUILD)/linux-source-6.1
KUNIT_DIR := $(BUILD)/kunit-uml
KMOD_SRCS := $(wildcard kmod/*.c kmod/*.h) uapi/linux/mvx.h
KMOD_STYLE_SRCS := $(filter-out %.mod.c,$(KMOD_SRCS))
KMOD_TEST := $(BUILD)/tests/kmod/kmod_test

.PHONY: kmod kunit test-vm test-vm-debug bench-vm checkpatch kmod-deps \
	kmod-clean
test: checkpatch kunit test-vm

kmod-deps:
	@scripts/deps test

kmod: kmod/mvx.ko

kmod/mvx.ko: $(KMOD_SRCS) kmod/Kbuild Kbuild | kmod-deps
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# cmocka tests of the client, run with the other unit tests (test-unit).
KMOD_UNIT := $(BUILD)/tests/unit/test_kmod_client
UNIT_TESTS += $(KMOD_UNIT)
test-unit: $(KMOD_UNIT)

$(KMOD_UNIT): tests/kmod/test_kmod_client.c $(BUILD)/user/kmod_client.o \
	      $(BUILD)/user/cmd_kmod.o
	mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.c %.o,$^) $(NL_LIBS) \
		-lcmocka

# The test client runs in the guest: static, with libnl linked in.
$(KMOD_TEST): tests/kmod/kmod_test.c user/kmod_client.c user/kmod_client.h \
	      uapi/linux/mvx.h | kmod-deps
	mkdir -p $(dir $@)
	$(CC) -O2 -g -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers \
		-D_GNU_SOURCE \
		-Iuser -Iuapi $(NL_CFLAGS) -static -o $@ \
		tests/kmod/kmod_test.c user/kmod_client.c \
		-lnl-genl-3 -lnl-3 -lpthread -lm

# The kernel tree for KUnit and checkpatch, extracted once.
$(KSRC)/Makefile: | kmod-deps
	mkdir -p $(BUILD)
	tar -C $(BUILD) -xf $(KSRC_TAR)
	touch $@

# KUnit builds the module's pure logic in the tree as drivers/mvx: copies
# keep their times (cp -p), so an unchanged file is not rebuilt.
kunit: $(KSRC)/Makefile
	rm -rf $(KSRC)/drivers/mvx
	mkdir -p $(KSRC)/drivers/mvx/kmod $(KSRC)/drivers/mvx/uapi/linux
	cp -p Kbuild $(KSRC)/drivers/mvx/
	cp -p kmod/Kbuild kmod/Kconfig kmod/lockstep.c kmod/lockstep.h \
		kmod/lockstep_test.c kmod/policy.c kmod/policy.h \
		kmod/policy_test.c $(KSRC)/drivers/mvx/kmod/
	cp -p uapi/linux/mvx.h $(KSRC)/drivers/mvx/uapi/linux/
	grep -q 'drivers/mvx/kmod/Kconfig' $(KSRC)/Kconfig || \
		echo 'source "drivers/mvx/kmod/Kconfig"' >> $(KSRC)/Kconfig
	grep -q 'CONFIG_MVX_KUNIT_TEST' $(KSRC)/drivers/Makefile || \
		echo 'obj-$$(CONFIG_MVX_KUNIT_TEST) += mvx/' >> \
			$(KSRC)/drivers/Makefile
	cd $(KSRC) && ./tools/testing/kunit/kunit.py run \
		--kunitconfig=$(CURDIR)/kmod/.kunitconfig \
		--build_dir=$(abspath $(KUNIT_DIR)) --jobs=$(shell nproc) \
		</dev/null

test-vm: kmod/mvx.ko $(KMOD_TEST) $(BUILD)/mvx $(TEST_BIN)/approved_v1 \
	 $(TEST_BIN)/approved_v2
	KVER=$(KVER) BUILD=$(BUILD) scripts/vm-test

# Not a test: native vs module vs ptrace per-call cost, inside the VM.
bench-vm: kmod/mvx.ko $(KMOD_TEST)
	KVER=$(KVER) BUILD=$(BUILD) VM_BENCH=$(or $(BENCH_CALLS),100000) VM_TEST_FILTER=benchmark \
		scripts/vm-test

KDEBUG := $(BUILD)/kdebug
KDEBUG_MOD := $(BUILD)/kmod-debug
KDEBUG_OPTS := -e MODULES -e MODULE_UNLOAD -d MODULE_SIG -e FTRACE \
	-e FTRACE_SYSCALLS -e SECCOMP -e SECCOMP_FILTER -e DEVTMPFS \
	-e BLK_DEV_INITRD -e PROVE_LOCKING -e PROVE_RCU -e DEBUG_ATOMIC_SLEEP \
	-e KASAN -e KASAN_GENERIC -e KASAN_INLINE -e DEBUG_LIST \
	-e DEBUG_OBJECTS -e DEBUG_OBJECTS_RCU_HEAD -e DEBUG_KMEMLEAK \
	-e DETECT_HUNG_TASK -e SOFTLOCKUP_DETECTOR -e DEBUG_INFO_NONE \
	-d DEBUG_INFO -d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT -d DEBUG_INFO_BTF \
	-d DRM -d SOUND -d USB_SUPPORT -d WLAN -d WIRELESS -d HID -d AGP

$(KDEBUG)/arch/x86/boot/bzImage: $(KSRC)/Makefile
	mkdir -p $(KDEBUG)
	$(MAKE) -C $(KSRC) O=$(abspath $(KDEBUG)) x86_64_defconfig
	$(KSRC)/scripts/config --file $(KDEBUG)/.config $(KDEBUG_OPTS)
	$(MAKE) -C $(KSRC) O=$(abspath $(KDEBUG)) olddefconfig
	$(MAKE) -C $(KSRC) O=$(abspath $(KDEBUG)) -j$(shell nproc) bzImage \
		modules_prepare

# The module is built from a copy, so that kmod/mvx.ko stays Debian's.
test-vm-debug: $(KDEBUG)/arch/x86/boot/bzImage $(KMOD_TEST)
	rm -rf $(KDEBUG_MOD)
	mkdir -p $(KDEBUG_MOD)/kmod $(KDEBUG_MOD)/uapi/linux
	cp -p Kbuild $(KDEBUG_MOD)/
	cp -p $(KMOD_STYLE_SRCS:uapi/%=) kmod/Kbuild $(KDEBUG_MOD)/kmod/
	cp -p uapi/linux/mvx.h $(KDEBUG_MOD)/uapi/linux/
	$(MAKE) -C $(KDEBUG) M=$(abspath $(KDEBUG_MOD)) modules
	KVER=$(KVER) BUILD=$(BUILD) VM_TIMEOUT=3000 VM_TEST_TIMEOUT=900 \
		VM_KERNEL=$(KDEBUG)/arch/x86/boot/bzImage \
		VM_MODULE=$(KDEBUG_MOD)/kmod/mvx.ko scripts/vm-test

checkpatch: $(KSRC)/Makefile
	perl $(KSRC)/scripts/checkpatch.pl --no-tree --strict --quiet -f \
		$(KMOD_STYLE_SRCS)

# `make clean` removes $(BUILD) (the kernel trees too); the module's objects
# live beside its sources.
clean: kmod-clean
kmod-clean:
	-$(MAKE) -s -C $(KDIR) M=$(CURDIR) clean
