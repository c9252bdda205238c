/**
 * For each cross-field rule of a module, inputs that break it and nothing the
 * schema checks: the failing case of the module's own `terraform test`. Found
 * by mutating valid inputs under the rule's path, so a new rule gets its case
 * without anyone writing one; a rule no mutation breaks is reported.
 */
import type { z } from "zod";
import { NAME_PREFIX_MAX } from "./module";
import { passes, type Rule } from "./rules";
import { toJsonSchema } from "./terraform-schema";

type Inputs = Record<string, unknown>;

export interface Counterexample {
  rule: Rule;
  /** The variables to override, with their failing values. */
  variables: Inputs;
  /** The variable whose validation must fail. */
  variable: string;
}

/** Every value reachable under `v`, as a path of keys and indexes. */
function leaves(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => leaves(x, [...at, i]))];
  if (v && typeof v === "object") return [at, ...Object.entries(v).flatMap(([k, x]) => leaves(x, [...at, k]))];
  return [at];
}

function getAt(v: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)?.[k], v);
}

/** `v` with `value` at `path`: only the containers on the path are copied, the rest is shared (never edited). */
function setAt(v: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [k, ...rest] = path;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[k] = setAt(copy[k], rest, value);
  return copy;
}

/** Every string in the inputs: a crawl source that names a stream, an ARN that names the wrong bucket. */
function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === "object") return Object.values(v).flatMap(strings);
  return [];
}

/** Plausible edits of one value: the kinds of mistake a consumer makes. */
function mutations(v: unknown, pool: string[]): unknown[] {
  if (typeof v === "number") return [v + 1, v * 10, v * 100, v * 1000, 0, -1, 1, Math.max(0, v - 1), Math.floor(v / 2)];
  if (typeof v === "boolean") return [!v];
  if (typeof v === "string") return ["x", `${v}x`, "", ...pool];
  if (v === null) return ["x", ["x"], 1, true];
  if (Array.isArray(v)) {
    const out: unknown[] = [[], [...v].reverse(), v.slice(1), v.slice(0, -1)];
    if (v.length) out.push([...v, v[0]]);
    // Swap one field between neighbours, such as the storage classes of two transitions.
    for (let i = 0; i + 1 < v.length; i++) {
      const [a, b] = [v[i], v[i + 1]];
      if (a && b && typeof a === "object" && typeof b === "object") {
        for (const k of Object.keys(a))
          out.push(v.map((x, j) => (j === i ? { ...a, [k]: (b as Inputs)[k] } : j === i + 1 ? { ...b, [k]: (a as Inputs)[k] } : x)));
      }
    }
    return out;
  }
  if (v && typeof v === "object") {
    const entries = Object.entries(v);
    const out: unknown[] = entries.map(([k]) => Object.fromEntries(entries.filter(([x]) => x !== k)));
    // A new entry with the longest key a map allows, copied from each existing one.
    for (const [, x] of entries) out.push({ ...v, ["k".repeat(30)]: x });
    return out;
  }
  return [];
}

/**
 * Edited inputs to try, lazily: the rule's own hint first, then mutations under its input. An edit already
 * tried (the same value at the same place, or the place's own value anywhere) is not tried again: most
 * mutations of a sibling's value repeat one of another's, and every candidate costs a schema parse.
 */
function* candidates(rule: Rule, variable: string, inputs: Inputs, pool: string[], longPrefix: string): Generator<Inputs> {
  if (rule.counterexample) yield { ...inputs, ...rule.counterexample(inputs) };
  const value = inputs[variable];
  const tried = new Set<string>();
  for (const path of leaves(value)) {
    // The value here, and the values at the same place in its siblings (another zone, another source).
    const own = getAt(value, path);
    const ownJson = JSON.stringify(own);
    const place = JSON.stringify(path);
    const borrowed = path.flatMap((_, i) =>
      Object.keys((getAt(value, path.slice(0, i)) ?? {}) as object)
        .filter((k) => k !== String(path[i]))
        .map((k) => getAt(value, [...path.slice(0, i), k, ...path.slice(i + 1)]))
        .filter((x) => x !== undefined),
    );
    for (const base of [own, ...borrowed]) {
      for (const m of [base, ...mutations(base, pool)]) {
        const json = JSON.stringify(m);
        const edit = json === ownJson ? "unchanged" : `${place}=${json}`;
        if (tried.has(edit)) continue;
        tried.add(edit);
        const edited = { ...inputs, [variable]: setAt(value, path, m) };
        yield edited;
        // Name limits bite when a long key meets a long prefix.
        if ("name_prefix" in inputs) yield { ...edited, name_prefix: longPrefix };
      }
    }
  }
}

/**
 * A counterexample for each rule, or the rules none was found for. `schema`
 * checks everything but the rules: a case it rejects would fail for another reason.
 */
export function findCounterexamples(rules: Rule[], inputs: Inputs, schema: z.ZodType): { found: Counterexample[]; missing: Rule[] } {
  const found: Counterexample[] = [];
  const missing: Rule[] = [];
  const longPrefix = `${String(inputs.name_prefix ?? "p").padEnd(NAME_PREFIX_MAX - 1, "p")}p`.slice(0, NAME_PREFIX_MAX);
  // Strings to try: those in the inputs, and every enum value the schema allows.
  const enums = JSON.stringify(toJsonSchema(schema)).match(/"enum":\[[^\]]*\]/g) ?? [];
  const allowed = enums.flatMap((e) => (JSON.parse(`{${e}}`).enum as unknown[]).filter((x): x is string => typeof x === "string"));
  const pool = [...new Set([...strings(inputs), ...allowed])].slice(0, 200);
  for (const rule of rules) {
    const variable = rule.path.split(".")[0];
    // Rules see the inputs as Terraform does: with the defaults filled in.
    const breaking = (c: Inputs): Inputs | undefined => {
      if (passes(rule, c)) return undefined; // cheap first: most candidates pass
      const res = schema.safeParse(c);
      return res.success && !passes(rule, res.data as Inputs) ? (res.data as Inputs) : undefined;
    };
    let fallback: Inputs | undefined;
    let best: Inputs | undefined;
    for (const c of candidates(rule, variable, inputs, pool, longPrefix)) {
      const as = breaking(c);
      if (!as) continue;
      fallback ??= c;
      // Prefer a case that breaks this rule alone.
      if (rules.every((r) => r === rule || passes(r, as))) {
        best = c;
        break;
      }
    }
    best ??= fallback;
    if (!best) {
      missing.push(rule);
      continue;
    }
    const variables: Inputs = Object.fromEntries(
      Object.entries(best).filter(([k, v]) => k === variable || JSON.stringify(v) !== JSON.stringify(inputs[k])),
    );
    found.push({ rule, variables, variable });
  }
  return { found, missing };
}
