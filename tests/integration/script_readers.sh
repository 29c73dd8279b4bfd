# The readers the scripts are built on, against recorded files
# (tests/unit/data/): result-row's columns from a result.json, kselftest-row's
# from kselftest KTAP output, and compare's ratios to the first run and
# its default output directory (never the current one), with two runs
# whose default labels are the same.
source "$(dirname "$0")/lib.bash"
command -v jq > /dev/null || skip_all "jq missing"
DATA=tests/unit/data
ktap_plan 7

check header_columns "result-row --header: $(scripts/result-row --header | tr '\t' ' ')" \
	[ "$(scripts/result-row --header | tr '\t' '\n' | wc -l)" -eq 14 ]
row=$(scripts/result-row run1 $DATA/result-kvm_pvm.json | cut -f1-11)
want=$(printf 'run1\t6.18.44-fc-v769\tkvm_pvm/shadow\tksm\t16384\t16384\t16384\t1\t1\t124.870189\t0.266069')
check result_row "result-row gave '$row', expected '$want'" [ "$row" = "$want" ]
row=$(scripts/result-row "" $DATA/result-kvm_pvm.json | cut -f1)
check result_row_default_label "default label '$row'" [ "$row" = "6.18.44-fc-v769 kvm_pvm/shadow" ]

row=$(scripts/kselftest-row k $DATA/kselftest-6.1-unpatched.ktap 6.1.192 SVM/NPT 16384 | cut -f1-11)
want=$(printf 'k\t6.1.192\tSVM/NPT\tkselftest\t16384\t16384\t16384\t1.0000\t1.000000\t931.756\t4.831')
check kselftest_row "kselftest-row gave '$row', expected '$want'" [ "$row" = "$want" ]
echo "TAP version 13" > "$WORK/empty.ktap"
check kselftest_row_rejects_empty "kselftest-row accepted output without figures" \
	bash -c "! scripts/kselftest-row k '$WORK/empty.ktap' r v 1 > /dev/null 2>&1"

# Two copies of one run: every ratio to the first is 1.
mkdir -p "$WORK/a" "$WORK/b"
cp $DATA/result-kvm_pvm.json "$WORK/a/result.json"
cp $DATA/result-kvm_pvm.json "$WORK/b/result.json"
scripts/compare --out "$WORK/cmp" first="$WORK/a" second="$WORK/b" > /dev/null 2> "$WORK/cmp.err"
rc=$?
ratios=$(awk -F'\t' 'NR > 1 { print $15, $16 }' "$WORK/cmp/compare.tsv" 2> /dev/null | sort -u)
check compare_ratios "exit $rc ($(tail -n 1 "$WORK/cmp.err")), ratios '$ratios', expected '1.0000 1.0000'" \
	[ "$rc:$ratios" = "0:1.0000 1.0000" ]
repo=$(pwd)
said=$(cd "$WORK/a" && "$repo/scripts/compare" "$WORK/a" "$WORK/b" 2> /dev/null | sed -n 's/^compare: in \([^:]*\):.*/\1/p')
check compare_default_out "compare said '$said'; left in the current directory: $(ls "$WORK/a" | grep -v result.json)" \
	bash -c "[[ '$said' == '$repo'/results/compare-* ]] && [ -s '$said/compare.md' ] && [ \"\$(ls '$WORK/a')\" = result.json ]"
[[ $said == "$repo"/results/compare-* ]] && rm -rf "$said"
finish
