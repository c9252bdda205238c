/** Runs every rule over one or more plans, applies waivers, and orders the findings. */
import { isProduction, type Json, PlanModel } from "./plan";
import { type Finding, FOUND_AT, type Rule, type Severity, severityRank } from "./rule";
import { RULES } from "./rules";
import { DEFAULT_REQUIRED_TAGS } from "./rules/lakegen";
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

export const ALL_RULES: Rule[] = [...RULES, EXPIRED_WAIVER];

export interface CheckOptions {
  waivers?: Waiver[];
  /** Today's date, YYYY-MM-DD; waivers that expire before it no longer apply. */
  today?: string;
  requiredTags?: string[];
  /** Apply lakegen's house rules (LG-LAKEGEN-*) to every plan, not only to roots lakegen generated. */
  houseRules?: boolean;
}

export interface CheckResult {
  findings: Finding[];
  model: PlanModel;
}

export function runChecks(plans: { file: string; plan: Json }[], opts: CheckOptions = {}): CheckResult {
  const model = new PlanModel(plans);
  model.requiredTags = [...(opts.requiredTags ?? DEFAULT_REQUIRED_TAGS)];
  model.houseRulesEverywhere = opts.houseRules === true;
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const findings: Finding[] = RULES.flatMap((rule) =>
    rule.check(model).map((f) => {
      // Severity follows the environment: what is tolerable in a sandbox is not in production.
      const prod = rule.prodSeverity !== undefined && isProduction(model, f.file, f.address, FOUND_AT.get(f));
      return { ...f, ruleId: rule.id, severity: prod ? rule.prodSeverity! : rule.severity, ...(prod ? { message: `${f.message} (production)` } : {}) };
    }),
  );

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
  return { findings, model };
}

/** Findings that fail the check: not waived, at or above the threshold. */
export function failing(findings: Finding[], failOn: Severity): Finding[] {
  return findings.filter((f) => !f.suppressed && severityRank(f.severity) >= severityRank(failOn));
}
