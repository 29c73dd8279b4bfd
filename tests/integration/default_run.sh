# The default run on this machine: about one post-merge fault per merged
# page (no change_pte patch in this kernel), reads never unshare, KTAP
# output and result.json agree, and the merge's cost figures are there and
# consistent (finite, stall and ksmd time >= 0, saved <= the guest's memory).
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
ktap_plan 12

$KSMEXIT --ktap --expect unpatched --results-dir "$WORK/r" > "$WORK/out" 2> "$WORK/err"
rc=$?
r=$(result_of "$WORK/r")/result.json
fpm=$(json "$r" .derived.faults_per_merged_page)
merged=$(json "$r" .derived.merged_pages)
pages=$(json "$r" .config.pages)

check exit_code "ksmexit exited $rc, expected 0; stderr: $(tail -c 300 "$WORK/err")" [ "$rc" -eq 0 ]
check ktap_totals "no '# Totals: pass:' line in KTAP output" grep -q '^# Totals: pass:[0-9]* fail:0' "$WORK/out"
check all_pages_merged "merged_pages $merged, expected $pages" [ "$merged" = "$pages" ]
check faults_per_merged_page "faults_per_merged_page $fpm, expected >= 0.9" ge "$fpm" 0.9
check region_ksm_kept "region_ksm_pages per phase: $(json "$r" '[.phases[].region_ksm_pages]|@csv'), expected merge = post-merge = again" \
	[ "$(json "$r" '[.phases[2,3,4].region_ksm_pages]|unique|length')" = 1 ]
check pages_sharing_kept "pages_sharing per phase: $(json "$r" '[.phases[].pages_sharing]|@csv'), expected merge = post-merge = again" \
	[ "$(json "$r" '[.phases[2,3,4].pages_sharing]|unique|length')" = 1 ]
check again_pass_quiet "again pass took $(json "$r" '.phases[4].pf_taken') faults, expected 0" \
	[ "$(json "$r" '.phases[4].pf_taken')" = 0 ]
check phases_tsv "phases.tsv lacks the post-merge row" grep -q '^post-merge' "$(dirname "$r")/phases.tsv"
check no_leaked_fds "the run left $(json "$r" .leaked_fds) file descriptors open after its teardown" \
	[ "$(json "$r" .leaked_fds)" = 0 ]
cost=$(json "$r" '.cost | [.merged_mib, .saved_mib, .ksmd_cpu_ms, .stall_ms, .stall_ms_per_gib, .ksmd_ms_per_gib] | @tsv')
check cost_present_and_finite "cost (merged, saved MiB, ksmd ms, stall ms, per GiB): '$cost'" \
	awk -v c="$cost" 'BEGIN { n = split(c, v, "\t"); for (i = 1; i <= n; i++) if (v[i] !~ /^-?[0-9.e+-]+$/) exit 1; exit n != 6 }'
check cost_consistent "cost '$cost' for $pages pages: expected stall >= 0, ksmd >= 0, 0 < saved <= merged = $((pages * 4096 / 1048576)) MiB" \
	awk -v c="$cost" -v mib="$(awk -v p="$pages" 'BEGIN { print p * 4096 / 1048576 }')" \
	'BEGIN { split(c, v, "\t"); exit !(v[1] == mib && v[2] > 0 && v[2] <= v[1] && v[3] >= 0 && v[4] >= 0) }'
check cost_line "no 'merging ... saved ... cost ksmd ... stall' line in the KTAP output" \
	grep -q '^# cost: merging [0-9.]* MiB saved [0-9.]* MiB, cost ksmd [0-9]* ms of CPU and the guest [0-9.]* ms of stall' "$WORK/out"
finish
