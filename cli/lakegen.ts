#!/usr/bin/env node
/** lakegen's command line: synth, validate and plan. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { environmentFiles, formatProblem, loadConfig } from "../lib/config";
import { InvalidTfvarsError, loadEnvironments } from "../lib/environments";
import { PlanFailedError, planEnvironment } from "../lib/plan";
import { projectRoot } from "../lib/paths";
import { synthesize } from "../lib/synth";
import { TerraformError } from "../lib/terraform";
import { ALL_RULES, failing, runChecks } from "../policy/engine";
import { BadPlanError, loadPlan } from "../policy/plan";
import { FORMATS, type Format, renderReport } from "../policy/report/formats";
import { SEVERITIES, type Severity } from "../policy/rule";
import { loadWaivers } from "../policy/waivers";

const VERSION: string = JSON.parse(fs.readFileSync(path.join(projectRoot(), "package.json"), "utf8")).version;

const HELP: Record<string, string> = {
  main: `lakegen: generates Terraform modules and per-environment roots for an AWS data lake.

Usage: lakegen <command> [options]

Commands:
  synth                 Validate every tfvars file, then write dist/modules and dist/envs
  validate [FILE...]    Validate tfvars files (default: tfvars/*.tfvars)
  plan <env>            terraform init + plan for dist/envs/<env>, offline; writes the plan JSON
  check PLAN.json...    Policy checks on plan JSON, with text, JSON, SARIF, JUnit, Markdown or GitHub reports

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
  check: `Usage: lakegen check PLAN.json... [--format FORMAT] [--output FILE] [--fail-on SEVERITY]
                     [--waivers FILE] [--source-root DIR] [--required-tags A,B]

Runs lakegen's policy rules on plans from terraform show -json.

Options:
  --format FORMAT       text (default), json, sarif, junit, markdown or github
  --output FILE         Write the report to FILE instead of standard output
  --fail-on SEVERITY    critical, high (default), medium or low: exit 1 when a finding
                        at or above it is not waived
  --waivers FILE        YAML or JSON list of {rule, resource (globs allowed), reason, expires}
  --source-root DIR     The root configuration's directory, to point reports at .tf lines
  --required-tags A,B   Tags every taggable resource must carry (default: Environment,Project)
  --list-rules          Print the rules and exit

Exit codes: 0 no failing findings, 1 failing findings, 2 bad input (missing file,
not JSON, not a plan, bad waivers) or usage error.`,
};

class UsageError extends Error {}

function log(quiet: boolean) {
  return (line: string) => {
    if (!quiet) process.stderr.write(`lakegen: ${line}\n`);
  };
}

function synthCommand(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: "string", default: "dist" },
      format: { type: "string", default: "hcl" },
      quiet: { type: "boolean", default: false },
    },
  });
  if (values.format !== "hcl" && values.format !== "json") throw new UsageError("--format must be hcl or json");
  const say = log(values.quiet);
  const started = Date.now();
  say("validating tfvars");
  const environments = loadEnvironments();
  say(`synthesizing ${environments.map((e) => e.name).join(", ")}`);
  synthesize({ environments, distDir: values.out, format: values.format, log: say });
  say(`wrote ${values.out}/ in ${Date.now() - started} ms`);
  return 0;
}

function validateCommand(args: string[]): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const files = positionals.length ? positionals : environmentFiles();
  if (files.length === 0) throw new UsageError("no tfvars files given and none in tfvars/");
  let failed = false;
  for (const file of files) {
    const res = loadConfig(file);
    if (res.ok) {
      process.stdout.write(`${file}: ok\n`);
    } else {
      failed = true;
      for (const p of res.problems) process.stdout.write(`${formatProblem(p)}\n`);
    }
  }
  return failed ? 1 : 0;
}

function planCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      "var-file": { type: "string" },
      out: { type: "string" },
      "plugin-dir": { type: "string" },
      dist: { type: "string", default: "dist" },
    },
  });
  if (positionals.length !== 1) throw new UsageError("plan needs exactly one environment, e.g. lakegen plan dev");
  const env = positionals[0];
  const out = values.out ?? path.join(values.dist, "plans", `${env}.json`);
  const say = log(false);
  const plan = planEnvironment({
    distDir: values.dist,
    env,
    varFile: values["var-file"],
    pluginDir: values["plugin-dir"],
    log: say,
  });
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(plan));
  const changes = (plan.resource_changes as unknown[] | undefined)?.length ?? 0;
  say(`wrote ${out} (${changes} resource changes)`);
  return 0;
}

function checkCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: "string", default: "text" },
      output: { type: "string" },
      "fail-on": { type: "string", default: "high" },
      waivers: { type: "string" },
      "source-root": { type: "string" },
      "required-tags": { type: "string" },
      "list-rules": { type: "boolean", default: false },
    },
  });
  if (values["list-rules"]) {
    for (const r of ALL_RULES) process.stdout.write(`${r.id.padEnd(15)} ${r.severity.padEnd(8)} ${r.title}\n`);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  const failOn = values["fail-on"] as Severity;
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(", ")}`);
  if (positionals.length === 0) throw new UsageError("check needs at least one plan JSON file (terraform show -json PLANFILE)");
  const plans = positionals.map((file) => ({ file, plan: loadPlan(file) }));
  const waivers = values.waivers ? loadWaivers(values.waivers) : [];
  const requiredTags = values["required-tags"]?.split(",").map((t) => t.trim()).filter(Boolean);
  const { findings, model } = runChecks(plans, { waivers, requiredTags });
  const report = renderReport(format, {
    findings,
    model,
    failOn,
    color: format === "text" && !values.output && process.stdout.isTTY && !process.env.NO_COLOR,
    sourceRoot: values["source-root"],
    version: VERSION,
  });
  if (values.output) {
    fs.mkdirSync(path.dirname(path.resolve(values.output)), { recursive: true });
    fs.writeFileSync(values.output, report);
  } else process.stdout.write(report);
  const failed = failing(findings, failOn).length;
  if (values.output || format !== "text") {
    process.stderr.write(`lakegen: ${findings.length} findings, ${failed} at or above ${failOn} and not waived\n`);
  }
  return failed > 0 ? 1 : 0;
}

const COMMANDS: Record<string, (args: string[]) => number> = {
  synth: synthCommand,
  validate: validateCommand,
  plan: planCommand,
  check: checkCommand,
};

export function main(argv: string[]): number {
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  const [command, ...rest] = args;
  const wantsHelp = rest.includes("--help") || rest.includes("-h");
  try {
    if (!command || command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(`${HELP[rest[0] ?? "main"] ?? HELP.main}\n`);
      return command ? 0 : 2;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command "${command}"`);
    if (wantsHelp) {
      process.stdout.write(`${HELP[command]}\n`);
      return 0;
    }
    return run(rest);
  } catch (e) {
    if (debug) console.error(e);
    if (e instanceof InvalidTfvarsError) {
      process.stderr.write(`${e.message}\nlakegen: tfvars are invalid; nothing was written\n`);
      return 1;
    }
    if (e instanceof BadPlanError) {
      process.stderr.write(`lakegen: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`lakegen: ${(e as Error).message}\nRun "lakegen --help" for usage.\n`);
      return 2;
    }
    if (e instanceof TerraformError || e instanceof PlanFailedError) {
      process.stderr.write(`lakegen: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`lakegen: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
