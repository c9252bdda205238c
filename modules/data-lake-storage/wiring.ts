/** The inputs data-lake-storage takes from top-level tfvars, and where each comes from. */
import { z } from "zod";
import { fromTfvars, type Wires } from "../../lib/module";

export const wiring = z.object({
  key_admins: z
    .array(z.string())
    .default([])
    .describe(
      "Principals that may administer the lake key (change its policy, disable it, schedule its deletion), with the account's root " +
        "user; the lake's Lake Formation admins, which include the role that runs Terraform. Empty: the account administers it " +
        "through IAM.",
    ),
});

export const wires: Wires<typeof wiring> = {
  key_admins: fromTfvars("lake_formation.admins"),
};
