/**
 * Offline Terraform runs against a synthesized environment. The root is copied
 * to a scratch directory with Terraform override files that swap the S3
 * backend for a local one and give the provider placeholder credentials, so
 * dist/ itself stays real.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir, runTerraform, terraform, type TerraformResult } from "./terraform";

const BACKEND_OVERRIDE = `terraform {
  backend "local" {}
}
`;

/**
 * Offline plans: with the skip flags the provider never calls AWS. Its credentials come from the
 * environment (OFFLINE_CREDENTIALS), never from the configuration, so no plan JSON carries keys.
 */
export const PROVIDER_OVERRIDE = `provider "aws" {
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  # The account cannot be checked without asking AWS, nor a role assumed.
  allowed_account_ids = null
  assume_role {
    role_arn = ""
  }
}
`;

/** Placeholder credentials for the environment of an offline plan: whatever the caller has is not used. */
export const OFFLINE_CREDENTIALS: NodeJS.ProcessEnv = {
  AWS_ACCESS_KEY_ID: "AKIAOFFLINEPLAN00000",
  AWS_SECRET_ACCESS_KEY: "offline-plan-placeholder-secret",
  AWS_SESSION_TOKEN: "",
  AWS_PROFILE: "",
};

/** A scratch copy of dist/envs/<env> (with dist/modules beside it), ready for offline runs. */
export class OfflineRoot {
  readonly scratch: string;
  readonly dir: string;

  constructor(
    distDir: string,
    readonly env: string,
  ) {
    const source = path.join(distDir, "envs", env);
    if (!fs.existsSync(source)) throw new Error(`${source} does not exist; run "lakegen synth" first`);
    this.scratch = makeTempDir(`plan-${env}`);
    this.dir = path.join(this.scratch, "envs", env);
    fs.cpSync(path.join(distDir, "modules"), path.join(this.scratch, "modules"), { recursive: true });
    fs.cpSync(source, this.dir, { recursive: true, filter: (src) => path.basename(src) !== ".terraform" });
    fs.writeFileSync(path.join(this.dir, "backend_override.tf"), BACKEND_OVERRIDE);
    fs.writeFileSync(path.join(this.dir, "provider_override.tf"), PROVIDER_OVERRIDE);
  }

  init(pluginDir?: string): void {
    const args = ["init", "-input=false", "-no-color"];
    if (pluginDir) args.push(`-plugin-dir=${path.resolve(pluginDir)}`);
    terraform(args, { cwd: this.dir, env: OFFLINE_CREDENTIALS });
  }

  /** terraform plan; a failed plan (e.g. a validation) comes back with a non-zero code. */
  tryPlan(varFile?: string): TerraformResult {
    const args = ["plan", "-input=false", "-lock=false", "-no-color", "-out=tfplan"];
    if (varFile) args.push(`-var-file=${path.resolve(varFile)}`);
    return runTerraform(args, { cwd: this.dir, env: OFFLINE_CREDENTIALS });
  }

  /** terraform plan, then the plan as JSON (`terraform show -json`). */
  plan(varFile?: string): Record<string, unknown> {
    const res = this.tryPlan(varFile);
    if (res.code !== 0) throw new PlanFailedError(res);
    return JSON.parse(terraform(["show", "-json", "tfplan"], { cwd: this.dir, env: OFFLINE_CREDENTIALS }).stdout);
  }

  run(args: string[]): TerraformResult {
    return runTerraform(args, { cwd: this.dir, env: OFFLINE_CREDENTIALS });
  }

  dispose(): void {
    fs.rmSync(this.scratch, { recursive: true, force: true });
  }
}

export class PlanFailedError extends Error {
  constructor(readonly result: TerraformResult) {
    super(`terraform plan failed:\n${(result.stderr || result.stdout).trim()}`);
  }
}

export interface PlanOptions {
  distDir: string;
  env: string;
  /** A tfvars file to plan with instead of the environment's own copy. */
  varFile?: string;
  /** Provider plugin directory for `terraform init -plugin-dir`; otherwise TF_CLI_CONFIG_FILE decides. */
  pluginDir?: string;
  log?: (line: string) => void;
}

export function planEnvironment(opts: PlanOptions): Record<string, unknown> {
  const log = opts.log ?? (() => {});
  const root = new OfflineRoot(opts.distDir, opts.env);
  try {
    log("terraform init");
    root.init(opts.pluginDir);
    log("terraform plan");
    return root.plan(opts.varFile);
  } finally {
    root.dispose();
  }
}
