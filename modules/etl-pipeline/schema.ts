import { z } from "zod";
import { logRetentionDays } from "../../lib/cloudwatch";
import { nameRule } from "../../lib/names";
import { attr, input, keysWhere, memberOf, ruleForEach, type Rule } from "../../lib/rules";
import { scheduleExpression, timeZone, utcTimestamp } from "../../lib/aws-formats";


const pipeline = z
  .object({
    schedule: scheduleExpression()
      .describe("EventBridge Scheduler expression: `cron(…)` with six fields, or `rate(n unit)`."),
    timezone: timeZone().default("UTC").describe("Time zone of the schedule, such as `Europe/Paris`."),
    entry_point: z
      .string()
      .regex(/^[A-Za-z0-9._/-]+\.(py|jar)$/)
      .describe("Spark entry point: a key in the artifacts bucket, such as `etl/transform.py`."),
    crawl_source: z.string().describe("The batch source whose crawler runs after the Spark job."),
    first_window_start: utcTimestamp()
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
    timeout_seconds: z
      .number()
      .int()
      .min(60)
      .max(31_536_000)
      .default(14_400)
      .describe("TimeoutSeconds of every pipeline execution; past it the execution times out and the timed-out alarm counts it."),
    log_level: z.enum(["ALL", "ERROR", "FATAL"]).default("ERROR").describe("Step Functions execution log level."),
    log_retention_days: logRetentionDays("state machine"),
    pipelines: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,28}[a-z0-9]$/), pipeline).describe("Pipelines by name."),
  })
  .strict();

export type OrchestrationInputs = z.infer<typeof orchestrationSchema>;

export const orchestrationRules: Rule[] = [
  nameRule({ kind: "IAM role", limit: 64, template: "{prefix}-sfn-{key}", over: "pipelines" }),
  nameRule({ kind: "EventBridge Scheduler schedule", limit: 64, template: "{prefix}-{key}", over: "pipelines" }),
  nameRule({ kind: "Step Functions state machine", limit: 80, template: "{prefix}-{key}", over: "pipelines" }),
  ruleForEach("pipelines", "crawl_source", "must name a batch source (one with a crawler).", (p) =>
    memberOf(attr(p, "crawl_source"), keysWhere(input("sources"), "ingestion", "batch")),
  ),
];
