/** The rules in exposure.ts (trust and resource policies): a non-compliant case each, at its own address, then the cases that need more. */
import { passingLake } from "../../testkit/policy/plan-fixture";
import { check, describeRuleCases, UNKNOWN } from "../../testkit/policy/rule-cases";

describeRuleCases(
  {
    "LG-IAM-007": (f) =>
      (f.values("aws_iam_role.crawler").assume_role_policy = JSON.stringify({
        Statement: { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" },
      })),
    "LG-IAM-008": (f) => {
      const key = f.values("aws_kms_key.lake");
      const doc = JSON.parse(key.policy);
      doc.Statement.push({ Effect: "Allow", Principal: "*", Action: ["kms:Decrypt"], Resource: "*" });
      key.policy = JSON.stringify(doc);
    },
  },
  {
    "LG-IAM-007": ["module.lake.aws_iam_role.crawler"],
    "LG-IAM-008": ["module.lake.aws_kms_key.lake"],
  },
);

it("LG-IAM-007: pairs a trust document's principal blocks with their planned values by type, not by position", () => {
  // Terraform plans a set block's elements sorted (AWS before Service), not in the configuration's order.
  const f = passingLake()
    .add(
      "aws_iam_role",
      "partner",
      { name: "partner" },
      {
        config: {
          expressions: {
            assume_role_policy: {
              references: ["data.aws_iam_policy_document.partner_trust.json", "data.aws_iam_policy_document.partner_trust"],
            },
          },
        },
        unknown: { assume_role_policy: true },
      },
    )
    .add(
      "aws_iam_policy_document",
      "partner_trust",
      {
        statement: [
          {
            effect: "Allow",
            actions: ["sts:AssumeRole"],
            principals: [
              { type: "AWS", identifiers: ["arn:aws:iam::999999999999:root"] },
              { type: "Service", identifiers: ["glue.amazonaws.com"] },
            ],
          },
        ],
      },
      {
        mode: "data",
        config: {
          expressions: {
            statement: [
              {
                actions: { constant_value: ["sts:AssumeRole"] },
                principals: [
                  { type: { constant_value: "Service" }, identifiers: { constant_value: ["glue.amazonaws.com"] } },
                  { type: { constant_value: "AWS" }, identifiers: { references: ["var.partner_arn"] } },
                ],
              },
            ],
          },
        },
      },
    );
  const found = check(f).filter((x) => x.ruleId === "LG-IAM-007");
  expect(found.map((x) => `${x.unknown ? UNKNOWN : ""}${x.address}`)).toEqual(["module.lake.aws_iam_role.partner"]);
  expect(found[0].message).toContain("999999999999");
});
