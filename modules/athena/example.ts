/**
 * The fixture behind athena's examples and its `terraform test`: inputs a platform team
 * would set, in AWS's documentation account. No environment's tfvars feed it, so adding
 * or editing an environment changes nothing in the module's release.
 */
import { type ModuleExample, exampleArn } from "../../lib/module";
import type { athenaSchema } from "./schema";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof athenaSchema, typeof wiring> = {
  inputs: {
    bytes_scanned_cutoff_per_query: 1099511627776,
    engine_version: "Athena engine version 3"
  },
  wiring: (c) => ({ results_bucket_name: `${c.prefix}-temp`, kms_key_arn: exampleArn.key(c) }),
};
