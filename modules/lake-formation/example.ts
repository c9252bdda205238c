/** The wiring of lake-formation's examples and terraform test: what other modules would give it. Its own inputs are in example.tfvars. */
import { type ModuleExample, exampleArn, perSource } from "../../lib/module";
import { exampleSources } from "../sources";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof wiring> = {
  wiring: (c) => ({
    zone_bucket_arns: Object.fromEntries(["raw", "processed", "curated", "temp"].map((z) => [z, exampleArn.bucket(`${c.prefix}-${z}`)])),
    kms_key_arn: exampleArn.key(c),
    database_names: Object.fromEntries(["raw", "processed", "curated"].map((z) => [z, `${c.prefix.replace(/-/g, "_")}_${z}`])),
    crawler_role_arn: exampleArn.role(c, `${c.prefix}-glue-crawler`),
    job_role_arns: perSource(exampleSources(), (s) => exampleArn.role(c, `${c.prefix}-glue-${s}`)),
    job_tables: perSource(exampleSources(), (s) => s.replace(/-/g, "_")),
    emr_job_role_arn: exampleArn.role(c, `${c.prefix}-emr-job`),
    analyst_workgroups: {
      [exampleArn.role(c, "DataAnalyst")]: {
        name: `${c.prefix}-DataAnalyst`,
        arn: `arn:aws:athena:${c.region}:${c.account}:workgroup/${c.prefix}-DataAnalyst`,
        results_location: `s3://${c.prefix}-temp/athena-results/analysts/DataAnalyst/`,
      },
    },
  }),
};
