# The CI gate (ksmexit gate) on recorded summaries (results/example): an
# unchanged run passes, a patched cell that went from 0.00 to 1.00 fails
# naming it, a baseline of another page count matches nothing and says
# so, a cell that could not run exits 4, and a file that is not a
# ksmexit file is a usage error.  Columns are found by name: a table
# with its columns reordered gates the same.
source "$(dirname "$0")/lib.bash"
ktap_plan 10
base=results/example/matrix/matrix.tsv

$KSMEXIT gate "$base" "$base" > "$WORK/same" 2>&1
rc=$?
check unchanged_passes "exit $rc: $(tail -n 1 "$WORK/same")" \
	bash -c "[ $rc -eq 0 ] && grep -q '^# Totals: pass:38 fail:0' '$WORK/same'"

# The patched AMD tdp cell regresses: 0 faults become one per merged page.
awk -F'\t' 'BEGIN { OFS = FS } NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	NR > 1 && $c["kernel"] == "debian-6.1+change_pte" && $c["cpu"] == "amd" && $c["mmu"] == "tdp" && $c["mode"] == "ksm" {
		$c["post_merge_faults"] = 4096; $c["faults_per_merged_page"] = 1 } { print }' \
	"$base" > "$WORK/regressed.tsv"
$KSMEXIT gate "$base" "$WORK/regressed.tsv" > "$WORK/changed" 2>&1
rc=$?
check changed_fails "exit $rc: $(grep '^gate:' "$WORK/changed" | tr '\n' ' ')" \
	bash -c "[ $rc -eq 1 ] && grep -q '^gate: CHANGED debian-6.1+change_pte 6.1.192 SVM/NPT tdp read/read ksm 4096 pages: faults per merged page 0.000 -> 1.000 (moved 1.000 > 0.05)' '$WORK/changed'"
check changed_is_one_ktap_failure "$(grep -c '^not ok' "$WORK/changed") failures" \
	bash -c "[ \$(grep -c '^not ok' '$WORK/changed') -eq 1 ] && grep -q '^# Totals: pass:37 fail:1' '$WORK/changed'"
$KSMEXIT gate --tolerance 1 "$base" "$WORK/regressed.tsv" > "$WORK/tolerated" 2>&1
rc=$?
check within_tolerance_passes "exit $rc: $(tail -n 1 "$WORK/tolerated")" [ $rc -eq 0 ]

# The same table with its columns in reverse order: columns are found by name.
awk -F'\t' 'BEGIN { OFS = FS } { for (i = NF; i > 1; i--) printf "%s\t", $i; print $1 }' \
	"$WORK/regressed.tsv" > "$WORK/reversed.tsv"
$KSMEXIT gate "$base" "$WORK/reversed.tsv" > "$WORK/reordered" 2>&1
rc=$?
check columns_by_name "exit $rc: $(grep '^gate:' "$WORK/reordered" | tr '\n' ' ')" \
	bash -c "[ $rc -eq 1 ] && grep -q '^# Totals: pass:37 fail:1' '$WORK/reordered'"

# A baseline of another page count: nothing matches, every cell is listed.
awk -F'\t' 'BEGIN { OFS = FS } NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR > 1 { $c["pages"] = 16384 } { print }' \
	"$base" > "$WORK/other-pages.tsv"
$KSMEXIT gate "$WORK/other-pages.tsv" "$base" > "$WORK/unmatched" 2>&1
rc=$?
check unmatched_listed "exit $rc, $(grep -c '^# unmatched' "$WORK/unmatched") unmatched lines" \
	bash -c "[ $rc -eq 4 ] && [ \$(grep -c '^# unmatched: baseline cell' '$WORK/unmatched') -eq 38 ] &&
		[ \$(grep -c '^# unmatched: current cell .*(the baseline has it with another page count)' '$WORK/unmatched') -eq 38 ]"

# 6.12 could not be built this time: its cells could not run.
awk -F'\t' 'BEGIN { OFS = FS } NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
	$c["kernel"] == "debian-6.12" && !seen[$c["cpu"] $c["mmu"]]++ {
		for (i = 1; i <= NF; i++) if (i != c["kernel"] && i != c["mmu"] && i != c["cpu"]) $i = "-"
		$c["verdict"] = "error: build failed; log x"; print }
	$c["kernel"] != "debian-6.12" { print }' "$base" > "$WORK/norun.tsv"
$KSMEXIT gate "$base" "$WORK/norun.tsv" > "$WORK/norun" 2>&1
rc=$?
check missing_cell_exits_4 "exit $rc: $(grep '^gate:' "$WORK/norun")" \
	bash -c "[ $rc -eq 4 ] && [ \$(grep -c 'SKIP could not run: error: build failed' '$WORK/norun') -eq 12 ]"

$KSMEXIT gate "$base" results/example/ab/ab-summary.tsv > "$WORK/mixed" 2>&1
rc=$?
check other_kind_matches_nothing "exit $rc: $(tail -n 1 "$WORK/mixed")" [ $rc -eq 4 ]
$KSMEXIT gate "$base" README.md > "$WORK/bad" 2>&1
rc=$?
check not_a_ksmexit_file "exit $rc: $(head -n 1 "$WORK/bad")" \
	bash -c "[ $rc -eq 2 ] && grep -q 'is not a ksmexit file' '$WORK/bad'"

# One run's result.json as the baseline of another.
r=$(ls tests/integration/data/matrix/cells/debian-6.1+change_pte/shadow/*/result.json | head -n 1)
jq '.derived.faults_per_merged_page = 1' "$r" > "$WORK/result.json"
$KSMEXIT gate "$r" "$WORK/result.json" > "$WORK/single" 2>&1
rc=$?
check single_result_json "exit $rc: $(grep '^gate:' "$WORK/single" | tr '\n' ' ')" \
	bash -c "[ $rc -eq 1 ] && grep -q '^gate: CHANGED 6.1.192 SVM/shadow read/read ksm 4096 pages: faults per merged page 0.000 -> 1.000' '$WORK/single'"
finish
