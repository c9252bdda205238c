/**
 * The fixture behind emr-serverless's examples and its `terraform test`: inputs a platform team
 * would set, in AWS's documentation account. No environment's tfvars feed it, so adding
 * or editing an environment changes nothing in the module's release.
 */
import { type ModuleExample, exampleArn } from "../../lib/module";
import type { emrSchema } from "./schema";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof emrSchema, typeof wiring> = {
  inputs: {
    release_label: "emr-7.5.0",
    architecture: "ARM64",
    driver: {
      cpu: 4,
      memory_gb: 16
    },
    executor: {
      cpu: 4,
      memory_gb: 16,
      disk_gb: 50
    },
    min_executors: 2,
    max_executors: 20,
    max_capacity: {
      cpu: 96,
      memory_gb: 384,
      disk_gb: 1500
    },
    initial_capacity: {
      driver_count: 1,
      executor_count: 2
    },
    idle_timeout_minutes: 30,
    log_retention_days: 90
  },
  wiring: (c) => ({
    lake_bucket_arns: ["processed", "curated", "temp"].map((z) => exampleArn.bucket(`${c.prefix}-${z}`)),
    artifacts_bucket_arn: exampleArn.bucket(`${c.prefix}-artifacts`),
    read_only_bucket_arns: [exampleArn.bucket(`${c.prefix}-raw`)],
    log_bucket_name: `${c.prefix}-logs`,
    kms_key_arn: exampleArn.key(c),
  }),
};
