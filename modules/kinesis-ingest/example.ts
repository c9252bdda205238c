/**
 * The fixture behind kinesis-ingest's examples and its `terraform test`: inputs a platform team
 * would set, in AWS's documentation account. No environment's tfvars feed it, so adding
 * or editing an environment changes nothing in the module's release.
 */
import { type ModuleExample, exampleArn } from "../../lib/module";
import { EXAMPLE_SOURCES } from "../sources";
import type { streamingSchema } from "./schema";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof streamingSchema, typeof wiring> = {
  inputs: {
    retention_hours: 168,
    buffering_size_mb: 128,
    buffering_interval_seconds: 300,
    log_retention_days: 90
  },
  wiring: (c) => ({
    sources: EXAMPLE_SOURCES,
    raw_bucket_arn: exampleArn.bucket(`${c.prefix}-raw`),
    kms_key_arn: exampleArn.key(c),
  }),
};
