# The Intel backend's pieces, quickly: Debian's Bochs has VMX, the kernel
# config builds kvm_intel beside kvm_amd (and every cached build has it),
# bad input is a usage error, and a boot that never finishes times out with
# its reason and leaves no Bochs process or boot CD behind.
# time limit: 120 s
source "$(dirname "$0")/lib.bash"
plain_pass_only
command -v bochs > /dev/null || skip_all "bochs not installed (make test installs it)"
command -v xorriso > /dev/null || skip_all "xorriso not installed (make test installs it)"

ktap_plan 6
rc=0
out=$(scripts/kernel/emulate-bochs --check 2>&1) || rc=$?
check bochs_has_vmx "emulate-bochs --check exited $rc: $out" [ $rc -eq 0 ]
check config_has_both_vendors "scripts/kernel/kvm.config must build kvm_amd and kvm_intel" \
	bash -c 'grep -qx CONFIG_KVM_INTEL=y scripts/kernel/kvm.config && grep -qx CONFIG_KVM_AMD=y scripts/kernel/kvm.config'
# x86 builds only: the others carry their architecture in the name.
configs=$(ls "${KSMEXIT_CACHE:-/var/cache/ksmexit}"/kernels/obj/*/.config 2> /dev/null |
	grep -v -- '-\(arm64\|riscv64\|ppc64le\)-')
without=$(for c in $configs; do grep -qx CONFIG_KVM_INTEL=y "$c" || echo "$c"; done)
check cached_builds_have_kvm_intel "built without CONFIG_KVM_INTEL: $without" [ -z "$without" ]

scripts/kernel/boot --cpu arm "$WORK" "$WORK/x" tdp "$WORK/o" 2> "$WORK/usage.err"
rc=$?
check bad_cpu_is_usage "boot --cpu arm exited $rc: $(cat "$WORK/usage.err")" \
	bash -c "[ $rc -eq 2 ] && grep -q 'expected amd, intel, arm64, riscv or power' '$WORK/usage.err'"

# Not a kernel: isolinux cannot boot it and the emulated machine waits forever.
mkdir -p "$WORK/k"
head -c 65536 /dev/zero > "$WORK/k/bzImage"
: > "$WORK/empty.cpio"
scripts/kernel/boot --cpu intel "$WORK/k" "$WORK/empty.cpio" tdp "$WORK/cell" 5 2> "$WORK/boot.err"
rc=$?
check hang_times_out "boot exited $rc: $(cat "$WORK/boot.err")" \
	bash -c "[ $rc -eq 1 ] && grep -q 'timed out after 5s; console: $WORK/cell/console.log' '$WORK/boot.err'"
left=$(pgrep -af "bochs.*$WORK"; ls "$WORK/cell" | grep -E '^(boot\.iso|iso\.tmp|bochsrc)$')
check nothing_left_behind "left behind: $left" [ -z "$left" ]
finish
