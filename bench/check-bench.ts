/**
 * Benchmark (not a test): `lakegen check` on a synthetic plan with 10,000
 * resource changes, as a pull request would run it, process start-up included.
 *
 *   npm run bench:check [-- --runs N --resources N]
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { makeTempDir } from "../lib/terraform";
import type { Json } from "../policy/plan";
import { passingLake } from "../policy/testing/plan-fixture";

const ROOT = path.join(__dirname, "..", "..");

/** Copies of the fixture lake, each in its own module, up to `target` resource changes. */
export function syntheticPlan(target: number): Json {
  const base = passingLake().plan();
  const perCopy = base.resource_changes.length;
  const copies = Math.ceil(target / perCopy);
  const plan: Json = { ...base, resource_changes: [], output_changes: {}, configuration: { root_module: { module_calls: {} } } };
  const lakeCall = base.configuration.root_module.module_calls.lake;
  for (let i = 0; i < copies; i++) {
    for (const rc of base.resource_changes) {
      if (plan.resource_changes.length === target) break;
      plan.resource_changes.push({ ...rc, address: rc.address.replace("module.lake.", `module.lake_${i}.`), module_address: `module.lake_${i}` });
    }
    plan.configuration.root_module.module_calls[`lake_${i}`] = lakeCall;
  }
  return plan;
}

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, resources: { type: "string", default: "10000" } } });
  const target = Number(values.resources);
  const dir = makeTempDir("bench-check");
  try {
    const file = path.join(dir, "plan.json");
    fs.writeFileSync(file, JSON.stringify(syntheticPlan(target)));
    const times: number[] = [];
    for (let i = 0; i <= Number(values.runs); i++) {
      const started = process.hrtime.bigint();
      const res = spawnSync(process.execPath, [path.join(ROOT, "build", "cli", "lakegen.js"), "check", file, "--format", "json", "--output", path.join(dir, "out.json")], { encoding: "utf8" });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (res.status !== 0) throw new Error(`lakegen check exited ${res.status}: ${res.stderr}`);
      if (i > 0) times.push(seconds); // the first run warms the file cache
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`lakegen check on ${target} resource changes, ${times.length} runs, process start-up included\n`);
    console.log("| median | fastest | resource changes per second |\n|---|---|---|");
    console.log(`| ${median.toFixed(2)} s | ${times[0].toFixed(2)} s | ${Math.round(target / median).toLocaleString("en-US")} |`);
    console.log("\nTarget: at least 20,000 resource changes per second.");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
