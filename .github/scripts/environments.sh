#!/usr/bin/env bash
# Prints the environments as a GitHub Actions matrix: [{"env":"dev","region":"eu-west-1"}, ...],
# one per tfvars/<env>.tfvars, with the region each one's tfvars names, prod (or production) last.
# Needs the build (npm ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
node -e '
const fs = require("node:fs");
const { parseTfvars } = require("./build/lib/tfvars.js");
// Production last: apply runs the matrix in this order, one at a time, so prod waits for the others.
const last = (f) => (/^prod(uction)?\.tfvars$/.test(f) ? 1 : 0);
const envs = fs.readdirSync("tfvars").filter((f) => f.endsWith(".tfvars")).sort((a, b) => last(a) - last(b) || a.localeCompare(b)).map((f) => {
  const v = parseTfvars(fs.readFileSync(`tfvars/${f}`, "utf8"), `tfvars/${f}`);
  return { env: f.replace(/\.tfvars$/, ""), region: v.region };
});
process.stdout.write(JSON.stringify(envs) + "\n");
'
