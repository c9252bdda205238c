import { z } from "zod";
import { INT32_MAX } from "../../lib/aws-formats";
import { atMost, input, num, rule, type Rule, times } from "../../lib/rules";

export const monitoringSchema = z
  .object({
    alert_emails: z.array(z.email()).default([]).describe("Addresses subscribed to the alert topic (each must confirm)."),
    alarm_period_seconds: z.number().int().min(60).max(86400).multipleOf(60).default(300).describe("Period of every alarm, in seconds."),
    alarm_evaluation_periods: z.number().int().min(1).max(100).default(1).describe("Periods each alarm looks back over."),
    alarm_datapoints_to_alarm: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(1)
      .describe("Breaching periods, out of alarm_evaluation_periods, that fire an alarm; 1 fires on the first failure."),
    treat_missing_data: z
      .enum(["missing", "ignore", "breaching", "notBreaching"])
      .default("notBreaching")
      .describe("How alarms count a period with no data; no data on a failure count means no failures (notBreaching)."),
    thresholds: z
      .object({
        pipeline_executions_failed: z
          .number()
          .int()
          .min(1)
          .max(INT32_MAX)
          .describe("Failed pipeline executions per period that raise an alarm."),
        pipeline_executions_timed_out: z
          .number()
          .int()
          .min(1)
          .max(INT32_MAX)
          .describe("Timed-out pipeline executions per period that raise an alarm."),
        delivery_freshness_seconds: z
          .number()
          .int()
          .min(60)
          .max(INT32_MAX)
          .describe("Age of the oldest record not yet delivered to S3 by Firehose (DeliveryToS3.DataFreshness)."),
        quarantined_rows: z
          .number()
          .int()
          .min(0)
          .max(INT32_MAX)
          .default(0)
          .describe("Rows a source's Glue job may quarantine per period before an alarm; 0 alarms on any."),
        iterator_age_ms: z
          .number()
          .int()
          .min(1000)
          .max(INT32_MAX)
          .describe("Age of the last record read from a stream (GetRecords.IteratorAgeMilliseconds)."),
        write_throttled_records: z
          .number()
          .int()
          .min(1)
          .max(INT32_MAX)
          .describe("Throttled writes to a stream per period (WriteProvisionedThroughputExceeded)."),
      })
      .strict()
      .describe("Alarm thresholds."),
    budget: z
      .object({
        monthly_limit_usd: z.number().positive().describe("Monthly cost budget of the environment, in USD."),
        alert_thresholds_percent: z
          .array(z.number().positive().max(1000))
          .min(1)
          .describe("Percentages of the budget, actual or forecast, that alert."),
      })
      .strict()
      .describe("AWS Budgets monthly cost budget, filtered by the Environment tag."),
  })
  .strict();

export type MonitoringInputs = z.infer<typeof monitoringSchema>;

/** CloudWatch refuses alarms that look back more than a day. */
export const MAX_ALARM_LOOKBACK_SECONDS = 86_400;

export const monitoringRules: Rule[] = [
  rule(
    "alarm_datapoints_to_alarm",
    "must not exceed alarm_evaluation_periods (CloudWatch's rule).",
    atMost(input("alarm_datapoints_to_alarm"), input("alarm_evaluation_periods")),
  ),
  {
    ...rule(
      "alarm_evaluation_periods",
      `alarm_period_seconds × alarm_evaluation_periods must not exceed ${MAX_ALARM_LOOKBACK_SECONDS} seconds (one day, CloudWatch's ` +
        `limit).`,
      atMost(times(input("alarm_period_seconds"), input("alarm_evaluation_periods")), num(MAX_ALARM_LOOKBACK_SECONDS)),
    ),
    counterexample: () => ({ alarm_period_seconds: 3600, alarm_evaluation_periods: 48 }),
  },
];
