/** Runs the Terraform CLI: fmt for synth, and init/plan/show for `lakegen plan` and the tests. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TerraformOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Standard input for the command. */
  input?: string;
}

export class TerraformError extends Error {
  constructor(
    readonly args: string[],
    readonly result: TerraformResult,
  ) {
    super(`terraform ${args[0]} failed (exit ${result.code}):\n${(result.stderr || result.stdout).trim()}`);
  }
}

export function terraformEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0", ...extra };
}

export function runTerraform(args: string[], opts: TerraformOptions): TerraformResult {
  const res = spawnSync("terraform", args, {
    cwd: opts.cwd,
    env: terraformEnv(opts.env),
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    input: opts.input ?? "",
  });
  if (res.error) {
    const missing = (res.error as NodeJS.ErrnoException).code === "ENOENT";
    throw new Error(missing ? "terraform was not found on PATH; install Terraform >= 1.10" : `terraform: ${res.error.message}`);
  }
  return { code: res.status ?? 1, stdout: res.stdout ?? "", stderr: res.stderr ?? "" };
}

/** Like runTerraform, but a non-zero exit throws a TerraformError. */
export function terraform(args: string[], opts: TerraformOptions): TerraformResult {
  const res = runTerraform(args, opts);
  if (res.code !== 0) throw new TerraformError(args, res);
  return res;
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `lakegen-${prefix}-`));
}
