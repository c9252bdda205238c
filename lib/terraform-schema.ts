/**
 * Turns a module's zod schema into its Terraform variables: types, defaults,
 * descriptions and `validation` blocks, and the rows of its README. It reads
 * zod's own JSON Schema export, so every constraint zod enforces has a
 * Terraform twin with the same wording.
 */
import { z } from "zod";
import type { Rule } from "./rules";

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: (string | number)[];
  const?: string | number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  pattern?: string;
  /** What a pattern means, in words, for error messages and READMEs (set with zod's `.meta()`). */
  patternDescription?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

export interface Validation {
  condition: string;
  errorMessage: string;
  /** The rule in words, without the offending values, for READMEs. */
  rule: string;
}

export interface VariableSpec {
  name: string;
  description: string;
  type: string;
  /** undefined when the variable is required. */
  default?: unknown;
  required: boolean;
  validations: Validation[];
  /** Documentation lines for nested fields, e.g. "`driver.cpu` (number, required): …". */
  fields: string[];
  /** The type on one line, for tables. */
  inlineType: string;
}

const UNBOUNDED = Number.MAX_SAFE_INTEGER;

export function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "throw" }) as JsonSchema;
}

/** Drops `null` from an anyOf, returning the underlying schema and whether null is allowed. */
function unwrapNullable(node: JsonSchema): { node: JsonSchema; nullable: boolean } {
  if (Array.isArray(node.type)) {
    const rest = node.type.filter((t) => t !== "null");
    if (rest.length === 1 && rest.length < node.type.length) return { node: { ...node, type: rest[0] }, nullable: true };
    throw new Error(`unions other than T | null have no Terraform type: ${JSON.stringify(node)}`);
  }
  if (node.anyOf) {
    const rest = node.anyOf.filter((n) => n.type !== "null");
    if (rest.length === 1 && rest.length < node.anyOf.length) {
      return { node: { ...rest[0], description: node.description ?? rest[0].description }, nullable: true };
    }
    throw new Error(`unions other than T | null have no Terraform type: ${JSON.stringify(node)}`);
  }
  return { node, nullable: false };
}

function isMap(node: JsonSchema): node is JsonSchema & { additionalProperties: JsonSchema } {
  return node.type === "object" && !node.properties && typeof node.additionalProperties === "object";
}

/** The Terraform type of a schema; objects span lines when `multiline` is set, for variables.tf. */
export function hclType(raw: JsonSchema, multiline = false): string {
  const { node } = unwrapNullable(raw);
  switch (node.type) {
    case "string":
      return "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "bool";
    case "array":
      return `list(${hclType(node.items ?? {}, multiline)})`;
    case "object": {
      if (isMap(node)) return `map(${hclType(node.additionalProperties, multiline)})`;
      const required = new Set(node.required ?? []);
      const fields = Object.entries(node.properties ?? {}).map(([k, child]) => {
        const t = hclType(child, multiline);
        if (required.has(k)) return `${k} = ${t}`;
        const d = child.default;
        return d === undefined || d === null ? `${k} = optional(${t})` : `${k} = optional(${t}, ${hclLiteral(d)})`;
      });
      return multiline ? `object({\n${fields.join("\n")}\n})` : `object({ ${fields.join(", ")} })`;
    }
    default:
      throw new Error(`no Terraform type for ${JSON.stringify(node)}`);
  }
}

export function hclLiteral(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return `[${v.map(hclLiteral).join(", ")}]`;
  if (typeof v === "object") {
    return `{ ${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : JSON.stringify(k)} = ${hclLiteral(x)}`)
      .join(", ")} }`;
  }
  return JSON.stringify(v);
}

/** The constraints on one scalar, as HCL conditions over `e` and as words. */
function scalarChecks(node: JsonSchema, e: string): { conditions: string[]; words: string[] } {
  const conditions: string[] = [];
  const words: string[] = [];
  const values = node.enum ?? (node.const !== undefined ? [node.const] : undefined);
  if (values) {
    conditions.push(`contains(${JSON.stringify(values)}, ${e})`);
    words.push(`one of ${values.map((v) => JSON.stringify(v)).join(", ")}`);
  }
  if (node.type === "integer") {
    conditions.push(`floor(${e}) == ${e}`);
    words.push("a whole number");
  }
  if (node.minimum !== undefined) {
    conditions.push(`${e} >= ${node.minimum}`);
    words.push(`at least ${node.minimum}`);
  }
  if (node.exclusiveMinimum !== undefined) {
    conditions.push(`${e} > ${node.exclusiveMinimum}`);
    words.push(`greater than ${node.exclusiveMinimum}`);
  }
  if (node.maximum !== undefined && node.maximum < UNBOUNDED) {
    conditions.push(`${e} <= ${node.maximum}`);
    words.push(`at most ${node.maximum}`);
  }
  if (node.exclusiveMaximum !== undefined) {
    conditions.push(`${e} < ${node.exclusiveMaximum}`);
    words.push(`less than ${node.exclusiveMaximum}`);
  }
  if (node.multipleOf !== undefined) {
    conditions.push(`${e} % ${node.multipleOf} == 0`);
    words.push(`a multiple of ${node.multipleOf}`);
  }
  if (node.pattern !== undefined) {
    conditions.push(`can(regex(${JSON.stringify(node.pattern)}, ${e}))`);
    words.push(node.format === "email" ? "an email address" : (node.patternDescription ?? `a string matching ${node.pattern}`));
  }
  if (node.minLength !== undefined) {
    conditions.push(`length(${e}) >= ${node.minLength}`);
    words.push(`at least ${node.minLength} characters`);
  }
  if (node.maxLength !== undefined) {
    conditions.push(`length(${e}) <= ${node.maxLength}`);
    words.push(`at most ${node.maxLength} characters`);
  }
  return { conditions, words };
}

interface Walk {
  validations: Validation[];
  fields: string[];
}

/** A field of an object input, as its README lists it: type, default, description and checks. */
function describeField(raw: JsonSchema, node: JsonSchema, path: string, e: string, optional: boolean, out: Walk): void {
  const isLeaf = node.type !== "object" && !(node.type === "array" && node.items?.type === "object");
  if (!isLeaf || !(node.description ?? raw.description ?? scalarChecks(node, e).words.length)) return;
  const dflt = raw.default !== undefined ? `, default ${JSON.stringify(raw.default)}` : optional ? ", optional" : "";
  const words = scalarChecks(node, e).words;
  const desc = [node.description ?? raw.description, words.length ? `Must be ${words.join(", ")}.` : ""].filter(Boolean).join(" ");
  out.fields.push(`\`${path}\` (${hclType(node)}${dflt}): ${desc}`.trim());
}

/**
 * Walks one variable's schema. `wrap` turns a condition on the current value
 * into a condition on the whole variable (adding `for` loops and null guards).
 */
function walk(
  raw: JsonSchema,
  path: string,
  e: string,
  wrap: (cond: string) => string,
  out: Walk,
  required: boolean,
  depth: number,
  report?: (cond: string) => string,
): void {
  const { node, nullable } = unwrapNullable(raw);
  const optional = nullable || (!required && raw.default === undefined);
  const local = optional ? (c: string) => `${e} == null ? true : ${c}` : (c: string) => c;
  const guard = (c: string) => wrap(local(c));
  // What failed, for the error: the value itself, or inside a map or list, the failing keys or items.
  // Terraform evaluates error messages even for passing values, some of which are null: hence try().
  const offending = (c: string, direct: string) => (report ? `failing: \${try(${report(local(c))}, "?")}` : `got \${try(${direct}, "?")}`);
  const here = report ? (c: string) => report(local(c)) : undefined;
  if (depth > 0) describeField(raw, node, path, e, optional, out);
  const { conditions, words } = scalarChecks(node, e);
  if (conditions.length > 0) {
    const all = conditions.length === 1 ? conditions[0] : conditions.map((c) => `(${c})`).join(" && ");
    out.validations.push({
      condition: guard(all),
      errorMessage: `${path}: must be ${words.join(", ")}; ${offending(all, `jsonencode(${e})`)}.`,
      rule: `${path}: must be ${words.join(", ")}.`,
    });
  }
  if (node.type === "array") {
    if (node.minItems !== undefined || node.maxItems !== undefined) {
      const conds: string[] = [];
      const ws: string[] = [];
      if (node.minItems !== undefined) {
        conds.push(`length(${e}) >= ${node.minItems}`);
        ws.push(`at least ${node.minItems}`);
      }
      if (node.maxItems !== undefined) {
        conds.push(`length(${e}) <= ${node.maxItems}`);
        ws.push(`at most ${node.maxItems}`);
      }
      const cond = conds.join(" && ");
      out.validations.push({
        condition: guard(cond),
        errorMessage: `${path}: must have ${ws.join(" and ")} items; ${offending(cond, `length(${e})`)}.`,
        rule: `${path}: must have ${ws.join(" and ")} items.`,
      });
    }
    const item = `x${depth}`;
    const inItems = (c: string) => `alltrue([for ${item} in ${e} : ${c}])`;
    const itemReport = here ? (c: string) => here(inItems(c)) : (c: string) => `jsonencode([for ${item} in ${e} : ${item} if !(${c})])`;
    walk(node.items ?? {}, `${path}[*]`, item, (c) => guard(inItems(c)), out, true, depth + 1, itemReport);
  } else if (node.type === "object") {
    if (isMap(node)) {
      const keyPattern = node.propertyNames?.pattern;
      if (keyPattern !== undefined) {
        const keyOk = (k: string) => `can(regex(${JSON.stringify(keyPattern)}, ${k}))`;
        const cond = `alltrue([for k in keys(${e}) : ${keyOk("k")}])`;
        const badKeys = `jsonencode([for k in keys(${e}) : k if !${keyOk("k")}])`;
        out.validations.push({
          condition: guard(cond),
          errorMessage: `${path}: every key must match ${keyPattern}; ${offending(cond, badKeys)}.`,
          rule: `${path}: every key must match ${keyPattern}.`,
        });
      }
      const item = `x${depth}`;
      const inValues = (c: string) => `alltrue([for ${item} in values(${e}) : ${c}])`;
      const keyReport = here ? (c: string) => here(inValues(c)) : (c: string) => `jsonencode([for k, ${item} in ${e} : k if !(${c})])`;
      walk(node.additionalProperties, `${path}.*`, item, (c) => guard(inValues(c)), out, true, depth + 1, keyReport);
      return;
    }
    const req = new Set(node.required ?? []);
    for (const [k, child] of Object.entries(node.properties ?? {})) {
      walk(child, `${path}.${k}`, `${e}.${k}`, guard, out, req.has(k), depth + 1, here);
    }
  }
}

/** The Terraform variables of a module, one per top-level key of its schema. */
export function variableSpecs(schema: z.ZodObject, rules: Rule[] = []): VariableSpec[] {
  const root = toJsonSchema(schema);
  const required = new Set(root.required ?? []);
  return Object.entries(root.properties ?? {}).map(([name, node]) => {
    const out: Walk = { validations: [], fields: [] };
    walk(node, name, `var.${name}`, (c) => c, out, true, 0);
    for (const r of rules.filter((r) => r.path.split(".")[0] === name)) {
      const detail = r.offending ? ` ${r.offending.label}: \${try(${r.offending.hcl}, "?")}.` : "";
      out.validations.push({ condition: r.check.hcl(), errorMessage: `${r.path}: ${r.message}${detail}`, rule: `${r.path}: ${r.message}` });
    }
    const isRequired = required.has(name);
    return {
      name,
      description: node.description ?? unwrapNullable(node).node.description ?? "",
      type: hclType(node, true),
      inlineType: hclType(node),
      default: isRequired ? undefined : (node.default ?? null),
      required: isRequired,
      validations: out.validations,
      fields: out.fields,
    };
  });
}
