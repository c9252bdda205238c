/** What `lakegen check` and `lakegen pr` share: the version in reports, --fail-on, --format and --output. */
import * as fs from "node:fs";
import * as path from "node:path";
import { projectRoot } from "../lib/paths";
import { SEVERITIES, type Severity } from "../policy/rule";
import { UsageError } from "./errors";

export const VERSION: string = JSON.parse(fs.readFileSync(path.join(projectRoot(), "package.json"), "utf8")).version;

export function failOnOption(value: string): Severity {
  if (!SEVERITIES.includes(value as Severity)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(", ")}`);
  return value as Severity;
}

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
