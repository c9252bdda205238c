/** Lake Formation: admins, IAMAllowedPrincipals, registered locations. */
import type { Json } from "../plan";
import { at, type Rule } from "../rule";

const IAM_ALLOWED = "IAM_ALLOWED_PRINCIPALS";

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
        .filter((r) => r.unknown?.admins !== true && (r.values?.admins ?? []).length === 0)
        .map((r) => at(r, "The admin list is empty.")),
  },
  {
    id: "LG-LF-002",
    title: "No IAMAllowedPrincipals grants under the Lake Formation permission model",
    severity: "high",
    rationale: "A grant to IAM_ALLOWED_PRINCIPALS hands the resource back to IAM policies and silently bypasses every Lake Formation grant.",
    fix: "Remove the grant, or move the lake to the HYBRID or IAM model on purpose.",
    check: (m) => {
      const lfMode = m.managed("aws_lakeformation_data_lake_settings").some((s) => {
        const defaults: Json[] = [...(s.values?.create_database_default_permissions ?? []), ...(s.values?.create_table_default_permissions ?? [])];
        return !defaults.some((d) => d.principal === IAM_ALLOWED);
      });
      if (!lfMode) return [];
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
        .filter((r) => r.values?.use_service_linked_role === true || (!r.values?.role_arn && r.unknown?.role_arn !== true && !r.config?.expressions?.role_arn))
        .map((r) => at(r, "The location is registered with the service-linked role.")),
  },
];
