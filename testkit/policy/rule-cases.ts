/**
 * Rule cases in the cdk-nag way: for each rule, the lake that does everything
 * right is compliant, and one edit of it is non-compliant. Each rules file's
 * test (policy/rules/<service>.test.ts) holds its rules' edits and further cases.
 */
import { type CheckOptions, runChecks } from "../../policy/engine";
import type { Finding } from "../../policy/rule";
import { passingLake, type PlanFixture } from "./plan-fixture";

/** The findings of every rule on one fixture. */
export const check = (f: PlanFixture, opts: CheckOptions = {}): Finding[] => runChecks([{ file: "plan.json", plan: f.plan() }], opts).findings;

/** One statement of the job policy document's configuration, to edit. */
export const statement = (f: PlanFixture, i: number) => f.config("data.aws_iam_policy_document.job").expressions.statement[i];

/** The one edit that breaks each rule, by rule id. */
export type RuleBreaks = Record<string, (f: PlanFixture) => void>;

/** A compliant and a non-compliant case per rule. */
export function describeRuleCases(breaks: RuleBreaks): void {
  for (const [id, breakIt] of Object.entries(breaks)) {
    describe(id, () => {
      it("compliant: passes the lake that does everything right", () => {
        expect(check(passingLake()).filter((x) => x.ruleId === id)).toEqual([]);
      });

      it("non-compliant: fails the lake with its one thing broken, at the lake's own address", () => {
        const f = passingLake();
        breakIt(f);
        const found = check(f).filter((x) => x.ruleId === id);
        expect(found.length).toBeGreaterThan(0);
        expect(found.every((x) => /^(module\.lake\.|provider\.)/.test(x.address))).toBe(true);
      });
    });
  }
}
