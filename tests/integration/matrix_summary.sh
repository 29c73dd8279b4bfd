# The matrix summary on recorded cells (tests/integration/data/matrix: two
# cells recorded from a matrix run on this machine, unpatched 6.1 under
# tdp and patched 6.1 under shadow paging, and hand-written n/a and
# error cells): matrix.tsv has a row per run with its figures, the n/a
# and error cells a row saying so and no number; matrix.md fits in 80
# columns with the reasons as notes; the charts are drawn.
source "$(dirname "$0")/lib.bash"
command -v gnuplot > /dev/null || skip_all "gnuplot missing (make test installs gnuplot-nox)"
ktap_plan 7

cp -r tests/integration/data/matrix "$WORK/m"
scripts/matrix-summary "$WORK/m" > "$WORK/out" 2>&1
rc=$?
check summary_runs "exit $rc: $(tail -n 3 "$WORK/out")" [ $rc -eq 0 ]
tsv=$WORK/m/matrix.tsv
field() { awk -F'\t' -v k="$1" -v m="$2" -v mode="$3" -v c="$4" '$1 == k && $4 == m && $8 == mode { print $c }' "$tsv"; }
check unpatched_tdp_row "debian-6.1 tdp: faults/page '$(field debian-6.1 tdp ksm 11)', NPF '$(field debian-6.1 tdp ksm 12)', expected 1 and 4096" \
	bash -c "[ '$(field debian-6.1 tdp ksm 11)' = 1 ] && [ '$(field debian-6.1 tdp ksm 12)' = 4096 ] && [ '$(field debian-6.1 tdp ksm 3)' = unpatched ]"
check patched_shadow_row "debian-6.1+change_pte shadow: faults/page '$(field debian-6.1+change_pte shadow ksm 11)', expected 0, control row present" \
	bash -c "[ '$(field debian-6.1+change_pte shadow ksm 11)' = 0 ] && [ -n '$(field debian-6.1+change_pte shadow control 9)' ]"
na_row=$(awk -F'\t' '$1 == "debian-6.12"' "$tsv")
check na_cell_has_no_number "row: $na_row" \
	bash -c "echo '$na_row' | awk -F'\t' '{ for (i = 9; i <= 14; i++) if (\$i != \"n/a\") exit 1; exit \$15 !~ /^n\\/a: kvm.tdp_mmu=0 did not take/ }'"
check error_cell_named "rows: $(grep -c tree=/src/broken "$tsv")" \
	bash -c "awk -F'\t' '\$1 == \"tree=/src/broken\" && \$15 ~ /^error: .*build failed; log /' '$tsv' | grep -q ."
wide=$(awk 'length > 80' "$WORK/m/matrix.md")
check table_fits_80_columns "lines over 80 columns: $wide" \
	bash -c "[ -z \"\$(awk 'length > 80' '$WORK/m/matrix.md')\" ] && grep -q '^\\[1\\] .*tdp-legacy: n/a: ' '$WORK/m/matrix.md'"
check charts_drawn "matrix-read.png: $(file -b "$WORK/m/matrix-read.png" 2> /dev/null)" \
	bash -c "head -c 8 '$WORK/m/matrix-read.png' | grep -q PNG && head -c 8 '$WORK/m/matrix-scenarios.png' | grep -q PNG"
finish
