/**
 * Many plans of one initialized root in a single `terraform test` process.
 * Each case is its own test file (a failed run skips the rest of its file,
 * never other files), with the whole tfvars as the run's variables. One
 * process loads the provider schema once: a plan costs about a second here
 * instead of five as a separate `terraform plan` plus `terraform show`.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { OFFLINE_CREDENTIALS } from "../lib/plan";
import { terraformEnv } from "../lib/terraform";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

export interface BatchCase {
  /** Letters, digits, `-` and `_`: it names the test file and the run. */
  name: string;
  /** The whole tfvars text to plan with. */
  tfvars: string;
}

export interface BatchResult {
  status: "pass" | "fail" | "error" | "skip";
  /** Error summaries and details, one string per diagnostic. */
  errors: string[];
  /** The plan (resource_changes, output_changes) of a run that passed. */
  plan?: Json;
}

/**
 * Plans every case in `rootDir`, which must be initialized. Batches with
 * different labels may run at once in the same root: state stays in memory.
 * Rejects if a case has no result.
 */
export async function planBatch(rootDir: string, label: string, cases: BatchCase[]): Promise<Map<string, BatchResult>> {
  const batchDir = `lakegen-batch-${label}`;
  const dir = path.join(rootDir, batchDir);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  for (const c of cases) {
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(c.name)) throw new Error(`batch case name ${c.name} is not a run name`);
    const body = `run "${c.name}" {\n  command = plan\n\n  variables {\n${c.tfvars}\n  }\n}\n`;
    fs.writeFileSync(path.join(dir, `${c.name}.tftest.hcl`), body);
  }
  const results = new Map<string, BatchResult>();
  const general: string[] = [];
  const stderr = await terraformTestJson(rootDir, batchDir, (msg) => record(results, general, msg));
  const missing = cases.filter((c) => !results.has(c.name)).map((c) => c.name);
  if (missing.length) throw new Error(`terraform test gave no result for ${missing.join(", ")}:\n${[...general, stderr].join("\n")}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return results;
}

/**
 * Runs `terraform test -json -verbose` on one test directory of an initialized
 * root, handing each JSON message to `onMessage`; resolves with stderr.
 */
export function terraformTestJson(rootDir: string, testDir: string, onMessage: (msg: Json) => void): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn("terraform", ["test", "-json", "-verbose", `-test-directory=${testDir}`], {
      cwd: rootDir,
      env: terraformEnv(OFFLINE_CREDENTIALS), // every batch is offline: overrides or mocks stand in for AWS
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on("line", (line) => {
      if (line.startsWith("{")) onMessage(JSON.parse(line));
    });
    child.on("close", () => resolve(err));
  });
}

function record(results: Map<string, BatchResult>, general: string[], msg: Json): void {
  const run: string | undefined = msg["@testrun"];
  if (!run) {
    // Errors outside any run, such as a test file Terraform cannot parse.
    if (msg.type === "diagnostic" && msg.diagnostic.severity === "error") {
      general.push(`${msg["@testfile"] ?? ""} ${msg.diagnostic.summary}: ${msg.diagnostic.detail ?? ""}`);
    }
    return;
  }
  const result = results.get(run) ?? { status: "skip", errors: [] };
  results.set(run, result);
  if (msg.type === "test_run" && msg.test_run.progress === "complete") result.status = msg.test_run.status;
  if (msg.type === "diagnostic" && msg.diagnostic.severity === "error") {
    result.errors.push(`${msg.diagnostic.summary}: ${msg.diagnostic.detail ?? ""}`);
  }
  // The provider schemas ride along with every plan; keep only what the tests read.
  if (msg.type === "test_plan") {
    result.plan = { resource_changes: msg.test_plan.resource_changes, output_changes: msg.test_plan.output_changes };
  }
}

/**
 * tfvars text from an object: HCL reads JSON-style values. `${` and `%{` are
 * escaped, as HCL reads them as template sequences even in quoted strings.
 */
export function toTfvars(v: Record<string, unknown>): string {
  return Object.entries(v)
    .map(([k, x]) => `${k} = ${JSON.stringify(x, null, 2).replace(/([$%])\{/g, "$1$1{")}`)
    .join("\n");
}
