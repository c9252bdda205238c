/**
 * Whether Terraform JSON that planned with one AWS provider version uses only
 * what another version also has: every resource and data source type, every
 * argument and nested block, with the same type. Both versions are read from
 * the jsii assemblies of the cdktf provider bindings (@cdktf/provider-aws 20.x
 * describes hashicorp/aws 5.100.0, 21.x describes 6.x), which are generated
 * from the providers' schemas.
 */
import * as fs from "node:fs";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it
type TypeRef = Json;

export interface Assembly {
  /** The provider version the bindings were generated from. */
  providerVersion: string;
  types: Record<string, Json>;
  /** Config struct by `resource aws_s3_bucket`, `data aws_region` or `provider aws`. */
  configs: Map<string, string>;
  /** Class by the same keys: its properties are the attributes a configuration can read. */
  classes: Map<string, string>;
}

/** Each binding class says which Terraform type it is: "Represents a {@link …/docs/resources/s3_bucket aws_s3_bucket}". */
const REPRESENTS =
  /\{@link https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/[^/]+\/docs(?:\/(resources|data-sources)\/\S+)? (\S+)\}/;

export function loadAssembly(packageDir: string): Assembly {
  const pkg = JSON.parse(fs.readFileSync(`${packageDir}/package.json`, "utf8"));
  const types: Record<string, Json> = JSON.parse(fs.readFileSync(`${packageDir}/.jsii`, "utf8")).types;
  const configs = new Map<string, string>();
  const classes = new Map<string, string>();
  for (const [fqn, t] of Object.entries(types)) {
    const m = t.kind === "class" ? REPRESENTS.exec(t.docs?.summary ?? "") : null;
    const config = t.initializer?.parameters?.find((p: Json) => p.name === "config")?.type?.fqn;
    if (!m || !config) continue;
    const key = `${m[1] === "resources" ? "resource" : m[1] === "data-sources" ? "data" : "provider"} ${m[2]}`;
    configs.set(key, config);
    classes.set(key, fqn);
  }
  return { providerVersion: pkg.cdktf.provider.version, types, configs, classes };
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Meta-arguments, and cdktf's comments: not part of any schema. */
const META = new Set(["count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection", "//"]);

/** The struct a type reference points at, through lists, sets, maps and IResolvable unions. */
function structOf(t: TypeRef): string | undefined {
  if (t.fqn && !t.fqn.startsWith("cdktf.")) return t.fqn;
  if (t.collection) return structOf(t.collection.elementtype);
  if (t.union) return t.union.types.map(structOf).find(Boolean);
  return undefined;
}

/** A type reference without the struct names, which differ between bindings for the same shape. */
function shape(t: TypeRef): string {
  return JSON.stringify(t, (k, v) => (k === "fqn" && typeof v === "string" && !v.startsWith("cdktf.") ? "struct" : v));
}

export interface Usage {
  /** e.g. `resource aws_glue_job.command.script_location`. */
  path: string;
  /** The 5.x type of the argument, from the assembly the configuration planned with. */
  type: TypeRef;
}

/** Every argument and block the configuration sets, with its type in `known` (the version it plans with). */
export function usages(config: Json, known: Assembly): Usage[] {
  const out: Usage[] = [];
  const walk = (body: Json, struct: string, at: string) => {
    const props = new Map<string, Json>((known.types[struct]?.properties ?? []).map((p: Json) => [p.name, p]));
    for (const [key, value] of Object.entries(body)) {
      if (META.has(key)) continue;
      if (key === "dynamic") {
        for (const [block, spec] of Object.entries(value as Record<string, Json>)) walk({ [block]: spec.content }, struct, at);
        continue;
      }
      const prop = props.get(camel(key));
      if (!prop) throw new Error(`${at}.${key} is not in the ${known.providerVersion} schema the configuration was built from`);
      out.push({ path: `${at}.${key}`, type: prop.type });
      const inner = structOf(prop.type);
      if (inner && value && typeof value === "object") {
        for (const item of Array.isArray(value) ? value : [value]) if (item && typeof item === "object") walk(item, inner, `${at}.${key}`);
      }
    }
  };
  for (const kind of ["resource", "data"] as const) {
    for (const [type, blocks] of Object.entries((config[kind] ?? {}) as Record<string, Record<string, Json>>)) {
      if (!type.startsWith("aws_")) continue; // Terraform's own (terraform_data) is no provider's
      for (const body of Object.values(blocks)) walk(body, known.configs.get(`${kind} ${type}`) ?? "", `${kind} ${type}`);
    }
  }
  for (const body of Object.values((config.provider?.aws ?? []) as Json[]))
    walk(body, known.configs.get("provider aws") ?? "", "provider aws");
  return out;
}

/** The usages that `target` lacks or types differently; empty when the configuration fits it. */
export function incompatibilities(found: Usage[], target: Assembly): string[] {
  const problems: string[] = [];
  for (const u of found) {
    const [head, ...keys] = u.path.split(".");
    const [kind, type] = head.split(" ");
    const root = target.configs.get(head);
    let struct: string | undefined = root;
    let prop: Json | undefined;
    for (const key of keys) {
      if (!struct || !target.types[struct]) {
        prop = undefined;
        break;
      }
      prop = (target.types[struct].properties ?? []).find((p: Json) => p.name === camel(key));
      struct = prop && structOf(prop.type);
      if (!prop) break;
    }
    if (!root) problems.push(`${kind} ${type}: not in ${target.providerVersion}`);
    else if (!prop) problems.push(`${u.path}: not in ${target.providerVersion}`);
    else if (shape(prop.type) !== shape(u.type))
      problems.push(`${u.path}: ${shape(u.type)} in the configuration's provider, ${shape(prop.type)} in ${target.providerVersion}`);
  }
  return [...new Set(problems)];
}

/** Every attribute the configuration reads from a resource or data source, as `resource aws_s3_bucket.arn`. */
export function references(config: Json): string[] {
  const text = JSON.stringify(config);
  const found = new Set<string>();
  for (const m of text.matchAll(/\b(data\.)?(aws_[a-z0-9_]+)\.[a-z0-9_]+(?:\[[^\]]*\])?\.([a-z0-9_]+)/g)) {
    found.add(`${m[1] ? "data" : "resource"} ${m[2]}.${m[3]}`);
  }
  return [...found].sort();
}

/** The references that `target`'s classes do not have. */
export function missingReferences(refs: string[], target: Assembly): string[] {
  return refs.filter((r) => {
    const [head, attr] = r.split(".");
    const cls = target.types[target.classes.get(head) ?? ""];
    return !cls?.properties?.some((p: Json) => p.name === camel(attr));
  });
}
