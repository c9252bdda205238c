/**
 * The fixture behind etl-pipeline's examples and its `terraform test`: inputs a platform team
 * would set, in AWS's documentation account. No environment's tfvars feed it, so adding
 * or editing an environment changes nothing in the module's release.
 */
import { type ModuleExample, exampleArn, perSource } from "../../lib/module";
import { EXAMPLE_SOURCES } from "../sources";
import type { orchestrationSchema } from "./schema";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof orchestrationSchema, typeof wiring> = {
  inputs: {
    retry: {
      interval_seconds: 60,
      max_attempts: 3,
      backoff_rate: 2,
      // A team retrying a few of the transient errors; without the key, every transient one is retried.
      errors: ["Glue.ConcurrentRunsExceededException", "EMRServerless.InternalServerException", "SNS.InternalErrorException"]
    },
    notification_emails: [
      "data-platform-team@example.com"
    ],
    timeout_seconds: 28800,
    task_timeouts: {
      glue_job_seconds: 14400,
      spark_job_seconds: 7200,
      crawl_seconds: 1800,
      call_seconds: 60
    },
    log_level: "ERROR",
    log_retention_days: 90,
    pipelines: {
      "daily-orders": {
        schedule: "cron(0 3 * * ? *)",
        timezone: "UTC",
        entry_point: "etl/transform.py",
        sources: [
          "orders",
          "customers",
          "clickstream"
        ],
        crawl_source: "orders",
        first_window_start: "2026-01-01T00:00:00Z"
      }
    }
  },
  wiring: (c) => ({
    sources: EXAMPLE_SOURCES,
    emr_application_id: "00fexampleapp0001",
    emr_application_arn: `arn:aws:emr-serverless:${c.region}:${c.account}:/applications/00fexampleapp0001`,
    emr_job_role_arn: exampleArn.role(c, `${c.prefix}-emr-job`),
    spark_submit_parameters: "--conf spark.executor.cores=2 --conf spark.executor.memory=6g",
    job_monitoring_configuration: {
      S3MonitoringConfiguration: { LogUri: `s3://${c.prefix}-logs/emr-serverless/` },
      CloudWatchLoggingConfiguration: { Enabled: true, LogGroupName: `/aws/emr-serverless/${c.prefix}` },
    },
    crawler_names: perSource(EXAMPLE_SOURCES, (s) => `${c.prefix}-${s}`, "batch"),
    database_names: Object.fromEntries(["raw", "processed", "curated"].map((z) => [z, `${c.prefix.replace(/-/g, "_")}_${z}`])),
    glue_job_names: perSource(EXAMPLE_SOURCES, (s) => `${c.prefix}-${s}`),
    zone_bucket_names: Object.fromEntries(["raw", "processed", "curated", "temp"].map((z) => [z, `${c.prefix}-${z}`])),
    artifacts_bucket_name: `${c.prefix}-artifacts`,
    alert_topic_arn: exampleArn.topic(c, `${c.prefix}-alerts`),
    kms_key_arn: exampleArn.key(c),
  }),
};
