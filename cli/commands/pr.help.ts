import { GATE_HELP } from "../gate-help";
/** `lakegen pr`: its line in `lakegen --help`, and its own help. */
export const synopsis = "pr --base B --head H";
export const summary = "Compare a pull request's base and head plans (or tfvars): new findings, destructive changes, cost";
export const help = `Usage: lakegen pr --base BASE_PLAN.json --head HEAD_PLAN.json [--format markdown|sarif|json]
                  [--output FILE] [--fail-on SEVERITY] [--waivers FILE] [--source-root DIR]
                  [--unknown guarded|all|none] [--account IDS]
       lakegen pr --base-tfvars BASE.tfvars --head-tfvars HEAD.tfvars [--plugin-dir DIR] [...]

Compares the plans (terraform show -json) of a pull request's base and head.
Given tfvars instead, validates both, then synthesizes and plans each offline
(this checkout's modules; the provider mirror as lakegen plan finds it). The
report gives the plan per module (add, change, replace, destroy), the destructive
changes, the findings that are new in head and the ones head resolves, and the
monthly cost of both sides with the change per line item, from the tfvars each
root plan carries.

Options:
${GATE_HELP}

Exit codes: 0 no new finding at or above --fail-on (default high) that is not waived,
and no new "unknown at plan" result that fails under --unknown; 1 otherwise, 2 bad input or usage error.
SARIF holds the new findings only.`;
