import * as path from "node:path";
import { parseArgs } from "node:util";
import { loadEnvironmentsChecked } from "../../synth/environments";
import { buildApp, synthJson, writeDocs } from "../../synth/synth";
import { makeTempDir } from "../../lib/terraform";
import * as fs from "node:fs";
import { say, UsageError } from "../errors";

export async function docsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { dist: { type: "string", default: "dist" } } });
  const all = await loadEnvironmentsChecked();
  const envs = positionals.length ? all.filter((e) => positionals.includes(e.name)) : all;
  const unknown = positionals.filter((p) => !all.some((e) => e.name === p));
  if (unknown.length) throw new UsageError(`no tfvars for ${unknown.join(", ")}`);
  const log = say(false);
  const work = makeTempDir("docs");
  try {
    const built = buildApp(envs, path.join(work, "cdktf.out"));
    const json = synthJson(built);
    for (const { env, stack } of built.environments) {
      const dir = path.join(values.dist, "envs", env.name, "docs");
      writeDocs(dir, env, json.get(stack.node.id)!);
      log(`wrote ${dir}/`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return 0;
}
