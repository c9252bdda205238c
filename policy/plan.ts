/**
 * A Terraform plan (`terraform show -json`), read for policy checks: each
 * resource's planned values, what is still unknown, and its configuration
 * expressions, which tell what refers to what before anything exists.
 */
import * as fs from "node:fs";
import { GENERATOR_OUTPUT } from "../lib/generator-marker";
import { accountsNamedBy, impliedAccounts } from "./accounts";
import { PlanSyntaxError, streamPlanInParallel } from "./plan-stream";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform's plan JSON, read as each rule needs it
export type Json = any;

/** A plan or waiver file that cannot be used: exit code 2. */
export class BadPlanError extends Error {
  readonly exitCode = 2;
}

export interface Expression {
  constant_value?: unknown;
  references?: string[];
}

export interface PlanResource {
  address: string;
  moduleAddress: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: string | number;
  /** Planned values; an attribute that is not known yet is undefined. */
  values: Json;
  unknown: Json;
  actions: string[];
  /** The resource's configuration block: expressions, for_each. */
  config?: Json;
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
  before: Json;
  after: Json;
  /** The attribute paths that force a replacement, as Terraform gives them. */
  replacePaths: (string | number)[][];
  file: string;
}

interface ConfigModule {
  resources?: Json[];
  outputs?: Record<string, { expression?: Expression; description?: string }>;
  module_calls?: Record<string, { source?: string; expressions?: Record<string, Expression>; module?: ConfigModule }>;
}

const cannotRead = (file: string, e: unknown) =>
  new BadPlanError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);

/** Plans above this size are read in chunks (plan-stream.ts); smaller ones are parsed whole, which checks every byte. */
export const STREAM_ABOVE_BYTES = 32 * 1024 * 1024;

export function loadPlan(file: string, streamAbove = STREAM_ABOVE_BYTES): Json {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    throw cannotRead(file, e);
  }
  const plan = size > streamAbove ? streamed(file) : parsedWhole(file);
  if (!plan || typeof plan !== "object" || typeof plan.format_version !== "string" || !Array.isArray(plan.resource_changes)) {
    throw new BadPlanError(`${file}: not a Terraform plan: expected format_version and resource_changes (terraform show -json PLANFILE)`);
  }
  (plan.resource_changes as Json[]).forEach((rc, i) => {
    const problem = malformed(rc);
    if (problem) throw new BadPlanError(`${file}: resource_changes[${i}]: ${problem}`);
  });
  return plan;
}

function parsedWhole(file: string): Json {
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

function streamed(file: string): Json {
  try {
    return streamPlanInParallel(file);
  } catch (e) {
    if (e instanceof PlanSyntaxError)
      throw new BadPlanError(`${file}: not valid JSON (${e.message}); expected the output of terraform show -json`);
    throw cannotRead(file, e);
  }
}

/** What is wrong with one resource_changes entry, if anything. */
function malformed(rc: Json): string | undefined {
  if (!rc || typeof rc !== "object" || Array.isArray(rc)) return "expected an object";
  for (const k of ["address", "type", "name"]) if (typeof rc[k] !== "string") return `expected a string "${k}"`;
  if (rc.mode !== "managed" && rc.mode !== "data") return `"mode" must be "managed" or "data"`;
  if (!rc.change || typeof rc.change !== "object") return `expected a "change" object`;
  if (!Array.isArray(rc.change.actions) || rc.change.actions.some((a: unknown) => typeof a !== "string"))
    return `expected "change.actions", a list of strings`;
  return undefined;
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
  readonly outputs: { file: string; name: string; value: Json }[] = [];
  /** Provider configurations, as written: the key is `aws`, `aws.<alias>` or `<module>:aws`. */
  readonly providers: { file: string; key: string; name: string; moduleAddress: string; expressions: Record<string, Expression> }[] = [];
  /** Each plan file's input variables, as terraform show -json gives them. */
  readonly variables = new Map<string, Record<string, Json>>();
  private readonly configs: { file: string; root: ConfigModule }[] = [];

  constructor(plans: { file: string; plan: Json }[]) {
    for (const { file, plan } of plans) {
      const root: ConfigModule = plan.configuration?.root_module ?? {};
      this.configs.push({ file, root });
      this.variables.set(file, plan.variables ?? {});
      for (const [key, p] of Object.entries<Json>(plan.configuration?.provider_config ?? {})) {
        this.providers.push({ file, key, name: p.name ?? key, moduleAddress: p.module_address ?? "", expressions: p.expressions ?? {} });
      }
      if (root.outputs?.[GENERATOR_OUTPUT] || plan.output_changes?.[GENERATOR_OUTPUT]) this.generated.add(file);
      this.namedAccounts.set(file, accountsNamedBy(plan));
      for (const rc of plan.resource_changes as Json[]) {
        const actions: string[] = rc.change?.actions ?? [];
        this.changes.push({
          address: rc.address,
          moduleAddress: rc.module_address ?? "",
          mode: rc.mode,
          type: rc.type,
          actions,
          before: rc.change?.before ?? null,
          after: rc.change?.after ?? null,
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
          values: rc.change?.after ?? {},
          unknown: rc.change?.after_unknown ?? {},
          actions,
          config: this.findConfig(root, rc.module_address ?? "", rc.mode, rc.type, rc.name),
          file,
        });
      }
      for (const [name, oc] of Object.entries<Json>(plan.output_changes ?? {})) {
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
  managed(type: string): PlanResource[] {
    this.reading?.add(type);
    return this.ofType(type);
  }

  /** The managed resources of a type, for joins (a bucket's logging, its versioning): not recorded as what a rule checks. */
  ofType(type: string): PlanResource[] {
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

  private readonly configIndex = new Map<ConfigModule, Map<string, Json>>();

  private findConfig(root: ConfigModule, moduleAddress: string, mode: string, type: string, name: string): Json {
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
  dataConfig(file: string, moduleAddress: string, address: string): Json {
    return this.module(file, moduleAddress)?.resources?.find((r) => r.address === address);
  }

  /**
   * The aws_s3_bucket a split S3 resource (encryption, versioning, logging…) belongs to, found through
   * the configuration: its `bucket` expression or its for_each refers to the bucket resource, and
   * for_each instances pair up by key. Planned bucket names are not used: they are often unknown.
   */
  bucketOf(res: PlanResource, attr = "bucket"): PlanResource | undefined {
    const refs: string[] = res.config?.expressions?.[attr]?.references ?? [];
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

/** Four IAM rules read each policy: read it once per resource and attribute. */
const STATEMENTS = new WeakMap<PlanResource, Map<string, Json[] | undefined>>();

/**
 * Policy documents a module hands out through its outputs (the analysts' policies a team
 * attaches to its own roles), each with its statements: policies of roles outside the plan.
 */
export function exportedDocuments(model: PlanModel): { res: PlanResource; statements: Json[] }[] {
  let found = EXPORTED.get(model);
  if (!found) EXPORTED.set(model, (found = readExported(model)));
  return found;
}
/** Two rules read the exported documents. */
const EXPORTED = new WeakMap<PlanModel, { res: PlanResource; statements: Json[] }[]>();

function readExported(model: PlanModel): { res: PlanResource; statements: Json[] }[] {
  const exported = new Map<ConfigModule, Set<string>>();
  const namesIn = (mod: ConfigModule | undefined): Set<string> => {
    if (!mod) return new Set();
    let names = exported.get(mod);
    if (!names) {
      const refs = Object.values(mod.outputs ?? {}).flatMap((o) => o.expression?.references ?? []);
      names = new Set(refs.map((x) => /^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)/.exec(x)?.[1]).filter((x): x is string => !!x));
      exported.set(mod, names);
    }
    return names;
  };
  return model.resources
    .filter((r) => r.mode === "data" && r.type === "aws_iam_policy_document")
    .filter((r) => namesIn(model.module(r.file, r.moduleAddress)).has(r.name))
    .flatMap((r) => {
      const cfg = model.dataConfig(r.file, r.moduleAddress, `data.aws_iam_policy_document.${r.name}`);
      const statements = cfg ? cachedDocument(cfg, r) : undefined;
      return statements ? [{ res: r, statements }] : [];
    });
}

/** Statements of an IAM policy: from planned JSON when known, else from the aws_iam_policy_document it refers to. */
export function policyStatements(model: PlanModel, res: PlanResource, attr = "policy"): Json[] | undefined {
  let byAttr = STATEMENTS.get(res);
  if (!byAttr) STATEMENTS.set(res, (byAttr = new Map()));
  if (!byAttr.has(attr)) byAttr.set(attr, readStatements(model, res, attr));
  return byAttr.get(attr);
}

/**
 * Statements by document text, and by policy-document configuration: instances of a block,
 * and roles trusting the same service, repeat the same document. Rules only read statements.
 */
const BY_TEXT = new WeakMap<PlanModel, Map<string, Json[] | undefined>>();
const BY_CONFIG = new WeakMap<object, Map<string, Json[] | undefined>>();

function readStatements(model: PlanModel, res: PlanResource, attr: string): Json[] | undefined {
  if (attr === "inline_policy") return inlineStatements(res);
  const doc = res.values?.[attr];
  if (typeof doc === "string" && doc.trim().startsWith("{")) {
    let known = BY_TEXT.get(model);
    if (!known) BY_TEXT.set(model, (known = new Map()));
    if (!known.has(doc)) known.set(doc, parseStatements(doc));
    return known.get(doc);
  }
  const ref = (res.config?.expressions?.[attr]?.references ?? []).find((r: string) => r.startsWith("data.aws_iam_policy_document."));
  if (!ref) return undefined;
  const address = /^data\.aws_iam_policy_document\.[A-Za-z0-9_-]+/.exec(ref)![0];
  const cfg = model.dataConfig(res.file, res.moduleAddress, address);
  if (!cfg) return undefined;
  // What the configuration leaves to locals or variables, the data source's planned values often know.
  const planned = model.dataInstance(res.file, res.moduleAddress, address, res.index);
  return cachedDocument(cfg, planned);
}

/** The statement fields a document's configuration leaves to references, whose planned values count. */
const REFERENCED = new WeakMap<object, [number, string][]>();
const FIELDS = ["effect", "actions", "resources", "not_actions", "not_resources", "principals", "not_principals", "condition"];

/** What of a data source's planned values a document reads: its statement count, and the fields written as references. */
function plannedKey(cfg: Json, planned: PlanResource): string {
  let fields = REFERENCED.get(cfg);
  if (!fields) {
    const statements: Json[] = cfg.expressions?.statement ?? [];
    fields = statements.flatMap((s, i) =>
      FIELDS.filter((f) => s[f] !== undefined && (s[f].constant_value === undefined || Array.isArray(s[f]))).map((f): [number, string] => [
        i,
        f,
      ]),
    );
    REFERENCED.set(cfg, fields);
  }
  const pv = planned.values?.statement;
  const pu = planned.unknown?.statement;
  if (!Array.isArray(pv) || pu === true) return `${pu === true}|${pv?.length}`;
  return JSON.stringify([pv.length, planned.values?.json, fields.map(([i, f]) => [pv[i]?.[f], pu?.[i]?.[f]])]);
}

/** Instances of a module repeat the same planned statements: read each distinct one once. */
function cachedDocument(cfg: Json, planned: PlanResource | undefined): Json[] | undefined {
  const key = planned ? plannedKey(cfg, planned) : "";
  let byPlanned = BY_CONFIG.get(cfg);
  if (!byPlanned) BY_CONFIG.set(cfg, (byPlanned = new Map()));
  if (!byPlanned.has(key)) byPlanned.set(key, documentStatements(cfg, planned));
  return byPlanned.get(key);
}

/** The statements of a role's inline_policy blocks; undefined when one of them is unknown at plan. */
function inlineStatements(res: PlanResource): Json[] | undefined {
  const blocks: Json[] = res.values?.inline_policy ?? [];
  if (res.unknown?.inline_policy === true && res.config?.expressions?.inline_policy) return undefined;
  const out: Json[] = [];
  for (const b of blocks) {
    if (b?.policy === undefined || b?.policy === null || b.policy === "") continue;
    const parsed = typeof b.policy === "string" ? parseStatements(b.policy) : undefined;
    if (!parsed) return undefined;
    out.push(...parsed);
  }
  return out;
}

/** A document's statements from its planned values alone: what is unknown reads "<unknown>" (actions) or "<reference>". */
function plannedStatements(planned: PlanResource): Json[] {
  const pu: Json[] = Array.isArray(planned.unknown?.statement) ? planned.unknown.statement : [];
  return (planned.values.statement as Json[]).map((s, i) => {
    const u: Json = pu[i] ?? {};
    const list = (key: string, unknown: string) => plannedList(s[key] ?? [], u[key]) ?? [unknown];
    const principals = (key: string): Principal[] =>
      u[key] === true
        ? [{ type: "AWS", ids: ["<reference>"] }]
        : ((s[key] ?? []) as Json[]).map((p, j) => ({
            type: String(p.type ?? "AWS"),
            ids: plannedList(p.identifiers, u[key]?.[j]?.identifiers) ?? ["<reference>"],
          }));
    return {
      effect: s.effect ?? "Allow",
      actions: list("actions", "<unknown>"),
      resources: list("resources", "<reference>"),
      notActions: list("not_actions", "<unknown>"),
      notResources: list("not_resources", "<reference>"),
      principals: principals("principals"),
      notPrincipals: principals("not_principals"),
      conditions: ((s.condition ?? []) as Json[]).map((c, j) => ({
        operator: String(c.test),
        key: String(c.variable),
        values: plannedList(c.values, u.condition?.[j]?.values) ?? ["<reference>"],
      })),
      condition: s.condition,
      known: false,
    };
  });
}

/** A list the plan knows, entries unknown until apply read "<reference>"; undefined when the list itself is unknown. */
function plannedList(value: unknown, unknown: unknown): string[] | undefined {
  if (unknown === true || !Array.isArray(value)) return undefined;
  return value.map((v) => (typeof v === "string" ? v : "<reference>"));
}

/** A policy document's statements, from its JSON, normalized as rules read them; undefined when it is not JSON. */
export function parseStatements(doc: string): Json[] | undefined {
  try {
    const parsed = JSON.parse(doc);
    return [parsed.Statement ?? []].flat().map((s: Json) => ({
      effect: s.Effect ?? "Allow",
      actions: [s.Action ?? []].flat(),
      resources: [s.Resource ?? []].flat(),
      notActions: [s.NotAction ?? []].flat(),
      notResources: [s.NotResource ?? []].flat(),
      principals: jsonPrincipals(s.Principal),
      notPrincipals: jsonPrincipals(s.NotPrincipal),
      conditions: jsonConditions(s.Condition),
      condition: s.Condition,
      known: true,
    }));
  } catch {
    return undefined;
  }
}

/**
 * An aws_iam_policy_document's statements: literal values from its configuration, and what
 * it takes from locals or variables from its planned values. Actions known only at apply
 * read "<unknown>", resources and principals "<reference>".
 */
function documentStatements(cfg: Json, planned?: PlanResource): Json[] | undefined {
  const e = cfg.expressions ?? {};
  // The plan knows the whole document: composed, dynamic or literal, its JSON says what it allows.
  if (typeof planned?.values?.json === "string" && planned.values.json.trim().startsWith("{")) return parseStatements(planned.values.json);
  // Composed from other documents: not readable here.
  if (e.source_policy_documents || e.override_policy_documents) return undefined;
  // Dynamic statements are absent from the configuration: the planned values hold them all, or the plan cannot count them.
  const plannedCount = planned?.values?.statement?.length;
  if (planned?.unknown?.statement === true) return undefined;
  if (planned && typeof plannedCount === "number" && plannedCount > (e.statement?.length ?? 0)) return plannedStatements(planned);
  if (!e.statement) return undefined;
  const statements: Json[] = e.statement;
  return statements.map((s: Json, i: number) => {
    const pv: Json = planned?.values?.statement?.[i] ?? {};
    const pu: Json = planned?.unknown?.statement === true ? true : (planned?.unknown?.statement?.[i] ?? {});
    const list = (expr: Json, key: string, unknown: string) =>
      expr?.constant_value ?? (expr?.references ? (plannedList(pv[key], pu === true || pu[key]) ?? [unknown]) : []);
    return {
      effect: s.effect?.constant_value ?? (s.effect?.references && typeof pv.effect === "string" ? pv.effect : "Allow"),
      actions: list(s.actions, "actions", "<unknown>"),
      resources: list(s.resources, "resources", "<reference>"),
      notActions: list(s.not_actions, "not_actions", "<unknown>"),
      notResources: list(s.not_resources, "not_resources", "<reference>"),
      principals: documentPrincipals(s.principals, pv.principals),
      notPrincipals: documentPrincipals(s.not_principals, pv.not_principals),
      conditions: documentConditions(s.condition, pv.condition),
      condition: s.condition,
      known: false,
    };
  });
}

/** A statement's principals, one entry per type: `"*"` is type "*". Identifiers not known at plan time read "<reference>". */
export interface Principal {
  type: string;
  ids: string[];
}

/** A condition test, normalized from policy JSON and from aws_iam_policy_document alike. */
export interface Condition {
  operator: string;
  key: string;
  values: string[];
}

function jsonPrincipals(p: unknown): Principal[] {
  if (p === undefined || p === null) return [];
  if (typeof p === "string") return [{ type: p === "*" ? "*" : "AWS", ids: [p] }];
  return Object.entries(p as Json).map(([type, ids]) => ({ type, ids: [ids].flat().map(String) }));
}

function jsonConditions(c: unknown): Condition[] {
  if (!c || typeof c !== "object") return [];
  return Object.entries(c as Json).flatMap(([operator, tests]) =>
    Object.entries((tests ?? {}) as Json).map(([key, values]) => ({ operator, key, values: [values].flat().map(String) })),
  );
}

/** Planned string values of a list, "<reference>" for each entry known only at apply. */
const plannedStrings = (v: unknown, unknown = "<reference>"): string[] | undefined =>
  Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : unknown)) : undefined;

function documentPrincipals(blocks: Json[] | undefined, planned: Json[] | undefined): Principal[] {
  return (blocks ?? []).map((b, i) => {
    // A role this configuration creates is in the account it applies to: its ARN, unknown at plan, is the lake's own.
    const ownRoles =
      (b.identifiers?.references ?? []).length > 0 &&
      (b.identifiers.references as string[]).every((x) => /^aws_iam_role\.[A-Za-z0-9_-]+(\.|\[|$)/.test(x));
    const unknown = ownRoles ? OWN_ROLE : "<reference>";
    return {
      type: String(b.type?.constant_value ?? planned?.[i]?.type ?? "<reference>"),
      ids:
        b.identifiers?.constant_value ??
        (b.identifiers?.references ? (plannedStrings(planned?.[i]?.identifiers, unknown) ?? [unknown]) : []),
    };
  });
}

/** A principal that is a role the plan creates, known only at apply. */
export const OWN_ROLE = "<role created by this plan>";

function documentConditions(blocks: Json[] | undefined, planned: Json[] | undefined): Condition[] {
  return (blocks ?? []).map((b, i) => ({
    operator: String(b.test?.constant_value ?? planned?.[i]?.test ?? "<reference>"),
    key: String(b.variable?.constant_value ?? planned?.[i]?.variable ?? "<reference>"),
    values: b.values?.constant_value ?? (b.values?.references ? (plannedStrings(planned?.[i]?.values) ?? ["<reference>"]) : []),
  }));
}

const PROD = /^(prod|production|prd)$/i;

/**
 * Whether a resource belongs to a production environment, as the plan shows it:
 * its Environment tag, else the root's `environment` variable, else a name with
 * a `prod` part (`acme-prod-raw`).
 */
export function isProduction(model: PlanModel, file: string, address: string, known?: PlanResource): boolean {
  const res = known ?? model.resource(file, address);
  const tag = res?.values?.tags_all?.Environment ?? res?.values?.tags?.Environment;
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
