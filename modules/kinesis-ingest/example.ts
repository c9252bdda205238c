/** The wiring of kinesis-ingest's examples and terraform test: what other modules would give it. Its own inputs are in example.tfvars. */
import { type ModuleExample, exampleArn } from "../../lib/module";
import { exampleSources } from "../sources";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof wiring> = {
  wiring: (c) => ({
    sources: exampleSources(),
    raw_bucket_arn: exampleArn.bucket(`${c.prefix}-raw`),
    kms_key_arn: exampleArn.key(c),
  }),
};
