# The stress in emulated kernels, where the kernels are cached: 6.1 with
# the change_pte patch (SVM+NPT, QEMU TCG) keeps guest memory right while
# KSM races the guest's writes, and the deliberately wrong variant that
# leaves the SPTE writable on change_pte (scripts/patches/x86-wrong)
# fails as a kernel that corrupted guest memory (a write leaked through a
# shared page), in matrix.tsv, matrix.md and the matrix's exit code; not
# as a cell that could not run.
# time limit: 600 s
source "$(dirname "$0")/lib.bash"
plain_pass_only
command -v qemu-system-x86_64 > /dev/null || skip_all "qemu-system-x86 not installed (make test installs it)"
good=debian-6.1+change_pte wrong=debian-6.1+change_pte+x86-wrong
for spec in $good $wrong; do
	KSMEXIT_CACHE_ONLY=1 scripts/kernel/build "$spec" > /dev/null 2>&1 ||
		skip_all "$spec not cached (scripts/kernel/build $spec builds it, about 2 minutes from 6.1's objects)"
done

ktap_plan 5
scripts/matrix --cpu amd --mmu tdp --kernels "$good,$wrong" --scenarios stress --pages 1024 \
	--duration 3 --no-host --cached-only --out "$WORK/m" > "$WORK/m.log" 2>&1
rc=$?
# SPEC COLUMN: that column of SPEC's stress row in matrix.tsv.
field() {
	awk -F'\t' -v k="$1" -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["kernel"] == k && $c["scenario"] == "stress" { print $c[col] }' "$WORK/m/matrix.tsv"
}
check matrix_fails_for_the_kernel "matrix exited $rc (1 expected: a kernel failed its checks): $(grep -A2 'failed their checks' "$WORK/m.log" | tr '\n' ' ')" \
	bash -c "[ $rc -eq 1 ] && grep -q 'kernels that failed their checks' '$WORK/m.log'"
check change_pte_keeps_data "$good: verdict $(field $good verdict), $(field $good corruptions) corruptions in $(field $good stress_visits) visits" \
	bash -c "[ '$(field $good verdict)' = pass ] && [ '$(field $good corruptions)' = 0 ] && [ '$(field $good stress_visits)' -gt 0 ]"
# Its failed checks quote the found value's story ("another page's stamp"): a file, not a quoted word.
field $wrong failed_checks > "$WORK/why"
check wrong_variant_caught "$wrong: verdict $(field $wrong verdict), $(field $wrong corruptions) corruptions: $(cut -c1-300 "$WORK/why")" \
	bash -c "[ '$(field $wrong verdict)' = fail ] && [ '$(field $wrong corruptions)' -gt 0 ] &&
		grep -q 'data_intact: the kernel corrupted guest memory' '$WORK/why'"
kinds=$(jq -r '.stress.first_corruptions[].kind' "$WORK"/m/cells/"$wrong"/tdp/*/result.json 2> /dev/null | sort | uniq -c | tr '\n' ' ')
check caught_as_a_leak "kinds of corruption kept: $kinds" grep -q leak <<< "$kinds"
check shown_as_fail_not_error "matrix.md: $(grep -F 'change_pte+x86' "$WORK/m/matrix.md" | tr '\n' ' ')" \
	bash -c "grep -q 'fail \[1\]' '$WORK/m/matrix.md' && ! grep -q 'error' '$WORK/m/matrix.md'"
finish
