# KSM knobs are byte-identical before and after a run, also when the run
# is interrupted by SIGINT or SIGTERM in the middle of the merge.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
ktap_plan 6

before=$(knobs_snapshot)
$KSMEXIT --results-dir "$WORK/r" > /dev/null 2>&1
check normal_run_restores "knobs differ after a normal run: $(diff <(echo "$before") <(knobs_snapshot) | tr '\n' ' ')" \
	[ "$before" = "$(knobs_snapshot)" ]

for sig in INT TERM; do
	# A slow scan (200 pages per 20 ms) keeps the run in its merge phase.
	$KSMEXIT --pages-to-scan 200 --sleep-ms 20 --results-dir "$WORK/r" > /dev/null 2> "$WORK/err" &
	pid=$!
	for _ in $(seq 100); do
		[ "$(cat $KSM/run)" = 1 ] && break
		sleep 0.05
	done
	sleep 0.3
	during=$(cat $KSM/pages_to_scan)
	kill -$sig $pid
	wait $pid
	rc=$?
	check "sig$sig-hit-merge" "pages_to_scan was $during when SIG$sig was sent, expected 200 (the run's merge value)" \
		[ "$during" = 200 ]
	check "sig$sig-restores" "after SIG$sig (exit $rc) knobs differ: $(diff <(echo "$before") <(knobs_snapshot) | tr '\n' ' ')" \
		[ "$before" = "$(knobs_snapshot)" ]
done
check no_kvm_left "processes still hold /dev/kvm" \
	bash -c '! ls -l /proc/[0-9]*/fd 2>/dev/null | grep -q " -> /dev/kvm$"'
finish
