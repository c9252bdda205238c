/** The inputs lake-formation takes from other modules and from top-level tfvars, and where each comes from. */
import { z } from "zod";
import { fromModule, type Wires } from "../../lib/module";

export const wiring = z.object({
  zone_bucket_arns: z.record(z.string(), z.string()).describe("Bucket ARN per zone."),
  kms_key_arn: z.string().describe("ARN of the lake's KMS key."),
  database_names: z.record(z.string(), z.string()).describe("Catalog database per zone (raw, processed, curated)."),
  crawler_role_arn: z.string().describe("Role of the Glue crawlers."),
  job_role_arns: z.record(z.string(), z.string()).describe("Role of each source's Glue job."),
  job_tables: z
    .record(z.string(), z.string())
    .default({})
    .describe("Processed table of each source that declares its columns, created by Terraform: its job adds partitions to it."),
  emr_job_role_arn: z.string().describe("Job execution role of the EMR Serverless application."),
  analyst_workgroups: z
    .record(z.string(), z.object({ name: z.string(), arn: z.string(), results_location: z.string() }))
    .describe("Each analyst role's own Athena workgroup and where it writes results (`s3://bucket/prefix/`), from the athena module."),
});

export const wires: Wires<typeof wiring> = {
  zone_bucket_arns: fromModule("data-lake-storage", "bucket_arns"),
  kms_key_arn: fromModule("data-lake-storage", "kms_key_arn"),
  database_names: fromModule("glue-catalog", "database_names"),
  crawler_role_arn: fromModule("glue-catalog", "crawler_role_arn"),
  job_role_arns: fromModule("glue-catalog", "job_role_arns"),
  job_tables: fromModule("glue-catalog", "processed_table_names"),
  emr_job_role_arn: fromModule("emr-serverless", "job_role_arn"),
  analyst_workgroups: fromModule("athena", "analyst_workgroups"),
};
