/**
 * Plan-time invalid cases, grouped so that one `terraform plan` checks
 * several: Terraform evaluates every variable's validations and reports each
 * failure, so edits to different top-level tfvars keys can share a plan. Each
 * case still needs its own message in its group's errors; cases whose
 * messages could stand in for each other never share a group, and neither
 * does an edit to a key that many modules read, whose invalid value would
 * hide the others' rules.
 */
import { parseTfvars } from "../lib/tfvars";
import type { InvalidCase } from "./invalid-cases";

export interface InvalidGroup {
  name: string;
  base: "dev" | "prod";
  cases: InvalidCase[];
  tfvars: string;
}

/** Top-level keys whose values differ between two tfvars texts. */
function changedKeys(base: string, edited: string): string[] | undefined {
  try {
    const a = parseTfvars(base);
    const b = parseTfvars(edited);
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  } catch {
    return undefined;
  }
}

/** Keys that feed several modules, or every name. */
const SHARED_KEYS = new Set(["sources", "project", "environment", "region", "account_id", "tags"]);

const overlaps = (a: string, b: string) => a.includes(b) || b.includes(a);

export function groupInvalidCases(cases: InvalidCase[], baseText: (env: string) => string): InvalidGroup[] {
  const groups: (InvalidGroup & { keys: Set<string> })[] = [];
  for (const c of cases) {
    const keys = changedKeys(baseText(c.base), c.edit(baseText(c.base)));
    const fits = (g: InvalidGroup & { keys: Set<string> }) =>
      keys !== undefined &&
      !keys.some((k) => SHARED_KEYS.has(k)) &&
      g.base === c.base &&
      !g.keys.has("*") &&
      keys.every((k) => !g.keys.has(k)) &&
      g.cases.every((o) => !overlaps(o.plan!, c.plan!));
    const group = groups.find((g) => fits(g) && composes(g.tfvars, c));
    if (group) {
      group.cases.push(c);
      group.tfvars = c.edit(group.tfvars);
      for (const k of keys!) group.keys.add(k);
    } else {
      const tfvars = c.edit(baseText(c.base));
      const alone = keys === undefined || keys.some((k) => SHARED_KEYS.has(k));
      groups.push({ name: `invalid-${groups.length + 1}`, base: c.base, cases: [c], tfvars, keys: new Set(alone ? ["*"] : keys) });
    }
  }
  return groups.map(({ keys: _keys, ...g }) => g);
}

/** The edit applies on top of the group's other edits, and changes only the case's own keys. */
function composes(text: string, c: InvalidCase): boolean {
  try {
    return c.edit(text) !== text;
  } catch {
    return false;
  }
}
