/** The rules in s3.ts (S3 buckets): a non-compliant case each, at its own address, then the cases that need more. */
import { check, describeRuleCases } from "../../testkit/policy/rule-cases";
import { passingLake } from "../../testkit/policy/plan-fixture";

describeRuleCases(
  {
    "LG-S3-001": (f) =>
      (f.values('aws_s3_bucket_server_side_encryption_configuration.this["raw"]').rule[0].apply_server_side_encryption_by_default = []),
    "LG-S3-002": (f) =>
      (f.values('aws_s3_bucket_server_side_encryption_configuration.this["raw"]').rule[0].apply_server_side_encryption_by_default = [
        { sse_algorithm: "AES256" },
      ]),
    "LG-S3-003": (f) => (f.values('aws_s3_bucket_server_side_encryption_configuration.this["raw"]').rule[0].bucket_key_enabled = false),
    "LG-S3-004": (f) => (f.values('aws_s3_bucket_versioning.this["raw"]').versioning_configuration[0].status = "Suspended"),
    "LG-S3-005": (f) => (f.values('aws_s3_bucket_public_access_block.this["raw"]').block_public_policy = false),
    "LG-S3-006": (f) => (f.values('aws_s3_bucket_ownership_controls.this["raw"]').rule[0].object_ownership = "ObjectWriter"),
    "LG-S3-007": (f) => (f.config("data.aws_iam_policy_document.tls").expressions.statement[0].effect = { constant_value: "Allow" }),
    "LG-S3-008": (f) => f.remove('aws_s3_bucket_logging.this["raw"]'),
    "LG-S3-009": (f) => f.remove('aws_s3_bucket_lifecycle_configuration.this["raw"]'),
    "LG-S3-010": (f) => delete f.values('aws_s3_bucket_lifecycle_configuration.this["raw"]').rule[0].abort_incomplete_multipart_upload,
    "LG-S3-011": (f) => (f.values('aws_s3_bucket_lifecycle_configuration.this["raw"]').rule[0].transition[1].days = 10),
    "LG-S3-012": (f) => (f.values('aws_s3_bucket_lifecycle_configuration.this["temp"]').rule[0].expiration = []),
    "LG-S3-013": (f) => delete f.values('aws_s3_bucket_lifecycle_configuration.this["raw"]').rule[0].noncurrent_version_expiration,
    "LG-S3-014": (f) => (f.values('aws_s3_bucket.this["raw"]').force_destroy = true),
  },
  {
    "LG-S3-001": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-S3-002": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-S3-003": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-S3-004": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-S3-005": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-S3-006": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-S3-007": ["module.lake.aws_s3_bucket.logs", 'module.lake.aws_s3_bucket.this["raw"]', 'module.lake.aws_s3_bucket.this["temp"]'],
    "LG-S3-008": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-S3-009": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-S3-010": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-S3-011": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-S3-012": ['module.lake.aws_s3_bucket.this["temp"]'],
    "LG-S3-013": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-S3-014": ['module.lake.aws_s3_bucket.this["raw"]'],
  },
);

describe("S3 buckets and their split resources", () => {
  it("joins split S3 resources to their bucket through configuration references, not names", () => {
    const f = passingLake();
    // The bucket name is unknown at plan time, as for any new bucket.
    for (const z of ["raw", "temp"]) delete f.values(`aws_s3_bucket.this["${z}"]`).bucket;
    // The workgroup's literal result bucket then names no bucket the plan knows: LG-S3-018's unknown, not a join.
    expect(check(f).filter((x) => x.resourceType !== "aws_athena_workgroup")).toEqual([]);
    f.remove('aws_s3_bucket_versioning.this["raw"]');
    expect(
      check(f)
        .filter((x) => x.resourceType !== "aws_athena_workgroup")
        .map((x) => [x.ruleId, x.address]),
    ).toEqual([["LG-S3-004", 'module.lake.aws_s3_bucket.this["raw"]']]);
  });
  it("exempts the S3 access-log bucket from KMS and logging, and only while it receives access logs", () => {
    const f = passingLake();
    f.remove('aws_s3_bucket_logging.this["raw"]');
    f.remove('aws_s3_bucket_logging.this["temp"]');
    expect(check(f).map((x) => [x.ruleId, x.address])).toEqual([
      ["LG-S3-002", "module.lake.aws_s3_bucket.logs"],
      ["LG-S3-008", "module.lake.aws_s3_bucket.logs"],
      ["LG-S3-008", 'module.lake.aws_s3_bucket.this["raw"]'],
      ["LG-S3-008", 'module.lake.aws_s3_bucket.this["temp"]'],
    ]);
  });
});

describe("legacy inline S3 blocks", () => {
  const legacy = (configured: boolean) => {
    const f = passingLake();
    f.remove('aws_s3_bucket_server_side_encryption_configuration.this["raw"]');
    f.remove('aws_s3_bucket_versioning.this["raw"]');
    const bucket = f.values('aws_s3_bucket.this["raw"]');
    bucket.server_side_encryption_configuration = [
      {
        rule: [
          {
            apply_server_side_encryption_by_default: [
              { sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:eu-west-1:111111111111:key/k" },
            ],
            bucket_key_enabled: true,
          },
        ],
      },
    ];
    bucket.versioning = [{ enabled: true, mfa_delete: false }];
    f.config("aws_s3_bucket.this").expressions = configured ? { server_side_encryption_configuration: [{}], versioning: [{}] } : {};
    return check(f).map((x) => x.ruleId);
  };

  it("count as configured when the configuration writes them", () => {
    expect(legacy(true)).toEqual([]);
  });

  it("do not count when only the provider filled them in: S3's default encryption has no customer-managed key", () => {
    expect(legacy(false)).toEqual(expect.arrayContaining(["LG-S3-002", "LG-S3-004"]));
  });
});
