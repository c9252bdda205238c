import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { planEnvironment } from "../../lib/plan";
import { say, UsageError } from "../errors";

export function planCommand(args: string[]): number {
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
  const log = say(false);
  const plan = planEnvironment({
    distDir: values.dist,
    env,
    varFile: values["var-file"],
    pluginDir: values["plugin-dir"],
    log,
  });
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(plan));
  const changes = (plan.resource_changes as unknown[] | undefined)?.length ?? 0;
  log(`wrote ${out} (${changes} resource changes)`);
  return 0;
}
