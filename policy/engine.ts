/** Runs every rule over one or more plans, applies waivers, and orders the findings. */
import { isProduction, PlanModel } from "./plan";
import type { PlanJson } from "./plan-json";
import { type Finding, FOUND_AT, type Rule, type Severity, severityRank, type UnknownPolicy } from "./rule";
import { RULES } from "./rules";
import { DEFAULT_REQUIRED_TAGS } from "../lib/tags";
import { addressMatches } from "./address-glob";
import type { Waiver } from "./waivers";

export const EXPIRED_WAIVER: Rule = {
  id: "LG-WAIVER-001",
  title: "Waiver has expired",
  severity: "high",
  rationale: "A waiver is a decision with a date to revisit it; past that date the finding it hid is back.",
  fix: "Fix the finding, or renew the waiver with a new reason and expiry.",
  check: () => [],
};

export const RULE_ERROR: Rule = {
  id: "LG-ENGINE-001",
  title: "Rule could not run",
  severity: "high",
  rationale: "A rule that throws on a plan has checked nothing; passing the plan anyway would hide that. The other rules still run.",
  fix: "Report the rule and the plan shape to lakegen's maintainers; until it is fixed, waive this finding for the rule's address.",
  check: () => [],
};

export const ALL_RULES: Rule[] = [...RULES, EXPIRED_WAIVER, RULE_ERROR];

/** What one rule concluded about one resource, or about the whole plan when no resource was in its scope. */
export interface RuleResult {
  ruleId: string;
  status: "pass" | "fail" | "unknown" | "waived" | "not_applicable";
  /** Empty for a result about the whole plan. */
  address: string;
  resourceType: string;
  file: string;
}

export interface CheckOptions {
  waivers?: Waiver[];
  /** Today's date, YYYY-MM-DD; waivers that expire before it no longer apply. */
  today?: string;
  requiredTags?: string[];
  /** Apply lakegen's house rules (LG-LAKEGEN-*) to every plan, not only to roots lakegen generated. */
  houseRules?: boolean;
  /** Record each rule's pass, fail, waived or not-applicable result per resource it read (`results`). */
  results?: boolean;
  /** The rules to run; every rule by default. */
  rules?: Rule[];
  /** The accounts that count as the lake's own, beside those the plan names (`--account`). */
  accounts?: string[];
}

export interface CheckResult {
  findings: Finding[];
  model: PlanModel;
  /** With `results`: per rule, each resource of the types it read; a rule that read none is one result about the plan. */
  results?: RuleResult[];
}

/** One rule's findings; a rule that throws gives one LG-ENGINE-001 finding instead, and the others still run. */
function runRule(rule: Rule, model: PlanModel): Finding[] {
  let found: Omit<Finding, "ruleId" | "severity">[];
  try {
    if (rule.appliesTo && !rule.appliesTo(model)) return [];
    found = rule.check(model);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const file = model.resources[0]?.file ?? model.changes[0]?.file ?? "";
    const message = `${rule.id} failed on this plan and checked nothing: ${why}`;
    return [
      {
        ruleId: RULE_ERROR.id,
        severity: RULE_ERROR.severity,
        address: `(rule ${rule.id})`,
        resourceType: "",
        file,
        moduleAddress: "",
        message,
      },
    ];
  }
  return found.map((f) => {
    // Severity follows the environment: what is tolerable in a sandbox is not in production.
    const prod = rule.prodSeverity !== undefined && isProduction(model, f.file, f.address, FOUND_AT.get(f));
    return {
      ...f,
      ruleId: rule.id,
      severity: prod ? rule.prodSeverity! : rule.severity,
      ...(prod ? { message: `${f.message} (production)` } : {}),
    };
  });
}

export function runChecks(plans: { file: string; plan: PlanJson }[], opts: CheckOptions = {}): CheckResult {
  const model = new PlanModel(plans);
  model.requiredTags = [...(opts.requiredTags ?? DEFAULT_REQUIRED_TAGS)];
  model.houseRulesEverywhere = opts.houseRules === true;
  model.givenAccounts = [...(opts.accounts ?? [])];
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const read = new Map<string, string[]>();
  const findings: Finding[] = (opts.rules ?? RULES).flatMap((rule) => {
    if (opts.results) model.startReading();
    const found = runRule(rule, model);
    if (opts.results) read.set(rule.id, model.stopReading());
    return found;
  });

  for (const w of opts.waivers ?? []) {
    const matched = findings.filter((f) => f.ruleId === w.rule && addressMatches(w.resource, f.address) && !f.suppressed);
    if (w.expires < today) {
      for (const f of matched) {
        findings.push({
          ruleId: EXPIRED_WAIVER.id,
          severity: EXPIRED_WAIVER.severity,
          address: f.address,
          resourceType: f.resourceType,
          file: f.file,
          moduleAddress: f.moduleAddress,
          message: `The waiver of ${w.rule} expired on ${w.expires} ("${w.reason}").`,
        });
      }
      continue;
    }
    for (const f of matched) f.suppressed = { reason: w.reason, expires: w.expires };
  }

  findings.sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.address.localeCompare(b.address) || a.ruleId.localeCompare(b.ruleId),
  );
  return { findings, model, ...(opts.results ? { results: ruleResults(opts.rules ?? RULES, read, findings, model) } : {}) };
}

/** Each rule's verdict on each resource of the types it read; a rule that read no resource type has one verdict on the plan. */
function ruleResults(rules: Rule[], read: Map<string, string[]>, findings: Finding[], model: PlanModel): RuleResult[] {
  const verdict = new Map<string, "fail" | "unknown" | "waived">();
  for (const f of findings) {
    const key = `${f.ruleId}\0${f.file}\0${f.address}`;
    const status = f.suppressed ? "waived" : f.unknown ? "unknown" : "fail";
    if (verdict.get(key) !== "fail") verdict.set(key, status);
  }
  const thrown = new Set(findings.filter((f) => f.ruleId === RULE_ERROR.id).map((f) => f.address));
  return rules.flatMap((rule): RuleResult[] => {
    const subjects = (read.get(rule.id) ?? []).flatMap((t) => model.ofType(t));
    const whole = { ruleId: rule.id, address: "", resourceType: "", file: "" };
    if (thrown.has(`(rule ${rule.id})`)) return [{ ...whole, status: "fail" }];
    if (rule.appliesTo && !rule.appliesTo(model)) return [{ ...whole, status: "not_applicable" }];
    if (subjects.length === 0) {
      // Rules over changes, providers or every resource: their findings, or one verdict on the plan.
      const own = findings.filter((f) => f.ruleId === rule.id);
      if (own.length) {
        return own.map((f) => ({
          ruleId: rule.id,
          address: f.address,
          resourceType: f.resourceType,
          file: f.file,
          status: f.suppressed ? "waived" : f.unknown ? "unknown" : "fail",
        }));
      }
      return [{ ...whole, status: read.get(rule.id)?.length || model.resources.length === 0 ? "not_applicable" : "pass" }];
    }
    return subjects.map((r) => ({
      ruleId: rule.id,
      address: r.address,
      resourceType: r.type,
      file: r.file,
      status: verdict.get(`${rule.id}\0${r.file}\0${r.address}`) ?? "pass",
    }));
  });
}

const RULE_BY_ID = new Map(ALL_RULES.map((r) => [r.id, r]));

/**
 * Whether a finding fails the check: not waived, at or above the threshold, and, for an
 * "unknown at plan" result, failing under the unknown policy.
 */
export function fails(f: Finding, failOn: Severity, unknowns: UnknownPolicy = "guarded"): boolean {
  if (f.suppressed || severityRank(f.severity) < severityRank(failOn)) return false;
  if (!f.unknown) return true;
  return unknowns === "all" || (unknowns === "guarded" && RULE_BY_ID.get(f.ruleId)?.guards !== undefined);
}

/** Findings that fail the check. */
export function failing(findings: Finding[], failOn: Severity, unknowns: UnknownPolicy = "guarded"): Finding[] {
  return findings.filter((f) => fails(f, failOn, unknowns));
}
