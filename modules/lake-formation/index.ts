import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { LakeformationDataLakeSettings } from "@cdktf/provider-aws/lib/lakeformation-data-lake-settings";
import { LakeformationLfTag } from "@cdktf/provider-aws/lib/lakeformation-lf-tag";
import { LakeformationOptIn, type LakeformationOptInResourceData } from "@cdktf/provider-aws/lib/lakeformation-opt-in";
import { LakeformationPermissions } from "@cdktf/provider-aws/lib/lakeformation-permissions";
import { LakeformationResource } from "@cdktf/provider-aws/lib/lakeformation-resource";
import { LakeformationResourceLfTags } from "@cdktf/provider-aws/lib/lakeformation-resource-lf-tags";
import { TerraformLocal, type TerraformResource, Token } from "cdktf";
import { addDynamicBlock, forEachOf } from "../../lib/iterate";
import { GLUE_CATALOG_READS, keyUseThrough, roleWithPolicy, serviceTrustPolicy } from "../../lib/iam";
import { defineModule, type ModuleStack } from "../../lib/module";
import { requiredKeys } from "../../lib/rules";
import { lakeFormationRules, lakeFormationSchema } from "./schema";
import { example } from "./example";
import { wires, wiring } from "./wiring";

/**
 * EMR reads processed and rewrites curated. A table's creator holds ALL on it, so no grant here needs
 * ALTER or DROP: those stay with the admins (LG-LF-007).
 */
/** A job reads its processed table and adds partitions to it; ALTER and DROP stay with the admins. */
const JOB_TABLE_PERMISSIONS = ["SELECT", "INSERT", "DESCRIBE"];
const EMR_TABLE_PERMISSIONS = { processed: ["SELECT", "DESCRIBE"], curated: ["SELECT", "INSERT", "DELETE", "DESCRIBE"] };

export const lakeFormation = defineModule({
  name: "lake-formation",
  tfvarsKey: "lake_formation",
  summary:
    "Lake Formation governance for the lake: data lake settings (admins and permission model), each zone " +
    "registered with a dedicated data-access role, the `zone` and `classification` LF-tags on the " +
    "databases, and the grants to the crawler, job, EMR and analyst roles, applied in that order.",
  notes: `## Warning: the admin list is replaced

\`aws_lakeformation_data_lake_settings\` sets the account's whole list of data lake administrators.
Admins added elsewhere (in the console, or by another Terraform configuration) are removed on apply.
Include the role that runs Terraform, or it loses the right to grant permissions after the first apply.

## Order

Settings → registered locations → LF-tags and their assignments → grants, made explicit with
\`depends_on\`, so that no grant is attempted before the admins and locations exist.

## Permission model

The catalog databases wait for the settings (glue-catalog's \`lake_formation_settings\` input takes
\`settings_id\`): a database created before them would keep the account's old defaults.
\`LAKE_FORMATION\` removes the IAMAllowedPrincipals defaults, so new databases and tables are governed
by Lake Formation grants only. \`IAM\` keeps them (IAM policies decide). \`HYBRID\` keeps them and
registers the locations in hybrid access mode, so both apply while a lake migrates; it opts in every
principal it grants on the databases and tables it grants them (\`aws_lakeformation_opt_in\`), as
hybrid access mode applies Lake Formation grants only to principals opted in. A HYBRID lake therefore
exercises the same grants as a LAKE_FORMATION one.

## Spark and the \`default\` database

Spark's Glue Data Catalog client describes the \`default\` database when a session starts, in the
Glue jobs and the EMR job alike. Under LAKE_FORMATION nothing gives IAMAllowedPrincipals access to it,
so each job role is granted DESCRIBE on \`default\` (and nothing else there). The database must exist:
Athena and the Glue console create it, and an account that has neither needs it created once
(\`aws glue create-database --database-input Name=default\`), or the grant fails on apply.

## Analysts

Analysts are granted, by LF-tag, the tables whose database has a \`zone\` in \`analyst_zones\` and a
\`classification\` in \`analyst_classifications\`; unset, the classifications of the analyst zones' databases, so a
table classified above its zone is not granted by default.
Each role's IAM policy (\`analyst_policies\`, by role ARN) queries in that role's own workgroup and
reads and writes only its own results prefix, reads the catalog of those zones from the catalog down,
and uses the lake key only through Glue and S3 (\`kms:ViaService\`).`,
  keySettings: (l) => `${l.permission_model}; ${l.admins.length} admins; analysts read ${l.analyst_zones.join(", ")}`,
  schema: lakeFormationSchema,
  rules: [
    ...lakeFormationRules,
    requiredKeys("zone_bucket_arns", ["raw", "processed", "curated"]),
    requiredKeys("database_names", ["raw", "processed", "curated"]),
  ],
  wiring,
  context: ["name_prefix", "account_id", "tags", "iam"],
  wires,
  example,
  build: buildLakeFormation,
});

type LakeFormation = ModuleStack<typeof lakeFormationSchema, typeof wiring>;
type RoleAndPolicy = ReturnType<typeof roleWithPolicy>;

function buildLakeFormation(m: LakeFormation): void {
  const settings = lakeSettings(m);
  const { role, rolePolicy } = dataAccessRole(m);
  const { afterTags, zoneTag, classificationTag } = registeredZones(m, settings, role, rolePolicy);
  platformGrants(m, afterTags);
  analystGrants(m, afterTags, zoneTag, classificationTag);
  lakeFormationOutputs(m, role, settings);
}

/** The data lake settings: admins, read-only admins and the permission model. */
function lakeSettings(m: LakeFormation): LakeformationDataLakeSettings {
  const settings = new LakeformationDataLakeSettings(m, "aws_lakeformation_data_lake_settings.this", {
    admins: m.list("admins"),
    readOnlyAdmins: m.list("read_only_admins"),
  });
  // Lake Formation accepts either no defaults or ALL to IAM_ALLOWED_PRINCIPALS.
  const iamDefaults = 'var.permission_model == "LAKE_FORMATION" ? [] : ["ALL"]';
  for (const block of ["create_database_default_permissions", "create_table_default_permissions"]) {
    addDynamicBlock(settings, "", block, iamDefaults, { principal: "IAM_ALLOWED_PRINCIPALS", permissions: [`\${${block}.value}`] });
  }
  return settings;
}

/** A dedicated role through which Lake Formation reaches the zone buckets, with the KMS key. */
function dataAccessRole(m: LakeFormation) {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const account = m.str("account_id");
  // A dedicated role through which Lake Formation reaches the zone buckets, with the KMS key.
  const trust = serviceTrustPolicy(m, "assume_role", "lakeformation", account, {
    actions: ["sts:AssumeRole", "sts:SetContext", "sts:SetSourceIdentity"],
  });
  const access = new DataAwsIamPolicyDocument(m, "data_access", {
    statement: [
      // The registered zones only: temp (the query results) is not Lake Formation's.
      { sid: "ListZones", actions: ["s3:ListBucket"], resources: Token.asList("${values(local.catalog_zones)}") },
      {
        sid: "ReadWriteZones",
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        resources: Token.asList('${[for arn in values(local.catalog_zones) : "${arn}/*"]}'),
      },
      // The zones are encrypted with the lake key: the credentials Lake Formation vends use it through S3.
      keyUseThrough(m.str("kms_key_arn"), "${data.aws_region.current.id}", ["s3"]),
    ],
  });
  const { role, policy: rolePolicy } = roleWithPolicy(m, "data_access", {
    extension: { iam: m.expr("iam"), key: "lake_formation" },
    roleName: `${prefix}-lakeformation`,
    trust,
    policyName: "zone-access",
    permissions: access,
    tags,
  });
  return { role, rolePolicy };
}

/** The zones registered as locations, the LF-tags, and each database tagged with its zone and classification. */
function registeredZones(
  m: LakeFormation,
  settings: LakeformationDataLakeSettings,
  role: RoleAndPolicy["role"],
  rolePolicy: RoleAndPolicy["policy"],
) {
  new TerraformLocal(m, "catalog_zones", '${{ for zone, arn in var.zone_bucket_arns : zone => arn if zone != "temp" }}');
  const zones = forEachOf("local.catalog_zones");
  const locations = new LakeformationResource(m, "aws_lakeformation_resource.zone", {
    forEach: zones,
    arn: "${each.value}",
    roleArn: role.arn,
    hybridAccessEnabled: Token.asAny('${var.permission_model == "HYBRID"}'),
    dependsOn: [settings, rolePolicy],
  });

  const zoneTag = new LakeformationLfTag(m, "aws_lakeformation_lf_tag.zone", {
    key: "zone",
    values: Token.asList("${keys(var.database_names)}"),
    dependsOn: [locations],
  });
  const classificationTag = new LakeformationLfTag(m, "aws_lakeformation_lf_tag.classification", {
    key: "classification",
    values: m.list("classifications"),
    dependsOn: [locations],
  });
  const databases = forEachOf("var.database_names");
  const assignments = new LakeformationResourceLfTags(m, "aws_lakeformation_resource_lf_tags.database", {
    forEach: databases,
    database: { name: "${each.value}" },
    lfTag: [
      { key: zoneTag.key, value: "${each.key}" },
      { key: classificationTag.key, value: "${var.zone_classification[each.key]}" },
    ],
  });
  const afterTags = [assignments, zoneTag, classificationTag];
  return { afterTags, zoneTag, classificationTag };
}

/** The platform's grants: the crawlers, each source's job and EMR, on their databases, locations and tables. */
function platformGrants(m: LakeFormation, afterTags: TerraformResource[]) {
  // Who needs which database: the crawlers write raw, each source's job writes processed, EMR works on
  // processed and curated.
  new TerraformLocal(
    m,
    "database_grants",
    '${merge({ crawler = { principal = var.crawler_role_arn, zone = "raw" } }, ' +
      '{ for name, arn in var.job_role_arns : "job-${name}" => { principal = arn, zone = "processed" } }, ' +
      '{ for zone in ["processed", "curated"] : "emr-${zone}" => { principal = var.emr_job_role_arn, zone = zone } })}',
  );
  const grants = forEachOf("local.database_grants");
  new LakeformationPermissions(m, "aws_lakeformation_permissions.database", {
    forEach: grants,
    principal: "${each.value.principal}",
    permissions: ["CREATE_TABLE", "DESCRIBE"],
    database: { name: "${var.database_names[each.value.zone]}" },
    dependsOn: afterTags,
  });
  new LakeformationPermissions(m, "aws_lakeformation_permissions.data_location", {
    forEach: grants,
    principal: "${each.value.principal}",
    permissions: ["DATA_LOCATION_ACCESS"],
    dataLocation: { arn: "${var.zone_bucket_arns[each.value.zone]}" },
    dependsOn: afterTags,
  });
  // Spark's Glue Data Catalog client describes the `default` database when a session starts; under
  // LAKE_FORMATION no default gives it to anyone, so each Spark job's role is granted DESCRIBE there.
  new LakeformationPermissions(m, "default_database", {
    forEach: forEachOf('merge({ for name, arn in var.job_role_arns : "job-${name}" => arn }, { emr = var.emr_job_role_arn })'),
    principal: "${each.value}",
    permissions: ["DESCRIBE"],
    database: { name: "default" },
    dependsOn: afterTags,
  });
  // A table Terraform creates has no creator among the jobs: each job is granted its own processed table.
  new LakeformationPermissions(m, "job_table", {
    forEach: forEachOf("var.job_tables"),
    principal: "${var.job_role_arns[each.key]}",
    permissions: [...JOB_TABLE_PERMISSIONS],
    table: { databaseName: '${var.database_names["processed"]}', name: "${each.value}" },
    dependsOn: afterTags,
  });
  const emrZones = forEachOf(
    `{ for zone, permissions in ${JSON.stringify(EMR_TABLE_PERMISSIONS).replace(/:/g, " = ")} : zone => { database = ` +
      `var.database_names[zone], permissions = permissions } }`,
  );
  new LakeformationPermissions(m, "emr_tables", {
    forEach: emrZones,
    principal: m.str("emr_job_role_arn"),
    permissions: Token.asList("${each.value.permissions}"),
    table: { databaseName: "${each.value.database}", wildcard: true },
    dependsOn: afterTags,
  });
}

/** The analysts' grants, by LF-tag: the tables of their zones and classifications. */
function analystGrants(
  m: LakeFormation,
  afterTags: TerraformResource[],
  zoneTag: LakeformationLfTag,
  classificationTag: LakeformationLfTag,
) {
  // Analysts read by LF-tag: tables of the zones in analyst_zones, of the classifications they may read.
  const analysts = forEachOf("{ for arn in var.analyst_roles : arn => arn }");
  const analystClassifications = Token.asList(
    "${var.analyst_classifications != null ? var.analyst_classifications : distinct([for z in var.analyst_zones : " +
      "var.zone_classification[z]])}",
  );
  for (const [id, resourceType, permissions] of [
    ["analyst_databases", "DATABASE", ["DESCRIBE"]],
    ["analyst_tables", "TABLE", ["SELECT", "DESCRIBE"]],
  ] as const) {
    new LakeformationPermissions(m, id, {
      forEach: analysts,
      principal: "${each.value}",
      permissions: [...permissions],
      lfTagPolicy: {
        resourceType,
        expression: [
          { key: zoneTag.key, values: m.list("analyst_zones") },
          { key: classificationTag.key, values: analystClassifications },
        ],
      },
      dependsOn: afterTags,
    });
  }

  optInGrantees(m);
  analystPolicy(m);
}

/** The module's outputs. */
function lakeFormationOutputs(m: LakeFormation, role: RoleAndPolicy["role"], settings: LakeformationDataLakeSettings) {
  m.output("data_access_role_arn", "Role through which Lake Formation reaches the registered zones.", role.arn);
  m.output(
    "registered_locations",
    "Registered S3 location per zone.",
    "${{ for zone, r in aws_lakeformation_resource.zone : zone => r.arn }}",
  );
  m.output("admins", "Data lake administrators, as applied.", settings.admins);
  m.output(
    "settings_id",
    "The data lake settings, once applied. Catalog databases created after them get their default permissions (none to " +
      "IAMAllowedPrincipals under LAKE_FORMATION).",
    "${aws_lakeformation_data_lake_settings.this.id}",
  );
  m.output(
    "database_grants",
    "Principal and zone of each database grant.",
    "${{ for name, g in aws_lakeformation_permissions.database : name => { principal = g.principal, permissions = g.permissions } }}",
  );
  m.output(
    "lf_tags",
    "LF-tags and their values.",
    "${{ zone = aws_lakeformation_lf_tag.zone.values, classification = aws_lakeformation_lf_tag.classification.values }}",
  );
}

/**
 * What an analyst role needs besides its Lake Formation grants: run queries in its own workgroup, read the
 * catalog of the analyst zones, get data through Lake Formation, use the lake key (catalog and results
 * are encrypted with it), and read and write its own results. Nothing reaches the zone buckets directly,
 * nor another analyst's results.
 */
function analystPolicy(m: ModuleStack<typeof lakeFormationSchema, typeof wiring>): void {
  new DataAwsRegion(m, "current");
  // Written as HCL, not through the region's token: inside the for expression below, a token
  // loses its interpolation and the ARN would name a region "data.aws_region.current.id".
  const glueArn = `arn:aws:glue:\${data.aws_region.current.id}:\${var.account_id}`;
  const results = (part: 0 | 1) => `\${regex("^s3://([^/]+)/(.*)$", each.value.results_location)[${part}]}`;
  new DataAwsIamPolicyDocument(m, "analyst", {
    forEach: forEachOf("var.analyst_workgroups"),
    statement: [
      {
        sid: "QueryInWorkgroup",
        actions: [
          "athena:StartQueryExecution",
          "athena:StopQueryExecution",
          "athena:GetQueryExecution",
          "athena:GetQueryResults",
          "athena:GetQueryResultsStream",
          "athena:ListQueryExecutions",
          "athena:GetWorkGroup",
        ],
        resources: ["${each.value.arn}"],
      },
      {
        sid: "ReadAnalystCatalog",
        actions: [...GLUE_CATALOG_READS],
        resources: Token.asList(
          `\${concat(["${glueArn}:catalog"], flatten([for z in var.analyst_zones : ["${glueArn}:database/\${var.database_names[z]}", ` +
            `"${glueArn}:table/\${var.database_names[z]}/*"]]))}`,
        ),
      },
      { sid: "LakeFormationDataAccess", actions: ["lakeformation:GetDataAccess"], resources: ["*"] },
      {
        // The catalog and the results are encrypted with the lake key: only through Glue and S3.
        sid: "UseLakeKeyThroughGlueAndS3",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [m.str("kms_key_arn")],
        condition: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: ["glue.${data.aws_region.current.id}.amazonaws.com", "s3.${data.aws_region.current.id}.amazonaws.com"],
          },
        ],
      },
      { sid: "LocateResultsBucket", actions: ["s3:GetBucketLocation"], resources: [`arn:aws:s3:::${results(0)}`] },
      {
        sid: "ListOwnResults",
        actions: ["s3:ListBucket"],
        resources: [`arn:aws:s3:::${results(0)}`],
        condition: [{ test: "StringLike", variable: "s3:prefix", values: [`${results(1)}*`] }],
      },
      {
        sid: "ReadWriteOwnResults",
        actions: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        resources: [`arn:aws:s3:::${results(0)}/${results(1)}*`],
      },
    ],
  });
  m.output(
    "analyst_policies",
    "The IAM policy (JSON) each analyst role needs, with its Lake Formation grants, to query the analyst zones through its own " +
      "workgroup; attach each to its role.",
    "${{ for arn, d in data.aws_iam_policy_document.analyst : arn => d.json }}",
  );
}

/**
 * HYBRID applies Lake Formation grants only to principals opted in on a resource; the others keep
 * IAM access. Every principal this module grants is opted in on the databases and tables it is
 * granted, so a HYBRID lake (dev) exercises the same grants as a LAKE_FORMATION one (prod).
 */
function optInGrantees(m: ModuleStack<typeof lakeFormationSchema, typeof wiring>): void {
  new TerraformLocal(
    m,
    "opt_ins",
    "${{ for key, o in merge(" +
      "{ for key, g in local.database_grants : key => { principal = g.principal, database = var.database_names[g.zone] } }, " +
      '{ for pair in setproduct(var.analyst_roles, var.analyst_zones) : "analyst-${pair[1]}-${pair[0]}" => { principal = pair[0], ' +
      "database = var.database_names[pair[1]] } }" +
      ') : key => o if var.permission_model == "HYBRID" }}',
  );
  const optIns = forEachOf("local.opt_ins");
  const grants = [
    "aws_lakeformation_permissions.database",
    "aws_lakeformation_permissions.job_table",
    "aws_lakeformation_permissions.emr_tables",
    "aws_lakeformation_permissions.analyst_tables",
  ];
  const resources: [string, LakeformationOptInResourceData][] = [
    ["database", { database: [{ name: "${each.value.database}" }] }],
    ["tables", { table: [{ databaseName: "${each.value.database}", wildcard: true }] }],
  ];
  for (const [id, resourceData] of resources) {
    const optIn = new LakeformationOptIn(m, `aws_lakeformation_opt_in.${id}`, {
      forEach: optIns,
      principal: [{ dataLakePrincipalIdentifier: "${each.value.principal}" }],
      resourceData: [resourceData],
    });
    optIn.addOverride("depends_on", grants);
  }
}
