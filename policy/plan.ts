/**
 * A Terraform plan (`terraform show -json`), read for policy checks: each
 * resource's planned values, what is still unknown, and its configuration
 * expressions, which tell what refers to what before anything exists.
 */
import * as fs from "node:fs";
import { GENERATOR_OUTPUT } from "../lib/generator-marker";
import { accountsNamedBy, impliedAccounts } from "./accounts";
import type { AwsValues } from "./aws-values";
import { asObject, isObject, type JsonObject, type JsonValue } from "../lib/json";
import { type ConfigModule, type ConfigResource, expressionOf, type Expressions, type PlanJson, type UnknownMarks } from "./plan-json";
import { PlanSyntaxError, streamPlanInParallel } from "./plan-stream";

/** A plan or waiver file that cannot be used: exit code 2. */
export class BadPlanError extends Error {
  readonly exitCode = 2;
}

/** Planned values of a type: typed from the provider's schema for the types the rules name, any JSON object otherwise. */
export type ValuesOf<T extends string> = T extends keyof AwsValues ? AwsValues[T] : Attributes;
export type Attributes = { [key: string]: JsonValue | undefined };
export type UnknownObject = { [key: string]: UnknownMarks };

export interface PlanResource<T extends string = string> {
  address: string;
  moduleAddress: string;
  mode: "managed" | "data";
  type: T;
  name: string;
  index?: string | number;
  /** Planned values; an attribute that is not known yet is undefined. */
  values: ValuesOf<T>;
  unknown: UnknownObject;
  actions: string[];
  /** The resource's configuration block: expressions, for_each. */
  config?: ConfigResource;
  /** The plan file it came from. */
  file: string;
}

/** One entry of resource_changes, deletes included: what the destructive-change rules read. */
export interface ResourceChange {
  address: string;
  moduleAddress: string;
  mode: "managed" | "data";
  type: string;
  actions: string[];
  before: JsonObject | null;
  after: JsonObject | null;
  /** The attribute paths that force a replacement, as Terraform gives them. */
  replacePaths: (string | number)[][];
  file: string;
}

const cannotRead = (file: string, e: unknown) =>
  new BadPlanError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);

/** Plans above this size are read in chunks (plan-stream.ts); smaller ones are parsed whole, which checks every byte. */
export const STREAM_ABOVE_BYTES = 32 * 1024 * 1024;

export function loadPlan(file: string, streamAbove = STREAM_ABOVE_BYTES): PlanJson {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    throw cannotRead(file, e);
  }
  return checkedPlan(size > streamAbove ? streamed(file) : parsedWhole(file), file);
}

/** Parsed JSON checked as a plan: what every reader relies on (format_version, each change's address, type, mode and actions). */
export function checkedPlan(plan: unknown, file: string): PlanJson {
  if (!isObject(plan) || typeof plan.format_version !== "string" || !Array.isArray(plan.resource_changes)) {
    throw new BadPlanError(`${file}: not a Terraform plan: expected format_version and resource_changes (terraform show -json PLANFILE)`);
  }
  plan.resource_changes.forEach((rc, i) => {
    const problem = malformed(rc);
    if (problem) throw new BadPlanError(`${file}: resource_changes[${i}]: ${problem}`);
  });
  // The checks above are what every reader relies on; the rest of the plan is read defensively.
  return plan as unknown as PlanJson;
}

function parsedWhole(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw cannotRead(file, e);
  }
  if (!text.trim()) throw new BadPlanError(`${file}: the file is empty; expected the output of terraform show -json`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BadPlanError(`${file}: not valid JSON (${(e as Error).message}); expected the output of terraform show -json`);
  }
}

function streamed(file: string): unknown {
  try {
    return streamPlanInParallel(file);
  } catch (e) {
    if (e instanceof PlanSyntaxError)
      throw new BadPlanError(`${file}: not valid JSON (${e.message}); expected the output of terraform show -json`);
    throw cannotRead(file, e);
  }
}

/** What is wrong with one resource_changes entry, if anything. */
function malformed(rc: unknown): string | undefined {
  if (!isObject(rc)) return "expected an object";
  for (const k of ["address", "type", "name"]) if (typeof rc[k] !== "string") return `expected a string "${k}"`;
  if (rc.mode !== "managed" && rc.mode !== "data") return `"mode" must be "managed" or "data"`;
  if (!isObject(rc.change)) return `expected a "change" object`;
  if (!Array.isArray(rc.change.actions) || rc.change.actions.some((a: unknown) => typeof a !== "string"))
    return `expected "change.actions", a list of strings`;
  return undefined;
}

/** after_unknown of a resource: an object of marks (Terraform writes `false` or nothing when all is known). */
function unknownObject(marks: UnknownMarks | undefined): UnknownObject {
  return typeof marks === "object" && marks !== null && !Array.isArray(marks) ? marks : {};
}

/** Module call names of a module address: module.a["x"].module.b → [a, b]. */
function modulePath(moduleAddress: string): string[] {
  let path = MODULE_PATHS.get(moduleAddress);
  if (!path) {
    path = [...moduleAddress.matchAll(/module\.([A-Za-z0-9_-]+)(\[[^\]]*\])?/g)].map((m) => m[1]);
    MODULE_PATHS.set(moduleAddress, path);
  }
  return path;
}
/** A large plan has many instances of a few module addresses. */
const MODULE_PATHS = new Map<string, string[]>();

export class PlanModel {
  /** Tag keys every taggable resource must carry (LG-LAKEGEN-002); the engine sets them. */
  requiredTags: string[] = [];
  /** Whether lakegen's house rules (LG-LAKEGEN-*) apply to every plan, not only to roots lakegen generated. */
  houseRulesEverywhere = false;
  /** Accounts the caller names as the lake's own (`--account`); the engine sets them. */
  givenAccounts: string[] = [];
  /** Per plan file, the accounts the plan itself names as its own. */
  private readonly namedAccounts = new Map<string, Set<string>>();
  /** Plan files whose root carries lakegen's marker output. */
  private readonly generated = new Set<string>();
  readonly resources: PlanResource[] = [];
  readonly changes: ResourceChange[] = [];
  readonly outputs: { file: string; name: string; value: JsonValue }[] = [];
  /** Provider configurations, as written: the key is `aws`, `aws.<alias>` or `<module>:aws`. */
  readonly providers: { file: string; key: string; name: string; moduleAddress: string; expressions: Expressions }[] = [];
  /** Each plan file's input variables, as terraform show -json gives them. */
  readonly variables = new Map<string, Record<string, { value?: JsonValue }>>();
  private readonly configs: { file: string; root: ConfigModule }[] = [];

  constructor(plans: { file: string; plan: PlanJson }[]) {
    for (const { file, plan } of plans) {
      const root: ConfigModule = plan.configuration?.root_module ?? {};
      this.configs.push({ file, root });
      this.variables.set(file, plan.variables ?? {});
      for (const [key, p] of Object.entries(plan.configuration?.provider_config ?? {})) {
        this.providers.push({ file, key, name: p.name ?? key, moduleAddress: p.module_address ?? "", expressions: p.expressions ?? {} });
      }
      if (root.outputs?.[GENERATOR_OUTPUT] || plan.output_changes?.[GENERATOR_OUTPUT]) this.generated.add(file);
      this.namedAccounts.set(file, accountsNamedBy(plan));
      for (const rc of plan.resource_changes) {
        const actions: string[] = rc.change?.actions ?? [];
        this.changes.push({
          address: rc.address,
          moduleAddress: rc.module_address ?? "",
          mode: rc.mode,
          type: rc.type,
          actions,
          before: isObject(rc.change?.before) ? rc.change.before : null,
          after: isObject(rc.change?.after) ? rc.change.after : null,
          replacePaths: rc.change?.replace_paths ?? [],
          file,
        });
        if (actions.length === 1 && actions[0] === "delete") continue;
        this.resources.push({
          address: rc.address,
          moduleAddress: rc.module_address ?? "",
          mode: rc.mode,
          type: rc.type,
          name: rc.name,
          index: rc.index,
          values: isObject(rc.change?.after) ? rc.change.after : {},
          unknown: unknownObject(rc.change?.after_unknown),
          actions,
          config: this.findConfig(root, rc.module_address ?? "", rc.mode, rc.type, rc.name),
          file,
        });
      }
      for (const [name, oc] of Object.entries(plan.output_changes ?? {})) {
        if (oc?.after !== undefined) this.outputs.push({ file, name, value: oc.after });
      }
    }
  }

  /**
   * The lake's own accounts for a plan file: those given (`--account`), and those the plan
   * names (the provider's allowed_account_ids and assumed role, the root's account-id
   * variables, the caller identity it read), or, when it names none, those it implies.
   * Empty when nothing says: then no account can be judged.
   */
  ownAccounts(file: string): Set<string> {
    let own = this.own.get(file);
    if (!own) {
      const named = this.namedAccounts.get(file) ?? new Set<string>();
      this.own.set(file, (own = new Set([...this.givenAccounts, ...(named.size ? named : impliedAccounts(this, file))])));
    }
    return own;
  }

  /** Rules ask per resource; the engine sets the given accounts before any rule runs. */
  private readonly own = new Map<string, Set<string>>();

  /** lakegen's house rules apply to a plan that lakegen generated, or to every plan when asked. */
  houseRulesApply(file: string): boolean {
    return this.houseRulesEverywhere || this.generated.has(file);
  }

  private byAddress?: Map<string, PlanResource>;

  /** The resource at an address in a plan file. */
  resource(file: string, address: string): PlanResource | undefined {
    if (!this.byAddress) this.byAddress = new Map(this.resources.map((r) => [`${r.file}|${r.address}`, r]));
    return this.byAddress.get(`${file}|${address}`);
  }

  private byType?: Map<string, PlanResource[]>;
  private readonly byBlock = new Map<string, Map<string, PlanResource[]>>();
  private readonly splitCache = new Map<string, Map<string, PlanResource[]>>();

  /** The types the rule now running has read, so the engine can say what it checked (see `results`). */
  private reading?: Set<string>;

  /** Starts recording the types a rule reads; `stopReading` returns them. */
  startReading(): void {
    this.reading = new Set();
  }

  stopReading(): string[] {
    const types = [...(this.reading ?? [])];
    this.reading = undefined;
    return types;
  }

  /** The managed resources of a type, as a rule reads them: the type counts as one the rule checks. */
  managed<T extends string>(type: T): PlanResource<T>[] {
    this.reading?.add(type);
    return this.ofType(type);
  }

  /** The managed resources of a type, for joins (a bucket's logging, its versioning): not recorded as what a rule checks. */
  ofType<T extends string>(type: T): PlanResource<T>[] {
    // Terraform wrote each resource's values by its type's schema: the type narrows them.
    return this.allOfType(type) as PlanResource<T>[];
  }

  private allOfType(type: string): PlanResource[] {
    if (!this.byType) {
      this.byType = new Map();
      for (const r of this.resources) {
        if (r.mode !== "managed") continue;
        const list = this.byType.get(r.type);
        if (list) list.push(r);
        else this.byType.set(r.type, [r]);
      }
    }
    return this.byType.get(type) ?? [];
  }

  /** Instances of one managed resource block: same plan file, module instance, type and name. */
  private instances(file: string, moduleAddress: string, type: string, name: string): PlanResource[] {
    let blocks = this.byBlock.get(type);
    if (!blocks) {
      // Indexed one type at a time, on first use: only the types a rule joins on are indexed.
      blocks = new Map();
      for (const r of this.ofType(type)) {
        const key = `${r.file}|${r.moduleAddress}|${r.name}`;
        const list = blocks.get(key);
        if (list) list.push(r);
        else blocks.set(key, [r]);
      }
      this.byBlock.set(type, blocks);
    }
    return blocks.get(`${file}|${moduleAddress}|${name}`) ?? [];
  }

  /** The configuration module at a module address. */
  module(file: string, moduleAddress: string): ConfigModule | undefined {
    let at: ConfigModule | undefined = this.configs.find((c) => c.file === file)?.root;
    for (const name of modulePath(moduleAddress)) at = at?.module_calls?.[name]?.module;
    return at;
  }

  /** The `source` of the module call at a module address, e.g. "../../modules/data-lake-storage". */
  moduleSource(file: string, moduleAddress: string): string | undefined {
    const path = modulePath(moduleAddress);
    if (path.length === 0) return undefined;
    let at: ConfigModule | undefined = this.configs.find((c) => c.file === file)?.root;
    for (const name of path.slice(0, -1)) at = at?.module_calls?.[name]?.module;
    return at?.module_calls?.[path[path.length - 1]]?.source;
  }

  private readonly configIndex = new Map<ConfigModule, Map<string, ConfigResource>>();

  private findConfig(root: ConfigModule, moduleAddress: string, mode: string, type: string, name: string): ConfigResource | undefined {
    let at: ConfigModule | undefined = root;
    for (const call of modulePath(moduleAddress)) at = at?.module_calls?.[call]?.module;
    if (!at) return undefined;
    let index = this.configIndex.get(at);
    if (!index) {
      index = new Map((at.resources ?? []).map((r) => [r.address, r]));
      this.configIndex.set(at, index);
    }
    return index.get(`${mode === "data" ? "data." : ""}${type}.${name}`);
  }

  /** A data source's configuration, by its address within a module (e.g. data.aws_iam_policy_document.job). */
  dataConfig(file: string, moduleAddress: string, address: string): ConfigResource | undefined {
    return this.module(file, moduleAddress)?.resources?.find((r) => r.address === address);
  }

  /**
   * The aws_s3_bucket a split S3 resource (encryption, versioning, logging…) belongs to, found through
   * the configuration: its `bucket` expression or its for_each refers to the bucket resource, and
   * for_each instances pair up by key. Planned bucket names are not used: they are often unknown.
   */
  bucketOf(res: PlanResource, attr = "bucket"): PlanResource | undefined {
    const refs: string[] = expressionOf(res.config?.expressions, attr)?.references ?? [];
    const viaForEach: string[] = res.config?.for_each_expression?.references ?? [];
    const candidates = [...refs, ...(refs.some((r) => r.startsWith("each.")) ? viaForEach : [])];
    const direct = this.bucketIn(res.file, res.moduleAddress, candidates, res.index);
    if (direct) return direct;
    // A module input (bucket = var.bucket_id): follow it to what the caller passes.
    const variable = candidates.map((r) => /^var\.([A-Za-z0-9_-]+)/.exec(r)?.[1]).find(Boolean);
    const call = /^(.*?)\.?module\.([A-Za-z0-9_-]+)(\[[^\]]*\])?$/.exec(res.moduleAddress);
    if (variable && call) {
      const passed = this.module(res.file, call[1])?.module_calls?.[call[2]]?.expressions?.[variable]?.references ?? [];
      const viaCall = this.bucketIn(res.file, call[1], passed, undefined);
      if (viaCall) return viaCall;
    }
    return this.onlyBucket(res.file, res.moduleAddress, candidates) ?? this.bucketNamed(res.file, res.values?.[attr]);
  }

  /** A bucket written by its name, as a literal: the bucket of that name in the same plan. */
  private bucketNamed(file: string, name: unknown): PlanResource | undefined {
    if (typeof name !== "string" || !name) return undefined;
    return this.ofType("aws_s3_bucket").find((b) => b.file === file && b.values?.bucket === name);
  }

  private dataIndex?: Map<string, PlanResource[]>;

  /** The planned instance of a data source a resource refers to: the one with the same key, or the only one. */
  dataInstance(file: string, moduleAddress: string, address: string, index: string | number | undefined): PlanResource | undefined {
    if (!this.dataIndex) {
      this.dataIndex = new Map();
      for (const r of this.resources) {
        if (r.mode !== "data") continue;
        const key = `${r.file}|${r.moduleAddress}|data.${r.type}.${r.name}`;
        const list = this.dataIndex.get(key);
        if (list) list.push(r);
        else this.dataIndex.set(key, [r]);
      }
    }
    const found = this.dataIndex.get(`${file}|${moduleAddress}|${address}`) ?? [];
    return found.find((r) => r.index === index) ?? (found.length === 1 ? found[0] : undefined);
  }

  private bucketIn(
    file: string,
    moduleAddress: string,
    refs: string[],
    index: string | number | undefined,
    depth = 0,
  ): PlanResource | undefined {
    for (const ref of refs) {
      const m = /^aws_s3_bucket\.([A-Za-z0-9_-]+)(?:\[("?)([^\]"]*)\2\])?/.exec(ref);
      if (m) {
        const buckets = this.instances(file, moduleAddress, "aws_s3_bucket", m[1]);
        // A literal key (aws_s3_bucket.this["raw"]) names its instance; each.key pairs up by index.
        const key = m[3] === undefined ? index : m[2] ? m[3] : Number(m[3]);
        const match = buckets.find((b) => b.index === key) ?? (buckets.length === 1 ? buckets[0] : undefined);
        if (match) return match;
      }
      // Another module's output (module.bucket.bucket_id): follow it into that module.
      const out = /^module\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(ref);
      if (out && depth < 8) {
        const child = `${moduleAddress ? `${moduleAddress}.` : ""}module.${out[1]}`;
        const inner = this.module(file, child)?.outputs?.[out[2]]?.expression?.references ?? [];
        const found = this.bucketIn(file, child, inner, undefined, depth + 1) ?? this.onlyBucket(file, child, inner);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** Through a local, or an input from outside the plan: a module with one bucket has no other to mean. */
  private onlyBucket(file: string, moduleAddress: string, refs: string[]): PlanResource | undefined {
    if (!refs.some((r) => r.startsWith("local.") || r.startsWith("var."))) return undefined;
    const own = this.ofType("aws_s3_bucket").filter((b) => b.file === file && b.moduleAddress === moduleAddress);
    return own.length === 1 ? own[0] : undefined;
  }

  /** Split resources of a type, grouped by the bucket they belong to. */
  splitByBucket(type: string): Map<string, PlanResource[]> {
    const cached = this.splitCache.get(type);
    if (cached) return cached;
    const out = new Map<string, PlanResource[]>();
    for (const r of this.ofType(type)) {
      const b = this.bucketOf(r);
      if (!b) continue;
      const list = out.get(b.address + b.file);
      if (list) list.push(r);
      else out.set(b.address + b.file, [r]);
    }
    this.splitCache.set(type, out);
    return out;
  }
}

const PROD = /^(prod|production|prd)$/i;

/**
 * Whether a resource belongs to a production environment, as the plan shows it:
 * its Environment tag, else the root's `environment` variable, else a name with
 * a `prod` part (`acme-prod-raw`).
 */
export function isProduction(model: PlanModel, file: string, address: string, known?: PlanResource): boolean {
  const res = known ?? model.resource(file, address);
  const tag = asObject(res?.values?.tags_all).Environment ?? asObject(res?.values?.tags).Environment;
  if (typeof tag === "string") return PROD.test(tag);
  const variable = model.variables.get(file)?.environment?.value;
  if (typeof variable === "string") return PROD.test(variable);
  const name = String(res?.values?.bucket ?? res?.values?.name ?? "");
  return name.split(/[-_.]/).some((part) => PROD.test(part));
}

/**
 * An attribute still unknown at plan time that the configuration sets: it will
 * have a value. Unknown and not in the configuration is the provider's to
 * fill, often with nothing, so it does not count as set. A resource whose
 * configuration the plan does not carry is given the benefit of the doubt.
 */
export function setButUnknown(r: PlanResource, key: string): boolean {
  if (r.unknown?.[key] !== true) return false;
  const expressions = r.config?.expressions;
  return expressions === undefined || key in expressions;
}

/** A resource of a type, with the values its schema gives. */
export const isOfType = <T extends string>(r: PlanResource, type: T): r is PlanResource<T> => r.type === type;
