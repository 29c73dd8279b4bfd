# ksmexit --baseline on real runs: a run gated against an earlier run of
# the same cell is unchanged (exit 0); against a baseline whose faults per
# merged page were 0 (a patched kernel's) it fails naming the change
# (exit 1); against another page count it says the baseline is another
# cell (exit 4).
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
ktap_plan 3

$KSMEXIT --pages 1024 --results-dir "$WORK/a" > /dev/null 2>&1
base=$(result_of "$WORK/a")/result.json
$KSMEXIT --pages 1024 --baseline "$base" --results-dir "$WORK/b" > "$WORK/same" 2>&1
rc=$?
check same_cell_unchanged "exit $rc: $(grep 'gate:' "$WORK/same")" \
	bash -c "[ $rc -eq 0 ] && grep -q '^gate: unchanged .* read/read ksm 1024 pages: faults per merged page 1.000, baseline 1.000' '$WORK/same'"

jq '.derived.faults_per_merged_page = 0' "$base" > "$WORK/patched.json"
$KSMEXIT --pages 1024 --ktap --baseline "$WORK/patched.json" --results-dir "$WORK/c" > "$WORK/changed" 2>&1
rc=$?
check regression_fails "exit $rc: $(grep 'gate:' "$WORK/changed")" \
	bash -c "[ $rc -eq 1 ] && grep -q '^# gate: CHANGED .* read/read ksm 1024 pages: faults per merged page 0.000 -> 1.000' '$WORK/changed'"

$KSMEXIT --pages 2048 --baseline "$base" --results-dir "$WORK/d" > "$WORK/other" 2>&1
rc=$?
check other_cell_unmatched "exit $rc: $(grep 'gate:' "$WORK/other")" \
	bash -c "[ $rc -eq 4 ] && grep -q 'gate: UNMATCHED the baseline is another cell (page count)' '$WORK/other'"
finish
