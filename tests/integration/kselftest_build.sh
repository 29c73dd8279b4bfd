# The kselftest stands on a selftests tree alone: it includes only the
# tree's KVM selftests headers, builds against Debian's packaged 6.1
# library for x86_64 and (cross-built) aarch64, and against 6.12's where
# that source is cached, without modifying the tree; installs for
# run_kselftest.sh; 6.12's checkpatch.pl --strict finds nothing; its
# patch series applies with git am to a copy of 6.12's tools/ and that
# tree's own Makefile builds it for both architectures; and on a
# kvm_pvm host it skips (exit 4) saying why: its guest runs at CPL0,
# which kvm_pvm emulates.
source "$(dirname "$0")/lib.bash"
[ -r /usr/src/linux-source-6.1.tar.xz ] || skip_all "linux-source-6.1 not installed"
command -v rsync > /dev/null || skip_all "rsync missing (headers_install needs it)"
ktap_plan 9
src=kselftest/ksm_read_after_merge_test.c

ours=$(grep -o '^#include "[^"]*"' "$src" | sort | tr '\n' ' ')
check includes_only_the_tree "$ours" \
	[ "$ours" = '#include "kvm_util.h" #include "processor.h" #include "test_util.h" #include "ucall_common.h" ' ]

scripts/kselftest-build "" "$WORK/ks" > "$WORK/build.log" 2>&1
rc=$?
check builds_x86_64 "kselftest-build exited $rc: $(grep -i 'error\|warning' "$WORK/build.log" | head -n 3 | tr '\n' ' ')" \
	bash -c "[ $rc -eq 0 ] && ! grep -qi 'warning:' '$WORK/build.log'"
check installed "no run_kselftest.sh layout" \
	grep -qx 'kvm:ksm_read_after_merge_test' "$WORK/ks/install/kselftest-list.txt"
if command -v aarch64-linux-gnu-gcc > /dev/null; then
	scripts/kselftest-build --arch arm64 "" "$WORK/ksa" > "$WORK/builda.log" 2>&1
	rc=$?
	check builds_aarch64 "kselftest-build --arch arm64 exited $rc: $(grep -i 'error\|warning' "$WORK/builda.log" | head -n 3 | tr '\n' ' ')" \
		bash -c "[ $rc -eq 0 ] && readelf -h '$WORK/ksa/install/kvm/ksm_read_after_merge_test' | grep -q 'Machine:.*AArch64'"
else
	skip builds_aarch64 "gcc-aarch64-linux-gnu not installed (make test installs it)"
fi
tree=${KSMEXIT_CACHE:-/var/cache/ksmexit}/src-$(dpkg-query -W -f='${Version}' linux-source-6.1)
changed=$(find "$tree" -newer "$tree/Makefile" -type f 2> /dev/null | head -n 3)
check tree_untouched "files written into $tree: $changed" [ -z "$changed" ]

# 6.12: its library and its checkpatch, where its source is cached (the matrix unpacks it).
t612=$(ls -d "${KSMEXIT_CACHE:-/var/cache/ksmexit}"/kernels/src/linux-6.12.* 2> /dev/null | head -n 1)
if [ -n "$t612" ]; then
	scripts/kselftest-build "$t612" "$WORK/ks612" > "$WORK/build612.log" 2>&1
	rc=$?
	check builds_on_6_12 "against $t612: exit $rc: $(tail -n 2 "$WORK/build612.log" | tr '\n' ' ')" [ $rc -eq 0 ]
	perl "$t612/scripts/checkpatch.pl" --strict --no-tree -f "$src" > "$WORK/checkpatch" 2>&1
	check checkpatch_strict_clean "$(grep '^total:' "$WORK/checkpatch")" \
		grep -q '^total: 0 errors, 0 warnings, 0 checks' "$WORK/checkpatch"
	scripts/kselftest-series --check "$t612" "$WORK/series" > "$WORK/series.log" 2>&1
	rc=$?
	check series_applies_and_builds "kselftest-series --check exited $rc: $(tail -n 3 "$WORK/series.log" | tr '\n' ' ')" \
		bash -c "[ $rc -eq 0 ] && [ \$(grep -c 'git am applied' '$WORK/series.log') -eq 2 ] &&
			! grep -q 'ARM64_TABLE\|SUBJECT HERE\|BLURB HERE' '$WORK/series/0000-cover-letter.patch'"
else
	skip builds_on_6_12 "no 6.12 source cached (scripts/kernel/build debian-6.12 unpacks it)"
	skip checkpatch_strict_clean "no 6.12 source cached for its checkpatch.pl"
	skip series_applies_and_builds "no 6.12 source cached to apply the series to"
fi

"$WORK/ks/install/kvm/ksm_read_after_merge_test" > "$WORK/out" 2>&1
rc=$?
if [ -d /sys/module/kvm_pvm ]; then
	check skips_on_kvm_pvm "exit $rc, output: $(head -c 300 "$WORK/out")" \
		bash -c "[ $rc -eq 4 ] && grep -q 'kvm_pvm' '$WORK/out'"
else
	check runs "exit $rc (0 pass, 4 skip expected): $(tail -c 300 "$WORK/out")" \
		bash -c "[ $rc -eq 0 ] || [ $rc -eq 4 ]"
fi
finish
