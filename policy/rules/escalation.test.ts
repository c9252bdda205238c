/** The rules in escalation.ts (escalation by composition): a compliant and a non-compliant case each. */
import { describeRuleCases, statement } from "../../testkit/policy/rule-cases";

describeRuleCases({
  "LG-IAM-010": (f) => f.add("aws_iam_role_policy_attachment", "read", { policy_arn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }),
  "LG-IAM-011": (f) => (statement(f, 0).actions = { constant_value: ["s3:GetObject", "s3:DeleteObjectVersion"] }),
  "LG-IAM-012": (f) => (statement(f, 0).actions = { constant_value: ["s3:GetObject", "iam:PutRolePolicy"] }),
  "LG-IAM-013": (f) => f.add("aws_iam_access_key", "sync", { user: "partner-sync" }),
  "LG-IAM-014": (f) =>
    (f.values("aws_iam_role.crawler").assume_role_policy = JSON.stringify({
      Statement: [{ Effect: "Allow", Principal: { Service: "glue.amazonaws.com", AWS: "arn:aws:iam::111111111111:role/Analyst" }, Action: "sts:AssumeRole" }],
    })),
});
