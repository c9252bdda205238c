import { kinesisIngest } from ".";
import { problemsAfter, synthModule } from "../../testkit/helpers";

describe("kinesis-ingest module", () => {
  const tf = synthModule(kinesisIngest as never);
  const r = tf.resource;

  it("creates an encrypted stream per stream source, sized from the source", () => {
    const s = r.aws_kinesis_stream.this;
    expect(tf.locals.stream_sources).toBe('${{ for name, s in var.sources : name => s if s.ingestion == "stream" }}');
    expect(s.for_each).toBe("${local.stream_sources}");
    expect(s.stream_mode_details.stream_mode).toBe("${each.value.stream.mode}");
    expect(s.shard_count).toBe('${each.value.stream.mode == "PROVISIONED" ? each.value.stream.shard_count : null}');
    expect(s.retention_period).toBe("${var.retention_hours}");
    expect(s.encryption_type).toBe("KMS");
    expect(s.kms_key_id).toBe("${var.kms_key_arn}");
  });

  it("delivers into the raw zone by date, GZIP, with an error prefix and buffering from the inputs", () => {
    const d = r.aws_kinesis_firehose_delivery_stream.this.extended_s3_configuration;
    expect(d.prefix).toBe("${each.key}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/");
    expect(d.error_output_prefix).toBe(
      "errors/${each.key}/!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/",
    );
    expect(d.buffering_size).toBe("${var.buffering_size_mb}");
    expect(d.buffering_interval).toBe("${var.buffering_interval_seconds}");
    expect(d.compression_format).toBe("GZIP");
    expect(d.cloudwatch_logging_options.enabled).toBe(true);
  });

  it("scopes each delivery role to its stream and its prefixes", () => {
    const doc = tf.data.aws_iam_policy_document.delivery;
    const write = doc.statement.find((s: { sid: string }) => s.sid === "WriteRawSource");
    expect(write.resources).toEqual(["${var.raw_bucket_arn}/${each.key}/*", "${var.raw_bucket_arn}/errors/${each.key}/*"]);
    const read = doc.statement.find((s: { sid: string }) => s.sid === "ReadStream");
    expect(read.resources).toEqual(["${aws_kinesis_stream.this[each.key].arn}"]);
  });

  describe("validation", () => {
    it("enforces AWS's buffering ranges", () => {
      expect(problemsAfter((v) => (v.streaming.buffering_size_mb = 129))[0]).toMatch(/^streaming\.buffering_size_mb: /);
      expect(problemsAfter((v) => (v.streaming.buffering_interval_seconds = 901))[0]).toMatch(/^streaming\.buffering_interval_seconds: /);
    });

    it("requires a shard count for provisioned streams only", () => {
      expect(problemsAfter((v) => (v.sources["api-integrations"].stream = { mode: "PROVISIONED" }))).toEqual([
        "sources.api-integrations.stream.shard_count: PROVISIONED streams need shard_count; ON_DEMAND streams must not set it.",
      ]);
    });
  });
});
