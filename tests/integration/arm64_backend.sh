# The arm64 pieces: ksmexit and its payload cross-built for aarch64 (the
# payload's vector table where VBAR_EL1 will point), the kernel runner's
# arm64 usage errors, and, where the arm64 kernels are cached, a real
# A/B under qemu-system-aarch64 (VHE, 1024 pages, read-then-write): 6.1
# reads merged pages without a fault, 6.12 faults once a page, 6.1 +
# change_pte fails its data check (the write reaches the KSM page itself)
# as a kernel failure, not a cell that could not run.
# time limit: 420 s
source "$(dirname "$0")/lib.bash"
plain_pass_only
cross_backend_begin arm64 aarch64-linux-gnu 8 AArch64 3 -m aarch64
check payload_vectors_at_0x800 "payload offset 0x800 holds '$entry', expected a branch" \
	bash -c "[[ '$entry' == b\ * ]] && [ \$(stat -c %s $payload) -eq 4096 ]"

check_runner_refuses arm64 tdp arm64 'expected vhe or nvhe for arm64'

# The real thing, on cached kernels only (make arm64 builds them).
backend_matrix arm64 "make arm64" "arm64_6_1_reads_in_place arm64_6_12_faults_once arm64_change_pte_corrupts nothing_left_behind" \
	debian-6.1,debian-6.1+change_pte,debian-6.12 --cpu arm64 --mmu vhe --scenarios read-then-write
cell_field() { matrix_field "$WORK/m/matrix.tsv" "$1" read-then-write "$2"; }
f61=$(cell_field debian-6.1 post_merge_faults) f612=$(cell_field debian-6.12 post_merge_faults)
check arm64_6_1_reads_in_place "6.1: $f61 post-merge read faults, expected 0; $(tail -n 2 "$WORK/m.log" | tr '\n' ' ')" \
	[ "$f61" = 0 ]
check arm64_6_12_faults_once "6.12: $f612 post-merge read faults, expected 1024 (one per merged page)" \
	[ "$f612" = 1024 ]
verdict=$(cell_field debian-6.1+change_pte verdict)
cell_field debian-6.1+change_pte failed_checks > "$WORK/why"
check arm64_change_pte_corrupts "6.1 + change_pte: verdict '$verdict' ($(cat "$WORK/why")), expected the kernel's data check to fail" \
	bash -c "[ '$verdict' = fail ] && grep -q 'data_intact: the kernel corrupted guest memory' '$WORK/why'"
left=$(pgrep -af "qemu-system-aarch64.*$WORK")
check nothing_left_behind "left behind: $left" [ -z "$left" ]
finish
