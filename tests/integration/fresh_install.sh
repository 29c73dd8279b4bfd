# The install, proved from nothing: a bare Debian 12 root (mmdebstrap's
# apt variant, from this host's archive and apt settings) gets what
# scripts/install-deps --test installs, and nothing else; then each
# backend's start-up check runs in it as CI runs things (no TERM, no
# standard input, a bare environment): Bochs with VMX, QEMU with SVM and
# NPT, qemu-system-aarch64 with EL2, qemu-system-riscv64 with the H
# extension, qemu-system-ppc64's pseries offering nested KVM-HV and its
# powernv9, lava-run validating the job; and ksmexit builds there, the
# ppc64le one with Debian's ppc64el libraries too.  A package or file only this host has fails a
# check, naming it; one subtest shows that by removing bochs-term.
# Another serves apt a broken index (a mirror mid-sync) and expects
# install-deps to install from the lists it has and to name only the
# package that really cannot be installed.
#
# The root is cached in $KSMEXIT_CACHE/fresh like the kernels, keyed by
# install-deps (with the lib.sh it sources) and its package list (a change of either builds it again,
# downloads kept in fresh/archives); each run works on an overlay of it in
# a mount namespace of its own, so nothing is mounted or changed after.
# time limit: 1500 s
source "$(dirname "$0")/lib.bash"
plain_pass_only
[ "$(id -u)" -eq 0 ] || skip_all "needs root (chroot, mounts)"
command -v mmdebstrap > /dev/null || skip_all "mmdebstrap not installed (scripts/install-deps --test)"
grep -qw overlay /proc/filesystems || skip_all "the kernel has no overlay filesystem"
ktap_plan 14

cache=${KSMEXIT_CACHE:-/var/cache/ksmexit}/fresh
key=$( { cat scripts/install-deps scripts/lib.sh; scripts/install-deps --list --test; } | sha256sum | cut -c1-12)
root=$cache/root-$key base=$cache/bookworm-apt.tar
mkdir -p "$cache/archives"
# in_root ROOT COMMAND...: COMMAND chrooted, in a mount namespace whose
# mounts end with it, with a bare environment and no standard input.
# KSMEXIT_OVERLAY=UPPER runs it on an overlay of ROOT whose changes go to
# UPPER; KSMEXIT_ARCHIVES=DIR is apt's download cache.
in_root() {
	unshare --mount --propagation private bash -euc '
		r=$1; shift
		if [ -n "${KSMEXIT_OVERLAY:-}" ]; then
			mount -t overlay overlay -o "lowerdir=$r,upperdir=$KSMEXIT_OVERLAY/upper,workdir=$KSMEXIT_OVERLAY/work" \
				"$KSMEXIT_OVERLAY/merged"
			r=$KSMEXIT_OVERLAY/merged
		fi
		mount -t proc proc "$r/proc"
		mount --rbind /dev "$r/dev"
		[ -z "${KSMEXIT_ARCHIVES:-}" ] || mount --bind "$KSMEXIT_ARCHIVES" "$r/var/cache/apt/archives"
		exec chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"' _ "$@" < /dev/null
}

t=$SECONDS
if [ ! -d "$root" ]; then
	echo "# building the root $key (install-deps changed or nothing cached)"
	rm -rf --one-file-system "$cache"/root-*
	if [ ! -f "$base" ]; then
		opts=()
		for f in /etc/apt/apt.conf.d/*; do opts+=(--aptopt "$f"); done
		mapfile -t sources < <(ls /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
			/etc/apt/sources.list.d/*.sources 2> /dev/null)
		mmdebstrap --quiet --variant=apt --mode=root --format=tar "${opts[@]}" bookworm "$base.tmp" \
			"${sources[@]}" \
			> "$cache/mmdebstrap.log" 2>&1 && mv "$base.tmp" "$base"
	fi
	if [ -f "$base" ]; then
		mkdir -p "$root.tmp"
		tar -xf "$base" -C "$root.tmp"
		# A chroot starts no services: invoke-rc.d asks policy-rc.d.
		printf '#!/bin/sh\nexit 101\n' > "$root.tmp/usr/sbin/policy-rc.d"
		chmod +x "$root.tmp/usr/sbin/policy-rc.d"
		cp scripts/install-deps scripts/lib.sh "$root.tmp/root/"
		KSMEXIT_ARCHIVES=$cache/archives in_root "$root.tmp" /root/install-deps --test \
			> "$cache/install-deps.log" 2>&1 && mv "$root.tmp" "$root"
	fi
fi
check root_from_install_deps "no root: mmdebstrap ($cache/mmdebstrap.log) or install-deps --test ($cache/install-deps.log): $(tail -n 3 "$cache/install-deps.log" "$cache/mmdebstrap.log" 2> /dev/null | tr '\n' ' ')" \
	[ -d "$root" ]
[ -d "$root" ] || { rm -rf --one-file-system "$root.tmp"; finish; }
echo "# root $key ready in $((SECONDS - t)) s"

# The checkout's tracked files, as a fresh clone has them.
mkdir -p "$WORK/o/upper/ksmexit" "$WORK/o/work" "$WORK/o/merged"
if git rev-parse --git-dir > /dev/null 2>&1; then
	git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$WORK/o/upper/ksmexit"
else
	cp -a . "$WORK/o/upper/ksmexit"
fi
export KSMEXIT_OVERLAY=$WORK/o
# in_clone NAME COMMAND...: COMMAND in the clone in the root; output in $WORK/NAME.
in_clone() {
	local name=$1; shift
	in_root "$root" bash -c 'cd /ksmexit && "$@"' _ "$@" > "$WORK/$name" 2>&1
}
said() { tail -n 3 "$WORK/$1" | tr '\n' ' '; }

# run_check NAME WHAT COMMAND...: one start-up check in the clone, a
# subtest that passes on its exit 0 and quotes its last lines otherwise.
run_check() {
	local name=$1 what=$2 rc=0
	shift 2
	in_clone "$name" "$@" || rc=$?
	check "$name" "$what exited $rc: $(said "$name")" [ $rc -eq 0 ]
}
run_check bochs_starts_with_vmx "emulate-bochs --check" scripts/kernel/emulate-bochs --check
run_check qemu_starts_svm_npt "emulate-qemu --check" scripts/kernel/emulate-qemu --check
run_check qemu_arm64_starts_el2 "emulate-qemu-virt arm64 --check" scripts/kernel/emulate-qemu-virt arm64 --check
run_check qemu_riscv64_starts_h "emulate-qemu-virt riscv64 --check" scripts/kernel/emulate-qemu-virt riscv64 --check
run_check qemu_pseries_offers_hv "emulate-qemu-virt pseries --check" scripts/kernel/emulate-qemu-virt pseries --check
run_check qemu_powernv_starts "emulate-qemu-virt powernv --check" scripts/kernel/emulate-qemu-virt powernv --check
run_check lava_validates "scripts/lava --check" scripts/lava --check
run_check ksmexit_builds "make ksmexit ksmexit.static" make -s ksmexit ksmexit.static
# Not the riscv64 one: its libraries come from Debian's sources, 80 s on
# every run (the overlay forgets them); riscv64_backend.sh builds it.
run_check ksmexit_ppc64le_builds "make ksmexit-ppc64le.static" make -s ksmexit-ppc64le.static

# A mirror mid-sync: an index whose size is not the one its Release names.
# install-deps goes on with the other lists: hello (never installed here)
# is installed, and only the package that exists nowhere is named.
repo=$WORK/o/upper/srv/midsync
mkdir -p "$repo/dists/x/main/binary-amd64" "$WORK/o/upper/etc/apt/sources.list.d"
echo "Package: ksmexit-fake" > "$repo/dists/x/main/binary-amd64/Packages"
printf 'Suite: x\nCodename: x\nDate: %s\nArchitectures: amd64\nComponents: main\nSHA256:\n %s 999 main/binary-amd64/Packages\n' "$(date -uR)" \
	"$(sha256sum < "$repo/dists/x/main/binary-amd64/Packages" | cut -d' ' -f1)" > "$repo/dists/x/Release"
echo "deb [trusted=yes arch=amd64] file:/srv/midsync x main" > "$WORK/o/upper/etc/apt/sources.list.d/midsync.list"
in_clone midsync scripts/install-deps hello
rc=$?
check midsync_installs_what_it_can "install-deps hello with a broken index: exit $rc: $(said midsync)" \
	bash -c "[ $rc -eq 0 ] && grep -q 'update did not finish' '$WORK/midsync' && [ -x '$WORK/o/upper/usr/bin/hello' ]"
in_clone named scripts/install-deps sl ksmexit-no-such-package
rc=$?
check midsync_names_the_missing "install-deps sl ksmexit-no-such-package: exit $rc: $(said named)" \
	bash -c "[ $rc -eq 1 ] && grep -q 'not installed: ksmexit-no-such-package (installed: sl)' '$WORK/named' && [ -x '$WORK/o/upper/usr/games/sl' ]"

# Without bochs-term (what every landing before this test lacked) the
# check must fail and name the package.
in_root "$root" dpkg --remove --force-depends bochs-term > "$WORK/remove" 2>&1
in_clone no_term scripts/kernel/emulate-bochs --check
rc=$?
check missing_package_named "without bochs-term: exit $rc: $(said no_term)" \
	bash -c "[ $rc -eq 1 ] && grep -q 'did not start.*install bochs-term' '$WORK/no_term'"

# Nothing of the root is left running or mounted.
left=$(for p in /proc/[0-9]*; do readlink "$p/root"; done 2> /dev/null | grep -F "$WORK/o"; grep -F "$WORK/o" /proc/mounts)
check nothing_left "left: $left" [ -z "$left" ]
for f in midsync named no_term; do sed "s/^/# $f: /" "$WORK/$f"; done
rm -rf --one-file-system "$WORK/o"
finish
