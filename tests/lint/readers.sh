# The scripts read result.json through scripts/result.jq alone: no phase
# addressed by position (".phases[3]"), and the run's mode and name
# decided nowhere else.  A probe with a positional phase must be found.
cd "$(dirname "$0")/../.."
source tests/integration/lib.bash
ktap_plan 3
# FILE...: lines that re-read the schema their own way.
own_readings() {
	grep -Hn -e '\.phases\[[0-9]' -e 'no_ksm then' -e 'run_label //' "$@" 2> /dev/null |
		grep -v '^scripts/result\.jq:'
}
mapfile -t files < <(ls scripts/* scripts/kernel/* lava/* | grep -v '/patches$\|/kernel$')
found=$(own_readings "${files[@]}")
check one_result_reader "read outside scripts/result.jq: $found" [ -z "$found" ]
check reader_defines_phase "scripts/result.jq has no phase(\$name)" grep -q '^def phase(\$name)' scripts/result.jq
echo 'jq .phases[3].pf_taken r.json' > "$WORK/probe"
check checker_finds_positional "a .phases[3] was not found" [ -n "$(own_readings "$WORK/probe")" ]
finish
