/**
 * `lakegen pr`: the base and head plans of a pull request, compared. The gate
 * fails on what the head adds: findings new in head (destructive changes
 * among them), never on what the base already had. The report also gives the
 * plan per module, the findings head resolves, and the monthly cost of both
 * sides from the tfvars each plan carries.
 */
import * as path from "node:path";
import { checkConfig } from "../config/config";
import { type CostEstimate, estimateCost, NoPricesError } from "../deliverables/cost";
import { loadUsage } from "../deliverables/usage";
import { mdCell as cell, mdCode } from "../lib/markdown";
import { type CheckOptions, failing, runChecks } from "../policy/engine";
import { replacedOn } from "../lib/resource-risk";
import { asObject, type JsonObject } from "../lib/json";
import type { PlanModel } from "../policy/plan";
import type { PlanJson, ResourceChangeJson } from "../policy/plan-json";
import type { Finding, Severity, UnknownPolicy } from "../policy/rule";

export interface ModuleSummary {
  module: string;
  create: number;
  update: number;
  replace: number;
  delete: number;
}

export interface CostDelta {
  lines: { component: string; base: number; head: number; delta: number }[];
  base: number;
  head: number;
  delta: number;
  /** Line items neither side's estimate includes. */
  notEstimated: string[];
}

export interface PrReport {
  summary: ModuleSummary[];
  destructive: Finding[];
  /** Findings in head that base does not have: what the gate judges. */
  added: Finding[];
  /** Findings in base that head no longer has. */
  resolved: Finding[];
  failing: Finding[];
  failOn: Severity;
  cost: CostDelta | { unavailable: string };
  head: PlanModel;
  /** The head plan saw no state: its changes are inferred by comparing it with base (inferAgainst). */
  inferred: boolean;
}

const INFERRED_NOTE =
  "**No state:** the head plan was made without a state, so its changes are inferred by comparing it with the base plan: " +
  "an address gone from head is destroyed, and a change to a name, a bucket or another attribute the provider cannot change in place " +
  "replaces. Attributes unknown until apply, and types lakegen does not create, show their replacements only in a plan against the state.";

const key = (f: Finding) => `${f.ruleId}|${f.address}`;

function summarize(plan: PlanJson): ModuleSummary[] {
  const out = new Map<string, ModuleSummary>();
  for (const rc of plan.resource_changes) {
    if (rc.mode !== "managed") continue;
    const a: string[] = rc.change?.actions ?? [];
    const kind =
      a.includes("delete") && a.includes("create")
        ? "replace"
        : a[0] === "create"
          ? "create"
          : a[0] === "update"
            ? "update"
            : a[0] === "delete"
              ? "delete"
              : undefined;
    if (!kind) continue;
    const module = /^module\.[A-Za-z0-9_-]+/.exec(rc.module_address ?? "")?.[0] ?? "(root)";
    const s = out.get(module) ?? { module, create: 0, update: 0, replace: 0, delete: 0 };
    s[kind]++;
    out.set(module, s);
  }
  return [...out.values()].sort((a, b) => a.module.localeCompare(b.module));
}

/** The estimate of the environment whose tfvars a root plan carries in `variables`. */
function costOf(plan: PlanJson, file: string): CostEstimate | string {
  const vars = plan.variables;
  if (!vars) return `${file} has no variables: it is not the plan of a lakegen root`;
  const raw = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.value]));
  const loaded = checkConfig(raw, file);
  if (!loaded.ok) return `${file}'s variables are not a lakegen environment (${loaded.problems[0].path}: ${loaded.problems[0].message})`;
  const usage = loadUsage(path.join("usage", `${loaded.config.environment}.hcl`), { optional: true });
  try {
    return estimateCost(loaded.config, usage);
  } catch (e) {
    if (e instanceof NoPricesError) return `${file}: ${e.message}`;
    throw e;
  }
}

function costDelta(base: CostEstimate, head: CostEstimate): CostDelta {
  const components = [...new Set([...base.lines, ...head.lines].map((l) => l.component))];
  const monthly = (c: CostEstimate, component: string) => c.lines.find((l) => l.component === component)?.monthly ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  const lines = components.map((component) => {
    const [b, h] = [monthly(base, component), monthly(head, component)];
    return { component, base: b, head: h, delta: round(h - b) };
  });
  return { lines, base: base.total, head: head.total, delta: round(head.total - base.total), notEstimated: head.notEstimated };
}

/** A plan made without a state shows every resource as created: it cannot show a replacement or a deletion. */
export function seesState(plan: PlanJson): boolean {
  return (plan.resource_changes ?? []).some(
    (rc) => rc.mode === "managed" && !(rc.change?.actions?.length === 1 && rc.change.actions[0] === "create"),
  );
}

/** The first attribute, known on both sides, whose change forces a replacement of a resource of `type`. */
function forcedReplacement(type: string, before: JsonObject, after: JsonObject): string | undefined {
  return replacedOn(type).find(
    (k) =>
      before[k] !== undefined &&
      before[k] !== null &&
      after[k] !== undefined &&
      after[k] !== null &&
      JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

/**
 * Head's changes as they would be against base's resources, when neither plan saw a state: an
 * address gone from head is deleted; a changed name, bucket or other attribute that forces a new
 * resource (FORCES_NEW) replaces; other differences update; equal values are no-ops.
 */
export function inferAgainst(base: PlanJson, head: PlanJson): PlanJson {
  const managed = (rc: ResourceChangeJson) => rc.mode === "managed";
  const before = new Map(base.resource_changes.filter(managed).map((rc) => [rc.address, asObject(rc.change.after)]));
  const seen = new Set<string>();
  const changes = head.resource_changes.map((rc): ResourceChangeJson => {
    if (!managed(rc)) return rc;
    seen.add(rc.address);
    const b = before.get(rc.address);
    if (b === undefined) return rc;
    const after = asObject(rc.change.after);
    const renamed = forcedReplacement(rc.type, b, after);
    const actions = renamed ? ["delete", "create"] : JSON.stringify(b) === JSON.stringify(after) ? ["no-op"] : ["update"];
    return { ...rc, change: { ...rc.change, actions, before: b, ...(renamed ? { replace_paths: [[renamed]] } : {}) } };
  });
  const gone = base.resource_changes
    .filter((rc) => managed(rc) && !seen.has(rc.address))
    .map((rc) => ({ ...rc, change: { ...rc.change, actions: ["delete"], before: rc.change.after ?? {}, after: null, after_unknown: {} } }));
  return { ...head, resource_changes: [...changes, ...gone] };
}

export function comparePlans(
  base: { file: string; plan: PlanJson },
  givenHead: { file: string; plan: PlanJson },
  opts: CheckOptions & { failOn: Severity; unknowns?: UnknownPolicy },
): PrReport {
  const inferred = !seesState(givenHead.plan);
  const head = inferred ? { ...givenHead, plan: inferAgainst(base.plan, givenHead.plan) } : givenHead;
  const before = runChecks([base], opts).findings;
  const after = runChecks([head], opts);
  const baseKeys = new Set(before.map(key));
  const headKeys = new Set(after.findings.map(key));
  const added = after.findings.filter((f) => !baseKeys.has(key(f)));
  const baseCost = costOf(base.plan, base.file);
  const headCost = costOf(head.plan, head.file);
  return {
    summary: summarize(head.plan),
    destructive: after.findings.filter((f) => f.ruleId.startsWith("LG-CHANGE-")),
    added,
    resolved: before.filter((f) => !headKeys.has(key(f))),
    failing: failing(added, opts.failOn, opts.unknowns),
    failOn: opts.failOn,
    cost:
      typeof baseCost === "string"
        ? { unavailable: baseCost }
        : typeof headCost === "string"
          ? { unavailable: headCost }
          : costDelta(baseCost, headCost),
    head: after.model,
    inferred,
  };
}

const usd = (n: number) => `${n < 0 ? "−" : ""}$${Math.abs(n).toFixed(2)}`;
const signed = (n: number) => (n > 0 ? `+${usd(n)}` : n < 0 ? usd(n) : "$0.00");

function findingRows(fs: Finding[], none = "None."): string {
  if (fs.length === 0) return none;
  const rows = fs.map(
    (f) =>
      `| ${f.unknown ? "unknown at plan" : f.severity}${f.suppressed ? " (waived)" : ""} | ${f.ruleId} | ${mdCode(f.address)} | ` +
      `${cell(f.message)} |`,
  );
  return ["| Severity | Rule | Resource | Finding |", "|---|---|---|---|", ...rows].join("\n");
}

export function prMarkdown(r: PrReport): string {
  const verdict = r.failing.length
    ? `**Fails:** ${r.failing.length} new finding${r.failing.length > 1 ? "s" : ""} at or above ${r.failOn} or unknown at plan, not waived.`
    : `**Passes:** no new finding at or above ${r.failOn}.`;
  const summary = r.summary.length
    ? [
        "| Module | Add | Change | Replace | Destroy |",
        "|---|--:|--:|--:|--:|",
        ...r.summary.map((s) => `| ${s.module} | ${s.create} | ${s.update} | ${s.replace} | ${s.delete} |`),
      ].join("\n")
    : "No changes.";
  const cost =
    "unavailable" in r.cost
      ? `Not estimated: ${r.cost.unavailable}.`
      : [
          "| Line item | Base | Head | Change |",
          "|---|--:|--:|--:|",
          ...r.cost.lines.map((l) => `| ${cell(l.component)} | ${usd(l.base)} | ${usd(l.head)} | ${signed(l.delta)} |`),
          `| **Total** | **${usd(r.cost.base)}** | **${usd(r.cost.head)}** | **${signed(r.cost.delta)}** |`,
          "",
          `Not estimated on either side: ${r.cost.notEstimated.join("; ")}.`,
        ].join("\n");
  return (
    [
      "## lakegen pr",
      ...(r.inferred ? [INFERRED_NOTE] : []),
      verdict,
      "### Plan",
      summary,
      "### Destructive changes",
      findingRows(r.destructive, r.inferred ? "None inferred from the two plans; a plan against the state may show more." : "None."),
      "### New findings",
      findingRows(r.added),
      "### Resolved findings",
      findingRows(r.resolved),
      "### Monthly cost",
      cost,
    ].join("\n\n") + "\n"
  );
}
