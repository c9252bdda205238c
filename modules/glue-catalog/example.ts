/**
 * The fixture behind glue-catalog's examples and its `terraform test`: inputs a platform team
 * would set, in AWS's documentation account. No environment's tfvars feed it, so adding
 * or editing an environment changes nothing in the module's release.
 */
import { type ModuleExample, exampleArn } from "../../lib/module";
import { EXAMPLE_SOURCES } from "../sources";
import type { glueSchema } from "./schema";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof glueSchema, typeof wiring> = {
  inputs: {
    glue_version: "4.0",
    worker_type: "G.2X",
    number_of_workers: 10,
    timeout_minutes: 240,
    crawler: {
      recrawl_behavior: "CRAWL_NEW_FOLDERS_ONLY",
      update_behavior: "LOG",
      delete_behavior: "LOG"
    }
  },
  wiring: (c) => ({
    sources: EXAMPLE_SOURCES,
    zone_bucket_names: Object.fromEntries(["raw", "processed", "curated", "temp"].map((z) => [z, `${c.prefix}-${z}`])),
    artifacts_bucket_name: `${c.prefix}-artifacts`,
    kms_key_arn: exampleArn.key(c),
    // The settings' id is the catalog's: the account.
    lake_formation_settings: c.account,
  }),
};
