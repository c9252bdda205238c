/** The rules in streaming.ts (Kinesis and Firehose): a non-compliant case each, at its own address, then the cases that need more. */
import { passingLake } from "../../testkit/policy/plan-fixture";
import { check, describeRuleCases, UNKNOWN } from "../../testkit/policy/rule-cases";

describeRuleCases(
  {
    "LG-KIN-001": (f) => (f.values('aws_kinesis_stream.this["events"]').encryption_type = "NONE"),
    "LG-FH-001": (f) => delete f.values('aws_kinesis_firehose_delivery_stream.this["events"]').extended_s3_configuration[0].kms_key_arn,
    "LG-FH-002": (f) =>
      (f.values('aws_kinesis_firehose_delivery_stream.this["events"]').extended_s3_configuration[0].error_output_prefix = ""),
  },
  {
    "LG-KIN-001": ['module.lake.aws_kinesis_stream.this["events"]'],
    "LG-FH-001": ['module.lake.aws_kinesis_firehose_delivery_stream.this["events"]'],
    "LG-FH-002": ['module.lake.aws_kinesis_firehose_delivery_stream.this["events"]'],
  },
);

it("LG-FH-001: a extended_s3_configuration block known only at apply (a dynamic block) is unknown at plan, not a pass", () => {
  const f = passingLake();
  delete f.values('aws_kinesis_firehose_delivery_stream.this["events"]').extended_s3_configuration;
  f.unknown('aws_kinesis_firehose_delivery_stream.this["events"]').extended_s3_configuration = true;
  const found = check(f).filter((x) => x.ruleId === "LG-FH-001");
  expect(found.map((x) => `${x.unknown ? UNKNOWN : ""}${x.address}`)).toEqual([
    `${UNKNOWN}module.lake.${'aws_kinesis_firehose_delivery_stream.this["events"]'}`,
  ]);
});
