/**
 * Renders a Terraform JSON configuration (cdktf's JSON synth) as HCL.
 *
 * lakegen renders HCL itself because cdktf's HCL renderer drops resource
 * overrides and garbles dynamic and nested blocks. Terraform JSON says nothing
 * about whether a key is a block or an attribute, so the provider's block
 * tree (./aws-provider-blocks.json) decides.
 */
import type { JsonObject, JsonValue } from "../json";
import providerBlocks from "./aws-provider-blocks.json";

export type BlockTree = { [blockType: string]: BlockTree };

// The generated JSON's inferred type is exact; widening it to the tree type needs no cast.
const blocks: { provider: BlockTree; resource: Record<string, BlockTree>; data: Record<string, BlockTree> } = providerBlocks;

const META_FIRST = ["count", "for_each", "provider"];
const META_LAST = ["lifecycle", "depends_on"];
const LIFECYCLE_BLOCKS: BlockTree = { precondition: {}, postcondition: {} };
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The top-level blocks of one configuration, in the file each belongs in. */
export interface RenderedConfig {
  terraform: string;
  providers: string;
  variables: string;
  main: string;
  outputs: string;
}

export function renderConfig(config: JsonObject): RenderedConfig {
  const section = (key: string, render: (name: string, body: JsonObject) => string): string =>
    Object.entries((config[key] ?? {}) as JsonObject)
      .map(([name, body]) => render(name, body as JsonObject))
      .join("\n");

  const terraform = config.terraform ? renderTerraformBlock(config.terraform as JsonObject) : "";
  const providers = section("provider", (name, list) =>
    (asArray(list) as JsonObject[]).map((p) => renderBlock(["provider", name], p, blocks.provider)).join("\n"),
  );
  const variables = section("variable", renderVariable);
  const locals = config.locals ? renderBlock(["locals"], config.locals as JsonObject, {}) : "";
  const data = section("data", (type, byName) =>
    Object.entries(byName)
      .map(([name, body]) => renderBlock(["data", type, name], body as JsonObject, treeFor("data", type)))
      .join("\n"),
  );
  const resources = section("resource", (type, byName) =>
    Object.entries(byName)
      .map(([name, body]) => renderBlock(["resource", type, name], body as JsonObject, treeFor("resource", type)))
      .join("\n"),
  );
  const modules = section("module", (name, { source, version, ...inputs }) =>
    renderBlock(["module", name], { source, ...(version === undefined ? {} : { version }), ...inputs } as JsonObject, {}),
  );
  const outputs = section("output", (name, body) => renderBlock(["output", name], body, {}));
  return {
    terraform,
    providers,
    variables,
    main: [locals, modules, data, resources].filter(Boolean).join("\n"),
    outputs,
  };
}

function treeFor(kind: "resource" | "data", type: string): BlockTree {
  const tree = blocks[kind][type];
  if (tree !== undefined) return tree;
  if (!/^aws_/.test(type)) return {};
  throw new Error(
    `${kind} type ${type} is not in lib/hcl/aws-provider-blocks.json; add its service prefix to ` +
      `lib/hcl/generate-provider-blocks.ts and run "npm run generate:provider-blocks"`,
  );
}

/** In Terraform JSON a variable's type is an expression and its default a literal. */
function renderVariable(name: string, body: JsonObject): string {
  const { type, default: dflt, validation, ...rest } = body;
  const lines = [renderBody(rest, {})];
  if (type !== undefined) lines.push(`type = ${type as string}\n`);
  if (dflt !== undefined) lines.push(`default = ${literal(dflt)}\n`);
  if (validation !== undefined) lines.push(renderBody({ validation }, { validation: {} }));
  return `variable ${JSON.stringify(name)} {\n${lines.join("")}}\n`;
}

function renderTerraformBlock(body: JsonObject): string {
  const lines: string[] = [];
  if (body.required_version !== undefined) lines.push(`required_version = ${literal(body.required_version)}`);
  if (body.required_providers) {
    lines.push("required_providers {");
    for (const [name, req] of Object.entries(body.required_providers as JsonObject)) {
      lines.push(`${name} = ${value(req)}`);
    }
    lines.push("}");
  }
  for (const [type, settings] of Object.entries((body.backend ?? {}) as JsonObject)) {
    lines.push(renderBlock(["backend", type], settings as JsonObject, {}).trimEnd());
  }
  return `terraform {\n${lines.join("\n")}\n}\n`;
}

function renderBlock(header: string[], body: JsonObject, tree: BlockTree): string {
  const [keyword, ...labels] = header;
  const head = [keyword, ...labels.map((l) => JSON.stringify(l))].join(" ");
  const inner = renderBody(body, tree);
  return inner ? `${head} {\n${inner}}\n` : `${head} {}\n`;
}

function renderBody(body: JsonObject, tree: BlockTree): string {
  const keys = Object.keys(body).filter((k) => k !== "//");
  const rank = (k: string): number => {
    if (META_FIRST.includes(k)) return 0;
    if (META_LAST.includes(k)) return 4;
    if (k === "dynamic" || tree[k] !== undefined) return 2;
    return 1;
  };
  // Stable sort: meta-arguments, then attributes and blocks in their given order, then lifecycle.
  keys.sort((a, b) => rank(a) - rank(b) || META_FIRST.indexOf(a) - META_FIRST.indexOf(b));
  const out: string[] = [];
  for (const key of keys) {
    const v = body[key];
    if (key === "dynamic") {
      for (const [name, dyn] of Object.entries(v as JsonObject)) {
        for (const d of asArray(dyn) as JsonObject[]) out.push(renderDynamic(name, d, tree[name] ?? {}));
      }
    } else if (key === "lifecycle") {
      for (const l of asArray(v) as JsonObject[]) {
        // ignore_changes lists attribute names, which HCL writes bare.
        const names = Array.isArray(l.ignore_changes) ? (l.ignore_changes as string[]) : undefined;
        const body = names ? { ...l, ignore_changes: `\${[${names.map(reference).join(", ")}]}` } : l;
        out.push(renderBlock(["lifecycle"], body, LIFECYCLE_BLOCKS));
      }
    } else if (key === "depends_on") {
      out.push(`depends_on = [${(v as string[]).map(reference).join(", ")}]\n`);
    } else if (key === "provider" && typeof v === "string") {
      out.push(`provider = ${reference(v)}\n`);
    } else if (tree[key] !== undefined) {
      for (const b of asArray(v) as JsonObject[]) out.push(renderBlock([key], b, tree[key]));
    } else {
      out.push(`${key} = ${value(v)}\n`);
    }
  }
  return out.join("");
}

function renderDynamic(name: string, d: JsonObject, tree: BlockTree): string {
  const lines = [`for_each = ${value(d.for_each)}\n`];
  if (d.iterator !== undefined) lines.push(`iterator = ${reference(d.iterator as string)}\n`);
  lines.push(renderBlock(["content"], (d.content ?? {}) as JsonObject, tree));
  return `dynamic ${JSON.stringify(name)} {\n${lines.join("")}}\n`;
}

function asArray(v: JsonValue): JsonValue[] {
  return Array.isArray(v) ? v : [v];
}

/** A reference given as "${a.b}" or "a.b". */
function reference(v: string): string {
  const whole = wholeInterpolation(v);
  return whole ?? v;
}

/** A JSON value as an HCL expression; strings are templates as in Terraform JSON. */
export function value(v: JsonValue): string {
  if (v === null) return "null";
  if (typeof v === "string") return wholeInterpolation(v) ?? template(v);
  if (typeof v !== "object") return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const items = v.map(value);
    return items.some((i) => i.includes("\n")) || items.join(", ").length > 80 ? `[\n${items.join(",\n")},\n]` : `[${items.join(", ")}]`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, x]) => `${IDENTIFIER.test(k) ? k : template(k)} = ${value(x)}`).join("\n")}\n}`;
}

/**
 * `jsonencode(...)` of a JavaScript value, as a cdktf string: strings are HCL
 * templates, and a string that is one whole "${...}" is that expression. Used
 * for JSON documents built from inputs, such as state machine definitions,
 * because cdktf's own Fn.jsonencode escapes interpolations and quotes wrongly.
 */
export function jsonencode(v: JsonValue): string {
  const rendered = value(v);
  if (rendered.includes("TfToken[")) {
    throw new Error('jsonencode(): write references as HCL strings such as "${data.aws_region.current.id}", not cdktf tokens');
  }
  return `\${jsonencode(${rendered})}`;
}

/** Literal (non-template) values, such as a variable's default. */
function literal(v: JsonValue): string {
  if (typeof v === "string")
    return JSON.stringify(v)
      .replace(/\$\{/g, () => "$${")
      .replace(/%\{/g, () => "%%{");
  if (v === null || typeof v !== "object") return String(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(", ")}]`;
  const entries = Object.entries(v);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, x]) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)} = ${literal(x)}`).join("\n")}\n}`;
}

/** When the whole string is one "${...}", the expression inside it. */
function wholeInterpolation(s: string): string | undefined {
  if (!s.startsWith("${")) return undefined;
  const end = endOfInterpolation(s, 2);
  return end === s.length - 1 ? s.slice(2, end) : undefined;
}

/** Index of the "}" closing the interpolation whose body starts at `start`. */
function endOfInterpolation(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      i = endOfQuoted(s, i + 1);
    } else if (c === "{") {
      depth++;
    } else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  throw new Error(`unterminated interpolation in ${JSON.stringify(s)}`);
}

/** Index of the quote closing a string literal inside an expression. */
function endOfQuoted(s: string, start: number): number {
  for (let i = start; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === '"') return i;
    else if (s.startsWith("${", i)) i = endOfInterpolation(s, i + 2);
  }
  throw new Error(`unterminated string in ${JSON.stringify(s)}`);
}

/** A quoted HCL template: literal parts escaped, interpolations kept as written. */
function template(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith("$${", i) || s.startsWith("%%{", i)) {
      out += s.slice(i, i + 3);
      i += 2;
    } else if (s.startsWith("${", i) || s.startsWith("%{", i)) {
      const end = endOfInterpolation(s, i + 2);
      out += s.slice(i, end + 1);
      i = end;
    } else {
      out += escapeChar(s[i]);
    }
  }
  return `"${out}"`;
}

function escapeChar(c: string): string {
  switch (c) {
    case '"':
      return '\\"';
    case "\\":
      return "\\\\";
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    default:
      return c;
  }
}
