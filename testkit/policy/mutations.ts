/**
 * The mutation corpus: single mistakes a pull request could make to the
 * generated prod platform, each applied to its real plan JSON and each with
 * the rule that must catch it. A mistake that loses data, loses the audit
 * trail or opens access must fail the default gate (high or above).
 */
import { failing, runChecks } from "../../policy/engine";
import type { Json } from "../json";
import type { Finding } from "../../policy/rule";
import type { MutationClass } from "./class-mutations";
import { PlanEdit } from "./plan-edit";

/** What the mistake costs; "unreadable" is a policy a reviewer must read because the plan cannot show it. */
export type Harm = "data-loss" | "access" | "audit" | "cost" | "reliability" | "unreadable";
/** Harms the default gate (`--fail-on high`) must stop. */
export const GATED_HARMS: Harm[] = ["data-loss", "access", "audit"];

export interface Mutation {
  id: string;
  /** The change, as the pull request would describe it. */
  change: string;
  rule: string;
  harm: Harm;
  /** The address the finding must name. */
  address: string;
  apply(p: PlanEdit): void;
  /** The class of mistake it stands for (testkit/policy/class-mutations.ts); the first corpus has none. */
  class?: MutationClass;
  /** "unknown": the plan cannot show the value, so the rule must say "unknown at plan" rather than pass. */
  result?: "unknown";
}

const S = "module.data_lake_storage.";
const bucket = (k: string) => `${S}aws_s3_bucket.this["${k}"]`;
const split = (type: string, k: string) => `${S}aws_s3_bucket_${type}.this["${k}"]`;
const GLUE = "module.glue_catalog.";
const EMR = "module.emr_serverless.aws_emrserverless_application.spark";
const LF = "module.lake_formation.";
const SETTINGS = `${LF}aws_lakeformation_data_lake_settings.this`;
const SFN = 'module.etl_pipeline.aws_sfn_state_machine.pipeline["daily-orders"]';
const STREAM = 'module.kinesis_ingest.aws_kinesis_stream.this["api-integrations"]';
const FIREHOSE = 'module.kinesis_ingest.aws_kinesis_firehose_delivery_stream.this["api-integrations"]';
const WORKGROUP = "module.athena.aws_athena_workgroup.this";
const KEY = `${S}aws_kms_key.lake[0]`;
const JOB_POLICY = "module.emr_serverless.data.aws_iam_policy_document.job_access";
const JOB_ROLE_POLICY = "module.emr_serverless.aws_iam_role_policy.job";
const GLUE_JOB = `${GLUE}aws_glue_job.this["source-system-a"]`;

/** Edits a policy that the plan knows as JSON (a trust or key policy built from known values). */
const policyJson = (p: PlanEdit, address: string, attr: string, edit: (doc: Json) => void) => {
  const after = p.after(address);
  if (typeof after[attr] !== "string") throw new Error(`${address}.${attr} is not known in the plan`);
  const doc = JSON.parse(after[attr]);
  doc.Statement = [doc.Statement].flat();
  edit(doc);
  after[attr] = JSON.stringify(doc);
};
/** A statement of a policy document's configuration, to edit. */
const statement = (p: PlanEdit, doc: string, i: number): Json => p.config(doc).expressions.statement[i];
const bucketLevel = (k: string, edit: (after: Json) => void) => (p: PlanEdit) => p.nested(split("public_access_block", k), edit);
const firstRule = (type: string, k: string, edit: (rule: Json) => void) => (p: PlanEdit) =>
  p.nested(split(type, k), (a) => edit(a.rule[0]));
const securityConfig = (block: string, mode: string) => (p: PlanEdit) =>
  p.nested(`${GLUE}aws_glue_security_configuration.this`, (a) => (a.encryption_configuration[0][block][0][`${block}_mode`] = mode));

export const MUTATIONS: Mutation[] = [
  // S3: encryption, versioning, public access, TLS, logging, lifecycle.
  {
    id: "s3-sse-removed",
    change: "remove the raw bucket's encryption configuration (S3's default SSE-S3 is left)",
    rule: "LG-S3-002",
    harm: "access",
    address: bucket("raw"),
    apply: (p) => p.drop(split("server_side_encryption_configuration", "raw")),
  },
  {
    id: "s3-sse-no-default",
    change: "keep raw's encryption rule but drop its default (KMS) encryption",
    rule: "LG-S3-001",
    harm: "access",
    address: bucket("raw"),
    apply: firstRule("server_side_encryption_configuration", "raw", (r) => (r.apply_server_side_encryption_by_default = [])),
  },
  {
    id: "s3-sse-aes256",
    change: "switch processed to SSE-S3 (AES256)",
    rule: "LG-S3-002",
    harm: "access",
    address: bucket("processed"),
    apply: firstRule(
      "server_side_encryption_configuration",
      "processed",
      (r) => (r.apply_server_side_encryption_by_default = [{ sse_algorithm: "AES256", kms_master_key_id: null }]),
    ),
  },
  {
    id: "s3-bucket-key-off",
    change: "turn the curated bucket key off",
    rule: "LG-S3-003",
    harm: "cost",
    address: bucket("curated"),
    apply: firstRule("server_side_encryption_configuration", "curated", (r) => (r.bucket_key_enabled = false)),
  },
  {
    id: "s3-versioning-suspended",
    change: "suspend versioning on raw",
    rule: "LG-S3-004",
    harm: "data-loss",
    address: bucket("raw"),
    apply: (p) => p.nested(split("versioning", "raw"), (a) => (a.versioning_configuration[0].status = "Suspended")),
  },
  {
    id: "s3-versioning-disabled",
    change: "disable versioning on curated",
    rule: "LG-S3-004",
    harm: "data-loss",
    address: bucket("curated"),
    apply: (p) => p.nested(split("versioning", "curated"), (a) => (a.versioning_configuration[0].status = "Disabled")),
  },
  {
    id: "s3-versioning-removed",
    change: "remove processed's versioning resource",
    rule: "LG-S3-004",
    harm: "data-loss",
    address: bucket("processed"),
    apply: (p) => p.drop(split("versioning", "processed")),
  },
  {
    id: "s3-public-acls",
    change: "allow public ACLs on curated",
    rule: "LG-S3-005",
    harm: "access",
    address: bucket("curated"),
    apply: bucketLevel("curated", (a) => (a.block_public_acls = false)),
  },
  {
    id: "s3-public-policy",
    change: "allow public bucket policies on raw",
    rule: "LG-S3-005",
    harm: "access",
    address: bucket("raw"),
    apply: bucketLevel("raw", (a) => (a.block_public_policy = false)),
  },
  {
    id: "s3-restrict-public",
    change: "stop restricting public buckets on processed",
    rule: "LG-S3-005",
    harm: "access",
    address: bucket("processed"),
    apply: bucketLevel("processed", (a) => (a.restrict_public_buckets = false)),
  },
  {
    id: "s3-ignore-public-acls",
    change: "stop ignoring public ACLs on artifacts",
    rule: "LG-S3-005",
    harm: "access",
    address: bucket("artifacts"),
    apply: bucketLevel("artifacts", (a) => (a.ignore_public_acls = false)),
  },
  {
    id: "s3-public-block-removed",
    change: "remove temp's public access block",
    rule: "LG-S3-005",
    harm: "access",
    address: bucket("temp"),
    apply: (p) => p.drop(split("public_access_block", "temp")),
  },
  {
    id: "s3-acls-enabled",
    change: "set curated's object ownership to ObjectWriter (ACLs back on)",
    rule: "LG-S3-006",
    harm: "access",
    address: bucket("curated"),
    apply: firstRule("ownership_controls", "curated", (r) => (r.object_ownership = "ObjectWriter")),
  },
  {
    id: "s3-tls-allow",
    change: "turn the TLS statement of the zone bucket policies into an Allow",
    rule: "LG-S3-007",
    harm: "access",
    address: bucket("raw"),
    apply: (p) => (statement(p, `${S}data.aws_iam_policy_document.this["raw"]`, 0).effect = { constant_value: "Allow" }),
  },
  {
    id: "s3-tls-some-actions",
    change: "narrow raw's TLS deny to s3:GetObject",
    rule: "LG-S3-007",
    harm: "access",
    address: bucket("raw"),
    apply: (p) => (statement(p, `${S}data.aws_iam_policy_document.this["raw"]`, 0).actions = { constant_value: ["s3:GetObject"] }),
  },
  {
    id: "s3-tls-objects-only",
    change: "narrow raw's TLS deny to its objects",
    rule: "LG-S3-007",
    harm: "access",
    address: bucket("raw"),
    apply: (p) =>
      (statement(p, `${S}data.aws_iam_policy_document.this["raw"]`, 0).resources = {
        constant_value: ["arn:aws:s3:::acme-lake-prod-raw/*"],
      }),
  },
  {
    id: "s3-policy-removed",
    change: "remove curated's bucket policy",
    rule: "LG-S3-007",
    harm: "access",
    address: bucket("curated"),
    apply: (p) => p.drop(split("policy", "curated")),
  },
  {
    id: "s3-logging-removed",
    change: "remove raw's access logging",
    rule: "LG-S3-008",
    harm: "audit",
    address: bucket("raw"),
    apply: (p) => p.drop(split("logging", "raw")),
  },
  {
    id: "s3-logging-removed-curated",
    change: "remove curated's access logging",
    rule: "LG-S3-008",
    harm: "audit",
    address: bucket("curated"),
    apply: (p) => p.drop(split("logging", "curated")),
  },
  {
    id: "s3-lifecycle-removed",
    change: "remove processed's lifecycle configuration",
    rule: "LG-S3-009",
    harm: "cost",
    address: bucket("processed"),
    apply: (p) => p.drop(split("lifecycle_configuration", "processed")),
  },
  {
    id: "s3-multipart-kept",
    change: "drop the abort of incomplete multipart uploads on raw",
    rule: "LG-S3-010",
    harm: "cost",
    address: bucket("raw"),
    apply: firstRule("lifecycle_configuration", "raw", (r) => (r.abort_incomplete_multipart_upload = [])),
  },
  {
    id: "s3-ia-too-early",
    change: "move raw to STANDARD_IA after 10 days",
    rule: "LG-S3-011",
    harm: "cost",
    address: bucket("raw"),
    apply: firstRule("lifecycle_configuration", "raw", (r) => (r.transition[0].days = 10)),
  },
  {
    id: "s3-temp-kept",
    change: "stop expiring the temp zone",
    rule: "LG-S3-012",
    harm: "cost",
    address: bucket("temp"),
    apply: firstRule("lifecycle_configuration", "temp", (r) => (r.expiration = [])),
  },
  {
    id: "s3-noncurrent-kept",
    change: "keep raw's noncurrent versions forever",
    rule: "LG-S3-013",
    harm: "cost",
    address: bucket("raw"),
    apply: firstRule("lifecycle_configuration", "raw", (r) => (r.noncurrent_version_expiration = [])),
  },
  {
    id: "s3-force-destroy",
    change: "allow force_destroy on raw in prod",
    rule: "LG-S3-014",
    harm: "data-loss",
    address: bucket("raw"),
    apply: (p) => p.set(bucket("raw"), "force_destroy", true),
  },
  {
    id: "s3-force-destroy-logs",
    change: "allow force_destroy on the access-log bucket in prod",
    rule: "LG-S3-014",
    harm: "data-loss",
    address: `${S}aws_s3_bucket.logs[0]`,
    apply: (p) => p.set(`${S}aws_s3_bucket.logs[0]`, "force_destroy", true),
  },

  // Glue.
  {
    id: "glue-crawler-unencrypted",
    change: "remove a crawler's security configuration",
    rule: "LG-GLUE-001",
    harm: "access",
    address: `${GLUE}aws_glue_crawler.this["source-system-a"]`,
    apply: (p) => p.unset(`${GLUE}aws_glue_crawler.this["source-system-a"]`, "security_configuration"),
  },
  {
    id: "glue-job-unencrypted",
    change: "remove a Glue job's security configuration",
    rule: "LG-GLUE-002",
    harm: "access",
    address: GLUE_JOB,
    apply: (p) => p.unset(GLUE_JOB, "security_configuration"),
  },
  {
    id: "glue-s3-output-plain",
    change: "stop encrypting Glue's S3 output",
    rule: "LG-GLUE-003",
    harm: "access",
    address: `${GLUE}aws_glue_security_configuration.this`,
    apply: securityConfig("s3_encryption", "DISABLED"),
  },
  {
    id: "glue-logs-plain",
    change: "stop encrypting Glue's CloudWatch logs",
    rule: "LG-GLUE-003",
    harm: "access",
    address: `${GLUE}aws_glue_security_configuration.this`,
    apply: securityConfig("cloudwatch_encryption", "DISABLED"),
  },
  {
    id: "glue-bookmarks-plain",
    change: "stop encrypting Glue's job bookmarks",
    rule: "LG-GLUE-003",
    harm: "access",
    address: `${GLUE}aws_glue_security_configuration.this`,
    apply: securityConfig("job_bookmarks_encryption", "DISABLED"),
  },
  {
    id: "glue-catalog-encryption-removed",
    change: "remove the Data Catalog encryption settings",
    rule: "LG-GLUE-004",
    harm: "access",
    address: `${GLUE}aws_glue_catalog_database.this["curated"]`,
    apply: (p) => p.drop(`${GLUE}aws_glue_data_catalog_encryption_settings.this`),
  },
  {
    id: "glue-catalog-plain",
    change: "set the Data Catalog's encryption at rest to DISABLED",
    rule: "LG-GLUE-004",
    harm: "access",
    address: `${GLUE}aws_glue_data_catalog_encryption_settings.this`,
    apply: (p) =>
      p.nested(
        `${GLUE}aws_glue_data_catalog_encryption_settings.this`,
        (a) => (a.data_catalog_encryption_settings[0].encryption_at_rest[0].catalog_encryption_mode = "DISABLED"),
      ),
  },
  {
    id: "glue-bookmark-off",
    change: "disable a Glue job's bookmark",
    rule: "LG-GLUE-005",
    harm: "reliability",
    address: GLUE_JOB,
    apply: (p) => (p.after(GLUE_JOB).default_arguments["--job-bookmark-option"] = "job-bookmark-disable"),
  },

  // Streaming.
  {
    id: "kinesis-unencrypted",
    change: "set the stream's encryption_type to NONE",
    rule: "LG-KIN-001",
    harm: "access",
    address: STREAM,
    apply: (p) => p.set(STREAM, "encryption_type", "NONE"),
  },
  {
    id: "firehose-unencrypted",
    change: "remove kms_key_arn from the Firehose S3 destination",
    rule: "LG-FH-001",
    harm: "access",
    address: FIREHOSE,
    apply: (p) => {
      p.nested(FIREHOSE, (a) => (a.extended_s3_configuration[0].kms_key_arn = null));
      delete p.change(FIREHOSE).change.after_unknown.extended_s3_configuration[0].kms_key_arn;
    },
  },
  {
    id: "firehose-no-error-prefix",
    change: "remove the Firehose error prefix",
    rule: "LG-FH-002",
    harm: "reliability",
    address: FIREHOSE,
    apply: (p) => p.nested(FIREHOSE, (a) => (a.extended_s3_configuration[0].error_output_prefix = null)),
  },

  // EMR Serverless.
  {
    id: "emr-auto-stop-off",
    change: "turn EMR auto-stop off",
    rule: "LG-EMR-001",
    harm: "cost",
    address: EMR,
    apply: (p) => p.nested(EMR, (a) => (a.auto_stop_configuration[0].enabled = false)),
  },
  {
    id: "emr-no-maximum",
    change: "remove the EMR maximum capacity",
    rule: "LG-EMR-002",
    harm: "cost",
    address: EMR,
    apply: (p) => p.unset(EMR, "maximum_capacity"),
  },
  {
    id: "emr-oversized-spark",
    change: "raise maxExecutors beyond the application's capacity",
    rule: "LG-EMR-003",
    harm: "reliability",
    address: EMR,
    apply: (p) => {
      const out = p.plan.output_changes.emr_serverless.after;
      out.spark_submit_parameters = out.spark_submit_parameters.replace(/maxExecutors=\d+/, "maxExecutors=40");
    },
  },
  {
    id: "emr-old-release",
    change: "move the EMR release to emr-5.36.0",
    rule: "LG-EMR-004",
    harm: "reliability",
    address: EMR,
    apply: (p) => p.set(EMR, "release_label", "emr-5.36.0"),
  },
  {
    id: "emr-x86",
    change: "move the EMR application to X86_64",
    rule: "LG-EMR-005",
    harm: "cost",
    address: EMR,
    apply: (p) => p.set(EMR, "architecture", "X86_64"),
  },

  // Lake Formation.
  {
    id: "lf-no-admins",
    change: "empty the Lake Formation admin list",
    rule: "LG-LF-001",
    harm: "access",
    address: SETTINGS,
    apply: (p) => p.set(SETTINGS, "admins", []),
  },
  {
    id: "lf-iam-allowed-grant",
    change: "grant a database to IAM_ALLOWED_PRINCIPALS",
    rule: "LG-LF-002",
    harm: "access",
    address: `${LF}aws_lakeformation_permissions.database["crawler"]`,
    apply: (p) => p.set(`${LF}aws_lakeformation_permissions.database["crawler"]`, "principal", "IAM_ALLOWED_PRINCIPALS"),
  },
  {
    id: "lf-service-linked-role",
    change: "register the raw location with the service-linked role",
    rule: "LG-LF-003",
    harm: "reliability",
    address: `${LF}aws_lakeformation_resource.zone["raw"]`,
    apply: (p) => p.set(`${LF}aws_lakeformation_resource.zone["raw"]`, "use_service_linked_role", true),
  },
  {
    id: "lf-no-role",
    change: "register locations with no role_arn",
    rule: "LG-LF-003",
    harm: "reliability",
    address: `${LF}aws_lakeformation_resource.zone["curated"]`,
    apply: (p) => p.unset(`${LF}aws_lakeformation_resource.zone["curated"]`, "role_arn"),
  },
  {
    id: "lf-iam-mode-defaults",
    change: "give new tables IAM_ALLOWED_PRINCIPALS default permissions",
    rule: "LG-LF-004",
    harm: "access",
    address: SETTINGS,
    apply: (p) => p.set(SETTINGS, "create_table_default_permissions", [{ principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] }]),
  },
  {
    id: "lf-all-with-grant",
    change: "grant ALL with grant option on a database",
    rule: "LG-LF-005",
    harm: "access",
    address: `${LF}aws_lakeformation_permissions.database["emr-curated"]`,
    apply: (p) => {
      p.set(`${LF}aws_lakeformation_permissions.database["emr-curated"]`, "permissions", ["ALL"]);
      p.set(`${LF}aws_lakeformation_permissions.database["emr-curated"]`, "permissions_with_grant_option", ["ALL"]);
    },
  },
  {
    id: "lf-alter-database",
    change: "grant the crawler ALTER on the raw database",
    rule: "LG-LF-007",
    harm: "access",
    address: `${LF}aws_lakeformation_permissions.database["crawler"]`,
    apply: (p) => p.set(`${LF}aws_lakeformation_permissions.database["crawler"]`, "permissions", ["ALTER", "CREATE_TABLE", "DESCRIBE"]),
  },
  {
    id: "lf-drop-tables",
    change: "grant the EMR role DROP on curated's tables",
    rule: "LG-LF-007",
    harm: "data-loss",
    address: `${LF}aws_lakeformation_permissions.emr_tables["curated"]`,
    apply: (p) =>
      p.set(`${LF}aws_lakeformation_permissions.emr_tables["curated"]`, "permissions", ["DELETE", "DESCRIBE", "DROP", "INSERT", "SELECT"]),
  },
  {
    id: "lf-foreign-account",
    change: "grant a database to another account's role",
    rule: "LG-LF-006",
    harm: "access",
    address: `${LF}aws_lakeformation_permissions.database["emr-processed"]`,
    apply: (p) =>
      p.set(`${LF}aws_lakeformation_permissions.database["emr-processed"]`, "principal", "arn:aws:iam::999999999999:role/partner"),
  },

  // Operations: Step Functions, SNS, logs, KMS, Athena.
  {
    id: "sfn-logging-removed",
    change: "remove the state machine's logging",
    rule: "LG-SFN-001",
    harm: "audit",
    address: SFN,
    apply: (p) => p.unset(SFN, "logging_configuration"),
  },
  {
    id: "sfn-logging-off",
    change: "set the state machine's log level to OFF",
    rule: "LG-SFN-001",
    harm: "audit",
    address: SFN,
    apply: (p) => p.nested(SFN, (a) => (a.logging_configuration[0].level = "OFF")),
  },
  {
    id: "sfn-tracing-off",
    change: "turn X-Ray tracing off",
    rule: "LG-SFN-002",
    harm: "reliability",
    address: SFN,
    apply: (p) => p.nested(SFN, (a) => (a.tracing_configuration[0].enabled = false)),
  },
  {
    id: "sns-pipeline-plain",
    change: "remove the pipeline topic's KMS key",
    rule: "LG-SNS-001",
    harm: "access",
    address: "module.etl_pipeline.aws_sns_topic.notifications",
    apply: (p) => p.unset("module.etl_pipeline.aws_sns_topic.notifications", "kms_master_key_id"),
  },
  {
    id: "sns-alerts-aws-key",
    change: "encrypt the alerts topic with the AWS-managed key",
    rule: "LG-SNS-001",
    harm: "access",
    address: "module.monitoring.aws_sns_topic.alerts",
    apply: (p) => p.set("module.monitoring.aws_sns_topic.alerts", "kms_master_key_id", "alias/aws/sns"),
  },
  {
    id: "log-group-plain",
    change: "remove the EMR log group's KMS key",
    rule: "LG-LOG-001",
    harm: "access",
    address: "module.emr_serverless.aws_cloudwatch_log_group.jobs",
    apply: (p) => p.unset("module.emr_serverless.aws_cloudwatch_log_group.jobs", "kms_key_id"),
  },
  {
    id: "log-retention-zero",
    change: "set the pipeline log group's retention to 0",
    rule: "LG-LOG-002",
    harm: "cost",
    address: 'module.etl_pipeline.aws_cloudwatch_log_group.pipeline["daily-orders"]',
    apply: (p) => p.set('module.etl_pipeline.aws_cloudwatch_log_group.pipeline["daily-orders"]', "retention_in_days", 0),
  },
  {
    id: "log-retention-removed",
    change: "remove the Firehose log group's retention",
    rule: "LG-LOG-002",
    harm: "cost",
    address: 'module.kinesis_ingest.aws_cloudwatch_log_group.delivery["api-integrations"]',
    apply: (p) => p.unset('module.kinesis_ingest.aws_cloudwatch_log_group.delivery["api-integrations"]', "retention_in_days"),
  },
  {
    id: "kms-rotation-off",
    change: "turn the lake key's rotation off",
    rule: "LG-KMS-001",
    harm: "access",
    address: KEY,
    apply: (p) => p.set(KEY, "enable_key_rotation", false),
  },
  {
    id: "athena-not-enforced",
    change: "stop enforcing the workgroup configuration",
    rule: "LG-ATHENA-001",
    harm: "access",
    address: WORKGROUP,
    apply: (p) => p.nested(WORKGROUP, (a) => (a.configuration[0].enforce_workgroup_configuration = false)),
  },
  {
    id: "athena-results-sse-s3",
    change: "encrypt Athena results with SSE_S3",
    rule: "LG-ATHENA-002",
    harm: "access",
    address: WORKGROUP,
    apply: (p) =>
      p.nested(WORKGROUP, (a) => (a.configuration[0].result_configuration[0].encryption_configuration = [{ encryption_option: "SSE_S3" }])),
  },
  {
    id: "athena-no-cutoff",
    change: "remove the per-query scan cutoff",
    rule: "LG-ATHENA-003",
    harm: "cost",
    address: WORKGROUP,
    apply: (p) => p.nested(WORKGROUP, (a) => (a.configuration[0].bytes_scanned_cutoff_per_query = null)),
  },

  // IAM.
  {
    id: "iam-s3-star",
    change: "give the EMR job role s3:*",
    rule: "LG-IAM-001",
    harm: "access",
    address: JOB_ROLE_POLICY,
    apply: (p) => (statement(p, JOB_POLICY, 2).actions = { constant_value: ["s3:*"] }),
  },
  {
    id: "iam-all-actions",
    change: "give the EMR job role every action",
    rule: "LG-IAM-001",
    harm: "access",
    address: JOB_ROLE_POLICY,
    apply: (p) => (statement(p, JOB_POLICY, 4).actions = { constant_value: ["*"] }),
  },
  {
    id: "iam-any-object",
    change: "let the EMR job read any object",
    rule: "LG-IAM-002",
    harm: "access",
    address: JOB_ROLE_POLICY,
    apply: (p) => (statement(p, JOB_POLICY, 1).resources = { constant_value: ["*"] }),
  },
  {
    id: "iam-any-bucket-arn",
    change: "let the EMR job write to arn:aws:s3:::*/*",
    rule: "LG-IAM-002",
    harm: "access",
    address: JOB_ROLE_POLICY,
    apply: (p) => (statement(p, JOB_POLICY, 2).resources = { constant_value: ["arn:aws:s3:::*/*"] }),
  },
  {
    id: "iam-passrole-any",
    change: "let the EMR job pass any role",
    rule: "LG-IAM-003",
    harm: "access",
    address: JOB_ROLE_POLICY,
    apply: (p) =>
      p.config(JOB_POLICY).expressions.statement.push({
        actions: { constant_value: ["iam:PassRole"] },
        resources: { constant_value: ["arn:aws:iam::222222222222:role/*"] },
      }),
  },
  {
    id: "iam-passrole-any-account",
    change: "let the EMR job pass the lake's roles of any account",
    rule: "LG-IAM-003",
    harm: "access",
    address: JOB_ROLE_POLICY,
    apply: (p) =>
      p.config(JOB_POLICY).expressions.statement.push({
        actions: { constant_value: ["iam:PassRole"] },
        resources: { constant_value: ["arn:aws:iam::*:role/acme-lake-prod-*"] },
      }),
  },
  {
    id: "iam-arn-unresolved-region",
    change: "name the catalog with an uninterpolated region, so the job's Glue calls are denied",
    rule: "LG-IAM-009",
    harm: "access",
    address: JOB_ROLE_POLICY,
    apply: (p) =>
      p.config(JOB_POLICY).expressions.statement.push({
        actions: { constant_value: ["glue:GetDatabase"] },
        resources: { constant_value: ["arn:aws:glue:data.aws_region.current.id:222222222222:catalog"] },
      }),
  },
  {
    id: "iam-not-resource",
    change: "write an Allow with NotResource",
    rule: "LG-IAM-004",
    harm: "access",
    address: JOB_ROLE_POLICY,
    apply: (p) => {
      const s = statement(p, JOB_POLICY, 1);
      delete s.resources;
      s.not_resources = { constant_value: ["arn:aws:s3:::audit/*"] };
    },
  },
  {
    id: "iam-admin-attached",
    change: "attach AdministratorAccess to the EMR job role",
    rule: "LG-IAM-005",
    harm: "access",
    address: "module.emr_serverless.aws_iam_role_policy_attachment.admin",
    apply: (p) =>
      p.add(
        "emr_serverless",
        "aws_iam_role_policy_attachment",
        "admin",
        { policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" },
        {
          policy_arn: { constant_value: "arn:aws:iam::aws:policy/AdministratorAccess" },
          role: { references: ["aws_iam_role.job.name", "aws_iam_role.job"] },
        },
      ),
  },
  {
    id: "iam-s3-full-access",
    change: "attach AmazonS3FullAccess to the EMR job role",
    rule: "LG-IAM-005",
    harm: "access",
    address: "module.emr_serverless.aws_iam_role_policy_attachment.s3",
    apply: (p) =>
      p.add(
        "emr_serverless",
        "aws_iam_role_policy_attachment",
        "s3",
        { policy_arn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" },
        {
          policy_arn: { constant_value: "arn:aws:iam::aws:policy/AmazonS3FullAccess" },
          role: { references: ["aws_iam_role.job.name", "aws_iam_role.job"] },
        },
      ),
  },
  {
    id: "iam-trust-anyone",
    change: "let any AWS principal assume the EMR job role",
    rule: "LG-IAM-007",
    harm: "access",
    address: "module.emr_serverless.aws_iam_role.job",
    apply: (p) =>
      policyJson(p, "module.emr_serverless.aws_iam_role.job", "assume_role_policy", (doc) => {
        doc.Statement[0].Principal = { AWS: "*" };
        delete doc.Statement[0].Condition;
      }),
  },
  {
    id: "iam-trust-any-account",
    change: "let any account's root assume the Step Functions role",
    rule: "LG-IAM-007",
    harm: "access",
    address: 'module.etl_pipeline.aws_iam_role.pipeline["daily-orders"]',
    apply: (p) =>
      policyJson(p, 'module.etl_pipeline.aws_iam_role.pipeline["daily-orders"]', "assume_role_policy", (doc) => {
        doc.Statement[0].Principal = { AWS: ["arn:aws:iam::*:root"] };
        delete doc.Statement[0].Condition;
      }),
  },
  {
    id: "kms-key-open",
    change: "let anyone decrypt with the lake key",
    rule: "LG-IAM-008",
    harm: "access",
    address: KEY,
    apply: (p) =>
      policyJson(p, KEY, "policy", (doc) => doc.Statement.push({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" })),
  },
  {
    id: "s3-policy-open",
    change: "let anyone read the curated bucket",
    rule: "LG-IAM-008",
    harm: "access",
    address: split("policy", "curated"),
    apply: (p) =>
      p.config(`${S}data.aws_iam_policy_document.this`).expressions.statement.push({
        actions: { constant_value: ["s3:GetObject"] },
        resources: { constant_value: ["*"] },
        principals: [{ type: { constant_value: "AWS" }, identifiers: { constant_value: ["*"] } }],
      }),
  },
  {
    id: "provider-keys",
    change: "write access keys into the provider block",
    rule: "LG-PROVIDER-001",
    harm: "access",
    address: "provider.aws",
    apply: (p) =>
      Object.assign(p.plan.configuration.provider_config.aws.expressions, {
        access_key: { constant_value: "AKIAIOSFODNN7EXAMPLE" },
        secret_key: { constant_value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
      }),
  },
  {
    id: "iam-composed-policy",
    change: "compose the EMR job policy from another document",
    rule: "LG-IAM-006",
    harm: "unreadable",
    result: "unknown",
    address: JOB_ROLE_POLICY,
    apply: (p) => (p.config(JOB_POLICY).expressions.source_policy_documents = { references: ["var.extra_policy"] }),
  },

  // lakegen's own.
  {
    id: "lakegen-literal-shards",
    change: "write the shard count as a literal",
    rule: "LG-LAKEGEN-001",
    harm: "reliability",
    address: STREAM,
    apply: (p) => p.set(STREAM, "shard_count", 8),
  },
  {
    id: "lakegen-untagged",
    change: "drop the Environment tag from the stream",
    rule: "LG-LAKEGEN-002",
    harm: "cost",
    address: STREAM,
    apply: (p) => delete p.after(STREAM).tags_all.Environment,
  },

  // Destructive changes to what exists.
  {
    id: "change-bucket-renamed",
    change: "rename the raw bucket (replace)",
    rule: "LG-CHANGE-001",
    harm: "data-loss",
    address: bucket("raw"),
    apply: (p) => p.destroy(bucket("raw"), { replacePaths: [["bucket"]], before: { bucket: "acme-lake-prod-raw-old" } }),
  },
  {
    id: "change-zone-removed",
    change: "remove the curated zone",
    rule: "LG-CHANGE-001",
    harm: "data-loss",
    address: bucket("curated"),
    apply: (p) => p.destroy(bucket("curated")),
  },
  {
    id: "change-key-deleted",
    change: "delete the lake's KMS key",
    rule: "LG-CHANGE-001",
    harm: "data-loss",
    address: KEY,
    apply: (p) => p.destroy(KEY),
  },
  {
    id: "change-database-replaced",
    change: "rename the raw Glue database (replace)",
    rule: "LG-CHANGE-001",
    harm: "data-loss",
    address: `${GLUE}aws_glue_catalog_database.this["raw"]`,
    apply: (p) =>
      p.destroy(`${GLUE}aws_glue_catalog_database.this["raw"]`, { replacePaths: [["name"]], before: { name: "acme_lake_raw" } }),
  },
  {
    id: "change-stream-replaced",
    change: "switch the stream to a new name (replace)",
    rule: "LG-CHANGE-001",
    harm: "data-loss",
    address: STREAM,
    apply: (p) => p.destroy(STREAM, { replacePaths: [["name"]], before: { name: "events" } }),
  },
  {
    id: "change-firehose-deleted",
    change: "remove the Firehose stream",
    rule: "LG-CHANGE-001",
    harm: "data-loss",
    address: FIREHOSE,
    apply: (p) => p.destroy(FIREHOSE),
  },
  {
    id: "change-log-group-deleted",
    change: "remove the EMR log group",
    rule: "LG-CHANGE-001",
    harm: "data-loss",
    address: "module.emr_serverless.aws_cloudwatch_log_group.jobs",
    apply: (p) => p.destroy("module.emr_serverless.aws_cloudwatch_log_group.jobs"),
  },
  {
    id: "change-bookmark-replaced",
    change: "rename the pipeline's bookmark parameter (replace)",
    rule: "LG-CHANGE-001",
    harm: "data-loss",
    address: 'module.etl_pipeline.aws_ssm_parameter.bookmark["daily-orders"]',
    apply: (p) =>
      p.destroy('module.etl_pipeline.aws_ssm_parameter.bookmark["daily-orders"]', {
        replacePaths: [["name"]],
        before: { name: "/old/bookmark" },
      }),
  },
  {
    id: "change-emr-replaced",
    change: "rename the EMR application (replace)",
    rule: "LG-CHANGE-001",
    harm: "reliability",
    address: EMR,
    apply: (p) => p.destroy(EMR, { replacePaths: [["name"]], before: { name: "spark-old" } }),
  },
  {
    id: "change-grant-deleted",
    change: "remove a Lake Formation grant",
    rule: "LG-CHANGE-001",
    harm: "reliability",
    address: `${LF}aws_lakeformation_permissions.database["crawler"]`,
    apply: (p) => p.destroy(`${LF}aws_lakeformation_permissions.database["crawler"]`),
  },
  {
    id: "change-admin-dropped",
    change: "drop a current Lake Formation admin",
    rule: "LG-CHANGE-002",
    harm: "access",
    address: SETTINGS,
    apply: (p) => p.update(SETTINGS, { admins: [...p.after(SETTINGS).admins, "arn:aws:iam::222222222222:role/BreakGlass"] }),
  },
  {
    id: "change-shards-cut",
    change: "cut the stream from 4 shards to 1",
    rule: "LG-CHANGE-003",
    harm: "reliability",
    address: STREAM,
    apply: (p) => p.update(STREAM, { shard_count: 4 }).nested(STREAM, (a) => (a.shard_count = 1)),
  },
];

export interface MutationResult {
  /** The finding of the mutation's rule at its address, if the check made one. */
  hit?: Finding;
  findings: Finding[];
  /** The hit fails the default gate (high). */
  failsGate: boolean;
  /** Caught, and failing the gate where the harm requires it. */
  gatedAsRequired: boolean;
}

/** Applies a mutation to a copy of `base` (the prod plan) and checks the result with the default gate. */
export function tryMutation(base: Json, m: Mutation): MutationResult {
  const edit = new PlanEdit(structuredClone(base));
  m.apply(edit);
  const result = runChecks([{ file: "prod.json", plan: edit.plan }]) as { findings: Finding[]; unknowns?: Finding[] };
  const findings = [...result.findings, ...(result.unknowns ?? [])];
  const hit = findings.find((f) => f.ruleId === m.rule && f.address === m.address && Boolean(f.unknown) === (m.result === "unknown"));
  const failsGate = hit !== undefined && failing([hit], "high").length === 1;
  return { hit, findings, failsGate, gatedAsRequired: hit !== undefined && (failsGate || !GATED_HARMS.includes(m.harm)) };
}
