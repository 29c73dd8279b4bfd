# shellcheck shell=bash
# What the scripts share, sourced by each (". "$here/lib.sh""): their
# messages, --help, output directories, waiting on a job while saying
# where it is, and the one table of CPUs, MMU modes and cell names.
# me names the script in messages (its file name unless set before).
me=${me:-${0##*/}}
t0=$(date +%s)

# say MESSAGE: a progress line "[me   Ns] MESSAGE" on stdout, or on the
# descriptor in say_fd (2 for scripts whose stdout is data).
say() { printf '[%s %4ds] %s\n' "$me" $(( $(date +%s) - t0 )) "$*" >&"${say_fd:-1}"; }
# warn MESSAGE / die MESSAGE: "me: MESSAGE" on stderr; die exits 1.
warn() { echo "$me: $*" >&2; }
die() { warn "$@"; exit 1; }
# usage MESSAGE: bad input, exit 2, pointing at --help.
usage() { warn "$@"; echo "Try '$0 --help'." >&2; exit 2; }
# show_help: the script's header comment, its second line to "set -e".
show_help() { sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0; }
# stamped_dir KIND: results/KIND-<UTC time>, a new run's directory.
stamped_dir() { echo "results/$1-$(date -u +%Y%m%dT%H%M%SZ)"; }

# wait_saying PID INTERVAL COMMAND...: waits for PID, saying every
# INTERVAL seconds what COMMAND prints (where the job is); returns PID's
# status.
wait_saying() {
	local pid=$1 interval=$2 n=0
	shift 2
	while kill -0 "$pid" 2> /dev/null; do
		sleep 1
		n=$((n + 1))
		[ $((n % interval)) -ne 0 ] || say "$("$@")"
	done
	wait "$pid"
}

# The emulated CPUs and their MMU modes.  mmu_modes CPU: its modes, or
# nothing for a CPU that is not one.  mmu_cmdline CPU MODE: the kernel
# arguments that select MODE (exit 1 for a mode the CPU lacks).
mmu_modes() {
	case $1 in
	amd|intel) echo tdp tdp-legacy shadow ;;
	arm64) echo vhe nvhe ;;
	riscv) echo gstage ;;
	power) echo hv-nested hv pr ;;
	esac
}
mmu_cmdline() {
	case $1:$2 in
	amd:tdp|intel:tdp|arm64:vhe|riscv:gstage|power:hv-nested|power:hv) echo "" ;;
	power:pr) echo disable_radix ;;	# PR needs the hash MMU
	amd:tdp-legacy|intel:tdp-legacy) echo kvm.tdp_mmu=0 ;;
	amd:shadow|intel:shadow) echo kvm_amd.npt=0 kvm_intel.ept=0 ;;
	arm64:nvhe) echo kvm-arm.mode=nvhe ;;
	*) return 1 ;;
	esac
}
# cpu_arch CPU: the architecture its kernels and ksmexit are built for.
cpu_arch() {
	case $1 in
	amd|intel) echo x86_64 ;;
	arm64) echo arm64 ;;
	riscv) echo riscv64 ;;
	power) echo ppc64le ;;
	*) return 1 ;;
	esac
}
# cell_name CPU MODE: a cell's directory under cells/KERNEL/.  AMD cells
# keep their first names (the MMU mode alone), the others are CPU-MODE;
# the cell's cpu file says which it is.
cell_name() { if [ "$1" = amd ]; then echo "$2"; else echo "$1-$2"; fi; }

# selftests_tree KDIR DEST: what building KDIR's selftests out of the tree
# needs, copied into DEST: tools/, scripts/subarch.include, and arm64's
# arch/arm64/tools, from which 6.6+ generate system register headers.
selftests_tree() {
	mkdir -p "$2/scripts"
	cp -a "$1/tools" "$2/"
	cp "$1/scripts/subarch.include" "$2/scripts/"
	[ ! -d "$1/arch/arm64/tools" ] || { mkdir -p "$2/arch/arm64"; cp -a "$1/arch/arm64/tools" "$2/arch/arm64/"; }
}
# kernel_make_args x86_64|arm64: make's arguments for that target, one a
# line (arm64 cross-built with aarch64-linux-gnu-); fails for another.
kernel_make_args() {
	case $1 in
	x86_64) echo ARCH=x86 ;;
	arm64) printf '%s\n' ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- ;;
	*) return 1 ;;
	esac
}
