/**
 * Waivers: accepted findings, each with a reason and an expiry, from JSON or
 * YAML (read with the `yaml` package):
 *
 *   waivers:
 *     - rule: LG-S3-004
 *       resource: module.data_lake_storage.aws_s3_bucket.this["temp"]
 *       reason: Scratch data expires after a day.
 *       expires: 2027-06-30
 */
import * as fs from "node:fs";
import { parseDocument } from "yaml";
import { z } from "zod";
import { BadPlanError } from "./plan";

export { addressMatches } from "./address-glob";

/** 2027-02-30 has the shape of a date but is not one. */
function isCalendarDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export const waiverSchema = z
  .object({
    rule: z.string().regex(/^LG-[A-Z0-9]+-[0-9]{3}$/, "must be a rule id such as LG-S3-001"),
    resource: z.string().min(1).describe("Resource address; * matches any characters, ? one."),
    reason: z.string().min(10, "must explain the waiver in at least 10 characters"),
    expires: z
      .string()
      .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, "must be a date, YYYY-MM-DD")
      .refine(isCalendarDate, "must be a real day of the calendar, YYYY-MM-DD"),
  })
  .strict();
export type Waiver = z.infer<typeof waiverSchema>;

const listSchema = z.array(waiverSchema);
const fileSchema = z.object({ waivers: listSchema }).strict();

/** YAML, with the line of the first error; dates stay strings (YAML 1.2 core schema). */
function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { schema: "core", prettyErrors: true });
  const [error] = doc.errors;
  if (error) throw new BadPlanError(`${file}:${error.linePos?.[0].line ?? "?"}: not valid YAML: ${error.message.split("\n")[0]}`);
  return doc.toJS();
}

export function loadWaivers(file: string): Waiver[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new BadPlanError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  if (/^\s*[[{]/.test(text)) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new BadPlanError(`${file}: not valid JSON: ${(e as Error).message}`);
    }
  } else raw = parseYaml(text, file);
  const parsed = Array.isArray(raw) ? listSchema.safeParse(raw) : fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.filter((p) => p !== "waivers").join(".");
    throw new BadPlanError(`${file}: ${at || "waivers"}: ${issue.message}`);
  }
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.waivers;
}
