#!/usr/bin/env node
/**
 * lakegen's command line. Each command lives in cli/commands/ and is loaded
 * only when it runs, so `lakegen check` does not pay for cdktf and the
 * provider bindings that synth needs.
 */
import { UsageError } from "./errors";


const HELP: Record<string, string> = {
  main: `lakegen: generates Terraform modules and per-environment roots for an AWS data lake.

Usage: lakegen <command> [options]

Commands:
  synth                 Validate every tfvars file, then write dist/modules and dist/envs
  validate [FILE...]    Validate tfvars files (default: tfvars/*.tfvars)
  plan <env>            terraform init + plan for dist/envs/<env>, offline; writes the plan JSON
  check PLAN.json...    Policy checks on plan JSON, with text, JSON, SARIF, JUnit, Markdown or GitHub reports
  docs [ENV...]         Write the brief's deliverables to dist/envs/<env>/docs/ (synth does it too)
  cost ENV              Monthly cost estimate of an environment, beside a naive baseline
  pr --base B --head H  Compare a pull request's base and head plans (or tfvars): new findings, destructive changes, cost
  release               Package each module as a versioned archive with its checksum and changelog
  bootstrap <env>       Write the root that creates the environment's state bucket (dist/bootstrap/<env>)

Options:
  -h, --help            Show help (also: lakegen <command> --help)
  --debug               Show stack traces on errors

Exit codes: 0 success, 1 invalid input, failed plan or failing checks, 2 usage error or bad input file.`,
  synth: `Usage: lakegen synth [--out DIR] [--format hcl|json] [--quiet]

Validates every tfvars/*.tfvars, then writes:
  DIR/modules/<name>/   versions.tf, variables.tf, main.tf, outputs.tf, README.md
  DIR/envs/<env>/       the root configuration and a copy of its tfvars (terraform.tfvars)
Nothing is written when any tfvars file is invalid.

Options:
  --out DIR             Output directory (default: dist)
  --format FORMAT       hcl (default), or json for cdktf's Terraform JSON (used to prove parity)
  --quiet               No progress output`,
  validate: `Usage: lakegen validate [FILE...]

Checks tfvars files against every module's schema and rules, the same rules the
generated Terraform validates at plan time. Prints one line per problem as
"FILE: key.path: message". Exits 1 when any file has a problem. Writes nothing.`,
  bootstrap: `Usage: lakegen bootstrap <env> [--out DIR]

Writes the Terraform root that creates the environment's state bucket (the backend
bucket of tfvars/<env>.tfvars): versioned, SSE-KMS (with backend.kms_key_id when
set), TLS-only, no public access, owner-enforced, kept from destroy. The roots lock
their state with S3's lock file, so no DynamoDB table is needed. Apply it once,
before the environment's root: terraform init && terraform apply in DIR.

Options:
  --out DIR             Where to write main.tf (default: dist/bootstrap/<env>; synth keeps it)`,
  plan: `Usage: lakegen plan <env> [--var-file FILE] [--out FILE] [--plugin-dir DIR] [--dist DIR]

Runs terraform init and plan for DIST/envs/<env> in a scratch copy, with a local
backend and placeholder credentials, so it needs neither AWS access nor the state
bucket. Providers come from --plugin-dir, or from the mirror that
TF_CLI_CONFIG_FILE configures. Writes the plan as JSON (terraform show -json).

Options:
  --var-file FILE       Plan with this tfvars file instead of the environment's copy
  --out FILE            Where to write the plan JSON (default: DIST/plans/<env>.json)
  --plugin-dir DIR      Provider plugin directory for terraform init
  --dist DIR            Synthesized output to plan (default: dist)`,
  docs: `Usage: lakegen docs [ENV...] [--dist DIR]

Writes dist/envs/<env>/docs/: architecture.md (Mermaid, from the synthesized root),
pipeline.md, data-model.md, cost.md and operations.md. npm run synth writes them too.`,
  cost: `Usage: lakegen cost ENV [--usage FILE] [--format text|json|markdown]

Estimates the environment's monthly cost from its tfvars and a usage file
(default: usage/ENV.hcl; built-in defaults when it does not exist), beside the
naive baseline: x86, no lifecycle, no auto-stop. Prices: deliverables/prices.json.`,
  pr: `Usage: lakegen pr --base BASE_PLAN.json --head HEAD_PLAN.json [--format markdown|sarif|json]
                  [--output FILE] [--fail-on SEVERITY] [--waivers FILE] [--source-root DIR]
       lakegen pr --base-tfvars BASE.tfvars --head-tfvars HEAD.tfvars [--plugin-dir DIR] [...]

Compares the plans (terraform show -json) of a pull request's base and head.
Given tfvars instead, validates both, then synthesizes and plans each offline
(this checkout's modules; the provider mirror as lakegen plan finds it). The
report gives the plan per module (add, change, replace, destroy), the destructive
changes, the findings that are new in head and the ones head resolves, and the
monthly cost of both sides with the change per line item, from the tfvars each
root plan carries.

Exit codes: 0 no new finding at or above --fail-on (default high) that is not waived,
1 otherwise, 2 bad input or usage error. SARIF holds the new findings only.`,
  release: `Usage: lakegen release [--out DIR] [--record DIR] [--dry-run] [--quiet]

Packages each module as DIR/<module>-<version>.tar.gz (the module at the archive's
root, reproducible byte for byte) with <archive>.sha256, SHA256SUMS and release.json.
Each version follows from the module's interface against the last released one in
RECORD/<module>/interface.json: a removed or renamed input or output, a new required
input, a changed type or a new or changed validation is major; a new optional input
or a new output is minor; anything else is a patch. An unchanged module keeps its
version. Then RECORD/<module>/interface.json and CHANGELOG.md are updated.

Options:
  --out DIR             Where the archives go (default: dist/release)
  --record DIR          The last released interfaces and changelogs (default: releases)
  --dry-run             Compute and package, but leave RECORD as it is
  --quiet               No progress output`,
  check: `Usage: lakegen check PLAN.json... [--format FORMAT] [--output FILE] [--fail-on SEVERITY]
                     [--waivers FILE] [--source-root DIR] [--required-tags A,B] [--house-rules]

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
  --list-rules          Print the rules and exit (with --format markdown: a table with their
                        Checkov and Trivy equivalents)

Exit codes: 0 no failing findings, 1 failing findings, 2 bad input (missing file,
not JSON, not a plan, bad waivers) or usage error.`,
};


type Command = (args: string[]) => number | Promise<number>;

/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Record<string, () => Command> = {
  synth: () => (require("./commands/synth") as typeof import("./commands/synth")).synthCommand,
  validate: () => (require("./commands/validate") as typeof import("./commands/validate")).validateCommand,
  plan: () => (require("./commands/plan") as typeof import("./commands/plan")).planCommand,
  check: () => (require("./commands/check") as typeof import("./commands/check")).checkCommand,
  docs: () => (require("./commands/docs") as typeof import("./commands/docs")).docsCommand,
  cost: () => (require("./commands/cost") as typeof import("./commands/cost")).costCommand,
  pr: () => (require("./commands/pr") as typeof import("./commands/pr")).prCommand,
  release: () => (require("./commands/release") as typeof import("./commands/release")).releaseCommand,
  bootstrap: () => (require("./commands/bootstrap") as typeof import("./commands/bootstrap")).bootstrapCommand,
};

/** Known failures carry their exit code; tfvars problems and failed plans print their own details. */
interface CliFailure {
  exitCode?: number;
  problems?: unknown[];
  message: string;
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  const [command, ...rest] = args;
  const wantsHelp = rest.includes("--help") || rest.includes("-h");
  try {
    if (!command || command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(`${HELP[rest[0] ?? "main"] ?? HELP.main}\n`);
      return command ? 0 : 2;
    }
    const load = COMMANDS[command];
    if (!load) throw new UsageError(`unknown command "${command}"`);
    if (wantsHelp) {
      process.stdout.write(`${HELP[command]}\n`);
      return 0;
    }
    return await load()(rest);
  } catch (e) {
    if (debug) console.error(e);
    const failure = e as CliFailure;
    if (failure.problems) {
      process.stderr.write(`${failure.message}\nlakegen: tfvars are invalid; nothing was written\n`);
      return 1;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`lakegen: ${failure.message}\nRun "lakegen --help" for usage.\n`);
      return 2;
    }
    process.stderr.write(`lakegen: ${failure.message}\n`);
    return failure.exitCode ?? 1;
  }
}

/** A reader that closed the pipe (`lakegen check --list-rules | head`) has all it wanted: end quietly. */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? 0);
  });
}

if (require.main === module) {
  endQuietlyOnClosedPipe(process.stdout);
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
