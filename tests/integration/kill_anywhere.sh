# Crash safety: 50 runs killed at random points of every phase, half with
# SIGTERM (the run restores on its way out), half with SIGKILL (the state
# file under /run lets `ksmexit --recover` restore).  After each, the KSM
# knobs and tracefs are as they were and no process holds /dev/kvm.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
KILLS=${KILLS:-50}
ktap_plan 4

was_mounted=no
tracefs_mounted && was_mounted=yes
knobs=$(knobs_snapshot)
trace=$(tracefs_snapshot)

# How long one run takes here, so kill times spread over all its phases.
t0=$(date +%s%N)
$KSMEXIT --results-dir "$WORK/r" > /dev/null 2>&1
run_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "# one run takes $run_ms ms; killing at random points in it"

bad_knobs=0 bad_trace=0 bad_kvm=0 phases=""
for i in $(seq "$KILLS"); do
	sig=TERM
	[ $((i % 2)) -eq 0 ] && sig=KILL
	delay_ms=$(( RANDOM % run_ms ))
	$KSMEXIT --results-dir "$WORK/r" > /dev/null 2> "$WORK/err" &
	pid=$!
	sleep "$(awk -v ms=$delay_ms 'BEGIN { printf "%.3f", ms / 1000 }')"
	# The phase it is in, from what the run has changed so far.
	phase=$(cat $KSM/run)$(cat $KSM/pages_to_scan)
	kill -$sig $pid 2> /dev/null
	wait $pid 2> /dev/null
	[ $sig = KILL ] && $KSMEXIT --recover > /dev/null 2>&1
	phases="$phases $phase"
	[ "$knobs" = "$(knobs_snapshot)" ] ||
		{ bad_knobs=$((bad_knobs + 1)); echo "# kill $i (SIG$sig at $delay_ms ms): knobs differ"; }
	[ "$trace" = "$(tracefs_snapshot)" ] ||
		{ bad_trace=$((bad_trace + 1)); echo "# kill $i (SIG$sig at $delay_ms ms): tracefs differs"; }
	ls -l /proc/[0-9]*/fd 2> /dev/null | grep -q ' -> /dev/kvm$' &&
		{ bad_kvm=$((bad_kvm + 1)); echo "# kill $i: a process still holds /dev/kvm"; }
done
during_merge=$(echo "$phases" | tr ' ' '\n' | grep -c '^1')
echo "# $KILLS kills, $during_merge of them while KSM ran (the merge)"

check knobs_restored "$bad_knobs of $KILLS kills left KSM knobs changed" [ $bad_knobs -eq 0 ]
check tracefs_restored "$bad_trace of $KILLS kills left tracefs changed" [ $bad_trace -eq 0 ]
check no_kvm_holders "$bad_kvm kills left /dev/kvm held" [ $bad_kvm -eq 0 ]
check some_kills_mid_merge "no kill landed in the merge phase; the spread is wrong" [ "$during_merge" -gt 0 ]
[ $was_mounted = yes ] || ! tracefs_mounted || umount $TRACEFS
finish
