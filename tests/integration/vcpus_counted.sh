# Tracepoints count every vCPU, not only vCPU 0's thread: in the vcpus
# scenario (every online CPU, at least 2) the post-merge fault event
# equals pf_taken summed over the vCPUs, and each vCPU took its share;
# with --trace pages, the sampled event's records (one ring per CPU)
# attribute every merged page's fault, whichever vCPU took it.
# kvm:kvm_exit and kvm_page_fault do not fire under a software KVM
# (kvm_pvm); kvmmmu:kvm_mmu_spte_requested, one per fault, does.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
ktap_plan 3

$KSMEXIT --scenario vcpus --pages 4096 --trace pages --results-dir "$WORK/r" > "$WORK/out" 2>&1 ||
	{ tail -n 5 "$WORK/out"; skip_all "the vcpus run failed (see above)"; }
post() { jq -r ".phases[] | select(.name == \"post-merge\") | $1" "$(result_of "$WORK/r")/result.json"; }
ev=$(post '.trace.events["kvmmmu:kvm_mmu_spte_requested"]')
pf=$(post '.vcpu_stats.pf_taken')
shares=$(post '[.vcpus[].pf_taken] | map(tostring) | join(" ")')
[ "$ev" != null ] || skip_all "kvmmmu:kvm_mmu_spte_requested not counted here (tracing: $(jq -r .trace.mode "$(result_of "$WORK/r")/result.json"))"
check every_vcpu_traced "spte_requested $ev, pf_taken $pf (vCPUs: $shares)" [ "$ev" = "$pf" ]
check each_vcpu_faulted "pf_taken per vCPU: $shares" \
	bash -c "[ \$(wc -w <<< '$shares') -ge 2 ] && ! grep -qw 0 <<< '$shares'"
a=$(jq -c '.trace.attribution | {faults, merged_pages, merged_faulted_once}' "$(result_of "$WORK/r")/result.json")
check attribution_sees_every_vcpu "attribution: $a" \
	bash -c "[ \"\$(jq -r '.merged_faulted_once == .merged_pages and .faults == $pf' <<< '$a')\" = true ]"
finish
