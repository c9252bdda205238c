/** Lake Formation: admins, IAMAllowedPrincipals, registered locations. */
import { type Json, type PlanModel, type PlanResource, setButUnknown } from "../plan";
import { at, type Rule } from "../rule";

const IAM_ALLOWED = "IAM_ALLOWED_PRINCIPALS";

const defaultsOf = (s: PlanResource): Json[] => [
  ...(s.values?.create_database_default_permissions ?? []),
  ...(s.values?.create_table_default_permissions ?? []),
];

/** Locations registered in Lake Formation mode: hybrid access off. */
const governedLocations = (m: PlanModel) => m.managed("aws_lakeformation_resource").filter((r) => r.values?.hybrid_access_enabled !== true);

/** The lake is governed by Lake Formation when it registers a location in that mode, or keeps IAM out of its defaults. */
function governedByLakeFormation(m: PlanModel): boolean {
  return governedLocations(m).length > 0 || m.managed("aws_lakeformation_data_lake_settings").some((s) => !defaultsOf(s).some((d) => d.principal === IAM_ALLOWED));
}

/** The accounts of the lake's own admins: a principal elsewhere is another account. */
function homeAccounts(m: PlanModel): Set<string> {
  const admins = m.managed("aws_lakeformation_data_lake_settings").flatMap((s) => (s.values?.admins ?? []) as string[]);
  return new Set(admins.map((a) => /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(a)?.[1]).filter((x): x is string => Boolean(x)));
}

const accountOf = (principal: string) => (/^\d{12}$/.test(principal) ? principal : /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(principal)?.[1]);

/** Permissions that change or remove a database or table, or include every permission. */
const OWNER_PERMISSIONS = ["ALL", "ALTER", "DROP"];
const onCatalogObject = (r: PlanResource) => ["database", "table", "table_with_columns"].some((b) => (r.values?.[b] ?? []).length > 0 || setButUnknown(r, b));

export const governanceRules: Rule[] = [
  {
    id: "LG-LF-001",
    title: "Lake Formation has data lake administrators",
    severity: "high",
    rationale: "aws_lakeformation_data_lake_settings replaces the whole admin list; an empty list leaves nobody able to grant.",
    fix: "List the admin roles, including the role that runs Terraform, in admins.",
    check: (m) =>
      m
        .managed("aws_lakeformation_data_lake_settings")
        .filter((r) => !setButUnknown(r, "admins") && (r.values?.admins ?? []).length === 0)
        .map((r) => at(r, "The admin list is empty.")),
  },
  {
    id: "LG-LF-002",
    title: "No IAMAllowedPrincipals grants under the Lake Formation permission model",
    severity: "high",
    rationale: "A grant to IAM_ALLOWED_PRINCIPALS hands the resource back to IAM policies and silently bypasses every Lake Formation grant.",
    fix: "Remove the grant, or move the lake to the HYBRID or IAM model on purpose.",
    check: (m) => {
      if (!governedByLakeFormation(m)) return [];
      return m
        .managed("aws_lakeformation_permissions")
        .filter((r) => r.values?.principal === IAM_ALLOWED)
        .map((r) => at(r, `Grants ${(r.values?.permissions ?? []).join(", ")} to IAM_ALLOWED_PRINCIPALS.`));
    },
  },
  {
    id: "LG-LF-003",
    title: "Registered locations use a dedicated data-access role",
    severity: "medium",
    rationale: "The service-linked role cannot be given KMS permissions for SSE-KMS buckets and cannot be scoped to the lake.",
    fix: "Set role_arn on aws_lakeformation_resource to a role with access to the zone and its KMS key.",
    check: (m) =>
      m
        .managed("aws_lakeformation_resource")
        .filter((r) => r.values?.use_service_linked_role === true || (!r.values?.role_arn && !setButUnknown(r, "role_arn")))
        .map((r) => at(r, "The location is registered with the service-linked role.")),
  },
  {
    id: "LG-LF-004",
    title: "No IAM-mode default permissions on a lake governed by Lake Formation",
    severity: "high",
    rationale: "Default permissions to IAM_ALLOWED_PRINCIPALS make every new database and table IAM-governed: on a lake whose locations are registered in Lake Formation mode, IAM mode is left open for everything created next.",
    fix: "Set create_database_default_permissions and create_table_default_permissions to [] (or enable hybrid access on the locations, on purpose).",
    check: (m) => {
      if (governedLocations(m).length === 0) return [];
      return m
        .managed("aws_lakeformation_data_lake_settings")
        .filter((s) => defaultsOf(s).some((d) => d.principal === IAM_ALLOWED))
        .map((s) => at(s, "New databases and tables default to IAM_ALLOWED_PRINCIPALS while locations are registered in Lake Formation mode."));
    },
  },
  {
    id: "LG-LF-005",
    title: "No Lake Formation grant of ALL with grant option",
    severity: "high",
    rationale: "ALL with grant option makes the grantee an owner who can pass every permission on, outside the platform's control.",
    fix: "Grant the permissions the principal uses, without grant option.",
    check: (m) =>
      m
        .managed("aws_lakeformation_permissions")
        .filter((r) => ((r.values?.permissions_with_grant_option ?? []) as string[]).includes("ALL"))
        .map((r) => at(r, `Grants ALL with grant option to ${r.values?.principal ?? "a principal"}.`)),
  },
  {
    id: "LG-LF-007",
    title: "Only data lake administrators may alter or drop databases and tables",
    severity: "high",
    rationale:
      "ALL, ALTER or DROP on a database or table lets a job or analyst role change or delete the catalog that every query relies on. A table's creator already holds ALL on it; others need SELECT, INSERT, DELETE, DESCRIBE or CREATE_TABLE.",
    fix: "Grant the data permissions the role uses. Leave ALL, ALTER and DROP to the admins in aws_lakeformation_data_lake_settings.",
    check: (m) => {
      const admins = new Set(m.managed("aws_lakeformation_data_lake_settings").flatMap((s) => (s.values?.admins ?? []) as string[]));
      return m
        .managed("aws_lakeformation_permissions")
        .filter((r) => onCatalogObject(r) && !admins.has(String(r.values?.principal)))
        .flatMap((r) => {
          const granted = [...(r.values?.permissions ?? []), ...(r.values?.permissions_with_grant_option ?? [])] as string[];
          const owner = OWNER_PERMISSIONS.filter((p) => granted.includes(p));
          const who = typeof r.values?.principal === "string" ? r.values.principal : "a principal not known at plan time";
          return owner.length ? [at(r, `Grants ${owner.join(", ")} to ${who}, not a data lake administrator.`)] : [];
        });
    },
  },
  {
    id: "LG-LF-006",
    title: "Lake Formation grants stay in the lake's account",
    severity: "high",
    rationale: "A grant to another account shares the lake's data outside it; sharing is a decision to review, not a side effect of a module.",
    fix: "Grant to principals in the lake's account, or waive the finding with the data-sharing agreement as the reason.",
    check: (m) => {
      const home = homeAccounts(m);
      if (home.size === 0) return [];
      return m.managed("aws_lakeformation_permissions").flatMap((r) => {
        const account = accountOf(String(r.values?.principal ?? ""));
        return account && !home.has(account) ? [at(r, `Grants to account ${account}, outside the lake's ${[...home].join(", ")}.`)] : [];
      });
    },
  },
];
