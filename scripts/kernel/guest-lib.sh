# shellcheck shell=sh
# What every guest side shares, POSIX sh for busybox: the kernel-runner's
# /init (guest-init), the LAVA ramdisk's /init (lava/init) and the LAVA
# step script (lava/ksmexit-lava.sh).  scripts/kernel/initramfs puts it at
# /lib/ksmexit-guest.sh; the LAVA test definition carries it.

# cell_prologue: mounts what ksmexit reads, reads /cell-env, sets the name
# and the clock from it.
cell_prologue() {
	export PATH=/bin
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev 2> /dev/null
	# shellcheck disable=SC1091 # written by the runner for each cell
	. /cell-env
	hostname "$CELL_HOSTNAME"
	date -s "@$CELL_EPOCH" > /dev/null 2>&1
}

# load_kvm_modules DIR: insmod DIR's modules in DIR/order, each with its
# "module.param=" settings from the kernel command line (insmod, unlike
# modprobe, does not read them).  Both vendors' modules may be there: only
# this CPU's loads, so a failure is a note on stdout, not an error.
load_kvm_modules() {
	[ -f "$1/order" ] || return 0
	for m in $(cat "$1/order"); do
		params=$(tr ' ' '\n' < /proc/cmdline | sed -n "s/^${m%.ko}\.//p")
		# shellcheck disable=SC2086 # the parameters, one word each
		insmod "$1/$m" $params 2> /dev/null ||
			echo "note: insmod $m failed (another CPU vendor's module?)"
	done
}
