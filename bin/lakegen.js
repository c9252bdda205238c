#!/usr/bin/env node
// Entry point of `lakegen`: rebuilds the TypeScript when a source is newer than the
// build (a stat walk, a few ms), so `npx lakegen` never runs stale code, then runs the CLI.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = path.join(__dirname, "..");
const buildInfo = path.join(root, "build", ".tsbuildinfo");
// Every folder tsconfig compiles (its "include"), so a new folder or a JSON data file is never missed.
const tsconfig = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8"));
const SOURCES = [...new Set(tsconfig.include.map((p) => p.split("/")[0]))].concat("tsconfig.json", "package.json");

function newestSource(p) {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return /\.(ts|json)$/.test(p) ? stat.mtimeMs : 0;
  return Math.max(0, ...fs.readdirSync(p).map((f) => newestSource(path.join(p, f))));
}

const built = fs.statSync(buildInfo, { throwIfNoEntry: false });
const newest = Math.max(...SOURCES.map((s) => newestSource(path.join(root, s))));
if (!built || newest > built.mtimeMs) {
  let tsc;
  try {
    tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
  } catch {
    tsc = undefined;
  }
  if (tsc) {
    process.stderr.write("lakegen: sources changed; compiling TypeScript\n");
    const res = spawnSync(process.execPath, [tsc, "-p", root], { stdio: "inherit" });
    if (res.status !== 0) process.exit(res.status ?? 1);
    // tsc leaves its build info alone when no output changed; mark the build as current anyway.
    const now = new Date();
    fs.utimesSync(buildInfo, now, now);
  } else if (!built) {
    process.stderr.write("lakegen: build/ is missing and TypeScript is not installed; run npm ci\n");
    process.exit(1);
  }
}

const cli = require(path.join(root, "build", "cli", "lakegen.js"));
cli.endQuietlyOnClosedPipe(process.stdout);
cli.main(process.argv.slice(2)).then((code) => (process.exitCode = code));
