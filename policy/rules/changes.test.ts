/** The rules in changes.ts (changes between plans): a non-compliant case each, at its own address, then the cases that need more. */
import { describeRuleCases } from "../../testkit/policy/rule-cases";

describeRuleCases(
  {
    "LG-CHANGE-001": (f) => f.changed('aws_s3_bucket.this["raw"]', ["delete", "create"], { bucket: "old-raw" }, [["bucket"]]),
    "LG-CHANGE-002": (f) =>
      f.changed("aws_lakeformation_data_lake_settings.this", ["update"], {
        admins: ["arn:aws:iam::111111111111:role/Admin", "arn:aws:iam::111111111111:role/Old"],
      }),
    "LG-CHANGE-003": (f) => {
      f.values('aws_kinesis_stream.this["events"]').shard_count = 1;
      f.changed('aws_kinesis_stream.this["events"]', ["update"], { shard_count: 4 });
    },
    "LG-CHANGE-004": (f) => f.changed("aws_lakeformation_data_lake_settings.this", ["update"], { admins: [] }),
    "LG-CHANGE-007": (f) => {
      f.values('aws_kinesis_stream.this["events"]').retention_period = 24;
      f.changed('aws_kinesis_stream.this["events"]', ["update"], { retention_period: 168 });
    },
    "LG-CHANGE-006": (f) => {
      f.add("aws_lakeformation_resource_lf_tags", "raw", {
        database: [{ name: "lake_raw" }],
        lf_tag: [{ key: "classification", value: "internal" }],
      });
      f.changed("aws_lakeformation_resource_lf_tags.raw", ["update"], { lf_tag: [{ key: "classification", value: "confidential" }] });
    },
    "LG-CHANGE-005": (f) => {
      f.values('aws_lakeformation_resource.zone["raw"]').hybrid_access_enabled = true;
      f.changed('aws_lakeformation_resource.zone["raw"]', ["update"], { hybrid_access_enabled: false });
    },
  },
  {
    "LG-CHANGE-001": ['module.lake.aws_s3_bucket.this["raw"]'],
    "LG-CHANGE-002": ["module.lake.aws_lakeformation_data_lake_settings.this"],
    "LG-CHANGE-003": ['module.lake.aws_kinesis_stream.this["events"]'],
    "LG-CHANGE-004": ["module.lake.aws_lakeformation_data_lake_settings.this"],
    "LG-CHANGE-007": ['module.lake.aws_kinesis_stream.this["events"]'],
    "LG-CHANGE-006": ["module.lake.aws_lakeformation_resource_lf_tags.raw"],
    "LG-CHANGE-005": ['module.lake.aws_lakeformation_resource.zone["raw"]'],
  },
);
