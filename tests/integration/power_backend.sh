# The POWER pieces: ksmexit and its payload cross-built for ppc64le (the
# trap entry the low-memory vectors branch to), the kernel runner's
# usage errors for --cpu power, and, where the ppc64le kernels are
# cached, real cells under qemu-system-ppc64 -M pseries,cap-nested-hv=on
# (KVM-HV nested, radix; powernv9, PR and 6.1 + change_pte are make
# power's, not make test's: time), 1024 pages, read-then-write and a 1 s
# stress: 6.1 and 6.12 both fault once a merged page (counted by a kprobe
# on kvmppc_book3s_radix_page_fault less MMIO exits: Book3S HV's
# change_pte handler only unmaps), and the stress stays intact; where
# Debian's prebuilt ppc64el 6.1 is cached too, its cell with 64 KiB pages
# (1024 of them) faults once a page as well.
# time limit: 600 s
source "$(dirname "$0")/lib.bash"
plain_pass_only
cross_backend_begin ppc64le powerpc64le-linux-gnu 9 PowerPC64 6 -m powerpc:common64 -EL
check payload_trap_entry_at_0x800 "payload offset 0x800 holds '$entry', expected mflr r4" \
	[ "$entry" = "mflr r4" ]

check_runner_refuses power vhe ppc64le 'expected hv-nested, hv or pr for power'

# The real thing, on cached kernels only (make power builds them).
kernels=debian-6.1,debian-6.12 image_missing=$(uncached_kernels ppc64le debian-image-6.1)
[ -n "$image_missing" ] || kernels=$kernels,debian-image-6.1
backend_matrix ppc64le "make power" "power_6_1_faults_once power_6_12_faults_once power_64k_pages_fault_once power_stress_intact nothing_left_behind" \
	"$kernels" --cpu power --mmu hv-nested --scenarios read-then-write,stress --duration 1
cell_field() { matrix_field "$WORK/m/matrix.tsv" "$@"; }
f61=$(cell_field debian-6.1 read-then-write post_merge_faults)
f612=$(cell_field debian-6.12 read-then-write post_merge_faults)
check power_6_1_faults_once "6.1: '$f61' post-merge read faults, expected 1024; $(tail -n 2 "$WORK/m.log" | tr '\n' ' ')" \
	[ "$f61" = 1024 ]
check power_6_12_faults_once "6.12: '$f612' post-merge read faults, expected 1024 (one per merged page)" \
	[ "$f612" = 1024 ]
if [ -n "$image_missing" ]; then
	skip power_64k_pages_fault_once "Debian's ppc64el 6.1 not cached (make power fetches it)"
else
	f64=$(cell_field debian-image-6.1 read-then-write post_merge_faults)
	page=$(cell_field debian-image-6.1 read-then-write page_size)
	check power_64k_pages_fault_once "Debian's ppc64el 6.1: '$f64' post-merge read faults of '$page'-byte pages, expected 1024 of 65536" \
		[ "$f64:$page" = 1024:65536 ]
fi
bad=$(for k in ${kernels//,/ }; do echo "$(cell_field "$k" stress verdict)"; done | sort -u)
check power_stress_intact "stress verdicts: '$bad', expected pass on every kernel" [ "$bad" = pass ]
left=$(pgrep -af "qemu-system-ppc64.*$WORK")
check nothing_left_behind "left behind: $left" [ -z "$left" ]
finish
