/** The inputs athena takes from other modules and from top-level tfvars, and where each comes from. */
import { z } from "zod";
import { fromModule, type Wires } from "../../lib/module";

export const wiring = z.object({
  results_bucket_name: z.string().describe("Bucket for query results (the temp zone, whose objects expire)."),
  kms_key_arn: z.string().describe("ARN of the lake's KMS key."),
});

export const wires: Wires<typeof wiring> = {
  results_bucket_name: fromModule("data-lake-storage", "bucket_names", (o) => `${o}["temp"]`),
  kms_key_arn: fromModule("data-lake-storage", "kms_key_arn"),
};
