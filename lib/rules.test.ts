/** A rule that throws on input the schema accepted is a failing rule, in validation as in lakegen check. */
import { explanation, failures, passes, type Rule } from "./rules";

const crashing: Rule = {
  path: "emr.max_executors",
  message: "must fit the capacity.",
  check: {
    evaluate: () => {
      throw new Error("capacity is undefined");
    },
    hcl: () => "true",
  },
};
const holding: Rule = { path: "x", message: "holds.", check: { evaluate: () => true, hcl: () => "true" } };

it("fails a rule that throws, at its path, and says why", () => {
  expect(passes(crashing, {})).toBe(false);
  expect(failures(crashing, {})).toEqual(["emr.max_executors"]);
  expect(explanation(crashing, {})).toBe("the rule could not be evaluated: capacity is undefined");
});

it("passes a rule that holds", () => {
  expect([passes(holding, {}), failures(holding, {}), explanation(holding, {})]).toEqual([true, [], undefined]);
});
