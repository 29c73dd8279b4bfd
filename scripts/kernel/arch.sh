# shellcheck shell=bash disable=SC2034,SC2154 # sets its caller's variables
# Sourced by scripts/kernel/build and configure: what building for $arch
# means.  Sets fragment (the config fragment), kmake (make's ARCH and
# CROSS_COMPILE), image (the boot image's path in the build and its name
# in the cache), tag (added to cache ids: x86_64 keeps the ids it had),
# kvm_modules (what a prebuilt kernel with modules must bring: a cell
# loads those present) and deb (Debian's architecture and kernel flavour,
# for its prebuilt image; empty where Debian 12 has none).
case $arch in
x86_64) fragment=$here/kvm.config kmake=() image=arch/x86/boot/bzImage tag=""
	kvm_modules=(kvm_amd kvm_intel) deb=(amd64 amd64) ;;
arm64) fragment=$here/kvm-arm64.config kmake=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
	image=arch/arm64/boot/Image tag=-arm64 kvm_modules=() deb=(arm64 arm64) ;;
riscv64) fragment=$here/kvm-riscv64.config kmake=(ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu-)
	image=arch/riscv/boot/Image tag=-riscv64 kvm_modules=() deb=() ;;
ppc64le) fragment=$here/kvm-ppc64le.config kmake=(ARCH=powerpc CROSS_COMPILE=powerpc64le-linux-gnu-)
	image=vmlinux tag=-ppc64le kvm_modules=(kvm_hv kvm_pr) deb=(ppc64el powerpc64le) ;;
*) echo "${0##*/}: --arch '$arch': expected x86_64, arm64, riscv64 or ppc64le" >&2; exit 2 ;;
esac
