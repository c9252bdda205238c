import { z } from "zod";
import { bucketName, INT32_MAX } from "../../lib/aws-formats";
import { bucketPolicyStatement, policyStatement, type PolicyStatement, statementRules } from "./policy-statements";
import {
  and,
  atLeast,
  attr,
  equals,
  every,
  input,
  isSet,
  lessThan,
  lookup,
  not,
  pairwise,
  plus,
  rule,
  type Rule,
  str,
  whenSet,
} from "../../lib/rules";

export const ZONES = ["raw", "processed", "curated", "temp"] as const;
/** Every bucket the module creates; each is named `<prefix>-<bucket><suffix>` unless bucket_names names it. */
export const BUCKETS = [...ZONES, "artifacts", "logs"] as const;
export const BUCKETS_HCL = `[${BUCKETS.map((b) => `"${b}"`).join(", ")}]`;
const bucketKey = z.string().regex(new RegExp(`^(${BUCKETS.join("|")})$`));
/** S3's limit on a bucket name. */
const BUCKET_NAME_MAX = 63;

/** S3's transition waterfall: an object can only move down this list. */
export const STORAGE_CLASSES = ["STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"] as const;

/** S3 refuses transitions to the IA classes earlier than 30 days after creation. */
const MIN_TRANSITION_DAYS: Record<string, number> = { STANDARD_IA: 30, ONEZONE_IA: 30 };
const CLASS_ORDER = Object.fromEntries(STORAGE_CLASSES.map((c, i) => [c, i]));

const transition = z
  .object({
    days: z.number().int().min(0).max(INT32_MAX).describe("Days after object creation."),
    storage_class: z.enum(STORAGE_CLASSES).describe("Target storage class."),
  })
  .strict();

const zone = z
  .object({
    versioning: z.boolean().default(true).describe("Keep object versions."),
    transitions: z.array(transition).max(6).default([]).describe("Storage-class transitions, in order of days."),
    expiration_days: z
      .number()
      .int()
      .min(1)
      .max(INT32_MAX)
      .nullable()
      .default(null)
      .describe("Days after creation when current objects expire; null keeps them."),
  })
  .strict();

export const storageSchema = z
  .object({
    force_destroy: z.boolean().default(false).describe("Allow `terraform destroy` to delete non-empty buckets. Never allowed in prod."),
    kms_deletion_window_days: z.number().int().min(7).max(30).default(30).describe("Waiting period before the lake's KMS key is deleted."),
    abort_incomplete_multipart_upload_days: z
      .number()
      .int()
      .min(1)
      .max(INT32_MAX)
      .default(7)
      .describe("Days after which incomplete multipart uploads are aborted, in every bucket."),
    noncurrent_version_expiration_days: z
      .number()
      .int()
      .min(1)
      .max(INT32_MAX)
      .default(30)
      .describe("Days after which noncurrent object versions expire, in every bucket."),
    log_expiration_days: z.number().int().min(1).max(INT32_MAX).default(365).describe("Days after which objects in the log bucket expire."),
    bucket_name_suffix: z
      .string()
      .regex(/^(-[a-z0-9]+)*$/)
      .max(BUCKET_NAME_MAX)
      .default("")
      .describe(
        "Added to every generated bucket name, such as `-111122223333` or `-eu-west-1`, so that names are unique across AWS. Empty " +
          "adds nothing.",
      ),
    bucket_names: z
      .record(bucketKey, bucketName())
      .default({})
      .describe(
        `Names to use instead of the generated ones, by bucket (${BUCKETS.join(", ")}): for names taken elsewhere, or an existing ` +
          `bucket lakegen is to manage from now on (import it first: docs/adopting.md).`,
      ),
    existing_buckets: z
      .record(bucketKey, bucketName())
      .default({})
      .describe(
        `Buckets another team owns that the lake uses without managing them, by bucket (${BUCKETS.join(", ")}), such as a ` +
          `central access-log bucket: lakegen creates none of their settings, policy or lifecycle, and never destroys them. ` +
          `Their owner grants what docs/adopting.md lists.`,
      ),
    kms_key_arn: z
      .string()
      .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/(mrk-)?[0-9a-f-]{32,36}$/)
      .nullable()
      .default(null)
      .describe(
        "ARN of your own KMS key, in the lake's region, to encrypt the zones with instead of a key lakegen creates. lakegen " +
          "leaves its policy and rotation to you (docs/adopting.md lists what the policy must allow). Null: lakegen creates the key.",
      ),
    bucket_policy_statements: z
      .record(bucketKey, z.array(bucketPolicyStatement).max(20))
      .default({})
      .describe(
        "Statements added to a managed bucket's policy, by bucket, beside lakegen's own (TLS only, log delivery): for a " +
          "producer or reader in another account.",
      ),
    key_policy_statements: z
      .array(policyStatement)
      .max(20)
      .default([])
      .describe("Statements added to the lake key's policy, beside lakegen's own, such as another account's use of the key."),
    zones: z
      .object({
        raw: zone.describe("Landing zone: original formats, `<source>/YYYY/MM/DD/`."),
        processed: zone.describe("Parquet with Snappy, Hive partitions `year=/month=/day=`."),
        curated: zone.describe("Business-ready datasets."),
        temp: zone.describe("Scratch space for jobs; must expire."),
      })
      .strict()
      .describe("Lifecycle of each zone bucket."),
  })
  .strict();

export type StorageInputs = z.infer<typeof storageSchema>;

/** Breaks a zone rule in the module's tests: the zone with these transitions and expiration. */
const zoneCase = (name: string, transitions: [number, string][], expiration_days: number) => (valid: Record<string, unknown>) => {
  const zones = valid.zones as Record<string, object>;
  const t = transitions.map(([days, storage_class]) => ({ days, storage_class }));
  return { zones: { ...zones, [name]: { ...zones[name], transitions: t, expiration_days } } };
};

function zoneRules(name: (typeof ZONES)[number]): Rule[] {
  const at = `zones.${name}`;
  const transitions = input<unknown[]>(`${at}.transitions`);
  const expiration = input(`${at}.expiration_days`);
  const cases = [
    zoneCase(name, [[10, "STANDARD_IA"]], 3650),
    zoneCase(
      name,
      [
        [90, "GLACIER"],
        [60, "DEEP_ARCHIVE"],
      ],
      3650,
    ),
    zoneCase(
      name,
      [
        [30, "STANDARD_IA"],
        [40, "GLACIER"],
      ],
      3650,
    ),
    zoneCase(
      name,
      [
        [30, "GLACIER"],
        [200, "STANDARD_IA"],
      ],
      3650,
    ),
    zoneCase(name, [[30, "STANDARD_IA"]], 20),
  ];
  return withCases(cases, [
    rule(
      `${at}.transitions`,
      "STANDARD_IA and ONEZONE_IA transitions must be at least 30 days after creation.",
      every(transitions, (t) => atLeast(attr(t, "days"), lookup(MIN_TRANSITION_DAYS, attr(t, "storage_class"), 0))),
    ),
    rule(
      `${at}.transitions`,
      "each transition must come later (in days) than the one before it.",
      pairwise(transitions, (a, b) => lessThan(attr(a, "days"), attr(b, "days"))),
    ),
    rule(
      `${at}.transitions`,
      "a transition after STANDARD_IA or ONEZONE_IA must come at least 30 days after it (S3's minimum stay in IA).",
      pairwise(transitions, (a, b) =>
        atLeast(attr(b, "days"), plus(attr(a, "days"), lookup(MIN_TRANSITION_DAYS, attr(a, "storage_class"), 0))),
      ),
    ),
    rule(
      `${at}.transitions`,
      `storage classes must follow S3's order: ${STORAGE_CLASSES.join(" → ")}.`,
      pairwise(transitions, (a, b) =>
        lessThan(lookup(CLASS_ORDER, attr(a, "storage_class"), 0), lookup(CLASS_ORDER, attr(b, "storage_class"), 0)),
      ),
    ),
    rule(
      `${at}.expiration_days`,
      "expiration must come after the last transition.",
      whenSet(
        expiration,
        every(transitions, (t) => lessThan(attr(t, "days"), expiration)),
      ),
    ),
  ]);
}

const withCases = (cases: Rule["counterexample"][], rules: Rule[]): Rule[] => rules.map((r, i) => ({ ...r, counterexample: cases[i] }));

/** Each bucket's name, as the module builds it: an existing bucket's, the override, or `<prefix>-<bucket><suffix>`. */
export function bucketNames(i: {
  name_prefix: string;
  bucket_name_suffix?: string;
  bucket_names?: Record<string, string>;
  existing_buckets?: Record<string, string>;
}): Record<string, string> {
  return Object.fromEntries(
    BUCKETS.map((b) => [b, i.existing_buckets?.[b] ?? i.bucket_names?.[b] ?? `${i.name_prefix}-${b}${i.bucket_name_suffix ?? ""}`]),
  );
}
/** A bucket's name in HCL, `b` an expression giving its key. */
export const bucketNameHcl = (b: string) =>
  `lookup(var.existing_buckets, ${b}, lookup(var.bucket_names, ${b}, "\${var.name_prefix}-\${${b}}\${var.bucket_name_suffix}"))`;
const BUCKET_NAMES_HCL = `[for b in ${BUCKETS_HCL} : ${bucketNameHcl("b")}]`;
type NameInputs = Parameters<typeof bucketNames>[0];

/** Generated names, overridden or not: the suffix alone decides (a validation reading bucket_names too would form a cycle). */
const generatedTooLong = (i: NameInputs) =>
  Object.values(bucketNames({ ...i, bucket_names: {}, existing_buckets: {} })).filter((n) => n.length > BUCKET_NAME_MAX);
const sharedNames = (i: NameInputs) => Object.values(bucketNames(i)).filter((n, k, all) => all.indexOf(n) !== k);
const namedAndExisting = (i: NameInputs) => Object.keys(i.bucket_names ?? {}).filter((b) => b in (i.existing_buckets ?? {}));

const bucketNameRules: Rule[] = [
  {
    path: "bucket_name_suffix",
    message:
      `with the name prefix, every generated bucket name <prefix>-<bucket><suffix> must be at most ${BUCKET_NAME_MAX} ` +
      `characters (S3's limit); shorten the suffix or the project.`,
    check: {
      evaluate: (s) => generatedTooLong(s.input as NameInputs).length === 0,
      hcl: () => `alltrue([for b in ${BUCKETS_HCL} : length("\${var.name_prefix}-\${b}\${var.bucket_name_suffix}") <= ${BUCKET_NAME_MAX}])`,
      explain: (s) => {
        const [first] = generatedTooLong(s.input as NameInputs);
        return first && `"${first}" is ${first.length} characters`;
      },
    },
    counterexample: () => ({ bucket_name_suffix: `-${"x".repeat(BUCKET_NAME_MAX - 1)}` }),
  },
  {
    path: "bucket_names",
    message: "every bucket needs a name of its own: two buckets would share one.",
    check: {
      evaluate: (s) => sharedNames(s.input as NameInputs).length === 0,
      hcl: () => `length(distinct(${BUCKET_NAMES_HCL})) == ${BUCKETS.length}`,
      explain: (s) => {
        const [first] = sharedNames(s.input as NameInputs);
        return first && `"${first}" is named twice`;
      },
    },
    counterexample: (valid) => ({
      bucket_names: { raw: "shared-lake-bucket", curated: "shared-lake-bucket" },
      name_prefix: valid.name_prefix,
    }),
  },
  {
    path: "bucket_names",
    message: "a bucket is either named here (lakegen manages it) or in existing_buckets (it does not), not both.",
    check: {
      evaluate: (s) => namedAndExisting(s.input as NameInputs).length === 0,
      hcl: () => "length(setintersection(keys(var.bucket_names), keys(var.existing_buckets))) == 0",
      explain: (s) => {
        const [first] = namedAndExisting(s.input as NameInputs);
        return first && `"${first}" is in both`;
      },
    },
    counterexample: () => ({ bucket_names: { logs: "central-access-logs" }, existing_buckets: { logs: "central-access-logs" } }),
  },
];

/** lakegen's own Sids in a bucket's policy and in the key's: an extra statement may not take one. */
export const BUCKET_POLICY_SIDS = ["DenyInsecureTransport", "S3ServerAccessLogDelivery"] as const;
export const KEY_POLICY_SIDS = [
  "AccountAdministersKeyThroughIam",
  "OnlyKeyAdminsAdministerKey",
  "CloudWatchLogsEncryptsLogGroups",
  "AlertingServicesUseEncryptedTopics",
] as const;

type AdoptionInputs = NameInputs & {
  bucket_policy_statements?: Record<string, PolicyStatement[]>;
  key_policy_statements?: PolicyStatement[];
  kms_key_arn?: string | null;
};
const statementsOnExisting = (i: AdoptionInputs) =>
  Object.keys(i.bucket_policy_statements ?? {}).filter((b) => b in (i.existing_buckets ?? {}));
/** Each extra bucket statement, with the ARN of the bucket it goes on. */
const bucketStatements = (i: AdoptionInputs) => {
  const names = bucketNames(i);
  return Object.entries(i.bucket_policy_statements ?? {}).flatMap(([b, ss]) => ss.map((s) => ({ s, arn: `arn:aws:s3:::${names[b]}` })));
};
/** A resource of a bucket's statement that is not the bucket or under it (S3 refuses the policy: "Policy has invalid resource"). */
const foreignResources = (i: AdoptionInputs) =>
  bucketStatements(i).flatMap(({ s, arn }) => (s.resources ?? []).filter((r) => r !== arn && !r.startsWith(`${arn}/`)));
/** What a statement may grant another account on a bucket: reading and writing objects, and listing them. */
const S3_DATA_ACTIONS = [
  "s3:PutObject",
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:GetObjectTagging",
  "s3:GetObjectAttributes",
  "s3:PutObjectTagging",
  "s3:DeleteObject",
  "s3:AbortMultipartUpload",
  "s3:ListMultipartUploadParts",
  "s3:ListBucket",
  "s3:ListBucketVersions",
  "s3:ListBucketMultipartUploads",
  "s3:GetBucketLocation",
];
/** The actions of S3_DATA_ACTIONS that act on the bucket; the others act on objects. */
const S3_BUCKET_ACTIONS = ["s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads", "s3:GetBucketLocation"];
/** What a statement may grant on the key: its use for data, never its administration or grants. */
const KMS_DATA_ACTIONS = [
  "kms:Decrypt",
  "kms:Encrypt",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
  "kms:DescribeKey",
];
/** An action a statement's resources do not cover: a bucket action without the bucket, an object action without an object. */
const uncovered = (i: AdoptionInputs) =>
  bucketStatements(i).flatMap(({ s, arn }) =>
    (s.resources === undefined ? [] : s.actions)
      .filter((a) => (S3_BUCKET_ACTIONS.includes(a) ? !s.resources!.includes(arn) : !s.resources!.some((r) => r.startsWith(`${arn}/`))))
      .map((a) => ({ s, a })),
  );
const producer: PolicyStatement = {
  sid: "ProducerWritesRaw",
  effect: "Allow",
  principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }],
  actions: ["s3:PutObject"],
  conditions: [],
};

const adoptionRules: Rule[] = [
  {
    path: "bucket_policy_statements",
    message: "an existing bucket's policy is its owner's: lakegen adds no statement to it; ask its owner to add yours.",
    check: {
      evaluate: (s) => statementsOnExisting(s.input as AdoptionInputs).length === 0,
      hcl: () => "length(setintersection(keys(var.bucket_policy_statements), keys(var.existing_buckets))) == 0",
      explain: (s) => {
        const [first] = statementsOnExisting(s.input as AdoptionInputs);
        return first && `"${first}" is an existing bucket`;
      },
    },
    counterexample: () => ({ existing_buckets: { logs: "central-access-logs" }, bucket_policy_statements: { logs: [producer] } }),
  },
  {
    path: "bucket_policy_statements",
    message: "a bucket's statement may only name that bucket (arn:aws:s3:::<bucket>) or objects in it (arn:aws:s3:::<bucket>/...).",
    check: {
      evaluate: (s) => foreignResources(s.input as AdoptionInputs).length === 0,
      hcl: () =>
        `alltrue(flatten([for b, l in var.bucket_policy_statements : [for s in l : [for r in (s.resources == null ? [] : s.resources) : ` +
        `r == "arn:aws:s3:::\${${bucketNameHcl("b")}}" || startswith(r, "arn:aws:s3:::\${${bucketNameHcl("b")}}/")]]]))`,
      explain: (s) => {
        const [first] = foreignResources(s.input as AdoptionInputs);
        return first && `"${first}" is outside its bucket`;
      },
    },
    counterexample: () => ({ bucket_policy_statements: { raw: [{ ...producer, resources: ["arn:aws:s3:::another-teams-bucket/*"] }] } }),
  },
  {
    path: "bucket_policy_statements",
    message:
      "a statement's resources must cover each of its actions: the bucket's ARN for " +
      `${S3_BUCKET_ACTIONS.join(", ")}, an object ARN (<bucket>/...) for the others (S3 refuses an action that applies to none).`,
    check: {
      evaluate: (s) => uncovered(s.input as AdoptionInputs).length === 0,
      hcl: () =>
        `alltrue(flatten([for b, l in var.bucket_policy_statements : [for s in l : [for a in s.actions : s.resources == null || (` +
        `contains(${JSON.stringify(S3_BUCKET_ACTIONS)}, a) ? contains(s.resources == null ? [] : s.resources, ` +
        `"arn:aws:s3:::\${${bucketNameHcl("b")}}") : anytrue([for r in (s.resources == null ? [] : s.resources) : ` +
        `startswith(r, "arn:aws:s3:::\${${bucketNameHcl("b")}}/")]))]]]))`,
      explain: (s) => {
        const [first] = uncovered(s.input as AdoptionInputs);
        return first && `statement ${first.s.sid}: ${first.a} applies to none of its resources`;
      },
    },
    counterexample: (valid) => ({
      name_prefix: valid.name_prefix,
      bucket_names: {},
      bucket_policy_statements: {
        raw: [{ ...producer, actions: ["s3:ListBucket"], resources: [`arn:aws:s3:::${valid.name_prefix}-raw/in/*`] }],
      },
    }),
  },
  ...statementRules(
    "bucket_policy_statements",
    { evaluate: (i) => Object.values((i as AdoptionInputs).bucket_policy_statements ?? {}), hcl: "values(var.bucket_policy_statements)" },
    { service: "s3", allowed: S3_DATA_ACTIONS, reserved: BUCKET_POLICY_SIDS },
    (statements) => ({ bucket_policy_statements: { raw: statements } }),
  ),
  {
    path: "key_policy_statements",
    message: "your own key's policy is yours: with kms_key_arn set, add the statements to that key's policy.",
    check: {
      evaluate: (s) => {
        const i = s.input as AdoptionInputs;
        return i.kms_key_arn == null || (i.key_policy_statements ?? []).length === 0;
      },
      hcl: () => "var.kms_key_arn == null || length(var.key_policy_statements) == 0",
    },
    counterexample: () => ({
      kms_key_arn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      key_policy_statements: [{ ...producer, actions: ["kms:Decrypt"] }],
    }),
  },
  ...statementRules(
    "key_policy_statements",
    { evaluate: (i) => [(i as AdoptionInputs).key_policy_statements ?? []], hcl: "[var.key_policy_statements]" },
    { service: "kms", allowed: KMS_DATA_ACTIONS, reserved: KEY_POLICY_SIDS },
    (statements) => ({ key_policy_statements: statements }),
  ),
  {
    path: "existing_buckets",
    message:
      "the temp zone cannot be an existing bucket: its objects (Athena results, job scratch copies of processed and curated " +
      "data) must expire, which lakegen's lifecycle ensures.",
    check: {
      evaluate: (s) => !("temp" in ((s.input as AdoptionInputs).existing_buckets ?? {})),
      hcl: () => '!contains(keys(var.existing_buckets), "temp")',
    },
    counterexample: () => ({ existing_buckets: { temp: "shared-scratch-bucket" } }),
  },
];

export const storageRules: Rule[] = [
  ...bucketNameRules,
  ...adoptionRules,
  ...ZONES.flatMap(zoneRules),
  rule(
    "zones.raw.versioning",
    "the raw zone must keep versions: it holds the only copy of source data.",
    input<boolean>("zones.raw.versioning"),
  ),
  rule("zones.temp.expiration_days", "the temp zone must expire its objects.", isSet(input("zones.temp.expiration_days"))),
  rule(
    "force_destroy",
    "prod buckets can never be force-destroyed.",
    not(and(equals(input("environment"), str("prod")), input<boolean>("force_destroy"))),
  ),
];
