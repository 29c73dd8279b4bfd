# The README's make targets one after another in the checkout, in the
# order a user would run them, at a tiny size, so none of them can rot
# unseen nor break the ones after it: make kselftest (its build leaves a
# kernel tree in build/), make run, make fuzz (2 s a target), make soak (2
# runs), make bench (--quick, before HEAD and after), make lava (one job) and
# make intel (one Bochs cell), the last two on the 6.1 kernel ab.sh built,
# and make arm64 (one QEMU arm64 cell, where its 6.1 is cached).
# kselftest_build.sh checks the kselftest's build, make ab is ab.sh; make
# matrix and make bisect-demo share their scripts with ab.sh,
# matrix_inputs.sh and bisect_run.sh.
# time limit: 900 s
source "$(dirname "$0")/lib.bash"
plain_pass_only
require_kvm_ksm
ktap_plan 10

# Every make target and script the README and docs/ name exists: `make X`
# in backticks or a code block's line that starts with it (a kernel
# tree's own targets, after a "cd", are the kernel's), scripts/... paths.
named_targets() {
	{ grep -oh '`make [a-z][a-z0-9.-]*' README.md docs/*.md | cut -c7-
	  awk '/^```/ { c = !c; next } c && /^make [a-z]/ { print $2 }' README.md docs/*.md; } | sort -u
}
missing=$(for t in $(named_targets); do make -n "$t" > /dev/null 2>&1 || echo "make $t"; done)
check named_make_targets_exist "named but not in the Makefile: $missing" [ -z "$missing" ]
missing=$(for f in $(grep -oh '\bscripts/[a-z][a-z0-9/_.-]*[a-z0-9]' README.md docs/*.md | sort -u); do
	[ -e "$f" ] || echo "$f"; done)
check named_scripts_exist "named but missing: $missing" [ -z "$missing" ]

make -s kselftest > "$WORK/kselftest" 2>&1
rc=$?
check make_kselftest "exit $rc: $(tail -n 3 "$WORK/kselftest" | tr '\n' ' ')" \
	bash -c "[ $rc -eq 0 ] && [ -x build/kselftest/install/kvm/ksm_read_after_merge_test ]"
ls results > "$WORK/results.before"
make -s run > "$WORK/run" 2>&1
rc=$?
# Its last two lines are the two verdicts (the KSM run's and the control's).
check make_run "exit $rc: $(tail -n 3 "$WORK/run" | tr '\n' ' ')" \
	bash -c "[ $rc -eq 0 ] && [ \$(tail -n 2 '$WORK/run' | grep -c '^verdict') -eq 2 ]"
# make run's two result directories are the test's, not the user's.
ls results | grep -vxF -f "$WORK/results.before" | sed 's:^:results/:' | xargs -r rm -rf

FUZZ_SECONDS=2 make -s fuzz > "$WORK/fuzz" 2>&1
rc=$?
check make_fuzz "exit $rc: $(tail -n 3 "$WORK/fuzz" | tr '\n' ' ')" \
	bash -c "[ $rc -eq 0 ] && grep -q '^fuzz: no crash in' '$WORK/fuzz'"
SOAK_RUNS=2 make -s soak > "$WORK/soak" 2>&1
rc=$?
check make_soak "exit $rc: $(tail -n 3 "$WORK/soak" | tr '\n' ' ')" [ $rc -eq 0 ]
# The bench's before column from this very commit (git archive, built in
# the cache): both columns are exercised, no old build dependency needed.
before=(--before HEAD) cols=2
git cat-file -e 'HEAD^{commit}' 2>/dev/null || { before=() cols=1; }
scripts/bench --quick "${before[@]}" > "$WORK/bench" 2>&1
rc=$?
# Every speed row holds a number in each column, then its goal; the
# after column's time goes into five runs' rows.
speed_rows=$(grep -cE "^[a-z0-9 ].{51}( +[0-9]+\.[0-9]+){$cols}  [<>b]" "$WORK/bench")
where_rows=$(grep -cE '^(default_|p[0-9]|huge)[a-z0-9_]* +[0-9]+( +[0-9.]+){9}$' "$WORK/bench")
check bench_quick "exit $rc (${before[*]}), $speed_rows of 9 speed rows with $cols numbers, $where_rows of 5 time rows: $(tail -n 3 "$WORK/bench" | tr '\n' ' ')" \
	bash -c "[ $rc -eq 0 ] && [ $speed_rows -eq 9 ] && [ $where_rows -eq 5 ]"

# make_target NAME CHECK_CMD MAKE_ARGS...: exit 4 (kernel not cached) is a skip.
make_target() {
	local name=$1 want=$2 rc=0
	shift 2
	make -s "$@" > "$WORK/$name" 2>&1 || rc=$?
	if [ $rc -eq 4 ] || grep -q 'is not cached\|not cached (--cached-only)' "$WORK/$name"; then
		skip "$name" "debian-6.1 not built (tests/integration/ab.sh builds it)"
		return
	fi
	check "$name" "exit $rc: $(tail -n 3 "$WORK/$name" | tr '\n' ' ')" \
		bash -c "[ $rc -eq 0 ] && $want"
}
make_target make_lava "grep -q '^debian-6.1 *ksmexit *read.faults_per_merged_page *pass *1 ' '$WORK/make_lava'" \
	lava LAVA_ARGS="--kernels debian-6.1 --pages 1024 --cached-only --out $WORK/lava"
make_target make_intel "grep -q '^6.1 *intel *tdp *read *1024 *1024 *1.000 *1024 pass' '$WORK/intel/matrix.md'" \
	intel MATRIX_ARGS="--kernels debian-6.1 --mmu tdp --pages 1024 --no-host --cached-only --out $WORK/intel"
make_target make_arm64 "grep -q '^6.1 *arm64 *vhe *read *1024 *0 *0.000 *1 pass' '$WORK/arm64/matrix.md'" \
	arm64 MATRIX_ARGS="--kernels debian-6.1 --mmu vhe --pages 1024 --no-host --cached-only --out $WORK/arm64"
finish
