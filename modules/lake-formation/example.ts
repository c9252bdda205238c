/**
 * The fixture behind lake-formation's examples and its `terraform test`: inputs a platform team
 * would set, in AWS's documentation account. No environment's tfvars feed it, so adding
 * or editing an environment changes nothing in the module's release.
 */
import { type ModuleExample, exampleArn, perSource } from "../../lib/module";
import { EXAMPLE_SOURCES } from "../sources";
import type { lakeFormationSchema } from "./schema";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof lakeFormationSchema, typeof wiring> = {
  inputs: {
    admins: [
      "arn:aws:iam::111122223333:role/DataPlatformAdmin",
      "arn:aws:iam::111122223333:role/TerraformDeploy"
    ],
    permission_model: "LAKE_FORMATION",
    classifications: [
      "public",
      "internal",
      "confidential"
    ],
    zone_classification: {
      raw: "confidential",
      processed: "internal",
      curated: "internal"
    },
    analyst_roles: [
      "arn:aws:iam::111122223333:role/DataAnalyst"
    ],
    analyst_zones: [
      "curated"
    ]
  },
  wiring: (c) => ({
    zone_bucket_arns: Object.fromEntries(["raw", "processed", "curated", "temp"].map((z) => [z, exampleArn.bucket(`${c.prefix}-${z}`)])),
    kms_key_arn: exampleArn.key(c),
    database_names: Object.fromEntries(["raw", "processed", "curated"].map((z) => [z, `${c.prefix.replace(/-/g, "_")}_${z}`])),
    crawler_role_arn: exampleArn.role(c, `${c.prefix}-glue-crawler`),
    job_role_arns: perSource(EXAMPLE_SOURCES, (s) => exampleArn.role(c, `${c.prefix}-glue-${s}`)),
    emr_job_role_arn: exampleArn.role(c, `${c.prefix}-emr-job`),
    athena_workgroup_arn: `arn:aws:athena:${c.region}:${c.account}:workgroup/${c.prefix}`,
    athena_results_location: `s3://${c.prefix}-temp/athena-results/`,
  }),
};
