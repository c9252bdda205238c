import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { TerraformLocal, Token } from "cdktf";
import { addDynamicBlock, forEachOf } from "../../lib/iterate";
import { defineModule, type ModuleStack } from "../../lib/module";
import { addStatements } from "./policy-statements";
import { BUCKETS_HCL, storageRules, storageSchema } from "./schema";
import { example } from "./example";
import { wires, wiring } from "./wiring";

/** What changes or retires the key; its use (Decrypt, GenerateDataKey, CreateGrant) is not here. */
const KEY_ADMINISTRATION = [
  "kms:PutKeyPolicy",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:DisableKey",
  "kms:EnableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKeyRotation",
  "kms:UpdateKeyDescription",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:CreateAlias",
  "kms:UpdateAlias",
  "kms:DeleteAlias",
  "kms:RotateKeyOnDemand",
];

export const dataLakeStorage = defineModule({
  name: "data-lake-storage",
  tfvarsKey: "storage",
  summary:
    "The lake's buckets: raw, processed and curated zones, a temp (scratch) zone, an artifacts bucket for job scripts and a log bucket. " +
    "One KMS key with rotation encrypts the zones (SSE-KMS with bucket keys). Every bucket has versioning " +
    "settings, a public access block, BucketOwnerEnforced ownership, a TLS-only policy, access logging and " +
    "a lifecycle configuration driven by the inputs.",
  notes: `## Layout of the zones

| zone | prefix convention | format |
|---|---|---|
| raw | \`<source>/YYYY/MM/DD/\` | as received (JSON, CSV, XML or Parquet, each source's \`format\`) |
| processed | \`<source>/year=YYYY/month=MM/day=DD/\` (Hive partitions) | Parquet with Snappy, 128 MB–1 GB files |
| curated | \`analytics/\`, \`ml-features/\`, \`reports/\` | Parquet |
| temp | free-form; objects expire | any |

The log bucket holds S3 server access logs under \`s3-access/<zone>/\` and job logs under
\`emr-serverless/\`. S3 can only deliver access logs to a bucket encrypted with SSE-S3, so the log
bucket uses AES256 rather than the lake's KMS key.

The KMS key policy lets the account grant the key's use through IAM, but only \`key_admins\` (the lake's
Lake Formation admins, which include the role that runs Terraform) and the account's root user may
administer it: change its policy, disable it or schedule its deletion. It lets CloudWatch Logs in this
region encrypt log groups with it, and lets EventBridge, CloudWatch alarms and AWS Budgets of this
account publish to SNS topics encrypted with it.`,
  keySettings: (s) =>
    `zones ${Object.keys(s.zones).join(", ")}; force_destroy ${s.force_destroy}; ` +
    (s.kms_key_arn ? "the team's own KMS key" : `KMS deletion window ${s.kms_deletion_window_days} days`) +
    (Object.keys(s.existing_buckets).length ? `; existing buckets used unmanaged: ${Object.keys(s.existing_buckets).join(", ")}` : ""),
  schema: storageSchema,
  rules: storageRules,
  wiring,
  context: ["name_prefix", "environment", "account_id", "tags"],
  wires,
  example,
  build: buildStorage,
});

function buildStorage(m: ModuleStack<typeof storageSchema>): void {
  const account = m.str("account_id");
  lakeKey(m, account);
  const zones = storageBuckets(m);
  const zoneIds = forEachOf("local.buckets");
  const guards = bucketGuards(m, zoneIds);
  const versioning = bucketVersioning(m, zones, zoneIds);
  bucketLifecycles(m, zones, versioning);
  bucketPolicies(m, account, zoneIds, guards);
  storageOutputs(m);
}

/** The log bucket's own settings exist only when lakegen manages it (it is not in existing_buckets). */
const LOGS = "aws_s3_bucket.logs[0]";
const ifLogsManaged = () => ({ count: Token.asNumber("${local.log_bucket_count}") });

/**
 * A bucket's own attribute, as aws_s3_bucket.this[each.key]: each setting names its bucket so, and
 * lakegen check and Checkov alike join it to its bucket.
 */
const ofBucket = (attr: string) => `\${aws_s3_bucket.this[each.key].${attr}}`;

/** The lake's KMS key (its policy, the key and its alias), unless the team brings its own (kms_key_arn). */
function lakeKey(m: ModuleStack<typeof storageSchema>, account: string): void {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const region = new DataAwsRegion(m, "current");

  new TerraformLocal(m, "key_count", `\${${m.expr("kms_key_arn")} == null ? 1 : 0}`);
  const ifKeyCreated = { count: Token.asNumber("${local.key_count}") };
  new TerraformLocal(m, "kms_key_arn", `\${${m.expr("kms_key_arn")} != null ? ${m.expr("kms_key_arn")} : one(aws_kms_key.lake[*].arn)}`);
  new TerraformLocal(
    m,
    "kms_key_id",
    `\${${m.expr("kms_key_arn")} != null ? element(split("/", ${m.expr("kms_key_arn")}), 1) : one(aws_kms_key.lake[*].key_id)}`,
  );

  const keyPolicy = new DataAwsIamPolicyDocument(m, "key_policy", {
    ...ifKeyCreated,
    statement: [
      {
        sid: "AccountAdministersKeyThroughIam",
        principals: [{ type: "AWS", identifiers: [`arn:aws:iam::${account}:root`] }],
        actions: ["kms:*"],
        resources: ["*"],
      },
      {
        // IAM may grant the key's use, but only the key admins (and the root user, so the key can never
        // become unmanageable) may change or retire it: a role whose IAM policy says kms:* cannot.
        sid: "OnlyKeyAdminsAdministerKey",
        effect: "Deny",
        principals: [{ type: "AWS", identifiers: ["*"] }],
        actions: KEY_ADMINISTRATION,
        resources: ["*"],
        condition: [
          {
            test: "ArnNotLike",
            variable: "aws:PrincipalArn",
            values: Token.asList(`\${length(var.key_admins) == 0 ? ["*"] : concat(var.key_admins, ["arn:aws:iam::${account}:root"])}`),
          },
        ],
      },
      {
        sid: "CloudWatchLogsEncryptsLogGroups",
        principals: [{ type: "Service", identifiers: [`logs.${region.id}.amazonaws.com`] }],
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        condition: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [`arn:aws:logs:${region.id}:${account}:log-group:*`],
          },
        ],
      },
      {
        sid: "AlertingServicesUseEncryptedTopics",
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com", "cloudwatch.amazonaws.com", "budgets.amazonaws.com"] }],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }],
      },
    ],
  });
  addStatements(keyPolicy, m.expr("key_policy_statements"), '["*"]');
  new KmsKey(m, "lake", {
    ...ifKeyCreated,
    description: `${prefix} data lake`,
    enableKeyRotation: true,
    deletionWindowInDays: m.num("kms_deletion_window_days"),
    policy: "${data.aws_iam_policy_document.key_policy[0].json}",
    tags,
  });
  new KmsAlias(m, "aws_kms_alias.lake", { ...ifKeyCreated, name: `alias/${prefix}-lake`, targetKeyId: "${aws_kms_key.lake[0].key_id}" });
}

/** The bucket names, the log bucket, and a bucket per zone and for the artifacts. */
function storageBuckets(m: ModuleStack<typeof storageSchema>): ReturnType<typeof forEachOf> {
  const tags = m.map("tags");
  const existing = m.expr("existing_buckets");
  // Generated names, or the team's own (bucket_names): every bucket below takes its name from here.
  new TerraformLocal(
    m,
    "bucket_names",
    `\${{ for b in ${BUCKETS_HCL} : b => lookup(${m.expr("bucket_names")}, b, ` +
      `"\${${m.expr("name_prefix")}}-\${b}\${${m.expr("bucket_name_suffix")}}") }}`,
  );
  // The log bucket, or the existing one the team names: its name and ARN for every bucket that logs to it.
  new TerraformLocal(m, "log_bucket_count", `\${contains(keys(${existing}), "logs") ? 0 : 1}`);
  new S3Bucket(m, "logs", {
    ...ifLogsManaged(),
    bucket: '${local.bucket_names["logs"]}',
    forceDestroy: m.bool("force_destroy"),
    tags,
  });
  new TerraformLocal(m, "log_bucket_name", `\${one(concat(aws_s3_bucket.logs[*].bucket, [for k, n in ${existing} : n if k == "logs"]))}`);
  new TerraformLocal(
    m,
    "log_bucket_arn",
    `\${one(concat(aws_s3_bucket.logs[*].arn, [for k, n in ${existing} : "arn:aws:s3:::\${n}" if k == "logs"]))}`,
  );
  // The zone buckets plus the artifacts bucket (job scripts and entry points), which keeps
  // its objects: it shares the zones' settings with an empty lifecycle. An existing bucket is not among them.
  new TerraformLocal(
    m,
    "local.buckets",
    `\${{ for k, v in merge(${m.expr("zones")}, { artifacts = { versioning = true, transitions = [], expiration_days = null } }) : ` +
      `k => v if !contains(keys(${existing}), k) }}`,
  );
  const zones = forEachOf("local.buckets");
  // The Zone tag says what a bucket holds (lakegen check reads "temporary" from it, never from a name).
  new S3Bucket(m, "aws_s3_bucket.this", {
    forEach: zones,
    bucket: "${local.bucket_names[each.key]}",
    forceDestroy: m.bool("force_destroy"),
    tags: Token.asStringMap(`\${merge(${m.expr("tags")}, { Zone = each.key })}`),
  });

  return zones;
}

/** Ownership, public access and encryption of every bucket. */
function bucketGuards(m: ModuleStack<typeof storageSchema>, zoneIds: ReturnType<typeof forEachOf>) {
  // Ownership and public access for every bucket.
  const ownershipRule = { objectOwnership: "BucketOwnerEnforced" };
  new S3BucketOwnershipControls(m, "aws_s3_bucket_ownership_controls.this", {
    forEach: zoneIds,
    bucket: ofBucket("id"),
    rule: ownershipRule,
  });
  new S3BucketOwnershipControls(m, "aws_s3_bucket_ownership_controls.logs", {
    ...ifLogsManaged(),
    bucket: `\${${LOGS}.id}`,
    rule: ownershipRule,
  });
  const blockAll = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
  const publicAccess = new S3BucketPublicAccessBlock(m, "aws_s3_bucket_public_access_block.this", {
    forEach: zoneIds,
    bucket: ofBucket("id"),
    ...blockAll,
  });
  const logsPublicAccess = new S3BucketPublicAccessBlock(m, "aws_s3_bucket_public_access_block.logs", {
    ...ifLogsManaged(),
    bucket: `\${${LOGS}.id}`,
    ...blockAll,
  });

  // Encryption: the lake's KMS key with bucket keys for zones; SSE-S3 for logs (S3 access logging needs it).
  new S3BucketServerSideEncryptionConfigurationA(m, "aws_s3_bucket_server_side_encryption_configuration.this", {
    forEach: zoneIds,
    bucket: ofBucket("id"),
    rule: [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "${local.kms_key_arn}" },
        bucketKeyEnabled: true,
      },
    ],
    // S3 encrypts only with a key of the bucket's region; the team's own key may be of any.
    lifecycle: {
      precondition: [
        {
          condition: '${var.kms_key_arn == null || split(":", coalesce(var.kms_key_arn, "::::"))[3] == data.aws_region.current.id}',
          errorMessage: "kms_key_arn: the key must be in the lake's region (the region of the provider).",
        },
      ],
    },
  });
  new S3BucketServerSideEncryptionConfigurationA(m, "aws_s3_bucket_server_side_encryption_configuration.logs", {
    ...ifLogsManaged(),
    bucket: `\${${LOGS}.id}`,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
  });

  return { publicAccess, logsPublicAccess };
}

/** Versioning and access logging of every bucket. */
function bucketVersioning(
  m: ModuleStack<typeof storageSchema>,
  zones: ReturnType<typeof forEachOf>,
  zoneIds: ReturnType<typeof forEachOf>,
) {
  const zoneVersioning = new S3BucketVersioningA(m, "aws_s3_bucket_versioning.this", {
    forEach: zones,
    bucket: "${aws_s3_bucket.this[each.key].id}",
    versioningConfiguration: { status: '${each.value.versioning ? "Enabled" : "Suspended"}' },
  });
  const logsVersioning = new S3BucketVersioningA(m, "aws_s3_bucket_versioning.logs", {
    ...ifLogsManaged(),
    bucket: `\${${LOGS}.id}`,
    versioningConfiguration: { status: "Enabled" },
  });

  new S3BucketLoggingA(m, "aws_s3_bucket_logging.this", {
    forEach: zoneIds,
    bucket: ofBucket("id"),
    targetBucket: "${local.log_bucket_name}",
    targetPrefix: `s3-access/${zoneIds.key}/`,
  });

  return { zoneVersioning, logsVersioning };
}

function bucketLifecycles(
  m: ModuleStack<typeof storageSchema>,
  zones: ReturnType<typeof forEachOf>,
  { zoneVersioning, logsVersioning }: ReturnType<typeof bucketVersioning>,
): void {
  // Lifecycle: transitions and expiration per zone from the inputs; every bucket aborts
  // incomplete uploads and expires noncurrent versions.
  const lifecycle = new S3BucketLifecycleConfiguration(m, "aws_s3_bucket_lifecycle_configuration.this", {
    forEach: zones,
    bucket: "${aws_s3_bucket.this[each.key].id}",
    rule: [
      {
        id: "zone-lifecycle",
        status: "Enabled",
        filter: [{}],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: m.num("abort_incomplete_multipart_upload_days") }],
        noncurrentVersionExpiration: [{ noncurrentDays: m.num("noncurrent_version_expiration_days") }],
      },
    ],
    dependsOn: [zoneVersioning],
  });
  addDynamicBlock(lifecycle, "rule.0", "transition", "each.value.transitions", {
    days: "${transition.value.days}",
    storage_class: "${transition.value.storage_class}",
  });
  addDynamicBlock(lifecycle, "rule.0", "expiration", "each.value.expiration_days == null ? [] : [each.value.expiration_days]", {
    days: "${expiration.value}",
  });
  new S3BucketLifecycleConfiguration(m, "aws_s3_bucket_lifecycle_configuration.logs", {
    ...ifLogsManaged(),
    bucket: `\${${LOGS}.id}`,
    rule: [
      {
        id: "log-retention",
        status: "Enabled",
        filter: [{}],
        expiration: [{ days: m.num("log_expiration_days") }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: m.num("abort_incomplete_multipart_upload_days") }],
        noncurrentVersionExpiration: [{ noncurrentDays: m.num("noncurrent_version_expiration_days") }],
      },
    ],
    dependsOn: [logsVersioning],
  });
}

function bucketPolicies(
  m: ModuleStack<typeof storageSchema>,
  account: string,
  zoneIds: ReturnType<typeof forEachOf>,
  { publicAccess, logsPublicAccess }: ReturnType<typeof bucketGuards>,
): void {
  // Bucket policies: TLS only everywhere; the log bucket also admits S3's log delivery.
  const denyInsecureTransport = (arn: string) => ({
    sid: "DenyInsecureTransport",
    effect: "Deny",
    principals: [{ type: "*", identifiers: ["*"] }],
    actions: ["s3:*"],
    resources: [arn, `${arn}/*`],
    condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
  });
  const zonePolicy = new DataAwsIamPolicyDocument(m, "data.aws_iam_policy_document.this", {
    forEach: zoneIds,
    statement: [denyInsecureTransport(ofBucket("arn"))],
  });
  // The team's own statements (a producer in another account), on the bucket and its objects unless they say where.
  const extra = (bucket: string) => `lookup(${m.expr("bucket_policy_statements")}, ${bucket}, [])`;
  const orBucket = (arn: string) => `statement.value.resources != null ? statement.value.resources : [${arn}, "\${${arn}}/*"]`;
  addStatements(zonePolicy, extra("each.key"), orBucket("aws_s3_bucket.this[each.key].arn"));
  const logsPolicy = new DataAwsIamPolicyDocument(m, "data.aws_iam_policy_document.logs", {
    ...ifLogsManaged(),
    statement: [
      denyInsecureTransport(`\${${LOGS}.arn}`),
      {
        sid: "S3ServerAccessLogDelivery",
        principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
        actions: ["s3:PutObject"],
        resources: [`\${${LOGS}.arn}/s3-access/*`],
        // Only the lake's own buckets deliver here (the confused-deputy guard S3 documents for log delivery).
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
          { test: "ArnEquals", variable: "aws:SourceArn", values: Token.asList("${[for b in aws_s3_bucket.this : b.arn]}") },
        ],
      },
    ],
  });
  new S3BucketPolicy(m, "aws_s3_bucket_policy.this", {
    forEach: zoneIds,
    bucket: ofBucket("id"),
    policy: "${data.aws_iam_policy_document.this[each.key].json}",
    dependsOn: [publicAccess],
  });
  addStatements(logsPolicy, extra('"logs"'), orBucket(`${LOGS}.arn`));
  new S3BucketPolicy(m, "aws_s3_bucket_policy.logs", {
    ...ifLogsManaged(),
    bucket: `\${${LOGS}.id}`,
    policy: "${data.aws_iam_policy_document.logs[0].json}",
    dependsOn: [logsPublicAccess],
  });
}

function storageOutputs(m: ModuleStack<typeof storageSchema>): void {
  // A managed bucket's values come from its resource, so that a consumer waits for it; an existing one's from its name.
  const existing = (value: string, filter: string) => `[for k, n in ${m.expr("existing_buckets")} : ${value} if ${filter}]`;
  const zoneExisting = (value: string) =>
    `{ for k, n in ${m.expr("existing_buckets")} : k => ${value} if !contains(["artifacts", "logs"], k) }`;
  m.output(
    "bucket_names",
    "Bucket name per zone: raw, processed, curated and temp.",
    `\${merge({ for k, b in aws_s3_bucket.this : k => b.bucket if k != "artifacts" }, ${zoneExisting("n")})}`,
  );
  m.output(
    "bucket_arns",
    "Bucket ARN per zone: raw, processed, curated and temp.",
    `\${merge({ for k, b in aws_s3_bucket.this : k => b.arn if k != "artifacts" }, ${zoneExisting('"arn:aws:s3:::${n}"')})}`,
  );
  m.output(
    "artifacts_bucket_name",
    "Name of the artifacts bucket (job scripts and entry points).",
    `\${one(concat([for k, b in aws_s3_bucket.this : b.bucket if k == "artifacts"], ${existing("n", 'k == "artifacts"')}))}`,
  );
  m.output(
    "artifacts_bucket_arn",
    "ARN of the artifacts bucket.",
    `\${one(concat([for k, b in aws_s3_bucket.this : b.arn if k == "artifacts"], ${existing('"arn:aws:s3:::${n}"', 'k == "artifacts"')}))}`,
  );
  m.output("log_bucket_name", "Name of the log bucket (S3 access logs and job logs).", "${local.log_bucket_name}");
  m.output("log_bucket_arn", "ARN of the log bucket.", "${local.log_bucket_arn}");
  m.output("kms_key_arn", "ARN of the lake's KMS key: the one lakegen created, or kms_key_arn.", "${local.kms_key_arn}");
  m.output("kms_key_id", "ID of the lake's KMS key.", "${local.kms_key_id}");
  m.output(
    "lifecycle_rules",
    "Lifecycle rules per zone, as applied (none for an existing bucket).",
    '${{ for k, c in aws_s3_bucket_lifecycle_configuration.this : k => c.rule if k != "artifacts" }}',
  );
}
