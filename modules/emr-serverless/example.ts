/** The wiring of emr-serverless's examples and terraform test: what other modules would give it. Its own inputs are in example.tfvars. */
import { type ModuleExample, exampleArn } from "../../lib/module";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof wiring> = {
  wiring: (c) => ({
    lake_bucket_arns: ["curated"].map((z) => exampleArn.bucket(`${c.prefix}-${z}`)),
    artifacts_bucket_arn: exampleArn.bucket(`${c.prefix}-artifacts`),
    read_only_bucket_arns: [exampleArn.bucket(`${c.prefix}-processed`)],
    log_bucket_name: `${c.prefix}-logs`,
    kms_key_arn: exampleArn.key(c),
  }),
};
