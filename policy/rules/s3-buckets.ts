/**
 * S3 buckets as the S3 rules read them: each bucket joined to its split resources
 * (encryption, versioning, lifecycle…) through the configuration, the legacy inline
 * blocks where the configuration writes them, and what a bucket's tags and rules mean.
 */
import type { AwsS3Bucket, AwsS3BucketLifecycleConfiguration, AwsValues } from "../aws-values";
import { asObject } from "../../lib/json";
import { type PlanModel, type PlanResource, type ValuesOf } from "../plan";
import { isUnknown } from "../plan-json";

/** Zones that hold transient data, as the Zone tag names them. */
const TEMPORARY_ZONES = new Set(["temp", "tmp", "temporary", "scratch"]);

/** The split resources of a bucket that rules read through its view. */
type SplitType = Exclude<Extract<keyof AwsValues, `aws_s3_bucket_${string}`>, "aws_s3_bucket">;

export interface BucketView {
  bucket: PlanResource<"aws_s3_bucket">;
  one<T extends SplitType>(type: T): PlanResource<T> | undefined;
}

/**
 * The legacy inline blocks of aws_s3_bucket (provider 3.x style) stand in for
 * the split resources, but only where the configuration writes them: the
 * provider fills them from AWS's defaults otherwise.
 */
const INLINE: { [T in SplitType]?: (values: AwsS3Bucket) => ValuesOf<T> | undefined } = {
  aws_s3_bucket_server_side_encryption_configuration: (v) => {
    const rule = v?.server_side_encryption_configuration?.[0]?.rule;
    return rule ? { rule } : undefined;
  },
  aws_s3_bucket_versioning: (v) => {
    const inline = v?.versioning?.[0];
    return inline ? { versioning_configuration: [{ status: inline.enabled ? "Enabled" : "Suspended" }] } : undefined;
  },
  aws_s3_bucket_lifecycle_configuration: (v) => {
    const rules = v?.lifecycle_rule ?? [];
    if (!rules.length) return undefined;
    return {
      rule: rules.map((r) => ({
        id: r.id,
        status: r.enabled === false ? "Disabled" : "Enabled",
        expiration: (r.expiration ?? []).map((e) => ({ days: e.days, date: e.date })),
        noncurrent_version_expiration: (r.noncurrent_version_expiration ?? []).map((n) => ({ noncurrent_days: n.days })),
        transition: r.transition ?? [],
        abort_incomplete_multipart_upload: r.abort_incomplete_multipart_upload_days
          ? [{ days_after_initiation: r.abort_incomplete_multipart_upload_days }]
          : [],
      })),
    };
  },
};
const INLINE_KEY: { [T in SplitType]?: keyof AwsS3Bucket } = {
  aws_s3_bucket_server_side_encryption_configuration: "server_side_encryption_configuration",
  aws_s3_bucket_versioning: "versioning",
  aws_s3_bucket_lifecycle_configuration: "lifecycle_rule",
};

/** Thirteen rules walk the buckets: build each view once per plan. */
const VIEWS = new WeakMap<PlanModel, BucketView[]>();

/** Each bucket with its split resources, joined through configuration references. */
export function buckets(model: PlanModel): BucketView[] {
  // Read through managed() every time, cached or not, so each S3 rule is recorded as checking the buckets.
  const all = model.managed("aws_s3_bucket");
  const cached = VIEWS.get(model);
  if (cached) return cached;
  const views = all.map((bucket): BucketView => {
    const key = bucket.address + bucket.file;
    const found = new Map<string, PlanResource | undefined>();
    const lookup = <T extends SplitType>(type: T): PlanResource<T> | undefined => {
      const split = model.splitByBucket(type).get(key)?.[0] as PlanResource<T> | undefined;
      const inline = INLINE[type] as ((values: AwsS3Bucket) => ValuesOf<T> | undefined) | undefined;
      const written = INLINE_KEY[type];
      if (split || !inline || !written || !bucket.config?.expressions?.[written]) return split;
      const values = inline(bucket.values);
      return values ? { ...bucket, type, values } : undefined;
    };
    return {
      bucket,
      one: <T extends SplitType>(type: T) => {
        if (!found.has(type)) found.set(type, lookup(type));
        return found.get(type) as PlanResource<T> | undefined;
      },
    };
  });
  VIEWS.set(model, views);
  return views;
}

/** Buckets that receive S3 server access logs, which S3 can only deliver with SSE-S3. */
export function logTargets(model: PlanModel): Set<string> {
  const out = new Set<string>();
  for (const l of model.ofType("aws_s3_bucket_logging")) {
    const target = model.bucketOf(l, "target_bucket");
    if (target) out.add(target.address + target.file);
  }
  return out;
}

type LifecycleRule = NonNullable<AwsS3BucketLifecycleConfiguration["rule"]>[number];
export const rulesOf = (lc: PlanResource<"aws_s3_bucket_lifecycle_configuration"> | undefined): LifecycleRule[] =>
  (lc?.values?.rule ?? []).filter((r) => r.status !== "Disabled");
export const name = (b: PlanResource): string => `${b.values?.bucket ?? ""} ${b.index ?? ""}`;
/** Temporary by its tags, never by a word in its name: the environment (`staging`) is part of every name. */
export const isTemporary = (b: PlanResource) => {
  const tags = asObject(b.values?.tags_all ?? b.values?.tags);
  return TEMPORARY_ZONES.has(String(tags.Zone ?? tags.zone ?? "").toLowerCase()) || String(tags.Temporary ?? "").toLowerCase() === "true";
};
/** A bucket this plan creates starts with S3's defaults: SSE-S3, BucketOwnerEnforced (since 2023). */
export const isNew = (b: PlanResource) => b.actions.includes("create");
/** A bucket whose current objects all expire within 30 days holds transient data. */
export const isTransient = (lc: PlanResource<"aws_s3_bucket_lifecycle_configuration"> | undefined) =>
  rulesOf(lc).some((r) => (r.expiration ?? []).some((e) => typeof e.days === "number" && e.days <= 30));
export const sseDefault = (sse: PlanResource<"aws_s3_bucket_server_side_encryption_configuration"> | undefined) =>
  sse?.values?.rule?.[0]?.apply_server_side_encryption_by_default?.[0];

/** Whether a nested value is unknown at plan: after_unknown marks it, or a block that holds it, true. */
export const unknownAtPath = (res: PlanResource | undefined, path: (string | number)[]): boolean => isUnknown(res?.unknown, ...path);
