# The sampler's timeline and the charts: a default run with the sampler
# on writes timeline.tsv, whose header names every column and whose final
# pages_sharing and exit count equal result.json's totals exactly; plot
# and compare run on that run and its control and every chart they should
# make exists and is not empty.  --sample-hz 0 writes no timeline.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
command -v gnuplot > /dev/null || skip_all "gnuplot missing (Debian gnuplot-nox)"
ktap_plan 7

$KSMEXIT --results-dir "$WORK/r" > /dev/null 2> "$WORK/err"
ksm=$(result_of "$WORK/r")
$KSMEXIT --no-ksm --results-dir "$WORK/r" > /dev/null 2>> "$WORK/err"
control=$(result_of "$WORK/r")
tl=$ksm/timeline.tsv
header=$(head -n 1 "$tl" 2> /dev/null)
want=$(printf 't_ms\tphase\tpages_sharing\tpages_shared\tpages_unshared\tpages_volatile\tfull_scans\tksm_zero_pages\tself_ksm_merging_pages\tvcpu_exits\tvcpu_pf_taken')
check timeline_header "timeline header '$header'" [ "$header" = "$want" ]
last_sharing=$(tail -n 1 "$tl" | cut -f3)
last_exits=$(tail -n 1 "$tl" | cut -f10)
json_sharing=$(json "$ksm/result.json" '.phases[4].pages_sharing')
json_exits=$(json "$ksm/result.json" '[.phases[].exits] | add')
check final_pages_sharing "timeline ends with pages_sharing $last_sharing, result.json has $json_sharing" \
	[ "$last_sharing" = "$json_sharing" ]
check final_exits "timeline ends with $last_exits vCPU exits, result.json's phases add up to $json_exits" \
	[ "$last_exits" = "$json_exits" ]
check samples_recorded "result.json counts $(json "$ksm/result.json" .sampler.samples) samples, timeline has $(($(wc -l < "$tl") - 1))" \
	[ "$(json "$ksm/result.json" .sampler.samples)" -eq $(($(wc -l < "$tl") - 1)) ]

scripts/plot --out "$WORK/plots" "$ksm" "$control" > /dev/null 2>> "$WORK/err"
scripts/compare --out "$WORK/plots" "$ksm" "$control" > /dev/null 2>> "$WORK/err"
missing=""
for f in phases.png phases.svg timeline.png timeline.svg compare-faults.png compare-faults.svg \
	 compare-time.png compare-time.svg compare.md compare.tsv; do
	[ -s "$WORK/plots/$f" ] || missing="$missing $f"
done
check charts_made "missing or empty:$missing; stderr: $(tail -c 300 "$WORK/err")" [ -z "$missing" ]
check png_is_png "phases.png is not a PNG" bash -c "head -c 8 '$WORK/plots/phases.png' | grep -q PNG"

$KSMEXIT --sample-hz 0 --trace off --results-dir "$WORK/off" > /dev/null 2>&1
off=$(result_of "$WORK/off")
check sampler_off "with --sample-hz 0: timeline.tsv $( [ -e "$off/timeline.tsv" ] && echo exists || echo absent), hz $(json "$off/result.json" .sampler.hz)" \
	bash -c "[ ! -e '$off/timeline.tsv' ] && [ \"\$(jq .sampler.hz '$off/result.json')\" = 0 ]"
finish
