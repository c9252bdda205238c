import { z } from "zod";
import { logRetentionDays } from "../../lib/cloudwatch";
import type { Rule } from "../../lib/rules";
import { nameRule } from "../../lib/names";
import { sourceRules } from "../sources";

export const streamingSchema = z
  .object({
    retention_hours: z.number().int().min(24).max(8760).default(24).describe("How long each stream keeps records, in hours."),
    buffering_size_mb: z
      .number()
      .int()
      .min(1)
      .max(128)
      .default(64)
      .describe("Firehose buffer size before a delivery to S3, in MiB (AWS allows 1–128)."),
    buffering_interval_seconds: z
      .number()
      .int()
      .min(0)
      .max(900)
      .default(300)
      .describe("Firehose buffer time before a delivery to S3, in seconds (AWS allows 0–900)."),
    log_retention_days: logRetentionDays("Firehose delivery"),
  })
  .strict();

export type StreamingInputs = z.infer<typeof streamingSchema>;

const streamOnly = { field: "ingestion", value: "stream" };

export const streamingRules: Rule[] = [
  ...sourceRules,
  nameRule({ kind: "Firehose delivery stream", limit: 64, template: "{prefix}-{key}", over: "sources", where: streamOnly }),
  nameRule({ kind: "IAM role", limit: 64, template: "{prefix}-firehose-{key}", over: "sources", where: streamOnly }),
];
