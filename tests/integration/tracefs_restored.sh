# After any run tracefs is as it was: mounted or not, no event enabled,
# no trace file changed; also after SIGTERM in the middle of a run.
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
[ -d $TRACEFS ] || skip_all "no $TRACEFS mount point (CONFIG_TRACING=n)"
ktap_plan 4

was_mounted=no
tracefs_mounted && was_mounted=yes
restore_mount() {
	if [ $was_mounted = yes ]; then tracefs_mounted || mount -t tracefs nodev $TRACEFS
	else ! tracefs_mounted || umount $TRACEFS; fi
}
trap 'restore_mount; rm -rf "$WORK"' EXIT

for state in unmounted mounted; do
	if [ $state = unmounted ]; then ! tracefs_mounted || umount $TRACEFS
	else tracefs_mounted || mount -t tracefs nodev $TRACEFS; fi
	before=$(tracefs_snapshot)
	$KSMEXIT --trace pages --results-dir "$WORK/r" > /dev/null 2>&1
	check "$state-after-run" "tracefs was '$before', is '$(tracefs_snapshot)'" \
		[ "$before" = "$(tracefs_snapshot)" ]
done

! tracefs_mounted || umount $TRACEFS
before=$(tracefs_snapshot)
$KSMEXIT --trace pages --pages-to-scan 200 --sleep-ms 20 --results-dir "$WORK/r" > /dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do tracefs_mounted && break; sleep 0.05; done
check mounted-during-run "ksmexit did not mount tracefs for its run" tracefs_mounted
sleep 0.3
kill -TERM $pid
wait $pid
check unmounted-after-sigterm "after SIGTERM tracefs is '$(tracefs_snapshot)', was '$before'" \
	[ "$before" = "$(tracefs_snapshot)" ]
finish
