# The A/B path, quickly: the adapted change_pte patch applies to Debian's
# packaged linux-source-6.1 and the kernel config keeps every option the
# emulated run needs.  The full A/B (building and booting both kernels)
# is `make ab`.
source "$(dirname "$0")/lib.bash"
TARBALL=/usr/src/linux-source-6.1.tar.xz
[ -r $TARBALL ] || skip_all "$TARBALL missing (Debian package linux-source-6.1)"
for tool in flex bison bc patch; do
	command -v $tool > /dev/null || skip_all "$tool missing (needed to configure a kernel)"
done
ktap_plan 3

tar xf $TARBALL -C "$WORK"
tree=$WORK/linux-source-6.1
for p in scripts/patches/change_pte/*.patch; do
	check "applies-$(basename "$p" .patch)" "$(patch -d "$tree" -p1 --dry-run < "$p" 2>&1 | tail -n 3)" \
		patch -d "$tree" -p1 --dry-run -s < "$p"
done
check patch_touches_ksm_and_kvm "the patch should change mm/ksm.c and virt/kvm/kvm_main.c" \
	bash -c "grep -q '^+++ b/mm/ksm.c' scripts/patches/change_pte/*.patch && grep -q '^+++ b/virt/kvm/kvm_main.c' scripts/patches/change_pte/*.patch"
check config_keeps_options "$(scripts/kernel/configure "$tree" 2>&1 | tail -n 2)" scripts/kernel/configure "$tree"
finish
