# Files and functions a reader can hold in mind: no harness file over 450
# lines, no function over 60 lines (the kselftest port's included), and
# none in bash either: no function or top-level loop of a script or test
# over 60 lines.  A C
# function runs from its first signature line at column 0 to the "}" at
# column 0 that closes it; a bash function from "name() {" to "}", a
# loop from "for", "while" or "until" to "done", each at column 0.
# An alarm, not a target: where code lives is the design's choice, so
# what is over a limit is listed as "# alarm:" lines and does not fail;
# the probes prove the measures find what they must.
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

ktap_plan 3
sources=(harness/*.c harness/*/*.c harness/*/*/*.c kselftest/*.c)
alarm() { [ -z "$1" ] || echo "$1" | sed 's/^/# alarm: /'; }
long_files() { wc -l "$@" | awk '$2 != "total" && $1 > 450 { print $2 ": " $1 " lines" }'; }
alarm "$(long_files harness/*.[ch] harness/*/*.[ch] harness/*/*/*.[ch])"
alarm "$(long_functions "${sources[@]}")"

# The measure itself: a 61-line function in a scratch file must be found.
{ echo 'int f(void)'; echo '{'; for _ in $(seq 58); do echo '	x++;'; done; echo '}'; } > "$WORK/probe.c"
check checker_finds_long_function "a 61-line function was not found" \
	[ -n "$(long_functions "$WORK/probe.c")" ]
printf 'x\n%.0s' $(seq 451) > "$WORK/big.c"
check checker_finds_long_file "a 451-line file was not found" \
	[ -n "$(long_files "$WORK/big.c" "$WORK/probe.c")" ]

mapfile -t bash_files < <(grep -l '^#!/bin/bash\|shell=bash' scripts/* scripts/kernel/* 2> /dev/null;
			  ls tests/integration/*.sh tests/integration/lib.bash tests/lint/*.sh tests/run)
alarm "$(long_bash_units "${bash_files[@]}")"
{ echo 'f() {'; for _ in $(seq 59); do echo '	x=1'; done; echo '}'; echo 'g() { :; }'
  echo 'for x in 1; do'; for _ in $(seq 59); do echo '	x=1'; done; echo 'done'; } > "$WORK/probe.sh"
check checker_finds_long_bash "a 61-line function and a 61-line loop: $(long_bash_units "$WORK/probe.sh" | tr '\n' ' ')" \
	[ "$(long_bash_units "$WORK/probe.sh" | wc -l)" -eq 2 ]
finish
