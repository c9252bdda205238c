/**
 * Invalid tfvars, each made from a shipped environment by one edit, with the
 * key path lakegen must report. `plan` marks the cases Terraform must also
 * reject at plan time, with the same message.
 */
export interface InvalidCase {
  name: string;
  base: "dev" | "prod";
  edit: (text: string) => string;
  path: string;
  plan?: string;
}

const replace = (from: string | RegExp, to: string) => (text: string) => {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`edit did not apply: ${from}`);
  return out;
};

export const INVALID_CASES: InvalidCase[] = [
  { name: "emr-resource-math", base: "dev", edit: replace("max_executors        = 3", "max_executors        = 4"), path: "emr.max_executors", plan: "driver.cpu + max_executors × executor.cpu must not exceed max_capacity.cpu" },
  { name: "emr-resource-math-memory", base: "dev", edit: replace("executor             = { cpu = 2, memory_gb = 8 }", "executor             = { cpu = 2, memory_gb = 9 }"), path: "emr.max_executors", plan: "max_executors × executor.memory_gb must not exceed" },
  { name: "emr-executor-cpu", base: "dev", edit: replace("executor             = { cpu = 2,", "executor             = { cpu = 3,"), path: "emr.executor.cpu", plan: "executor.cpu: must be one of 1, 2, 4, 8, 16" },
  { name: "emr-driver-memory-range", base: "prod", edit: replace("driver               = { cpu = 4, memory_gb = 16 }", "driver               = { cpu = 4, memory_gb = 31 }"), path: "emr.driver.memory_gb", plan: "driver.memory_gb: must be a supported EMR Serverless worker size" },
  { name: "emr-memory-step", base: "prod", edit: replace("executor             = { cpu = 4, memory_gb = 16, disk_gb = 50 }", "executor             = { cpu = 8, memory_gb = 18, disk_gb = 50 }"), path: "emr.executor.memory_gb", plan: "executor.memory_gb: must be a supported EMR Serverless worker size" },
  { name: "emr-disk-range", base: "prod", edit: replace("disk_gb = 50 }", "disk_gb = 10 }"), path: "emr.executor.disk_gb", plan: "executor.disk_gb: must be a whole number, at least 20, at most 200" },
  { name: "emr-disk-math", base: "prod", edit: replace("disk_gb = 1500 }", "disk_gb = 1000 }"), path: "emr.max_executors", plan: "max_executors × executor.disk_gb must not exceed max_capacity.disk_gb" },
  { name: "emr-release-label", base: "dev", edit: replace('release_label        = "emr-7.5.0"', 'release_label        = "latest"'), path: "emr.release_label", plan: "release_label: must be a string matching" },
  { name: "emr-architecture", base: "dev", edit: replace('architecture         = "ARM64"', 'architecture         = "arm"'), path: "emr.architecture", plan: 'architecture: must be one of "ARM64", "X86_64"' },
  { name: "emr-idle-timeout", base: "dev", edit: replace("idle_timeout_minutes = 15", "idle_timeout_minutes = 0"), path: "emr.idle_timeout_minutes", plan: "idle_timeout_minutes: must be a whole number, at least 1" },
  { name: "emr-min-executors", base: "dev", edit: replace("min_executors        = 1", "min_executors        = 5"), path: "emr.min_executors", plan: "min_executors: must not exceed max_executors" },
  { name: "emr-log-retention", base: "dev", edit: replace("log_retention_days   = 14", "log_retention_days   = 15"), path: "emr.log_retention_days", plan: "log_retention_days: must be one of" },
  { name: "emr-initial-capacity", base: "prod", edit: replace("executor_count = 2", "executor_count = 30"), path: "emr.initial_capacity", plan: "driver_count × driver + executor_count × executor must fit" },
  { name: "emr-unknown-key", base: "dev", edit: replace("max_executors        = 3", "max_executors        = 3\n  max_execs = 3"), path: "emr" },
  { name: "emr-missing-release", base: "dev", edit: replace('  release_label        = "emr-7.5.0"\n', ""), path: "emr.release_label" },
  { name: "emr-capacity-type", base: "dev", edit: replace("max_capacity         = { cpu = 8,", 'max_capacity         = { cpu = "eight",'), path: "emr.max_capacity.cpu" },
  { name: "storage-ia-before-30-days", base: "prod", edit: replace('{ days = 30, storage_class = "STANDARD_IA" }', '{ days = 20, storage_class = "STANDARD_IA" }'), path: "storage.zones.raw.transitions", plan: "STANDARD_IA and ONEZONE_IA transitions must be at least 30 days after creation" },
  { name: "storage-transition-order", base: "prod", edit: replace('{ days = 90, storage_class = "GLACIER" }', '{ days = 400, storage_class = "GLACIER" }'), path: "storage.zones.raw.transitions", plan: "each transition must come later (in days) than the one before it" },
  { name: "storage-class-order", base: "prod", edit: replace('{ days = 365, storage_class = "DEEP_ARCHIVE" }', '{ days = 365, storage_class = "ONEZONE_IA" }'), path: "storage.zones.raw.transitions", plan: "storage classes must follow S3's order" },
  { name: "storage-expiration-before-transition", base: "dev", edit: replace("expiration_days = 180", "expiration_days = 20"), path: "storage.zones.raw.expiration_days", plan: "expiration must come after the last transition" },
  { name: "storage-temp-never-expires", base: "dev", edit: replace("expiration_days = 1\n", "expiration_days = null\n"), path: "storage.zones.temp.expiration_days", plan: "the temp zone must expire its objects" },
  { name: "storage-raw-unversioned", base: "dev", edit: replace("versioning      = true", "versioning      = false"), path: "storage.zones.raw.versioning", plan: "the raw zone must keep versions" },
  { name: "storage-unknown-class", base: "dev", edit: replace('storage_class = "GLACIER"', 'storage_class = "COLD"'), path: "storage.zones.raw.transitions[0].storage_class" },
  { name: "storage-kms-window", base: "dev", edit: replace("kms_deletion_window_days               = 7", "kms_deletion_window_days               = 3"), path: "storage.kms_deletion_window_days", plan: "kms_deletion_window_days: must be a whole number, at least 7, at most 30" },
  { name: "storage-abort-days", base: "dev", edit: replace("abort_incomplete_multipart_upload_days = 3", "abort_incomplete_multipart_upload_days = 0"), path: "storage.abort_incomplete_multipart_upload_days" },
  { name: "storage-missing-zone", base: "dev", edit: replace("    curated = {", "    gold = {"), path: "storage.zones.curated" },
  { name: "storage-prod-force-destroy", base: "prod", edit: replace("force_destroy                          = false", "force_destroy                          = true"), path: "storage.force_destroy", plan: "prod buckets can never be force-destroyed" },
  { name: "account-id", base: "dev", edit: replace('account_id  = "111111111111"', 'account_id  = "1111"'), path: "account_id" },
  { name: "region", base: "dev", edit: replace('region      = "eu-west-1"', 'region      = "Europe"'), path: "region" },
];

/** Cases whose problem is a syntax error, reported as FILE:LINE:COL. */
export const SYNTAX_CASES: { name: string; base: "dev"; edit: (t: string) => string; at: string; reason: RegExp }[] = [
  { name: "syntax-interpolation", base: "dev", edit: replace('project     = "acme-lake"', 'project     = "${var.name}"'), at: ":3:16", reason: /interpolation is not allowed/ },
  { name: "syntax-unclosed", base: "dev", edit: replace("emr = {", "emr = {{"), at: ":", reason: /expected/ },
];
