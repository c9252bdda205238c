/**
 * Every key, every limit: for each leaf of dev and prod, values just past
 * what its JSON schema allows (one above the maximum, one below the minimum,
 * a value outside the enum, a string that breaks the pattern, one character
 * too many, the wrong type) must be rejected at that key. The corpus is drawn
 * from the same zod schemas that write the Terraform validations, so a new
 * key gets its cases without anyone writing them; for the same reason it
 * cannot find a missing limit, which test/aws-limits.test.ts looks for.
 */
import { checkConfig, environmentSchema } from "../config/config";
import { type JsonSchema, toJsonSchema } from "../lib/terraform-schema";
import { readTfvars } from "../testkit/helpers";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

const SCHEMA = toJsonSchema(environmentSchema);

function nodeAt(p: (string | number)[]): Json {
  let node: Json = SCHEMA;
  for (const key of p) {
    node = node.anyOf?.find((x: Json) => x.type !== "null") ?? node;
    node = typeof key === "number" ? node.items : (node.properties?.[key] ?? node.additionalProperties);
    if (!node || typeof node !== "object") return undefined;
  }
  node = node.anyOf?.find((x: Json) => x.type !== "null") ?? node;
  return Array.isArray(node.type) ? { ...node, type: node.type.find((t: string) => t !== "null") } : node;
}

function leaves(v: Json, at: (string | number)[] = []): (string | number)[][] {
  if (v && typeof v === "object" && !Array.isArray(v)) return Object.entries(v).flatMap(([k, x]) => leaves(x, [...at, k]));
  if (Array.isArray(v)) return v.length ? v.flatMap((x, i) => leaves(x, [...at, i])) : [at];
  return [at];
}

/** Values the node's schema refuses, each with what it breaks. */
function badValues(node: JsonSchema & Json): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (node.enum) out.push(["enum", "not-an-option"]);
  switch (node.type) {
    case "integer":
    case "number":
      out.push(["type", "12"]);
      if (node.maximum !== undefined) out.push(["maximum", node.maximum + 1]);
      if (node.exclusiveMaximum !== undefined) out.push(["maximum", node.exclusiveMaximum]);
      if (node.minimum !== undefined) out.push(["minimum", node.minimum - 1]);
      if (node.exclusiveMinimum !== undefined) out.push(["minimum", node.exclusiveMinimum]);
      if (node.type === "integer") out.push(["integer", 1.5]);
      break;
    case "string":
      out.push(["type", 12]);
      if (node.pattern && !new RegExp(node.pattern, "u").test("!")) out.push(["pattern", "!"]);
      if (node.maxLength !== undefined) out.push(["maxLength", "a".repeat(node.maxLength + 1)]);
      break;
    case "boolean":
      out.push(["type", "yes"]);
      break;
    case "array":
      if (node.minItems) out.push(["minItems", []]);
      if (node.maxItems !== undefined) out.push(["maxItems", Array(node.maxItems + 1).fill(null)]);
      break;
  }
  return out;
}

function setAt(v: Json, p: (string | number)[], value: unknown): Json {
  const out = structuredClone(v);
  let at = out;
  for (const k of p.slice(0, -1)) at = at[k];
  at[p[p.length - 1]] = value;
  return out;
}

const keyPath = (p: (string | number)[]) =>
  p
    .map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`))
    .join("")
    .slice(1);

const CORPUS = ["dev", "prod"].flatMap((env) => {
  const base = readTfvars(`tfvars/${env}.tfvars`);
  return leaves(base).flatMap((p) => {
    const node = nodeAt(p);
    if (!node) return [];
    return badValues(node).map(([breaks, value]) => ({ name: `${env} ${keyPath(p)} ${breaks}`, env, p, value }));
  });
});

it("covers every key of the shipped environments, with several limits each", () => {
  const keys = new Set(CORPUS.map((c) => `${c.env} ${keyPath(c.p)}`));
  const all = ["dev", "prod"].flatMap((env) => leaves(readTfvars(`tfvars/${env}.tfvars`)).map((p) => `${env} ${keyPath(p)}`));
  expect(all.filter((k) => !keys.has(k))).toEqual([]);
  expect(CORPUS.length).toBeGreaterThan(2 * all.length);
});

/** One test per key, however many limits it has: the values come from the schema, so they prove the reporting, not the limits. */
const BY_KEY = new Map<string, typeof CORPUS>();
for (const c of CORPUS) {
  const key = `${c.env} ${keyPath(c.p)}`;
  BY_KEY.set(key, [...(BY_KEY.get(key) ?? []), c]);
}

it.each([...BY_KEY].map(([key, cases]) => [key, cases] as const))("rejects each value past a limit of %s, at that key", (_key, cases) => {
  for (const c of cases) {
    const res = checkConfig(setAt(readTfvars(`tfvars/${c.env}.tfvars`), c.p, c.value), `${c.env}.tfvars`);
    const paths = res.ok ? [] : res.problems.map((x) => x.path);
    const want = keyPath(c.p);
    // Reported at the key itself, or at the list or map that holds it.
    expect([c.name, paths.some((x) => x === want || want.startsWith(`${x}.`) || want.startsWith(`${x}[`))]).toEqual([c.name, true]);
  }
});
