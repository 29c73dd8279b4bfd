# Files and functions a reader can hold in mind: no harness file over 450
# lines, measure/run.c (the phase order) under 400, no function over 60
# lines (the kselftest port's included).  A function runs from its first
# signature line at column 0 to the "}" at column 0 that closes it.
cd "$(dirname "$0")/../.."
source tests/integration/lib.bash

# FILE...: "file:line name: N lines" for every function longer than 60.
long_functions() {
	awk 'FNR == 1 { start = 0 }
	     /^[a-z_].*\(/ && !start { start = FNR; name = $0 }
	     /^[a-z_].*[;=]$/ && start == FNR { start = 0 }
	     /^}/ && start { if (FNR - start + 1 > 60) printf "%s:%d %s: %d lines\n",
			     FILENAME, start, name, FNR - start + 1; start = 0 }' "$@"
}

ktap_plan 4
sources=(harness/*.c harness/*/*.c harness/*/*/*.c kselftest/*.c)
over=$(wc -l harness/*.[ch] harness/*/*.[ch] harness/*/*/*.[ch] | awk '$2 != "total" && $1 > 450 { print $2 ": " $1 }')
check files_at_most_450_lines "over 450 lines: $over" [ -z "$over" ]
run_lines=$(wc -l < harness/measure/run.c)
check run_c_under_400_lines "harness/measure/run.c has $run_lines lines" [ "$run_lines" -lt 400 ]
long=$(long_functions "${sources[@]}")
check functions_at_most_60_lines "longer than 60 lines: $long" [ -z "$long" ]

# The measure itself: a 61-line function in a scratch file must be found.
{ echo 'int f(void)'; echo '{'; for _ in $(seq 58); do echo '	x++;'; done; echo '}'; } > "$WORK/probe.c"
check checker_finds_long_function "a 61-line function was not found" \
	[ -n "$(long_functions "$WORK/probe.c")" ]
finish
