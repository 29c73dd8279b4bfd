# --backing: each source runs or skips with its reason.  Anonymous memory,
# with and without THP, merges and faults as the read scenario does; KSM
# merges neither shmem nor hugetlb memory, so those runs are negative
# controls that pass with 0 merged and 0 post-merge faults.  hugetlb skips
# (exit 4) without reserved huge pages; with them (reserved here, and
# nr_hugepages put back after) every huge page is free again after a run
# and after SIGTERM.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
hp=/proc/sys/vm/nr_hugepages
orig=$(cat $hp)
trap 'echo "$orig" > $hp; rm -rf "$WORK"' EXIT
ktap_plan 9
free_huge() { awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo; }

run() {	# NAME ARGS...: a 1024-page run; its result.json in $WORK/NAME
	$KSMEXIT --pages 1024 --trace off --sample-hz 0 --results-dir "$WORK/$1" "${@:2}" \
		> "$WORK/$1.out" 2> "$WORK/$1.err"
	echo $?
}
fig() { json "$(result_of "$WORK/$1")/result.json" "$2" 2> /dev/null; }

for b in anonymous anonymous_thp; do
	rc=$(run "$b" --backing "$b")
	check "${b}_merges" "$b: exit $rc, merged $(fig "$b" .derived.merged_pages), $(fig "$b" .phases[3].pf_taken) post-merge faults, backing '$(fig "$b" .config.backing)'" \
		[ "$rc:$(fig "$b" .config.backing):$(fig "$b" .derived.merged_pages)" = "0:$b:1024" ]
done

rc=$(run shmem --backing shmem)
check shmem_negative_control "shmem: exit $rc, merged $(fig shmem .derived.merged_pages), post-merge faults $(fig shmem .phases[3].pf_taken), merge check $(fig shmem '.checks[0].result')" \
	[ "$rc:$(fig shmem .derived.merged_pages):$(fig shmem .phases[3].pf_taken):$(fig shmem '.checks[0].result')" = "0:0:0:pass" ]
check shmem_verdict_says_so "no 'negative control, shmem memory' verdict" grep -q '^verdict .*negative control, shmem memory' "$WORK/shmem.out"

echo 0 > $hp
rc=$(run nohuge --backing anonymous_hugetlb)
check hugetlb_skips_without_reserve "exit $rc, stderr: $(tail -n 1 "$WORK/nohuge.err")" \
	bash -c "[ $rc -eq 4 ] && grep -q 'anonymous_hugetlb needs 2 free 2 MiB huge pages, 0 are free' '$WORK/nohuge.err'"

echo 2 > $hp
[ "$(free_huge)" -ge 2 ] || skip_all "could not reserve 2 huge pages (free: $(free_huge))"
before=$(free_huge)
rc=$(run huge --backing anonymous_hugetlb)
check hugetlb_negative_control "hugetlb: exit $rc, merged $(fig huge .derived.merged_pages), post-merge faults $(fig huge .phases[3].pf_taken)" \
	[ "$rc:$(fig huge .derived.merged_pages):$(fig huge .phases[3].pf_taken)" = "0:0:0" ]
check hugetlb_freed_after_run "HugePages_Free $before before, $(free_huge) after the run" [ "$(free_huge)" = "$before" ]
# The negative control's merge phase waits --control-wait ms: long enough to
# be stopped in it, with the huge pages in use.
$KSMEXIT --pages 1024 --backing anonymous_hugetlb --control-wait 10000 \
	--results-dir "$WORK/term" > /dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do [ "$(free_huge)" -lt "$before" ] && break; sleep 0.05; done
in_use=$((before - $(free_huge)))
kill -TERM $pid
wait $pid
rc=$?
check hugetlb_in_use_when_stopped "$in_use huge pages in use when SIGTERM was sent (the run exited $rc): expected 2" \
	[ "$in_use" = 2 ]
check hugetlb_freed_after_sigterm "HugePages_Free $before before, $(free_huge) after SIGTERM" [ "$(free_huge)" = "$before" ]
finish
