/** The inputs kinesis-ingest takes from other modules and from top-level tfvars, and where each comes from. */
import { z } from "zod";
import { fromModule, fromTfvars, type Wires } from "../../lib/module";
import { sourcesWiring } from "../sources";

export const wiring = z.object({
  ...sourcesWiring,
  raw_bucket_arn: z.string().describe("ARN of the raw zone bucket."),
  kms_key_arn: z.string().describe("ARN of the lake's KMS key."),
});

export const wires: Wires<typeof wiring> = {
  sources: fromTfvars("sources"),
  raw_bucket_arn: fromModule("data-lake-storage", "bucket_arns", (o) => `${o}["raw"]`),
  kms_key_arn: fromModule("data-lake-storage", "kms_key_arn"),
};
