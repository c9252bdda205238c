/**
 * Values AWS refuses, taken from AWS's documentation and not from lakegen's
 * schemas: each must be rejected by `lakegen validate` at its key, before a
 * plan or an apply would meet the refusal. A limit missing from a schema
 * fails here; the generated corpus (invalid-corpus.test.ts) cannot see that,
 * as it draws its values from the schemas themselves.
 */
import { checkConfig } from "../config/config";
import { readTfvars } from "../testkit/helpers";

type Tfvars = Record<string, unknown>;

interface Limit {
  /** The key as `lakegen validate` names it. */
  key: string;
  value: unknown;
  /** What AWS documents, and where. */
  aws: string;
  env?: "dev" | "prod";
}

const LOG_RETENTION =
  "CloudWatch Logs PutRetentionPolicy: retentionInDays is one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, " +
  "1827, 2192, 2557, 2922, 3288, 3653";
const CRON = "EventBridge cron expressions: one of day-of-month and day-of-week must be ?";

export const AWS_LIMITS: Limit[] = [
  { key: "account_id", value: "12345678901", aws: "IAM identifiers: an account ID is 12 digits" },
  { key: "region", value: "EU-WEST-1", aws: "Regions and zones: region codes are lowercase, e.g. eu-west-1" },
  { key: "project", value: "Acme_Lake", aws: "S3 bucket naming rules: lowercase letters, numbers, dots and hyphens only" },
  { key: "storage.kms_deletion_window_days", value: 6, aws: "KMS ScheduleKeyDeletion: PendingWindowInDays is 7 to 30" },
  { key: "storage.kms_deletion_window_days", value: 31, aws: "KMS ScheduleKeyDeletion: PendingWindowInDays is 7 to 30" },
  { key: "storage.abort_incomplete_multipart_upload_days", value: 0, aws: "S3 lifecycle: DaysAfterInitiation is a positive integer" },
  { key: "storage.zones.temp.expiration_days", value: 0, aws: "S3 lifecycle: Expiration Days is a positive integer" },
  {
    key: "storage.zones.raw.transitions[0].days",
    value: 29,
    aws: "S3 lifecycle: objects must be stored at least 30 days before a transition to STANDARD_IA",
  },
  { key: "storage.log_expiration_days", value: 0, aws: "S3 lifecycle: Expiration Days is a positive integer" },
  { key: "emr.idle_timeout_minutes", value: 0, aws: "EMR Serverless AutoStopConfig: idleTimeoutMinutes is 1 to 10080" },
  { key: "emr.idle_timeout_minutes", value: 10081, aws: "EMR Serverless AutoStopConfig: idleTimeoutMinutes is 1 to 10080" },
  { key: "emr.driver.cpu", value: 3, aws: "EMR Serverless worker configurations: 1, 2, 4, 8 or 16 vCPU" },
  { key: "emr.executor.cpu", value: 32, aws: "EMR Serverless worker configurations: 1, 2, 4, 8 or 16 vCPU" },
  { key: "emr.executor.memory_gb", value: 121, aws: "EMR Serverless worker configurations: at most 120 GB of memory" },
  { key: "emr.executor.disk_gb", value: 19, aws: "EMR Serverless worker configurations: at least 20 GB of disk" },
  { key: "emr.log_retention_days", value: 2, aws: LOG_RETENTION },
  { key: "glue.number_of_workers", value: 1, aws: "Glue CreateJob: G.1X and G.2X jobs need at least 2 workers" },
  { key: "glue.worker_type", value: "G.3X", aws: "Glue CreateJob: WorkerType is Standard, G.1X, G.2X, G.4X, G.8X, G.025X or Z.2X" },
  { key: "glue.timeout_minutes", value: 0, aws: "Glue CreateJob: Timeout is at least 1 minute" },
  { key: "glue.log_retention_days", value: 366, aws: LOG_RETENTION },
  { key: "sources.api-integrations.stream.shard_count", value: 0, aws: "Kinesis CreateStream: ShardCount is at least 1" },
  { key: "sources.source-system-a.crawler_schedule", value: "cron(0 2 * * * *)", aws: CRON },
  { key: "streaming.retention_hours", value: 23, aws: "Kinesis IncreaseStreamRetentionPeriod: 24 to 8760 hours" },
  { key: "streaming.retention_hours", value: 8761, aws: "Kinesis IncreaseStreamRetentionPeriod: 24 to 8760 hours" },
  { key: "streaming.buffering_size_mb", value: 0, aws: "Firehose BufferingHints: SizeInMBs is 1 to 128" },
  { key: "streaming.buffering_size_mb", value: 129, aws: "Firehose BufferingHints: SizeInMBs is 1 to 128" },
  { key: "streaming.buffering_interval_seconds", value: 901, aws: "Firehose BufferingHints: IntervalInSeconds is 0 to 900" },
  { key: "streaming.log_retention_days", value: 4000, aws: LOG_RETENTION },
  {
    key: "athena.bytes_scanned_cutoff_per_query",
    value: 10485759,
    aws: "Athena WorkGroupConfiguration: BytesScannedCutoffPerQuery is at least 10,485,760 (10 MB)",
  },
  { key: "orchestration.timeout_seconds", value: 0, aws: "Step Functions: TimeoutSeconds is a positive integer" },
  { key: "orchestration.timeout_seconds", value: 31536001, aws: "Step Functions quotas: a Standard execution runs at most one year" },
  { key: "orchestration.retry.interval_seconds", value: 0, aws: "Step Functions Retry: IntervalSeconds is a positive integer" },
  { key: "orchestration.retry.max_attempts", value: -1, aws: "Step Functions Retry: MaxAttempts is 0 or more" },
  { key: "orchestration.retry.backoff_rate", value: 0.5, aws: "Step Functions Retry: BackoffRate is at least 1.0" },
  { key: "orchestration.log_retention_days", value: 10, aws: LOG_RETENTION },
  { key: "orchestration.pipelines.daily-orders.schedule", value: "cron(0 3 * * * *)", aws: CRON },
  {
    key: "orchestration.pipelines.daily-orders.timezone",
    value: "Mars/Olympus_Mons",
    aws: "EventBridge Scheduler: ScheduleExpressionTimezone is an IANA time zone",
  },
  { key: "monitoring.alert_emails[0]", value: "not-an-email", aws: "SNS Subscribe: the email protocol's endpoint is an email address" },
  { key: "monitoring.alarm_period_seconds", value: 45, aws: "CloudWatch PutMetricAlarm: Period is 10, 20, 30 or a multiple of 60" },
  { key: "monitoring.alarm_evaluation_periods", value: 0, aws: "CloudWatch PutMetricAlarm: EvaluationPeriods is at least 1" },
  {
    key: "monitoring.alarm_datapoints_to_alarm",
    value: 3,
    aws: "CloudWatch PutMetricAlarm: DatapointsToAlarm is at most EvaluationPeriods",
  },
  {
    key: "monitoring.treat_missing_data",
    value: "ignoreAll",
    aws: "CloudWatch PutMetricAlarm: TreatMissingData is breaching, notBreaching, ignore or missing",
  },
  { key: "monitoring.budget.alert_thresholds_percent[0]", value: -10, aws: "Budgets Notification: Threshold is 0 or more" },
  {
    key: "lake_formation.admins[0]",
    value: "DataPlatformAdmin",
    aws: "Lake Formation DataLakeSettings: an admin is an IAM principal's ARN",
  },
  {
    key: "lake_formation.analyst_roles[0]",
    value: "arn:aws:iam::2222:role/DataAnalyst",
    aws: "Lake Formation DataLakePrincipal: an IAM principal's ARN, with a 12-digit account",
  },
];

/** The tfvars path of a key, e.g. `a.b[0].c` as ["a", "b", 0, "c"]. */
const steps = (key: string) =>
  key
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== "")
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

function withValue(base: Tfvars, key: string, value: unknown): Tfvars {
  const out = structuredClone(base);
  const path = steps(key);
  let at = out as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    if (at[k] === undefined) throw new Error(`${key}: no ${k} in the shipped tfvars`);
    at = at[k] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (at[last] === undefined) throw new Error(`${key}: not in the shipped tfvars`);
  at[last] = value;
  return out;
}

it("starts from tfvars that validate, so each case's problems are its own", () => {
  for (const env of ["dev", "prod"]) expect(checkConfig(readTfvars(`tfvars/${env}.tfvars`), `${env}.tfvars`).ok).toBe(true);
});

it("holds a case for each documented limit, with no two alike", () => {
  expect(AWS_LIMITS.length).toBeGreaterThan(40);
  const ids = AWS_LIMITS.map((l) => `${l.key}=${JSON.stringify(l.value)}`);
  expect(new Set(ids).size).toBe(ids.length);
});

it.each(AWS_LIMITS.map((l) => [`${l.key} = ${JSON.stringify(l.value)}`, l] as const))("refuses %s at its key", (_name, l) => {
  const env = l.env ?? "prod";
  const res = checkConfig(withValue(readTfvars(`tfvars/${env}.tfvars`), l.key, l.value), `${env}.tfvars`);
  const paths = res.ok ? [] : res.problems.map((p) => p.path);
  // At the key itself, or at the list or map that holds it, and nowhere else; `aws` says why AWS would refuse it.
  const atKey = (p: string) => p === l.key || l.key.startsWith(`${p}.`) || l.key.startsWith(`${p}[`);
  expect([l.aws, paths.length > 0 && paths.every(atKey)]).toEqual([l.aws, true]);
});
