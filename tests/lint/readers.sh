# The scripts read result.json through scripts/result.jq alone: no phase
# addressed by position (".phases[3]"), and the run's mode and name
# decided nowhere else.  The gate is ksmexit's alone (`ksmexit gate`):
# no script judges cells or reads a matrix or A/B table by column number
# (their writers, matrix-summary and result-row, aside).  A probe of
# each kind must be found.
cd "$(dirname "$0")/../.."
source tests/integration/lib.bash
ktap_plan 6
# FILE...: lines that re-read the schema their own way.
own_readings() {
	grep -Hn -e '\.phases\[[0-9]' -e 'no_ksm then' -e 'run_label //' "$@" 2> /dev/null |
		grep -v '^scripts/result\.jq:'
}
# FILE...: a gate's verdict words, or an awk that takes a table's columns by number.
own_gates() {
	grep -Hn -e 'CHANGED' -e 'awk .*\$[0-9].*\(matrix\|ab-summary\)\.tsv' "$@" 2> /dev/null
}
mapfile -t files < <(ls scripts/* scripts/kernel/* lava/* | grep -v '/patches$\|/kernel$')
found=$(own_readings "${files[@]}")
check one_result_reader "read outside scripts/result.jq: $found" [ -z "$found" ]
check reader_defines_phase "scripts/result.jq has no phase(\$name)" grep -q '^def phase(\$name)' scripts/result.jq
found=$(own_gates $(printf '%s\n' "${files[@]}" | grep -v 'matrix-summary$\|result-row$'))
check one_gate "a gate outside ksmexit gate: $found" [ -z "$found" ]
check no_gate_script "scripts/gate is back" [ ! -e scripts/gate ]
echo 'jq .phases[3].pf_taken r.json' > "$WORK/probe"
check checker_finds_positional "a .phases[3] was not found" [ -n "$(own_readings "$WORK/probe")" ]
echo "fpmp=\$(awk -F'\\t' 'NR > 1 { print \$11 }' \"\$from/matrix.tsv\")" > "$WORK/gate-probe"
check checker_finds_column_numbers "$(cat "$WORK/gate-probe") was not found" [ -n "$(own_gates "$WORK/gate-probe")" ]
finish
