# The scripts' one reading of result.json (schema ksmexit-result):
# jq -L "$scripts" 'include "result"; ...'.  Phases by name, never by
# position; the mode and labels as ksmexit's own reader has them.
def na: if . == null then "NA" else . end;
def is_result: .schema == "ksmexit-result";
def phase($name): first(.phases[] | select(.name == $name));
def mode: if .config.no_ksm then "control" else "ksm" end;
def run_name: .config.run_label // .config.scenario;
def tdp_exits: phase("post-merge").trace.tdp_fault_exits // "NA";
def legend: mode + " (" + .host.kernel_release + ", " + .host.virt_mode + ")";
