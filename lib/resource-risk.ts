/**
 * What a change to an AWS resource does to what it holds: the types whose deletion or replacement
 * loses data or access, and the attributes the provider cannot change in place. The gate
 * (LG-CHANGE-*, `lakegen pr`) and the release's version (`lakegen release`) read the same table.
 */

/** What each stateful type holds, and so what deleting it loses. */
export const STATEFUL: Record<string, string> = {
  aws_s3_bucket: "the bucket and every object in it",
  aws_kms_key: "the key: every object, stream and log it encrypted becomes unreadable once the deletion window ends",
  aws_glue_catalog_database: "the database and the table definitions in it",
  aws_glue_catalog_table: "the table definition and its partitions",
  aws_kinesis_stream: "the stream and the records it still holds",
  aws_kinesis_firehose_delivery_stream: "the delivery stream and the records it is buffering",
  aws_cloudwatch_log_group: "the log group and its logs",
  aws_ssm_parameter: "the parameter, such as the pipeline's bookmark of the last processed window",
  aws_lakeformation_data_lake_settings: "the lake's admins and default permissions",
  aws_lakeformation_permissions: "the grant",
  aws_emrserverless_application: "the application, and any job it is running",
};

/** Attributes whose change AWS cannot make in place, for any type: a resource whose name or bucket changes is replaced. */
export const IDENTITY = ["bucket", "name"];

/**
 * Further attributes the AWS provider marks "forces new resource", for the types lakegen's roots
 * hold (the provider's documentation of 5.x). A type not listed replaces on IDENTITY alone.
 */
export const FORCES_NEW: Record<string, string[]> = {
  aws_s3_bucket: ["object_lock_enabled"],
  aws_kms_key: ["customer_master_key_spec", "key_usage", "multi_region"],
  aws_glue_catalog_database: ["catalog_id"],
  aws_glue_catalog_table: ["database_name", "catalog_id"],
  aws_glue_security_configuration: ["encryption_configuration"],
  aws_glue_data_quality_ruleset: ["target_table"],
  aws_kinesis_firehose_delivery_stream: ["destination", "kinesis_source_configuration"],
  aws_emrserverless_application: ["type"],
  aws_sns_topic: ["fifo_topic"],
  aws_sns_topic_subscription: ["topic_arn", "protocol", "endpoint"],
  aws_cloudwatch_log_stream: ["log_group_name"],
  aws_cloudwatch_metric_alarm: ["alarm_name"],
  aws_iam_role: ["path"],
  aws_iam_role_policy: ["role"],
  aws_iam_role_policy_attachment: ["role", "policy_arn"],
  aws_lakeformation_permissions: [
    "principal",
    "permissions",
    "permissions_with_grant_option",
    "catalog_resource",
    "data_location",
    "database",
    "table",
    "lf_tag_policy",
  ],
  aws_lakeformation_resource: ["arn"],
  aws_lakeformation_lf_tag: ["key"],
  aws_scheduler_schedule: ["group_name"],
};

/** The attributes whose change replaces a resource of `type`. */
export const replacedOn = (type: string): string[] => [...IDENTITY, ...(FORCES_NEW[type] ?? [])];
