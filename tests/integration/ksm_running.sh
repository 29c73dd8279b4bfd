# KSM already running when ksmexit starts (as virtualization hosts run
# it): the figures are those of a start with run=0 (one post-merge fault
# per merged page on this host, none in the steady pass), every check
# passes, and the knobs are as found afterwards, KSM still running.  Also:
# a measurement perturbed on purpose fails with the message that says so,
# and a run whose /run is read-only measures and says where its lock went.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
PAGES=4096

original=$(knobs_snapshot)
restore_original() {	# the host as this test found it, on every exit
	echo 0 > $KSM/run
	[ -w $KSM/advisor_mode ] && echo none > $KSM/advisor_mode
	echo "$pts0" > $KSM/pages_to_scan
	[ -w $KSM/smart_scan ] && echo "$smart0" > $KSM/smart_scan
	[ -w $KSM/advisor_mode ] && echo "$advisor0" > $KSM/advisor_mode
	echo "$sleep0" > $KSM/sleep_millisecs
	echo "$run0" > $KSM/run
	[ -n "$made_shm" ] && rm -rf /dev/shm/ksmexit
	rm -rf "$WORK"
}
run0=$(cat $KSM/run) pts0=$(cat $KSM/pages_to_scan) sleep0=$(cat $KSM/sleep_millisecs)
smart0=$(cat $KSM/smart_scan 2>/dev/null)
advisor0=$(sed -n 's/.*\[\(.*\)\].*/\1/p' $KSM/advisor_mode 2>/dev/null)
made_shm=""; [ -e /dev/shm/ksmexit ] || made_shm=1
trap restore_original EXIT

# setting: "run pages_to_scan sleep_millisecs [smart_scan [advisor_mode]]"
settings=("0 100 20" "1 100 20" "1 20000 10")
if [ -w $KSM/smart_scan ]; then
	settings+=("1 20000 10 0" "1 20000 10 1")
	[ -w $KSM/advisor_mode ] && settings+=("1 100 20 1 scan-time")
fi
ktap_plan $((${#settings[@]} * 4 + 6))

# The scan-time advisor owns pages_to_scan: it is set while the advisor is
# off, and it is not compared after a run with the advisor on.
apply() {	# run pages_to_scan sleep_millisecs [smart_scan [advisor_mode]]
	echo 0 > $KSM/run
	[ -w $KSM/advisor_mode ] && echo none > $KSM/advisor_mode
	echo "$2" > $KSM/pages_to_scan
	[ -n "${4:-}" ] && echo "$4" > $KSM/smart_scan
	[ -n "${5:-}" ] && echo "$5" > $KSM/advisor_mode
	echo "$3" > $KSM/sleep_millisecs
	echo "$1" > $KSM/run
}
knobs_compared() {	# advisor_mode: the knobs the advisor does not tune
	if [ "${1:-none}" = none ]; then knobs_snapshot; else knobs_snapshot | grep -v '^pages_to_scan='; fi
}

for s in "${settings[@]}"; do
	# shellcheck disable=SC2086
	apply $s
	name=$(echo "$s" | tr ' ' _)
	advisor=$(echo "$s" | cut -d' ' -f5)
	before=$(knobs_compared "$advisor")
	$KSMEXIT --pages $PAGES --results-dir "$WORK/$name" > "$WORK/$name.out" 2>&1
	rc=$?
	r=$(result_of "$WORK/$name")/result.json
	fpm=$(json "$r" .derived.faults_per_merged_page)
	steady=$(json "$r" '.phases[] | select(.name == "steady") | .pf_taken')
	check "ksm_$name-passes" "exit $rc, expected 0: $(grep 'check.*FAIL\|ksmexit:' "$WORK/$name.out" | tr '\n' ' ')" \
		[ "$rc" -eq 0 ]
	check "ksm_$name-one_fault_per_page" "faults per merged page $fpm, expected 1.0 (as with run=0 at start)" \
		[ "$fpm" = 1 ]
	check "ksm_$name-steady_clean" "steady pass took $steady faults, expected 0" \
		[ "$steady" = 0 ]
	check "ksm_$name-knobs_as_found" "knobs after the run differ: $(diff <(echo "$before") <(knobs_compared "$advisor") | tr '\n' ' ')" \
		[ "$before" = "$(knobs_compared "$advisor")" ]
done

# Perturbed on purpose: the failure must say what was seen and why.
apply 1 20000 10
with_faults early-mergeable $KSMEXIT --pages $PAGES --results-dir "$WORK/early" > "$WORK/early.out" 2>&1
rc=$?
check early_merge_fails "exit $rc, expected 1 with 'measurement perturbed': $(grep steady_unperturbed "$WORK/early.out")" \
	bash -c "[ $rc -eq 1 ] && grep -q 'steady_unperturbed.*FAIL.*measurement perturbed before the merge phase: .* and [1-9][0-9]* region pages were already KSM pages' '$WORK/early.out'"
apply 0 100 20
with_faults steady-invalidate $KSMEXIT --pages $PAGES --results-dir "$WORK/inval" > "$WORK/inval.out" 2>&1
rc=$?
check steady_invalidate_fails "exit $rc, expected 1 with 'measurement perturbed': $(grep steady_unperturbed "$WORK/inval.out")" \
	bash -c "[ $rc -eq 1 ] && grep -q 'steady_unperturbed.*FAIL.*measurement perturbed before the merge phase: the steady pass took [1-9]' '$WORK/inval.out'"

# A read-only /run, in a mount namespace of its own.
unshare -m bash -c "mount -t tmpfs -o ro tmpfs /run &&
	$KSMEXIT --pages $PAGES --results-dir '$WORK/ro'" > "$WORK/ro.out" 2>&1
rc=$?
r=$(result_of "$WORK/ro")/result.json
check ro_run_measures "exit $rc, expected 0: $(tail -c 300 "$WORK/ro.out")" [ "$rc" -eq 0 ]
check ro_run_says_where "expected the note naming /dev/shm/ksmexit on stderr and in result.json, got: $(grep note "$WORK/ro.out") / $(json "$r" .host_state.dir)" \
	bash -c "grep -q 'note: run lock and crash state in /dev/shm/ksmexit (/run/ksmexit: Read-only' '$WORK/ro.out' &&
		 [ \"\$(jq -r .host_state.dir '$r')\" = /dev/shm/ksmexit ]"
check ro_run_counts "faults per merged page $(json "$r" .derived.faults_per_merged_page), expected 1" \
	[ "$(json "$r" .derived.faults_per_merged_page)" = 1 ]
restore_original
trap - EXIT
check host_as_found "knobs differ from the test's start: $(diff <(echo "$original") <(knobs_snapshot) | tr '\n' ' ')" \
	[ "$original" = "$(knobs_snapshot)" ]
finish
