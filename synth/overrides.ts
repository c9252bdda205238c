/**
 * A team's own Terraform for an environment's root, kept in git: `overrides/<env>/`, beside `tfvars/`.
 * Synth copies its `*.tf` and `*.tf.json` files into `dist/envs/<env>/`, so CI plans them too. A file
 * named `*_override.tf` changes what lakegen generates (Terraform's override files); any other adds to it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Problem } from "../config/config";

/** What synth writes in a root: an override file by one of these names would be overwritten. */
export const GENERATED_ROOT_FILES = [
  "versions.tf",
  "providers.tf",
  "variables.tf",
  "main.tf",
  "outputs.tf",
  "main.tf.json",
  "terraform.tfvars",
  ".terraform.lock.hcl",
];

/** `overrides/<env>/` of a tfvars file `…/tfvars/<env>.tfvars`. */
export function overridesDir(tfvarsFile: string, env: string): string {
  return path.join(path.dirname(path.dirname(path.resolve(tfvarsFile))), "overrides", env);
}

/** The files synth copies into the root, or the problems that stop it; none when the folder does not exist. */
export function overrideFiles(tfvarsFile: string, env: string): { files: string[]; problems: Problem[] } {
  const dir = overridesDir(tfvarsFile, env);
  if (!fs.existsSync(dir)) return { files: [], problems: [] };
  const files: string[] = [];
  const problems: Problem[] = [];
  const shown = path.join("overrides", env);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === "README.md") continue;
    const problem = overrideProblem(entry, path.join(dir, entry.name), env);
    if (problem) problems.push({ file: path.join(shown, entry.name), path: "", message: problem });
    else files.push(path.join(dir, entry.name));
  }
  return { files, problems };
}

/** Why synth cannot copy this entry of overrides/<env>/, or undefined when it can. */
function overrideProblem(entry: fs.Dirent, file: string, env: string): string | undefined {
  if (!entry.isFile() || !/\.tf(\.json)?$/.test(entry.name)) {
    return "synth copies only *.tf and *.tf.json files from an overrides folder (no folders: put a module elsewhere and call it)";
  }
  if (GENERATED_ROOT_FILES.includes(entry.name)) {
    const stem = entry.name.replace(/\.tf(\.json)?$/, "");
    return (
      `synth writes ${entry.name} in dist/envs/${env}/: name it ${stem}_override.tf to change what it holds, or give it another ` +
      `name to add to it`
    );
  }
  // HCL's `terraform {` or JSON's "terraform": key.
  const text = fs.readFileSync(file, "utf8");
  if (/^\s*terraform\s*\{/m.test(text) || /"terraform"\s*:/.test(text)) {
    return (
      "a terraform block (backend, required providers) would change where the state lives and which providers run: set the " +
      "backend in the tfvars"
    );
  }
  return undefined;
}
