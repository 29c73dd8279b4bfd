# The README's make targets that nothing else runs, at a tiny size, so
# none of them can rot unseen: make fuzz (2 s a target), make soak (2
# runs) and make bench (one 1024-page size).  make kselftest is
# kselftest_build.sh, make ab is ab.sh; make matrix and make bisect-demo
# share their scripts with ab.sh, matrix_inputs.sh and bisect_run.sh.
# time limit: 600 s
source "$(dirname "$0")/lib.bash"
plain_pass_only
require_kvm_ksm
ktap_plan 3

FUZZ_SECONDS=2 make -s fuzz > "$WORK/fuzz" 2>&1
rc=$?
check make_fuzz "exit $rc: $(tail -n 3 "$WORK/fuzz" | tr '\n' ' ')" \
	bash -c "[ $rc -eq 0 ] && grep -q '^fuzz: no crash in' '$WORK/fuzz'"
SOAK_RUNS=2 make -s soak > "$WORK/soak" 2>&1
rc=$?
check make_soak "exit $rc: $(tail -n 3 "$WORK/soak" | tr '\n' ' ')" [ $rc -eq 0 ]
scripts/bench 1024 > "$WORK/bench" 2>&1
rc=$?
check bench_one_size "exit $rc: $(tail -n 3 "$WORK/bench" | tr '\n' ' ')" \
	bash -c "[ $rc -eq 0 ] && grep -q '^1024 ' '$WORK/bench'"
finish
