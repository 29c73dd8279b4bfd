# Results on a full disk: the run ends with an error naming the file it
# could not write, and leaves no truncated result.json (files are written
# to a temporary name and renamed only when complete).
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
ktap_plan 3

mkdir -p "$WORK/full"
mount -t tmpfs -o size=12k tmpfs "$WORK/full" || skip_all "cannot mount a small tmpfs"
trap 'umount "$WORK/full" 2> /dev/null; rm -rf "$WORK"' EXIT

$KSMEXIT --results-dir "$WORK/full" > "$WORK/out" 2> "$WORK/err"
rc=$?
check fails "a run whose results do not fit exited $rc, expected 1" [ $rc -eq 1 ]
check names_path "stderr: '$(tail -c 300 "$WORK/err")', expected the file and 'No space left'" \
	bash -c "grep -q 'writing .*/result.json failed: No space left' '$WORK/err' || grep -q 'writing .*failed: No space left' '$WORK/err'"
partial=$(find "$WORK/full" -type f \( -name 'result.json' -o -name '.*.tmp' \) -size -1M | head -n 3)
complete=yes
for f in $(find "$WORK/full" -name result.json); do jq -e . "$f" > /dev/null 2>&1 || complete=no; done
check no_truncated_file "left behind: '$partial' (a result.json, if any, must be whole: $complete)" \
	bash -c "[ -z \"\$(find '$WORK/full' -name '.*.tmp')\" ] && [ $complete = yes ]"
finish
