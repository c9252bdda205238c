import { z } from "zod";
import { logRetentionDays } from "../../lib/cloudwatch";
import { nameRule } from "../../lib/names";
import { attr, every, input, keys, keysWhere, memberOf, ruleForEach, type Rule, whenSet } from "../../lib/rules";
import { INT32_MAX, scheduleExpression, timeZone, utcTimestamp } from "../../lib/aws-formats";
import { everySourceProcessedRule, rawOnlyNotProcessedRule } from "./coverage";
import { knownErrorsRule, TRANSIENT_ERRORS } from "./task-errors";
import { timeoutBudgetRule } from "./timeouts";

/** The Spark job lakegen ships, uploaded to this key of the artifacts bucket. */
export const SHIPPED_ENTRY_POINT = "etl/transform.py";

const pipeline = z
  .object({
    schedule: scheduleExpression().describe("EventBridge Scheduler expression: `cron(…)` with six fields, or `rate(n unit)`."),
    timezone: timeZone().default("UTC").describe("Time zone of the schedule, such as `Europe/Paris`."),
    entry_point: z
      .string()
      .regex(/^[A-Za-z0-9._/-]+\.(py|jar)$/)
      .default(SHIPPED_ENTRY_POINT)
      .describe(
        `Spark entry point: a key in the artifacts bucket. The default, \`${SHIPPED_ENTRY_POINT}\`, is the job lakegen ships and uploads.`,
      ),
    sources: z
      .array(z.string())
      .min(1)
      .nullable()
      .default(null)
      .describe(
        "Sources the pipeline processes: their Glue jobs run first (raw to processed, with the quality gate), then the Spark job " +
          "curates them. Null means `[crawl_source]`. Every source must be processed by a pipeline unless it is `raw_only`.",
      ),
    crawl_source: z.string().describe("The batch source whose crawler runs after the Spark job."),
    max_records_per_file: z
      .number()
      .int()
      .min(1)
      .max(INT32_MAX)
      .default(100_000)
      .describe("Spark `maxRecordsPerFile` of the curated output: the most rows a Parquet file holds, whatever its size."),
    target_file_size_mb: z
      .number()
      .int()
      .min(128)
      .max(1024)
      .default(256)
      .describe(
        "Size each curated Parquet file aims at (the brief's 128 MB–1 GB): the Spark job writes a day's rows in as many files as this " +
          "size, measured on the source's processed files, asks for.",
      ),
    first_window_start: utcTimestamp().describe(
      "Start of the first processing window (UTC, `YYYY-MM-DDThh:mm:ssZ`); later runs start where the last ended.",
    ),
  })
  .strict();

export const orchestrationSchema = z
  .object({
    retry: z
      .object({
        interval_seconds: z.number().int().min(1).max(3600).describe("Seconds before the first retry of a failed task."),
        max_attempts: z.number().int().min(0).max(10).describe("Retries of a failed task."),
        backoff_rate: z.number().min(1).max(10).describe("Multiplier of the interval after each retry."),
        errors: z
          .array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/))
          .min(1)
          .default(TRANSIENT_ERRORS)
          .describe(
            "Errors that are retried, named as Step Functions names them (`Glue.ConcurrentRunsExceededException`, " +
              "`Ssm.InternalServerErrorException`): each task retries those its own service raises. Any other error, such as a failed " +
              "job (States.TaskFailed) or a task timeout (States.Timeout), goes straight to NotifyFailure.",
          ),
      })
      .strict()
      .describe("Retry policy of every task state."),
    notification_emails: z
      .array(z.email())
      .min(1)
      .describe("Addresses subscribed to the pipelines' notifications topic, which says when a window was processed (each must confirm)."),
    crawler_poll_seconds: z
      .number()
      .int()
      .min(5)
      .max(3600)
      .default(60)
      .describe("Seconds between checks of a running crawl; the pipeline waits for the crawl and fails if it does not succeed."),
    timeout_seconds: z
      .number()
      .int()
      .min(60)
      .max(31_536_000)
      .default(14_400)
      .describe(
        "TimeoutSeconds of every pipeline execution; past it the execution times out and the timed-out alarm counts it. It must " +
          "exceed the task timeouts together, so that a stuck task fails into NotifyFailure first.",
      ),
    task_timeouts: z
      .object({
        glue_job_seconds: z
          .number()
          .int()
          .min(60)
          .max(172_800)
          .default(3600)
          .describe("TimeoutSeconds of each Glue job task (raw to processed)."),
        spark_job_seconds: z
          .number()
          .int()
          .min(60)
          .max(31_536_000)
          .default(3600)
          .describe("TimeoutSeconds of the Spark job task (processed to curated)."),
        crawl_seconds: z
          .number()
          .int()
          .min(60)
          .max(31_536_000)
          .default(1800)
          .describe("How long the pipeline waits for the crawl before it fails (CrawlTimedOut)."),
        call_seconds: z
          .number()
          .int()
          .min(5)
          .max(3600)
          .default(60)
          .describe("TimeoutSeconds of each short AWS call: the bookmark, the crawler start and state, the notifications."),
      })
      .strict()
      .default({ glue_job_seconds: 3600, spark_job_seconds: 3600, crawl_seconds: 1800, call_seconds: 60 })
      .describe("Each task's own timeout: a stuck task fails with States.Timeout, which goes to NotifyFailure."),
    log_level: z.enum(["ALL", "ERROR", "FATAL"]).default("ERROR").describe("Step Functions execution log level."),
    log_retention_days: logRetentionDays("state machine"),
    pipelines: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,28}[a-z0-9]$/), pipeline).describe("Pipelines by name."),
  })
  .strict();

export type OrchestrationInputs = z.infer<typeof orchestrationSchema>;

export const orchestrationRules: Rule[] = [
  knownErrorsRule,
  timeoutBudgetRule,
  everySourceProcessedRule,
  rawOnlyNotProcessedRule,
  nameRule({ kind: "IAM role", limit: 64, template: "{prefix}-sfn-{key}", over: "pipelines" }),
  nameRule({ kind: "EventBridge Scheduler schedule", limit: 64, template: "{prefix}-{key}", over: "pipelines" }),
  ruleForEach("pipelines", "crawl_source", "must name a batch source (one with a crawler).", (p) =>
    memberOf(attr(p, "crawl_source"), keysWhere(input("sources"), "ingestion", "batch")),
  ),
  ruleForEach("pipelines", "sources", "must name sources declared in `sources`.", (p) =>
    whenSet(
      attr(p, "sources"),
      every(attr<string[]>(p, "sources"), (s) => memberOf(s, keys(input("sources")))),
    ),
  ),
];
