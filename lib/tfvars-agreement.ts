/**
 * lakegen reads tfvars with its own reader (it keeps line numbers and refuses
 * expressions), then has Terraform's HCL parser (hcl2json, the Go parser
 * built to WebAssembly) read the same text. Anything Terraform refuses, or
 * reads as a different value, is an error at the position Terraform gives.
 */
import { parse } from "@cdktf/hcl2json";
import { TfvarsSyntaxError } from "./tfvars";

type Json = unknown;

/** Resolves when Terraform reads `text` exactly as lakegen read it (`ours`); rejects with a TfvarsSyntaxError otherwise. */
export async function checkTerraformReadsAlike(text: string, file: string, ours: Record<string, Json>): Promise<void> {
  let theirs: Record<string, Json>;
  try {
    theirs = await parse(file, text);
  } catch (e) {
    throw fromHclError(file, String((e as Error).message ?? e));
  }
  const diff = firstDifference(ours, theirs, "");
  if (diff !== undefined) {
    const top = diff.split(/[.[]/)[0];
    const at = new RegExp(`^${top.replace(/[-/\\^$*+?.()|[\]{}]/g, "\\$&")}\\s*=`, "m").exec(text);
    const line = at ? text.slice(0, at.index).split("\n").length : 1;
    throw new TfvarsSyntaxError(file, line, 1, `${diff}: Terraform reads this value differently from lakegen; write it as a plain literal`);
  }
}

/** hcl2json's "parse config: [FILE:LINE,COL-COL: Summary; Detail]" as a positioned error. */
function fromHclError(file: string, message: string): TfvarsSyntaxError {
  const m = /:(\d+),(\d+)(?:-\d+)?: ([^;\]]+)(?:; ([^\]]*))?/.exec(message);
  if (!m) return new TfvarsSyntaxError(file, 1, 1, `Terraform cannot read this file: ${message}`);
  const detail = m[4] ? `: ${m[4].trim()}` : "";
  return new TfvarsSyntaxError(file, Number(m[1]), Number(m[2]), `Terraform: ${m[3].trim()}${detail}`);
}

function firstDifference(a: Json, b: Json, at: string): string | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return at || "(file)";
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as Record<string, Json>)[k], (b as Record<string, Json>)[k], at ? `${at}.${k}` : k);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return a === b ? undefined : at || "(file)";
}
