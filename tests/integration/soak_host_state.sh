# make soak checks the host state a run may change, not what other
# tenants do: with a bystander whose duplicate pages KSM merges and frees
# during the soak (pages_sharing moves under it), a two-run soak passes;
# with a knob no run touches changed while it runs, it fails and names the
# knob.  The test puts the knob back and ends the bystander on every way
# out.
# time limit: 240 s
source "$(dirname "$0")/lib.bash"
plain_pass_only
require_kvm_ksm
BYSTANDER=${BYSTANDER:-tests/helpers/bystander}
[ -x "$BYSTANDER" ] || skip_all "$BYSTANDER not built (make test builds it)"
[ -x ./ksmexit ] || skip_all "./ksmexit not built (make test builds it)"
[ -w $KSM/stable_node_chains_prune_millisecs ] || skip_all "no stable_node_chains_prune_millisecs knob to change"
ktap_plan 4

knob=$KSM/stable_node_chains_prune_millisecs
saved=$(cat $knob)
restore() {
	echo "$saved" > $knob
	[ -z "${BY_PID:-}" ] || { kill "$BY_PID" 2> /dev/null; wait "$BY_PID" 2> /dev/null; }
	rm -rf "$WORK"
}
trap restore EXIT

coproc BY { "$BYSTANDER" 4096; }
BY_PID=$BY_PID
read -r -t 10 ready <&"${BY[0]}"
[ "$ready" = ready ] || skip_all "bystander did not start: '$ready'"
ask() { echo count >&"${BY[1]}"; read -r -t 10 answer <&"${BY[0]}"; echo "$answer"; }

# Each run turns KSM on for its merge: the bystander's pages merge too.
SOAK_RUNS=2 scripts/soak > "$WORK/soak" 2>&1
rc=$?
merged=$(ask)
check soak_beside_bystander "soak exited $rc: $(grep -m1 changed "$WORK/soak") $(tail -n 3 "$WORK/soak" | tr "\n" " ")" [ $rc -eq 0 ]
check bystander_merged "bystander (KSM pages, intact): '$merged': KSM should have merged it during the soak" \
	[ "${merged%% *}" -gt 0 ]

# A knob changed once the first run is under way (its state file exists).
( for _ in $(seq 600); do [ -e /run/ksmexit/state ] && break; sleep 0.05; done
  echo $((saved + 1000)) > $knob ) &
changer=$!
SOAK_RUNS=2 scripts/soak > "$WORK/knob" 2>&1
rc=$?
wait $changer
check soak_fails_on_knob "soak exited $rc with the knob changed: $(tail -n 3 "$WORK/knob" | tr '\n' ' ')" \
	bash -c "[ $rc -eq 1 ] && grep -q 'changed: stable_node_chains_prune_millisecs=$((saved + 1000))' '$WORK/knob'"
echo "$saved" > $knob
check knob_put_back "$knob is $(cat $knob), was $saved" [ "$(cat $knob)" = "$saved" ]
echo quit >&"${BY[1]}"
finish
