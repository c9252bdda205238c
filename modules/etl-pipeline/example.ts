/** The wiring of etl-pipeline's examples and terraform test: what other modules would give it. Its own inputs are in example.tfvars. */
import { type ModuleExample, exampleArn, perSource } from "../../lib/module";
import { exampleSources } from "../sources";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof wiring> = {
  wiring: (c) => ({
    sources: exampleSources(),
    emr_application_id: "00fexampleapp0001",
    emr_application_arn: `arn:aws:emr-serverless:${c.region}:${c.account}:/applications/00fexampleapp0001`,
    emr_job_role_arn: exampleArn.role(c, `${c.prefix}-emr-job`),
    spark_submit_parameters: "--conf spark.executor.cores=2 --conf spark.executor.memory=6g",
    job_monitoring_configuration: {
      S3MonitoringConfiguration: { LogUri: `s3://${c.prefix}-logs/emr-serverless/`, EncryptionKeyArn: exampleArn.key(c) },
      CloudWatchLoggingConfiguration: { Enabled: true, LogGroupName: `/aws/emr-serverless/${c.prefix}` },
    },
    crawler_names: perSource(exampleSources(), (s) => `${c.prefix}-${s}`, "batch"),
    database_names: Object.fromEntries(["raw", "processed", "curated"].map((z) => [z, `${c.prefix.replace(/-/g, "_")}_${z}`])),
    glue_job_names: perSource(exampleSources(), (s) => `${c.prefix}-${s}`),
    zone_bucket_names: Object.fromEntries(["raw", "processed", "curated", "temp"].map((z) => [z, `${c.prefix}-${z}`])),
    artifacts_bucket_name: `${c.prefix}-artifacts`,
    alert_topic_arn: exampleArn.topic(c, `${c.prefix}-alerts`),
    kms_key_arn: exampleArn.key(c),
  }),
};
