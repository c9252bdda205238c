/**
 * The wiring of data-lake-storage's examples and terraform test: what other modules would give it.
 * Its own inputs are in example.tfvars.
 */
import { type ModuleExample, exampleArn } from "../../lib/module";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof wiring> = {
  wiring: (c) => ({ key_admins: [exampleArn.role(c, "DataPlatformAdmin"), exampleArn.role(c, "TerraformDeploy")] }),
};
