# The LAVA step script's KTAP-to-lava-test-case translation, on KTAP
# recorded from ksmexit (tests/integration/data/lava): the suite at 1024
# pages (12 runs, nested checks, the sweep's runs nested a level deeper,
# skips) and a single run whose expectation failed.  A fake ksmexit plays
# the recording and a fake lava-test-case records its arguments, so the
# step script itself is what runs.
source "$(dirname "$0")/lib.bash"
data=tests/integration/data/lava
[ -c /dev/kvm ] || skip_all "no /dev/kvm: the step script would try to load KVM modules"
ktap_plan 9

mkdir -p "$WORK/bin"
printf '#!/bin/sh\necho "$*" >> %s/calls\n' "$WORK" > "$WORK/bin/lava-test-case"
# The fake ksmexit: the recording named by KTAP_FILE, and its exit code.
printf '#!/bin/sh\ncat "$KTAP_FILE"\nexit "$KTAP_EXIT"\n' > "$WORK/bin/ksmexit"
chmod +x "$WORK/bin/lava-test-case" "$WORK/bin/ksmexit"
# /dev/kvm is there here; the step script loads modules only when it is not.
steps() {	# KTAP_FILE EXIT ARGS...: runs the step script, the calls into $WORK/calls
	rm -f "$WORK/calls"
	KTAP_FILE=$1 KTAP_EXIT=$2 PATH=$WORK/bin:$PATH lava/ksmexit-lava.sh --ksmexit "$WORK/bin/ksmexit" "${@:3}" \
		> "$WORK/steps.out" 2>&1
}
called() { grep -qxF -- "$1" "$WORK/calls"; }

steps "$data/suite-1024.ktap" 0 suite
results=$(grep -c '^ *\(not \)\?ok [0-9]' "$data/suite-1024.ktap")
cases=$(grep -vc -- '--measurement' "$WORK/calls")
check one_case_per_ktap_result "$results KTAP results, $cases cases without a measurement (one is kvm_available)" \
	[ "$cases" -eq $((results + 1)) ]
check pass_nested "no 'read.merge --result pass'" called "read.merge --result pass"
check skip_nested "no 'read.expectation --result skip'" called "read.expectation --result skip"
check skip_top_level "no 'numa --result skip' (the suite skips numa on one node)" called "numa --result skip"
check two_levels_deep "no 'sweep.pages-1024.merge --result pass'" called "sweep.pages-1024.merge --result pass"
check measurement_with_units "no 'read.merged_pages --result pass --measurement 1024 --units pages'" \
	called "read.merged_pages --result pass --measurement 1024 --units pages"
check faults_per_page_measured "no 'write.faults_per_merged_page ... 3.0000 faults/page'" \
	called "write.faults_per_merged_page --result pass --measurement 3.0000 --units faults/page"

steps "$data/read-expect-patched.ktap" 1 read --expect patched
check failure_reported "no 'read.expectation --result fail': $(tr '\n' ';' < "$WORK/calls")" \
	called "read.expectation --result fail"
check failed_run_fails "no 'read --result fail' for the run whose check failed" called "read --result fail"
finish
