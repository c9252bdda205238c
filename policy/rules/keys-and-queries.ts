/** KMS keys and Athena workgroups: rotation, and queries that are bounded and encrypted. */
import { type PlanResource, setButUnknown, type ValuesOf } from "../plan";
import { isUnknown } from "../plan-json";
import { at, type Rule, unknownAt } from "../rule";

/** Where each type names the key that encrypts the lake's data ("*" steps into every block of a list). */
const KEY_PATHS: Record<string, string[]> = {
  aws_s3_bucket_server_side_encryption_configuration: ["rule.*.apply_server_side_encryption_by_default.*.kms_master_key_id"],
  aws_s3_bucket: ["server_side_encryption_configuration.*.rule.*.apply_server_side_encryption_by_default.*.kms_master_key_id"],
  aws_kinesis_stream: ["kms_key_id"],
  aws_kinesis_firehose_delivery_stream: ["extended_s3_configuration.*.kms_key_arn", "server_side_encryption.*.key_arn"],
  aws_sns_topic: ["kms_master_key_id"],
  aws_sqs_queue: ["kms_master_key_id"],
  aws_cloudwatch_log_group: ["kms_key_id"],
  aws_athena_workgroup: ["configuration.*.result_configuration.*.encryption_configuration.*.kms_key_arn"],
  aws_glue_security_configuration: [
    "encryption_configuration.*.s3_encryption.*.kms_key_arn",
    "encryption_configuration.*.cloudwatch_encryption.*.kms_key_arn",
    "encryption_configuration.*.job_bookmarks_encryption.*.kms_key_arn",
  ],
  aws_glue_data_catalog_encryption_settings: [
    "data_catalog_encryption_settings.*.encryption_at_rest.*.sse_aws_kms_key_id",
    "data_catalog_encryption_settings.*.connection_password_encryption.*.aws_kms_key_id",
  ],
  aws_sfn_state_machine: ["encryption_configuration.*.kms_key_id"],
  aws_secretsmanager_secret: ["kms_key_id"],
  aws_ssm_parameter: ["key_id"],
  aws_dynamodb_table: ["server_side_encryption.*.kms_key_arn"],
};

/** The strings at a path of planned values. */
function valuesAt(v: unknown, path: string[]): string[] {
  if (!path.length) return typeof v === "string" ? [v] : [];
  const [step, ...rest] = path;
  if (step === "*") return Array.isArray(v) ? v.flatMap((x) => valuesAt(x, rest)) : [];
  return v && typeof v === "object" ? valuesAt((v as Record<string, unknown>)[step], rest) : [];
}

/** KMS key and alias ARNs a resource encrypts with. */
const keyArns = (r: PlanResource): string[] =>
  (KEY_PATHS[r.type] ?? []).flatMap((p) => valuesAt(r.values, p.split("."))).filter((x) => x.startsWith("arn:aws") && x.includes(":kms:"));

const workgroupConfig = (values: ValuesOf<"aws_athena_workgroup">) => values?.configuration?.[0];

export const keyAndQueryRules: Rule[] = [
  {
    id: "LG-KMS-001",
    title: "KMS key rotates yearly",
    severity: "high",
    guards: "access",
    rationale: "The lake's key encrypts every zone, stream and log; rotation limits what one exposed key version can decrypt.",
    fix: "Set enable_key_rotation = true on the key (symmetric keys only; AWS refuses rotation on asymmetric ones).",
    equivalents: { checkov: ["CKV_AWS_7"], trivy: ["AVD-AWS-0065"] },
    check: (m) =>
      m
        .managed("aws_kms_key")
        .filter((r) => (r.values?.customer_master_key_spec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT")
        .flatMap((r) => {
          if (r.values?.enable_key_rotation === true) return [];
          return setButUnknown(r, "enable_key_rotation")
            ? [unknownAt(r, "enable_key_rotation is known only at apply.")]
            : [at(r, "Key rotation is off.")];
        }),
  },
  {
    id: "LG-KMS-002",
    title: "KMS key stays enabled",
    severity: "critical",
    guards: "data-loss",
    equivalents: { checkov: ["CKV_AWS_227"] },
    rationale:
      "A disabled key decrypts nothing: every object, stream record and log it encrypted is unreadable until someone enables it " +
      "again, and every job that writes with it fails.",
    fix: "Leave is_enabled unset or true. To retire a key, stop using it first; deleting it is LG-CHANGE-001's.",
    check: (m) =>
      m.managed("aws_kms_key").flatMap((r) => {
        if (r.values?.is_enabled === false) return [at(r, "The key is disabled (is_enabled = false).")];
        // is_enabled is never computed by the provider: unknown at plan means the configuration sets it from something unknown.
        return r.values?.is_enabled === undefined && r.unknown?.is_enabled === true
          ? [unknownAt(r, "is_enabled is known only at apply.")]
          : [];
      }),
  },
  {
    id: "LG-KMS-003",
    title: "Data is encrypted with keys of the lake's accounts",
    severity: "high",
    guards: "access",
    rationale:
      "A bucket, stream, topic, log group or query result encrypted with another account's KMS key can be read by that account, and " +
      "lost when it disables or deletes the key.",
    fix: "Encrypt with the lake's own key (the storage module's key, or one of the lake's accounts).",
    check: (m) =>
      Object.keys(KEY_PATHS)
        .flatMap((type) => m.managed(type))
        .flatMap((r) => {
          const own = m.ownAccounts(r.file);
          const foreign = [...new Set(keyArns(r))].filter((arn) => {
            const account = /^arn:aws[a-z-]*:kms:[^:]*:(\d{12}):/.exec(arn)?.[1];
            return account !== undefined && own.size > 0 && !own.has(account);
          });
          return foreign.length ? [at(r, `Encrypts with ${foreign.join(", ")}, a key of another account.`)] : [];
        }),
  },
  {
    id: "LG-ATHENA-001",
    title: "Athena workgroup enforces its configuration",
    severity: "medium",
    prodSeverity: "high",
    guards: "access",
    rationale:
      "Without enforcement, each client may choose its own result location, encryption and scan limit, and the workgroup's settings " +
      "are advice.",
    fix: "Set configuration { enforce_workgroup_configuration = true }.",
    equivalents: { checkov: ["CKV_AWS_82"] },
    check: (m) =>
      m
        .managed("aws_athena_workgroup")
        .filter((r) => workgroupConfig(r.values)?.enforce_workgroup_configuration === false)
        .map((r) => at(r, "Clients can override the workgroup's configuration.")),
  },
  {
    id: "LG-ATHENA-002",
    title: "Athena query results are encrypted with KMS",
    severity: "high",
    guards: "access",
    rationale: "Query results are copies of lake data; unencrypted or SSE-S3 results escape the lake key's access control.",
    fix:
      'Set configuration { result_configuration { encryption_configuration { encryption_option = "SSE_KMS", kms_key_arn = <the ' +
      "lake's key> } } }.",
    equivalents: { checkov: ["CKV_AWS_159"], trivy: ["AVD-AWS-0006"] },
    check: (m) =>
      m.managed("aws_athena_workgroup").flatMap((r) => {
        const option = workgroupConfig(r.values)?.result_configuration?.[0]?.encryption_configuration?.[0]?.encryption_option;
        return option === "SSE_KMS" || option === "CSE_KMS" ? [] : [at(r, `Results are encrypted with ${option ?? "nothing"}.`)];
      }),
  },
  {
    id: "LG-ATHENA-003",
    title: "Athena workgroup cuts off queries that scan too much",
    severity: "medium",
    rationale: "Athena bills per byte scanned; one unbounded query over the raw zone can cost more than a month of the platform.",
    fix: "Set configuration { bytes_scanned_cutoff_per_query = <bytes> } (at least 10 MB).",
    check: (m) =>
      m.managed("aws_athena_workgroup").flatMap((r) => {
        const cutoff = workgroupConfig(r.values)?.bytes_scanned_cutoff_per_query;
        // A whole configuration known only at apply (a dynamic block) cannot be judged; a cutoff set from a reference will be set.
        if (isUnknown(r.unknown, "configuration")) return [unknownAt(r, "the workgroup's configuration is known only at apply.")];
        const unknown = isUnknown(r.unknown, "configuration", 0, "bytes_scanned_cutoff_per_query");
        return unknown || (typeof cutoff === "number" && cutoff > 0) ? [] : [at(r, "No per-query scan cutoff.")];
      }),
  },
];
