# Independent cross-check: perf stat counts kvmmmu:kvm_mmu_set_spte over a
# whole ksmexit run; ksmexit's own per-phase counts must add up to the
# same number within 1% (the event fires only while the vCPU runs).
source "$(dirname "$0")/lib.bash"
require_kvm_ksm
command -v perf > /dev/null || skip_all "perf not installed (Debian linux-perf)"
EVENT=kvmmmu:kvm_mmu_set_spte
ktap_plan 2

mounted_here=no
if ! tracefs_mounted; then
	mount -t tracefs nodev $TRACEFS || skip_all "cannot mount tracefs"
	mounted_here=yes
fi
trap '[ $mounted_here = no ] || umount $TRACEFS; rm -rf "$WORK"' EXIT
[ -d $TRACEFS/events/${EVENT/://} ] || skip_all "$EVENT not in this kernel"

perf stat -x, -e $EVENT -o "$WORK/perf.csv" -- \
	$KSMEXIT --trace counts --results-dir "$WORK/r" > /dev/null 2> "$WORK/err"
rc=$?
perf_count=$(awk -F, -v ev=$EVENT '$3 == ev { print $1 }' "$WORK/perf.csv")
r=$(result_of "$WORK/r")/result.json
own=$(json "$r" "[.phases[].trace.events[\"$EVENT\"] // 0] | add")
echo "# perf stat: $perf_count, ksmexit: $own"
check run_ok "perf stat ksmexit exited $rc; $(tail -c 200 "$WORK/err")" [ "$rc" -eq 0 ]
check agree_within_1pct "perf stat counted '$perf_count', ksmexit $own: expected within 1%" \
	awk -v p="$perf_count" -v o="$own" 'BEGIN { d = p - o; if (d < 0) d = -d; exit !(p > 0 && d <= 0.01 * p) }'
finish
