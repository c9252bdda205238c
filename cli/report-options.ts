/** What `lakegen check` and `lakegen pr` share: the version in reports, --fail-on, --format and --output. */
import * as fs from "node:fs";
import * as path from "node:path";
import { projectRoot } from "../lib/paths";
import { SEVERITIES, type Severity, UNKNOWN_POLICIES, type UnknownPolicy } from "../policy/rule";
import { UsageError } from "./errors";

export const VERSION: string = JSON.parse(fs.readFileSync(path.join(projectRoot(), "package.json"), "utf8")).version;

export function failOnOption(value: string): Severity {
  if (!SEVERITIES.includes(value as Severity)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(", ")}`);
  return value as Severity;
}

export function unknownOption(value: string): UnknownPolicy {
  if (!UNKNOWN_POLICIES.includes(value as UnknownPolicy)) throw new UsageError(`--unknown must be one of ${UNKNOWN_POLICIES.join(", ")}`);
  return value as UnknownPolicy;
}

/** `--account 111122223333,444455556666`: the lake's own accounts, beside those the plan names. */
export function accountsOption(value: string | undefined): string[] {
  const ids = (value ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  const bad = ids.filter((a) => !/^\d{12}$/.test(a));
  if (bad.length)
    throw new UsageError(`--account takes 12-digit AWS account ids, comma-separated; not ${bad.map((b) => `"${b}"`).join(", ")}`);
  return ids;
}

/** The options `lakegen check` and `lakegen pr` share for unknowns and accounts, and their help. */
export const GATE_OPTIONS = {
  unknown: { type: "string", default: "guarded" },
  account: { type: "string" },
} as const;
export function formatOption<F extends string>(value: string, formats: readonly F[]): F {
  if (!formats.includes(value as F)) throw new UsageError(`--format must be one of ${formats.join(", ")}`);
  return value as F;
}

/** Writes a report to --output (making its folder) or, without one, to stdout. */
export function writeReport(text: string, output: string | undefined): void {
  if (!output) return void process.stdout.write(text);
  fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
  fs.writeFileSync(output, text);
}
