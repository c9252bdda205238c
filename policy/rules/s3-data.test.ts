/** The rules in s3-data.ts (where a bucket's data goes and how long it stays): a non-compliant case each, at its own address. */
import { describeRuleCases } from "../../testkit/policy/rule-cases";

describeRuleCases(
  {
    "LG-S3-015": (f) => f.add("aws_s3_bucket_policy", "extra", { bucket: "lake-raw", policy: "{}" }),
    "LG-S3-016": (f) => (f.values('aws_s3_bucket_lifecycle_configuration.this["raw"]').rule[0].expiration = [{ days: 100 }]),
    "LG-S3-017": (f) =>
      (f.values('aws_s3_bucket_lifecycle_configuration.this["raw"]').rule[0].noncurrent_version_expiration = [{ noncurrent_days: 7 }]),
    "LG-S3-019": (f) =>
      f.config("data.aws_iam_policy_document.tls").expressions.statement.push({
        actions: { constant_value: ["s3:GetObject"] },
        resources: { constant_value: ["arn:aws:s3:::lake-raw/*"] },
        principals: [{ type: { constant_value: "*" }, identifiers: { constant_value: ["*"] } }],
        condition: [
          {
            test: { constant_value: "StringEquals" },
            variable: { constant_value: "aws:PrincipalAccount" },
            values: { constant_value: ["111111111111"] },
          },
        ],
      }),
    "LG-S3-018": (f) =>
      f.add("aws_s3_bucket_replication_configuration", "copy", {
        rule: [{ id: "copy", status: "Enabled", destination: [{ bucket: "arn:aws:s3:::partner", account: "999999999999" }] }],
      }),
  },
  {
    "LG-S3-015": ["module.lake.aws_s3_bucket_policy.extra", 'module.lake.aws_s3_bucket_policy.this["raw"]'],
    "LG-S3-016": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-S3-017": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-S3-019": [
      "module.lake.aws_s3_bucket_policy.logs",
      'module.lake.aws_s3_bucket_policy.this["raw"]',
      'module.lake.aws_s3_bucket_policy.this["temp"]',
    ],
    "LG-S3-018": ["module.lake.aws_s3_bucket_replication_configuration.copy"],
  },
);
