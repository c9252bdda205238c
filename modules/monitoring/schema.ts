import { z } from "zod";

export const monitoringSchema = z
  .object({
    alert_emails: z.array(z.email()).default([]).describe("Addresses subscribed to the alert topic (each must confirm)."),
    alarm_period_seconds: z.number().int().min(60).max(86400).multipleOf(60).default(300).describe("Period of every alarm, in seconds."),
    alarm_evaluation_periods: z.number().int().min(1).max(100).default(1).describe("Periods an alarm's condition must hold before it fires."),
    thresholds: z
      .object({
        pipeline_executions_failed: z.number().int().min(1).describe("Failed pipeline executions per period that raise an alarm."),
        pipeline_executions_timed_out: z.number().int().min(1).describe("Timed-out pipeline executions per period that raise an alarm."),
        delivery_freshness_seconds: z
          .number()
          .int()
          .min(60)
          .describe("Age of the oldest record not yet delivered to S3 by Firehose (DeliveryToS3.DataFreshness)."),
        iterator_age_ms: z.number().int().min(1000).describe("Age of the last record read from a stream (GetRecords.IteratorAgeMilliseconds)."),
        write_throttled_records: z
          .number()
          .int()
          .min(1)
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
