/** The rules in exposure.ts (trust and resource policies): a non-compliant case each, at its own address, then the cases that need more. */
import { describeRuleCases } from "../../testkit/policy/rule-cases";

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
