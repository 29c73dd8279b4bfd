# Bad input and faults in the kernel matrix: an unknown kernel spec, a
# path that is not a kernel tree, a tree built in place, a file that is
# not a bzImage, a tree whose build fails, a patch that does not apply, a
# patch set that does not exist (a usage error before anything runs), a
# kernel that hangs (a boot image that loops forever) or panics (no
# /init) each end that kernel's cells with an error naming the kernel and
# its log, the other cells still run, and no half-written cell is left
# behind.
# time limit: 900 s
source "$(dirname "$0")/lib.bash"
plain_pass_only
require_kvm_ksm
ktap_plan 13

status() { cut -f"$2" "$WORK/$1/status" 2> /dev/null; }

# A fake kernel tree whose configuration fails, and one built in place.
mkdir -p "$WORK/badtree" "$WORK/inplace" "$WORK/notatree"
printf 'VERSION = 6\nPATCHLEVEL = 99\n%%:\n\t@echo no such target; exit 1\n' > "$WORK/badtree/Makefile"
touch "$WORK/badtree/Kconfig"
cp "$WORK/badtree/Makefile" "$WORK/badtree/Kconfig" "$WORK/inplace/"
touch "$WORK/inplace/.config"
head -c 4096 /dev/urandom > "$WORK/not.bzImage"
# A file with the boot header, whose modules directory does not exist.
{ head -c 514 /dev/zero; printf HdrS; head -c 1024 /dev/zero; } > "$WORK/hdrs.bzImage"

KSMEXIT_CACHE=$WORK/cache scripts/matrix --kernels "nonsense,tree=$WORK/notatree,tree=$WORK/inplace,image=$WORK/not.bzImage,tree=$WORK/badtree,image=$WORK/hdrs.bzImage,modules=$WORK/nomodules" \
	--cpu amd --mmu tdp --pages 1024 --out "$WORK/m" > "$WORK/m.log" 2>&1
rc=$?
check bad_kernels_exit_1 "matrix exited $rc, expected 1 (cells failed): $(tail -n 3 "$WORK/m.log" | tr '\n' ' ')" [ $rc -eq 1 ]
cells=$WORK/m/cells
check unknown_spec "cell: '$(status m/cells/nonsense/tdp 2)'" \
	bash -c "grep -q \"unknown kernel spec 'nonsense'.*log $cells/build-nonsense.log\" '$cells/nonsense/tdp/status'"
check not_a_tree "cell: '$(status m/cells/tree-notatree/tdp 2)'" \
	grep -q 'not a kernel tree' "$cells/tree-notatree/tdp/status"
check tree_built_in_place "cell: '$(status m/cells/tree-inplace/tdp 2)'" \
	grep -q 'has a .config.*make mrproper' "$cells/tree-inplace/tdp/status"
check not_a_bzimage "cell: '$(status m/cells/image-not.bzImage/tdp 2)'" \
	grep -q 'not a bzImage' "$cells/image-not.bzImage/tdp/status"
check failing_build "cell: '$(status m/cells/tree-badtree/tdp 2)'" \
	bash -c "grep -q 'configuring failed.*log $cells/build-tree-badtree.log' '$cells/tree-badtree/tdp/status'"
check image_with_modules_is_one_spec "cell: '$(status m/cells/image-hdrs.bzImage/tdp 2)'" \
	grep -q "modules=$WORK/nomodules: no such directory" "$cells/image-hdrs.bzImage/tdp/status"
check other_cells_ran "host cell '$(status m/cells/host/native 1)', rows $(grep -c host "$WORK/m/matrix.tsv")" \
	bash -c "[ \"\$(cut -f1 '$cells/host/native/status')\" = ok ] && [ \"\$(grep -cP '^host\t' '$WORK/m/matrix.tsv')\" -eq 2 ]"
check nothing_half_written "left: $(find "$WORK/m" -name '*.tmp')" [ -z "$(find "$WORK/m" -name '*.tmp')" ]

# A patch that does not apply to Debian's 6.1.
if [ -r /usr/src/linux-source-6.1.tar.xz ]; then
	mkdir -p "$WORK/badpatches/change_pte"
	printf -- '--- a/mm/ksm.c\n+++ b/mm/ksm.c\n@@ -1,1 +1,1 @@\n-no such line\n+nor this\n' > "$WORK/badpatches/change_pte/0001-bad.patch"
	KSMEXIT_PATCHES=$WORK/badpatches scripts/kernel/build debian-6.1+change_pte > /dev/null 2> "$WORK/patch.err"
	rc=$?
	check patch_does_not_apply "build exited $rc: $(tail -n 2 "$WORK/patch.err" | tr '\n' ' ')" \
		bash -c "[ $rc -eq 1 ] && grep -q 'change_pte/0001-bad.patch does not apply' '$WORK/patch.err'"
else
	skip patch_does_not_apply "linux-source-6.1 not installed"
fi

# A kernel that hangs: a bzImage (boot protocol 2.02, so QEMU loads it
# with an initramfs) whose entry point is "jmp ." never finishes, on any
# machine.  A real kernel with a short timeout did finish on a fast one.
{ head -c 512 /dev/zero; printf '\xeb\xfeHdrS\x02\x02'; head -c 4096 /dev/zero; } > "$WORK/hang.bzImage"
KSMEXIT_CACHE=$WORK/cache scripts/matrix --kernels "image=$WORK/hang.bzImage" --cpu amd --mmu tdp --pages 1024 --timeout 5 --no-host \
	--out "$WORK/h" > "$WORK/h.log" 2>&1
cell=$WORK/h/cells/image-hang.bzImage/tdp
left=$(pgrep -af "qemu-system.*$WORK")
check hang_times_out "cell: '$(cut -f2 "$cell/status" 2> /dev/null)', left: $left" \
	bash -c "grep -q 'timed out after 5s; console: $cell/console.log' '$cell/status' && [ -z '$left' ]"

# A kernel that panics (no /init).
kdir=$(KSMEXIT_CACHE_ONLY=1 scripts/kernel/build debian-6.1 2> /dev/null)
if [ -n "$kdir" ]; then
	mkdir -p "$WORK/empty"
	(cd "$WORK/empty" && echo . | cpio -o -H newc --quiet) > "$WORK/noinit.cpio"
	scripts/kernel/boot "$kdir" "$WORK/noinit.cpio" tdp "$WORK/p" 120 2> "$WORK/p.err"
	rc=$?
	check panic_named "boot exited $rc: $(cat "$WORK/p.err")" \
		bash -c "[ $rc -eq 1 ] && grep -q 'kernel panic: .*console: $WORK/p/console.log' '$WORK/p.err'"
else
	skip panic_named "debian-6.1 not built yet (tests/integration/ab.sh builds it)"
fi
finish
