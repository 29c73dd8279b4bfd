# Kernels without what ksmexit needs, simulated by tests/helpers/inject.so
# on a host that has everything: what the harness cannot do without
# skips (exit 4) naming the missing piece; what it can do without gives a
# degraded run (exit 0) that says what it could not measure.  None of
# them leaves a KSM knob or tracefs changed.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
ktap_plan 8

knobs=$(knobs_snapshot)
trace=$(tracefs_snapshot)
run_with() {	# fault, ksmexit args...
	local fault=$1; shift
	with_faults "$fault" $KSMEXIT --results-dir "$WORK/$fault" "$@" > "$WORK/$fault.out" 2>&1
}

skips() {	# fault, text the reason must name
	run_with "$1"
	local rc=$?
	check "skip-$1" "with $1: exit $rc, output '$(tail -c 300 "$WORK/$1.out")', expected exit 4 naming '$2'" \
		bash -c "[ $rc -eq 4 ] && grep -q -- '$2' '$WORK/$1.out' && grep -q simulated '$WORK/$1.out'"
}
skips no-kvm /dev/kvm
skips no-stats-fd KVM_CAP_BINARY_STATS_FD
skips no-ksm CONFIG_KSM=n
skips ksm-readonly "not writable"

run_with no-ksm --no-ksm
rc=$?
check control-without-ksm "the control needs no KSM but exited $rc: $(tail -c 200 "$WORK/no-ksm.out")" \
	[ -f "$(result_of "$WORK/no-ksm")/result.json" ]

run_with no-tracefs
r=$(result_of "$WORK/no-tracefs")/result.json
check degraded-no-tracefs "trace mode '$(json "$r" .trace.mode)', why '$(json "$r" .trace.why_off)'" \
	bash -c "[ \"\$(jq -r .trace.mode '$r')\" = off ] && jq -r .trace.why_off '$r' | grep -q tracefs"

run_with no-kpageflags
rc=$?
r=$(result_of "$WORK/no-kpageflags")/result.json
check degraded-no-kpageflags "exit $rc, ground truth '$(json "$r" .merge.ground_truth)', merged $(json "$r" .derived.merged_pages)" \
	bash -c "[ $rc -eq 0 ] && jq -r .merge.ground_truth '$r' | grep -q kpageflags && [ \"\$(jq .derived.merged_pages '$r')\" -gt 0 ] && grep -q 'reads_keep_sharing.*SKIP\|skip.*no ground truth' '$WORK/no-kpageflags.out'"

knobs_after=$(knobs_snapshot)
trace_after=$(tracefs_snapshot)
check host_unchanged "knobs '$knobs_after' (were '$knobs'), tracefs '$trace_after' (was '$trace')" \
	[ "$knobs" = "$knobs_after" -a "$trace" = "$trace_after" ]
finish
