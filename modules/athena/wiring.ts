/** The inputs athena takes from other modules and from top-level tfvars, and where each comes from. */
import { z } from "zod";
import { fromModule, fromTfvars, type Wires } from "../../lib/module";

export const wiring = z.object({
  results_bucket_name: z.string().describe("Bucket for query results (the temp zone, whose objects expire)."),
  kms_key_arn: z.string().describe("ARN of the lake's KMS key."),
  analyst_roles: z
    .array(z.string())
    .default([])
    .describe("Analyst roles, each given a workgroup of its own, so that no analyst reads another's results."),
});

export const wires: Wires<typeof wiring> = {
  results_bucket_name: fromModule("data-lake-storage", "bucket_names", (o) => `${o}["temp"]`),
  kms_key_arn: fromModule("data-lake-storage", "kms_key_arn"),
  analyst_roles: fromTfvars("lake_formation.analyst_roles"),
};
