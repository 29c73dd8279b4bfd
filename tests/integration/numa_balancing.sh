# Automatic NUMA balancing unmaps a task's pages to sample them, which
# would add faults KSM did not cause and stall the merge (found under
# Debian's 6.1 with two NUMA nodes: 256 to 2048 of 4096 pages merged, every
# page faulting after the merge).  A run turns it off, records what it
# found in result.json, and puts it back after a normal end, after
# SIGTERM, and (through the crash state) after SIGKILL.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
knob=/proc/sys/kernel/numa_balancing
[ -w $knob ] || skip_all "$knob missing or read-only (no CONFIG_NUMA_BALANCING)"
orig=$(cat $knob)
trap 'echo "$orig" > $knob; rm -rf "$WORK"' EXIT
ktap_plan 6
echo 1 > $knob

# A slow scan (200 pages per 20 ms) keeps the run in its merge phase.
slow_run() { $KSMEXIT --pages-to-scan 200 --sleep-ms 20 --results-dir "$WORK/$1" > /dev/null 2> "$WORK/$1.err" & pid=$!; }
wait_merge() {
	for _ in $(seq 100); do
		[ "$(cat $KSM/pages_to_scan)" = 200 ] && break
		sleep 0.05
	done
}

$KSMEXIT --pages 1024 --results-dir "$WORK/plain" > /dev/null 2>&1
was=$(jq -r .host_state.numa_balancing_was "$WORK"/plain/*/result.json 2> /dev/null)
check result_says_what_was_found "host_state.numa_balancing_was '$was', expected 1" [ "$was" = 1 ]
check normal_end_restores "after a normal run $knob is $(cat $knob), expected 1" [ "$(cat $knob)" = 1 ]

slow_run term
wait_merge
during=$(cat $knob)
kill -TERM $pid
wait $pid
check off_during_the_run "$knob was $during during the merge, expected 0" [ "$during" = 0 ]
check sigterm_restores "after SIGTERM $knob is $(cat $knob), expected 1" [ "$(cat $knob)" = 1 ]

slow_run kill
wait_merge
kill -KILL $pid
wait $pid 2> /dev/null
after_kill=$(cat $knob)
$KSMEXIT --recover > /dev/null 2> "$WORK/recover.err"
check sigkill_leaves_it_off "$knob is $after_kill right after SIGKILL, expected 0 (else the recovery below proves nothing)" \
	[ "$after_kill" = 0 ]
check recover_restores "after --recover $knob is $(cat $knob), expected 1: $(tr '\n' ' ' < "$WORK/recover.err")" \
	[ "$(cat $knob)" = 1 ]
finish
