# Bad input is a usage error (exit 2) that changes nothing on the host;
# without root the run skips (exit 4) and says why.
source "$(dirname "$0")/lib.bash"
ktap_plan 5

before=$(knobs_snapshot)
bad=0
for args in "--pages 12" "--size 3X" "--stride 100" "--expect maybe" "--no-ksm --expect patched" "stray"; do
	$KSMEXIT $args --results-dir "$WORK/bad" > /dev/null 2> "$WORK/err"
	rc=$?
	[ $rc -eq 2 ] || { echo "# '$args' exited $rc, expected 2"; bad=1; }
done
check usage_errors_exit_2 "some bad options did not exit 2" [ $bad -eq 0 ]
check usage_error_names_option "stderr for a stray argument: $(cat "$WORK/err")" grep -q "stray" "$WORK/err"
check nothing_written "a results directory was created for bad input" [ ! -e "$WORK/bad" ]
check knobs_untouched "knobs changed by bad input" [ "$before" = "$(knobs_snapshot)" ]

if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups $KSMEXIT --results-dir "$WORK/nobody" > "$WORK/out" 2>&1
	rc=$?
	check non_root_skips "as nobody: exit $rc, output '$(head -c 200 "$WORK/out")', expected exit 4 naming root" \
		bash -c "[ $rc -eq 4 ] && grep -q root '$WORK/out'"
else
	skip non_root_skips "needs root and setpriv to drop privileges"
fi
finish
