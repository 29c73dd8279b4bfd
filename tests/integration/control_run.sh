# The control (--no-ksm): same phases, no merge, KSM knobs untouched, and
# at most 0.01 post-merge faults per page.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
ktap_plan 4

before=$(knobs_snapshot)
$KSMEXIT --no-ksm --results-dir "$WORK/r" > "$WORK/out" 2> "$WORK/err"
rc=$?
after=$(knobs_snapshot)
r=$(result_of "$WORK/r")/result.json
fpp=$(json "$r" .derived.faults_per_page)

check exit_code "ksmexit --no-ksm exited $rc, expected 0; stderr: $(tail -c 300 "$WORK/err")" [ "$rc" -eq 0 ]
check faults_per_page "faults_per_page $fpp, expected <= 0.01" le "$fpp" 0.01
check nothing_merged "region_ksm_pages after post-merge: $(json "$r" '.phases[3].region_ksm_pages'), expected 0" \
	[ "$(json "$r" '.phases[3].region_ksm_pages')" = 0 ]
check knobs_untouched "KSM knobs changed: $(diff <(echo "$before") <(echo "$after") | tr '\n' ' ')" \
	[ "$before" = "$after" ]
finish
