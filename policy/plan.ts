/**
 * A Terraform plan (`terraform show -json`), read for policy checks: each
 * resource's planned values, what is still unknown, and its configuration
 * expressions, which tell what refers to what before anything exists.
 */
import * as fs from "node:fs";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export class BadPlanError extends Error {}

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

interface ConfigModule {
  resources?: Json[];
  module_calls?: Record<string, { source?: string; expressions?: Record<string, Expression>; module?: ConfigModule }>;
}

export function loadPlan(file: string): Json {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new BadPlanError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!text.trim()) throw new BadPlanError(`${file}: the file is empty; expected the output of terraform show -json`);
  let plan: Json;
  try {
    plan = JSON.parse(text);
  } catch (e) {
    throw new BadPlanError(`${file}: not valid JSON (${(e as Error).message}); expected the output of terraform show -json`);
  }
  if (!plan || typeof plan !== "object" || typeof plan.format_version !== "string" || !Array.isArray(plan.resource_changes)) {
    throw new BadPlanError(`${file}: not a Terraform plan: expected format_version and resource_changes (terraform show -json PLANFILE)`);
  }
  return plan;
}

/** Module call names of a module address: module.a["x"].module.b → [a, b]. */
function modulePath(moduleAddress: string): string[] {
  return [...moduleAddress.matchAll(/module\.([A-Za-z0-9_-]+)(\[[^\]]*\])?/g)].map((m) => m[1]);
}

export class PlanModel {
  /** Tag keys every taggable resource must carry (LG-LAKEGEN-002). */
  requiredTags: string[] = ["Environment", "Project"];
  readonly resources: PlanResource[] = [];
  readonly outputs: { file: string; name: string; value: Json }[] = [];
  private readonly configs: { file: string; root: ConfigModule }[] = [];

  constructor(plans: { file: string; plan: Json }[]) {
    for (const { file, plan } of plans) {
      const root: ConfigModule = plan.configuration?.root_module ?? {};
      this.configs.push({ file, root });
      for (const rc of plan.resource_changes as Json[]) {
        const actions: string[] = rc.change?.actions ?? [];
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

  managed(type: string): PlanResource[] {
    return this.resources.filter((r) => r.mode === "managed" && r.type === type);
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

  private findConfig(root: ConfigModule, moduleAddress: string, mode: string, type: string, name: string): Json {
    let at: ConfigModule | undefined = root;
    for (const call of modulePath(moduleAddress)) at = at?.module_calls?.[call]?.module;
    const address = `${mode === "data" ? "data." : ""}${type}.${name}`;
    return at?.resources?.find((r) => r.address === address);
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
    for (const ref of candidates) {
      const m = /^aws_s3_bucket\.([A-Za-z0-9_-]+)/.exec(ref);
      if (!m) continue;
      const buckets = this.resources.filter(
        (b) => b.type === "aws_s3_bucket" && b.name === m[1] && b.moduleAddress === res.moduleAddress && b.file === res.file,
      );
      const match = buckets.find((b) => b.index === res.index) ?? (buckets.length === 1 ? buckets[0] : undefined);
      if (match) return match;
    }
    return undefined;
  }

  /** Split resources of a type, grouped by the bucket they belong to. */
  splitByBucket(type: string): Map<string, PlanResource[]> {
    const out = new Map<string, PlanResource[]>();
    for (const r of this.managed(type)) {
      const b = this.bucketOf(r);
      if (!b) continue;
      out.set(b.address + b.file, [...(out.get(b.address + b.file) ?? []), r]);
    }
    return out;
  }
}

/** Statements of an IAM policy: from planned JSON when known, else from the aws_iam_policy_document it refers to. */
export function policyStatements(model: PlanModel, res: PlanResource, attr = "policy"): Json[] | undefined {
  const doc = res.values?.[attr];
  if (typeof doc === "string" && doc.trim().startsWith("{")) {
    try {
      const parsed = JSON.parse(doc);
      return [parsed.Statement ?? []].flat().map((s: Json) => ({
        effect: s.Effect ?? "Allow",
        actions: [s.Action ?? []].flat(),
        resources: [s.Resource ?? []].flat(),
        condition: s.Condition,
        known: true,
      }));
    } catch {
      return undefined;
    }
  }
  const ref = (res.config?.expressions?.[attr]?.references ?? []).find((r: string) => r.startsWith("data.aws_iam_policy_document."));
  if (!ref) return undefined;
  const address = /^data\.aws_iam_policy_document\.[A-Za-z0-9_-]+/.exec(ref)![0];
  const cfg = model.dataConfig(res.file, res.moduleAddress, address);
  const statements: Json[] = cfg?.expressions?.statement ?? [];
  return statements.map((s: Json) => ({
    effect: s.effect?.constant_value ?? "Allow",
    actions: s.actions?.constant_value ?? [],
    resources: s.resources?.constant_value ?? (s.resources?.references ? ["<reference>"] : []),
    condition: s.condition,
    known: false,
  }));
}
