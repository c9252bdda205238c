/** The inputs glue-catalog takes from other modules and from top-level tfvars, and where each comes from. */
import { z } from "zod";
import { fromModule, fromTfvars, type Wires } from "../../lib/module";
import { sourcesWiring } from "../sources";

export const wiring = z.object({
  ...sourcesWiring,
  zone_bucket_names: z.record(z.string(), z.string()).describe("Bucket name per zone (raw, processed, curated, temp)."),
  artifacts_bucket_name: z.string().describe("Bucket for the ETL script."),
  kms_key_arn: z.string().describe("ARN of the lake's KMS key."),
  lake_formation_settings: z
    .string()
    .nullable()
    .default(null)
    .describe(
      "The Lake Formation data lake settings (lake-formation's `settings_id`): the databases are created after them, so they get the " +
        "settings' default permissions. Null when nothing governs the lake.",
    ),
});

export const wires: Wires<typeof wiring> = {
  sources: fromTfvars("sources"),
  zone_bucket_names: fromModule("data-lake-storage", "bucket_names"),
  artifacts_bucket_name: fromModule("data-lake-storage", "artifacts_bucket_name"),
  kms_key_arn: fromModule("data-lake-storage", "kms_key_arn"),
  lake_formation_settings: fromModule("lake-formation", "settings_id"),
};
