/** Loads every environment's tfvars, or reports all their problems at once. */
import { environmentFiles, environmentName, formatProblem, loadConfig, type Problem } from "../config/config";
import * as path from "node:path";
import { loadUsage } from "../deliverables/usage";
import type { SynthEnvironment } from "./synth";

export class InvalidTfvarsError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join("\n"));
  }
}

export function loadEnvironments(files: string[] = environmentFiles()): SynthEnvironment[] {
  if (files.length === 0) throw new Error("no tfvars files found in tfvars/");
  const problems: Problem[] = [];
  const envs: SynthEnvironment[] = [];
  for (const file of files) {
    const res = loadConfig(file);
    if (res.ok) {
      const name = environmentName(file);
      envs.push({ name, tfvarsFile: file, config: res.config, usage: loadUsage(path.join("usage", `${name}.hcl`), { optional: true }) });
    }
    else problems.push(...res.problems);
  }
  if (problems.length) throw new InvalidTfvarsError(problems);
  return envs;
}
