/**
 * A small plan JSON, shaped like `terraform show -json`, of a lake that passes
 * every rule. Tests break one thing at a time to prove each rule fails.
 */
import type { Json } from "../plan";

const ARN = "arn:aws:kms:eu-west-1:111111111111:key/k";
const TAGS = { Environment: "test", Project: "fixture" };
const ref = (...references: string[]) => ({ references });
const constant = (constant_value: unknown) => ({ constant_value });

interface Entry {
  address: string;
  type: string;
  name: string;
  index?: string;
  mode: "managed" | "data";
  values: Json;
  unknown: Json;
  /** For a change to existing infrastructure: its actions, prior values and replacement paths. */
  change?: { actions: string[]; before: Json; replacePaths?: (string | number)[][] };
}

export class PlanFixture {
  readonly entries: Entry[] = [];
  readonly configs: Json[] = [];
  readonly outputs: Record<string, Json> = {};

  add(type: string, name: string, values: Json, opts: { index?: string; config?: Json; unknown?: Json; mode?: "data" } = {}): this {
    const mode = opts.mode ?? "managed";
    const local = `${mode === "data" ? "data." : ""}${type}.${name}${opts.index !== undefined ? `["${opts.index}"]` : ""}`;
    this.entries.push({ address: `module.lake.${local}`, type, name, index: opts.index, mode, values, unknown: opts.unknown ?? {} });
    const configAddress = `${mode === "data" ? "data." : ""}${type}.${name}`;
    if (opts.config && !this.configs.some((c) => c.address === configAddress)) {
      this.configs.push({ address: configAddress, mode, type, name, ...opts.config });
    }
    return this;
  }

  /** The planned values of a resource, to change. */
  values(address: string): Json {
    const e = this.entries.find((x) => x.address === `module.lake.${address}`);
    if (!e) throw new Error(`no ${address} in the fixture`);
    return e.values;
  }

  /** The configuration block of a resource (by its address without index), to change. */
  config(address: string): Json {
    const c = this.configs.find((x) => x.address === address);
    if (!c) throw new Error(`no configuration for ${address}`);
    return c;
  }

  /** Makes a resource a change to what exists: `before` are its current values. */
  changed(address: string, actions: string[], before: Json, replacePaths?: (string | number)[][]): this {
    const e = this.entries.find((x) => x.address === `module.lake.${address}`);
    if (!e) throw new Error(`no ${address} in the fixture`);
    e.change = { actions, before, replacePaths };
    if (actions.length === 1 && actions[0] === "delete") e.values = null;
    return this;
  }

  remove(address: string): this {
    const i = this.entries.findIndex((x) => x.address === `module.lake.${address}`);
    if (i < 0) throw new Error(`no ${address} in the fixture`);
    this.entries.splice(i, 1);
    return this;
  }

  plan(): Json {
    return {
      format_version: "1.2",
      terraform_version: "1.11.4",
      resource_changes: this.entries.map((e) => ({
        address: e.address,
        module_address: "module.lake",
        mode: e.mode,
        type: e.type,
        name: e.name,
        ...(e.index !== undefined ? { index: e.index } : {}),
        change: {
          actions: e.change?.actions ?? [e.mode === "data" ? "read" : "create"],
          before: e.change?.before ?? null,
          after: e.values,
          after_unknown: e.unknown,
          ...(e.change?.replacePaths ? { replace_paths: e.change.replacePaths } : {}),
        },
      })),
      output_changes: Object.fromEntries(Object.entries(this.outputs).map(([k, v]) => [k, { actions: ["create"], after: v }])),
      configuration: {
        root_module: { module_calls: { lake: { source: "./modules/lake", module: { resources: this.configs } } } },
      },
    };
  }
}

const split = (type: string, name: string, forBucket: "this" | "logs", values: Json, f: PlanFixture, index?: string) =>
  f.add(type, name, values, {
    index,
    config:
      forBucket === "this"
        ? { expressions: { bucket: ref("each.value.id", "each.value") }, for_each_expression: ref("aws_s3_bucket.this") }
        : { expressions: { bucket: ref("aws_s3_bucket.logs.id", "aws_s3_bucket.logs") } },
  });

/** A lake that passes every rule. */
export function passingLake(): PlanFixture {
  const f = new PlanFixture();
  f.add("aws_kms_key", "lake", { enable_key_rotation: true, customer_master_key_spec: "SYMMETRIC_DEFAULT", tags_all: TAGS });
  f.add("aws_athena_workgroup", "this", {
    configuration: [
      {
        enforce_workgroup_configuration: true,
        bytes_scanned_cutoff_per_query: 10_737_418_240,
        result_configuration: [{ output_location: "s3://lake-temp/athena-results/", encryption_configuration: [{ encryption_option: "SSE_KMS", kms_key_arn: ARN }] }],
      },
    ],
    tags_all: TAGS,
  });
  const zones = ["raw", "temp"];
  for (const z of zones) f.add("aws_s3_bucket", "this", { bucket: `lake-${z}`, force_destroy: false, tags_all: TAGS }, { index: z, config: { expressions: {} } });
  f.add("aws_s3_bucket", "logs", { bucket: "lake-logs", force_destroy: false, tags_all: TAGS }, { config: { expressions: {} } });
  for (const z of zones) {
    split("aws_s3_bucket_server_side_encryption_configuration", "this", "this", { rule: [{ bucket_key_enabled: true, apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms", kms_master_key_id: ARN }] }] }, f, z);
    split("aws_s3_bucket_versioning", "this", "this", { versioning_configuration: [{ status: "Enabled" }] }, f, z);
    split("aws_s3_bucket_public_access_block", "this", "this", { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }, f, z);
    split("aws_s3_bucket_ownership_controls", "this", "this", { rule: [{ object_ownership: "BucketOwnerEnforced" }] }, f, z);
    split("aws_s3_bucket_logging", "this", "this", { target_prefix: `s3-access/${z}/` }, f, z);
    f.config("aws_s3_bucket_logging.this").expressions.target_bucket = ref("aws_s3_bucket.logs.id", "aws_s3_bucket.logs");
    split("aws_s3_bucket_policy", "this", "this", {}, f, z);
    f.config("aws_s3_bucket_policy.this").expressions.policy = ref("data.aws_iam_policy_document.tls[each.key].json", "data.aws_iam_policy_document.tls[each.key]", "data.aws_iam_policy_document.tls");
    split(
      "aws_s3_bucket_lifecycle_configuration",
      "this",
      "this",
      {
        rule: [
          {
            id: "zone",
            status: "Enabled",
            abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
            noncurrent_version_expiration: [{ noncurrent_days: 30 }],
            transition: z === "raw" ? [{ days: 90, storage_class: "GLACIER" }, { days: 30, storage_class: "STANDARD_IA" }] : [],
            expiration: z === "raw" ? [{ days: 400 }] : [{ days: 7 }],
          },
        ],
      },
      f,
      z,
    );
  }
  split("aws_s3_bucket_server_side_encryption_configuration", "logs", "logs", { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "AES256" }] }] }, f);
  split("aws_s3_bucket_versioning", "logs", "logs", { versioning_configuration: [{ status: "Enabled" }] }, f);
  split("aws_s3_bucket_public_access_block", "logs", "logs", { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }, f);
  split("aws_s3_bucket_ownership_controls", "logs", "logs", { rule: [{ object_ownership: "BucketOwnerEnforced" }] }, f);
  split("aws_s3_bucket_policy", "logs", "logs", {}, f);
  f.config("aws_s3_bucket_policy.logs").expressions.policy = ref("data.aws_iam_policy_document.tls[\"logs\"].json", "data.aws_iam_policy_document.tls");
  split("aws_s3_bucket_lifecycle_configuration", "logs", "logs", { rule: [{ id: "logs", status: "Enabled", abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }], noncurrent_version_expiration: [{ noncurrent_days: 30 }], expiration: [{ days: 365 }] }] }, f);
  f.add("aws_iam_policy_document", "tls", {}, {
    mode: "data",
    config: {
      expressions: {
        statement: [
          {
            effect: constant("Deny"),
            actions: constant(["s3:*"]),
            resources: ref("each.value.arn"),
            condition: [{ test: constant("Bool"), variable: constant("aws:SecureTransport"), values: constant(["false"]) }],
          },
        ],
      },
    },
  });

  f.add("aws_glue_security_configuration", "this", {
    encryption_configuration: [
      {
        s3_encryption: [{ s3_encryption_mode: "SSE-KMS" }],
        cloudwatch_encryption: [{ cloudwatch_encryption_mode: "SSE-KMS" }],
        job_bookmarks_encryption: [{ job_bookmarks_encryption_mode: "CSE-KMS" }],
      },
    ],
  });
  f.add("aws_glue_data_catalog_encryption_settings", "this", {
    data_catalog_encryption_settings: [
      { encryption_at_rest: [{ catalog_encryption_mode: "SSE-KMS" }], connection_password_encryption: [{ return_connection_password_encrypted: true }] },
    ],
  });
  f.add("aws_glue_catalog_database", "this", { name: "lake_raw", tags_all: TAGS }, { index: "raw" });
  f.add("aws_glue_crawler", "this", { security_configuration: "lake", tags_all: TAGS }, { index: "raw" });
  f.add(
    "aws_glue_job",
    "this",
    { security_configuration: "lake", command: [{ name: "glueetl" }], default_arguments: { "--job-bookmark-option": "job-bookmark-enable" }, number_of_workers: 2, tags_all: TAGS },
    { index: "raw", config: { expressions: { number_of_workers: ref("var.number_of_workers"), timeout: ref("var.timeout_minutes") } } },
  );
  f.add("aws_kinesis_stream", "this", { encryption_type: "KMS", kms_key_id: ARN, tags_all: TAGS }, { index: "events" });
  f.add("aws_kinesis_firehose_delivery_stream", "this", { extended_s3_configuration: [{ kms_key_arn: ARN, error_output_prefix: "errors/" }], tags_all: TAGS }, { index: "events" });
  f.add(
    "aws_emrserverless_application",
    "spark",
    {
      release_label: "emr-7.5.0",
      architecture: "ARM64",
      auto_stop_configuration: [{ enabled: true, idle_timeout_minutes: 15 }],
      maximum_capacity: [{ cpu: "8 vCPU", memory: "32 GB", disk: null }],
      tags_all: TAGS,
    },
    { config: { expressions: { maximum_capacity: [{ cpu: ref("var.max_capacity.cpu"), memory: ref("var.max_capacity.memory_gb") }] } } },
  );
  f.outputs.lake = {
    spark_submit_parameters:
      "--conf spark.driver.cores=2 --conf spark.driver.memory=7447m --conf spark.executor.cores=2 --conf spark.executor.memory=7447m --conf spark.dynamicAllocation.maxExecutors=3",
  };
  f.add("aws_lakeformation_data_lake_settings", "this", { admins: ["arn:aws:iam::111111111111:role/Admin"], create_database_default_permissions: [], create_table_default_permissions: [] });
  f.add("aws_lakeformation_resource", "zone", { role_arn: "arn:aws:iam::111111111111:role/lf" }, { index: "raw" });
  f.add("aws_lakeformation_permissions", "database", { principal: "arn:aws:iam::111111111111:role/job", permissions: ["DESCRIBE"] }, { index: "job" });
  f.add("aws_sfn_state_machine", "pipeline", { logging_configuration: [{ level: "ERROR", log_destination: "arn:aws:logs:eu-west-1:111111111111:log-group:x:*" }], tracing_configuration: [{ enabled: true }], tags_all: TAGS }, { index: "daily" });
  f.add("aws_sns_topic", "alerts", { kms_master_key_id: ARN, tags_all: TAGS });
  f.add("aws_cloudwatch_log_group", "jobs", { kms_key_id: ARN, retention_in_days: 30, tags_all: TAGS });
  f.add("aws_iam_role_policy", "job", {}, { config: { expressions: { policy: ref("data.aws_iam_policy_document.job.json", "data.aws_iam_policy_document.job") } } });
  f.add("aws_iam_policy_document", "job", {}, {
    mode: "data",
    config: {
      expressions: {
        statement: [
          { actions: constant(["s3:GetObject"]), resources: ref("var.bucket_arn") },
          { actions: constant(["iam:PassRole"]), resources: ref("var.job_role_arn") },
          { actions: constant(["xray:PutTraceSegments", "cloudwatch:PutMetricData"]), resources: constant(["*"]) },
        ],
      },
    },
  });
  return f;
}
