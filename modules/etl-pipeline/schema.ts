import { z } from "zod";
import { logRetentionDays } from "../../lib/cloudwatch";
import { attr, input, keysWhere, memberOf, ruleForEach, type Rule } from "../../lib/rules";

const SCHEDULE = /^(cron\(\S+ \S+ \S+ \S+ \S+ \S+\)|rate\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\))$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$/;

const pipeline = z
  .object({
    schedule: z
      .string()
      .regex(SCHEDULE)
      .describe("EventBridge Scheduler expression: `cron(…)` with six fields, or `rate(n unit)`."),
    timezone: z.string().regex(/^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/).default("UTC").describe("Time zone of the schedule, such as `Europe/Paris`."),
    entry_point: z
      .string()
      .regex(/^[A-Za-z0-9._/-]+\.(py|jar)$/)
      .describe("Spark entry point: a key in the artifacts bucket, such as `etl/transform.py`."),
    crawl_source: z.string().describe("The batch source whose crawler runs after the Spark job."),
    first_window_start: z
      .string()
      .regex(TIMESTAMP)
      .describe("Start of the first processing window (UTC, `YYYY-MM-DDThh:mm:ssZ`); later runs start where the last ended."),
  })
  .strict();

export const orchestrationSchema = z
  .object({
    retry: z
      .object({
        interval_seconds: z.number().int().min(1).max(3600).describe("Seconds before the first retry of a failed task."),
        max_attempts: z.number().int().min(0).max(10).describe("Retries of a failed task."),
        backoff_rate: z.number().min(1).max(10).describe("Multiplier of the interval after each retry."),
      })
      .strict()
      .describe("Retry policy of every task state."),
    log_level: z.enum(["ALL", "ERROR", "FATAL"]).default("ERROR").describe("Step Functions execution log level."),
    log_retention_days: logRetentionDays("state machine"),
    pipelines: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,28}[a-z0-9]$/), pipeline).describe("Pipelines by name."),
  })
  .strict();

export type OrchestrationInputs = z.infer<typeof orchestrationSchema>;

export const orchestrationRules: Rule[] = [
  ruleForEach("pipelines", "crawl_source", "must name a batch source (one with a crawler).", (p) =>
    memberOf(attr(p, "crawl_source"), keysWhere(input("sources"), "ingestion", "batch")),
  ),
];
