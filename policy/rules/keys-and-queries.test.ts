/**
 * The rules in keys-and-queries.ts (KMS keys and Athena workgroups): a non-compliant case each, at its own address,
 * then the cases that need more.
 */
import { passingLake } from "../../testkit/policy/plan-fixture";
import { check, describeRuleCases, UNKNOWN } from "../../testkit/policy/rule-cases";

describeRuleCases(
  {
    "LG-KMS-001": (f) => (f.values("aws_kms_key.lake").enable_key_rotation = false),
    "LG-KMS-002": (f) => (f.values("aws_kms_key.lake").is_enabled = false),
    "LG-KMS-003": (f) =>
      (f.values(
        'aws_s3_bucket_server_side_encryption_configuration.this["raw"]',
      ).rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id = "arn:aws:kms:eu-west-1:999999999999:key/0b1c2d3e"),
    "LG-ATHENA-001": (f) => (f.values("aws_athena_workgroup.this").configuration[0].enforce_workgroup_configuration = false),
    "LG-ATHENA-002": (f) => (f.values("aws_athena_workgroup.this").configuration[0].result_configuration[0].encryption_configuration = []),
    "LG-ATHENA-003": (f) => delete f.values("aws_athena_workgroup.this").configuration[0].bytes_scanned_cutoff_per_query,
  },
  {
    "LG-KMS-001": ["module.lake.aws_kms_key.lake"],
    "LG-KMS-002": ["module.lake.aws_kms_key.lake"],
    "LG-KMS-003": ['module.lake.aws_s3_bucket_server_side_encryption_configuration.this["raw"]'],
    "LG-ATHENA-001": ["module.lake.aws_athena_workgroup.this"],
    "LG-ATHENA-002": ["module.lake.aws_athena_workgroup.this"],
    "LG-ATHENA-003": ["module.lake.aws_athena_workgroup.this"],
  },
);

it("LG-ATHENA-003: a configuration block known only at apply (a dynamic block) is unknown at plan, not a pass", () => {
  const f = passingLake();
  delete f.values("aws_athena_workgroup.this").configuration;
  f.unknown("aws_athena_workgroup.this").configuration = true;
  const found = check(f).filter((x) => x.ruleId === "LG-ATHENA-003");
  expect(found.map((x) => `${x.unknown ? UNKNOWN : ""}${x.address}`)).toEqual([`${UNKNOWN}module.lake.${"aws_athena_workgroup.this"}`]);
});
