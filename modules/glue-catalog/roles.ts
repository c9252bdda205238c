/**
 * glue-catalog's roles: the crawlers' (read raw, write the raw database) and one per source for
 * its job (its own raw and processed prefixes only), each through roleWithPolicy, so a team's
 * boundary and managed policies reach them.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { keyUseThrough, roleWithPolicy, serviceTrustPolicy } from "../../lib/iam";
import { forEachOf } from "../../lib/iterate";
import type { ModuleStack } from "../../lib/module";
import type { glueSchema } from "./schema";
import type { wiring } from "./wiring";

/** What the roles' policies name: the account, region and catalog, the zones' buckets and databases, the script. */
export interface RoleContext {
  prefix: string;
  /** The tags input, as the build reads it (a token). */
  tags: Record<string, string>;
  account: string;
  key: string;
  region: string;
  glueArn: string;
  bucket: (zone: string) => string;
  db: (zone: string) => string;
  scriptKey: string;
}

export function buildRoles(m: ModuleStack<typeof glueSchema, typeof wiring>, c: RoleContext): { crawlerRole: IamRole } {
  const glueTrust = serviceTrustPolicy(m, "assume_role", "glue", c.account);
  const crawlerRole = crawlerRoleOf(m, c, glueTrust);
  jobRoles(m, c, glueTrust);
  return { crawlerRole };
}

/** Statements both roles hold: the lake key through S3 and Glue, Glue's logs, Lake Formation's data access. */
function sharedStatements({ account, key, region }: RoleContext) {
  // The zones and the catalog are encrypted with the lake key: S3 and Glue use it for the role.
  const useKey = keyUseThrough(key, region, ["s3", "glue"]);
  const writeGlueLogs = {
    sid: "WriteGlueLogs",
    actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
    resources: [`arn:aws:logs:${region}:${account}:log-group:/aws-glue/*`],
  };
  // GetDataAccess cannot be scoped to a resource; Lake Formation decides what it vends.
  const lakeFormationAccess = { sid: "LakeFormationDataAccess", actions: ["lakeformation:GetDataAccess"], resources: ["*"] };

  return { useKey, writeGlueLogs, lakeFormationAccess };
}

function crawlerRoleOf(
  m: ModuleStack<typeof glueSchema, typeof wiring>,
  c: RoleContext,
  glueTrust: ReturnType<typeof serviceTrustPolicy>,
): IamRole {
  const { prefix, tags, glueArn, bucket, db } = c;
  const { useKey, writeGlueLogs, lakeFormationAccess } = sharedStatements(c);
  // Crawler role: read the raw zone, write the raw database.
  const crawlerAccess = new DataAwsIamPolicyDocument(m, "crawler_access", {
    statement: [
      { sid: "ListRaw", actions: ["s3:ListBucket"], resources: [`arn:aws:s3:::${bucket("raw")}`] },
      { sid: "ReadRaw", actions: ["s3:GetObject"], resources: [`arn:aws:s3:::${bucket("raw")}/*`] },
      useKey,
      {
        sid: "WriteRawCatalog",
        actions: [
          "glue:GetDatabase",
          "glue:GetTable",
          "glue:GetTables",
          "glue:CreateTable",
          "glue:UpdateTable",
          "glue:DeleteTable",
          "glue:GetPartition",
          "glue:GetPartitions",
          "glue:BatchGetPartition",
          "glue:BatchCreatePartition",
          "glue:UpdatePartition",
          "glue:BatchDeletePartition",
        ],
        resources: [`${glueArn}:catalog`, `${glueArn}:database/${db("raw")}`, `${glueArn}:table/${db("raw")}/*`],
      },
      { sid: "ReadSecurityConfiguration", actions: ["glue:GetSecurityConfiguration"], resources: ["*"] },
      writeGlueLogs,
      lakeFormationAccess,
    ],
  });
  const { role: crawlerRole } = roleWithPolicy(m, "crawler", {
    extension: { iam: m.expr("iam"), key: "glue_crawler" },
    roleName: `${prefix}-glue-crawler`,
    trust: glueTrust,
    policyName: "raw-catalog",
    permissions: crawlerAccess,
    tags,
  });

  return crawlerRole;
}

function jobRoles(
  m: ModuleStack<typeof glueSchema, typeof wiring>,
  c: RoleContext,
  glueTrust: ReturnType<typeof serviceTrustPolicy>,
): void {
  const { prefix, tags, key, glueArn, bucket, db, scriptKey } = c;
  const { useKey, writeGlueLogs, lakeFormationAccess } = sharedStatements(c);
  // One job role per source: its own raw and processed prefixes only.
  const sources = forEachOf(m.expr("sources"));
  const jobAccess = new DataAwsIamPolicyDocument(m, "data.aws_iam_policy_document.job", {
    forEach: sources,
    statement: [
      {
        sid: "ListLakeBuckets",
        actions: ["s3:ListBucket"],
        resources: [`arn:aws:s3:::${bucket("raw")}`, `arn:aws:s3:::${bucket("processed")}`, `arn:aws:s3:::${bucket("temp")}`],
      },
      { sid: "ReadRawSource", actions: ["s3:GetObject"], resources: [`arn:aws:s3:::${bucket("raw")}/\${each.key}/*`] },
      {
        sid: "WriteProcessedSource",
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        resources: [`arn:aws:s3:::${bucket("processed")}/\${each.key}/*`, `arn:aws:s3:::${bucket("temp")}/glue/\${each.key}/*`],
      },
      { sid: "ReadScript", actions: ["s3:GetObject"], resources: [`arn:aws:s3:::${m.str("artifacts_bucket_name")}/${scriptKey}`] },
      useKey,
      {
        sid: "WriteProcessedTable",
        actions: [
          "glue:GetDatabase",
          "glue:GetTable",
          "glue:CreateTable",
          "glue:UpdateTable",
          "glue:GetPartition",
          "glue:GetPartitions",
          "glue:BatchGetPartition",
          "glue:CreatePartition",
          "glue:BatchCreatePartition",
          "glue:UpdatePartition",
        ],
        resources: [
          `${glueArn}:catalog`,
          `${glueArn}:database/${db("processed")}`,
          `${glueArn}:table/${db("processed")}/\${replace(each.key, "-", "_")}`,
        ],
      },
      {
        // Spark's catalog client checks that the default database exists when a session starts.
        sid: "FindDefaultDatabase",
        actions: ["glue:GetDatabase"],
        resources: [`${glueArn}:catalog`, `${glueArn}:database/default`],
      },
      {
        // Job bookmarks are encrypted client-side (CSE-KMS): the job calls KMS itself, not through a service.
        sid: "EncryptJobBookmarks",
        actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
        resources: [key],
      },
      writeGlueLogs,
      ...publishStatements(glueArn),
      lakeFormationAccess,
    ],
  });
  roleWithPolicy(m, "job", {
    extension: { iam: m.expr("iam"), key: "glue_job" },
    forEach: sources,
    roleName: `${prefix}-glue-\${each.key}`,
    trust: glueTrust,
    policyName: "source-etl",
    permissions: jobAccess,
    tags,
  });
}

/** A job publishes its Data Quality results, which the data_quality_failed rule listens to, and its metrics. */
function publishStatements(glueArn: string) {
  return [
    { sid: "PublishDataQualityResults", actions: ["glue:PublishDataQuality"], resources: [`${glueArn}:dataQualityRuleset/*`] },
    {
      sid: "PublishGlueMetrics",
      actions: ["cloudwatch:PutMetricData"],
      resources: ["*"],
      condition: [{ test: "StringEquals", variable: "cloudwatch:namespace", values: ["Glue"] }],
    },
  ];
}
