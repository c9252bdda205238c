import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { TerraformLocal, Token } from "cdktf";
import { forEachOf } from "../../lib/iterate";
import { keyUseThrough, roleWithPolicy, serviceTrustPolicy } from "../../lib/iam";
import { defineModule, type ModuleStack } from "../../lib/module";
import { streamingRules, streamingSchema } from "./schema";
import { example } from "./example";
import { wires, wiring } from "./wiring";

const DATE_PREFIX = "!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/";

export const kinesisIngest = defineModule({
  name: "kinesis-ingest",
  tfvarsKey: "streaming",
  summary:
    "Streaming ingestion for every source whose `ingestion` is `stream`: a Kinesis data stream (on-demand or " +
    "provisioned, encrypted with the lake's key) and a Firehose delivery stream into the raw zone, " +
    "GZIP-compressed under `<source>/YYYY/MM/DD/`, with failed records under `errors/<source>/` and delivery logs in CloudWatch.",
  notes: `## Prefixes

Firehose writes \`raw/<source>/YYYY/MM/DD/\`, the raw-zone layout the crawlers and ETL jobs read, and
records it could not deliver to \`raw/errors/<source>/<error type>/YYYY/MM/DD/\`.

## Capacity

Each source's \`stream.mode\` picks ON_DEMAND or PROVISIONED; a provisioned stream takes
\`stream.shard_count\` shards. Buffering size (1–128 MiB) and interval (0–900 s) apply to every
delivery stream.`,
  keySettings: (s) => `retention ${s.retention_hours} h; buffer ${s.buffering_size_mb} MiB / ${s.buffering_interval_seconds} s`,
  schema: streamingSchema,
  rules: streamingRules,
  wiring,
  context: ["name_prefix", "account_id", "tags", "iam"],
  wires,
  example,
  build: buildStreaming,
});

type Streaming = ModuleStack<typeof streamingSchema, typeof wiring>;
type Sources = ReturnType<typeof forEachOf>;

function buildStreaming(m: Streaming): void {
  new TerraformLocal(m, "stream_sources", '${{ for name, s in var.sources : name => s if s.ingestion == "stream" }}');
  const sources = forEachOf("local.stream_sources");

  streamsAndLogs(m, sources);
  const policy = deliveryRole(m, sources);
  deliveries(m, sources, policy);
  streamingOutputs(m);
}

/** A stream per stream source, and the deliveries' log group and streams. */
function streamsAndLogs(m: Streaming, sources: Sources) {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const key = m.str("kms_key_arn");
  new KinesisStream(m, "aws_kinesis_stream.this", {
    forEach: sources,
    name: `${prefix}-\${each.key}`,
    retentionPeriod: m.num("retention_hours"),
    streamModeDetails: { streamMode: "${each.value.stream.mode}" },
    shardCount: Token.asNumber('${each.value.stream.mode == "PROVISIONED" ? each.value.stream.shard_count : null}'),
    encryptionType: "KMS",
    kmsKeyId: key,
    tags,
  });

  new CloudwatchLogGroup(m, "aws_cloudwatch_log_group.delivery", {
    forEach: sources,
    name: `/aws/kinesisfirehose/${prefix}-\${each.key}`,
    retentionInDays: m.num("log_retention_days"),
    kmsKeyId: key,
    tags,
  });
  new CloudwatchLogStream(m, "aws_cloudwatch_log_stream.delivery", {
    forEach: sources,
    name: "DestinationDelivery",
    logGroupName: "${aws_cloudwatch_log_group.delivery[each.key].name}",
  });
}

/** The deliveries' role: read the streams, write raw, use the key, log. */
function deliveryRole(m: Streaming, sources: Sources) {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const account = m.str("account_id");
  const key = m.str("kms_key_arn");
  const raw = m.str("raw_bucket_arn");
  const region = new DataAwsRegion(m, "current");
  const trust = serviceTrustPolicy(m, "assume_role", "firehose", account, { accountKey: "sts:ExternalId" });
  const access = new DataAwsIamPolicyDocument(m, "data.aws_iam_policy_document.delivery", {
    forEach: sources,
    statement: [
      {
        sid: "ReadStream",
        actions: [
          "kinesis:DescribeStream",
          "kinesis:DescribeStreamSummary",
          "kinesis:GetShardIterator",
          "kinesis:GetRecords",
          "kinesis:ListShards",
        ],
        resources: ["${aws_kinesis_stream.this[each.key].arn}"],
      },
      { sid: "ListRaw", actions: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], resources: [raw] },
      {
        sid: "WriteRawSource",
        actions: ["s3:PutObject", "s3:AbortMultipartUpload"],
        resources: [`${raw}/\${each.key}/*`, `${raw}/errors/\${each.key}/*`],
      },
      // The stream and raw are encrypted with the lake key: Kinesis and S3 use it for the role.
      keyUseThrough(key, region.id, ["kinesis", "s3"], ["kms:Decrypt", "kms:GenerateDataKey"]),
      {
        sid: "WriteDeliveryLogs",
        actions: ["logs:PutLogEvents"],
        resources: ["${aws_cloudwatch_log_group.delivery[each.key].arn}:*"],
      },
    ],
  });
  const { policy } = roleWithPolicy(m, "delivery", {
    extension: { iam: m.expr("iam"), key: "firehose" },
    forEach: sources,
    roleName: `${prefix}-firehose-\${each.key}`,
    trust,
    policyName: "deliver-to-raw",
    permissions: access,
    tags,
  });
  return policy;
}

/** A Firehose delivery per stream source, into raw/<source>/YYYY/MM/DD/. */
function deliveries(m: Streaming, sources: Sources, policy: ReturnType<typeof roleWithPolicy>["policy"]) {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const key = m.str("kms_key_arn");
  const raw = m.str("raw_bucket_arn");
  new KinesisFirehoseDeliveryStream(m, "aws_kinesis_firehose_delivery_stream.this", {
    forEach: sources,
    name: `${prefix}-\${each.key}`,
    destination: "extended_s3",
    kinesisSourceConfiguration: {
      kinesisStreamArn: "${aws_kinesis_stream.this[each.key].arn}",
      roleArn: "${aws_iam_role.delivery[each.key].arn}",
    },
    extendedS3Configuration: {
      roleArn: "${aws_iam_role.delivery[each.key].arn}",
      bucketArn: raw,
      prefix: `\${each.key}/${DATE_PREFIX}`,
      errorOutputPrefix: `errors/\${each.key}/!{firehose:error-output-type}/${DATE_PREFIX}`,
      bufferingSize: m.num("buffering_size_mb"),
      bufferingInterval: m.num("buffering_interval_seconds"),
      compressionFormat: "GZIP",
      // Firehose concatenates records as they come; a newline after each makes the file JSON Lines, which Glue reads row by row.
      processingConfiguration: { enabled: true, processors: [{ type: "AppendDelimiterToRecord" }] },
      kmsKeyArn: key,
      cloudwatchLoggingOptions: {
        enabled: true,
        logGroupName: "${aws_cloudwatch_log_group.delivery[each.key].name}",
        logStreamName: "${aws_cloudwatch_log_stream.delivery[each.key].name}",
      },
    },
    tags,
    dependsOn: [policy],
  });
}

/** The module's outputs. */
function streamingOutputs(m: Streaming) {
  m.output("stream_arns", "Kinesis stream per stream source.", "${{ for name, s in aws_kinesis_stream.this : name => s.arn }}");
  m.output("stream_names", "Kinesis stream name per stream source.", "${{ for name, s in aws_kinesis_stream.this : name => s.name }}");
  m.output(
    "delivery_stream_names",
    "Firehose delivery stream per stream source.",
    "${{ for name, d in aws_kinesis_firehose_delivery_stream.this : name => d.name }}",
  );
  m.output(
    "stream_capacity",
    "Mode, shards (PROVISIONED streams; AWS scales ON_DEMAND ones) and retention of each stream, as applied.",
    "${{ for name, s in aws_kinesis_stream.this : name => { mode = s.stream_mode_details[0].stream_mode, shard_count = " +
      's.stream_mode_details[0].stream_mode == "PROVISIONED" ? s.shard_count : null, retention_hours = s.retention_period } }}',
  );
  m.output(
    "delivery_buffering",
    "Buffer size (MiB) and interval (s) of each delivery stream, as applied.",
    "${{ for name, d in aws_kinesis_firehose_delivery_stream.this : name => { size_mb = " +
      "d.extended_s3_configuration[0].buffering_size, interval_seconds = d.extended_s3_configuration[0].buffering_interval } }}",
  );
}
