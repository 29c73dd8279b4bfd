# Isolation: another process's mergeable duplicate memory, merged before
# the run, is still merged and unchanged after it.  ksmexit unmerges only
# its own region and never writes run=2.  The test itself runs KSM to merge
# the bystander first, and puts the knobs back on every way out.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
BYSTANDER=${BYSTANDER:-tests/helpers/bystander}
[ -x "$BYSTANDER" ] || skip_all "$BYSTANDER not built (make test builds it)"
PAGES=4096
ktap_plan 4

saved=()
for k in run pages_to_scan sleep_millisecs; do saved+=("$k=$(cat $KSM/$k)"); done
shared0=$(cat $KSM/pages_shared)
restore() {
	local kv
	if [ -n "${BY_PID:-}" ]; then
		kill "$BY_PID" 2> /dev/null
		wait "$BY_PID" 2> /dev/null
		# ksmd drops the gone bystander's pages from its counters on its
		# next scan: let it scan (bounded) so they are as found.
		echo 1 > $KSM/run
		for _ in $(seq 50); do
			[ "$(cat $KSM/pages_shared)" -le "$shared0" ] && break
			sleep 0.1
		done
	fi
	for kv in "${saved[@]}"; do echo "${kv#*=}" > "$KSM/${kv%%=*}"; done
	rm -rf "$WORK"
}
trap restore EXIT

coproc BY { "$BYSTANDER" $PAGES; }
BY_PID=$BY_PID
read -r -t 10 ready <&"${BY[0]}"
[ "$ready" = ready ] || skip_all "bystander did not start: '$ready'"
ask() { echo count >&"${BY[1]}"; read -r -t 10 answer <&"${BY[0]}"; echo "$answer"; }

# Merge the bystander before the run (bounded: 30 s).
echo 4096 > $KSM/pages_to_scan
echo 1 > $KSM/sleep_millisecs
echo 1 > $KSM/run
for _ in $(seq 300); do
	set -- $(ask)
	[ "${1:-0}" -ge $PAGES ] && break
	sleep 0.1
done
echo 0 > $KSM/run
before=$(ask)
check merged_before "bystander: '$before' (KSM pages, intact) before the run, expected '$PAGES 1'" \
	[ "$before" = "$PAGES 1" ]

$KSMEXIT --results-dir "$WORK/r" > "$WORK/out" 2>&1
rc=$?
check run_ok "ksmexit exited $rc: $(tail -c 200 "$WORK/out")" [ $rc -eq 0 ]
after=$(ask)
check still_merged "bystander after the run: '$after', expected '$PAGES 1'" [ "$after" = "$PAGES 1" ]
check run_knob_kept "KSM run is $(cat $KSM/run) after ksmexit, the test had set 0" [ "$(cat $KSM/run)" = 0 ]
echo quit >&"${BY[1]}"
finish
