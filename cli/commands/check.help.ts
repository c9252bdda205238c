import { GATE_HELP } from "../gate-help";
/** `lakegen check`: its line in `lakegen --help`, and its own help. */
export const synopsis = "check PLAN.json...";
export const summary = "Policy checks on plan JSON, with text, JSON, SARIF, JUnit, Markdown or GitHub reports";
export const help = `Usage: lakegen check PLAN.json... [--format FORMAT] [--output FILE] [--fail-on SEVERITY]
                     [--waivers FILE] [--source-root DIR] [--required-tags A,B] [--house-rules] [--results]
                     [--unknown guarded|all|none] [--account IDS]

Runs lakegen's policy rules on plans from terraform show -json.

Options:
  --format FORMAT       text (default), json, sarif, junit, markdown or github
  --output FILE         Write the report to FILE instead of standard output
  --fail-on SEVERITY    critical, high (default), medium or low: exit 1 when a finding
                        at or above it is not waived
  --waivers FILE        YAML or JSON list of {rule, resource (globs allowed), reason, expires}
  --source-root DIR     The root configuration's directory, to point reports at .tf lines
  --required-tags A,B   Tags every taggable resource must carry (default: Environment,Project);
                        implies --house-rules
  --house-rules         Apply lakegen's house rules (LG-LAKEGEN-*: sizes from variables, required
                        tags) to every plan. Without it they apply only to roots lakegen generated,
                        which carry the output "lakegen".
  --results             With --format json: list what each rule checked, per resource (pass, fail,
                        unknown, waived), and the rules with nothing in scope (not_applicable)
${GATE_HELP}
  --list-rules          Print the rules and exit (with --format markdown: a table with their
                        Checkov and Trivy equivalents)

A rule that cannot decide because a value is known only at apply gives a third result,
"unknown at plan", listed apart from the findings; --unknown says which of them fail.

Exit codes: 0 no failing findings, 1 failing findings or unknowns, 2 bad input (missing file,
not JSON, not a plan, bad waivers) or usage error.`;
