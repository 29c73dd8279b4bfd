# The full A/B when both 6.1 kernels are already cached (make ab builds
# them): unpatched 6.1 under emulated SVM takes about one NPT fault per
# merged page after the merge, patched 6.1 about none; the exit reasons
# come from kvm:kvm_exit (NPF), and the host row is there.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
command -v qemu-system-x86_64 > /dev/null || skip_all "qemu-system-x86 not installed (make ab installs it)"

scripts/ab --cached-only --pages 4096 --out "$WORK/ab" > "$WORK/ab.log" 2>&1
rc=$?
[ $rc -eq 4 ] && skip_all "$(grep -o 'no cached kernel.*' "$WORK/ab.log" | head -n 1)"
ktap_plan 8
check ab_ran "scripts/ab exited $rc: $(tail -n 5 "$WORK/ab.log" | tr '\n' ' ')" [ $rc -eq 0 ]
row() { awk -F'\t' -v k="$1" -v m="$2" -v c="$3" 'NR > 1 && $1 == k && $4 == m { print $c }' "$WORK/ab/ab-summary.tsv" 2> /dev/null; }
u=$(row unpatched ksm 8)
p=$(row patched ksm 8)
u_npf=$(row unpatched ksm 13)
u_merged=$(row unpatched ksm 6)
check unpatched_one_fault_per_page "unpatched 6.1: $u post-merge faults per merged page, expected >= 0.9" ge "${u:-0}" 0.9
check patched_no_faults "patched 6.1: $p post-merge faults per merged page, expected <= 0.05" le "${p:-1}" 0.05
check npf_from_kvm_exit "unpatched 6.1: $u_npf NPF exits traced for $u_merged merged pages, expected >= 90%" \
	ge "${u_npf:-0}" "$(awk -v m="${u_merged:-1}" 'BEGIN { print 0.9 * m }')"
check host_row "no host row in ab-summary.tsv" [ -n "$(row host ksm 8)" ]
check charts "compare-faults.png missing or empty" [ -s "$WORK/ab/compare-faults.png" ]
# The kselftest (CPL0 guest, kernel selftests library) agrees with ksmexit.
for k in unpatched patched; do
	own=$(row $k ksm 7)
	ks=$(row $k kselftest 7)
	merged=$(row $k ksm 6)
	check "kselftest_agrees_$k" "$k: kselftest $ks post-merge faults, ksmexit $own, for $merged merged pages: expected within 2% of the merged pages" \
		awk -v a="${ks:--1}" -v b="${own:--1}" -v m="${merged:-0}" \
		'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a >= 0 && b >= 0 && d <= 0.02 * m) }'
done
finish
