import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { formatProblem, loadConfigChecked } from "../../config/config";
import { bootstrapRoot } from "../../deploy/bootstrap";
import { providerLockFile } from "../../lib/provider-lock";
import { terraform } from "../../lib/terraform";
import { environmentFile } from "../environment-arg";
import { say, UsageError } from "../errors";

export async function bootstrapCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: "string" } } });
  if (positionals.length !== 1) throw new UsageError("bootstrap needs exactly one environment, e.g. lakegen bootstrap prod");
  const env = positionals[0];
  const file = environmentFile(env);
  const loaded = await loadConfigChecked(file);
  if (!loaded.ok) throw Object.assign(new Error(loaded.problems.map(formatProblem).join("\n")), { problems: loaded.problems });
  const out = values.out ?? path.join("dist", "bootstrap", env);
  fs.mkdirSync(out, { recursive: true });
  const main = path.join(out, "main.tf");
  fs.writeFileSync(main, bootstrapRoot(loaded.config));
  fs.writeFileSync(path.join(out, ".terraform.lock.hcl"), providerLockFile());
  terraform(["fmt", "-list=false", main], { cwd: out });
  say(false)(`wrote ${main}: the state bucket ${String((loaded.config.backend as { bucket: string }).bucket)}; run terraform init && terraform apply there`);
  return 0;
}
