# ksmexit: see README.md.  `make run` and `make test` do all set-up on a
# fresh Debian 12 machine (as root).

CC      ?= gcc
CFLAGS  ?= -O2 -g
# The target architecture follows the compiler: x86_64, aarch64 with
# CC=aarch64-linux-gnu-gcc or riscv64 with CC=riscv64-linux-gnu-gcc
# (make ksmexit-arm64.static and ksmexit-riscv64.static do that).
ARCH    := $(shell $(CC) -dumpmachine | cut -d- -f1)
# harness/ in layers, lowest first: each may include only its own and
# lower layers (docs/architecture.md; tests/lint/layers.sh checks it).
LAYERS  := lib kvm host observe measure output
CFLAGS  += -std=gnu11 -Wall -Wextra -Werror -MMD -MP -D_GNU_SOURCE $(SAN) \
	   $(addprefix -Iharness/,$(LAYERS)) -Iharness -Iguest
# OBJ=build/asan/ SAN="$(SANITIZERS)" builds a sanitized copy of everything there.
OBJ     ?=
SANITIZERS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
# TRACEFS=no builds without libtracefs and libtraceevent, whose tracepoint
# formats it then lacks (formats_none.c): riscv64's default, Debian 12
# having neither for riscv64 (scripts/riscv64-userland).
TRACEFS ?= $(if $(filter riscv64,$(ARCH)),no,yes)
PKGS    := json-c numa $(if $(filter yes,$(TRACEFS)),libtracefs libtraceevent)
# A cross build names its .pc files in PKG_CONFIG_LIBDIR, which make 4.3
# does not pass to $(shell): hence on the command line.
PKG_CONFIG = $(if $(PKG_CONFIG_LIBDIR),PKG_CONFIG_LIBDIR=$(PKG_CONFIG_LIBDIR) )pkg-config
CFLAGS  += $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm -pthread

# Quiet like the kernel's build: "CC harness/x.o"; V=1 prints each command.
ifeq ($(V),1)
Q :=
say :=
else
Q := @
say = printf '  %-7s %s\n' $(1) $(2);
endif

LIB_SRCS := $(filter-out harness/observe/formats$(if $(filter yes,$(TRACEFS)),_none).c, \
	    $(foreach l,$(LAYERS),$(wildcard harness/$(l)/*.c harness/$(l)/$(ARCH)/*.c))) \
	    $(filter-out harness/main.c,$(wildcard harness/*.c))
LIB_OBJS := $(addprefix $(OBJ),$(LIB_SRCS:.c=.o) harness/kvm/payload_blob.o)
UNIT_TESTS := $(patsubst %.c,%,$(wildcard tests/unit/*_test.c))

all: ksmexit

# The library's C sources, one list for scripts/fuzz too.
lib-srcs:
	@echo $(LIB_SRCS)

$(OBJ)ksmexit: $(OBJ)harness/main.o $(LIB_OBJS)
	$(Q)$(call say,LD,$@) $(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# Statically linked, for the initramfs of the A/B kernels (scripts/ab).
# glibc warns that dlopen and getaddrinfo need its shared libraries at run
# time.  Only libtraceevent's plugin loader (no plugins in an initramfs:
# nothing to load) and libnuma's affinity-by-address (never called) use
# them, so those two warnings are replaced by one line saying so.
$(OBJ)ksmexit.static: $(OBJ)harness/main.o $(LIB_OBJS)
	$(Q)$(call say,LD,$@) $(CC) $(CFLAGS) -static -o $@ $^ $(shell $(PKG_CONFIG) --static --libs $(PKGS)) -lm -pthread \
		2> $@.ld || { cat $@.ld >&2; rm -f $@.ld; exit 1; }
	@grep -v -e "Using '\(dlopen\|getaddrinfo\)' in statically linked" \
		-e "in function .\(load_plugin\|affinity_ip\)'" $@.ld >&2 || true
	@echo "ksmexit.static: static glibc's dlopen/getaddrinfo warnings left out (plugin loading, affinity by address: not used)"
	@rm -f $@.ld

# ksmexit for arm64, static, for the initramfs of the arm64 kernels
# (scripts/ab --cpu arm64): Debian's cross compiler and the arm64
# development packages (multiarch), built in build/aarch64/.
ksmexit-arm64.static: deps-arm64
	$(MAKE) OBJ=build/aarch64/ CC=aarch64-linux-gnu-gcc \
		PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig \
		build/aarch64/ksmexit.static
	cp build/aarch64/ksmexit.static $@

deps-arm64:
	scripts/install-deps --arm64

# ksmexit for ppc64le, static, for the initramfs of the POWER kernels
# (scripts/matrix --cpu power): as for arm64, the ppc64el libraries
# through multiarch, built in build/powerpc64le/.
ksmexit-ppc64le.static:
	scripts/install-deps --ppc64le
	$(MAKE) OBJ=build/powerpc64le/ CC=powerpc64le-linux-gnu-gcc \
		PKG_CONFIG_LIBDIR=/usr/lib/powerpc64le-linux-gnu/pkgconfig:/usr/share/pkgconfig \
		build/powerpc64le/ksmexit.static
	cp build/powerpc64le/ksmexit.static $@

# ksmexit for riscv64, static, for the initramfs of the riscv64 kernels
# (scripts/ab --cpu riscv): Debian's cross compiler, json-c and libnuma
# built from Debian's sources (scripts/riscv64-userland, which installs
# what it needs), no tracepoint formats (TRACEFS=no), in build/riscv64/.
ksmexit-riscv64.static:
	prefix=$$(scripts/riscv64-userland) && \
	$(MAKE) OBJ=build/riscv64/ CC=riscv64-linux-gnu-gcc \
		PKG_CONFIG_LIBDIR=$$prefix/lib/pkgconfig build/riscv64/ksmexit.static
	cp build/riscv64/ksmexit.static $@

# The payload of the target architecture, a flat binary embedded in ksmexit,
# linked by the compiler's own binutils (aarch64's ld cannot write a flat
# binary: objcopy does).
PAYLOAD_LD := $(shell $(CC) -print-prog-name=ld)
build/guest/$(ARCH)/payload.bin: guest/$(ARCH)/payload.S guest/payload.h guest/payload.ld
	@mkdir -p $(dir $@)
	$(Q)$(call say,AS,$@) $(CC) -c -nostdlib -ffreestanding -Iguest -o $(@:.bin=.o) $<
	$(Q)$(PAYLOAD_LD) -T guest/payload.ld -o $(@:.bin=.elf) $(@:.bin=.o)
	$(Q)$(patsubst %ld,%objcopy,$(PAYLOAD_LD)) -O binary $(@:.bin=.elf) $@

$(OBJ)harness/kvm/payload_blob.o: harness/kvm/payload_blob.S build/guest/$(ARCH)/payload.bin
	@mkdir -p $(dir $@)
	$(Q)$(call say,AS,$@) $(CC) -c -DPAYLOAD_BIN='"build/guest/$(ARCH)/payload.bin"' -o $@ harness/kvm/payload_blob.S

$(OBJ)harness/%.o: harness/%.c
	@mkdir -p $(dir $@)
	$(Q)$(call say,CC,$@) $(CC) $(CFLAGS) -c -o $@ $<

# Helper processes for the integration tests.
$(OBJ)tests/helpers/bystander: tests/helpers/bystander.c $(OBJ)harness/host/pagemap.o
	@mkdir -p $(dir $@)
	$(Q)$(call say,CC,$@) $(CC) $(CFLAGS) -o $@ $(filter %.c %.o,$^)

# Test-only fault injection, preloaded into ksmexit (never sanitized: it
# must load beside an ASan build).
tests/helpers/inject.so: tests/helpers/inject.c guest/payload.h
	$(Q)$(call say,CC,$@) $(CC) -O2 -g -std=gnu11 -Wall -Wextra -Werror -Iguest -shared -fPIC -o $@ $< -ldl

# $(filter): the generated dependencies add headers to $^.
$(OBJ)tests/unit/%_test: tests/unit/%_test.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(Q)$(call say,CC,$@) $(CC) $(CFLAGS) -o $@ $(filter %.c %.o,$^) $(LDLIBS) -lcmocka

# Only our objects' dependency files (build/kselftest holds a kernel tree).
-include $(shell find harness tests build/asan build/aarch64 build/riscv64 build/powerpc64le -name '*.d' -type f 2>/dev/null)

deps:
	scripts/install-deps

# The default run and its control, side by side, and their charts.
run: deps
	$(MAKE) ksmexit
	scripts/run-pair results

# Every package the suite uses (scripts/install-deps --list --test).
test:
	scripts/install-deps --test
	$(MAKE) ksmexit $(UNIT_TESTS) tests/helpers/bystander tests/helpers/inject.so
	$(MAKE) OBJ=build/asan/ SAN="$(SANITIZERS)" build/asan/ksmexit \
		$(addprefix build/asan/,$(UNIT_TESTS) tests/helpers/bystander)
	SANITIZED=build/asan tests/run $(UNIT_TESTS)

# make bench BEFORE=REV adds a column for ksmexit as it was at REV.
bench: deps
	$(MAKE) ksmexit
	scripts/bench $(if $(BEFORE),--before $(BEFORE))

# The measurement as a KVM selftest, built against KDIR's selftests library
# (default: Debian's linux-source-6.1) into build/kselftest/install.
kselftest:
	scripts/install-deps --kernel
	scripts/kselftest-build $(KDIR)

# libFuzzer targets in tests/fuzz, FUZZ_SECONDS (60) each, no crash allowed.
fuzz:
	scripts/install-deps --fuzz
	scripts/fuzz

# SOAK_RUNS (200) back-to-back default runs; host state after each.
soak: deps
	$(MAKE) ksmexit
	scripts/soak

# Builds the 6.1 kernels (cached), boots both under QEMU, compares;
# make ab AB_ARGS="--cpu intel" does it under Bochs (VMX+EPT).
ab: deps
	scripts/ab $(AB_ARGS)

# Kernels x CPUs x MMU modes x scenarios under QEMU (AMD) and Bochs (Intel)
# (scripts/matrix --help); e.g. make matrix MATRIX_ARGS="--scenarios suite --mmu tdp".
matrix: deps
	scripts/matrix $(MATRIX_ARGS)

# The Intel rows alone: the default kernels under Bochs with VMX+EPT.
intel: deps
	scripts/matrix --cpu intel $(MATRIX_ARGS)

# The LAVA job (lava/) run here by Debian's lava-dispatcher, one job per
# kernel (scripts/lava --help); e.g. make lava LAVA_ARGS="--scenarios suite".
lava: deps
	scripts/lava $(LAVA_ARGS)

# The arm64 rows: Debian's prebuilt arm64 6.1, and 6.1, 6.1 + change_pte
# and 6.12 cross-built, under qemu-system-aarch64 with EL2, VHE and nVHE.
arm64: deps-arm64
	scripts/matrix --cpu arm64 --kernels debian-image-6.1,debian-6.1,debian-6.1+change_pte,debian-6.12 \
		--scenarios read,read-then-write $(MATRIX_ARGS)

# The RISC-V rows: 6.1, 6.1+change_pte and 6.12 built for riscv64 (Debian
# has no riscv64 kernel) under qemu-system-riscv64 with the H extension.
riscv: deps
	scripts/matrix --cpu riscv --scenarios read,read-then-write,stress $(MATRIX_ARGS)

# The POWER rows: 6.1, 6.1+change_pte and 6.12 built for ppc64le (4 KiB
# pages) and Debian's prebuilt ppc64el 6.1 (64 KiB pages) under
# qemu-system-ppc64: KVM-HV nested in pseries and on powernv9, Book3S PR.
power: deps
	scripts/matrix --cpu power --kernels debian-6.1,debian-6.1+change_pte,debian-6.12,debian-image-6.1 \
		--scenarios read,read-then-write,stress $(MATRIX_ARGS)

# git bisect run scripts/bisect-run on a history made from linux-source-6.1.
bisect-demo: deps
	scripts/bisect-demo

clean:
	rm -f ksmexit ksmexit.static ksmexit-arm64.static ksmexit-riscv64.static ksmexit-ppc64le.static $(UNIT_TESTS) \
		tests/helpers/bystander tests/helpers/inject.so
	find harness tests -name '*.[od]' -delete
	rm -rf build

.PHONY: all lib-srcs deps deps-arm64 ksmexit-arm64.static ksmexit-riscv64.static ksmexit-ppc64le.static arm64 riscv power run test bench ab matrix intel lava bisect-demo kselftest fuzz soak clean
