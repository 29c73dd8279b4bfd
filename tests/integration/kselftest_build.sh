# The kselftest builds against the selftests library of Debian's packaged
# 6.1 tree without modifying the tree, installs for run_kselftest.sh, and
# on a kvm_pvm host skips (exit 4) saying why: its guest runs at CPL0,
# which kvm_pvm emulates.
source "$(dirname "$0")/lib.bash"
[ -r /usr/src/linux-source-6.1.tar.xz ] || skip_all "linux-source-6.1 not installed"
command -v rsync > /dev/null || skip_all "rsync missing (headers_install needs it)"
ktap_plan 5

scripts/kselftest-build "" "$WORK/ks" > "$WORK/build.log" 2>&1
rc=$?
check builds "kselftest-build exited $rc: $(tail -n 5 "$WORK/build.log" | tr '\n' ' ')" [ $rc -eq 0 ]
check installed "no run_kselftest.sh layout" \
	grep -qx 'kvm:ksm_read_after_merge_test' "$WORK/ks/install/kselftest-list.txt"
leaked=$(nm -g --defined-only "$WORK/ks/obj/ksm_helper.o" 2> /dev/null |
	awk '{ print $3 }' | grep -Ev '^(ksm_|pagemap_|cleanup_)')
check helper_exports_only_its_api "the KSM helper also exports: $leaked" \
	bash -c "[ -s '$WORK/ks/obj/ksm_helper.o' ] && [ -z '$leaked' ]"
tree=/var/cache/ksmexit/src-$(dpkg-query -W -f='${Version}' linux-source-6.1)
[ -n "${KSMEXIT_CACHE:-}" ] && tree=$KSMEXIT_CACHE/src-$(dpkg-query -W -f='${Version}' linux-source-6.1)
changed=$(find "$tree" -newer "$tree/Makefile" -type f 2> /dev/null | head -n 3)
check tree_untouched "files written into $tree: $changed" [ -z "$changed" ]

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
