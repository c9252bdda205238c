/** The inputs emr-serverless takes from other modules and from top-level tfvars, and where each comes from. */
import { z } from "zod";
import { fromModule, type Wires } from "../../lib/module";

export const wiring = z.object({
  lake_bucket_arns: z
    .array(z.string())
    .describe(
      "ARNs of the buckets jobs read and write: the zone they produce (curated). Never raw or processed, nor temp, which holds the " +
        "analysts' query results.",
    ),
  artifacts_bucket_arn: z
    .string()
    .regex(/^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)
    .meta({ patternDescription: "an S3 bucket ARN" })
    .describe(
      "ARN of the bucket that holds the jobs' entry points. Jobs read it and never write it, so it must not be in `lake_bucket_arns`.",
    ),
  read_only_bucket_arns: z.array(z.string()).default([]).describe("ARNs of other buckets jobs only read, such as processed."),
  log_bucket_name: z.string().describe("Bucket that receives job logs under `emr-serverless/`."),
  kms_key_arn: z.string().describe("ARN of the lake's KMS key."),
});

export const wires: Wires<typeof wiring> = {
  lake_bucket_arns: fromModule("data-lake-storage", "bucket_arns", (o) => `[for zone, arn in ${o} : arn if zone == "curated"]`),
  artifacts_bucket_arn: fromModule("data-lake-storage", "artifacts_bucket_arn"),
  read_only_bucket_arns: fromModule("data-lake-storage", "bucket_arns", (o) => `[${o}["processed"]]`),
  log_bucket_name: fromModule("data-lake-storage", "log_bucket_name"),
  kms_key_arn: fromModule("data-lake-storage", "kms_key_arn"),
};
