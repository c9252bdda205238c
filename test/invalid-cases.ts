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

/** A 22-character project in a 13-character environment: a 36-character name prefix. */
const longPrefix = (text: string) =>
  replace('environment = "prod"', 'environment = "preproduction"')(replace('project     = "acme-lake"', `project     = "${"p".repeat(22)}"`)(text));

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
  { name: "glue-worker-type", base: "dev", edit: replace('worker_type       = "G.1X"', 'worker_type       = "G.3X"'), path: "glue.worker_type", plan: "worker_type: must be one of" },
  { name: "glue-too-few-workers", base: "dev", edit: replace("number_of_workers = 2", "number_of_workers = 1"), path: "glue.number_of_workers", plan: "number_of_workers: must be a whole number, at least 2" },
  { name: "glue-timeout", base: "dev", edit: replace("timeout_minutes   = 60", "timeout_minutes   = 3000"), path: "glue.timeout_minutes", plan: "timeout_minutes: must be a whole number, at least 1, at most 2880" },
  { name: "glue-retries-removed", base: "dev", edit: replace("number_of_workers = 2\n", "number_of_workers = 2\n  max_retries       = 1\n"), path: "glue" },
  { name: "glue-version", base: "dev", edit: replace('glue_version      = "4.0"', 'glue_version      = "2.0"'), path: "glue.glue_version" },
  { name: "glue-new-folders-needs-log", base: "dev", edit: replace('update_behavior  = "LOG"', 'update_behavior  = "UPDATE_IN_DATABASE"'), path: "glue.crawler.recrawl_behavior", plan: "AWS accepts CRAWL_NEW_FOLDERS_ONLY only with update_behavior and delete_behavior both LOG" },
  { name: "glue-recrawl-event-mode", base: "dev", edit: replace('recrawl_behavior = "CRAWL_NEW_FOLDERS_ONLY"', 'recrawl_behavior = "CRAWL_EVENT_MODE"'), path: "glue.crawler.recrawl_behavior" },
  { name: "source-crawler-schedule", base: "dev", edit: replace('crawler_schedule = "cron(0 2 * * ? *)"', 'crawler_schedule = "daily"'), path: "sources.source-system-a.crawler_schedule", plan: "crawler_schedule: must be an AWS cron(minutes hours day-of-month month day-of-week year)" },
  { name: "source-ingestion", base: "dev", edit: replace('ingestion        = "batch"\n    format           = "json"', 'ingestion        = "ftp"\n    format           = "json"'), path: "sources.source-system-a.ingestion", plan: 'ingestion: must be one of "batch", "stream"' },
  { name: "source-stream-without-settings", base: "dev", edit: replace('    stream    = { mode = "ON_DEMAND" }\n', ""), path: "sources.api-integrations.stream", plan: "stream sources need stream settings, and batch sources must not have them" },
  { name: "source-batch-with-stream", base: "dev", edit: replace('format           = "csv"', 'format           = "csv"\n    stream           = { mode = "ON_DEMAND" }'), path: "sources.source-system-b.stream" },
  { name: "source-provisioned-without-shards", base: "prod", edit: replace('mode = "PROVISIONED", shard_count = 4', 'mode = "PROVISIONED"'), path: "sources.api-integrations.stream.shard_count", plan: "PROVISIONED streams need shard_count; ON_DEMAND streams must not set it" },
  { name: "source-on-demand-with-shards", base: "dev", edit: replace('mode = "ON_DEMAND" }', 'mode = "ON_DEMAND", shard_count = 2 }'), path: "sources.api-integrations.stream.shard_count" },
  { name: "source-too-many-shards", base: "prod", edit: replace("shard_count = 4", "shard_count = 501"), path: "sources.api-integrations.stream.shard_count", plan: "shard_count: must be a whole number, at least 1, at most 500" },
  { name: "source-bad-name", base: "dev", edit: replace("  source-system-b = {", "  Source_B = {"), path: "sources.Source_B", plan: "sources: every key must match" },
  { name: "source-range-without-bound", base: "dev", edit: replace('ranges        = [{ column = "revenue", min = 0 }]', 'ranges        = [{ column = "revenue" }]'), path: "sources.source-system-a.quality.ranges", plan: "each range needs min or max, and min must not exceed max" },
  { name: "source-range-inverted", base: "dev", edit: replace('{ column = "revenue", min = 0 }', '{ column = "revenue", min = 10, max = 5 }'), path: "sources.source-system-a.quality.ranges" },
  { name: "source-bad-column", base: "dev", edit: replace('not_null      = ["id", "order_date"]', 'not_null      = ["id", "order date"]'), path: "sources.source-system-a.quality.not_null[1]" },
  { name: "source-stream-with-schedule", base: "dev", edit: replace('    stream    = { mode = "ON_DEMAND" }', '    stream    = { mode = "ON_DEMAND" }\n    crawler_schedule = "cron(0 3 * * ? *)"'), path: "sources.api-integrations.crawler_schedule", plan: "only batch sources have a crawler schedule" },
  { name: "lf-no-admins", base: "dev", edit: replace(/admins {11}= \[[^\]]*\]/, "admins           = []"), path: "lake_formation.admins", plan: "admins: must have at least 1 items" },
  { name: "lf-admin-not-arn", base: "dev", edit: replace('"arn:aws:iam::111111111111:role/DataPlatformAdmin"', '"DataPlatformAdmin"'), path: "lake_formation.admins[0]", plan: "admins[*]: must be a string matching" },
  { name: "lf-permission-model", base: "dev", edit: replace('permission_model = "HYBRID"', 'permission_model = "GLUE"'), path: "lake_formation.permission_model", plan: "permission_model: must be one of" },
  { name: "lf-unknown-classification", base: "dev", edit: replace('raw       = "confidential"', 'raw       = "secret"'), path: "lake_formation.zone_classification", plan: "every zone's classification must be one of classifications" },
  { name: "lf-analyst-zone", base: "dev", edit: replace('analyst_zones = ["curated"]', 'analyst_zones = ["temp"]'), path: "lake_formation.analyst_zones[0]" },
  { name: "streaming-buffer-size", base: "dev", edit: replace("buffering_size_mb          = 5", "buffering_size_mb          = 200"), path: "streaming.buffering_size_mb", plan: "buffering_size_mb: must be a whole number, at least 1, at most 128" },
  { name: "streaming-buffer-interval", base: "dev", edit: replace("buffering_interval_seconds = 60", "buffering_interval_seconds = 1000"), path: "streaming.buffering_interval_seconds", plan: "buffering_interval_seconds: must be a whole number, at least 0, at most 900" },
  { name: "streaming-retention", base: "dev", edit: replace("retention_hours            = 24", "retention_hours            = 10"), path: "streaming.retention_hours", plan: "retention_hours: must be a whole number, at least 24" },
  { name: "athena-cutoff", base: "dev", edit: replace("bytes_scanned_cutoff_per_query = 10737418240", "bytes_scanned_cutoff_per_query = 1000"), path: "athena.bytes_scanned_cutoff_per_query", plan: "bytes_scanned_cutoff_per_query: must be a whole number, at least 10485760" },
  { name: "athena-engine", base: "dev", edit: replace('engine_version                 = "Athena engine version 3"', 'engine_version                 = "v2"'), path: "athena.engine_version" },
  { name: "orchestration-schedule", base: "dev", edit: replace('schedule           = "cron(0 3 * * ? *)"', 'schedule           = "every day"'), path: "orchestration.pipelines.daily-orders.schedule", plan: "schedule: must be an AWS cron(minutes hours" },
  { name: "orchestration-rate", base: "dev", edit: replace('schedule           = "cron(0 3 * * ? *)"', 'schedule           = "rate(0 hours)"'), path: "orchestration.pipelines.daily-orders.schedule" },
  { name: "orchestration-retry-interval", base: "dev", edit: replace("interval_seconds = 30", "interval_seconds = 0"), path: "orchestration.retry.interval_seconds", plan: "retry.interval_seconds: must be a whole number, at least 1, at most 3600" },
  { name: "orchestration-retry-attempts", base: "dev", edit: replace("max_attempts     = 1", "max_attempts     = 11"), path: "orchestration.retry.max_attempts", plan: "retry.max_attempts: must be a whole number, at least 0, at most 10" },
  { name: "orchestration-backoff", base: "dev", edit: replace("backoff_rate     = 2", "backoff_rate     = 0.5"), path: "orchestration.retry.backoff_rate", plan: "retry.backoff_rate: must be at least 1, at most 10" },
  { name: "orchestration-log-level", base: "dev", edit: replace(/log_level( +)= "ALL"/, 'log_level$1= "DEBUG"'), path: "orchestration.log_level" },
  { name: "orchestration-crawl-stream-source", base: "dev", edit: replace('crawl_source       = "source-system-a"', 'crawl_source       = "api-integrations"'), path: "orchestration.pipelines.daily-orders.crawl_source", plan: "must name a batch source (one with a crawler)" },
  { name: "orchestration-pipeline-sources", base: "dev", edit: replace('sources            = ["source-system-a", "source-system-b", "api-integrations"]', 'sources            = ["source-system-a", "source-system-b", "api-integrations", "nope"]'), path: "orchestration.pipelines.daily-orders.sources", plan: "must name sources declared in `sources`." },
  { name: "orchestration-max-records-per-file", base: "prod", edit: replace('crawl_source       = "source-system-a"', 'crawl_source       = "source-system-a"\n      max_records_per_file = 0'), path: "orchestration.pipelines.daily-orders.max_records_per_file", plan: "max_records_per_file: must be a whole number, at least 1" },
  { name: "orchestration-crawler-poll", base: "dev", edit: replace(/timeout_seconds( +)= (\d+)/, "timeout_seconds$1= $2\n  crawler_poll_seconds = 1"), path: "orchestration.crawler_poll_seconds", plan: "crawler_poll_seconds: must be a whole number, at least 5, at most 3600" },
  { name: "quality-not-future-column", base: "prod", edit: replace('not_null      = ["id", "order_date"]', 'not_null      = ["id", "order_date"]\n      not_future    = ["order date"]'), path: "sources.source-system-a.quality.not_future[0]" },
  { name: "orchestration-entry-point", base: "dev", edit: replace('entry_point        = "etl/transform.py"', 'entry_point        = "transform.sh"'), path: "orchestration.pipelines.daily-orders.entry_point" },
  { name: "orchestration-window", base: "dev", edit: replace('first_window_start = "2026-01-01T00:00:00Z"', 'first_window_start = "yesterday"'), path: "orchestration.pipelines.daily-orders.first_window_start", plan: "first_window_start: must be a string matching" },
  { name: "monitoring-period", base: "dev", edit: replace(/alarm_period_seconds( +)= 300/, "alarm_period_seconds$1= 90"), path: "monitoring.alarm_period_seconds", plan: "alarm_period_seconds: must be a whole number, at least 60, at most 86400, a multiple of 60" },
  { name: "monitoring-evaluation-periods", base: "dev", edit: replace(/alarm_evaluation_periods( +)= 1/, "alarm_evaluation_periods$1= 0"), path: "monitoring.alarm_evaluation_periods" },
  { name: "monitoring-freshness", base: "dev", edit: replace("delivery_freshness_seconds    = 1800", "delivery_freshness_seconds    = 30"), path: "monitoring.thresholds.delivery_freshness_seconds", plan: "thresholds.delivery_freshness_seconds: must be a whole number, at least 60" },
  { name: "monitoring-iterator-age", base: "dev", edit: replace("iterator_age_ms               = 600000", "iterator_age_ms               = 10"), path: "monitoring.thresholds.iterator_age_ms" },
  { name: "monitoring-failed-threshold", base: "dev", edit: replace("pipeline_executions_failed    = 1", "pipeline_executions_failed    = 0"), path: "monitoring.thresholds.pipeline_executions_failed", plan: "thresholds.pipeline_executions_failed: must be a whole number, at least 1" },
  { name: "monitoring-budget", base: "dev", edit: replace("monthly_limit_usd        = 300", "monthly_limit_usd        = 0"), path: "monitoring.budget.monthly_limit_usd", plan: "budget.monthly_limit_usd: must be greater than 0" },
  { name: "monitoring-budget-thresholds", base: "dev", edit: replace("alert_thresholds_percent = [80, 100]", "alert_thresholds_percent = []"), path: "monitoring.budget.alert_thresholds_percent" },
  { name: "monitoring-email", base: "dev", edit: replace('"data-platform-alerts@example.com"', '"not-an-email"'), path: "monitoring.alert_emails[0]", plan: "alert_emails[*]: must be an email address" },
  { name: "account-id", base: "dev", edit: replace('account_id  = "111111111111"', 'account_id  = "1111"'), path: "account_id" },
  { name: "region", base: "dev", edit: replace('region      = "eu-west-1"', 'region      = "Europe"'), path: "region" },

  // Values that pass a loose check but fail at plan or apply: AWS's own formats and limits.
  { name: "name-prefix-too-long", base: "prod", edit: (t) => replace('environment = "prod"', `environment = "${"e".repeat(30)}"`)(replace('project     = "acme-lake"', `project     = "${"p".repeat(10)}"`)(t)), path: "environment", plan: `environment: with project, it makes the name prefix <project>-<environment>, which must be at most 40 characters. Got: ${"p".repeat(10)}-${"e".repeat(30)} (41 characters).` },
  { name: "name-firehose-too-long", base: "prod", edit: (t) => longPrefix(t).replace("  api-integrations = {", `  ${"s".repeat(30)} = {`), path: `sources.${"s".repeat(30)}`, plan: "the Firehose delivery stream name {prefix}-{key} must be at most 64 characters" },
  { name: "name-glue-role-too-long", base: "prod", edit: (t) => longPrefix(t).replace("  source-system-b = {", `  ${"b".repeat(30)} = {`), path: `sources.${"b".repeat(30)}`, plan: "the IAM role name {prefix}-glue-{key} must be at most 64 characters" },
  { name: "name-sfn-role-too-long", base: "prod", edit: (t) => longPrefix(t).replace("    daily-orders = {", `    ${"o".repeat(30)} = {`), path: `orchestration.pipelines.${"o".repeat(30)}`, plan: "the IAM role name {prefix}-sfn-{key} must be at most 64 characters" },
  { name: "emr-initial-executors-zero", base: "prod", edit: replace("executor_count = 2", "executor_count = 0"), path: "emr.initial_capacity.executor_count", plan: "initial_capacity.executor_count: must be a whole number, at least 1" },
  { name: "lf-duplicate-analyst", base: "dev", edit: replace('analyst_roles = ["arn:aws:iam::111111111111:role/DataAnalyst"]', 'analyst_roles = ["arn:aws:iam::111111111111:role/DataAnalyst", "arn:aws:iam::111111111111:role/DataAnalyst"]'), path: "lake_formation.analyst_roles", plan: "analyst_roles: must not list the same value twice" },
  { name: "lf-admin-bad-partition", base: "prod", edit: replace('"arn:aws:iam::222222222222:role/DataAnalyst"', '"arn:awsj:iam::222222222222:role/DataAnalyst"'), path: "lake_formation.analyst_roles[0]", plan: "analyst_roles[*]: must be a string matching" },
  { name: "lf-duplicate-admin", base: "dev", edit: replace(/admins( +)= \[("[^"]+")/, "admins$1= [$2, $2"), path: "lake_formation.admins", plan: "admins: must not list the same value twice" },
  { name: "lf-classification-too-long", base: "dev", edit: replace('classifications  = ["public",', `classifications  = ["${"c".repeat(300)}", "public",`), path: "lake_formation.classifications[0]", plan: "classifications[*]: must be a string matching" },
  { name: "storage-days-over-int32", base: "dev", edit: replace("expiration_days = 180", "expiration_days = 3000000000"), path: "storage.zones.raw.expiration_days", plan: "expiration_days: must be a whole number, at least 1, at most 2147483647" },
  { name: "region-unknown", base: "dev", edit: replace('region      = "eu-west-1"', 'region      = "eu-west-9"'), path: "region", plan: "region: must be one of" },
  { name: "tag-value-too-long", base: "dev", edit: replace('Owner      = "data-platform-team"', `Owner      = "${"v".repeat(257)}"`), path: "tags.Owner", plan: "tags" },
  { name: "tag-key-too-long", base: "dev", edit: replace("Owner      =", `${"K".repeat(129)} =`), path: `tags.${"K".repeat(129)}` },
  { name: "tag-key-aws-prefix", base: "dev", edit: replace("Owner      =", '"aws:owner" ='), path: "tags.aws:owner" },
  { name: "tags-too-many", base: "dev", edit: replace("tags = {\n", `tags = {\n${Array.from({ length: 48 }, (_, i) => `  T${i} = "x"\n`).join("")}`), path: "tags" },
  { name: "project-xn", base: "dev", edit: replace('project     = "acme-lake"', 'project     = "xn--lake"'), path: "project" },
  { name: "backend-double-dot", base: "dev", edit: replace('bucket = "acme-terraform-state-dev"', 'bucket = "acme..state"'), path: "backend.bucket" },
  { name: "backend-ip", base: "dev", edit: replace('bucket = "acme-terraform-state-dev"', 'bucket = "192.168.1.1"'), path: "backend.bucket" },
  { name: "backend-s3alias", base: "dev", edit: replace('bucket = "acme-terraform-state-dev"', 'bucket = "acme-state-s3alias"'), path: "backend.bucket" },
  { name: "cron-out-of-range", base: "dev", edit: replace('crawler_schedule = "cron(0 2 * * ? *)"', 'crawler_schedule = "cron(99 99 * * ? *)"'), path: "sources.source-system-a.crawler_schedule", plan: "crawler_schedule: must be an AWS cron" },
  { name: "cron-letters", base: "dev", edit: replace('schedule           = "cron(0 3 * * ? *)"', 'schedule           = "cron(a b c d e f)"'), path: "orchestration.pipelines.daily-orders.schedule", plan: "schedule: must be an AWS cron" },
  { name: "cron-both-days", base: "dev", edit: replace('schedule           = "cron(0 3 * * ? *)"', 'schedule           = "cron(0 3 * * * *)"'), path: "orchestration.pipelines.daily-orders.schedule", plan: "schedule: must be an AWS cron" },
  { name: "rate-plural-one", base: "dev", edit: replace('schedule           = "cron(0 3 * * ? *)"', 'schedule           = "rate(1 hours)"'), path: "orchestration.pipelines.daily-orders.schedule", plan: "schedule: must be an AWS cron" },
  { name: "timezone-unknown", base: "dev", edit: replace('timezone           = "UTC"', 'timezone           = "Mars/Olympus"'), path: "orchestration.pipelines.daily-orders.timezone" },
  { name: "timestamp-out-of-range", base: "dev", edit: replace('first_window_start = "2026-01-01T00:00:00Z"', 'first_window_start = "2026-13-45T25:61:61Z"'), path: "orchestration.pipelines.daily-orders.first_window_start", plan: "first_window_start: must be a string matching" },
  { name: "timestamp-no-such-day", base: "dev", edit: replace('first_window_start = "2026-01-01T00:00:00Z"', 'first_window_start = "2026-02-30T00:00:00Z"'), path: "orchestration.pipelines.daily-orders.first_window_start" },
  { name: "emr-release-not-serverless", base: "dev", edit: replace('release_label        = "emr-7.5.0"', 'release_label        = "emr-5.36.0"'), path: "emr.release_label", plan: "release_label: must be a string matching" },
  { name: "storage-glacier-too-soon-after-ia", base: "prod", edit: replace('{ days = 90, storage_class = "GLACIER" }', '{ days = 45, storage_class = "GLACIER" }'), path: "storage.zones.raw.transitions", plan: "a transition after STANDARD_IA or ONEZONE_IA must come at least 30 days after it" },
  { name: "monitoring-datapoints-over-periods", base: "prod", edit: replace(/alarm_datapoints_to_alarm = 1/, "alarm_datapoints_to_alarm = 3"), path: "monitoring.alarm_datapoints_to_alarm", plan: "alarm_datapoints_to_alarm: must not exceed alarm_evaluation_periods" },
  { name: "monitoring-missing-data", base: "dev", edit: replace('treat_missing_data        = "notBreaching"', 'treat_missing_data        = "zero"'), path: "monitoring.treat_missing_data", plan: "treat_missing_data: must be one of" },
  { name: "orchestration-timeout", base: "dev", edit: replace(/timeout_seconds( +)= 7200/, "timeout_seconds$1= 30"), path: "orchestration.timeout_seconds", plan: "timeout_seconds: must be a whole number, at least 60" },
  { name: "orchestration-retry-all-errors", base: "prod", edit: replace('"SNS.InternalErrorException",\n    ]', '"States.ALL",\n    ]'), path: "orchestration.retry.errors", plan: "Unknown: States.ALL" },
  { name: "orchestration-retry-unknown-error", base: "prod", edit: replace('"Glue.InternalServiceException",', '"SSM.ThrottlingException",'), path: "orchestration.retry.errors", plan: "Unknown: SSM.ThrottlingException" },
  { name: "orchestration-source-unprocessed", base: "dev", edit: replace('sources            = ["source-system-a", "source-system-b", "api-integrations"]', 'sources            = ["source-system-a", "source-system-b"]'), path: "sources.api-integrations", plan: "Unprocessed: api-integrations" },
  { name: "orchestration-raw-only-processed", base: "dev", edit: replace('    ingestion        = "batch"\n    format           = "csv"', '    ingestion        = "batch"\n    raw_only         = true\n    format           = "csv"'), path: "sources.source-system-b.raw_only", plan: "Both: source-system-b" },
  { name: "orchestration-tasks-outlast-execution", base: "prod", edit: replace("timeout_seconds = 28800", "timeout_seconds = 14400"), path: "orchestration.timeout_seconds", plan: "Tasks: 26220 s" },
  { name: "orchestration-retry-no-errors", base: "dev", edit: replace("backoff_rate     = 2\n", "backoff_rate     = 2\n    errors           = []\n"), path: "orchestration.retry.errors", plan: "retry.errors: must have at least 1 items" },
  { name: "orchestration-no-notification-emails", base: "dev", edit: replace(/notification_emails = \[[^\]]*\]/, "notification_emails = []"), path: "orchestration.notification_emails", plan: "notification_emails: must have at least 1 items" },
  { name: "monitoring-lookback-over-a-day", base: "prod", edit: (t) => replace(/alarm_evaluation_periods( +)= 2/, "alarm_evaluation_periods$1= 25")(replace(/alarm_period_seconds( +)= 300/, "alarm_period_seconds$1= 3600")(t)), path: "monitoring.alarm_evaluation_periods", plan: "alarm_period_seconds × alarm_evaluation_periods must not exceed 86400 seconds" },
];

/** Cases whose problem is a syntax error, reported as FILE:LINE:COL. */
export const SYNTAX_CASES: { name: string; base: "dev"; edit: (t: string) => string; at: string; reason: RegExp }[] = [
  { name: "syntax-bad-unicode-escape", base: "dev", edit: replace('project     = "acme-lake"', 'project     = "acme\\uZZZZ"'), at: ":3:20", reason: /hex digits/ },
  { name: "syntax-missing-comma", base: "dev", edit: replace("driver               = { cpu = 2, memory_gb = 8 }", "driver               = { cpu = 2 memory_gb = 8 }"), at: ":", reason: /comma or a new line/ },
  { name: "syntax-heredoc-template", base: "dev", edit: replace('project     = "acme-lake"', "project     = <<EOT\nacme-${var.x}\nEOT"), at: ":4:6", reason: /template sequences/ },
  { name: "syntax-too-precise", base: "dev", edit: replace("number_of_workers = 2", "number_of_workers = 2.0000000000000001"), at: ":", reason: /significant digits/ },
  { name: "syntax-interpolation", base: "dev", edit: replace('project     = "acme-lake"', 'project     = "${var.name}"'), at: ":3:16", reason: /interpolation is not allowed/ },
  { name: "syntax-unclosed", base: "dev", edit: replace("emr = {", "emr = {{"), at: ":", reason: /expected/ },
];
