import { lakeFormation } from ".";
import { problemsAfter, synthModule } from "../../testkit/helpers";

describe("lake-formation module", () => {
  const tf = synthModule(lakeFormation as never);
  const r = tf.resource;

  it("sets the admins from the inputs and the defaults from the permission model", () => {
    const settings = r.aws_lakeformation_data_lake_settings.this;
    expect(settings.admins).toBe("${var.admins}");
    expect(settings.read_only_admins).toBe("${var.read_only_admins}");
    for (const block of ["create_database_default_permissions", "create_table_default_permissions"]) {
      expect(settings.dynamic[block].for_each).toBe('${var.permission_model == "LAKE_FORMATION" ? [] : ["ALL"]}');
      expect(settings.dynamic[block].content.principal).toBe("IAM_ALLOWED_PRINCIPALS");
    }
  });

  it("registers each catalog zone with a dedicated role that can use the key", () => {
    const loc = r.aws_lakeformation_resource.zone;
    expect(loc.role_arn).toBe("${aws_iam_role.data_access.arn}");
    expect(loc.hybrid_access_enabled).toBe('${var.permission_model == "HYBRID"}');
    const trust = tf.data.aws_iam_policy_document.assume_role.statement[0];
    expect(trust.principals[0].identifiers).toEqual(["lakeformation.amazonaws.com"]);
    const key = tf.data.aws_iam_policy_document.data_access.statement.find((s: { sid: string }) => s.sid === "UseLakeKey");
    expect(key.resources).toEqual(["${var.kms_key_arn}"]);
  });

  it("orders settings, registration, tags and grants with depends_on", () => {
    expect(r.aws_lakeformation_resource.zone.depends_on).toContain("aws_lakeformation_data_lake_settings.this");
    expect(r.aws_lakeformation_lf_tag.zone.depends_on).toEqual(["aws_lakeformation_resource.zone"]);
    for (const grant of Object.values<{ depends_on: string[] }>(r.aws_lakeformation_permissions)) {
      expect(grant.depends_on).toContain("aws_lakeformation_resource_lf_tags.database");
    }
  });

  it("tags databases with zone and classification, and grants analysts by tag", () => {
    const tags = r.aws_lakeformation_resource_lf_tags.database;
    expect(tags.lf_tag).toEqual([
      { key: "${aws_lakeformation_lf_tag.zone.key}", value: "${each.key}" },
      { key: "${aws_lakeformation_lf_tag.classification.key}", value: "${var.zone_classification[each.key]}" },
    ]);
    const analysts = r.aws_lakeformation_permissions.analyst_tables;
    expect(analysts.lf_tag_policy.resource_type).toBe("TABLE");
    expect(analysts.lf_tag_policy.expression[0].values).toBe("${var.analyst_zones}");
    expect(analysts.permissions).toEqual(["SELECT", "DESCRIBE"]);
  });

  it("grants every job role of the glue-catalog module", () => {
    expect(tf.locals.database_grants).toContain(
      '{ for name, arn in var.job_role_arns : "job-${name}" => { principal = arn, zone = "processed" } }',
    );
    expect(r.aws_lakeformation_permissions.data_location.permissions).toEqual(["DATA_LOCATION_ACCESS"]);
  });

  describe("validation", () => {
    it("needs at least one admin", () => {
      expect(problemsAfter((v) => (v.lake_formation.read_only_admins = [v.lake_formation.admins[0]]))).toEqual([
        "lake_formation.read_only_admins: must not list an admin: a principal is either a data lake administrator or a read-only one.",
      ]);
      expect(problemsAfter((v) => (v.lake_formation.admins = []))).toEqual([expect.stringMatching(/^lake_formation\.admins: /)]);
    });

    it("needs each zone's classification to be a declared one", () => {
      expect(problemsAfter((v) => (v.lake_formation.zone_classification.raw = "secret"))).toEqual([
        "lake_formation.zone_classification: every zone's classification must be one of classifications.",
      ]);
    });
  });
});
