/**
 * Runs a workflow job's `run:` steps as a GitHub-hosted Linux runner does: each step's script
 * written to a file and run by its shell (the step's, else the job's `defaults.run.shell`, else
 * the workflow's, else `bash -e {0}`), in order, stopping at the first step that fails.
 *
 * Stands in for the runner, not for GitHub: `uses:` steps are skipped (the caller provides what
 * they would), and every `${{ }}` expression and `if:` must be given a value by the caller, so an
 * expression the test did not think about fails loudly instead of expanding to "".
 * Source: docs.github.com, "Workflow syntax for GitHub Actions", jobs.<job_id>.steps[*].shell.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  "working-directory"?: string;
  "continue-on-error"?: boolean;
}
interface Defaults {
  run?: { shell?: string; "working-directory"?: string };
}
export interface Job {
  /** The job's condition; runJob runs the job as if it held. */
  if?: string;
  env?: Record<string, string>;
  /** The GitHub environment of the job: its OIDC token's subject is environment:<name>. */
  environment?: string;
  defaults?: Defaults;
  steps: Step[];
}
export interface Workflow {
  on?: unknown;
  permissions?: unknown;
  env?: Record<string, string>;
  defaults?: Defaults;
  jobs: Record<string, Job>;
}

export const readWorkflow = (file: string): Workflow => parse(fs.readFileSync(file, "utf8")) as Workflow;

/** GitHub's command line for a shell keyword, or a custom shell given with {0}. */
export function shellCommand(shell: string | undefined): string {
  if (shell === undefined) return "bash -e {0}";
  const named: Record<string, string> = {
    bash: "bash --noprofile --norc -eo pipefail {0}",
    sh: "sh -e {0}",
    python: "python {0}",
  };
  if (named[shell]) return named[shell];
  if (!shell.includes("{0}")) throw new Error(`shell "${shell}" is neither a keyword nor a command with {0}`);
  return shell;
}

export const effectiveShell = (wf: Workflow, job: Job, step: Step): string =>
  shellCommand(step.shell ?? job.defaults?.run?.shell ?? wf.defaults?.run?.shell);

/** A step's label as GitHub shows it: its name, else `Run <first line>`. */
export const stepLabel = (step: Step): string => step.name ?? `Run ${(step.run ?? step.uses ?? "").split("\n")[0]}`;

/** Replaces every `${{ expr }}` with the caller's value for that exact expression. */
export function expand(text: string, values: Record<string, string>, where: string): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    if (!(expr in values)) throw new Error(`${where}: no value given for the expression \${{ ${expr} }}`);
    return values[expr];
  });
}

export interface JobRun {
  /** The label of the first step that failed, or undefined when every step passed. */
  failedStep?: string;
  code: number;
  output: string;
  /** Steps that ran, by label. */
  ran: string[];
}

export interface RunOptions {
  workspace: string;
  runnerTemp: string;
  /** Values of `${{ }}` expressions, by their text. */
  expressions: Record<string, string>;
  /** Values of `if:` conditions on `run:` steps, by their text. */
  conditions?: Record<string, boolean>;
  /** The environment the runner gives every step (PATH with stand-ins, GITHUB_* files...). */
  env: NodeJS.ProcessEnv;
}

/** Runs the job's `run:` steps in order; stops at the first failure, as GitHub does. */
export function runJob(wf: Workflow, jobId: string, opts: RunOptions): JobRun {
  const job = wf.jobs[jobId];
  if (!job) throw new Error(`no job ${jobId}`);
  const ran: string[] = [];
  let output = "";
  const scriptDir = fs.mkdtempSync(path.join(opts.runnerTemp, "steps-"));
  for (const [i, step] of job.steps.entries()) {
    if (step.run === undefined) continue;
    const label = stepLabel(step);
    if (step.if !== undefined) {
      const on = opts.conditions?.[step.if];
      if (on === undefined) throw new Error(`${jobId} / ${label}: no value given for the condition if: ${step.if}`);
      if (!on) continue;
    }
    const where = `${jobId} / ${label}`;
    const env: NodeJS.ProcessEnv = { ...opts.env };
    for (const scope of [wf.env, job.env, step.env])
      for (const [k, v] of Object.entries(scope ?? {})) env[k] = expand(String(v), opts.expressions, where);
    const script = path.join(scriptDir, `step-${i}.sh`);
    fs.writeFileSync(script, expand(step.run, opts.expressions, where));
    const [cmd, ...args] = splitCommand(effectiveShell(wf, job, step).replace("{0}", script));
    const cwd = path.join(opts.workspace, step["working-directory"] ?? job.defaults?.run?.["working-directory"] ?? "");
    const res = spawnSync(cmd, args, { cwd, env, encoding: "utf8" });
    output += `--- ${label}\n${res.stdout}${res.stderr}`;
    ran.push(label);
    const code = res.status ?? 1;
    if (code !== 0 && !step["continue-on-error"]) return { failedStep: label, code, output, ran };
  }
  return { code: 0, output, ran };
}

/** Splits a shell command line on spaces, keeping double-quoted words whole (enough for GitHub's templates). */
function splitCommand(line: string): string[] {
  return (line.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"(.*)"$/, "$1"));
}

/** Whether a script pipes one command into another (a `|` that is not `||`), outside quotes and comments. */
export function pipes(script: string): boolean {
  return script
    .split("\n")
    .map((line) => line.replace(/'[^']*'|"(?:\\.|[^"\\])*"/g, "").replace(/(^|\s)#.*$/, ""))
    .some((line) => /(^|[^|])\|(?!\|)/.test(line));
}

/** Whether a shell command stops a pipeline on any failing command in it. */
export const failsOnPipes = (shell: string): boolean => /-\w*o\s+pipefail|set -o pipefail/.test(shell);
