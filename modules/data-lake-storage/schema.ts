import { z } from "zod";
import { INT32_MAX } from "../../lib/aws-formats";
import { and, atLeast, attr, equals, every, input, isSet, lessThan, lookup, not, pairwise, plus, rule, type Rule, str, whenSet } from "../../lib/rules";

export const ZONES = ["raw", "processed", "curated", "temp"] as const;

/** S3's transition waterfall: an object can only move down this list. */
export const STORAGE_CLASSES = [
  "STANDARD_IA",
  "INTELLIGENT_TIERING",
  "ONEZONE_IA",
  "GLACIER_IR",
  "GLACIER",
  "DEEP_ARCHIVE",
] as const;

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
    transitions: z
      .array(transition)
      .max(6)
      .default([])
      .describe("Storage-class transitions, in order of days."),
    expiration_days: z
      .number()
      .int()
      .min(1).max(INT32_MAX)
      .nullable()
      .default(null)
      .describe("Days after creation when current objects expire; null keeps them."),
  })
  .strict();

export const storageSchema = z
  .object({
    force_destroy: z
      .boolean()
      .default(false)
      .describe("Allow `terraform destroy` to delete non-empty buckets. Never allowed in prod."),
    kms_deletion_window_days: z
      .number()
      .int()
      .min(7)
      .max(30)
      .default(30)
      .describe("Waiting period before the lake's KMS key is deleted."),
    abort_incomplete_multipart_upload_days: z
      .number()
      .int()
      .min(1).max(INT32_MAX)
      .default(7)
      .describe("Days after which incomplete multipart uploads are aborted, in every bucket."),
    noncurrent_version_expiration_days: z
      .number()
      .int()
      .min(1).max(INT32_MAX)
      .default(30)
      .describe("Days after which noncurrent object versions expire, in every bucket."),
    log_expiration_days: z
      .number()
      .int()
      .min(1).max(INT32_MAX)
      .default(365)
      .describe("Days after which objects in the log bucket expire."),
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
const zoneCase =
  (name: string, transitions: [number, string][], expiration_days: number) =>
  (valid: Record<string, unknown>) => {
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
    zoneCase(name, [[90, "GLACIER"], [60, "DEEP_ARCHIVE"]], 3650),
    zoneCase(name, [[30, "STANDARD_IA"], [40, "GLACIER"]], 3650),
    zoneCase(name, [[30, "GLACIER"], [200, "STANDARD_IA"]], 3650),
    zoneCase(name, [[30, "STANDARD_IA"]], 20),
  ];
  return withCases(cases, [
    rule(
      `${at}.transitions`,
      "STANDARD_IA and ONEZONE_IA transitions must be at least 30 days after creation.",
      every(transitions, (t) =>
        atLeast(attr(t, "days"), lookup(MIN_TRANSITION_DAYS, attr(t, "storage_class"), 0)),
      ),
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
      whenSet(expiration, every(transitions, (t) => lessThan(attr(t, "days"), expiration))),
    ),
  ]);
}

const withCases = (cases: Rule["counterexample"][], rules: Rule[]): Rule[] => rules.map((r, i) => ({ ...r, counterexample: cases[i] }));

export const storageRules: Rule[] = [
  ...ZONES.flatMap(zoneRules),
  rule("zones.raw.versioning", "the raw zone must keep versions: it holds the only copy of source data.", input<boolean>("zones.raw.versioning")),
  rule("zones.temp.expiration_days", "the temp zone must expire its objects.", isSet(input("zones.temp.expiration_days"))),
  rule(
    "force_destroy",
    "prod buckets can never be force-destroyed.",
    not(and(equals(input("environment"), str("prod")), input<boolean>("force_destroy"))),
  ),
];
