# --trace pages at the default size: every post-merge fault tied to the
# guest page it hit.  On this machine at least 99% of post-merge faults
# fall on merged pages and at least 99% of merged pages take exactly one;
# the control takes no fault on the data slot.  Silent events are "n/a"
# with a reason, never 0.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
ktap_plan 7

$KSMEXIT --trace pages --results-dir "$WORK/ksm" > "$WORK/out" 2> "$WORK/err"
rc=$?
r=$(result_of "$WORK/ksm")/result.json
a=$(json "$r" .trace.attribution)
[ "$a" != null ] || echo "# attribution missing: $(json "$r" .trace.attribution_note) $(json "$r" .trace.why_off)"
faults=$(json "$r" '.trace.attribution.faults // 0')
on_merged=$(json "$r" '.trace.attribution.on_merged // 0')
merged=$(json "$r" '.trace.attribution.merged_pages // 0')
once=$(json "$r" '.trace.attribution.merged_faulted_once // 0')

check exit_code "ksmexit --trace pages exited $rc; stderr: $(tail -c 300 "$WORK/err")" [ "$rc" -eq 0 ]
check faults_seen "attribution saw $faults faults, pf_taken was $(json "$r" '.phases[3].pf_taken')" \
	[ "$faults" -gt 0 ]
check faults_on_merged_99 "$on_merged of $faults post-merge faults on merged pages, expected >= 99%" \
	ge "$on_merged" "$(awk -v f="$faults" 'BEGIN { print 0.99 * f }')"
check merged_once_99 "$once of $merged merged pages took exactly one fault, expected >= 99%" \
	ge "$once" "$(awk -v m="$merged" 'BEGIN { print 0.99 * m }')"

# Every event is either counted or n/a with a reason; none is a bare 0 while silent.
bad=$(jq -r '.trace.events | to_entries[] |
	select(.value.available and .value.na_reason == null) | .key' "$r" |
	while read -r ev; do
		jq -e --arg ev "$ev" '[.phases[] | .trace.events[$ev] | select(. != null)] | length > 0' "$r" > /dev/null || echo "$ev"
	done)
check counted_or_na "events neither counted nor n/a: $bad" [ -z "$bad" ]
# kvm_exit: n/a with a reason and no table, or a table of real reasons.
na=$(json "$r" '.trace.events["kvm:kvm_exit"].na_reason')
reasons=$(json "$r" '.phases[3].trace.exit_reasons | tostring')
one_of=no
{ [ "$na" != null ] && [ "$reasons" = null ]; } && one_of=yes
{ [ "$na" = null ] && [ "$reasons" != null ]; } && one_of=yes
check exit_reasons_rendered "kvm_exit na_reason '$na' with exit_reasons '$reasons': expected exactly one" \
	[ $one_of = yes ]

$KSMEXIT --no-ksm --trace pages --results-dir "$WORK/ctl" > /dev/null 2> "$WORK/err"
c=$(result_of "$WORK/ctl")/result.json
on_data=$(json "$c" '(.trace.attribution.on_merged // -1) + (.trace.attribution.on_unmerged // -1)')
check control_no_data_faults "control: $on_data post-merge faults on the data slot, expected 0" [ "$on_data" = 0 ]
finish
