/** A policy rule: a small unit with an id, a severity, the why and the fix, and its check. */
import type { PlanModel, PlanResource } from "./plan";

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  ruleId: string;
  severity: Severity;
  address: string;
  resourceType: string;
  message: string;
  file: string;
  moduleAddress: string;
  /** The rule could not decide: a value it needs is unknown until apply ("unknown at plan"). */
  unknown?: true;
  /** Set when a waiver covers the finding. */
  suppressed?: { reason: string; expires: string };
}

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  /** Why it matters. */
  rationale: string;
  /** How to fix it. */
  fix: string;
  /** The severity in a production environment, where it is higher (force_destroy, versioning off). */
  prodSeverity?: Severity;
  /**
   * What the rule guards. An "unknown at plan" result of a rule that guards access or
   * data fails the default gate (`--unknown guarded`); see UNKNOWN_POLICIES.
   */
  guards?: "access" | "data-loss";
  /** Equivalent checks in other scanners, where one exists. */
  equivalents?: { checkov?: string[]; trivy?: string[] };
  /** Whether the rule applies to the plan at all; when false it is not run and is reported not applicable. */
  appliesTo?(model: PlanModel): boolean;
  check(model: PlanModel): Omit<Finding, "ruleId" | "severity">[];
}

/** A finding about one resource. */
export function at(res: PlanResource, message: string): Omit<Finding, "ruleId" | "severity"> {
  const finding = { address: res.address, resourceType: res.type, message, file: res.file, moduleAddress: res.moduleAddress };
  FOUND_AT.set(finding, res);
  return finding;
}

/** A third result about one resource: the rule cannot decide, because a value it needs is known only at apply. */
export function unknownAt(res: PlanResource, message: string): Omit<Finding, "ruleId" | "severity"> {
  return { ...at(res, `Unknown at plan: ${message}`), unknown: true };
}

/**
 * Which "unknown at plan" results fail the gate: those of rules that guard access or data
 * (the default), all of them, or none (they are still listed).
 */
export const UNKNOWN_POLICIES = ["guarded", "all", "none"] as const;
export type UnknownPolicy = (typeof UNKNOWN_POLICIES)[number];

/** The resource each finding made by `at` is about, so the engine need not look it up by address. */
export const FOUND_AT = new WeakMap<object, PlanResource>();

export const severityRank = (s: Severity): number => SEVERITIES.length - SEVERITIES.indexOf(s);
