/** The inputs etl-pipeline takes from other modules and from top-level tfvars, and where each comes from. */
import { z } from "zod";
import { fromModule, fromTfvars, type Wires } from "../../lib/module";
import { sourcesWiring } from "../sources";

export const wiring = z.object({
  ...sourcesWiring,
  emr_application_id: z.string().describe("ID of the EMR Serverless application."),
  emr_application_arn: z.string().describe("ARN of the EMR Serverless application."),
  emr_job_role_arn: z.string().describe("Job execution role passed to each job run."),
  spark_submit_parameters: z.string().describe("Spark `--conf` flags, from the emr-serverless module's sizing."),
  job_monitoring_configuration: z
    .object({
      S3MonitoringConfiguration: z.object({
        LogUri: z.string(),
        EncryptionKeyArn: z.string().optional().describe("KMS key the job logs are written with; S3's default encryption when unset."),
      }),
      CloudWatchLoggingConfiguration: z.object({ Enabled: z.boolean(), LogGroupName: z.string() }),
    })
    .describe("StartJobRun `monitoringConfiguration`, from the emr-serverless module."),
  crawler_names: z.record(z.string(), z.string()).describe("Crawler per batch source, from the glue-catalog module."),
  database_names: z
    .record(z.string(), z.string())
    .describe("Catalog database per zone, from the glue-catalog module; the Spark job registers the curated tables in `curated`."),
  glue_job_names: z.record(z.string(), z.string()).describe("Glue job (raw to processed) per source, from the glue-catalog module."),
  zone_bucket_names: z
    .record(z.string(), z.string())
    .describe("Bucket name per zone; the Spark job reads `processed` and writes `curated`."),
  artifacts_bucket_name: z.string().describe("Bucket holding the Spark entry points; the module uploads its job there."),
  alert_topic_arn: z.string().describe("SNS topic for failures, from the monitoring module."),
  kms_key_arn: z.string().describe("ARN of the lake's KMS key."),
});

export const wires: Wires<typeof wiring> = {
  sources: fromTfvars("sources"),
  emr_application_id: fromModule("emr-serverless", "application_id"),
  emr_application_arn: fromModule("emr-serverless", "application_arn"),
  emr_job_role_arn: fromModule("emr-serverless", "job_role_arn"),
  spark_submit_parameters: fromModule("emr-serverless", "spark_submit_parameters"),
  job_monitoring_configuration: fromModule("emr-serverless", "job_monitoring_configuration"),
  crawler_names: fromModule("glue-catalog", "crawler_names"),
  database_names: fromModule("glue-catalog", "database_names"),
  glue_job_names: fromModule("glue-catalog", "job_names"),
  zone_bucket_names: fromModule("data-lake-storage", "bucket_names"),
  artifacts_bucket_name: fromModule("data-lake-storage", "artifacts_bucket_name"),
  alert_topic_arn: fromModule("monitoring", "alert_topic_arn"),
  kms_key_arn: fromModule("data-lake-storage", "kms_key_arn"),
};
