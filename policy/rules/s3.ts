/** S3: encryption, versioning, public access, ownership, TLS, logging and lifecycle meaning. */
import { type Condition, type Json, type PlanModel, type PlanResource, type Principal, policyStatements, setButUnknown } from "../plan";
import { accountOf, isPositive, reachOf } from "../principals";
import { at, type Rule, unknownAt } from "../rule";

/** Zones that hold transient data, as the Zone tag names them. */
const TEMPORARY_ZONES = new Set(["temp", "tmp", "temporary", "scratch"]);
/** Algorithms S3 accepts for default encryption. */
const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];
const IA_CLASSES = ["STANDARD_IA", "ONEZONE_IA"];
/** S3's transition waterfall: an object only moves down it. */
const CLASS_ORDER = ["STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"];

interface BucketView {
  bucket: PlanResource;
  one(type: string): PlanResource | undefined;
}

/**
 * The legacy inline blocks of aws_s3_bucket (provider 3.x style) stand in for
 * the split resources, but only where the configuration writes them: the
 * provider fills them from AWS's defaults otherwise.
 */
const INLINE: Record<string, (values: Json) => Json | undefined> = {
  aws_s3_bucket_server_side_encryption_configuration: (v) => {
    const rule = v?.server_side_encryption_configuration?.[0]?.rule;
    return rule ? { rule } : undefined;
  },
  aws_s3_bucket_versioning: (v) => {
    const inline = v?.versioning?.[0];
    return inline ? { versioning_configuration: [{ status: inline.enabled ? "Enabled" : "Suspended" }] } : undefined;
  },
  aws_s3_bucket_lifecycle_configuration: (v) => {
    const rules: Json[] = v?.lifecycle_rule ?? [];
    if (!rules.length) return undefined;
    return {
      rule: rules.map((r) => ({
        id: r.id,
        status: r.enabled === false ? "Disabled" : "Enabled",
        expiration: (r.expiration ?? []).map((e: Json) => ({ days: e.days, date: e.date })),
        noncurrent_version_expiration: (r.noncurrent_version_expiration ?? []).map((n: Json) => ({ noncurrent_days: n.days })),
        transition: r.transition ?? [],
        abort_incomplete_multipart_upload: r.abort_incomplete_multipart_upload_days ? [{ days_after_initiation: r.abort_incomplete_multipart_upload_days }] : [],
      })),
    };
  },
};
const INLINE_KEY: Record<string, string> = {
  aws_s3_bucket_server_side_encryption_configuration: "server_side_encryption_configuration",
  aws_s3_bucket_versioning: "versioning",
  aws_s3_bucket_lifecycle_configuration: "lifecycle_rule",
};

/** Thirteen rules walk the buckets: build each view once per plan. */
const VIEWS = new WeakMap<PlanModel, BucketView[]>();

/** Each bucket with its split resources, joined through configuration references. */
function buckets(model: PlanModel): BucketView[] {
  // Read through managed() every time, cached or not, so each S3 rule is recorded as checking the buckets.
  const all = model.managed("aws_s3_bucket");
  const cached = VIEWS.get(model);
  if (cached) return cached;
  const views = all.map((bucket): BucketView => {
    const key = bucket.address + bucket.file;
    const found = new Map<string, PlanResource | undefined>();
    const lookup = (type: string): PlanResource | undefined => {
      const split = model.splitByBucket(type).get(key)?.[0];
      if (split || !INLINE[type] || !bucket.config?.expressions?.[INLINE_KEY[type]]) return split;
      const values = INLINE[type](bucket.values);
      return values ? { ...bucket, type, values } : undefined;
    };
    return {
      bucket,
      one: (type) => {
        if (!found.has(type)) found.set(type, lookup(type));
        return found.get(type);
      },
    };
  });
  VIEWS.set(model, views);
  return views;
}

/** Buckets that receive S3 server access logs, which S3 can only deliver with SSE-S3. */
function logTargets(model: PlanModel): Set<string> {
  const out = new Set<string>();
  for (const l of model.ofType("aws_s3_bucket_logging")) {
    const target = model.bucketOf(l, "target_bucket");
    if (target) out.add(target.address + target.file);
  }
  return out;
}

const rulesOf = (lc: PlanResource | undefined): Json[] => (lc?.values?.rule ?? []).filter((r: Json) => r.status !== "Disabled");
const name = (b: PlanResource): string => `${b.values?.bucket ?? ""} ${b.index ?? ""}`;
/** Temporary by its tags, never by a word in its name: the environment (`staging`) is part of every name. */
const isTemporary = (b: PlanResource) => {
  const tags: Json = b.values?.tags_all ?? b.values?.tags ?? {};
  return TEMPORARY_ZONES.has(String(tags.Zone ?? tags.zone ?? "").toLowerCase()) || String(tags.Temporary ?? "").toLowerCase() === "true";
};
/** A bucket this plan creates starts with S3's defaults: SSE-S3, BucketOwnerEnforced (since 2023). */
const isNew = (b: PlanResource) => b.actions.includes("create");
/** A bucket whose current objects all expire within 30 days holds transient data. */
const isTransient = (lc: PlanResource | undefined) =>
  rulesOf(lc).some((r) => (r.expiration ?? []).some((e: Json) => typeof e.days === "number" && e.days <= 30));
const sseDefault = (sse: PlanResource | undefined): Json => sse?.values?.rule?.[0]?.apply_server_side_encryption_by_default?.[0];

/** Whether a nested value is unknown at plan: after_unknown marks it, or a block that holds it, true. */
export function unknownAtPath(res: PlanResource | undefined, path: (string | number)[]): boolean {
  let at: Json = res?.unknown;
  for (const key of path) {
    if (at === true) return true;
    at = at?.[key];
  }
  return at === true;
}

/** Objects kept fewer days than this outside a temporary zone are lost before anyone notices a mistake. */
export const MIN_RETENTION_DAYS = 365;
/** Noncurrent versions kept fewer days than this cannot undo an overwrite or delete found at the next monthly review. */
export const MIN_NONCURRENT_DAYS = 30;

/** Days until a lifecycle rule's expiration removes current objects: a date counts as now. */
const expiresAfter = (r: Json): number | undefined => {
  const e = (r.expiration ?? [])[0];
  if (!e) return undefined;
  if (typeof e.days === "number" && e.days > 0) return e.days;
  return e.date ? 0 : undefined;
};

export const s3Rules: Rule[] = [
  {
    id: "LG-S3-001",
    title: "S3 default encryption names an algorithm S3 applies",
    severity: "high",
    guards: "access",
    rationale:
      "Since January 2023 S3 encrypts every new object with SSE-S3 when a bucket sets nothing, so a missing configuration is not a gap; a rule without an algorithm S3 accepts fails at apply or leaves the bucket on the default unnoticed.",
    fix: "Set apply_server_side_encryption_by_default { sse_algorithm = \"aws:kms\" } with the lake's key (LG-S3-002), or AES256 for log buckets.",
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
        return SSE_ALGORITHMS.includes(algorithm) ? [] : [at(b.bucket, `The encryption configuration sets ${algorithm === undefined ? "no algorithm" : `"${algorithm}"`}, not one of ${SSE_ALGORITHMS.join(", ")}.`)];
      }),
  },
  {
    id: "LG-S3-002",
    title: "S3 bucket encrypts with a customer-managed KMS key",
    severity: "high",
    guards: "access",
    rationale: "SSE-KMS with your own key lets you control and audit access to the data and revoke it. A bucket with no encryption configuration gets SSE-S3, which does not.",
    fix: "Add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = \"aws:kms\" and kms_master_key_id set to a customer-managed key. Log buckets that receive S3 access logs are exempt: S3 requires SSE-S3 there.",
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
        return kms && !keyUnset ? [] : [at(b.bucket, `Default encryption is ${def.sse_algorithm ?? "unset"} without a customer-managed key.`)];
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
        return sse!.values.rule[0].bucket_key_enabled === true ? [] : [at(b.bucket, "SSE-KMS without a bucket key.")];
      }),
  },
  {
    id: "LG-S3-004",
    title: "S3 bucket keeps object versions",
    severity: "medium",
    guards: "data-loss",
    prodSeverity: "high",
    rationale: "Versioning recovers data after an accidental overwrite or delete. Buckets whose objects all expire within 30 days hold transient data and are exempt.",
    fix: "Add an aws_s3_bucket_versioning with status = \"Enabled\".",
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
    fix: "Add an aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true.",
    equivalents: { checkov: ["CKV2_AWS_6"], trivy: ["AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093"] },
    check: (m) =>
      buckets(m).flatMap((b) => {
        const block = b.one("aws_s3_bucket_public_access_block");
        const pab = block?.values;
        const flags = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];
        const unknown = flags.filter((f) => block && pab?.[f] === undefined && setButUnknown(block, f));
        const off = flags.filter((f) => pab?.[f] !== true && !unknown.includes(f));
        if (!off.length && unknown.length) return [unknownAt(b.bucket, `${unknown.join(", ")} known only at apply.`)];
        return off.length ? [at(b.bucket, pab ? `Public access is not blocked: ${off.join(", ")}.` : "The bucket has no public access block.")] : [];
      }),
  },
  {
    id: "LG-S3-006",
    title: "S3 bucket enforces bucket-owner object ownership",
    severity: "medium",
    guards: "access",
    prodSeverity: "high",
    rationale:
      "BucketOwnerEnforced disables ACLs, so access is decided by policies alone. S3 sets it on every bucket created since April 2023; an existing bucket without the setting in the plan may still use ACLs.",
    fix: "Add an aws_s3_bucket_ownership_controls with object_ownership = \"BucketOwnerEnforced\", or leave it out on a bucket this configuration creates.",
    equivalents: { checkov: ["CKV2_AWS_65"] },
    check: (m) =>
      buckets(m).flatMap((b) => {
        const controls = b.one("aws_s3_bucket_ownership_controls");
        if (!controls && isNew(b.bucket)) return [];
        const own = controls?.values?.rule?.[0]?.object_ownership;
        if (controls && own === undefined && (setButUnknown(controls, "rule") || unknownAtPath(controls, ["rule", 0, "object_ownership"]))) {
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
    fix: "Attach a bucket policy with a Deny statement to every principal, on s3:*, for the bucket and its objects (arn and arn/*), when aws:SecureTransport is false, with no other condition. A deny of some actions, or one that exempts some callers, leaves the rest open over plain HTTP.",
    equivalents: { checkov: ["CKV_AWS_379"] },
    check: (m) =>
      buckets(m).flatMap((b) => {
        const policy = b.one("aws_s3_bucket_policy");
        const statements = policy ? policyStatements(m, policy) : [];
        if (statements === undefined) return [unknownAt(b.bucket, "the bucket policy is known only at apply, so its TLS deny cannot be read.")];
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
    rationale: "S3 rejects IA transitions before 30 days, and transitions must go down the storage-class waterfall and before expiration; a broken rule fails at apply or never moves data.",
    fix: "Make STANDARD_IA/ONEZONE_IA transitions at least 30 days after creation, order transitions by days down STANDARD_IA → INTELLIGENT_TIERING → ONEZONE_IA → GLACIER_IR → GLACIER → DEEP_ARCHIVE, and expire after the last transition.",
    check: (m) =>
      buckets(m).flatMap((b) =>
        rulesOf(b.one("aws_s3_bucket_lifecycle_configuration")).flatMap((r) => {
          const ts = [...(r.transition ?? [])].filter((t: Json) => typeof t.days === "number").sort((x: Json, y: Json) => x.days - y.days);
          const problems: string[] = [];
          for (const t of ts) if (IA_CLASSES.includes(t.storage_class) && t.days < 30) problems.push(`${t.storage_class} after ${t.days} days (minimum 30)`);
          for (let i = 1; i < ts.length; i++) {
            if (ts[i].days === ts[i - 1].days) problems.push(`two transitions on day ${ts[i].days}`);
            if (CLASS_ORDER.indexOf(ts[i].storage_class) <= CLASS_ORDER.indexOf(ts[i - 1].storage_class)) {
              problems.push(`${ts[i - 1].storage_class} then ${ts[i].storage_class}`);
            }
          }
          const exp = r.expiration?.[0]?.days;
          if (typeof exp === "number" && ts.length && exp <= ts[ts.length - 1].days) problems.push(`expiration on day ${exp}, not after the last transition`);
          return problems.length ? [at(b.bucket, `Lifecycle rule ${r.id ?? ""}: ${problems.join("; ")}.`)] : [];
        }),
      ),
  },
  {
    id: "LG-S3-012",
    title: "Temporary data expires",
    severity: "medium",
    rationale: "Scratch and staging data left behind grows the bill and keeps data past its purpose.",
    fix: "Add a lifecycle rule with expiration { days = N } to buckets tagged Zone = temp (or tmp, temporary, scratch) or Temporary = true.",
    check: (m) =>
      buckets(m)
        .filter((b) => isTemporary(b.bucket))
        .filter((b) => !rulesOf(b.one("aws_s3_bucket_lifecycle_configuration")).some((r) => (r.expiration ?? []).some((e: Json) => e.days)))
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
    id: "LG-S3-015",
    title: "A bucket has one bucket policy",
    severity: "high",
    guards: "access",
    rationale:
      "S3 keeps one policy per bucket: two aws_s3_bucket_policy resources on the same bucket overwrite each other at every apply, so the TLS deny or the narrowing of one is lost to the other, by apply order.",
    fix: "Merge the statements into the bucket's one policy (source_policy_documents of an aws_iam_policy_document), or pass them to the module that owns the bucket.",
    check: (m) =>
      buckets(m).flatMap((b) => {
        m.managed("aws_s3_bucket_policy");
        const split = m.splitByBucket("aws_s3_bucket_policy").get(b.bucket.address + b.bucket.file) ?? [];
        // The bucket's own policy argument is a policy too: with a split one beside it, each apply overwrites the other.
        const policies = [...split, ...(b.bucket.config?.expressions?.policy && split.length ? [b.bucket] : [])];
        if (policies.length < 2) return [];
        const name = b.bucket.values?.bucket ?? b.bucket.address;
        return policies.map((p) => at(p, `One of ${policies.length} policies on ${name}: ${policies.filter((o) => o !== p).map((o) => o.address).join(", ")} overwrites it at apply.`));
      }),
  },
  {
    id: "LG-S3-016",
    title: "Only temporary buckets expire current objects within a year",
    severity: "low",
    prodSeverity: "high",
    guards: "data-loss",
    rationale: `A lifecycle expiration deletes current objects for good once they are older than its days, or all of them from its date. Outside a temporary zone, fewer than ${MIN_RETENTION_DAYS} days loses data a team still needs.`,
    fix: `Keep current objects at least ${MIN_RETENTION_DAYS} days (a zone's expiration_days), or tag the bucket Zone = temp (or Temporary = true) if it holds scratch data.`,
    check: (m) =>
      buckets(m)
        .filter((b) => !isTemporary(b.bucket))
        .flatMap((b) => {
          const lc = b.one("aws_s3_bucket_lifecycle_configuration");
          if (((lc?.values?.rule ?? []) as Json[]).some((_r, i) => unknownAtPath(lc, ["rule", i, "expiration", 0, "days"]) || unknownAtPath(lc, ["rule", i, "expiration", 0, "date"]))) {
            return [unknownAt(b.bucket, "a lifecycle expiration is known only at apply.")];
          }
          const early = rulesOf(lc)
            .map((r) => [r.id, expiresAfter(r)] as const)
            .filter(([, d]) => d !== undefined && d < MIN_RETENTION_DAYS);
          return early.map(([id, d]) => at(b.bucket, `Lifecycle rule ${id ?? ""} deletes current objects ${d === 0 ? "from a date" : `after ${d} days`}, below ${MIN_RETENTION_DAYS}, on a bucket that is not temporary.`));
        }),
  },
  {
    id: "LG-S3-017",
    title: "Noncurrent versions are kept long enough to recover",
    severity: "low",
    prodSeverity: "high",
    guards: "data-loss",
    rationale: `Versioning undoes an overwrite or delete only while the old version exists: noncurrent versions kept fewer than ${MIN_NONCURRENT_DAYS} days are gone before most mistakes are noticed.`,
    fix: `Set noncurrent_version_expiration { noncurrent_days } to at least ${MIN_NONCURRENT_DAYS} (the storage module's noncurrent_version_expiration_days).`,
    check: (m) =>
      buckets(m)
        .filter((b) => !isTemporary(b.bucket))
        .flatMap((b) => {
          const lc = b.one("aws_s3_bucket_lifecycle_configuration");
          if (((lc?.values?.rule ?? []) as Json[]).some((_r, i) => unknownAtPath(lc, ["rule", i, "noncurrent_version_expiration", 0, "noncurrent_days"]))) {
            return [unknownAt(b.bucket, "a noncurrent-version expiration is known only at apply.")];
          }
          return rulesOf(lc)
            .flatMap((r) => (r.noncurrent_version_expiration ?? []).map((n: Json) => [r.id, n.noncurrent_days] as const))
            .filter(([, d]) => typeof d === "number" && d < MIN_NONCURRENT_DAYS)
            .map(([id, d]) => at(b.bucket, `Lifecycle rule ${id ?? ""} deletes noncurrent versions after ${d} days, below ${MIN_NONCURRENT_DAYS}.`));
        }),
  },
  {
    id: "LG-S3-018",
    title: "Replication, delivery and query results stay in the lake's buckets",
    severity: "high",
    guards: "access",
    rationale:
      "Replication copies every new object, and with delete markers every delete, to the destination; Firehose delivers the stream, and Athena writes query results, to the bucket they name. " +
      "A bucket in another account, or one the plan cannot place, takes the lake's data outside its access control, its keys and its Lake Formation grants.",
    fix: "Replicate, deliver and write results to a bucket this configuration manages, or name the destination account (destination.account, expected_bucket_owner) as the lake's own; or waive the finding with the data-sharing agreement as the reason.",
    check: (m) => [
      ...m.managed("aws_s3_bucket_replication_configuration").flatMap((r) => replicationFindings(m, r)),
      ...deliveryFindings(m),
      // The inline replication_configuration of aws_s3_bucket (provider 3.x style), read the same way.
      ...m.managed("aws_s3_bucket").flatMap((b) => {
        const inline: Json = b.values?.replication_configuration?.[0];
        if (!inline || !b.config?.expressions?.replication_configuration) return [];
        const rule = (inline.rules ?? []).map((r: Json) => ({ id: r.id, destination: (r.destination ?? []).map((d: Json) => ({ bucket: d.bucket, account: d.account_id })) }));
        return replicationFindings(m, { ...b, values: { rule }, config: undefined });
      }),
    ],
  },
  {
    id: "LG-S3-019",
    title: "Bucket policies name who reads and writes objects",
    severity: "high",
    guards: "access",
    rationale:
      "An Allow of object actions to Principal \"*\" narrowed only to the lake's account or organization lets every role and user there read or write the zone, " +
      "with no identity policy needed and no Lake Formation grant: in the same account a bucket policy alone allows the request.",
    fix: "Name the roles (their ARNs as principals, or aws:PrincipalArn with exact ARNs), or leave object access to identity policies and Lake Formation.",
    check: (m) =>
      m.managed("aws_s3_bucket_policy").flatMap((r) => {
        const wide = (policyStatements(m, r) ?? []).filter((s) => s.effect === "Allow" && accountWide(s, m.ownAccounts(r.file)));
        return wide.length ? [at(r, `Allows ${[...new Set(wide.flatMap((s) => s.actions as string[]))].join(", ")} to every principal of the account or organization.`)] : [];
      }),
  },
  {
    id: "LG-S3-014",
    title: "S3 bucket can be force-destroyed",
    severity: "low",
    guards: "data-loss",
    prodSeverity: "high",
    rationale: "force_destroy lets terraform destroy delete a bucket with all its objects. Fine for a dev sandbox, never for production data.",
    fix: "Set force_destroy = false (lakegen refuses it in prod).",
    check: (m) =>
      m.managed("aws_s3_bucket").flatMap((b) => {
        if (b.values?.force_destroy === true) return [at(b, "force_destroy is true.")];
        return b.values?.force_destroy === undefined && setButUnknown(b, "force_destroy") ? [unknownAt(b, "force_destroy is known only at apply.")] : [];
      }),
  },
];

/** Each replication rule whose destination is outside the lake's accounts, or cannot be told. */
function replicationFindings(m: PlanModel, r: PlanResource): ReturnType<Rule["check"]> {
  const own = m.ownAccounts(r.file);
  const managed = new Set(m.ofType("aws_s3_bucket").filter((b) => b.file === r.file).map((b) => b.values?.arn ?? `arn:aws:s3:::${b.values?.bucket}`));
  return ((r.values?.rule ?? []) as Json[]).flatMap((rule, i) => {
    const d: Json = rule.destination?.[0] ?? {};
    const where = `Rule ${rule.id ?? i} replicates to ${d.bucket ?? "a bucket known only at apply"}`;
    if (typeof d.account === "string" && d.account) {
      const account = accountOf(d.account);
      if (account && own.has(account)) return [];
      return [own.size ? at(r, `${where} in account ${d.account}, outside the lake's ${[...own].join(", ")}.`) : unknownAt(r, `${where} in account ${d.account}; no account of the lake's own is known (pass --account).`)];
    }
    if (typeof d.bucket === "string" && managed.has(d.bucket)) return [];
    // A destination written as a reference to a bucket this configuration creates.
    const refs: string[] = r.config?.expressions?.rule?.[i]?.destination?.[0]?.bucket?.references ?? [];
    if (d.bucket === undefined && refs.some((x) => /^(module\.[^.]+\.)?aws_s3_bucket\./.test(x))) return [];
    return [unknownAt(r, `${where}, a bucket this plan does not manage, with no destination account.`)];
  });
}

/** The S3 bucket an s3:// location or bucket ARN names. */
const bucketName = (where: string) => /^(?:s3:\/\/|arn:aws[a-z-]*:s3:::)([^/]+)/.exec(where)?.[1];

/** Firehose destinations and Athena result locations outside the buckets this plan manages. */
function deliveryFindings(m: PlanModel): ReturnType<Rule["check"]> {
  const judge = (r: PlanResource, what: string, where: unknown, owner: unknown): ReturnType<Rule["check"]> => {
    if (typeof where !== "string") return [];
    const name = bucketName(where);
    const own = m.ownAccounts(r.file);
    if (typeof owner === "string" && owner) {
      return own.has(owner) ? [] : [at(r, `${what} ${where}, in account ${owner}, outside the lake's.`)];
    }
    if (name && m.ofType("aws_s3_bucket").some((b) => b.file === r.file && b.values?.bucket === name)) return [];
    return [unknownAt(r, `${what} ${where}, a bucket this plan does not manage, with no owner account named.`)];
  };
  return [
    ...m.managed("aws_kinesis_firehose_delivery_stream").flatMap((r) =>
      ((r.values?.extended_s3_configuration ?? []) as Json[]).flatMap((d) => judge(r, "Delivers to", d.bucket_arn, undefined)),
    ),
    ...m.managed("aws_athena_workgroup").flatMap((r) =>
      ((r.values?.configuration?.[0]?.result_configuration ?? []) as Json[]).flatMap((c) => judge(r, "Writes query results to", c.output_location, c.expected_bucket_owner)),
    ),
  ];
}

/** Object actions a statement allows. */
const OBJECT_ACTION = /^(\*|s3:\*|s3:(Get|Put|Delete|Restore)Object[A-Za-z]*|s3:(Get|Put|Delete)\*|s3:\*Object\*)$/i;

/** Principal "*" let in by the account or organization alone, for object actions: inside, yet everyone there. */
function accountWide(s: Json, own: Set<string>): boolean {
  const anyone = (s.principals as Principal[]).some((p) => p.type === "*" || (p.type === "AWS" && p.ids.includes("*")));
  if (!anyone || !(s.actions as string[]).some((a) => OBJECT_ACTION.test(a))) return false;
  if (reachOf(s.principals, s.conditions, own).kind !== "inside") return false;
  // Named principals (exact role ARNs or ids) or a source are not "everyone".
  return !(s.conditions as Condition[]).some(
    (c) => isPositive(c) && ["aws:principalarn", "aws:userid", "aws:sourcearn", "aws:sourcevpce", "aws:sourcevpc"].includes(c.key.toLowerCase()),
  );
}

/** A deny to everyone, of every S3 action, on the bucket and its objects, whenever the request is not over TLS. */
function deniesPlainHttp(s: Json): boolean {
  if (String(s.effect) !== "Deny") return false;
  const everyone = (s.principals as Principal[]).some((p) => p.type === "*" || p.ids.includes("*"));
  const everyAction = (s.actions as string[]).some((a) => a === "*" || a === "s3:*");
  const r = s.resources as string[];
  // Resources written as references are not known at plan time: the actions and the condition still are.
  const bucketAndObjects = r.includes("*") || r.includes("<reference>") || (r.some((x) => !x.includes("/")) && r.some((x) => x.endsWith("/*")));
  const conditions = s.conditions as Condition[];
  const isPlainHttp = (c: Condition) => c.operator === "Bool" && c.key === "aws:SecureTransport" && c.values.includes("false");
  // Any further condition narrows the deny: the requests it leaves out (the account's roles, an endpoint) may use plain HTTP.
  return everyone && everyAction && bucketAndObjects && conditions.some(isPlainHttp) && conditions.every(isPlainHttp);
}
