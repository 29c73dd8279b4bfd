# Crash safety: 50 runs killed at random points of every phase (each phase
# in turn, a random point within it), half with
# SIGTERM (the run restores on its way out), half with SIGKILL (the state
# file under /run lets `ksmexit --recover` restore).  After each, the KSM
# knobs and tracefs are as they were and no process of the run is left.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
KILLS=${KILLS:-50}
ktap_plan 4

was_mounted=no
tracefs_mounted && was_mounted=yes
# The runs mount tracefs; as found on every way out, a timeout's included.
trap '[ $was_mounted = yes ] || ! tracefs_mounted || umount $TRACEFS; rm -rf "$WORK"' EXIT
knobs=$(knobs_snapshot)
trace=$(tracefs_snapshot)

# Kill times aim at every phase in turn: a reference run with the same
# binary gives each phase's window (ms since the run started: setup,
# warm, steady, merge, post-merge, again, teardown), and each kill picks a
# random point inside the next window.  A slower merge (2000 pages per
# 20 ms) keeps that window well above the jitter of process start.
ARGS="--pages-to-scan 2000 --sleep-ms 20"
$KSMEXIT $ARGS --results-dir "$WORK/ref" > /dev/null 2>&1
windows=$(jq -r '[0, .setup_ms] as $setup |
	([.phases[] | [.start_ms, .start_ms + .wall_ms]]) as $p |
	[$p[-1][1], .total_wall_ms] as $teardown |
	([$setup] + $p + [$teardown])[] | "\(.[0] | floor) \(.[1] | ceil)"' "$(result_of "$WORK/ref")/result.json")
mapfile -t window <<< "$windows"
names=(setup warm steady merge post-merge again teardown)
[ ${#window[@]} -eq ${#names[@]} ] || skip_all "reference run gave no phase windows"
echo "# phase windows (ms): $(for i in "${!names[@]}"; do printf '%s %s; ' "${names[$i]}" "${window[$i]}"; done)"

bad_knobs=0 bad_trace=0 bad_kvm=0 phases=""
for i in $(seq "$KILLS"); do
	sig=TERM
	[ $((i % 2)) -eq 0 ] && sig=KILL
	target=$(( (i - 1) % ${#names[@]} ))
	read -r lo hi <<< "${window[$target]}"
	delay_ms=$(( lo + RANDOM % (hi - lo + 1) ))
	# A session of its own: what is left in it after the kill, the run left
	# (other processes may hold /dev/kvm on a shared host).
	setsid $KSMEXIT $ARGS --results-dir "$WORK/r" > /dev/null 2> "$WORK/err" &
	pid=$!
	sleep "$(awk -v ms=$delay_ms 'BEGIN { printf "%.3f", ms / 1000 }')"
	# Whether KSM was running for the run at the kill, from its knobs.
	phase=$(cat $KSM/run)$(cat $KSM/pages_to_scan)
	kill -$sig $pid 2> /dev/null
	wait $pid 2> /dev/null
	[ $sig = KILL ] && $KSMEXIT --recover > /dev/null 2>&1
	phases="$phases $phase"
	[ "$knobs" = "$(knobs_snapshot)" ] ||
		{ bad_knobs=$((bad_knobs + 1)); echo "# kill $i (SIG$sig in ${names[$target]} at $delay_ms ms): knobs differ"; }
	[ "$trace" = "$(tracefs_snapshot)" ] ||
		{ bad_trace=$((bad_trace + 1)); echo "# kill $i (SIG$sig in ${names[$target]} at $delay_ms ms): tracefs differs"; }
	# Under LSan a kill during the exit's leak check outlives the run by a
	# moment: its tracer is a process of its own (clone without
	# CLONE_THREAD) that PR_SET_PDEATHSIG then ends.  Left is what stays.
	for _ in $(seq 50); do
		left=$(pgrep -s "$pid") || break
		sleep 0.1
	done
	[ -z "$left" ] ||
		{ bad_kvm=$((bad_kvm + 1)); echo "# kill $i: the run left processes: $(ps -o pid=,stat=,comm= -p "${left//$'\n'/,}" | tr '\n' ';')"; }
done
during_merge=$(echo "$phases" | tr ' ' '\n' | grep -c '^12000$')
echo "# $KILLS kills, $during_merge of them while KSM ran (the merge)"

check knobs_restored "$bad_knobs of $KILLS kills left KSM knobs changed" [ $bad_knobs -eq 0 ]
check tracefs_restored "$bad_trace of $KILLS kills left tracefs changed" [ $bad_trace -eq 0 ]
check no_process_left "$bad_kvm kills left a process of the run" [ $bad_kvm -eq 0 ]
check some_kills_mid_merge "no kill landed in the merge phase; the spread is wrong" [ "$during_merge" -gt 0 ]
finish
