/** The wiring of athena's examples and terraform test: what other modules would give it. Its own inputs are in example.tfvars. */
import { type ModuleExample, exampleArn } from "../../lib/module";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof wiring> = {
  wiring: (c) => ({
    results_bucket_name: `${c.prefix}-temp`,
    kms_key_arn: exampleArn.key(c),
    analyst_roles: [exampleArn.role(c, "DataAnalyst")],
  }),
};
