/** The rules in streaming.ts (Kinesis and Firehose): a non-compliant case each, at its own address, then the cases that need more. */
import { describeRuleCases } from "../../testkit/policy/rule-cases";

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
