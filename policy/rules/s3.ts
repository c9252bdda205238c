/** S3: encryption, versioning, public access, ownership, TLS, logging and lifecycle meaning. */
import { setButUnknown } from "../plan";
import { type Condition, type Principal, policyStatements, type Statement } from "../statements";
import { at, type Rule, unknownAt } from "../rule";
import { buckets, isNew, isTemporary, isTransient, logTargets, name, rulesOf, sseDefault, unknownAtPath } from "./s3-buckets";

/** Algorithms S3 accepts for default encryption. */
const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];
const IA_CLASSES = ["STANDARD_IA", "ONEZONE_IA"];
/** S3's transition waterfall: an object only moves down it. */
const CLASS_ORDER = ["STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"];

export const s3Rules: Rule[] = [
  {
    id: "LG-S3-001",
    title: "S3 default encryption names an algorithm S3 applies",
    severity: "high",
    guards: "access",
    rationale:
      "Since January 2023 S3 encrypts every new object with SSE-S3 when a bucket sets nothing, so a missing configuration is not a " +
      "gap; a rule without an algorithm S3 accepts fails at apply or leaves the bucket on the default unnoticed.",
    fix:
      'Set apply_server_side_encryption_by_default { sse_algorithm = "aws:kms" } with the lake\'s key (LG-S3-002), or AES256 for ' +
      "log buckets.",
    equivalents: { checkov: ["CKV_AWS_19"], trivy: ["AVD-AWS-0088"] },
    check: (m) =>
      buckets(m).flatMap((b) => {
        const sse = b.one("aws_s3_bucket_server_side_encryption_configuration");
        if (!sse || setButUnknown(sse, "rule")) return [];
        // A key created in the same plan leaves only the key unknown; an unknown block or algorithm cannot be judged.
        if (unknownAtPath(sse, ["rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm"])) {
          return [unknownAt(b.bucket, "the default encryption's algorithm is known only at apply.")];
        }
        const algorithm = sseDefault(sse)?.sse_algorithm;
        if (algorithm === undefined && sseDefault(sse)) return [];
        return typeof algorithm === "string" && SSE_ALGORITHMS.includes(algorithm)
          ? []
          : [
              at(
                b.bucket,
                `The encryption configuration sets ${algorithm === undefined ? "no algorithm" : `"${algorithm}"`}, not one of ` +
                  `${SSE_ALGORITHMS.join(", ")}.`,
              ),
            ];
      }),
  },
  {
    id: "LG-S3-002",
    title: "S3 bucket encrypts with a customer-managed KMS key",
    severity: "high",
    guards: "access",
    rationale:
      "SSE-KMS with your own key lets you control and audit access to the data and revoke it. A bucket with no encryption " +
      "configuration gets SSE-S3, which does not.",
    fix:
      'Add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = "aws:kms" and kms_master_key_id set to a ' +
      "customer-managed key. Log buckets that receive S3 access logs are exempt: S3 requires SSE-S3 there.",
    equivalents: { checkov: ["CKV_AWS_145"], trivy: ["AVD-AWS-0132"] },
    check: (m) => {
      const targets = logTargets(m);
      return buckets(m).flatMap((b) => {
        if (targets.has(b.bucket.address + b.bucket.file)) return [];
        const sse = b.one("aws_s3_bucket_server_side_encryption_configuration");
        if (!sse) return [at(b.bucket, "No encryption configuration: S3's default, SSE-S3, without a customer-managed key.")];
        if (setButUnknown(sse, "rule") || unknownAtPath(sse, ["rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm"])) {
          return [unknownAt(b.bucket, "the default encryption is known only at apply.")];
        }
        const def = sseDefault(sse);
        if (!def) return []; // a rule without a default is LG-S3-001's
        const key = def.kms_master_key_id;
        const kms = String(def.sse_algorithm ?? "").startsWith("aws:kms");
        const keyUnset = key === undefined ? false : !key || String(key).startsWith("alias/aws/");
        return kms && !keyUnset
          ? []
          : [at(b.bucket, `Default encryption is ${def.sse_algorithm ?? "unset"} without a customer-managed key.`)];
      });
    },
  },
  {
    id: "LG-S3-003",
    title: "SSE-KMS bucket uses an S3 Bucket Key",
    severity: "low",
    rationale: "Bucket keys cut KMS requests, and their cost, by up to 99% for SSE-KMS buckets.",
    fix: "Set bucket_key_enabled = true in the encryption rule.",
    check: (m) =>
      buckets(m).flatMap((b) => {
        const sse = b.one("aws_s3_bucket_server_side_encryption_configuration");
        const def = sseDefault(sse);
        if (!def || !String(def.sse_algorithm ?? "").startsWith("aws:kms")) return [];
        return sse?.values.rule?.[0]?.bucket_key_enabled === true ? [] : [at(b.bucket, "SSE-KMS without a bucket key.")];
      }),
  },
  {
    id: "LG-S3-004",
    title: "S3 bucket keeps object versions",
    severity: "medium",
    guards: "data-loss",
    prodSeverity: "high",
    rationale:
      "Versioning recovers data after an accidental overwrite or delete. Buckets whose objects all expire within 30 days hold " +
      "transient data and are exempt.",
    fix: 'Add an aws_s3_bucket_versioning with status = "Enabled".',
    equivalents: { checkov: ["CKV_AWS_21"], trivy: ["AVD-AWS-0090"] },
    check: (m) =>
      buckets(m).flatMap((b) => {
        if (isTransient(b.one("aws_s3_bucket_lifecycle_configuration"))) return [];
        if (unknownAtPath(b.one("aws_s3_bucket_versioning"), ["versioning_configuration", 0, "status"])) {
          return [unknownAt(b.bucket, "the versioning status is known only at apply.")];
        }
        const status = b.one("aws_s3_bucket_versioning")?.values?.versioning_configuration?.[0]?.status;
        return status === "Enabled" || (b.one("aws_s3_bucket_versioning") && status === undefined)
          ? []
          : [at(b.bucket, `Versioning is ${status ?? "not configured"}.`)];
      }),
  },
  {
    id: "LG-S3-005",
    title: "S3 bucket blocks all public access",
    severity: "high",
    guards: "access",
    rationale: "All four public-access-block settings keep a policy or ACL mistake from exposing the lake.",
    fix:
      "Add an aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls and " +
      "restrict_public_buckets all true.",
    equivalents: { checkov: ["CKV2_AWS_6"], trivy: ["AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093"] },
    check: (m) =>
      buckets(m).flatMap((b) => {
        const block = b.one("aws_s3_bucket_public_access_block");
        const pab = block?.values;
        const flags = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;
        const unknown = flags.filter((f) => block && pab?.[f] === undefined && setButUnknown(block, f));
        const off = flags.filter((f) => pab?.[f] !== true && !unknown.includes(f));
        if (!off.length && unknown.length) return [unknownAt(b.bucket, `${unknown.join(", ")} known only at apply.`)];
        return off.length
          ? [at(b.bucket, pab ? `Public access is not blocked: ${off.join(", ")}.` : "The bucket has no public access block.")]
          : [];
      }),
  },
  {
    id: "LG-S3-006",
    title: "S3 bucket enforces bucket-owner object ownership",
    severity: "medium",
    guards: "access",
    prodSeverity: "high",
    rationale:
      "BucketOwnerEnforced disables ACLs, so access is decided by policies alone. S3 sets it on every bucket created since April " +
      "2023; an existing bucket without the setting in the plan may still use ACLs.",
    fix:
      'Add an aws_s3_bucket_ownership_controls with object_ownership = "BucketOwnerEnforced", or leave it out on a bucket this ' +
      "configuration creates.",
    equivalents: { checkov: ["CKV2_AWS_65"] },
    check: (m) =>
      buckets(m).flatMap((b) => {
        const controls = b.one("aws_s3_bucket_ownership_controls");
        if (!controls && isNew(b.bucket)) return [];
        const own = controls?.values?.rule?.[0]?.object_ownership;
        if (
          controls &&
          own === undefined &&
          (setButUnknown(controls, "rule") || unknownAtPath(controls, ["rule", 0, "object_ownership"]))
        ) {
          return [unknownAt(b.bucket, "object ownership is known only at apply.")];
        }
        return own === "BucketOwnerEnforced" ? [] : [at(b.bucket, `Object ownership is ${own ?? "not configured on an existing bucket"}.`)];
      }),
  },
  {
    id: "LG-S3-007",
    title: "S3 bucket policy denies requests without TLS",
    severity: "high",
    guards: "access",
    rationale: "Without a deny on aws:SecureTransport = false, clients can read and write the lake over plain HTTP.",
    fix:
      "Attach a bucket policy with a Deny statement to every principal, on s3:*, for the bucket and its objects (arn and arn/*), " +
      "when aws:SecureTransport is false, with no other condition. A deny of some actions, or one that exempts some callers, leaves the " +
      "rest open over plain HTTP.",
    equivalents: { checkov: ["CKV_AWS_379"] },
    check: (m) =>
      buckets(m).flatMap((b) => {
        const policy = b.one("aws_s3_bucket_policy");
        const statements = policy ? policyStatements(m, policy) : [];
        if (statements === undefined)
          return [unknownAt(b.bucket, "the bucket policy is known only at apply, so its TLS deny cannot be read.")];
        return statements.some(deniesPlainHttp) ? [] : [at(b.bucket, "No bucket policy denies requests without TLS.")];
      }),
  },
  {
    id: "LG-S3-008",
    title: "S3 bucket logs access",
    severity: "medium",
    prodSeverity: "high",
    rationale: "Server access logs show who read or changed which object, for audits and incident response.",
    fix: "Add an aws_s3_bucket_logging that delivers to the log bucket. The log bucket itself is exempt.",
    equivalents: { checkov: ["CKV_AWS_18"], trivy: ["AVD-AWS-0089"] },
    check: (m) => {
      const targets = logTargets(m);
      return buckets(m)
        .filter((b) => !targets.has(b.bucket.address + b.bucket.file) && !b.one("aws_s3_bucket_logging"))
        .map((b) => at(b.bucket, "The bucket has no access logging."));
    },
  },
  {
    id: "LG-S3-009",
    title: "S3 bucket has a lifecycle configuration",
    severity: "medium",
    rationale: "Without lifecycle rules, every object stays in S3 Standard forever: the brief's cost plan needs tiering and expiry.",
    fix: "Add an aws_s3_bucket_lifecycle_configuration for the bucket.",
    equivalents: { checkov: ["CKV2_AWS_61"] },
    check: (m) =>
      buckets(m)
        .filter((b) => rulesOf(b.one("aws_s3_bucket_lifecycle_configuration")).length === 0)
        .map((b) => at(b.bucket, "The bucket has no enabled lifecycle rule.")),
  },
  {
    id: "LG-S3-010",
    title: "S3 lifecycle aborts incomplete multipart uploads",
    severity: "medium",
    rationale: "Parts of abandoned uploads are billed until they are removed, and are invisible in listings.",
    fix: "Add abort_incomplete_multipart_upload { days_after_initiation = N } to a lifecycle rule.",
    equivalents: { checkov: ["CKV_AWS_300"] },
    check: (m) =>
      buckets(m).flatMap((b) => {
        const rules = rulesOf(b.one("aws_s3_bucket_lifecycle_configuration"));
        if (rules.length === 0) return [];
        return rules.some((r) => (r.abort_incomplete_multipart_upload ?? []).length > 0)
          ? []
          : [at(b.bucket, "No lifecycle rule aborts incomplete multipart uploads.")];
      }),
  },
  {
    id: "LG-S3-011",
    title: "S3 lifecycle transitions respect AWS's rules",
    severity: "high",
    rationale:
      "S3 rejects IA transitions before 30 days, and transitions must go down the storage-class waterfall and before expiration; a " +
      "broken rule fails at apply or never moves data.",
    fix:
      "Make STANDARD_IA/ONEZONE_IA transitions at least 30 days after creation, order transitions by days down STANDARD_IA → " +
      "INTELLIGENT_TIERING → ONEZONE_IA → GLACIER_IR → GLACIER → DEEP_ARCHIVE, and expire after the last transition.",
    check: (m) =>
      buckets(m).flatMap((b) =>
        rulesOf(b.one("aws_s3_bucket_lifecycle_configuration")).flatMap((r) => {
          const ts = (r.transition ?? [])
            .flatMap(({ days, storage_class }) => (typeof days === "number" ? [{ days, storage_class: storage_class ?? "" }] : []))
            .sort((x, y) => x.days - y.days);
          const problems: string[] = [];
          for (const t of ts)
            if (IA_CLASSES.includes(t.storage_class) && t.days < 30) problems.push(`${t.storage_class} after ${t.days} days (minimum 30)`);
          for (let i = 1; i < ts.length; i++) {
            if (ts[i].days === ts[i - 1].days) problems.push(`two transitions on day ${ts[i].days}`);
            if (CLASS_ORDER.indexOf(ts[i].storage_class) <= CLASS_ORDER.indexOf(ts[i - 1].storage_class)) {
              problems.push(`${ts[i - 1].storage_class} then ${ts[i].storage_class}`);
            }
          }
          const exp = r.expiration?.[0]?.days;
          if (typeof exp === "number" && ts.length && exp <= ts[ts.length - 1].days)
            problems.push(`expiration on day ${exp}, not after the last transition`);
          return problems.length ? [at(b.bucket, `Lifecycle rule ${r.id ?? ""}: ${problems.join("; ")}.`)] : [];
        }),
      ),
  },
  {
    id: "LG-S3-012",
    title: "Temporary data expires",
    severity: "medium",
    rationale: "Scratch and staging data left behind grows the bill and keeps data past its purpose.",
    fix:
      "Add a lifecycle rule with expiration { days = N } to buckets tagged Zone = temp (or tmp, temporary, scratch) " +
      "or Temporary = true.",
    check: (m) =>
      buckets(m)
        .filter((b) => isTemporary(b.bucket))
        .filter((b) => !rulesOf(b.one("aws_s3_bucket_lifecycle_configuration")).some((r) => (r.expiration ?? []).some((e) => e.days)))
        .map((b) => at(b.bucket, `Temporary bucket ${name(b.bucket).trim()} has no expiration.`)),
  },
  {
    id: "LG-S3-013",
    title: "Noncurrent object versions expire",
    severity: "low",
    rationale: "With versioning on, every overwrite keeps the old version, billed until it expires.",
    fix: "Add noncurrent_version_expiration { noncurrent_days = N } to a lifecycle rule.",
    check: (m) =>
      buckets(m).flatMap((b) => {
        const status = b.one("aws_s3_bucket_versioning")?.values?.versioning_configuration?.[0]?.status;
        if (status !== "Enabled") return [];
        return rulesOf(b.one("aws_s3_bucket_lifecycle_configuration")).some((r) => (r.noncurrent_version_expiration ?? []).length > 0)
          ? []
          : [at(b.bucket, "Versioned bucket without noncurrent version expiration.")];
      }),
  },
  {
    id: "LG-S3-014",
    title: "S3 bucket can be force-destroyed",
    severity: "low",
    guards: "data-loss",
    prodSeverity: "high",
    rationale:
      "force_destroy lets terraform destroy delete a bucket with all its objects. Fine for a dev sandbox, never for production data.",
    fix: "Set force_destroy = false (lakegen refuses it in prod).",
    check: (m) =>
      m.managed("aws_s3_bucket").flatMap((b) => {
        if (b.values?.force_destroy === true) return [at(b, "force_destroy is true.")];
        return b.values?.force_destroy === undefined && setButUnknown(b, "force_destroy")
          ? [unknownAt(b, "force_destroy is known only at apply.")]
          : [];
      }),
  },
];

/** A deny to everyone, of every S3 action, on the bucket and its objects, whenever the request is not over TLS. */
function deniesPlainHttp(s: Statement): boolean {
  if (String(s.effect) !== "Deny") return false;
  const everyone = (s.principals as Principal[]).some((p) => p.type === "*" || p.ids.includes("*"));
  const everyAction = (s.actions as string[]).some((a) => a === "*" || a === "s3:*");
  const r = s.resources as string[];
  // Resources written as references are not known at plan time: the actions and the condition still are.
  const bucketAndObjects =
    r.includes("*") || r.includes("<reference>") || (r.some((x) => !x.includes("/")) && r.some((x) => x.endsWith("/*")));
  const conditions = s.conditions as Condition[];
  const isPlainHttp = (c: Condition) => c.operator === "Bool" && c.key === "aws:SecureTransport" && c.values.includes("false");
  // Any further condition narrows the deny: the requests it leaves out (the account's roles, an endpoint) may use plain HTTP.
  return everyone && everyAction && bucketAndObjects && conditions.some(isPlainHttp) && conditions.every(isPlainHttp);
}
