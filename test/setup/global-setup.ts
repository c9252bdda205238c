/**
 * Runs once before jest's workers start: finds the provider mirror (as
 * `.ci/run` and `lakegen plan` do), or with none lets Terraform take the
 * provider from the registry and says so, and shares one plugin cache, so
 * every `terraform init` in the suite links the provider instead of copying it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { OFFLINE_CREDENTIALS } from "../../lib/plan";
import { providerSource } from "../../lib/provider-mirror";
import { terraform } from "../../lib/terraform";

export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lakegen-jest-"));
  process.env.LAKEGEN_JEST_DIR = dir;
  try {
    const source = providerSource(dir);
    if (source.kind === "registry") process.stderr.write(`\nlakegen tests: ${source.notice}\n`);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`lakegen's Terraform tests cannot run: ${(e as Error).message}`, { cause: e });
  }
  const cache = path.join(dir, "plugin-cache");
  fs.mkdirSync(cache);
  process.env.TF_PLUGIN_CACHE_DIR = cache;
  process.env.CHECKPOINT_DISABLE = "1";
  // Every plan in the tests is offline: the provider override writes no keys, so they come from here.
  Object.assign(process.env, OFFLINE_CREDENTIALS);
  primeCache(path.join(dir, "prime"));
}

/** Terraform's plugin cache is not safe for concurrent writers: fill it once, before the workers start. */
function primeCache(dir: string): void {
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, "versions.tf"),
    'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = ">= 5.100, < 7.0" }\n  }\n}\n',
  );
  terraform(["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir });
}
