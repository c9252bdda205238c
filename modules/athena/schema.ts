import { z } from "zod";

export const athenaSchema = z
  .object({
    bytes_scanned_cutoff_per_query: z
      .number()
      .int()
      .min(10_485_760)
      .describe("Bytes a single query may scan before Athena cancels it (at least 10 MB)."),
    engine_version: z.enum(["AUTO", "Athena engine version 3"]).default("Athena engine version 3").describe("Athena engine version."),
    enforce_workgroup_configuration: z.boolean().default(true).describe("Override client-side settings with the workgroup's."),
    publish_cloudwatch_metrics: z.boolean().default(true).describe("Publish query metrics to CloudWatch."),
  })
  .strict();

export type AthenaInputs = z.infer<typeof athenaSchema>;
