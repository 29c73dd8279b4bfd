# The central claim, proven on every landing: the A/B (scripts/ab) builds
# Debian's 6.1 as packaged and with the change_pte patch when they are not
# cached yet (about 5 minutes on 2 cores), boots both under QEMU with
# emulated SVM+NPT at 4096 pages, then under Bochs with emulated VMX+EPT
# at 1024 pages (Bochs is slower): unpatched 6.1 takes about one NPT or
# EPT fault per merged page after the merge, patched 6.1 about none; the
# exit reasons come from kvm:kvm_exit (NPF, EPT_VIOLATION), the guest
# says which vendor module ran and that it was emulated, the host row is
# there, and the kselftest agrees.
# time limit: 1500 s
source "$(dirname "$0")/lib.bash"
plain_pass_only
require_kvm_ksm
[ -r /usr/src/linux-source-6.1.tar.xz ] || skip_all "linux-source-6.1 not installed (make test installs it)"
command -v bochs > /dev/null || skip_all "bochs not installed (make test installs it)"

ktap_plan 20
# ab_claims CPU PAGES VIRT_MODE EMULATOR: runs the A/B on one CPU and checks it.
ab_claims() {
	local cpu=$1 pages=$2 virt=$3 emulator=$4 dir=$WORK/ab-$1 rc=0 u p u_exits u_merged
	# Its progress lines ("[matrix ...]", kernel builds among them) as KTAP
	# diagnostics while it runs: a first build takes minutes.
	scripts/ab --cpu "$cpu" --pages "$pages" --out "$dir" 2>&1 | tee "$dir.log" | sed -u -n 's/^\[/# [/p'
	rc=${PIPESTATUS[0]}
	check "${cpu}_ab_ran" "scripts/ab --cpu $cpu exited $rc: $(tail -n 5 "$dir.log" | tr '\n' ' ')" [ $rc -eq 0 ]
	row() { awk -F'\t' -v k="$1" -v m="$2" -v c="$3" 'NR > 1 && $1 == k && $4 == m { print $c }' "$dir/ab-summary.tsv" 2> /dev/null; }
	u=$(row unpatched ksm 8)
	p=$(row patched ksm 8)
	u_exits=$(row unpatched ksm 13)
	u_merged=$(row unpatched ksm 6)
	echo "# $cpu: unpatched 6.1 ${u:-?} post-merge faults per merged page, ${u_exits:-?} NPF/EPT_VIOLATION exits for ${u_merged:-?} merged pages; patched ${p:-?}"
	check "${cpu}_unpatched_one_fault_per_page" "unpatched 6.1: $u post-merge faults per merged page, expected >= 0.9" ge "${u:-0}" 0.9
	check "${cpu}_patched_no_faults" "patched 6.1: $p post-merge faults per merged page, expected <= 0.05" le "${p:-1}" 0.05
	check "${cpu}_tdp_exits_from_kvm_exit" "unpatched 6.1: $u_exits NPF/EPT_VIOLATION exits traced for $u_merged merged pages, expected >= 90%" \
		ge "${u_exits:-0}" "$(awk -v m="${u_merged:-1}" 'BEGIN { print 0.9 * m }')"
	check "${cpu}_host_row" "no host row in ab-summary.tsv" [ -n "$(row host ksm 8)" ]
	check "${cpu}_guest_says_$virt" "unpatched 6.1 reports virt_mode '$(row unpatched ksm 3)', expected $virt (both vendor modules are built in)" \
		[ "$(row unpatched ksm 3)" = "$virt" ]
	local said
	said=$(jq -r .host.emulator "$dir"/cells/debian-6.1/*tdp/*/result.json 2> /dev/null | sort -u)
	check "${cpu}_guest_says_emulated" "result.json host.emulator: '$said', expected '$emulator...'" \
		[ "${said#"$emulator"}" != "$said" ]
	check "${cpu}_charts" "compare-faults.png missing or empty" [ -s "$dir/compare-faults.png" ]
	# The kselftest (CPL0 guest, kernel selftests library) agrees with ksmexit.
	local k own ks merged
	for k in unpatched patched; do
		own=$(row $k ksm 7)
		ks=$(row $k kselftest 7)
		merged=$(row $k ksm 6)
		check "${cpu}_kselftest_agrees_$k" "$k: kselftest $ks post-merge faults, ksmexit $own, for $merged merged pages: expected within 2% of the merged pages" \
			awk -v a="${ks:--1}" -v b="${own:--1}" -v m="${merged:-0}" \
			'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a >= 0 && b >= 0 && d <= 0.02 * m) }'
	done
}
ab_claims amd 4096 SVM/NPT "QEMU TCG"
ab_claims intel 1024 VMX/EPT "Bochs"
finish
