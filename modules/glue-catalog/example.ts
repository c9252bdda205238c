/** The wiring of glue-catalog's examples and terraform test: what other modules would give it. Its own inputs are in example.tfvars. */
import { type ModuleExample, exampleArn } from "../../lib/module";
import { exampleSources } from "../sources";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof wiring> = {
  wiring: (c) => ({
    sources: exampleSources(),
    zone_bucket_names: Object.fromEntries(["raw", "processed", "curated", "temp"].map((z) => [z, `${c.prefix}-${z}`])),
    artifacts_bucket_name: `${c.prefix}-artifacts`,
    kms_key_arn: exampleArn.key(c),
    // The settings' id is the catalog's: the account.
    lake_formation_settings: c.account,
  }),
};
