# The scripts and the LAVA side pass shellcheck at warning level (sourced
# snippets followed from the script's own folder); a probe with an unused
# variable must be caught.
cd "$(dirname "$0")/../.."
source tests/integration/lib.bash
command -v shellcheck > /dev/null || skip_all "shellcheck not installed (scripts/install-deps --test)"
ktap_plan 2
mapfile -t files < <(grep -l '^#!/bin/\(ba\)\{0,1\}sh\|shell=bash' scripts/* scripts/kernel/* lava/* 2> /dev/null)
found=$(shellcheck -S warning -P SCRIPTDIR -x -f gcc "${files[@]}" 2>&1)
check scripts_shellcheck_clean "${#files[@]} files: $(echo "$found" | head -n 5 | tr '\n' ' ')" [ -z "$found" ]
printf '#!/bin/bash\nunused=1\n' > "$WORK/probe"
check checker_catches_warning "an unused variable was not reported" \
	bash -c "shellcheck -S warning '$WORK/probe' | grep -q SC2034"
finish
