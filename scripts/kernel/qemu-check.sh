# shellcheck shell=bash
# Sourced by emulate-qemu and emulate-qemu-virt for their --check: starts
# the backend's machine and CPU paused (nothing boots, no disk, no
# display), asks the first CPU over QMP on a pipe whether it has each
# feature, and quits.  Tells "QEMU did not start" (with its own message)
# from "QEMU started and the CPU lacks a feature".
# qemu_check GROUP FEATURE... -- QEMU-COMMAND...
#   GROUP: scripts/install-deps' group that installs QEMU for this backend.
#   QEMU_CHECK_CPU: the QOM object that has the features, where it is not
#   the first device (the first CPU on most machines).
qemu_check() {
	local group=$1 features=() qmp f rc=0 out answers i=0
	shift
	while [ "$1" != -- ]; do features+=("$1"); shift; done
	shift
	command -v "$1" > /dev/null || die "$1 is missing: scripts/install-deps --$group"
	qmp='{"execute":"qmp_capabilities"}'
	for f in "${features[@]}"; do
		qmp+=$'\n''{"execute":"qom-get","arguments":{"path":"'${QEMU_CHECK_CPU:-/machine/unattached/device[0]}'","property":"'$f'"}}'
	done
	qmp+=$'\n''{"execute":"quit"}'
	out=$(echo "$qmp" | timeout -s KILL 30 "$@" -m 2G -S -display none -nodefaults -no-user-config \
		-qmp stdio 2>&1) || rc=$?
	grep -q '"host-qmp-quit"' <<< "$out" ||
		die "$1 did not start (exit $rc): $(grep -v '^{' <<< "$out" | head -n 3 | tr '\n' ' ')"
	# The answers after qmp_capabilities', one per feature, in order.
	answers=$(tr -d "\r" <<< "$out" | grep -E '^\{"(return|error)"' | sed -n "2,$(( ${#features[@]} + 1 ))p")
	while read -r f; do
		i=$((i + 1))
		[ "$f" = '{"return": true}' ] ||
			die "$1 started, but its CPU has no ${features[i - 1]} (qom-get answered $f)"
	done <<< "$answers"
}
