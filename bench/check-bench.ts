/**
 * Benchmark (not a test): `lakegen check` on a plan with 100,000 resource
 * changes, as a pull request would run it, process start-up included, with
 * the peak memory of the process.
 *
 *   npm run bench:check [-- --runs N --resources N --plan PLAN.json]
 *
 * With --plan (e.g. `lakegen plan prod`), the plan is repeated whole, with
 * its planned_values, prior_state and configuration, as module instances
 * (`module.x["c7"]`): the shape `terraform show -json` writes for a large
 * estate. Without it, the small fixture lake is repeated, resource changes only.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { makeTempDir } from "../lib/terraform";
import type { Json } from "../testkit/json";
import { passingLake } from "../testkit/policy/plan-fixture";

const ROOT = path.join(__dirname, "..", "..");
const TARGET_PER_SECOND = 50_000;
const TARGET_MB = 500;
const TARGET_START_UP_S = 0.2;

/** Module addresses of copy `i`: module.lake → module.lake["c<i>"], inside JSON text. */
const instanceOf = (json: string, i: number) => json.replace(/module\.([A-Za-z0-9_]+)(?=\.|\\"|")/g, `module.$1[\\"c${i}\\"]`);

/** Writes a plan of `target` resource changes, repeating `base`, a piece at a time. */
export function writeRepeatedPlan(base: Json, target: number, file: string): void {
  const fd = fs.openSync(file, "w");
  const copies = Math.ceil(target / base.resource_changes.length);
  const put = (s: string) => fs.writeSync(fd, s);
  const children = JSON.stringify(base.planned_values?.root_module?.child_modules ?? []).slice(1, -1);
  put(`{"format_version":${JSON.stringify(base.format_version)},"variables":${JSON.stringify(base.variables ?? {})}`);
  put(`,"planned_values":{"root_module":{"child_modules":[`);
  for (let i = 0; i < copies && children; i++) put((i ? "," : "") + instanceOf(children, i));
  put(`]}},"resource_changes":[`);
  let written = 0;
  for (let i = 0; written < target; i++) {
    for (const rc of base.resource_changes) {
      if (written === target) break;
      put((written ? "," : "") + instanceOf(JSON.stringify(rc), i));
      written++;
    }
  }
  put(`],"output_changes":${JSON.stringify(base.output_changes ?? {})},"prior_state":${JSON.stringify(base.prior_state ?? {})}`);
  put(`,"configuration":${JSON.stringify(base.configuration ?? {})},"checks":${JSON.stringify(base.checks ?? [])},"complete":true}`);
  fs.closeSync(fd);
}

function writeSmall(dir: string): string {
  const file = path.join(dir, "small.json");
  fs.writeFileSync(file, JSON.stringify(passingLake().plan()));
  return file;
}

/**
 * Runs node with `args` runs + 1 times; the first only warms the file cache.
 * The seconds of the others, fastest first, each with what `after` reads then.
 */
function timedRuns(runs: number, args: string[], after: () => number = () => 0): { seconds: number; measured: number }[] {
  const out: { seconds: number; measured: number }[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = process.hrtime.bigint();
    const res = spawnSync(process.execPath, args, { encoding: "utf8" });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (res.status !== 0) throw new Error(`${args.join(" ")} exited ${res.status}: ${res.stderr}`);
    if (i > 0) out.push({ seconds, measured: after() });
  }
  return out.sort((a, b) => a.seconds - b.seconds);
}

const median = <T>(sorted: T[]): T => sorted[Math.floor(sorted.length / 2)];

function main(): void {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: "5" }, resources: { type: "string", default: "100000" }, plan: { type: "string" } },
  });
  const target = Number(values.resources);
  const base = values.plan ? JSON.parse(fs.readFileSync(values.plan, "utf8")) : passingLake().plan();
  const dir = makeTempDir("bench-check");
  try {
    const file = path.join(dir, "plan.json");
    writeRepeatedPlan(base, target, file);
    const mb = fs.statSync(file).size / 1e6;
    // The peak resident memory of the checking process, from Node itself.
    const rssFile = path.join(dir, "rss");
    const preload = path.join(dir, "rss.js");
    fs.writeFileSync(
      preload,
      `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
    );
    const lakegen = path.join(ROOT, "bin", "lakegen.js");
    const runs = timedRuns(
      Number(values.runs),
      ["--require", preload, lakegen, "check", file, "--format", "json", "--output", path.join(dir, "out.json"), "--fail-on", "critical"],
      () => Number(fs.readFileSync(rssFile, "utf8")) / 1024,
    );
    const startUp = median(timedRuns(Number(values.runs), [lakegen, "check", writeSmall(dir), "--fail-on", "critical"])).seconds;
    const seconds = median(runs).seconds;
    const peak = Math.max(...runs.map((r) => r.measured));
    const rate = Math.round(target / seconds);
    console.log(
      `lakegen check on ${target.toLocaleString("en-US")} resource changes (${mb.toFixed(0)} MB of plan JSON, ` +
        `${values.plan ? `repeating ${values.plan}` : "the fixture lake"}), ${runs.length} runs, process start-up included\n`,
    );
    console.log("| median | fastest | resource changes per second | peak memory |\n|---|---|---|---|");
    console.log(`| ${seconds.toFixed(2)} s | ${runs[0].seconds.toFixed(2)} s | ${rate.toLocaleString("en-US")} | ${peak.toFixed(0)} MB |`);
    console.log(
      `\nStart-up: \`bin/lakegen.js check\` on the fixture lake's plan takes ${startUp.toFixed(2)} s (target: at most ` +
        `${TARGET_START_UP_S} s, ${startUp <= TARGET_START_UP_S ? "met" : "NOT met"}).`,
    );
    console.log(
      `\nTargets: at least ${TARGET_PER_SECOND.toLocaleString("en-US")} resource changes per second ` +
        `(${rate >= TARGET_PER_SECOND ? "met" : "NOT met"}), at most ${TARGET_MB} MB (${peak <= TARGET_MB ? "met" : "NOT met"}).`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
