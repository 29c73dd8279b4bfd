# The stress scenario on this host: every vCPU verifies and rewrites its
# pages while KSM merges without pause.  A short stress passes with the
# counts to show for it (visits, stamps, restores, the copy-on-write
# faults; KSM's full scans are said, not required: how many ksmd gets
# through in 3 s depends on the machine's load) and leaves the KSM knobs
# as they were; with a
# stamp copied into another vCPU's page behind the guest's back
# (inject.so stress-leak, as a kernel that leaks a write through a shared
# page would), the run fails as a kernel that corrupted guest memory and
# names the page, the value and where it came from.  A read pass that
# sums to what nobody wrote (inject.so again-leak) is the kernel's
# failure too, not an error of the run.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
ktap_plan 8

before=$(knobs_snapshot)
$KSMEXIT --scenario stress --pages 4096 --duration 3 --ktap --results-dir "$WORK/ok" > "$WORK/ok.out" 2>&1
rc=$?
R=$(result_of "$WORK/ok")/result.json
st() { jq -r ".stress.$1" "$R"; }
why=$(jq -r '.checks[] | select(.result == "fail") | .name + ": " + .detail' "$R" 2> /dev/null)
check stress_passes "exit $rc: ${why:-$(grep -v '^ok\|^#' "$WORK/ok.out" | tail -n 5 | tr '\n' ' ')}" \
	bash -c "[ $rc -eq 0 ] && [ \"\$(jq -r .result '$R')\" = pass ]"
check guest_raced_ksm "visits $(st visits), stamps $(st stamps), restores $(st restores), full scans $(st full_scans), vCPUs $(st vcpus)" \
	bash -c "[ $(st visits) -gt 0 ] && [ $(st stamps) -gt 0 ] && [ $(st restores) -gt 0 ] &&
		[ $(st vcpus) -ge 2 ] && [ $(st corruptions) -eq 0 ]"
pf=$(jq '.phases[] | select(.name == "stress") | .vcpu_stats.pf_taken // 0' "$R")
check stamps_broke_sharing "stress phase pf_taken $pf (stamps into merged pages fault)" [ "${pf:-0}" -gt 0 ]
check knobs_restored "KSM knobs before/after differ: $(diff <(echo "$before") <(knobs_snapshot) | tr '\n' ' ')" \
	[ "$before" = "$(knobs_snapshot)" ]

with_faults stress-leak $KSMEXIT --scenario stress --pages 4096 --duration 2 --results-dir "$WORK/leak" > "$WORK/leak.out" 2>&1
rc=$?
R=$(result_of "$WORK/leak")/result.json
first=$(jq -c '.stress.first_corruptions[0]' "$R")
check leak_fails_the_kernel "exit $rc: $(grep -E '^(check data_intact|verdict)' "$WORK/leak.out" | tr '\n' ' ')" \
	bash -c "[ $rc -eq 1 ] && grep -q '^check data_intact *FAIL the kernel corrupted guest memory' '$WORK/leak.out' &&
		grep -q '^verdict .*: the kernel corrupted guest memory' '$WORK/leak.out'"
check leak_evidence "first corruption: $first" \
	bash -c "[ \"\$(jq -r .kind <<< '$first')\" = leak ] && [ \"\$(jq -r '.from_gfn != null and .gfn != .from_gfn' <<< '$first')\" = true ] &&
		grep -q '^corruption: vCPU [0-9]* gfn 0x[0-9a-f]* +0 .*, from gfn 0x' '$WORK/leak.out'"

with_faults again-leak $KSMEXIT --pages 4096 --trace off --results-dir "$WORK/again" > "$WORK/again.out" 2>&1
rc=$?
check read_corruption_fails_the_kernel "exit $rc: $(grep -E '^(check data_intact|verdict)' "$WORK/again.out" | tr '\n' ' ')" \
	bash -c "[ $rc -eq 1 ] && grep -q \"^check data_intact *FAIL the kernel corrupted guest memory: vCPU 0's again pass summed\" '$WORK/again.out' &&
		[ \"\$(jq -r .result '$(result_of "$WORK/again")/result.json')\" = fail ]"

$KSMEXIT --duration 3 > "$WORK/usage" 2>&1
rc=$?
check duration_needs_stress "exit $rc: $(head -n 1 "$WORK/usage")" \
	bash -c "[ $rc -eq 2 ] && grep -q -e '--duration and --no-migrate go with --scenario stress' '$WORK/usage'"
finish
