/**
 * The lake's actors and the AWS calls each one makes at run time, with names and ARNs from a
 * rendered root: what must be allowed (`calls`) and what must not (`mustDeny`). Each call names
 * the IAM action and resource, the request context that matters (the calling service for KMS,
 * the encryption context), and the Lake Formation permissions the call needs.
 *
 * The Glue jobs and the EMR job use Spark's Glue Data Catalog client: it describes the `default`
 * database when the session starts, then the job's own databases and tables.
 */
import type { OrchestrationInputs } from "../../modules/etl-pipeline/schema";
import type { Source } from "../../modules/sources";
import { environmentConfig } from "../helpers";
import type { RenderedRoot } from "../rendered-root";
import { type ActorCall, type Call, Calls, s3Arn, tableOf, taskStates } from "./calls";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

export type { ActorCall } from "./calls";

export interface Actor {
  name: string;
  principal: string;
  calls: ActorCall[];
  /** Calls this actor must never be allowed to make. */
  mustDeny: ActorCall[];
}

const table = tableOf;
const DAY = "year=2026/month=01/day=31";

/** Every actor of one environment. */
export function actorsOf(root: RenderedRoot): Actor[] {
  const o = root.outputs;
  const { region, account } = root;
  const config = environmentConfig(root.env);
  const sources = config.sources as Record<string, Source>;
  const orchestration = config.orchestration as OrchestrationInputs;
  const bucket = (zone: string): string => o.data_lake_storage.bucket_names[zone];
  const s3 = s3Arn;
  const artifacts: string = o.data_lake_storage.artifacts_bucket_name;
  const db = (zone: string): string => o.glue_catalog.database_names[zone];
  const c = new Calls(root);
  const glue = c.glue.bind(c);
  const viaS3 = c.viaS3.bind(c);
  const viaGlue = c.viaGlue.bind(c);
  // No service actor uses the lake key with its own credentials, except a Glue job for its bookmarks.
  const directDecrypt = c.direct("kms:Decrypt");
  const database = c.database.bind(c);
  const onTable = c.onTable.bind(c);
  const createTable = c.createTable.bind(c);
  const actors: Actor[] = [];
  // No actor may change who governs the lake.
  const changeLakeSettings: Call = { action: "lakeformation:PutDataLakeSettings", resource: "*" };
  const add: Add = (name, principal, calls, mustDeny) =>
    void actors.push({
      name,
      principal,
      calls: calls.map((c) => ({ ...c, actor: name, principal })),
      mustDeny: [...mustDeny, changeLakeSettings].map((c) => ({ ...c, actor: name, principal })),
    });
  const sparkSession = [database("default")];

  // The crawler of each batch source: reads its raw prefix, registers the raw table and its days.
  const crawler: string = o.glue_catalog.crawler_role_arn;
  for (const src of Object.keys(o.glue_catalog.crawler_names)) {
    add(
      `crawler of ${src}`,
      crawler,
      [
        { action: "s3:ListBucket", resource: s3(bucket("raw")) },
        { action: "s3:GetObject", resource: s3(bucket("raw"), `${src}/2026/01/31/a.json`) },
        viaS3("kms:Decrypt", bucket("raw")),
        database(db("raw")),
        viaGlue("kms:Decrypt"),
        createTable(db("raw"), table(src), s3(bucket("raw"), `${src}/`)),
        onTable("glue:BatchCreatePartition", db("raw"), table(src), "INSERT"),
        onTable("glue:UpdateTable", db("raw"), table(src), "ALTER"),
      ],
      [
        { action: "s3:PutObject", resource: s3(bucket("raw"), `${src}/2026/01/31/a.json`) },
        { action: "s3:GetObject", resource: s3(bucket("curated"), `${src}/${DAY}/part-0.parquet`) },
        createTable(db("curated"), table(src), s3(bucket("curated"), `${src}/`)),
        directDecrypt,
      ],
    );
  }

  // Each source's Glue job: its raw prefix in, its processed prefix and table out.
  for (const [src, role] of Object.entries<string>(o.glue_catalog.job_role_arns)) {
    const other = Object.keys(sources).find((s) => s !== src)!;
    add(
      `glue job of ${src}`,
      role,
      [
        { action: "s3:GetObject", resource: s3(artifacts, "glue/scripts/raw_to_processed.py") },
        { action: "s3:ListBucket", resource: s3(bucket("raw")) },
        { action: "s3:GetObject", resource: s3(bucket("raw"), `${src}/2026/01/31/a.json`) },
        viaS3("kms:Decrypt", bucket("raw")),
        ...sparkSession,
        database(db("processed")),
        viaGlue("kms:Decrypt"),
        createTable(db("processed"), table(src), s3(bucket("processed"), `${src}/`)),
        { action: "s3:PutObject", resource: s3(bucket("processed"), `${src}/${DAY}/part-0.parquet`) },
        { action: "s3:DeleteObject", resource: s3(bucket("processed"), `${src}/${DAY}/load_end=20260201T030000Z/part-0.parquet`) },
        viaS3("kms:GenerateDataKey", bucket("processed")),
        onTable("glue:UpdateTable", db("processed"), table(src), "ALTER"),
        onTable("glue:BatchCreatePartition", db("processed"), table(src), "INSERT"),
        { action: "glue:PublishDataQuality", resource: glue("dataQualityRuleset", `${src}-in-job`) },
        // Its bookmark, encrypted client-side (CSE-KMS) by the job itself.
        c.direct("kms:GenerateDataKey"),
        c.direct("kms:Decrypt"),
      ],
      [
        { action: "s3:PutObject", resource: s3(bucket("raw"), `${src}/2026/01/31/a.json`) },
        { action: "s3:GetObject", resource: s3(bucket("raw"), `${other}/2026/01/31/a.json`) },
        { action: "s3:PutObject", resource: s3(bucket("processed"), `${other}/${DAY}/part-0.parquet`) },
        { action: "s3:PutObject", resource: s3(bucket("curated"), `${src}/${DAY}/part-0.parquet`) },
        { action: "s3:PutObject", resource: s3(artifacts, "glue/scripts/raw_to_processed.py") },
        createTable(db("curated"), table(src), s3(bucket("curated"), `${src}/`)),
      ],
    );
  }

  // The EMR job: its entry point and configuration, processed in, curated out.
  const emr: string = o.emr_serverless.job_role_arn;
  const curatedSources = Object.keys(sources).filter((s) => !sources[s].raw_only);
  const src = curatedSources[0];
  add(
    "EMR Serverless job",
    emr,
    [
      ...Object.values(orchestration.pipelines).map((p) => ({ action: "s3:GetObject", resource: s3(artifacts, p.entry_point) })),
      ...Object.keys(orchestration.pipelines).map((name) => ({
        action: "s3:GetObject",
        resource: s3(artifacts, `etl/pipelines/${name}.json`),
      })),
      ...sparkSession,
      database(db("processed")),
      viaGlue("kms:Decrypt"),
      onTable("glue:GetTable", db("processed"), table(src), "DESCRIBE"),
      onTable("glue:GetPartitions", db("processed"), table(src), "SELECT"),
      { action: "s3:ListBucket", resource: s3(bucket("processed")) },
      { action: "s3:GetObject", resource: s3(bucket("processed"), `${src}/${DAY}/part-0.parquet`) },
      viaS3("kms:Decrypt", bucket("processed")),
      database(db("curated")),
      createTable(db("curated"), table(src), s3(bucket("curated"), `${src}/`)),
      { action: "s3:PutObject", resource: s3(bucket("curated"), `${src}/${DAY}/part-0.parquet`) },
      { action: "s3:DeleteObject", resource: s3(bucket("curated"), `${src}/${DAY}/part-0.parquet`) },
      viaS3("kms:GenerateDataKey", bucket("curated")),
      onTable("glue:BatchCreatePartition", db("curated"), table(src), "INSERT"),
      onTable("glue:BatchDeletePartition", db("curated"), table(src), "DELETE"),
      // Its logs, written to the logs bucket with the lake key.
      {
        action: "s3:PutObject",
        resource: s3(o.data_lake_storage.log_bucket_name, "emr-serverless/applications/app/jobs/run/SPARK_DRIVER/stdout.gz"),
      },
      viaS3("kms:GenerateDataKey", o.data_lake_storage.log_bucket_name),
    ],
    [
      { action: "s3:GetObject", resource: s3(bucket("raw"), `${src}/2026/01/31/a.json`) },
      { action: "s3:PutObject", resource: s3(bucket("processed"), `${src}/${DAY}/part-0.parquet`) },
      { action: "s3:DeleteObject", resource: s3(bucket("processed"), `${src}/${DAY}/part-0.parquet`) },
      { action: "s3:PutObject", resource: s3(artifacts, "etl/transform.py") },
      { action: "s3:DeleteObject", resource: s3(artifacts, "etl/transform.py") },
      {
        action: "iam:PassRole",
        resource: `arn:aws:iam::${account}:role/SomeAdminRole`,
        context: { "iam:PassedToService": "emr-serverless.amazonaws.com" },
      },
      directDecrypt,
    ],
  );

  for (const [name, p] of Object.entries(orchestration.pipelines)) stateMachine(root, name, p.sources ?? [p.crawl_source], add);

  const scheduler = roleArn(root, "module.etl_pipeline.aws_iam_role.scheduler");
  add(
    "pipeline scheduler",
    scheduler,
    Object.values<string>(o.etl_pipeline.state_machine_arns).map((arn) => ({ action: "states:StartExecution", resource: arn })),
    [
      { action: "states:StartExecution", resource: `arn:aws:states:${region}:${account}:stateMachine:someone-elses` },
      { action: "states:StopExecution", resource: `arn:aws:states:${region}:${account}:execution:x:y` },
    ],
  );

  // The role Lake Formation vends data with, for the registered zones: the zones' objects, nothing else.
  add(
    "Lake Formation data access",
    roleArn(root, "module.lake_formation.aws_iam_role.data_access"),
    [
      { action: "s3:GetObject", resource: s3(bucket("curated"), `source-system-a/${DAY}/part-0.parquet`) },
      viaS3("kms:Decrypt", bucket("curated")),
      { action: "s3:PutObject", resource: s3(bucket("processed"), `source-system-a/${DAY}/part-0.parquet`) },
      viaS3("kms:GenerateDataKey", bucket("processed")),
    ],
    [
      { action: "s3:GetObject", resource: s3(artifacts, "etl/transform.py") },
      {
        action: "iam:PassRole",
        resource: `arn:aws:iam::${account}:role/SomeAdminRole`,
        context: { "iam:PassedToService": "emr-serverless.amazonaws.com" },
      },
      directDecrypt,
    ],
  );

  for (const stream of Object.keys(o.kinesis_ingest.stream_names)) {
    add(
      `Firehose of ${stream}`,
      roleArn(root, `module.kinesis_ingest.aws_iam_role.delivery["${stream}"]`),
      [
        { action: "kinesis:GetRecords", resource: o.kinesis_ingest.stream_arns[stream] },
        { action: "kinesis:GetShardIterator", resource: o.kinesis_ingest.stream_arns[stream] },
        c.via("kinesis", "kms:Decrypt"),
        { action: "s3:PutObject", resource: s3(bucket("raw"), `${stream}/2026/01/31/03/part.gz`) },
        viaS3("kms:GenerateDataKey", bucket("raw")),
      ],
      [
        { action: "s3:PutObject", resource: s3(bucket("processed"), `${stream}/${DAY}/part-0.parquet`) },
        { action: "s3:DeleteObject", resource: s3(bucket("raw"), `${stream}/2026/01/31/03/part.gz`) },
        directDecrypt,
      ],
    );
  }

  for (const analyst of (config.lake_formation as Json).analyst_roles as string[]) actors.push(analystOf(root, analyst));
  return actors;
}

const roleArn = (root: RenderedRoot, address: string) => `arn:aws:iam::${root.account}:role/${root.resources.get(address)!.values.name}`;

/** A state machine's calls, from its rendered definition: each Task's integration and what it names. */
type Add = (name: string, principal: string, calls: Call[], mustDeny: Call[]) => void;

/** A state machine's calls, from its rendered definition: each Task's integration and what it names; the Map's jobs are its sources'. */
function stateMachine(root: RenderedRoot, name: string, own: string[], add: Add): void {
  const o = root.outputs;
  const { account } = root;
  const c = new Calls(root);
  const glueJob = (n: string) => c.glue("job", n);
  const calls = Object.values(taskStates(JSON.parse(o.etl_pipeline.definitions[name]))).flatMap((t) =>
    t.Resource === "arn:aws:states:::glue:startJobRun.sync"
      ? own.flatMap((s) => c.task(t.Resource, { JobName: o.glue_catalog.job_names[s] }))
      : c.task(t.Resource, t.Parameters ?? {}),
  );
  const notOurs = Object.keys(o.glue_catalog.job_names).filter((s) => !own.includes(s));
  add(`state machine ${name}`, roleArn(root, `module.etl_pipeline.aws_iam_role.pipeline["${name}"]`), calls, [
    ...notOurs.map((s) => ({ action: "glue:StartJobRun", resource: glueJob(o.glue_catalog.job_names[s]) })),
    {
      action: "iam:PassRole",
      resource: `arn:aws:iam::${account}:role/SomeAdminRole`,
      context: { "iam:PassedToService": "emr-serverless.amazonaws.com" },
    },
    // The job role, but to another service.
    { action: "iam:PassRole", resource: o.emr_serverless.job_role_arn, context: { "iam:PassedToService": "ec2.amazonaws.com" } },
    { action: "ssm:PutParameter", resource: `arn:aws:ssm:${root.region}:${account}:parameter/other/parameter` },
    { action: "s3:GetObject", resource: `arn:aws:s3:::${o.data_lake_storage.bucket_names.curated}/${own[0]}/${DAY}/part-0.parquet` },
    c.direct("kms:Decrypt"),
  ]);
}

/** An analyst querying the analyst zones through Athena, with the policy the root outputs for analysts. */
function analystOf(root: RenderedRoot, principal: string): Actor {
  const o = root.outputs;
  const { region, account } = root;
  const name = `analyst ${principal.split("/").pop()}`;
  const db = o.glue_catalog.database_names;
  const zones = ((environmentConfig(root.env).lake_formation as Json).analyst_zones as string[]).map((z) => db[z]);
  const t = "source_system_a";
  const glue = (kind: string, n: string) => `arn:aws:glue:${region}:${account}:${kind}/${n}`;
  const calls = zones.flatMap((d) => new Calls(root).analystQuery(principal, d, t));
  const [, resultsBucket] = /^s3:\/\/([^/]+)\//.exec(o.athena.analyst_workgroups[principal].results_location)!;
  const key = o.data_lake_storage.kms_key_arn;
  const others = (["raw", "processed", "curated"] as const).filter((z) => !zones.includes(db[z]));
  const mustDeny: Call[] = [
    ...others.flatMap((z) => [
      {
        action: "glue:GetTable",
        resource: glue("table", `${db[z]}/${t}`),
        lf: [{ permission: "DESCRIBE" as const, resource: { database: db[z], table: t } }],
      },
      // Reading the zone's data directly; GetDataAccess is not listed, as under HYBRID an analyst
      // who is not opted in reaches data through IAM (this GetObject), not Lake Formation.
      { action: "s3:GetObject", resource: `arn:aws:s3:::${o.data_lake_storage.bucket_names[z]}/source-system-a/2026/01/31/a.json` },
    ]),
    { action: "s3:GetObject", resource: `arn:aws:s3:::${o.data_lake_storage.bucket_names.curated}/source-system-a/${DAY}/a.parquet` },
    { action: "athena:StartQueryExecution", resource: `arn:aws:athena:${region}:${account}:workgroup/primary` },
    // Another's results: the environment's workgroup (the platform team's queries) and another analyst's prefix.
    { action: "athena:GetQueryResults", resource: o.athena.workgroup_arn },
    { action: "s3:GetObject", resource: `arn:aws:s3:::${resultsBucket}/athena-results/q-admin.csv` },
    { action: "s3:GetObject", resource: `arn:aws:s3:::${resultsBucket}/athena-results/analysts/SomeoneElse/q-1.csv` },
    { action: "s3:GetObject", resource: `arn:aws:s3:::${o.data_lake_storage.bucket_names.temp}/emr/scratch.parquet` },
    // The key only through the services that need it: not directly.
    { action: "kms:Decrypt", resource: key, context: { "kms:CallerAccount": account } },
  ];
  return {
    name,
    principal,
    calls: calls.map((c) => ({ ...c, actor: name, principal })),
    mustDeny: mustDeny.map((c) => ({ ...c, actor: name, principal })),
  };
}
