# Helpers for the integration tests (sourced).  Each test is a KTAP
# program: "ok"/"not ok" lines, exit 0 pass, 1 fail, 4 skip with a reason.
KSM=/sys/kernel/mm/ksm
KSMEXIT=${KSMEXIT:-./ksmexit}
nr=0 failures=0
WORK=$(mktemp -d /tmp/ksmexit-it.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

ktap_plan() { echo "TAP version 13"; echo "1..$1"; }
skip_all() { echo "1..0 # SKIP $*"; exit 4; }

# check NAME DETAIL COMMAND...: one subtest; DETAIL says what was expected
# and what came.
check() {
	local name=$1 detail=$2; shift 2
	nr=$((nr + 1))
	if "$@"; then
		echo "ok $nr $name"
	else
		echo "# $detail"
		echo "not ok $nr $name"
		failures=$((failures + 1))
	fi
}

# skip NAME REASON: one subtest that cannot run here.
skip() {
	nr=$((nr + 1))
	echo "ok $nr $1 # SKIP $2"
}

finish() { [ "$failures" -eq 0 ] && exit 0 || exit 1; }

# Kernel-runner tests drive the plain build through scripts/, not $KSMEXIT:
# the sanitized pass would only repeat them.
plain_pass_only() {
	[ -z "${KSMEXIT_SANITIZED_PASS:-}" ] ||
		skip_all "runs scripts/ on the plain build, not \$KSMEXIT: covered by the plain pass"
}

require_kvm_ksm() {
	[ "$(id -u)" -eq 0 ] || skip_all "needs root"
	[ -c /dev/kvm ] || skip_all "no /dev/kvm"
	[ -w $KSM/run ] || skip_all "KSM not available: $KSM/run missing or read-only"
}

# Every KSM file that is a knob (not a counter), as name=value lines.
knobs_snapshot() { scripts/host-state ksm; }

# with_faults NAMES COMMAND...: runs COMMAND (ksmexit) with the test-only
# faults NAMES injected by tests/helpers/inject.so (see that file).
INJECT_SO=$PWD/tests/helpers/inject.so
with_faults() {
	local names=$1; shift
	[ -f "$INJECT_SO" ] || { echo "# $INJECT_SO missing: make tests/helpers/inject.so"; return 99; }
	LD_PRELOAD=$INJECT_SO KSMEXIT_TEST_FAULTS=$names \
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 "$@"
}

# json FILE JQ-EXPR: one value out of a result.json.
json() { jq -r "$2" "$1"; }

# uncached_kernels ARCH SPEC...: the specs with no cached kernel for ARCH, " "-led.
uncached_kernels() {
	local arch=$1 spec
	shift
	for spec in "$@"; do
		KSMEXIT_CACHE_ONLY=1 scripts/kernel/build --arch "$arch" "$spec" > /dev/null 2>&1 ||
			printf ' %s' "$spec"
	done
}
# backend_matrix ARCH HOW "NAME..." KERNELS MATRIX-ARGS...: the cells of
# KERNELS (specs, commas between) at 1024 pages in $WORK/m (log
# $WORK/m.log); when one is not cached for ARCH, skips each NAME, saying
# that HOW builds them, and finishes the test.
backend_matrix() {
	local arch=$1 how=$2 names=$3 kernels=$4 missing name
	shift 4
	missing=$(uncached_kernels "$arch" ${kernels//,/ })
	if [ -n "$missing" ]; then
		for name in $names; do skip "$name" "$arch kernels not cached:$missing ($how builds them)"; done
		finish
	fi
	scripts/matrix --kernels "$kernels" --pages 1024 --no-host \
		--cached-only --out "$WORK/m" "$@" > "$WORK/m.log" 2>&1
}
# cross_backend_begin ARCH TRIPLET PLAN ELF-MACHINE FIELD OBJDUMP-ARGS...:
# how a cross-built backend's test starts.  Skips it all without
# TRIPLET-gcc; prints the plan; one subtest builds_for_ARCH (make
# ksmexit-ARCH.static: a static little-endian ELF for ELF-MACHINE); sets
# payload (the guest payload blob) and entry (its instruction at offset
# 0x800, the trap entry, from TRIPLET-objdump OBJDUMP-ARGS: the fields
# FIELD and FIELD+1 of that line).
cross_backend_begin() {
	local arch=$1 triplet=$2 plan=$3 machine=$4 field=$5 bin=ksmexit-$1.static
	shift 5
	command -v "$triplet-gcc" > /dev/null ||
		skip_all "gcc-$triplet not installed (make test installs it)"
	ktap_plan "$plan"
	make -s "$bin" > "$WORK/make.log" 2>&1
	check "builds_for_$arch" "make $bin: $(tail -n 3 "$WORK/make.log")" \
		bash -c "readelf -h $bin | grep -q 'Machine:.*$machine' &&
			readelf -h $bin | grep -q 'little endian' &&
			! readelf -d $bin 2> /dev/null | grep -q NEEDED"
	payload=build/guest/${triplet%%-*}/payload.bin
	entry=$("$triplet-objdump" -b binary "$@" -D "$payload" 2> /dev/null |
		awk -v f="$field" '$1 == "800:" { print $f, $(f + 1) }')
}
# matrix_field TSV KERNEL SCENARIO COLUMN: that column of the kernel's
# KSM run of the scenario in a matrix.tsv (columns by header name).
matrix_field() {
	awk -F'\t' -v k="$2" -v s="$3" -v col="$4" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["kernel"] == k && $c["scenario"] == s && $c["mode"] == "ksm" { print $c[col] }' "$1"
}
# check_runner_refuses CPU MODE ARCH WHY: the kernel runner's usage errors
# for a cross-built CPU: another CPU's MMU mode (exit 2 with WHY), and a
# file that is not ARCH's boot image (exit 2); two subtests.
check_runner_refuses() {
	local cpu=$1 mode=$2 arch=$3 why=$4 rc=0
	scripts/kernel/boot --cpu "$cpu" "$WORK" "$WORK/x" "$mode" "$WORK/o" 2> "$WORK/mmu.err" || rc=$?
	check "${mode}_mode_on_${cpu}_is_usage" "boot --cpu $cpu ... $mode exited $rc: $(cat "$WORK/mmu.err")" \
		bash -c "[ $rc -eq 2 ] && grep -q '$why' '$WORK/mmu.err'"
	head -c 65536 /dev/zero > "$WORK/zero.img"
	rc=0
	KSMEXIT_CACHE=$WORK/cache scripts/kernel/build --arch "$arch" "image=$WORK/zero.img" > /dev/null 2> "$WORK/img.err" || rc=$?
	check "not_an_${arch}_image" "build --arch $arch image=zeros exited $rc: $(cat "$WORK/img.err")" \
		bash -c "[ $rc -eq 2 ] && grep -q 'not an\{0,1\} $arch Image' '$WORK/img.err'"
}
result_of() { ls -d "$1"/*/ | tail -n 1 | sed 's:/$::'; }

# ge/le A B: floating-point comparisons for check.
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

TRACEFS=/sys/kernel/tracing
tracefs_mounted() { grep -q " $TRACEFS tracefs " /proc/mounts; }

# Mount state plus, when mounted, every enable/filter file and the global
# tracing switches: what "tracefs as it was" means.
tracefs_snapshot() {
	if ! tracefs_mounted; then
		echo "not mounted"
		return
	fi
	echo mounted
	cat $TRACEFS/tracing_on $TRACEFS/current_tracer $TRACEFS/set_event 2>/dev/null
	# One grep over every file, not a process per file: 4813 files took
	# 7.7 s a snapshot here that way, 0.05 s so.
	grep -r . $TRACEFS/events --include=enable --include=filter 2> /dev/null | sort | md5sum
}
