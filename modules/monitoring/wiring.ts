/** The inputs monitoring takes from other modules and from top-level tfvars, and where each comes from. */
import { z } from "zod";
import { fromModule, type Wires } from "../../lib/module";

export const wiring = z.object({
  state_machine_arns: z.record(z.string(), z.string()).describe("State machine per pipeline."),
  delivery_stream_names: z.record(z.string(), z.string()).describe("Firehose delivery stream per stream source."),
  stream_names: z.record(z.string(), z.string()).describe("Kinesis stream per stream source."),
  glue_job_names: z.record(z.string(), z.string()).describe("Glue job per source."),
  quarantine_metric: z
    .object({ namespace: z.string(), name: z.string(), dimension: z.string() })
    .describe("The metric of rows the Glue jobs quarantine, from glue-catalog's log metric filter."),
  crawler_names: z.record(z.string(), z.string()).describe("Crawler per batch source, from the glue-catalog module."),
  emr_application_id: z.string().describe("ID of the EMR Serverless application."),
  kms_key_arn: z.string().describe("ARN of the lake's KMS key, which encrypts the alert topic."),
});

export const wires: Wires<typeof wiring> = {
  state_machine_arns: fromModule("etl-pipeline", "state_machine_arns"),
  delivery_stream_names: fromModule("kinesis-ingest", "delivery_stream_names"),
  stream_names: fromModule("kinesis-ingest", "stream_names"),
  glue_job_names: fromModule("glue-catalog", "job_names"),
  quarantine_metric: fromModule("glue-catalog", "quarantine_metric"),
  crawler_names: fromModule("glue-catalog", "crawler_names"),
  emr_application_id: fromModule("emr-serverless", "application_id"),
  kms_key_arn: fromModule("data-lake-storage", "kms_key_arn"),
};
