/** The rules in governance.ts (Lake Formation): a non-compliant case each, at its own address, then the cases that need more. */
import { check, describeRuleCases } from "../../testkit/policy/rule-cases";
import { passingLake } from "../../testkit/policy/plan-fixture";

describeRuleCases(
  {
    "LG-LF-004": (f) =>
      (f.values("aws_lakeformation_data_lake_settings.this").create_table_default_permissions = [
        { principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] },
      ]),
    "LG-LF-005": (f) =>
      Object.assign(f.values('aws_lakeformation_permissions.database["job"]'), {
        permissions: ["ALL"],
        permissions_with_grant_option: ["ALL"],
      }),
    "LG-LF-006": (f) => (f.values('aws_lakeformation_permissions.database["job"]').principal = "arn:aws:iam::999999999999:role/partner"),
    "LG-LF-001": (f) => (f.values("aws_lakeformation_data_lake_settings.this").admins = []),
    "LG-LF-002": (f) => (f.values('aws_lakeformation_permissions.database["job"]').principal = "IAM_ALLOWED_PRINCIPALS"),
    "LG-LF-003": (f) => (f.values('aws_lakeformation_resource.zone["raw"]').use_service_linked_role = true),
    "LG-LF-007": (f) => f.values('aws_lakeformation_permissions.database["job"]').permissions.push("ALTER"),
    "LG-LF-008": (f) => (f.values('aws_lakeformation_permissions.database["job"]').permissions_with_grant_option = ["DESCRIBE"]),
    "LG-LF-009": (f) =>
      f.add("aws_lakeformation_permissions", "analysts", {
        principal: "arn:aws:iam::111111111111:role/Analyst",
        permissions: ["SELECT"],
        lf_tag_policy: [{ resource_type: "TABLE", expression: [{ key: "classification", values: ["internal", "confidential"] }] }],
      }),
    "LG-LF-010": (f) => (f.values('aws_lakeformation_resource.zone["raw"]').hybrid_access_enabled = true),
    "LG-LF-011": (f) => {
      f.add("aws_lakeformation_lf_tag", "zone", { key: "zone", values: ["raw"] });
      f.add(
        "aws_iam_role_policy",
        "analyst",
        { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::lake-raw/*" }] }) },
        { config: { expressions: { role: { constant_value: "Analyst" } } } },
      );
    },
  },
  {
    "LG-LF-004": ["module.lake.aws_lakeformation_data_lake_settings.this"],
    "LG-LF-005": ['module.lake.aws_lakeformation_permissions.database["job"]'],
    "LG-LF-006": ['module.lake.aws_lakeformation_permissions.database["job"]'],
    "LG-LF-001": ["module.lake.aws_lakeformation_data_lake_settings.this"],
    "LG-LF-002": ['module.lake.aws_lakeformation_permissions.database["job"]'],
    "LG-LF-003": ['module.lake.aws_lakeformation_resource.zone["raw"]'],
    "LG-LF-007": ['module.lake.aws_lakeformation_permissions.database["job"]'],
    "LG-LF-008": ['module.lake.aws_lakeformation_permissions.database["job"]'],
    "LG-LF-009": ["module.lake.aws_lakeformation_permissions.analysts"],
    "LG-LF-010": ['module.lake.aws_lakeformation_resource.zone["raw"]'],
    "LG-LF-011": ["module.lake.aws_iam_role_policy.analyst"],
  },
);

describe("Lake Formation mode", () => {
  it("still fails an IAMAllowedPrincipals grant when the defaults leave IAM mode open on a governed lake", () => {
    const f = passingLake();
    f.values("aws_lakeformation_data_lake_settings.this").create_database_default_permissions = [
      { principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] },
    ];
    f.values('aws_lakeformation_permissions.database["job"]').principal = "IAM_ALLOWED_PRINCIPALS";
    expect(
      check(f)
        .map((x) => x.ruleId)
        .sort(),
    ).toEqual(["LG-LF-002", "LG-LF-004"]);
  });

  it("accepts IAM-mode defaults on a hybrid lake, whose locations keep hybrid access", () => {
    const f = passingLake();
    f.values("aws_lakeformation_data_lake_settings.this").create_database_default_permissions = [
      { principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] },
    ];
    f.values('aws_lakeformation_resource.zone["raw"]').hybrid_access_enabled = true;
    // Hybrid access itself is LG-LF-010's, low outside production.
    expect(check(f).map((x) => `${x.ruleId} ${x.severity}`)).toEqual(["LG-LF-010 low"]);
  });
});
