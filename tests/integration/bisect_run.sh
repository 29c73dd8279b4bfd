# scripts/bisect-run's answers to git bisect: on matrix directories
# (--from-matrix) a patched result is good for --good patched (0) and bad
# for --good unpatched (1), and bad for both when the run failed a check
# (a kernel that corrupts guest memory); a build failure and a boot failure (simulated
# as cells that could not run) are skips (125) with the reason; a result
# gated against a baseline is good when unchanged; outside a git kernel
# tree, or in a dirty one, it stops the bisect (255) saying why.
source "$(dirname "$0")/lib.bash"
ktap_plan 9

cell() {	# dir status detail [faults_per_merged_page]
	mkdir -p "$1/cells/tree-linux/tdp"
	printf '%s\t%s\n' "$2" "$3" > "$1/cells/tree-linux/tdp/status"
	head -n 1 results/example/matrix/matrix.tsv > "$1/matrix.tsv"
	[ -z "${4:-}" ] || printf 'tree=/src/linux\t6.1.192\t-\ttdp\tSVM/NPT\tread\tread\tksm\t1024\t%s\t%s\t0\t5\t5\tpass\t%s\t1024\tamd\n' \
		"$(awk -v f="$4" 'BEGIN { print f * 1024 }')" "$4" "$1" >> "$1/matrix.tsv"
}
answer() { scripts/bisect-run --from-matrix "$@" 2> "$WORK/err"; echo $?; }

cell "$WORK/patched" ok "1 result files" 0
check patched_is_good "exit $(answer "$WORK/patched" --good patched), expected 0" \
	[ "$(answer "$WORK/patched" --good patched)" = 0 ]
check patched_is_bad_for_unpatched "exit $(answer "$WORK/patched" --good unpatched), expected 1" \
	[ "$(answer "$WORK/patched" --good unpatched)" = 1 ]
cell "$WORK/build" error "kernel tree=/src/linux: build failed; last lines of /c/build.log: ...; log /c/build-tree-linux.log"
rc=$(answer "$WORK/build" --good patched)
check build_failure_skips "exit $rc: $(cat "$WORK/err")" \
	bash -c "[ $rc = 125 ] && grep -q 'skip: kernel tree=/src/linux: build failed' '$WORK/err'"
cell "$WORK/boot" error "linux tdp: timed out after 900s; console: /c/console.log"
rc=$(answer "$WORK/boot" --good patched)
check boot_failure_skips "exit $rc: $(cat "$WORK/err")" \
	bash -c "[ $rc = 125 ] && grep -q 'skip: .*timed out after 900s' '$WORK/err'"
cell "$WORK/base" ok "1 result files" 0
check baseline_unchanged_is_good "exit $(answer "$WORK/patched" --baseline "$WORK/base/matrix.tsv")" \
	[ "$(answer "$WORK/patched" --baseline "$WORK/base/matrix.tsv")" = 0 ]
cell "$WORK/regressed" ok "1 result files" 1
check baseline_changed_is_bad "exit $(answer "$WORK/regressed" --baseline "$WORK/base/matrix.tsv")" \
	[ "$(answer "$WORK/regressed" --baseline "$WORK/base/matrix.tsv")" = 1 ]
# 0 faults, but the kernel corrupted guest memory: bad, whatever good is.
cell "$WORK/corrupt" ok "1 result files" 0
sed -i '2s/\tpass\t/\tfail\t/' "$WORK/corrupt/matrix.tsv"
rc=$(answer "$WORK/corrupt" --good patched)
check failed_checks_are_bad "exit $rc: $(cat "$WORK/err")" \
	bash -c "[ $rc = 1 ] && grep -q 'failed its checks' '$WORK/err'"

mkdir -p "$WORK/notgit"
rc=$(cd "$WORK/notgit" && "$OLDPWD/scripts/bisect-run" --good patched 2> "$WORK/err"; echo $?)
check not_a_git_tree_stops "exit $rc: $(cat "$WORK/err")" \
	bash -c "[ $rc = 255 ] && grep -q 'is not a git tree' '$WORK/err'"
mkdir -p "$WORK/dirty"
printf 'VERSION = 6\n' > "$WORK/dirty/Makefile"
touch "$WORK/dirty/Kconfig"
git -C "$WORK/dirty" init -q
git -C "$WORK/dirty" -c user.name=t -c user.email=t@t add -A
git -C "$WORK/dirty" -c user.name=t -c user.email=t@t commit -q -m init
echo "PATCHLEVEL = 1" >> "$WORK/dirty/Makefile"
rc=$(cd "$WORK/dirty" && "$OLDPWD/scripts/bisect-run" --good patched 2> "$WORK/err"; echo $?)
check dirty_tree_stops "exit $rc: $(cat "$WORK/err")" \
	bash -c "[ $rc = 255 ] && grep -q 'uncommitted changes' '$WORK/err'"
finish
