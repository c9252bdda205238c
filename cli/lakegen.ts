#!/usr/bin/env node
/** lakegen's command line: synth, validate and plan. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { environmentFiles, formatProblem, loadConfig } from "../lib/config";
import { InvalidTfvarsError, loadEnvironments } from "../lib/environments";
import { PlanFailedError, planEnvironment } from "../lib/plan";
import { synthesize } from "../lib/synth";
import { TerraformError } from "../lib/terraform";

const HELP: Record<string, string> = {
  main: `lakegen: generates Terraform modules and per-environment roots for an AWS data lake.

Usage: lakegen <command> [options]

Commands:
  synth                 Validate every tfvars file, then write dist/modules and dist/envs
  validate [FILE...]    Validate tfvars files (default: tfvars/*.tfvars)
  plan <env>            terraform init + plan for dist/envs/<env>, offline; writes the plan JSON

Options:
  -h, --help            Show help (also: lakegen <command> --help)
  --debug               Show stack traces on errors

Exit codes: 0 success, 1 invalid input or failed plan, 2 usage error.`,
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

const COMMANDS: Record<string, (args: string[]) => number> = {
  synth: synthCommand,
  validate: validateCommand,
  plan: planCommand,
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
