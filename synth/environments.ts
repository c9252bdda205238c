/** Loads every environment's tfvars, or reports all their problems at once. */
import {
  environmentFiles,
  environmentName,
  formatProblem,
  loadConfig,
  loadConfigChecked,
  type LoadResult,
  type Problem,
} from "../config/config";
import * as path from "node:path";
import { loadUsage } from "../deliverables/usage";
import { overrideFiles } from "./overrides";
import type { SynthEnvironment } from "./synth";

export class InvalidTfvarsError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join("\n"));
  }
}

/** Every environment, read by lakegen's reader only (for cdktf's main.ts, which must stay synchronous). */
export function loadEnvironments(files: string[] = environmentFiles()): SynthEnvironment[] {
  return collect(files, files.map(loadConfig));
}

/** Every environment, each confirmed by Terraform's own HCL parser: what `lakegen synth` and `docs` use. */
export async function loadEnvironmentsChecked(files: string[] = environmentFiles()): Promise<SynthEnvironment[]> {
  const results: LoadResult[] = [];
  for (const file of files) results.push(await loadConfigChecked(file));
  return collect(files, results);
}

function collect(files: string[], results: LoadResult[]): SynthEnvironment[] {
  if (files.length === 0) throw new Error("no tfvars files found in tfvars/");
  const problems: Problem[] = [];
  const envs: SynthEnvironment[] = [];
  results.forEach((res, i) => {
    const file = files[i];
    const name = environmentName(file);
    const overrides = overrideFiles(file, name);
    problems.push(...overrides.problems);
    if (!res.ok) return void problems.push(...res.problems);
    envs.push({
      name,
      tfvarsFile: file,
      config: res.config,
      usage: loadUsage(path.join("usage", `${name}.hcl`), { optional: true }),
      overrides: overrides.files,
    });
  });
  if (problems.length) throw new InvalidTfvarsError(problems);
  return envs;
}
