# The include graph of harness/ follows its layers (docs/architecture.md):
# a file includes headers of its own layer or of a lower one, never of a
# higher one; and no two files call each other, directly or round a
# circle (the call graph from the built objects' symbols, sorted with
# tsort, which names a loop).  Ranks, lowest first: lib, kvm (with its architectures'
# subfolders and guest/, the payload),
# host, observe, measure, output, and the program at harness/ itself.
cd "$(dirname "$0")/../.."
source tests/integration/lib.bash

rank_of_dir() {
	case $1 in
	harness/lib) echo 0 ;; harness/kvm|harness/kvm/*|guest|guest/*) echo 1 ;; harness/host) echo 2 ;;
	harness/observe) echo 3 ;; harness/measure) echo 4 ;; harness/output) echo 5 ;;
	harness) echo 6 ;; *) echo "" ;;
	esac
}

# Every project header, once: name -> rank.
declare -A header_rank
for h in harness/*.h harness/*/*.h harness/*/*/*.h guest/*.h; do
	name=$(basename "$h")
	[ -z "${header_rank[$name]:-}" ] || { echo "# header $name exists twice"; header_rank[$name]=dup; }
	header_rank[$name]=$(rank_of_dir "$(dirname "$h")")
done

# FILE RANK: a line for each include of FILE that is not a project
# header or belongs to a layer above RANK.
upward_includes() {
	local inc r
	while read -r inc; do
		r=${header_rank[$inc]:-}
		if [ -z "$r" ] || [ "$r" = dup ]; then
			echo "$1 includes \"$inc\", which is not one project header"
		elif [ "$r" -gt "$2" ]; then
			echo "$1 (layer $2) includes $inc (layer $r)"
		fi
	done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$1")
}

# OBJECT...: "caller callee" for each symbol an object takes from another.
call_edges() {
	local o s
	declare -A def=()
	for o in "$@"; do
		for s in $(nm --defined-only -g "$o" | awk '{ print $3 }'); do def[$s]=$o; done
	done
	for o in "$@"; do
		for s in $(nm -u "$o" | awk '{ print $2 }'); do
			[ -n "${def[$s]:-}" ] && [ "${def[$s]}" != "$o" ] && echo "$o ${def[$s]}"
		done
	done | sort -u
}
# OBJECT...: tsort's words on the loops of the call graph, if any.
call_loops() { call_edges "$@" | tsort 2>&1 > /dev/null | grep -v 'input contains a loop'; }

ktap_plan 4
bad=""
for f in harness/*.[chS] harness/*/*.[chS] harness/*/*/*.[chS] guest/*/*.S; do
	bad+=$(upward_includes "$f" "$(rank_of_dir "$(dirname "$f")")")
done
check layers_respected "includes upward or unknown: $bad" [ -z "$bad" ]

# The checker itself: a lib/ file including the measurement's header.
printf '#include "clock.h"\n#include "measure.h"\n' > "$WORK/probe.c"
caught=$(upward_includes "$WORK/probe.c" "$(rank_of_dir harness/lib)")
check checker_catches_upward "a lib/ file including measure.h was not caught" \
	bash -c "echo '$caught' | grep -q 'includes measure.h (layer 4)'"

mapfile -t objs < <(ls harness/*.o harness/*/*.o harness/*/*/*.o 2> /dev/null)
if [ ${#objs[@]} -lt 20 ]; then
	skip no_call_circles "harness/ is not built (make ksmexit)"
else
	loops=$(call_loops "${objs[@]}")
	check no_call_circles "files calling each other: $(echo "$loops" | tr '\n' ' ')" [ -z "$loops" ]
fi
# The checker itself: two files that call each other.
printf 'int b(void);\nint a(void) { return b(); }\n' > "$WORK/a.c"
printf 'int a(void);\nint b(void) { return a(); }\n' > "$WORK/b.c"
cc -c -o "$WORK/a.o" "$WORK/a.c" && cc -c -o "$WORK/b.o" "$WORK/b.c"
probe=$(call_loops "$WORK/a.o" "$WORK/b.o")
check checker_catches_circle "a.o and b.o calling each other: found '$probe'" \
	[ "$(echo "$probe" | grep -c '[ab]\.o$')" -eq 2 ]
finish
