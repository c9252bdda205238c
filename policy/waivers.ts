/**
 * Waivers: accepted findings, each with a reason and an expiry. Read from JSON
 * or from this YAML shape (a small subset, parsed here because the project's
 * dependencies are fixed):
 *
 *   waivers:
 *     - rule: LG-S3-004
 *       resource: module.data_lake_storage.aws_s3_bucket.this["temp"]
 *       reason: Scratch data expires after a day.
 *       expires: 2027-06-30
 */
import * as fs from "node:fs";
import { z } from "zod";
import { BadPlanError } from "./plan";

/** 2027-02-30 has the shape of a date but is not one. */
function isCalendarDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export const waiverSchema = z
  .object({
    rule: z.string().regex(/^LG-[A-Z0-9]+-[0-9]{3}$/, "must be a rule id such as LG-S3-001"),
    resource: z.string().min(1).describe("Resource address; * and ? match any characters."),
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

function scalar(raw: string): string {
  const v = raw.trim();
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) {
    return v.startsWith('"') ? JSON.parse(v) : v.slice(1, -1).replace(/''/g, "'");
  }
  return v;
}

/** The YAML subset: an optional `waivers:` key, then a list of flat `key: value` maps. */
function parseYaml(text: string, file: string): unknown {
  const items: Record<string, string>[] = [];
  let topKey = false;
  text.split("\n").forEach((line, i) => {
    const content = line.replace(/\s+#.*$/, "").replace(/^#.*$/, "");
    if (!content.trim()) return;
    if (/^waivers:\s*$/.test(content)) {
      topKey = true;
      return;
    }
    const m = /^(\s*)(- )?([A-Za-z_]+):\s*(.*)$/.exec(content);
    if (!m) throw new BadPlanError(`${file}:${i + 1}: expected "key: value" or "- key: value"`);
    if (m[2]) items.push({});
    if (items.length === 0) throw new BadPlanError(`${file}:${i + 1}: expected a list item ("- rule: …")`);
    items[items.length - 1][m[3]] = scalar(m[4]);
  });
  return topKey ? { waivers: items } : items;
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

/** A resource-address glob: * and ? are wildcards, everything else literal. */
export function addressMatches(glob: string, address: string): boolean {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(address);
}
