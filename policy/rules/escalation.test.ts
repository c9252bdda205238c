/** The rules in escalation.ts (escalation by composition): a non-compliant case each, at its own address. */
import { describeRuleCases, statement } from "../../testkit/policy/rule-cases";

describeRuleCases(
  {
    "LG-IAM-010": (f) => f.add("aws_iam_role_policy_attachment", "read", { policy_arn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }),
    "LG-IAM-011": (f) => (statement(f, 0).actions = { constant_value: ["s3:GetObject", "s3:DeleteObjectVersion"] }),
    "LG-IAM-012": (f) => (statement(f, 0).actions = { constant_value: ["s3:GetObject", "iam:PutRolePolicy"] }),
    "LG-IAM-013": (f) => f.add("aws_iam_access_key", "sync", { user: "partner-sync" }),
    "LG-IAM-014": (f) =>
      (f.values("aws_iam_role.crawler").assume_role_policy = JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "glue.amazonaws.com", AWS: "arn:aws:iam::111111111111:role/Analyst" },
            Action: "sts:AssumeRole",
          },
        ],
      })),
  },
  {
    "LG-IAM-010": ["module.lake.aws_iam_role_policy_attachment.read"],
    "LG-IAM-011": ["module.lake.aws_iam_role_policy.job"],
    "LG-IAM-012": ["module.lake.aws_iam_role_policy.job"],
    "LG-IAM-013": ["module.lake.aws_iam_access_key.sync"],
    "LG-IAM-014": ["module.lake.aws_iam_role.crawler"],
  },
);
