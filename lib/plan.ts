/**
 * Offline plans of a synthesized environment. The root is copied to a scratch
 * directory with Terraform override files that swap the S3 backend for a local
 * one and give the provider placeholder credentials, so dist/ itself stays real.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir, terraform } from "./terraform";

export interface PlanOptions {
  distDir: string;
  env: string;
  /** A tfvars file to plan with instead of the environment's own copy. */
  varFile?: string;
  /** Provider plugin directory for `terraform init -plugin-dir`; otherwise TF_CLI_CONFIG_FILE decides. */
  pluginDir?: string;
  log?: (line: string) => void;
}

export interface PlanResult {
  plan: Record<string, unknown>;
}

const BACKEND_OVERRIDE = `terraform {
  backend "local" {}
}
`;

// Placeholder keys: with the skip flags the provider never calls AWS while planning.
const PROVIDER_OVERRIDE = `provider "aws" {
  access_key                  = "AKIAOFFLINEPLAN00000"
  secret_key                  = "offline-plan-placeholder-secret"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  # The account cannot be checked without asking AWS.
  allowed_account_ids = null
}
`;

export function planEnvironment(opts: PlanOptions): PlanResult {
  const log = opts.log ?? (() => {});
  const source = path.join(opts.distDir, "envs", opts.env);
  if (!fs.existsSync(path.join(source, "terraform.tfvars")) && !fs.existsSync(path.join(source, "main.tf.json"))) {
    throw new Error(`${source} does not exist; run "lakegen synth" first`);
  }
  const scratch = makeTempDir(`plan-${opts.env}`);
  try {
    const root = path.join(scratch, "envs", opts.env);
    fs.cpSync(path.join(opts.distDir, "modules"), path.join(scratch, "modules"), { recursive: true });
    fs.cpSync(source, root, { recursive: true, filter: (src) => !src.includes(`${path.sep}.terraform`) });
    fs.writeFileSync(path.join(root, "backend_override.tf"), BACKEND_OVERRIDE);
    fs.writeFileSync(path.join(root, "provider_override.tf"), PROVIDER_OVERRIDE);

    log("terraform init");
    const init = ["init", "-input=false", "-no-color"];
    if (opts.pluginDir) init.push(`-plugin-dir=${path.resolve(opts.pluginDir)}`);
    terraform(init, { cwd: root });

    log("terraform plan");
    const plan = ["plan", "-input=false", "-lock=false", "-no-color", "-out=tfplan"];
    if (opts.varFile) plan.push(`-var-file=${path.resolve(opts.varFile)}`);
    terraform(plan, { cwd: root });

    log("terraform show -json");
    const shown = terraform(["show", "-json", "tfplan"], { cwd: root });
    return { plan: JSON.parse(shown.stdout) };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
