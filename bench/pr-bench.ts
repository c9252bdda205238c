/**
 * Benchmark (not a test): `lakegen pr` from two tfvars files, as a pull request
 * that renames prod's project would run it: validate, synth and plan both sides
 * offline, then compare. The rename replaces every bucket, so the report must
 * show destruction; the benchmark fails if it does not.
 *
 *   npm run bench:pr [-- --runs N --env ENV]
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { makeTempDir } from "../lib/terraform";

const ROOT = path.join(__dirname, "..", "..");
const TARGET_SECONDS = 90;

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, env: { type: "string", default: "prod" } } });
  const base = path.join(ROOT, "tfvars", `${values.env}.tfvars`);
  const text = fs.readFileSync(base, "utf8");
  const renamed = text.replace(/^project(\s*)= "([^"]+)"/m, 'project$1= "$2x"');
  if (renamed === text) throw new Error(`${base}: no project line to rename`);
  const dir = makeTempDir("bench-pr");
  try {
    const head = path.join(dir, "head.tfvars");
    fs.writeFileSync(head, renamed);
    const times: number[] = [];
    let destroyed = 0;
    for (let i = 0; i < Number(values.runs); i++) {
      const out = path.join(dir, "report.json");
      const started = process.hrtime.bigint();
      const res = spawnSync(
        process.execPath,
        [path.join(ROOT, "bin", "lakegen.js"), "pr", "--base-tfvars", base, "--head-tfvars", head, "--format", "json", "--output", out],
        {
          encoding: "utf8",
          cwd: ROOT,
        },
      );
      times.push(Number(process.hrtime.bigint() - started) / 1e9);
      // Exit 1: the rename's destruction fails the gate, as it should.
      if (res.status !== 1) throw new Error(`lakegen pr exited ${res.status}, expected 1 (a rename destroys buckets): ${res.stderr}`);
      const report = JSON.parse(fs.readFileSync(out, "utf8"));
      destroyed = (report.destructive ?? []).length;
      if (destroyed === 0) throw new Error("lakegen pr reported no destructive change for a rename that replaces every bucket");
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`lakegen pr --base-tfvars ${values.env} --head-tfvars (project renamed), ${times.length} runs\n`);
    console.log("| median | fastest | destructive changes shown |\n|---|---|---|");
    console.log(`| ${median.toFixed(1)} s | ${times[0].toFixed(1)} s | ${destroyed} |`);
    console.log(`\nTarget: at most ${TARGET_SECONDS} s (${median <= TARGET_SECONDS ? "met" : "NOT met"}).`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
