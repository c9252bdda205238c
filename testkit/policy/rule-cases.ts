/**
 * Rule cases in the cdk-nag way: the lake that does everything right is every
 * rule's compliant case, and one edit of it is each rule's non-compliant case. Each rules file's
 * test (policy/rules/<service>.test.ts) holds its rules' edits and further cases.
 */
import { type CheckOptions, runChecks } from "../../policy/engine";
import type { Finding } from "../../policy/rule";
import { passingLake, type PlanFixture } from "./plan-fixture";

/** The findings of every rule on one fixture. */
export const check = (f: PlanFixture, opts: CheckOptions = {}): Finding[] =>
  runChecks([{ file: "plan.json", plan: f.plan() }], opts).findings;

/** One statement of the job policy document's configuration, to edit. */
export const statement = (f: PlanFixture, i: number) => f.config("data.aws_iam_policy_document.job").expressions.statement[i];

/** The one edit that breaks each rule, by rule id. */
export type RuleBreaks = Record<string, (f: PlanFixture) => void>;

/** Marks an address where the rule's result is "unknown at plan", not a failure. */
export const UNKNOWN = "unknown at plan: ";

/** Where each rule must report its broken lake: every address, and no other. */
export type RuleAddresses = Record<string, string[]>;

/**
 * A non-compliant case per rule: the lake with one thing broken fails that rule at exactly the addresses
 * given. The compliant case of every rule is one test (policy/policy.test.ts): the lake that does
 * everything right has no finding at all.
 */
export function describeRuleCases(breaks: RuleBreaks, at: RuleAddresses): void {
  it("gives each broken rule its addresses", () => {
    expect(Object.keys(at).sort()).toEqual(Object.keys(breaks).sort());
    for (const addresses of Object.values(at)) expect(addresses.length).toBeGreaterThan(0);
  });

  it.each(Object.keys(breaks))("%s non-compliant: fails the lake with its one thing broken, at its own addresses", (id) => {
    const f = passingLake();
    breaks[id](f);
    // A failure, not waived; "unknown at plan" only where the case says so.
    const found = check(f)
      .filter((x) => x.ruleId === id && !x.suppressed)
      .map((x) => `${x.unknown ? UNKNOWN : ""}${x.address}`);
    expect([...new Set(found)].sort()).toEqual([...at[id]].sort());
  });
}
