/**
 * The mutation corpus by class: mistakes an outside reviewer wrote against the
 * prod plan, grouped by the class of harm they belong to. Each class holds
 * mistakes that differ in form: the resource type that carries them, how the
 * value is written (JSON, a policy document, a literal, a local) and where it
 * comes from (the module, a new resource, a value unknown at plan).
 */
import type { Json } from "../json";
import type { Mutation } from "./mutations";
import type { DocStatement, PlanEdit } from "./plan-edit";

/** The classes, in docs/policy.md's order; each names what the class's mistakes have in common. */
export const MUTATION_CLASSES = {
  "outside-principals": "Exposure: principals outside the lake's accounts",
  "empty-conditions": "Exposure: conditions that narrow nothing",
  "unread-policies": "Policies in places a reader might skip",
  escalation: "Escalation by composition",
  "data-loss-settings": "Data loss by settings",
  "lake-formation": "Lake Formation grants and settings",
  "unknown-values": "Values unknown at plan",
} as const;
export type MutationClass = keyof typeof MUTATION_CLASSES;

const OUTSIDER = "999999999999";
const S = "module.data_lake_storage.";
const KEY = `${S}aws_kms_key.lake[0]`;
const ZONE_DOC = `${S}data.aws_iam_policy_document.this`;
const ZONE_POLICY = `${S}aws_s3_bucket_policy.this["raw"]`;
const ALERTS_DOC = "module.monitoring.data.aws_iam_policy_document.alerts_policy";
const ALERTS_POLICY = "module.monitoring.aws_sns_topic_policy.alerts";
const JOB_DOC = "module.emr_serverless.data.aws_iam_policy_document.job_access";
const JOB_POLICY = "module.emr_serverless.aws_iam_role_policy.job";
const JOB_ROLE = "module.emr_serverless.aws_iam_role.job";
const PIPELINE_DOC = 'module.etl_pipeline.data.aws_iam_policy_document.pipeline["daily-orders"]';
const PIPELINE_POLICY = 'module.etl_pipeline.aws_iam_role_policy.pipeline["daily-orders"]';
const LF = "module.lake_formation.";
const SETTINGS = `${LF}aws_lakeformation_data_lake_settings.this`;
const ANALYST = "arn:aws:iam::222222222222:role/DataAnalyst";
const ANALYST_TABLES = `${LF}aws_lakeformation_permissions.analyst_tables["${ANALYST}"]`;
const ANALYST_DATABASES = `${LF}aws_lakeformation_permissions.analyst_databases["${ANALYST}"]`;
const lifecycle = (zone: string) => `${S}aws_s3_bucket_lifecycle_configuration.this["${zone}"]`;
const bucket = (zone: string) => `${S}aws_s3_bucket.this["${zone}"]`;

const CRAWLER = 'module.glue_catalog.aws_glue_crawler.this["source-system-a"]';
const FIREHOSE = 'module.kinesis_ingest.aws_kinesis_firehose_delivery_stream.this["api-integrations"]';
const WORKGROUP = "module.athena.aws_athena_workgroup.this";
const RAW_TAGS = `${LF}aws_lakeformation_resource_lf_tags.database["raw"]`;

const ANALYST_DOC = `${LF}data.aws_iam_policy_document.analyst`;
const ANALYST_DOC_INSTANCE = `${ANALYST_DOC}["${"arn:aws:iam::222222222222:role/DataAnalyst"}"]`;

/** A policy JSON attribute the plan knows, edited. */
function editJson(p: PlanEdit, address: string, attr: string, edit: (statements: Json[]) => void): void {
  const after = p.after(address);
  if (typeof after[attr] !== "string") throw new Error(`${address}.${attr} is not known in the plan`);
  const doc = JSON.parse(after[attr]);
  doc.Statement = [doc.Statement].flat();
  edit(doc.Statement);
  after[attr] = JSON.stringify(doc);
}

const policyDoc = (statements: Json[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** A statement in policy JSON, from its parts. */
const jsonStatement = (principal: Json, condition?: Json): Json => ({
  Effect: "Allow",
  Principal: principal,
  Action: ["kms:Decrypt"],
  Resource: "*",
  ...(condition ? { Condition: condition } : {}),
});

/** Where a resource-policy statement can be written, and the address its finding names. */
interface Carrier {
  name: string;
  address: string;
  /** The rule that reads this kind of policy. */
  rule: string;
  write(p: PlanEdit, s: Json): void;
}

const CARRIERS: Carrier[] = [
  {
    name: "the lake key's policy (JSON)",
    address: KEY,
    rule: "LG-IAM-008",
    write: (p, s) => editJson(p, KEY, "policy", (st) => st.push(s)),
  },
  {
    name: "the zone bucket policies (policy document)",
    address: ZONE_POLICY,
    rule: "LG-IAM-008",
    write: (p, s) => p.docStatement(ZONE_DOC, toDoc({ ...s, Action: ["s3:GetObject"] }, ["arn:aws:s3:::acme-lake-prod-raw/*"])),
  },
  {
    name: "a new aws_kms_key_policy",
    address: `${S}aws_kms_key_policy.shared`,
    rule: "LG-IAM-008",
    write: (p, s) =>
      p.add(
        "data_lake_storage",
        "aws_kms_key_policy",
        "shared",
        { policy: policyDoc([s]), bypass_policy_lockout_safety_check: false },
        { key_id: { references: ["aws_kms_key.lake[0].key_id", "aws_kms_key.lake[0]", "aws_kms_key.lake"] }, policy: {} },
      ),
  },
  {
    name: "a new aws_kinesis_resource_policy",
    address: "module.kinesis_ingest.aws_kinesis_resource_policy.consumers",
    rule: "LG-IAM-008",
    write: (p, s) =>
      p.add(
        "kinesis_ingest",
        "aws_kinesis_resource_policy",
        "consumers",
        { policy: policyDoc([{ ...s, Action: ["kinesis:GetRecords", "kinesis:GetShardIterator"] }]) },
        { resource_arn: { references: ["aws_kinesis_stream.this"] }, policy: {} },
      ),
  },
  {
    name: "the alerts topic policy (policy document)",
    address: ALERTS_POLICY,
    rule: "LG-IAM-008",
    write: (p, s) => p.docStatement(ALERTS_DOC, toDoc({ ...s, Action: ["sns:Subscribe", "sns:Publish"] }, ["*"])),
  },
];

/** A JSON statement as a policy document writes it. */
function toDoc(s: Json, resources: string[]): DocStatement {
  const principal = s.Principal === "*" ? { "*": ["*"] } : s.Principal;
  return {
    effect: s.Effect,
    actions: [s.Action].flat(),
    resources,
    principals: Object.entries<Json>(principal).map(([type, ids]) => ({ type, ids: [ids].flat() })),
    conditions: Object.entries<Json>(s.Condition ?? {}).flatMap(([test, tests]) =>
      Object.entries<Json>(tests).map(([variable, values]) => ({ test, variable, values: [values].flat() })),
    ),
  };
}

/** Principals outside the lake's account, each written another way. */
const OUTSIDERS: [form: string, principal: Json, condition?: Json][] = [
  ["another account's root", { AWS: `arn:aws:iam::${OUTSIDER}:root` }],
  ["another account by its bare id", { AWS: OUTSIDER }],
  ["another account's role", { AWS: `arn:aws:iam::${OUTSIDER}:role/partner-etl` }],
  ["anyone, narrowed to another account", { AWS: "*" }, { StringEquals: { "aws:PrincipalAccount": OUTSIDER } }],
  [
    "any account's role of a name, under aws:PrincipalArn",
    { AWS: "*" },
    { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/DataAnalyst" } },
  ],
];

/** Conditions that look like narrowing and narrow nothing. */
const EMPTY_CONDITIONS: [form: string, condition: Json][] = [
  ["a Null test on the caller's organization", { Null: { "aws:PrincipalOrgID": "false" } }],
  ["an ArnLike with * as the account", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:*" } }],
  ["a StringLike account pattern", { StringLike: { "aws:PrincipalAccount": "2*" } }],
  ["a source ARN of any bucket", { ArnLike: { "aws:SourceArn": "arn:aws:s3:::*" } }],
];

const generated = (cls: "outside-principals" | "empty-conditions"): Mutation[] => {
  const forms: [string, Json, Json?][] =
    cls === "outside-principals" ? OUTSIDERS : EMPTY_CONDITIONS.map(([form, c]) => [form, { AWS: "*" }, c]);
  return forms.flatMap(([form, principal, condition], i) =>
    CARRIERS.filter((_, j) => cls === "outside-principals" || j % 4 === i % 4 || j === 0).map((c): Mutation => ({
      id: `${cls}-${i + 1}-${c.address.split(".").slice(-1)[0].replace(/\W+/g, "")}-${CARRIERS.indexOf(c) + 1}`,
      class: cls,
      change: `allow ${form} in ${c.name}`,
      rule: c.rule,
      harm: "access",
      address: c.address,
      apply: (p) => c.write(p, jsonStatement(principal, condition)),
    })),
  );
};

/** A trust policy edited: the EMR job role's, as JSON. */
const trust = (edit: (st: Json[]) => void) => (p: PlanEdit) => editJson(p, JOB_ROLE, "assume_role_policy", edit);

/** A role GitHub Actions assumes, added with a trust policy whose subject test is given. */
const githubRole = (name: string, test: string, sub: string | string[]) => (p: PlanEdit) =>
  p.add(
    "etl_pipeline",
    "aws_iam_role",
    name,
    {
      name: `acme-lake-prod-${name}`,
      assume_role_policy: policyDoc([
        {
          Effect: "Allow",
          Principal: { Federated: "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com" },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
            [test]: { "token.actions.githubusercontent.com:sub": sub },
          },
        },
      ]),
    },
    { name: { constant_value: `acme-lake-prod-${name}` }, assume_role_policy: {} },
  );

/** A managed policy attached to the EMR job role, in one of the ways Terraform can attach it. */
const attach = (how: "attachment" | "managed_policy_arns" | "policy_attachment", arn: string) => (p: PlanEdit) => {
  if (how === "managed_policy_arns") return void p.set(JOB_ROLE, "managed_policy_arns", [arn]);
  const type = how === "attachment" ? "aws_iam_role_policy_attachment" : "aws_iam_policy_attachment";
  p.add(
    "emr_serverless",
    type,
    "extra",
    { policy_arn: arn, ...(how === "policy_attachment" ? { name: "extra", roles: null } : {}) },
    {
      policy_arn: { constant_value: arn },
      [how === "attachment" ? "role" : "roles"]: { references: ["aws_iam_role.job.name", "aws_iam_role.job"] },
    },
  );
};

/** A new identity policy on the EMR job role, with the given statements as known JSON. */
const jobPolicy = (name: string, statements: Json[]) => (p: PlanEdit) =>
  p.add(
    "emr_serverless",
    "aws_iam_role_policy",
    name,
    { name, policy: policyDoc(statements) },
    { name: { constant_value: name }, policy: {}, role: { references: ["aws_iam_role.job.id", "aws_iam_role.job"] } },
  );

/** A rule of a zone's lifecycle configuration, edited. */
const zoneRule = (zone: string, edit: (rule: Json) => void) => (p: PlanEdit) => p.nested(lifecycle(zone), (a) => edit(a.rule[0]));

/** A zone bucket replicated to `destination`. */
const replicate =
  (zone: string, destination: Json, unknown: Json = {}) =>
  (p: PlanEdit) => {
    p.add(
      "data_lake_storage",
      "aws_s3_bucket_replication_configuration",
      "copy",
      {
        rule: [
          { id: "copy", status: "Enabled", filter: [{}], destination: [destination], delete_marker_replication: [{ status: "Enabled" }] },
        ],
      },
      {
        bucket: { references: [`aws_s3_bucket.this["${zone}"].id`, `aws_s3_bucket.this["${zone}"]`, "aws_s3_bucket.this"] },
        role: { references: ["aws_iam_role.replication.arn"] },
        rule: [{}],
      },
    );
    Object.assign(p.change(`${S}aws_s3_bucket_replication_configuration.copy`).change.after_unknown, unknown);
  };

/** A Lake Formation grant through an LF-tag expression, added. */
const tagGrant =
  (name: string, principal: string, permissions: string[], expression: Json[], grantOption: string[] = []) =>
  (p: PlanEdit) =>
    p.add(
      "lake_formation",
      "aws_lakeformation_permissions",
      name,
      {
        principal,
        permissions,
        permissions_with_grant_option: grantOption,
        lf_tag_policy: [{ resource_type: "TABLE", expression }],
        catalog_resource: false,
      },
      { principal: { constant_value: principal }, permissions: { constant_value: permissions }, lf_tag_policy: [{}] },
    );

/** A location registration moved from Lake Formation mode to hybrid access, against the state. */
const toHybrid = (zone: string) => (p: PlanEdit) => {
  p.update(`${LF}aws_lakeformation_resource.zone["${zone}"]`, { hybrid_access_enabled: false });
  p.after(`${LF}aws_lakeformation_resource.zone["${zone}"]`).hybrid_access_enabled = true;
};

/** A value made unknown at plan: it comes from a variable or a resource not yet created. */
const unknownAttr = (address: string, key: string, ref: string) => (p: PlanEdit) => {
  const rc = p.change(address);
  delete rc.change.after[key];
  (rc.change.after_unknown ??= {})[key] = true;
  p.config(address).expressions[key] = { references: [ref] };
};

const m = (
  cls: MutationClass,
  id: string,
  change: string,
  rule: string,
  harm: Mutation["harm"],
  address: string,
  apply: Mutation["apply"],
  result?: "unknown",
): Mutation => ({
  id: `${cls}-${id}`,
  class: cls,
  change,
  rule,
  harm,
  address,
  apply,
  ...(result ? { result } : {}),
});

const TLS_DENY_EXEMPTIONS: [string, Json][] = [
  ["the account's roles", { test: "ArnNotLike", variable: "aws:PrincipalArn", values: ["arn:aws:iam::222222222222:role/*"] }],
  ["callers from the account", { test: "StringNotEquals", variable: "aws:PrincipalAccount", values: ["222222222222"] }],
  ["requests through a VPC endpoint", { test: "StringNotEqualsIfExists", variable: "aws:SourceVpce", values: ["vpce-0a1b2c3d"] }],
];

export const CLASS_MUTATIONS: Mutation[] = [
  ...generated("outside-principals"),
  m(
    "outside-principals",
    "glue-resource-policy",
    "share the catalog with another account in a Glue resource policy",
    "LG-IAM-008",
    "access",
    "module.glue_catalog.aws_glue_resource_policy.share",
    (p) =>
      p.add(
        "glue_catalog",
        "aws_glue_resource_policy",
        "share",
        {
          policy: policyDoc([
            {
              Effect: "Allow",
              Principal: { AWS: [`arn:aws:iam::${OUTSIDER}:root`] },
              Action: ["glue:GetTable", "glue:GetTables", "glue:GetDatabase"],
              Resource: "arn:aws:glue:eu-west-1:222222222222:*",
            },
          ]),
        },
        { policy: {} },
      ),
  ),
  m("outside-principals", "org-arn", "let an organization's ARN read the raw zone", "LG-IAM-008", "access", ZONE_POLICY, (p) =>
    p.docStatement(ZONE_DOC, {
      actions: ["s3:GetObject"],
      resources: ["arn:aws:s3:::acme-lake-prod-raw/*"],
      principals: [{ type: "AWS", ids: ["arn:aws:organizations::999999999999:organization/o-a1b2c3d4e5"] }],
    }),
  ),
  m(
    "outside-principals",
    "trust-other-account",
    "let another account's root assume the EMR job role",
    "LG-IAM-007",
    "access",
    JOB_ROLE,
    trust((st) => st.push({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OUTSIDER}:root` }, Action: "sts:AssumeRole" })),
  ),
  m(
    "outside-principals",
    "kms-grant",
    "give another account's role a grant on the lake key",
    "LG-IAM-008",
    "access",
    `${S}aws_kms_grant.partner`,
    (p) =>
      p.add(
        "data_lake_storage",
        "aws_kms_grant",
        "partner",
        { name: "partner", grantee_principal: `arn:aws:iam::${OUTSIDER}:role/loader`, operations: ["Decrypt", "GenerateDataKey"] },
        {
          key_id: { references: ["aws_kms_key.lake[0].key_id", "aws_kms_key.lake[0]", "aws_kms_key.lake"] },
          grantee_principal: { constant_value: `arn:aws:iam::${OUTSIDER}:role/loader` },
        },
      ),
  ),
  m(
    "outside-principals",
    "not-principal",
    "allow everyone but the account's root to decrypt with the lake key (NotPrincipal)",
    "LG-IAM-008",
    "access",
    KEY,
    (p) =>
      editJson(p, KEY, "policy", (st) =>
        st.push({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "kms:Decrypt", Resource: "*" }),
      ),
  ),
  m(
    "outside-principals",
    "cognito-any-pool",
    "let any Cognito identity pool's users assume a role",
    "LG-IAM-007",
    "access",
    "module.etl_pipeline.aws_iam_role.app",
    (p) =>
      p.add(
        "etl_pipeline",
        "aws_iam_role",
        "app",
        {
          name: "acme-lake-prod-app",
          assume_role_policy: policyDoc([
            {
              Effect: "Allow",
              Principal: { Federated: "cognito-identity.amazonaws.com" },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: { "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } },
            },
          ]),
        },
        { assume_role_policy: {} },
      ),
  ),

  m(
    "outside-principals",
    "saml-other-account",
    "let another account's SAML provider federate into the EMR job role",
    "LG-IAM-007",
    "access",
    JOB_ROLE,
    trust((st) =>
      st.push({
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::${OUTSIDER}:saml-provider/corp` },
        Action: "sts:AssumeRoleWithSAML",
        Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
      }),
    ),
  ),
  m(
    "outside-principals",
    "external-id",
    "let a vendor's account assume the EMR job role with an external id",
    "LG-IAM-007",
    "access",
    JOB_ROLE,
    trust((st) =>
      st.push({
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${OUTSIDER}:root` },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": "vendor-7731" } },
      }),
    ),
  ),
  m(
    "outside-principals",
    "service-no-source",
    "let S3 write into the raw zone for any account's bucket (no aws:SourceAccount)",
    "LG-IAM-008",
    "access",
    ZONE_POLICY,
    (p) =>
      p.docStatement(ZONE_DOC, {
        actions: ["s3:PutObject"],
        resources: ["arn:aws:s3:::acme-lake-prod-raw/*"],
        principals: [{ type: "Service", ids: ["s3.amazonaws.com"] }],
      }),
  ),
  ...generated("empty-conditions"),
  ...EMPTY_CONDITIONS.map(([form, c], i) =>
    m(
      "empty-conditions",
      `trust-${i + 1}`,
      `let anyone assume the EMR job role, under ${form}`,
      "LG-IAM-007",
      "access",
      JOB_ROLE,
      trust((st) => st.push({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: c })),
    ),
  ),
  m(
    "empty-conditions",
    "account-wide-reads",
    "let every principal of the account read the raw zone through its bucket policy",
    "LG-S3-019",
    "access",
    ZONE_POLICY,
    (p) =>
      p.docStatement(ZONE_DOC, {
        actions: ["s3:GetObject"],
        resources: ["arn:aws:s3:::acme-lake-prod-raw/*"],
        principals: [{ type: "AWS", ids: ["*"] }],
        conditions: [{ test: "StringEquals", variable: "aws:PrincipalAccount", values: ["222222222222"] }],
      }),
  ),
  m(
    "empty-conditions",
    "userid-pattern",
    "let any role session read curated, under an aws:userid pattern",
    "LG-IAM-008",
    "access",
    ZONE_POLICY,
    (p) =>
      p.docStatement(ZONE_DOC, {
        actions: ["s3:GetObject"],
        resources: ["arn:aws:s3:::acme-lake-prod-curated/*"],
        principals: [{ type: "*", ids: ["*"] }],
        conditions: [{ test: "StringLike", variable: "aws:userid", values: ["AROA*:*"] }],
      }),
  ),
  ...TLS_DENY_EXEMPTIONS.map(([form, c], i) =>
    m("empty-conditions", `tls-exempt-${i + 1}`, `exempt ${form} from the zones' TLS deny`, "LG-S3-007", "access", bucket("raw"), (p) =>
      p.config(ZONE_DOC).expressions.statement[0].condition.push({
        test: { constant_value: c.test },
        variable: { constant_value: c.variable },
        values: { constant_value: c.values },
      }),
    ),
  ),

  m(
    "unread-policies",
    "inline-star",
    "give the EMR job role every action in an inline_policy block",
    "LG-IAM-001",
    "access",
    JOB_ROLE,
    (p) => p.set(JOB_ROLE, "inline_policy", [{ name: "extra", policy: policyDoc([{ Effect: "Allow", Action: "*", Resource: "*" }]) }]),
  ),
  m(
    "unread-policies",
    "inline-any-object",
    "let the EMR job role read any object through an inline_policy block",
    "LG-IAM-002",
    "access",
    JOB_ROLE,
    (p) =>
      p.set(JOB_ROLE, "inline_policy", [
        { name: "extra", policy: policyDoc([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }]) },
      ]),
  ),
  m(
    "unread-policies",
    "second-bucket-policy",
    "attach a second bucket policy to curated, which replaces its TLS deny",
    "LG-S3-015",
    "access",
    `${S}aws_s3_bucket_policy.extra`,
    (p) =>
      p.add(
        "data_lake_storage",
        "aws_s3_bucket_policy",
        "extra",
        {
          policy: policyDoc([
            {
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::222222222222:role/DataAnalyst" },
              Action: "s3:GetObject",
              Resource: "arn:aws:s3:::acme-lake-prod-curated/*",
            },
          ]),
        },
        { bucket: { references: ['aws_s3_bucket.this["curated"].id', 'aws_s3_bucket.this["curated"]', "aws_s3_bucket.this"] }, policy: {} },
      ),
  ),
  m(
    "unread-policies",
    "inline-beside-split",
    "write a policy argument on the curated bucket beside its bucket policy resource",
    "LG-S3-015",
    "access",
    bucket("curated"),
    (p) =>
      p.set(
        bucket("curated"),
        "policy",
        policyDoc([
          { Effect: "Allow", Principal: { AWS: ANALYST }, Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-lake-prod-curated/*" },
        ]),
      ),
  ),
  m(
    "unread-policies",
    "second-bucket-policy-module",
    "attach a second bucket policy to raw from another module",
    "LG-S3-015",
    "access",
    "module.glue_catalog.aws_s3_bucket_policy.crawler",
    (p) =>
      p.add(
        "glue_catalog",
        "aws_s3_bucket_policy",
        "crawler",
        {
          bucket: "acme-lake-prod-raw",
          policy: policyDoc([
            {
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::222222222222:role/DataAnalyst" },
              Action: "s3:ListBucket",
              Resource: "arn:aws:s3:::acme-lake-prod-raw",
            },
          ]),
        },
        { bucket: { constant_value: "acme-lake-prod-raw" }, policy: {} },
      ),
  ),
  m(
    "unread-policies",
    "actions-from-local",
    "take the EMR job's S3 actions from a local that says s3:*",
    "LG-IAM-001",
    "access",
    JOB_POLICY,
    (p) => p.docStatement(JOB_DOC, { actions: ["s3:*"], resources: ["arn:aws:s3:::acme-lake-prod-curated/*"] }, "local"),
  ),
  m(
    "unread-policies",
    "resources-from-local",
    "take the EMR job's readable objects from a local that says *",
    "LG-IAM-002",
    "access",
    JOB_POLICY,
    (p) => p.docStatement(JOB_DOC, { actions: ["s3:GetObject"], resources: ["*"] }, "local"),
  ),
  m(
    "unread-policies",
    "principals-from-local",
    "take the raw zone's readers from a local that says *",
    "LG-IAM-008",
    "access",
    ZONE_POLICY,
    (p) =>
      p.docStatement(
        ZONE_DOC,
        { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme-lake-prod-raw/*"], principals: [{ type: "AWS", ids: ["*"] }] },
        "local",
      ),
  ),
  m(
    "unread-policies",
    "jsonencode-star",
    "add a jsonencode() policy with every action to the EMR job role",
    "LG-IAM-001",
    "access",
    `module.emr_serverless.aws_iam_role_policy.extra`,
    jobPolicy("extra", [{ Effect: "Allow", Action: ["*"], Resource: "*" }]),
  ),

  m(
    "escalation",
    "create-job-passrole",
    "let the pipeline create Glue jobs and pass any of the environment's roles to them",
    "LG-IAM-003",
    "access",
    PIPELINE_POLICY,
    (p) =>
      p.docStatement(PIPELINE_DOC, {
        actions: ["glue:CreateJob", "iam:PassRole"],
        resources: ["arn:aws:glue:eu-west-1:222222222222:job/*", "arn:aws:iam::222222222222:role/acme-lake-prod-*"],
      }),
  ),
  m(
    "escalation",
    "passrole-service-role-path",
    "let the EMR job pass any role under service-role/",
    "LG-IAM-003",
    "access",
    JOB_POLICY,
    (p) => p.docStatement(JOB_DOC, { actions: ["iam:PassRole"], resources: ["arn:aws:iam::222222222222:role/service-role/*"] }),
  ),
  m(
    "escalation",
    "passrole-admin-infix",
    "let the EMR job pass roles whose names contain Admin",
    "LG-IAM-003",
    "access",
    `module.emr_serverless.aws_iam_role_policy.pass`,
    jobPolicy("pass", [
      { Effect: "Allow", Action: ["lambda:CreateFunction", "iam:PassRole"], Resource: ["arn:aws:iam::222222222222:role/*Admin*"] },
    ]),
  ),
  m(
    "escalation",
    "passrole-iam-wildcard-action",
    "let the EMR job call iam:Pass* on the platform's roles",
    "LG-IAM-003",
    "access",
    `module.emr_serverless.aws_iam_role_policy.pass`,
    jobPolicy("pass", [{ Effect: "Allow", Action: ["iam:Pass*"], Resource: ["arn:aws:iam::222222222222:role/acme-*"] }]),
  ),
  m(
    "escalation",
    "update-state-machine",
    "let the scheduler rewrite the pipeline's state machine",
    "LG-IAM-012",
    "access",
    "module.emr_serverless.aws_iam_role_policy.rewrite",
    jobPolicy("rewrite", [
      {
        Effect: "Allow",
        Action: ["states:UpdateStateMachine"],
        Resource: "arn:aws:states:eu-west-1:222222222222:stateMachine:acme-lake-prod-daily-orders",
      },
    ]),
  ),
  m("escalation", "assume-admin", "let the EMR job assume a data lake administrator", "LG-IAM-012", "access", JOB_POLICY, (p) =>
    p.docStatement(JOB_DOC, { actions: ["sts:AssumeRole"], resources: ["arn:aws:iam::222222222222:role/DataPlatformAdmin"] }),
  ),
  m(
    "escalation",
    "emr-ec2-managed",
    "attach AmazonElasticMapReduceforEC2Role (s3:* on every bucket) to the EMR job role",
    "LG-IAM-010",
    "access",
    "module.emr_serverless.aws_iam_role_policy_attachment.extra",
    attach("attachment", "arn:aws:iam::aws:policy/service-role/AmazonElasticMapReduceforEC2Role"),
  ),
  m(
    "escalation",
    "user-with-key",
    "add an IAM user with an access key for a partner's sync",
    "LG-IAM-013",
    "access",
    "module.etl_pipeline.aws_iam_access_key.sync",
    (p) =>
      p.add(
        "etl_pipeline",
        "aws_iam_access_key",
        "sync",
        { user: "partner-sync", status: "Active" },
        { user: { constant_value: "partner-sync" } },
      ),
  ),
  m(
    "escalation",
    "analyst-runs-jobs",
    "let the analysts start Spark jobs as the EMR job role (PassRole of its exact ARN)",
    "LG-IAM-014",
    "access",
    ANALYST_DOC_INSTANCE,
    (p) =>
      p.docStatement(ANALYST_DOC, {
        actions: ["emr-serverless:StartJobRun", "iam:PassRole"],
        resources: [
          "arn:aws:iam::222222222222:role/acme-lake-prod-emr-job",
          "arn:aws:emr-serverless:eu-west-1:222222222222:/applications/*",
        ],
      }),
  ),
  m(
    "escalation",
    "trust-admits-role",
    "let the analysts' role assume the EMR job role too",
    "LG-IAM-014",
    "access",
    JOB_ROLE,
    trust((st) => st.push({ Effect: "Allow", Principal: { AWS: ANALYST }, Action: "sts:AssumeRole" })),
  ),
  m(
    "escalation",
    "deregister-grant",
    "let the pipeline deregister locations from Lake Formation",
    "LG-IAM-012",
    "access",
    PIPELINE_POLICY,
    (p) => p.docStatement(PIPELINE_DOC, { actions: ["lakeformation:DeregisterResource"], resources: ["*"] }),
  ),
  m(
    "escalation",
    "bucket-name-pattern",
    "let the EMR job read every bucket of the environment by a name pattern",
    "LG-IAM-002",
    "access",
    JOB_POLICY,
    (p) => p.docStatement(JOB_DOC, { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme-lake-prod-*/*"] }),
  ),
  m(
    "escalation",
    "delete-any-table",
    "let the crawler delete tables of every database",
    "LG-IAM-002",
    "data-loss",
    "module.glue_catalog.aws_iam_role_policy.crawler",
    (p) =>
      p.docStatement("module.glue_catalog.data.aws_iam_policy_document.crawler_access", {
        actions: ["glue:DeleteTable", "glue:BatchDeleteTable"],
        resources: ["arn:aws:glue:eu-west-1:222222222222:table/*/*"],
      }),
  ),
  m(
    "escalation",
    "s3-read-only-managed",
    "attach AmazonS3ReadOnlyAccess to the EMR job role",
    "LG-IAM-010",
    "access",
    "module.emr_serverless.aws_iam_role_policy_attachment.extra",
    attach("attachment", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"),
  ),
  m(
    "escalation",
    "read-only-managed-arns",
    "list ReadOnlyAccess in the EMR job role's managed_policy_arns",
    "LG-IAM-010",
    "access",
    JOB_ROLE,
    attach("managed_policy_arns", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
  ),
  m(
    "escalation",
    "kinesis-read-only-managed",
    "attach AmazonKinesisReadOnlyAccess with aws_iam_policy_attachment",
    "LG-IAM-010",
    "access",
    "module.emr_serverless.aws_iam_policy_attachment.extra",
    attach("policy_attachment", "arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess"),
  ),
  m("escalation", "delete-object-version", "let the EMR job delete object versions", "LG-IAM-011", "data-loss", JOB_POLICY, (p) =>
    p.docStatement(JOB_DOC, { actions: ["s3:DeleteObjectVersion"], resources: ["arn:aws:s3:::acme-lake-prod-curated/*"] }),
  ),
  m(
    "escalation",
    "delete-star",
    "let the EMR job call s3:Delete* on curated",
    "LG-IAM-011",
    "data-loss",
    `module.emr_serverless.aws_iam_role_policy.cleanup`,
    jobPolicy("cleanup", [{ Effect: "Allow", Action: ["s3:Delete*"], Resource: ["arn:aws:s3:::acme-lake-prod-curated/*"] }]),
  ),
  m(
    "escalation",
    "suspend-versioning-grant",
    "let the analysts' role suspend versioning through the raw bucket policy",
    "LG-IAM-011",
    "data-loss",
    ZONE_POLICY,
    (p) =>
      p.docStatement(ZONE_DOC, {
        actions: ["s3:PutBucketVersioning", "s3:PutLifecycleConfiguration"],
        resources: ["arn:aws:s3:::acme-lake-prod-raw"],
        principals: [{ type: "AWS", ids: [ANALYST] }],
      }),
  ),
  m(
    "escalation",
    "oidc-repo-wildcard",
    "trust every repository of the organization from GitHub Actions",
    "LG-IAM-007",
    "access",
    "module.etl_pipeline.aws_iam_role.ci",
    githubRole("ci", "StringLike", "repo:acme/*:ref:refs/heads/main"),
  ),
  m(
    "escalation",
    "oidc-owner-wildcard",
    "trust a repository of that name under any owner",
    "LG-IAM-007",
    "access",
    "module.etl_pipeline.aws_iam_role.ci",
    githubRole("ci", "StringLike", "repo:*/lake:*"),
  ),
  m(
    "escalation",
    "oidc-any-value",
    "trust a list of subjects, one of them a wildcard repository",
    "LG-IAM-007",
    "access",
    "module.etl_pipeline.aws_iam_role.ci",
    githubRole("ci", "ForAnyValue:StringLike", ["repo:acme/lake:ref:refs/heads/main", "repo:acme/lake-*:*"]),
  ),
  m("escalation", "put-role-policy", "let the EMR job write inline policies on its own role", "LG-IAM-012", "access", JOB_POLICY, (p) =>
    p.docStatement(JOB_DOC, { actions: ["iam:PutRolePolicy"], resources: ["arn:aws:iam::222222222222:role/acme-lake-prod-emr-job"] }),
  ),
  m(
    "escalation",
    "lf-settings",
    "let the pipeline rewrite the data lake settings (and make itself an administrator)",
    "LG-IAM-012",
    "access",
    PIPELINE_POLICY,
    (p) =>
      p.docStatement(PIPELINE_DOC, {
        actions: ["lakeformation:GetDataLakeSettings", "lakeformation:PutDataLakeSettings"],
        resources: ["*"],
      }),
  ),
  m(
    "escalation",
    "assume-any-role",
    "let the EMR job assume any of the account's roles",
    "LG-IAM-012",
    "access",
    "module.emr_serverless.aws_iam_role_policy.hop",
    jobPolicy("hop", [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/*" }]),
  ),

  m(
    "data-loss-settings",
    "retention-cut",
    "cut the event stream's retention from a week to a day",
    "LG-CHANGE-007",
    "data-loss",
    'module.kinesis_ingest.aws_kinesis_stream.this["api-integrations"]',
    (p) => {
      const stream = 'module.kinesis_ingest.aws_kinesis_stream.this["api-integrations"]';
      p.update(stream, { retention_period: 168 });
      p.after(stream).retention_period = 24;
    },
  ),
  m(
    "data-loss-settings",
    "inventory-elsewhere",
    "send raw's inventory of every object version to a vendor's bucket",
    "LG-S3-018",
    "access",
    `${S}aws_s3_bucket_inventory.raw`,
    (p) =>
      p.add(
        "data_lake_storage",
        "aws_s3_bucket_inventory",
        "raw",
        {
          name: "all",
          included_object_versions: "All",
          destination: [{ bucket: [{ bucket_arn: "arn:aws:s3:::vendor-inventory", account_id: OUTSIDER, format: "CSV" }] }],
        },
        { bucket: { references: ['aws_s3_bucket.this["raw"].id'] }, destination: [{}] },
      ),
  ),
  m(
    "data-loss-settings",
    "crawler-deletes",
    "let a crawler delete tables whose objects it no longer finds",
    "LG-GLUE-006",
    "data-loss",
    CRAWLER,
    (p) => (p.after(CRAWLER).schema_change_policy[0].delete_behavior = "DELETE_FROM_DATABASE"),
  ),
  m(
    "data-loss-settings",
    "foreign-key",
    "encrypt raw with another account's KMS key",
    "LG-KMS-003",
    "access",
    `${S}aws_s3_bucket_server_side_encryption_configuration.this["raw"]`,
    (p) =>
      p.nested(
        `${S}aws_s3_bucket_server_side_encryption_configuration.this["raw"]`,
        (a) => (a.rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id = `arn:aws:kms:eu-west-1:${OUTSIDER}:key/0b1c2d3e`),
      ),
  ),
  m(
    "data-loss-settings",
    "firehose-elsewhere",
    "deliver the event stream to a partner's bucket",
    "LG-S3-018",
    "access",
    FIREHOSE,
    (p) => {
      p.after(FIREHOSE).extended_s3_configuration[0].bucket_arn = "arn:aws:s3:::partner-landing";
      delete p.change(FIREHOSE).change.after_unknown.extended_s3_configuration[0].bucket_arn;
    },
    "unknown",
  ),
  m(
    "data-loss-settings",
    "athena-results-elsewhere",
    "write Athena results to a bucket of another account",
    "LG-S3-018",
    "access",
    WORKGROUP,
    (p) =>
      p.nested(WORKGROUP, (a) =>
        Object.assign(a.configuration[0].result_configuration[0], {
          output_location: "s3://partner-results/athena/",
          expected_bucket_owner: OUTSIDER,
        }),
      ),
  ),
  m(
    "data-loss-settings",
    "processed-expires",
    "expire processed's objects after 30 days",
    "LG-S3-016",
    "data-loss",
    bucket("processed"),
    zoneRule("processed", (r) => (r.expiration = [{ days: 30, date: null, expired_object_delete_marker: false }])),
  ),
  m(
    "data-loss-settings",
    "curated-expires-date",
    "expire curated's objects on a date",
    "LG-S3-016",
    "data-loss",
    bucket("curated"),
    zoneRule("curated", (r) => (r.expiration = [{ days: null, date: "2027-01-01T00:00:00Z", expired_object_delete_marker: false }])),
  ),
  m(
    "data-loss-settings",
    "raw-expires-early",
    "cut raw's retention to 90 days",
    "LG-S3-016",
    "data-loss",
    bucket("raw"),
    zoneRule("raw", (r) => (r.expiration[0].days = 90)),
  ),
  m(
    "data-loss-settings",
    "inline-lifecycle",
    "add an archive bucket whose inline lifecycle_rule expires objects after 60 days",
    "LG-S3-016",
    "data-loss",
    `${S}aws_s3_bucket.archive`,
    (p) =>
      p.add(
        "data_lake_storage",
        "aws_s3_bucket",
        "archive",
        {
          bucket: "acme-lake-prod-archive",
          force_destroy: false,
          lifecycle_rule: [{ id: "old", enabled: true, expiration: [{ days: 60 }], noncurrent_version_expiration: [], transition: [] }],
          tags_all: { Environment: "prod", Project: "acme-lake", Zone: "archive" },
        },
        { bucket: { constant_value: "acme-lake-prod-archive" }, lifecycle_rule: [{}] },
      ),
  ),
  m(
    "data-loss-settings",
    "noncurrent-one-day",
    "keep raw's noncurrent versions for 1 day",
    "LG-S3-017",
    "data-loss",
    bucket("raw"),
    zoneRule("raw", (r) => (r.noncurrent_version_expiration[0].noncurrent_days = 1)),
  ),
  m(
    "data-loss-settings",
    "noncurrent-three-days",
    "keep curated's noncurrent versions for 3 days",
    "LG-S3-017",
    "data-loss",
    bucket("curated"),
    zoneRule("curated", (r) => (r.noncurrent_version_expiration[0].noncurrent_days = 3)),
  ),
  m(
    "data-loss-settings",
    "noncurrent-newer-zero",
    "keep none of processed's noncurrent versions beyond a week",
    "LG-S3-017",
    "data-loss",
    bucket("processed"),
    zoneRule("processed", (r) => (r.noncurrent_version_expiration = [{ noncurrent_days: 7, newer_noncurrent_versions: null }])),
  ),
  m("data-loss-settings", "key-disabled", "disable the lake key", "LG-KMS-002", "data-loss", KEY, (p) => p.set(KEY, "is_enabled", false)),
  m("data-loss-settings", "key-disabled-update", "disable the lake key that exists", "LG-KMS-002", "data-loss", KEY, (p) =>
    p.update(KEY, { is_enabled: true }).nested(KEY, (a) => (a.is_enabled = false)),
  ),
  m(
    "data-loss-settings",
    "key-enabled-unknown",
    "take the lake key's is_enabled from a value unknown at plan",
    "LG-KMS-002",
    "data-loss",
    KEY,
    unknownAttr(KEY, "is_enabled", "var.key_enabled"),
    "unknown",
  ),
  m(
    "data-loss-settings",
    "replicate-other-account",
    "replicate raw to another account's bucket",
    "LG-S3-018",
    "access",
    `${S}aws_s3_bucket_replication_configuration.copy`,
    replicate("raw", { bucket: "arn:aws:s3:::partner-landing", account: OUTSIDER, storage_class: "STANDARD" }),
  ),
  m(
    "data-loss-settings",
    "replicate-unmanaged-bucket",
    "replicate curated to a bucket this plan does not manage",
    "LG-S3-018",
    "access",
    `${S}aws_s3_bucket_replication_configuration.copy`,
    replicate("curated", { bucket: "arn:aws:s3:::somewhere-else", account: null, storage_class: "STANDARD" }),
    "unknown",
  ),
  m(
    "data-loss-settings",
    "replicate-owner-override",
    "replicate processed and hand the copies' ownership to another account",
    "LG-S3-018",
    "access",
    `${S}aws_s3_bucket_replication_configuration.copy`,
    replicate("processed", {
      bucket: "arn:aws:s3:::partner-copy",
      account: OUTSIDER,
      access_control_translation: [{ owner: "Destination" }],
    }),
  ),

  m(
    "lake-formation",
    "tag-alter",
    "grant the analysts ALTER through their LF-tag expression",
    "LG-LF-007",
    "access",
    ANALYST_TABLES,
    (p) => (p.after(ANALYST_TABLES).permissions = ["ALTER", "DESCRIBE", "SELECT"]),
  ),
  m(
    "lake-formation",
    "tag-drop-new",
    "grant a role DROP on every curated table by LF-tag",
    "LG-LF-007",
    "data-loss",
    `${LF}aws_lakeformation_permissions.cleanup`,
    tagGrant("cleanup", "arn:aws:iam::222222222222:role/Cleanup", ["DROP", "DESCRIBE"], [{ key: "zone", values: ["curated"] }]),
  ),
  m(
    "lake-formation",
    "tag-delete-insert",
    "grant the analysts DELETE and INSERT through their LF-tag expression",
    "LG-LF-008",
    "data-loss",
    ANALYST_TABLES,
    (p) => (p.after(ANALYST_TABLES).permissions = ["DELETE", "DESCRIBE", "INSERT", "SELECT"]),
  ),
  m(
    "lake-formation",
    "tag-grant-option",
    "let the analysts grant SELECT on, through their LF-tag expression",
    "LG-LF-008",
    "access",
    ANALYST_TABLES,
    (p) => (p.after(ANALYST_TABLES).permissions_with_grant_option = ["SELECT"]),
  ),
  m(
    "lake-formation",
    "named-grant-option",
    "let the EMR role grant its curated table permissions on",
    "LG-LF-008",
    "access",
    `${LF}aws_lakeformation_permissions.emr_tables["curated"]`,
    (p) => (p.after(`${LF}aws_lakeformation_permissions.emr_tables["curated"]`).permissions_with_grant_option = ["SELECT", "INSERT"]),
  ),
  m("lake-formation", "new-admin", "add a data lake administrator to the settings that exist", "LG-CHANGE-004", "access", SETTINGS, (p) => {
    const admins = p.after(SETTINGS).admins as string[];
    p.update(SETTINGS, { admins: [...admins] });
    p.after(SETTINGS).admins = [...admins, "arn:aws:iam::222222222222:role/DataEngineer"];
  }),
  m("lake-formation", "new-admin-swap", "swap an administrator for another", "LG-CHANGE-004", "access", SETTINGS, (p) => {
    const admins = p.after(SETTINGS).admins as string[];
    p.update(SETTINGS, { admins: [...admins] });
    p.after(SETTINGS).admins = [admins[0], "arn:aws:iam::222222222222:role/Contractor"];
  }),
  m(
    "lake-formation",
    "new-read-only-admin",
    "add a read-only administrator, who reads every table",
    "LG-CHANGE-004",
    "access",
    SETTINGS,
    (p) => {
      p.update(SETTINGS, { read_only_admins: [] });
      p.after(SETTINGS).read_only_admins = ["arn:aws:iam::222222222222:role/Auditor"];
    },
  ),
  m(
    "lake-formation",
    "confidential-zone",
    "add the raw zone (confidential) to the analysts' zones",
    "LG-LF-009",
    "access",
    ANALYST_TABLES,
    (p) => {
      // As the module writes it: the zones, and the classifications of those zones.
      const [classification, zone] = p.after(ANALYST_TABLES).lf_tag_policy[0].expression;
      zone.values = ["curated", "raw"];
      classification.values = ["internal", "confidential"];
    },
  ),
  m(
    "lake-formation",
    "confidential-classification",
    "add confidential to the analysts' classifications",
    "LG-LF-009",
    "access",
    ANALYST_DATABASES,
    (p) => (p.after(ANALYST_DATABASES).lf_tag_policy[0].expression[0].values = ["internal", "confidential"]),
  ),
  m(
    "lake-formation",
    "confidential-named",
    "grant the analysts SELECT on every raw table by name",
    "LG-LF-009",
    "access",
    `${LF}aws_lakeformation_permissions.raw_tables`,
    (p) =>
      p.add(
        "lake_formation",
        "aws_lakeformation_permissions",
        "raw_tables",
        { principal: ANALYST, permissions: ["SELECT"], table: [{ database_name: "acme_lake_prod_raw", wildcard: true }] },
        { principal: { constant_value: ANALYST }, permissions: { constant_value: ["SELECT"] }, table: [{}] },
      ),
  ),
  m(
    "lake-formation",
    "hybrid-raw",
    "move the raw location to hybrid access mode",
    "LG-CHANGE-005",
    "access",
    `${LF}aws_lakeformation_resource.zone["raw"]`,
    toHybrid("raw"),
  ),
  m(
    "lake-formation",
    "hybrid-curated",
    "move the curated location to hybrid access mode",
    "LG-CHANGE-005",
    "access",
    `${LF}aws_lakeformation_resource.zone["curated"]`,
    toHybrid("curated"),
  ),
  m(
    "lake-formation",
    "hybrid-fresh",
    "register raw in hybrid access mode in a new production environment",
    "LG-LF-010",
    "access",
    `${LF}aws_lakeformation_resource.zone["raw"]`,
    (p) => (p.after(`${LF}aws_lakeformation_resource.zone["raw"]`).hybrid_access_enabled = true),
  ),
  m(
    "lake-formation",
    "trusted-owner",
    "trust another account as a resource owner in the data lake settings",
    "LG-LF-006",
    "access",
    SETTINGS,
    (p) => p.set(SETTINGS, "trusted_resource_owners", [OUTSIDER]),
  ),
  m(
    "lake-formation",
    "hybrid-replaced",
    "register processed again, in hybrid access mode",
    "LG-CHANGE-005",
    "access",
    `${LF}aws_lakeformation_resource.zone["processed"]`,
    (p) => {
      p.destroy(`${LF}aws_lakeformation_resource.zone["processed"]`, { replacePaths: [["arn"]], before: { hybrid_access_enabled: false } });
      p.after(`${LF}aws_lakeformation_resource.zone["processed"]`).hybrid_access_enabled = true;
    },
  ),
  m(
    "lake-formation",
    "iam-principals",
    "grant SELECT on curated's tables to the account's IAMPrincipals",
    "LG-LF-002",
    "access",
    `${LF}aws_lakeformation_permissions.emr_tables["curated"]`,
    (p) => (p.after(`${LF}aws_lakeformation_permissions.emr_tables["curated"]`).principal = "222222222222:IAMPrincipals"),
  ),
  m(
    "lake-formation",
    "analyst-location",
    "give the analysts data location access, to define tables of their own",
    "LG-LF-008",
    "access",
    `${LF}aws_lakeformation_permissions.analyst_location`,
    (p) =>
      p.add(
        "lake_formation",
        "aws_lakeformation_permissions",
        "analyst_location",
        { principal: ANALYST, permissions: ["DATA_LOCATION_ACCESS"], data_location: [{ arn: "arn:aws:s3:::acme-lake-prod-raw" }] },
        { principal: { constant_value: ANALYST }, permissions: { constant_value: ["DATA_LOCATION_ACCESS"] }, data_location: [{}] },
      ),
  ),
  m(
    "lake-formation",
    "analyst-reads-s3",
    "give the analysts' role an inline policy that reads raw straight from S3",
    "LG-LF-011",
    "access",
    "module.lake_formation.aws_iam_role_policy.analyst_s3",
    (p) =>
      p.add(
        "lake_formation",
        "aws_iam_role_policy",
        "analyst_s3",
        {
          role: "DataAnalyst",
          policy: policyDoc([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme-lake-prod-raw/*" }]),
        },
        { role: { constant_value: "DataAnalyst" }, policy: {} },
      ),
  ),
  m("lake-formation", "declassify", "re-tag the raw database from confidential to internal", "LG-CHANGE-006", "access", RAW_TAGS, (p) => {
    const tags = p.after(RAW_TAGS).lf_tag as Json[];
    p.update(RAW_TAGS, { lf_tag: tags.map((t) => ({ ...t })) });
    tags.find((t) => t.key === "classification")!.value = "internal";
  }),
  m(
    "lake-formation",
    "deregister",
    "deregister the raw location from Lake Formation",
    "LG-CHANGE-005",
    "access",
    `${LF}aws_lakeformation_resource.zone["raw"]`,
    (p) => p.destroy(`${LF}aws_lakeformation_resource.zone["raw"]`),
  ),
  m(
    "lake-formation",
    "analyst-writes-code",
    "let the analysts upload Glue scripts to the artifacts bucket",
    "LG-LF-011",
    "access",
    ANALYST_DOC_INSTANCE,
    (p) => p.docStatement(ANALYST_DOC, { actions: ["s3:PutObject"], resources: ["arn:aws:s3:::acme-lake-prod-artifacts/glue/*"] }),
  ),
  m(
    "lake-formation",
    "table-retag",
    "tag a raw table internal and curated, past its confidential database",
    "LG-LF-009",
    "access",
    `${LF}aws_lakeformation_resource_lf_tags.orders`,
    (p) =>
      p.add(
        "lake_formation",
        "aws_lakeformation_resource_lf_tags",
        "orders",
        {
          table: [{ database_name: "acme_lake_prod_raw", name: "source_system_a" }],
          lf_tag: [
            { key: "classification", value: "internal" },
            { key: "zone", value: "curated" },
          ],
        },
        { table: [{}], lf_tag: [{}] },
      ),
  ),
  m(
    "lake-formation",
    "associate-tag",
    "let a Glue job role associate classification tags",
    "LG-LF-008",
    "access",
    `${LF}aws_lakeformation_permissions.tagger`,
    (p) =>
      p.add(
        "lake_formation",
        "aws_lakeformation_permissions",
        "tagger",
        {
          principal: "arn:aws:iam::222222222222:role/acme-lake-prod-glue-job",
          permissions: ["ASSOCIATE", "DESCRIBE"],
          lf_tag: [{ key: "classification", values: ["confidential", "internal", "public"] }],
        },
        { permissions: { constant_value: ["ASSOCIATE", "DESCRIBE"] }, lf_tag: [{}] },
      ),
  ),
  m(
    "lake-formation",
    "ram-share",
    "share the curated database with another account through RAM",
    "LG-LF-006",
    "access",
    `${LF}aws_ram_principal_association.partner`,
    (p) =>
      p.add(
        "lake_formation",
        "aws_ram_principal_association",
        "partner",
        { principal: OUTSIDER },
        { principal: { constant_value: OUTSIDER }, resource_share_arn: { references: ["aws_ram_resource_share.curated.arn"] } },
      ),
  ),
  m(
    "lake-formation",
    "database-iam-default",
    "give the raw database's new tables IAM_ALLOWED_PRINCIPALS defaults",
    "LG-LF-004",
    "access",
    'module.glue_catalog.aws_glue_catalog_database.this["raw"]',
    (p) =>
      (p.after('module.glue_catalog.aws_glue_catalog_database.this["raw"]').create_table_default_permission = [
        { permissions: ["ALL"], principal: [{ data_lake_principal_identifier: "IAM_ALLOWED_PRINCIPALS" }] },
      ]),
  ),
  m(
    "lake-formation",
    "public-class",
    "reclassify the processed database from internal to public",
    "LG-CHANGE-006",
    "access",
    `${LF}aws_lakeformation_resource_lf_tags.database["processed"]`,
    (p) => {
      const at = `${LF}aws_lakeformation_resource_lf_tags.database["processed"]`;
      const tags = p.after(at).lf_tag as Json[];
      p.update(at, { lf_tag: tags.map((t) => ({ ...t })) });
      tags.find((t) => t.key === "classification")!.value = "public";
    },
  ),
  m("lake-formation", "outside-admin", "make another account's role a data lake administrator", "LG-LF-006", "access", SETTINGS, (p) =>
    p.set(SETTINGS, "admins", [...(p.after(SETTINGS).admins as string[]), `arn:aws:iam::${OUTSIDER}:role/Admin`]),
  ),
  m(
    "lake-formation",
    "outside-tag-grant",
    "grant another account SELECT through an LF-tag expression",
    "LG-LF-006",
    "access",
    `${LF}aws_lakeformation_permissions.partner`,
    tagGrant("partner", OUTSIDER, ["SELECT", "DESCRIBE"], [{ key: "zone", values: ["curated"] }]),
  ),
  m(
    "lake-formation",
    "outside-org",
    "grant an organization SELECT on curated's tables",
    "LG-LF-006",
    "access",
    `${LF}aws_lakeformation_permissions.emr_tables["curated"]`,
    (p) =>
      (p.after(`${LF}aws_lakeformation_permissions.emr_tables["curated"]`).principal =
        "arn:aws:organizations::999999999999:organization/o-a1b2c3d4e5"),
  ),

  m(
    "unknown-values",
    "policy-unknown",
    "build the EMR job's extra policy with jsonencode() from an ARN known only at apply",
    "LG-IAM-006",
    "access",
    "module.emr_serverless.aws_iam_role_policy.extra",
    (p) => {
      p.add(
        "emr_serverless",
        "aws_iam_role_policy",
        "extra",
        { name: "extra" },
        {
          name: { constant_value: "extra" },
          policy: { references: ["aws_s3_bucket.scratch.arn", "aws_s3_bucket.scratch"] },
          role: { references: ["aws_iam_role.job.id"] },
        },
      );
      p.change("module.emr_serverless.aws_iam_role_policy.extra").change.after_unknown.policy = true;
    },
    "unknown",
  ),
  m(
    "unknown-values",
    "versioning-unknown",
    "take raw's versioning status from a value unknown at plan",
    "LG-S3-004",
    "data-loss",
    bucket("raw"),
    (p) => {
      const a = `${S}aws_s3_bucket_versioning.this["raw"]`;
      p.after(a).versioning_configuration = [{ mfa_delete: null }];
      p.change(a).change.after_unknown.versioning_configuration = [{ status: true }];
    },
    "unknown",
  ),
  m(
    "unknown-values",
    "principal-unknown",
    "grant ALL on the raw database to a principal known only at apply",
    "LG-LF-007",
    "access",
    `${LF}aws_lakeformation_permissions.database["crawler"]`,
    (p) => p.set(`${LF}aws_lakeformation_permissions.database["crawler"]`, "permissions", ["ALL"]),
  ),
  m(
    "unknown-values",
    "tls-policy-unknown",
    "replace raw's bucket policy with one built at apply",
    "LG-S3-007",
    "access",
    bucket("raw"),
    (p) => {
      const a = `${S}aws_s3_bucket_policy.this["raw"]`;
      p.config(a).expressions.policy = { references: ["terraform_data.policy.output"] };
    },
    "unknown",
  ),
  m(
    "unknown-values",
    "public-block-unknown",
    "take curated's public access block from a value unknown at plan",
    "LG-S3-005",
    "access",
    bucket("curated"),
    unknownAttr(`${S}aws_s3_bucket_public_access_block.this["curated"]`, "block_public_policy", "var.block"),
    "unknown",
  ),
  m(
    "unknown-values",
    "hybrid-unknown",
    "take raw's hybrid access mode from a value known only at apply",
    "LG-LF-010",
    "access",
    `${LF}aws_lakeformation_resource.zone["raw"]`,
    unknownAttr(`${LF}aws_lakeformation_resource.zone["raw"]`, "hybrid_access_enabled", "var.hybrid"),
    "unknown",
  ),
  m(
    "unknown-values",
    "delete-behavior-unknown",
    "take a crawler's delete behaviour from a value known only at apply",
    "LG-GLUE-006",
    "data-loss",
    CRAWLER,
    (p) => {
      p.after(CRAWLER).schema_change_policy = [{ update_behavior: "LOG" }];
      p.change(CRAWLER).change.after_unknown.schema_change_policy = [{ delete_behavior: true }];
    },
    "unknown",
  ),
  m(
    "unknown-values",
    "managed-policy-lookup",
    "attach a managed policy whose ARN comes from a lookup",
    "LG-IAM-010",
    "access",
    "module.emr_serverless.aws_iam_role_policy_attachment.looked_up",
    (p) => {
      p.add(
        "emr_serverless",
        "aws_iam_role_policy_attachment",
        "looked_up",
        {},
        { policy_arn: { references: ["data.aws_iam_policy.team.arn"] }, role: { references: ["aws_iam_role.job.name"] } },
      );
      p.change("module.emr_serverless.aws_iam_role_policy_attachment.looked_up").change.after_unknown.policy_arn = true;
    },
    "unknown",
  ),
  m(
    "unknown-values",
    "expiration-unknown",
    "take curated's expiration from a value known only at apply",
    "LG-S3-016",
    "data-loss",
    bucket("curated"),
    (p) => {
      p.after(lifecycle("curated")).rule[0].expiration = [{ date: null, expired_object_delete_marker: false }];
      p.change(lifecycle("curated")).change.after_unknown.rule = [{ expiration: [{ days: true }] }];
    },
    "unknown",
  ),
  m(
    "unknown-values",
    "grantee-unknown",
    "grant use of the lake key to a principal known only at apply",
    "LG-IAM-008",
    "access",
    `${S}aws_kms_grant.runtime`,
    (p) => {
      p.add(
        "data_lake_storage",
        "aws_kms_grant",
        "runtime",
        { name: "runtime", operations: ["Decrypt"] },
        {
          key_id: { references: ["aws_kms_key.lake[0].key_id", "aws_kms_key.lake[0]", "aws_kms_key.lake"] },
          grantee_principal: { references: ["var.grantee"] },
        },
      );
      p.change(`${S}aws_kms_grant.runtime`).change.after_unknown.grantee_principal = true;
    },
    "unknown",
  ),
  m(
    "unknown-values",
    "admin-unknown",
    "add a data lake administrator known only at apply",
    "LG-LF-006",
    "access",
    SETTINGS,
    (p) => {
      p.after(SETTINGS).admins = [...(p.after(SETTINGS).admins as string[]), null];
      p.change(SETTINGS).change.after_unknown.admins = [false, false, true];
    },
    "unknown",
  ),
  m(
    "unknown-values",
    "dynamic-statements",
    "add bucket policy statements in a dynamic block whose principals are known only at apply",
    "LG-IAM-008",
    "access",
    ZONE_POLICY,
    (p) => {
      for (const rc of p.instances(ZONE_DOC)) {
        rc.change.after.statement.push({ actions: ["s3:GetObject"], resources: null, principals: null, condition: [] });
        rc.change.after_unknown.statement.push({ resources: true, principals: true });
      }
    },
    "unknown",
  ),
  m(
    "unknown-values",
    "dynamic-list-unknown",
    "build the zone bucket policies' statements from a list known only at apply",
    "LG-IAM-006",
    "access",
    ZONE_POLICY,
    (p) => {
      for (const rc of p.instances(ZONE_DOC)) {
        delete rc.change.after.statement;
        rc.change.after_unknown.statement = true;
      }
    },
    "unknown",
  ),
  m(
    "unknown-values",
    "emr-release-lookup",
    "take the EMR release label from a lookup",
    "LG-EMR-004",
    "reliability",
    "module.emr_serverless.aws_emrserverless_application.spark",
    unknownAttr(
      "module.emr_serverless.aws_emrserverless_application.spark",
      "release_label",
      "data.aws_emr_release_labels.latest.release_labels",
    ),
    "unknown",
  ),
];

/**
 * The table of classes in docs/policy.md: each class's mistakes, the lakegen rules that catch them and
 * those rules' Checkov equivalents, derived from the corpus and the rules.
 */
export function classTable(rules: { id: string; equivalents?: { checkov?: string[] } }[]): string {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const rows = (Object.keys(MUTATION_CLASSES) as MutationClass[]).map((cls) => {
    const own = CLASS_MUTATIONS.filter((x) => x.class === cls);
    const ids = [...new Set(own.map((x) => x.rule))].sort();
    const checkov = [...new Set(ids.flatMap((id) => byId.get(id)?.equivalents?.checkov ?? []))].sort();
    return `| ${MUTATION_CLASSES[cls]} | ${own.length} | ${ids.join(", ")} | ${checkov.join(", ") || "—"} |`;
  });
  return ["| Class | Mistakes | lakegen rules | Checkov checks |", "| --- | ---: | --- | --- |", ...rows, ""].join("\n");
}
