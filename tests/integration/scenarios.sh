# `ksmexit suite`: every scenario as a KTAP subtest and one result.json
# holding all of them; each scenario's expected direction on this
# machine's kernel (no change_pte: reads of merged pages fault); the KSM
# knobs as they were.  The sweep stops at 2^16 pages and the stress after
# 2 s to keep make test short.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
ktap_plan 19

before=$(knobs_snapshot)
$KSMEXIT suite --max-pages 65536 --duration 2 --trace off --results-dir "$WORK/s" > "$WORK/out" 2> "$WORK/err"
rc=$?
dir=$(result_of "$WORK/s")
R=$dir/result.json
sc() { jq -r --arg n "$1" ".scenarios[] | select(.name == \$n) | $2" "$R"; }
post() { sc "$1" ".outcome.phases[] | select(.name == \"post-merge\") | $2"; }

check suite_passes "suite exit $rc: $(grep -E '^not ok' "$WORK/out" | tr '\n' ' ') $(tail -n 3 "$WORK/err" | tr '\n' ' ')" \
	[ "$rc" -eq 0 ]
check ktap_structure "top level must be one plan of 14 and 14 results, nested lines indented 4" \
	awk '/^TAP version 13$/ { v++ } /^1\.\.14$/ { p++ } /^(ok|not ok) [0-9]+ / { r++ }
	     /^[^ #T1on]/ { bad++ }
	     END { exit !(v == 1 && p == 1 && r == 14 && !bad) }' "$WORK/out"
check one_result_json "result.json lists $(jq '.scenarios | length' "$R") scenarios, expected 14" \
	[ "$(jq '.scenarios | length' "$R")" = 14 ]
u=$(post unique .pf_taken); pages=$(sc unique .outcome.config.pages)
check unique_no_faults "unique: $u post-merge faults for $pages pages, expected <= 1%" \
	le "$u" "$(awk -v p="$pages" 'BEGIN { print p / 100 }')"
f=$(sc partial .outcome.derived.faults_per_page)
check partial_half "partial at 0.5: $f faults per page of the region, expected 0.4-0.6" \
	awk -v f="$f" 'BEGIN { exit !(f >= 0.4 && f <= 0.6) }'
check write_unshares "write: region KSM pages after the write pass $(post write .region_ksm_pages), check $(sc write '.outcome.checks[] | select(.name == "write_unshares") | .result')" \
	[ "$(post write .region_ksm_pages) $(sc write '.outcome.checks[] | select(.name == "write_unshares") | .result')" = "0 pass" ]
# Read then write: the read pass pays the zap, the write pass copy-on-write.
rtw() { sc read-then-write ".outcome.phases[] | select(.name == \"$1\") | .pf_taken"; }
merged=$(sc read-then-write .outcome.derived.merged_pages)
check read_then_write_per_pass "read-then-write: read pass $(rtw post-merge), write pass $(rtw again) faults for $merged merged pages; expected >= 0.9 and >= 1 a page, write_unshares $(sc read-then-write '.outcome.checks[] | select(.name == "write_unshares") | .result')" \
	awk -v r="$(rtw post-merge)" -v w="$(rtw again)" -v m="${merged:-0}" \
	-v u="$(sc read-then-write '.outcome.checks[] | select(.name == "write_unshares") | .result')" \
	'BEGIN { exit !(m > 0 && r >= 0.9 * m && w >= m && u == "pass") }'
m=$(sc read-keeps-sharing '.outcome.phases[] | select(.name == "merge") | "\(.region_ksm_pages) \(.pages_sharing)"')
a=$(sc read-keeps-sharing '.outcome.phases[] | select(.name == "again") | "\(.region_ksm_pages) \(.pages_sharing) \(.passes)"')
check read_keeps_sharing "KSM pages and pages_sharing after the merge '$m', after the again passes '$a'" \
	[ "$a" = "$m 5" ]
check zero_pages_merge "zero: $(sc zero .outcome.derived.merged_pages) of $(sc zero .outcome.config.pages) merged into the zero page" \
	[ "$(sc zero .outcome.derived.merged_pages)" = "$(sc zero .outcome.config.pages)" ]
check thp_split "thp: huge pages before/after the merge: $(sc thp '.outcome.thp | "\(.huge_pages_before_merge)/\(.huge_pages_after_merge)"'), expected some split" \
	[ "$(sc thp '.outcome.thp.split_by_merge // 0')" -gt 0 ]
v=$(sc vcpus '[.outcome.phases[] | select(.name == "post-merge") | .vcpus[].pf_taken] | "\(length) \(add) \(min)"')
check vcpus_add_up "vcpus: per-vCPU post-merge faults (count sum min) '$v', total $(post vcpus .pf_taken)" \
	awk -v v="$v" -v t="$(post vcpus .pf_taken)" 'BEGIN { split(v, a, " "); exit !(a[1] >= 2 && a[2] == t && a[3] > 0) }'
nodes=$(ls -d /sys/devices/system/node/node[0-9]* 2>/dev/null | wc -l)
if [ "$nodes" -lt 2 ]; then
	check numa_skips "numa on $nodes node(s): result $(sc numa .result), reason '$(sc numa .skip_reason)'" \
		[ "$(sc numa .result) $(sc numa .skip_reason | grep -c NUMA)" = "skip 1" ]
else
	check numa_runs "numa: $(sc numa .result)" [ "$(sc numa .result)" = pass ]
fi
slope=$(sc sweep .outcome.sweep.post_merge_faults_vs_merged_pages.slope)
check sweep_fit "sweep: fitted slope $slope faults per merged page, expected 0.9-1.1 here; $(($(wc -l < "$dir/sweep/sweep.tsv") - 1)) points" \
	awk -v s="$slope" -v n="$(wc -l < "$dir/sweep/sweep.tsv")" 'BEGIN { exit !(s >= 0.9 && s <= 1.1 && n == 8) }'
ls50=$(sc latency '.outcome.phases[] | select(.name == "steady") | .latency.cycles.p50')
lp50=$(sc latency '.outcome.phases[] | select(.name == "post-merge") | .latency.cycles.p50')
check latency_shows_faults "latency p50: steady $ls50, post-merge $lp50 cycles; expected post-merge higher, latency.tsv written" \
	[ "$lp50" -gt "$ls50" -a -s "$dir/latency/latency.tsv" ]
check ksm_running "ksm-running: $(sc ksm-running .outcome.derived.merged_pages) merged, sharing kept $(sc ksm-running .outcome.derived.sharing_kept)" \
	[ "$(sc ksm-running .outcome.derived.sharing_kept)" = true ]
scripts/plot --out "$WORK/plots" "$dir/latency" "$dir/sweep" > /dev/null 2>&1
check latency_sweep_plots "scripts/plot drew: $(ls "$WORK/plots" 2>/dev/null | tr '\n' ' ')" \
	[ -s "$WORK/plots/latency.png" -a -s "$WORK/plots/sweep.png" -a -s "$WORK/plots/sweep.svg" ]
check knobs_restored "knobs differ after the suite: $(diff <(echo "$before") <(knobs_snapshot) | tr '\n' ' ')" \
	[ "$before" = "$(knobs_snapshot)" ]

# Every scenario fails midway (a merge that cannot finish in 1 s): each
# one's cleanup restores the host and the suite goes on to the next.
$KSMEXIT suite --pages 4096 --max-pages 2048 --merge-timeout 1 --pages-to-scan 1 \
	--sleep-ms 50 --trace off --sample-hz 0 --results-dir "$WORK/f" > "$WORK/fout" 2>&1
rc=$?
failed=$(grep -c '^not ok' "$WORK/fout")
check failing_suite_reports_all "exit $rc, $failed of 14 scenarios not ok (numa skips), expected exit 1 and 13" \
	[ "$rc:$failed" = 1:13 ]
check failing_suite_restores "knobs differ after the failing suite: $(diff <(echo "$before") <(knobs_snapshot) | tr '\n' ' ')" \
	[ "$before" = "$(knobs_snapshot)" -a ! -s /run/ksmexit/state ]
finish
