import { z } from "zod";
import { analystName, analystNameHcl } from "../../lib/names";
import {
  distinctItems,
  equals,
  every,
  type Expr,
  input,
  isSet,
  memberOf,
  not,
  or,
  rule,
  type Rule,
  str,
  valueAt,
  whenSet,
} from "../../lib/rules";

// The partition is aws, or aws- and words (aws-cn, aws-us-gov), as the provider checks it.
const roleArn = z.string().regex(/^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)\/[A-Za-z0-9+=,.@_/-]+$/);
const CATALOG_ZONES = ["raw", "processed", "curated"] as const;

export const lakeFormationSchema = z
  .object({
    admins: z
      .array(roleArn)
      .min(1)
      .describe("Data lake administrators (IAM role or user ARNs). This list replaces the account's whole admin list."),
    read_only_admins: z
      .array(roleArn)
      .max(30)
      .default([])
      .describe(
        "Read-only administrators (IAM role or user ARNs): they describe every Lake Formation resource and permission and change " +
          "none. List the plan roles (lakegen bootstrap's -pr and -plan), so that a plan reads Lake Formation's state.",
      ),
    permission_model: z
      .enum(["LAKE_FORMATION", "HYBRID", "IAM"])
      .default("LAKE_FORMATION")
      .describe("Who governs new databases and tables: Lake Formation grants, both (hybrid access mode), or IAM only."),
    classifications: z
      .array(
        z
          .string()
          .regex(/^[a-z][a-z0-9-]*$/)
          .max(256),
      )
      .min(1)
      .max(1000)
      .describe("Values of the `classification` LF-tag."),
    zone_classification: z
      .object(Object.fromEntries(CATALOG_ZONES.map((zone) => [zone, z.string().describe(`Classification of the ${zone} database.`)])))
      .strict()
      .describe("The `classification` LF-tag of each zone's database."),
    analyst_roles: z.array(roleArn).default([]).describe("Roles that query the lake, granted SELECT through LF-tags."),
    analyst_classifications: z
      .array(z.string())
      .min(1)
      .nullable()
      .default(null)
      .describe(
        "Classifications whose tables analysts may read (the `classification` LF-tag, with the `zone` tag). Null: the classifications " +
          "of the analyst zones' databases, which then may not be `confidential`.",
      ),
    analyst_zones: z
      .array(z.enum(CATALOG_ZONES))
      .min(1)
      .default(["curated"])
      .describe("Zones whose tables analysts may read (by the `zone` LF-tag)."),
  })
  .strict();

export type LakeFormationInputs = z.infer<typeof lakeFormationSchema>;

// The names of the analysts' own workgroups and results prefixes (athena's `analysts` local).
const analystNames: Expr<string[]> = {
  evaluate: (s) => ((input<string[]>("analyst_roles").evaluate(s) ?? []) as string[]).map(analystName),
  hcl: () => `[for a in var.analyst_roles : ${analystNameHcl("a")}]`,
};

export const lakeFormationRules: Rule[] = [
  rule(
    "read_only_admins",
    "must not list an admin: a principal is either a data lake administrator or a read-only one.",
    every(input<unknown[]>("read_only_admins"), (a) => not(memberOf(a, input<unknown[]>("admins")))),
  ),
  ...(["admins", "read_only_admins", "analyst_roles", "classifications", "analyst_zones"] as const).map((key) =>
    rule(key, "must not list the same value twice.", distinctItems(input<unknown[]>(key))),
  ),
  rule(
    "analyst_classifications",
    "must not list the same value twice.",
    whenSet(input("analyst_classifications"), distinctItems(input<unknown[]>("analyst_classifications"))),
  ),
  rule(
    "analyst_classifications",
    "every value must be one of classifications.",
    whenSet(
      input("analyst_classifications"),
      every(input<unknown[]>("analyst_classifications"), (c) => memberOf(c, input<unknown[]>("classifications"))),
    ),
  ),
  {
    ...rule(
      "analyst_roles",
      "must have distinct role names (after the last /, with characters Athena refuses as -): each names its analyst's own workgroup " +
        "and results prefix.",
      distinctItems(analystNames),
    ),
    counterexample: (v) => ({
      ...v,
      analyst_roles: ["team-a", "team-b"].map((team) => `arn:aws:iam::${v.account_id}:role/${team}/Analyst`),
    }),
  },
  {
    // Fail closed: unset, analysts read what their zones are classified; never confidential by default.
    ...rule(
      "analyst_zones",
      "may include a zone classified confidential only when analyst_classifications is set.",
      or(
        isSet(input("analyst_classifications")),
        every(input<unknown[]>("analyst_zones"), (z) => not(equals(valueAt(input("zone_classification"), z), str("confidential")))),
      ),
    ),
    counterexample: (v) => ({
      ...v,
      classifications: ["internal", "confidential"],
      zone_classification: { raw: "confidential", processed: "internal", curated: "confidential" },
      analyst_zones: ["curated"],
      analyst_classifications: null,
    }),
  },
  rule(
    "zone_classification",
    "every zone's classification must be one of classifications.",
    every(input<Record<string, unknown>>("zone_classification"), (c) => memberOf(c, input<unknown[]>("classifications"))),
  ),
];
