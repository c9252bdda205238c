#!/usr/bin/env bash
# Prints the environments as a GitHub Actions matrix: [{"env":"dev","region":"eu-west-1"}, ...],
# one per tfvars/<env>.tfvars, with the region each one's tfvars names. Needs the build (npm ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
node -e '
const fs = require("node:fs");
const { parseTfvars } = require("./build/lib/tfvars.js");
const envs = fs.readdirSync("tfvars").filter((f) => f.endsWith(".tfvars")).sort().map((f) => {
  const v = parseTfvars(fs.readFileSync(`tfvars/${f}`, "utf8"), `tfvars/${f}`);
  return { env: f.replace(/\.tfvars$/, ""), region: v.region };
});
process.stdout.write(JSON.stringify(envs) + "\n");
'
