# One run at a time: while a run holds the lock, a second with --no-wait
# exits 1 at once naming the lock and touching nothing; a second without
# it says it is waiting, then runs when the first has finished.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
ktap_plan 5

knobs=$(knobs_snapshot)
# A slow scan keeps the first run in its merge for a few seconds.
$KSMEXIT --pages-to-scan 200 --sleep-ms 20 --results-dir "$WORK/a" > /dev/null 2>&1 &
a=$!
for _ in $(seq 100); do [ "$(cat $KSM/run)" = 1 ] && break; sleep 0.05; done

$KSMEXIT --no-wait --results-dir "$WORK/b" > "$WORK/b.out" 2>&1
rc=$?
check no_wait_fails "second run with --no-wait: exit $rc, '$(tail -c 200 "$WORK/b.out")'" \
	bash -c "[ $rc -eq 1 ] && grep -q '/run/ksmexit/lock' '$WORK/b.out'"
check no_wait_writes_nothing "the refused run created $WORK/b" [ ! -e "$WORK/b" ]

$KSMEXIT --results-dir "$WORK/c" > /dev/null 2> "$WORK/c.err" &
c=$!
sleep 0.5
check waits_with_message "the waiting run said: '$(head -c 200 "$WORK/c.err")'" grep -q waiting "$WORK/c.err"
wait $a; rc_a=$?
wait $c; rc_c=$?
check both_finish "first exited $rc_a, the waiting one $rc_c" [ $rc_a -eq 0 -a $rc_c -eq 0 ]
check knobs_restored "knobs after both: $(knobs_snapshot | tr '\n' ' ')" [ "$knobs" = "$(knobs_snapshot)" ]
finish
