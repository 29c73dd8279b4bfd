# Files and functions a reader can hold in mind: no harness file over 450
# lines, measure/run.c (the phase order) under 400, no function over 60
# lines (the kselftest port's included), and none in bash either: no
# function or top-level loop of a script or test over 60 lines.  A C
# function runs from its first signature line at column 0 to the "}" at
# column 0 that closes it; a bash function from "name() {" to "}", a
# loop from "for", "while" or "until" to "done", each at column 0.
# An alarm, not a target: where code lives is the design's choice.
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

# FILE...: the same for bash functions and top-level loops.
long_bash_units() {
	awk 'FNR == 1 { start = 0 }
	     !start && /^[A-Za-z_][A-Za-z0-9_-]*\(\) *\{[^}]*$/ { start = FNR; name = $0; end = "^}"; next }
	     !start && /^(for|while|until) / && !/; done/ { start = FNR; name = $0; end = "^done"; next }
	     start && $0 ~ end { if (FNR - start + 1 > 60) printf "%s:%d %s: %d lines\n",
				 FILENAME, start, name, FNR - start + 1; start = 0 }' "$@"
}

ktap_plan 6
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

mapfile -t bash_files < <(grep -l '^#!/bin/bash\|shell=bash' scripts/* scripts/kernel/* 2> /dev/null;
			  ls tests/integration/*.sh tests/integration/lib.bash tests/lint/*.sh tests/run)
long=$(long_bash_units "${bash_files[@]}")
check bash_units_at_most_60_lines "longer than 60 lines: $long" [ -z "$long" ]
{ echo 'f() {'; for _ in $(seq 59); do echo '	x=1'; done; echo '}'; echo 'g() { :; }'
  echo 'for x in 1; do'; for _ in $(seq 59); do echo '	x=1'; done; echo 'done'; } > "$WORK/probe.sh"
check checker_finds_long_bash "a 61-line function and a 61-line loop: $(long_bash_units "$WORK/probe.sh" | tr '\n' ' ')" \
	[ "$(long_bash_units "$WORK/probe.sh" | wc -l)" -eq 2 ]
finish
