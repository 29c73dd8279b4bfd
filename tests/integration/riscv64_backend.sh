# The riscv64 pieces: ksmexit and its payload cross-built for riscv64
# against json-c and libnuma built from Debian's sources (the trap entry
# where stvec will point), the kernel runner's riscv usage errors, and,
# where the riscv64 kernels are cached, real cells under
# qemu-system-riscv64 with the H extension (1024 pages, read-then-write
# and the stress): 6.1 reads merged pages without a fault, 6.12 faults
# once a page (both counted by the kvm_riscv_gstage_map kprobe), and the
# results say which the change_pte patch does and whether data stayed.
# time limit: 600 s
source "$(dirname "$0")/lib.bash"
plain_pass_only
cross_backend_begin riscv64 riscv64-linux-gnu 9 RISC-V 3 -m riscv:rv64
check payload_trap_entry_at_0x800 "payload offset 0x800 holds '$entry', expected csrr t0,scause" \
	[ "$entry" = "csrr t0,scause" ]

check_runner_refuses riscv vhe riscv64 'expected gstage for riscv'

# The real thing, on cached kernels only (make matrix MATRIX_ARGS="--cpu riscv" builds them).
backend_matrix riscv64 "make riscv" "riscv_6_1_reads_in_place riscv_6_12_faults_once riscv_change_pte_verdict riscv_stress_intact nothing_left_behind" \
	debian-6.1,debian-6.1+change_pte,debian-6.12 --cpu riscv --scenarios read-then-write,stress --duration 2
cell_field() { matrix_field "$WORK/m/matrix.tsv" "$@"; }
f61=$(cell_field debian-6.1 read-then-write post_merge_faults)
f612=$(cell_field debian-6.12 read-then-write post_merge_faults)
check riscv_6_1_reads_in_place "6.1: '$f61' post-merge read faults, expected 0; $(tail -n 2 "$WORK/m.log" | tr '\n' ' ')" \
	[ "$f61" = 0 ]
check riscv_6_12_faults_once "6.12: '$f612' post-merge read faults, expected 1024 (one per merged page)" \
	[ "$f612" = 1024 ]
verdict=$(cell_field debian-6.1+change_pte read-then-write verdict)
check riscv_change_pte_verdict "6.1 + change_pte: verdict '$verdict'" [ "$verdict" = pass ]
bad=$(for k in debian-6.1 debian-6.1+change_pte debian-6.12; do cell_field "$k" stress verdict; done | sort -u)
check riscv_stress_intact "stress verdicts: '$bad', expected pass on all three" [ "$bad" = pass ]
left=$(pgrep -af "qemu-system-riscv64.*$WORK")
check nothing_left_behind "left behind: $left" [ -z "$left" ]
finish
