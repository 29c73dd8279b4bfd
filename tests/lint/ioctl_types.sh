# vm_ioctl and vcpu_ioctl check the argument's type at build time: a
# pointer to what the ioctl's number encodes builds, any other fails the
# build naming the ioctl.
cd "$(dirname "$0")/../.."
source tests/integration/lib.bash
ktap_plan 2
probe() {	# ARGUMENT-TYPE: builds a probe passing it to KVM_SET_REGS
	printf '#include "kvm.h"\nvoid f(struct kvm_vcpu *v) { %s a; vcpu_ioctl(v, KVM_SET_REGS, &a); }\n' \
		"$1" > "$WORK/probe.c"
	${CC:-gcc} -std=gnu11 -D_GNU_SOURCE -Iharness/lib -Iharness/kvm -c "$WORK/probe.c" \
		-o "$WORK/probe.o" > "$WORK/cc.log" 2>&1
}
probe "struct kvm_regs"
rc=$?
check right_type_builds "a struct kvm_regs for KVM_SET_REGS: exit $rc, $(head -n 3 "$WORK/cc.log")" [ $rc -eq 0 ]
probe "struct kvm_sregs"
rc=$?
check wrong_type_fails_naming_it "a struct kvm_sregs for KVM_SET_REGS: exit $rc, $(grep -m1 error "$WORK/cc.log")" \
	bash -c "[ $rc -ne 0 ] && grep -q 'KVM_SET_REGS takes an argument of another size' '$WORK/cc.log'"
finish
