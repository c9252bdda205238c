/** Shared helpers for lakegen's tests. */
import { App } from "cdktf";
import * as fs from "node:fs";
import * as path from "node:path";
import { checkConfig, type EnvironmentConfig } from "../config/config";
import { type ModuleDefinition, ModuleStack } from "../lib/module";
import { parseTfvars } from "../lib/tfvars";
import { makeTempDir } from "../lib/terraform";
import { projectRoot } from "../lib/paths";

export const ROOT = projectRoot();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

/** A module's Terraform JSON, as cdktf synthesizes it. */
export function synthModule(def: ModuleDefinition): Json {
  const outdir = makeTempDir("unit");
  try {
    const app = new App({ outdir, skipValidation: true });
    const stack = new ModuleStack(app, def);
    app.synth();
    return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8"));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export function readTfvars(file: string): Json {
  return parseTfvars(fs.readFileSync(path.join(ROOT, file), "utf8"), file);
}

/** A valid environment config, from tfvars/<env>.tfvars. */
export function environmentConfig(env: string): EnvironmentConfig {
  const res = checkConfig(readTfvars(`tfvars/${env}.tfvars`), `${env}.tfvars`);
  if (!res.ok) throw new Error(JSON.stringify(res.problems));
  return res.config;
}

/** Problems lakegen reports for a tfvars object changed by `edit`, as "key.path: message" strings. */
export function problemsAfter(edit: (v: Json) => void, env = "dev"): string[] {
  const v = structuredClone(readTfvars(`tfvars/${env}.tfvars`));
  edit(v);
  const res = checkConfig(v, "x.tfvars");
  return res.ok ? [] : res.problems.map((p) => `${p.path}: ${p.message}`);
}

/** Terraform runs in tests need the provider: the mirror's CLI config, or the registry (global setup chose); never a skip. */
export function requireTerraformCliConfig(): string {
  const file = process.env.TF_CLI_CONFIG_FILE;
  if (process.env.LAKEGEN_PROVIDER_SOURCE === "registry") return "registry.terraform.io";
  if (!file || !fs.existsSync(file)) {
    throw new Error(
      "TF_CLI_CONFIG_FILE must point at a CLI config with the aws provider mirror (jest's global setup writes one from the provider " +
        "mirror)",
    );
  }
  return file;
}

/** Files below `dir`, as sorted relative paths. */
export function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}
