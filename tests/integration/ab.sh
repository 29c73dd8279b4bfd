# The central claim, proven on every landing: the A/B (scripts/ab) builds
# Debian's 6.1 as packaged and with the change_pte patch when they are not
# cached yet (about 5 minutes on 2 cores), boots both under QEMU with
# emulated SVM+NPT at 4096 pages: unpatched 6.1 takes about one NPT fault
# per merged page after the merge, patched 6.1 about none; the exit
# reasons come from kvm:kvm_exit (NPF), the host row is there, and the
# kselftest agrees.
# time limit: 1500 s
source "$(dirname "$0")/lib.bash"
plain_pass_only
require_kvm_ksm
[ -r /usr/src/linux-source-6.1.tar.xz ] || skip_all "linux-source-6.1 not installed (make test installs it)"

scripts/ab --pages 4096 --out "$WORK/ab" > "$WORK/ab.log" 2>&1
rc=$?
ktap_plan 9
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
check guest_says_svm_npt "unpatched 6.1 reports virt_mode '$(row unpatched ksm 3)', expected SVM/NPT (kvm_intel is built in too)" \
	[ "$(row unpatched ksm 3)" = SVM/NPT ]
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
