#!/bin/sh
# The test definition's step (lava/ksmexit.yaml): brings KVM up if
# /dev/kvm is missing (insmod from a modules directory, else modprobe),
# runs ksmexit with --ktap (each scenario given, the read scenario with its
# control, or the whole suite) and reports every KTAP subtest to LAVA as a
# lava-test-case, with the run's figures as measurements (lava/ktap-to-lava).
# Outside LAVA (no lava-test-case) it prints the cases instead.
# POSIX sh (busybox), for the device under test.
# Usage: ksmexit-lava.sh [--ksmexit PATH] [--modules DIR] [--pages N]
#                        [--expect patched|unpatched] [SCENARIO... | suite]
here=$(cd "$(dirname "$0")" && pwd)
# The guest library: in the test definition beside lava/, or in the ramdisk.
guest_lib=$here/../scripts/kernel/guest-lib.sh
[ -f "$guest_lib" ] || guest_lib=/lib/ksmexit-guest.sh
# shellcheck source=../scripts/kernel/guest-lib.sh
. "$guest_lib"
ksmexit=ksmexit modules="" pages=4096 expect="" scenarios=""
while [ $# -gt 0 ]; do
	case $1 in
	--ksmexit) ksmexit=$2; shift 2 ;;
	--modules) modules=$2; shift 2 ;;
	--pages) pages=$2; shift 2 ;;
	--expect) expect=$2; shift 2 ;;
	-*) echo "ksmexit-lava: unknown option '$1'" >&2; exit 2 ;;
	*) scenarios="$scenarios $1"; shift ;;
	esac
done
[ -n "$scenarios" ] || scenarios="read"
command -v "$ksmexit" > /dev/null || { echo "ksmexit-lava: no ksmexit at '$ksmexit'" >&2; exit 2; }

say() { echo "ksmexit-lava: $*"; }
report() {	# NAME RESULT [MEASUREMENT UNITS]
	if command -v lava-test-case > /dev/null; then
		if [ -n "$3" ]; then
			lava-test-case "$1" --result "$2" --measurement "$3" --units "$4"
		else
			lava-test-case "$1" --result "$2"
		fi
	else
		echo "case: $*"
	fi
}

if [ ! -c /dev/kvm ]; then
	if [ -n "$modules" ] && [ -f "$modules/order" ]; then
		load_kvm_modules "$modules" | while read -r line; do say "$line"; done
	else
		modprobe kvm_amd 2> /dev/null || modprobe kvm_intel 2> /dev/null
	fi
fi
if [ ! -c /dev/kvm ]; then
	report kvm_available fail
	say "no /dev/kvm: kvm_amd or kvm_intel did not load (cpu flags: $(grep -m1 -o -w 'svm\|vmx' /proc/cpuinfo | tr '\n' ' '))"
	exit 1
fi
report kvm_available pass

ktap=${TMPDIR:-/tmp}/ksmexit-lava.$$.ktap
run() {	# ksmexit arguments; its KTAP goes to LAVA case by case
	say "running: $ksmexit $* --ktap"
	"$ksmexit" "$@" --ktap > "$ktap"
	code=$?
	cat "$ktap"
	"$here/ktap-to-lava" < "$ktap" | while read -r name result measurement units; do
		report "$name" "$result" "$measurement" "$units"
	done
	rm -f "$ktap"
	say "ksmexit exited $code"
}
for s in $scenarios; do
	if [ "$s" = suite ]; then
		run suite --pages "$pages"
		continue
	fi
	run --scenario "$s" --pages "$pages" --trace counts ${expect:+--expect "$expect"}
	[ "$s" != read ] || run --scenario read --pages "$pages" --trace counts --no-ksm
done
