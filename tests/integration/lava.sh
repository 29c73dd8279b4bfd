# ksmexit under the real LAVA dispatcher, offline (scripts/lava): Debian's
# lava-dispatcher runs a job that boots 6.1 (built by tests/integration/
# ab.sh, or cached) under QEMU with emulated SVM+NPT and runs the test
# definition; the cases come back from LAVA's log with their
# measurements: about one fault per merged page, none for the control.  A
# deliberately failing case (--expect patched on the unpatched kernel)
# comes back from LAVA as fail, and the run says so.  Nothing is left in
# LAVA's temporary directory, and no QEMU.
# time limit: 600 s
source "$(dirname "$0")/lib.bash"
plain_pass_only
[ "$(id -u)" -eq 0 ] || skip_all "needs root (lava-run, install)"
kdir=$(KSMEXIT_CACHE_ONLY=1 scripts/kernel/build debian-6.1 2> /dev/null) ||
	skip_all "debian-6.1 not built yet (tests/integration/ab.sh builds it)"
ktap_plan 9

scripts/lava --kernels debian-6.1 --pages 1024 --cached-only --out "$WORK/ok" > "$WORK/ok.log" 2>&1
rc=$?
check job_passes "scripts/lava exited $rc: $(tail -n 3 "$WORK/ok.log" | tr '\n' ' ')" [ $rc -eq 0 ]
t=$WORK/ok/lava-results.tsv
value() { awk -F'\t' -v c="$1" '$2 == "ksmexit" && $3 == c { print $5 }' "$t" 2> /dev/null; }
result() { awk -F'\t' -v d="$1" -v c="$2" '$2 == d && $3 == c { print $4 }' "$t" 2> /dev/null; }
check lava_job_complete "LAVA's job result: '$(result lava job)'" [ "$(result lava job)" = pass ]
fpmp=$(value read.faults_per_merged_page)
check unpatched_faults_from_lava "read.faults_per_merged_page from LAVA: '$fpmp', expected >= 0.9" ge "${fpmp:-0}" 0.9
check units_from_lava "read.faults_per_merged_page units: '$(awk -F'\t' '$3 == "read.faults_per_merged_page" { print $6 }' "$t")'" \
	[ "$(awk -F'\t' '$3 == "read.faults_per_merged_page" { print $6 }' "$t")" = faults/page ]
control=$(value read_control.post_merge_faults)
check control_no_faults "read_control.post_merge_faults from LAVA: '$control', expected 0" [ "$control" = 0 ]
check exits_from_lava "read.tdp_fault_exits from LAVA: '$(value read.tdp_fault_exits)', expected >= 90% of $(value read.merged_pages)" \
	ge "$(value read.tdp_fault_exits)" "$(awk -v m="$(value read.merged_pages)" 'BEGIN { print 0.9 * (m ? m : 1) }')"

scripts/lava --kernels debian-6.1 --pages 1024 --cached-only --expect patched --out "$WORK/bad" > "$WORK/bad.log" 2>&1
rc=$?
t=$WORK/bad/lava-results.tsv
check expectation_fails_in_lava "read.expectation came back '$(result ksmexit read.expectation)', expected fail" \
	[ "$(result ksmexit read.expectation)" = fail ]
check failing_case_fails_the_run "exit $rc: $(grep FAILED "$WORK/bad.log")" \
	bash -c "[ $rc -eq 1 ] && grep -q 'FAILED: debian-6.1: lava-test-case reported failing cases: read.expectation read ; log $WORK/bad/debian-6.1/lava.log' '$WORK/bad.log'"
left=$(ls /var/lib/lava/dispatcher/tmp 2> /dev/null; pgrep -af "qemu-system.*lava/dispatcher")
check nothing_left_behind "left behind: $left" [ -z "$left" ]
finish
