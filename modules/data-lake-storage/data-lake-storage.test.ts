import { dataLakeStorage } from ".";
import { problemsAfter, synthModule } from "../../testkit/helpers";

describe("data-lake-storage module", () => {
  const tf = synthModule(dataLakeStorage as never);
  const r = tf.resource;

  it("ships no provider and no backend, and pins the aws provider to a range", () => {
    expect(tf.provider).toBeUndefined();
    expect(tf.terraform.backend).toBeUndefined();
    expect(tf.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: ">= 5.100, < 7.0" });
    expect(tf.terraform.required_version).toBe(">= 1.10, < 2.0");
  });

  it("creates a bucket per zone from the zones input, an artifacts bucket and a log bucket", () => {
    expect(tf.locals.buckets).toBe(
      "${{ for k, v in merge(var.zones, { artifacts = { versioning = true, transitions = [], expiration_days = null } }) : " +
        "k => v if !contains(keys(var.existing_buckets), k) }}",
    );
    expect(r.aws_s3_bucket.this.for_each).toBe("${local.buckets}");
    expect(tf.locals.bucket_names).toBe(
      '${{ for b in ["raw", "processed", "curated", "temp", "artifacts", "logs"] : b => lookup(var.bucket_names, b, ' +
        '"${var.name_prefix}-${b}${var.bucket_name_suffix}") }}',
    );
    expect(r.aws_s3_bucket.this.bucket).toBe("${local.bucket_names[each.key]}");
    expect(r.aws_s3_bucket.logs.bucket).toBe('${local.bucket_names["logs"]}');
    // An existing log bucket (existing_buckets.logs) is used, never created.
    expect(tf.locals.log_bucket_count).toBe('${contains(keys(var.existing_buckets), "logs") ? 0 : 1}');
    expect(r.aws_s3_bucket.logs.count).toBe("${local.log_bucket_count}");
    expect(r.aws_s3_bucket.this.force_destroy).toBe("${var.force_destroy}");
  });

  it("encrypts zones with one rotating KMS key and bucket keys; logs with SSE-S3", () => {
    expect(r.aws_kms_key.lake.enable_key_rotation).toBe(true);
    // The team's own key (kms_key_arn) replaces it: no key, alias or key policy is created.
    expect(tf.locals.key_count).toBe("${var.kms_key_arn == null ? 1 : 0}");
    expect([r.aws_kms_key.lake.count, r.aws_kms_alias.lake.count]).toEqual(["${local.key_count}", "${local.key_count}"]);
    expect(r.aws_kms_key.lake.deletion_window_in_days).toBe("${var.kms_deletion_window_days}");
    const zoneRule = r.aws_s3_bucket_server_side_encryption_configuration.this.rule[0];
    expect(zoneRule.bucket_key_enabled).toBe(true);
    expect(zoneRule.apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: "${local.kms_key_arn}",
    });
    expect(r.aws_s3_bucket_server_side_encryption_configuration.logs.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe(
      "AES256",
    );
  });

  it("blocks public access, enforces bucket ownership and denies plain HTTP on every bucket", () => {
    // Each setting names its bucket by key, which Checkov's graph links as lakegen check does.
    expect(r.aws_s3_bucket_public_access_block.this.for_each).toBe("${local.buckets}");
    for (const type of [
      "public_access_block",
      "ownership_controls",
      "server_side_encryption_configuration",
      "logging",
      "policy",
      "versioning",
      "lifecycle_configuration",
    ]) {
      expect([type, r[`aws_s3_bucket_${type}`].this.bucket]).toEqual([type, "${aws_s3_bucket.this[each.key].id}"]);
    }
    expect(r.aws_s3_bucket.this.tags).toBe("${merge(var.tags, { Zone = each.key })}");
    for (const pab of [r.aws_s3_bucket_public_access_block.this, r.aws_s3_bucket_public_access_block.logs]) {
      for (const flag of ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]) {
        expect(pab[flag]).toBe(true);
      }
    }
    expect(r.aws_s3_bucket_ownership_controls.this.rule.object_ownership).toBe("BucketOwnerEnforced");
    expect(r.aws_s3_bucket_ownership_controls.logs.rule.object_ownership).toBe("BucketOwnerEnforced");
    for (const doc of [tf.data.aws_iam_policy_document.this, tf.data.aws_iam_policy_document.logs]) {
      const deny = doc.statement.find((s: { sid: string }) => s.sid === "DenyInsecureTransport");
      expect(deny.effect).toBe("Deny");
      expect(deny.condition[0]).toEqual({ test: "Bool", variable: "aws:SecureTransport", values: ["false"] });
    }
  });

  it("versions zones as configured and logs access to the log bucket", () => {
    expect(r.aws_s3_bucket_versioning.this.versioning_configuration.status).toBe('${each.value.versioning ? "Enabled" : "Suspended"}');
    expect(r.aws_s3_bucket_logging.this.target_bucket).toBe("${local.log_bucket_name}");
    expect(r.aws_s3_bucket_logging.this.target_prefix).toBe("s3-access/${each.key}/");
  });

  it("drives every lifecycle day from the inputs", () => {
    const rule = r.aws_s3_bucket_lifecycle_configuration.this.rule[0];
    expect(rule.dynamic.transition.for_each).toBe("${each.value.transitions}");
    expect(rule.dynamic.transition.content).toEqual({
      days: "${transition.value.days}",
      storage_class: "${transition.value.storage_class}",
    });
    expect(rule.dynamic.expiration.content.days).toBe("${expiration.value}");
    expect(rule.abort_incomplete_multipart_upload[0].days_after_initiation).toBe("${var.abort_incomplete_multipart_upload_days}");
    expect(rule.noncurrent_version_expiration[0].noncurrent_days).toBe("${var.noncurrent_version_expiration_days}");
    expect(r.aws_s3_bucket_lifecycle_configuration.logs.rule[0].expiration[0].days).toBe("${var.log_expiration_days}");
  });

  it("declares every input as a variable with a description and a type", () => {
    for (const [name, v] of Object.entries<Record<string, string>>(tf.variable)) {
      expect([name, v.description.length > 0]).toEqual([name, true]);
      expect(v.type).toBeTruthy();
    }
    expect(Object.keys(tf.output).sort()).toEqual(
      [
        "artifacts_bucket_arn",
        "artifacts_bucket_name",
        "bucket_arns",
        "bucket_names",
        "kms_key_arn",
        "kms_key_id",
        "lifecycle_rules",
        "log_bucket_arn",
        "log_bucket_name",
      ].sort(),
    );
  });

  describe("validation", () => {
    it("accepts the shipped environments", () => {
      expect(problemsAfter(() => {})).toEqual([]);
      expect(problemsAfter(() => {}, "prod")).toEqual([]);
    });

    it("rejects a Standard-IA transition before 30 days", () => {
      expect(problemsAfter((v) => (v.storage.zones.raw.transitions = [{ days: 10, storage_class: "STANDARD_IA" }]))).toEqual([
        "storage.zones.raw.transitions: STANDARD_IA and ONEZONE_IA transitions must be at least 30 days after creation.",
      ]);
    });

    it("rejects transitions out of order, by days and by storage class", () => {
      const problems = problemsAfter(
        (v) =>
          (v.storage.zones.raw.transitions = [
            { days: 90, storage_class: "GLACIER" },
            { days: 60, storage_class: "STANDARD_IA" },
          ]),
      );
      expect(problems).toContain("storage.zones.raw.transitions: each transition must come later (in days) than the one before it.");
      expect(problems.some((p) => p.includes("storage classes must follow S3's order"))).toBe(true);
    });

    it("rejects an expiration that is not after the last transition", () => {
      expect(problemsAfter((v) => (v.storage.zones.raw.expiration_days = 30))).toEqual([
        "storage.zones.raw.expiration_days: expiration must come after the last transition.",
      ]);
    });

    it("rejects force_destroy in prod", () => {
      expect(problemsAfter((v) => (v.storage.force_destroy = true), "prod")).toEqual([
        "storage.force_destroy: prod buckets can never be force-destroyed.",
      ]);
    });

    it("requires the temp zone to expire and the raw zone to keep versions", () => {
      expect(
        problemsAfter((v) => {
          v.storage.zones.temp.expiration_days = null;
          v.storage.zones.raw.versioning = false;
        }),
      ).toEqual([
        "storage.zones.raw.versioning: the raw zone must keep versions: it holds the only copy of source data.",
        "storage.zones.temp.expiration_days: the temp zone must expire its objects.",
      ]);
    });
  });
});
