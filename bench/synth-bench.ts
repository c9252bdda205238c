/**
 * Benchmark (not a test): wall time and peak memory of `npm run synth`, beside
 * `npx cdktf synth` on the same app. Medians of several runs, via GNU time.
 *
 *   npm run bench [-- --runs N]
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { makeTempDir } from "../lib/terraform";

const ROOT = path.join(__dirname, "..", "..");
const TIME = "/usr/bin/time";

interface Sample {
  seconds: number;
  peakMb: number;
}

function measure(command: string[], env: NodeJS.ProcessEnv): Sample {
  const res = spawnSync(TIME, ["-f", "%e %M", ...command], { cwd: ROOT, env, encoding: "utf8" });
  if (res.status !== 0) throw new Error(`${command.join(" ")} failed:\n${res.stderr}`);
  const [seconds, kb] = res.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { seconds, peakMb: kb / 1024 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "7" } } });
  const runs = Number(values.runs);
  if (!fs.existsSync(TIME)) throw new Error(`${TIME} is missing (Debian package "time")`);
  const out = makeTempDir("bench");
  const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
  const cases: [string, string[]][] = [
    ["npm run synth", ["npm", "run", "synth", "--silent", "--", "--quiet", "--out", path.join(out, "dist")]],
    ["npx cdktf synth", ["npx", "cdktf", "synth", "--output", path.join(out, "cdktf.out")]],
  ];
  try {
    const rows: string[] = [];
    for (const [name, command] of cases) {
      measure(command, env); // warm-up: file cache, and TypeScript compiled if stale
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        samples.push(measure(command, env));
        process.stderr.write(`bench: ${name} run ${i + 1}/${runs}\n`);
      }
      rows.push(
        `| ${name} | ${median(samples.map((s) => s.seconds)).toFixed(2)} s | ${Math.min(...samples.map((s) => s.seconds)).toFixed(2)} ` +
          `s | ${median(samples.map((s) => s.peakMb)).toFixed(0)} MB |`,
      );
    }
    console.log(`Synth benchmark, ${runs} runs each (median wall time, fastest run, median peak RSS of the largest process)\n`);
    console.log("| command | median | fastest | peak memory |\n|---|---|---|---|");
    console.log(rows.join("\n"));
    console.log("\nTarget for npm run synth: ≤ 1.5 s median and ≤ 300 MB peak.");
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

main();
