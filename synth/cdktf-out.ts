/**
 * `cdktf synth`, made usable: cdktf writes one stack per module and per
 * environment under cdktf.out/stacks/, and the environments' module blocks
 * point at ../../modules/<name>. So the modules are written there too, as
 * Terraform JSON, and each environment gets its tfvars. cdktf's own HCL output
 * (`--hcl`) drops overrides and writes invalid HCL, so it is refused with a
 * pointer to `lakegen synth`, which writes HCL.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { buildApp, copyShippedFiles, synthJson, type SynthEnvironment, writeConfig } from "./synth";

export const HCL_REFUSED =
  "lakegen: `cdktf synth --hcl` is not supported: cdktf's HCL converter drops resource overrides and writes invalid HCL " +
  '(`0 = "required_version"`). Run `npx cdktf synth` for Terraform JSON in cdktf.out/, or `npx lakegen synth` for HCL in dist/.';

/** Writes cdktf.out; false, with nothing written, when cdktf asked for its HCL. */
export function synthForCdktf(environments: SynthEnvironment[], outdir: string): boolean {
  if (process.env.SYNTH_HCL_OUTPUT === "true") return false;
  const built = buildApp(environments, outdir);
  const json = synthJson(built);
  for (const stack of built.modules) {
    const dir = path.join(outdir, "modules", stack.node.id);
    fs.rmSync(dir, { recursive: true, force: true });
    writeConfig(dir, json.get(stack.node.id)!, "json");
    copyShippedFiles(stack, dir);
  }
  for (const { env, stack } of built.environments) {
    fs.copyFileSync(env.tfvarsFile, path.join(outdir, "stacks", stack.node.id, "terraform.tfvars"));
  }
  return true;
}
