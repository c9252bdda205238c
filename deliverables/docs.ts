/**
 * The brief's five deliverables for an environment, generated from its
 * validated tfvars and its synthesized root, so they cannot drift from what
 * Terraform builds: architecture.md, pipeline.md, data-model.md, cost.md and
 * operations.md.
 */
import { mermaidProblems } from "./mermaid";
import { ACCESS } from "../modules/access";
import { mdCode } from "../lib/markdown";
import type { EnvironmentConfig } from "../config/config";
import { moduleConfig, namePrefix } from "../config/config";
import { moduleBlockName } from "../envs/environment-stack";
import { MODULES } from "../modules";
import { bucketNames } from "../modules/data-lake-storage/schema";
import { peakSizing, sparkSubmitParameters } from "../modules/emr-serverless/schema";
import { type AslState, DEFINITION, STATE_PURPOSE, transitions } from "../modules/etl-pipeline/state-machine";
import type { JsonObject } from "../lib/json";
import { asObject } from "../lib/json";
import { SHIPPED_ENTRY_POINT } from "../modules/etl-pipeline/schema";
import { dqdlRules } from "../modules/glue-catalog/schema";
import type { Contract } from "../modules/sources";
import { costMarkdown, estimateCost, NoPricesError } from "./cost";
import type { Usage } from "./usage";

const id = (s: string) => s.replace(/[^A-Za-z0-9]+/g, "_");
const CATALOG_ZONES = ["raw", "processed", "curated"];

/** The modules a root consumes and which feed which, read from its module blocks' references. */
export function moduleGraph(root: JsonObject): { modules: string[]; edges: [string, string][] } {
  const modules = Object.keys(moduleBlocks(root));
  const edges: [string, string][] = [];
  for (const [name, block] of Object.entries(moduleBlocks(root))) {
    const refs = new Set([...JSON.stringify(block).matchAll(/module\.([a-z_]+)\./g)].map((m) => m[1]));
    for (const from of [...refs].sort()) if (from !== name) edges.push([from, name]);
  }
  return { modules, edges };
}

export function architecture(config: EnvironmentConfig, root: JsonObject): string {
  const env = config;
  const { modules, edges } = moduleGraph(root);
  const has = (m: string) => modules.includes(m);
  const sources = Object.entries(env.sources);
  const flow: string[] = ["flowchart LR", 'subgraph sources["Sources"]'];
  for (const [name, s] of sources) flow.push(`src_${id(name)}["${name}<br/>${s.ingestion}, ${s.format}"]`);
  flow.push("end");
  if (has("data_lake_storage")) {
    flow.push('subgraph lake["S3 data lake"]');
    for (const z of [...CATALOG_ZONES, "temp"]) flow.push(`zone_${z}[("${z}")]`);
    flow.push("end");
  }
  for (const [name, s] of sources) {
    if (s.ingestion === "stream" && has("kinesis_ingest")) {
      const mode = s.stream?.mode === "PROVISIONED" ? `${s.stream.shard_count} shards` : "on demand";
      flow.push(
        `src_${id(name)} --> kds_${id(name)}["Kinesis ${name}<br/>${mode}"] --> fh_${id(name)}["Firehose ${name}"] ` +
          `-->|"${name}/YYYY/MM/DD/"| zone_raw`,
      );
    } else flow.push(`src_${id(name)} -->|"batch files"| zone_raw`);
  }
  if (has("glue_catalog")) {
    flow.push(
      `zone_raw --> glue["Glue crawlers and ETL jobs<br/>${env.glue.number_of_workers} × ${env.glue.worker_type}"] -->|"Parquet, ` +
        `Snappy"| zone_processed`,
    );
  }
  if (has("emr_serverless")) {
    const e = env.emr;
    flow.push(`zone_processed --> emr["EMR Serverless Spark<br/>${e.release_label}, ${e.architecture}"] --> zone_curated`);
  }
  if (has("athena")) flow.push('zone_curated --> athena["Athena workgroup"] --> consumers["BI tools and analysts"]');
  if (has("lake_formation")) flow.push('lf["Lake Formation<br/>LF-tags and grants"] -.-> zone_curated');
  if (has("etl_pipeline")) {
    for (const name of Object.keys(env.orchestration.pipelines)) {
      flow.push(`sched_${id(name)}["Schedule ${name}"] --> sfn_${id(name)}["Step Functions ${name}"]`);
      if (has("emr_serverless")) flow.push(`sfn_${id(name)} -.-> emr`);
      if (has("glue_catalog")) flow.push(`sfn_${id(name)} -.-> glue`);
    }
  }
  if (has("monitoring")) flow.push('alarms["CloudWatch alarms and EventBridge rules"] --> sns["SNS alerts"] --> people["On-call e-mail"]');

  const wiring = ["flowchart LR", ...modules.map((m) => `${m}["${m.replace(/_/g, "-")}"]`), ...edges.map(([a, b]) => `${a} --> ${b}`)];
  const settings = modules
    .map((m) => {
      const key = Object.keys(asObject(moduleBlocks(root)[m])).length;
      return `| ${m.replace(/_/g, "-")} | ${key - 1} inputs | ${keySettings(config, m)} |`;
    })
    .join("\n");
  return [
    `# Architecture: ${env.environment}`,
    "",
    "Generated from the synthesized root configuration and `tfvars/" + env.environment + ".tfvars`.",
    "",
    "## Data flow",
    "",
    "```mermaid",
    flow.join("\n"),
    "```",
    "",
    "## Module wiring",
    "",
    "Each arrow is a module output passed to another module's input in the root.",
    "",
    "```mermaid",
    wiring.join("\n"),
    "```",
    "",
    "## Components",
    "",
    "| module | inputs | key settings |",
    "|---|---|---|",
    settings,
    "",
  ].join("\n");
}

/** A module's key settings, as its definition summarizes its tfvars object. */
function keySettings(env: EnvironmentConfig, block: string): string {
  const def = MODULES.find((m) => moduleBlockName(m) === block);
  return def?.keySettings?.(moduleConfig(env, def)) ?? "";
}

export function pipeline(env: EnvironmentConfig): string {
  const e = env;
  const params = sparkSubmitParameters(e.emr);
  const d = e.emr.driver;
  const x = e.emr.executor;
  const n = e.emr.max_executors;
  const peak = peakSizing(e.emr);
  const out = [
    `# ETL pipelines: ${env.environment}`,
    "",
    "## Resource math",
    "",
    "```",
    "Total Spark resources = Driver + (Max Executors × Executor Resources)",
    `Driver: ${d.cpu} vCPU, ${d.memory_gb} GB`,
    `Executors: ${n} max, ${x.cpu} vCPU each, ${x.memory_gb} GB each`,
    `Total: ${d.cpu} + (${n} × ${x.cpu}) = ${peak.cpu} vCPU, ${d.memory_gb} + (${n} × ${x.memory_gb}) = ${peak.memory_gb} GB`,
    `Maximum capacity: ${e.emr.max_capacity.cpu} vCPU, ${e.emr.max_capacity.memory_gb} GB`,
    "```",
    "",
    "## Spark parameters submitted by every pipeline",
    "",
    "```",
    params.replace(/ --conf/g, "\n--conf"),
    "```",
    "",
  ];
  for (const [name, p] of Object.entries(e.orchestration.pipelines)) {
    out.push(
      `## Pipeline ${name}`,
      "",
      `- Schedule: ${mdCode(p.schedule)} (${p.timezone}); each run processes from the last window end (SSM bookmark) to its scheduled ` +
        `time.`,
      `- Glue jobs first (raw to processed): ${(p.sources ?? [p.crawl_source]).map((s: string) => `\`${s}\``).join(", ")}. Each reads ` +
        `the raw files its bookmark has not seen, evaluates its source's Data Quality rules before it writes (on the load as its load ` +
        `pattern curates it), and writes them under \`load_end=<window end>\`, replacing that load if the run is retried; a failed ` +
        `rule fails that job only: the other sources are curated, then the run ends at NotifyFailure naming the failed job, with the ` +
        `bookmark unchanged, so the next run takes the window up again. Glue itself never retries a run.`,
      `- Spark entry point: \`s3://<artifacts bucket>/${p.entry_point}\`` +
        `${p.entry_point === SHIPPED_ENTRY_POINT ? " (shipped by lakegen)" : ""}, ` +
        `with \`--config s3://<artifacts bucket>/etl/pipelines/${name}.json\`, \`--window-start\` and \`--window-end\`. It curates every ` +
        "day that the window's loads touched (a file that landed late for an earlier day rebuilds that day) by each source's load " +
        `pattern (data-model.md), in curated Parquet files of about ${p.target_file_size_mb} MB (measured on the source's processed ` +
        `files), at most ${p.max_records_per_file} rows each, and registers the curated tables and partitions in ` +
        `\`${namePrefix(env).replace(/-/g, "_")}_curated\`.`,
      `- Then the crawler of \`${p.crawl_source}\` (it catalogues raw), polled every ${e.orchestration.crawler_poll_seconds} s for at ` +
        `most ${e.orchestration.task_timeouts.crawl_seconds} s; a failed or endless crawl goes to NotifyFailure.`,
      `- Timeouts: each Glue job task ${e.orchestration.task_timeouts.glue_job_seconds} s, the Spark job ` +
        `${e.orchestration.task_timeouts.spark_job_seconds} s, each short call ${e.orchestration.task_timeouts.call_seconds} s; a task ` +
        `past its timeout fails with States.Timeout into NotifyFailure. The execution stops after ${e.orchestration.timeout_seconds} s ` +
        `(TimeoutSeconds), more than the tasks together, and counts as timed out, which the pipeline_timed_out alarm watches.`,
      `- Retries: ${e.orchestration.retry.max_attempts} attempts, ${e.orchestration.retry.interval_seconds} s apart, backoff × ` +
        `${e.orchestration.retry.backoff_rate}, each task only for the errors of ` +
        `${e.orchestration.retry.errors.map((x: string) => `\`${x}\``).join(", ")} that its own service raises; any other error, such ` +
        `as a failed job (States.TaskFailed), goes straight to NotifyFailure (every task catches States.ALL).`,
      "",
      "| state | type | integration | does |",
      "|---|---|---|---|",
      ...Object.entries<AslState>(DEFINITION.States).map(
        ([state, s]) => `| ${state} | ${s.Type} | ${integrationOf(s)} | ${STATE_PURPOSE[state]} |`,
      ),
      "",
      "```mermaid",
      pipelineChart(),
      "```",
      "",
    );
  }
  return out.join("\n");
}

/** The state machine as a flowchart, from the definition's transitions. */
export function pipelineChart(): string {
  const label = (l: string) => (l ? `|${l.replace(/\|/g, "/")}|` : "");
  return [
    "flowchart TD",
    ...Object.entries<AslState>(DEFINITION.States).map(([state, s]) => `  ${state}["${state} (${s.Type})"]`),
    ...transitions(DEFINITION.States).map(([a, b, l]) => `  ${a} -->${label(l)} ${b}`),
  ].join("\n");
}

/** What curated holds for each load pattern (transform.py implements them). */
const LOAD_MEANING: Record<Contract["load"], string> = {
  append: "every distinct record once, whichever file or load brought it",
  upsert: "each key's latest version by the ordering column; a late, older version never overwrites a newer one",
  full_refresh: "the latest load only: each load replaces the source's data",
};

export function dataModel(env: EnvironmentConfig): string {
  return [
    `# Data model: ${env.environment}`,
    "",
    ...zonesSection(env),
    ...catalogSection(env),
    ...columnsSection(env),
    ...loadsSection(env),
    ...qualitySection(env),
  ].join("\n");
}

/** The zones: buckets, layout, versioning and lifecycle. */
/** A zone's lifecycle, as the zones table says it. */
const lifecycle = (z: EnvironmentConfig["storage"]["zones"]["raw"]) =>
  [
    ...(z.transitions ?? []).map((t) => `${t.storage_class} after ${t.days} d`),
    z.expiration_days ? `expire after ${z.expiration_days} d` : "kept",
  ].join(", ");

/** Each zone's layout and format. */
const ZONE_LAYOUT: Record<string, [string, string]> = {
  raw: ["`<source>/YYYY/MM/DD/`", "as received (the source's format: JSON, CSV, XML or Parquet); JSON Lines in GZIP from Firehose"],
  processed: ["`<source>/year=YYYY/month=MM/day=DD/load_end=<window end>/`", "Parquet, Snappy; each row keeps its raw `source_file`"],
  curated: ["`<source>/year=YYYY/month=MM/day=DD/`", "Parquet, Snappy, by the source's load pattern (below)"],
  temp: ["free-form", "any; scratch"],
};

function zonesSection(env: EnvironmentConfig): string[] {
  const e = env;
  const buckets = bucketNames({ name_prefix: namePrefix(env), ...e.storage });
  return [
    "## Zones",
    "",
    "| zone | bucket | prefixes and partitions | format | versioning | lifecycle |",
    "|---|---|---|---|---|---|",
    ...Object.entries(e.storage.zones).map(([z, cfg]) => {
      // An existing bucket keeps its owner's versioning and lifecycle: lakegen sets neither.
      const owners = z in e.storage.existing_buckets;
      const [versioning, rules] = owners ? ["its owner's", "its owner's"] : [cfg.versioning ? "on" : "off", lifecycle(cfg)];
      return `| ${z} | \`${buckets[z]}\` | ${ZONE_LAYOUT[z]?.[0] ?? ""} | ${ZONE_LAYOUT[z]?.[1] ?? ""} | ${versioning} | ${rules} |`;
    }),
    "",
    `Every bucket aborts incomplete uploads after ${e.storage.abort_incomplete_multipart_upload_days} days and expires noncurrent ` +
      `versions after ${e.storage.noncurrent_version_expiration_days} days; logs expire after ${e.storage.log_expiration_days} days.`,
    "",
  ];
}

/** The databases, and each source's tables. */
function catalogSection(env: EnvironmentConfig): string[] {
  const e = env;
  const db = namePrefix(env).replace(/-/g, "_");
  const buckets = bucketNames({ name_prefix: namePrefix(env), ...e.storage });
  return [
    "## Glue Data Catalog",
    "",
    "| database | location |",
    "|---|---|",
    ...CATALOG_ZONES.map((z) => `| \`${db}_${z}\` | \`s3://${buckets[z]}/\` |`),
    "",
    "| source | ingestion | raw format | crawler | processed table | curated table |",
    "|---|---|---|---|---|---|",
    ...Object.entries(e.sources).map(
      ([name, s]) =>
        `| ${name} | ${s.ingestion} | ${s.format} | ` +
        `${s.ingestion === "batch" ? mdCode(s.crawler_schedule ?? "on demand") : "none (streamed)"} | ` +
        `\`${db}_processed.${name.replace(/-/g, "_")}\` | ` +
        `${s.raw_only ? "none (raw only)" : `\`${db}_curated.${name.replace(/-/g, "_")}\``} |`,
    ),
    "",
    "Terraform creates the processed and curated tables of every source whose contract declares its columns, so Lake Formation grants " +
      "and analysts see them at apply; the Glue jobs add the processed partitions, the Spark job the curated ones. For a source without " +
      "declared columns, the jobs create the tables from what arrives. The crawlers catalogue raw. Analysts query the curated tables, " +
      "which carry the source's columns and the partition columns `year`, `month` and `day`.",
    "",
  ];
}

/** Each source's declared columns. */
function columnsSection(env: EnvironmentConfig): string[] {
  const e = env;
  return [
    "## Declared columns (each source's contract)",
    "",
    "Each load is cast to these columns. A row that does not fit (a value its type cannot take, a missing key or required value, a " +
      "value out of its range, a date after the window) is quarantined with its reason under " +
      "`processed/<source>/_quarantine/load_end=<window end>/`, and the rest of its load goes on; a column that is not declared is " +
      "kept out and reported in the job's log. A new column is added to both tables in place, and older partitions read it as null. " +
      "Validation refuses a removed column or a changed type against the columns recorded beside the tfvars file (`<env>.schemas.json`), " +
      "unless the column is in `contract.migrate_columns`.",
    "",
    ...Object.entries(e.sources).flatMap(([name, s]) => {
      const c = s.contract;
      if (!c.columns.length) return [`- **${name}:** not declared: the jobs keep the columns that arrive, with the types Spark infers.`];
      return [
        `- **${name}:** ${c.columns.map((col) => `${mdCode(col.name)} ${col.type}`).join(", ")}` +
          (c.migrate_columns.length ? ` (migrating: ${c.migrate_columns.map(mdCode).join(", ")})` : ""),
      ];
    }),
    "",
  ];
}

/** Each source's load pattern. */
function loadsSection(env: EnvironmentConfig): string[] {
  const e = env;
  return [
    "## Load patterns (each source's contract)",
    "",
    "| source | load | key | ordering column | what curated holds | a window with no data |",
    "|---|---|---|---|---|---|",
    ...Object.entries(e.sources)
      .filter(([, s]) => !s.raw_only)
      .map(([name, s]) => {
        const c = s.contract;
        const silence = c.expected_every_window ? "fails the run, naming the source and the window" : "expected: skipped";
        return (
          `| ${name} | ${c.load} | ${c.key.length ? c.key.map(mdCode).join(", ") : "none"} | ` +
          `${c.ordering_column ? mdCode(c.ordering_column) : "none"} | ${LOAD_MEANING[c.load as Contract["load"]]} | ${silence} |`
        );
      }),
    "",
  ];
}

/** Each source's Data Quality rules. */
function qualitySection(env: EnvironmentConfig): string[] {
  const e = env;
  return [
    "## Data quality (Glue Data Quality, DQDL)",
    "",
    ...Object.entries(e.sources).flatMap(([name, s]) => {
      const rules = dqdlRules(s.quality);
      return rules.length ? [`- **${name}:** \`Rules = [ ${rules.join(", ")} ]\``] : [`- **${name}:** no checks declared`];
    }),
    "",
  ];
}

const RUNBOOK: Record<string, string> = {
  pipeline_failed:
    "Open the failed execution in Step Functions; the NotifyFailure message names the state and error, and GlueJobsFailed names each " +
    "source that did not load (the others were curated). Fix, then start a new execution with the same window_end, or let the next run " +
    "take the window up. A QuarantinedError names the source's `_quarantine/load_end=<window end>/` folder (see rows_quarantined). A " +
    "source with `no new data` delivered nothing in the window.",
  rows_quarantined:
    "The source's rows that did not fit its contract, or whose load failed a Data Quality rule, wait under " +
    "`processed/<source>/_quarantine/load_end=<window end>/` as JSON, as they arrived, each with its `source_file` and " +
    "`quarantine_reason`; the rest of the load was curated. Fix the contract (apply it) or the rows in place, then replay: `aws glue " +
    'start-job-run --job-name <job> --arguments \'{"--replay_load":"<window end>"}\'`. The replay loads them as of now, the next ' +
    "pipeline run curates them, and the folder moves to `_quarantine/replayed/`, so it is not loaded twice; start it while no execution " +
    "of the source's pipeline runs. A full refresh's load is set aside whole when any of its rows does not fit or any of its files lies " +
    "outside the layout (a snapshot without them would delete their keys), and a snapshot that a later load has replaced is not " +
    "replayed. Rows of a file outside `<source>/YYYY/MM/DD/` stay quarantined: move the file under its day in raw, and the next run " +
    "loads it.",
  pipeline_timed_out: "Check the EMR job run's duration against the EMR capacity; raise max_executors or split the window.",
  delivery_freshness:
    "Firehose is behind, or no data arrives (no data counts as breaching): check that the producer still writes to the stream, then " +
    "the delivery log group for S3 or KMS errors and the errors/ prefix in raw.",
  iterator_age: "Consumers lag the stream: check Firehose delivery errors; for provisioned streams, add shards.",
  write_throttled: "Producers exceed the stream's capacity: add shards or switch the source to ON_DEMAND.",
};

export function operations(env: EnvironmentConfig): string {
  const e = env;
  const emails = e.monitoring.alert_emails.length ? e.monitoring.alert_emails.join(", ") : "no e-mail subscribers";
  const to = `SNS \`${namePrefix(env)}-alerts\` → ${emails}`;
  return [
    `# Operations: ${env.environment}`,
    "",
    `Each pipeline execution stops after ${e.orchestration.timeout_seconds} s (TimeoutSeconds); a timed-out execution counts in ` +
      `pipeline_timed_out. The Glue jobs gate on their Data Quality rules: a load that fails one is quarantined whole, with the failed ` +
      `rules as its reason, and the other sources are curated; the run then fails once, naming the source, and a replay loads the load ` +
      `once it is fixed.`,
    "",
    `Success notices (one per processed window, from NotifySuccess) go to SNS \`${namePrefix(env)}-pipeline-notifications\` → ` +
      `${e.orchestration.notification_emails.join(", ")}.`,
    "",
    `Every alert goes to ${to}. Alarms evaluate ${e.monitoring.alarm_evaluation_periods} period(s) of ` +
      `${e.monitoring.alarm_period_seconds} s and fire when ${e.monitoring.alarm_datapoints_to_alarm} of them breach; a period with ` +
      `no data counts as ${e.monitoring.treat_missing_data}.`,
    "",
    ...alarmsSection(env),
    ...rulesSection(),
    ...columnChangesSection(),
    ...accessSection(),
    ...analystSection(env),
    ...budgetSection(env),
  ].join("\n");
}

/** The alarms, with what each watches and its runbook. */
function alarmsSection(env: EnvironmentConfig): string[] {
  const e = env;
  const t = e.monitoring.thresholds;
  const pipelines = Object.keys(e.orchestration.pipelines);
  const streams = Object.entries(e.sources)
    .filter(([, s]) => s.ingestion === "stream")
    .map(([n]) => n);
  const alarms: [string, string, string, string][] = [
    ["pipeline_failed", "ExecutionsFailed ≥ " + t.pipeline_executions_failed, pipelines.join(", "), RUNBOOK.pipeline_failed],
    ["pipeline_timed_out", "ExecutionsTimedOut ≥ " + t.pipeline_executions_timed_out, pipelines.join(", "), RUNBOOK.pipeline_timed_out],
    [
      "delivery_freshness",
      `DeliveryToS3.DataFreshness > ${t.delivery_freshness_seconds} s`,
      streams.join(", "),
      RUNBOOK.delivery_freshness,
    ],
    ["iterator_age", `GetRecords.IteratorAgeMilliseconds > ${t.iterator_age_ms} ms`, streams.join(", "), RUNBOOK.iterator_age],
    ["write_throttled", `WriteProvisionedThroughputExceeded ≥ ${t.write_throttled_records}`, streams.join(", "), RUNBOOK.write_throttled],
    ["rows_quarantined", `QuarantinedRows > ${t.quarantined_rows}`, Object.keys(e.sources).join(", "), RUNBOOK.rows_quarantined],
  ];
  return [
    "## Alarms",
    "",
    "| alarm | condition | on | runbook |",
    "|---|---|---|---|",
    ...alarms.filter(([, , on]) => on).map(([name, cond, on, runbook]) => `| ${name} | ${cond} | ${on} | ${runbook} |`),
    "",
  ];
}

/** The EventBridge rules and their runbooks. */
function rulesSection(): string[] {
  return [
    "## EventBridge rules",
    "",
    "| rule | matches | runbook |",
    "|---|---|---|",
    "| glue_job_failed | Glue job state FAILED or TIMEOUT | Read the job run's error and its CloudWatch logs; rerun, the bookmark " +
      "resumes where it stopped. |",
    "| emr_job_failed | EMR Serverless job run FAILED | Open the job run's logs under emr-serverless/ in the log bucket; check driver " +
      "and executor memory. |",
    "| crawler_failed | Glue crawler state Failed, scheduled or started by a pipeline | Read the crawler's CloudWatch logs " +
      "(/aws-glue/crawlers); fix the classifier or permissions, then rerun the pipeline for the same window_end. |",
    "| data_quality_failed | Data Quality evaluation FAILED or with failed rules | The load that failed its rules was quarantined " +
      "whole, with the failed DQDL rules as its reason, and the pipeline curated the other sources, then failed naming it: fix the " +
      "rows or the checks, then replay the load (rows_quarantined). |",
    "",
  ];
}

/** How to change a source's columns. */
function columnChangesSection(): string[] {
  return [
    "## Changing a source's columns",
    "",
    "Add a column: declare it in `contract.columns`, run `lakegen synth` (it records the columns in `tfvars/<env>.schemas.json`; " +
      "commit both), and apply: Terraform adds it to the processed and curated tables in place, and older partitions read it as null. A " +
      "column the source starts sending before it is declared is kept out and named in the job's `load_conformed` log line " +
      "(`undeclared_columns`); a declared column that no row of a load carries, as after a rename at the source, is named there too " +
      "(`missing_columns`).",
    "",
    "Remove a column or change its type: validation refuses it, naming the source and the column, because the data already loaded " +
      "cannot follow (Spark reads no Parquet column as another type). To do it anyway, list the column in `contract.migrate_columns`: a " +
      "removed column is left out of every read from then on; for a changed type, rewrite the source's processed history before the next " +
      "run (replay its raw files with a reset job bookmark into an empty processed prefix), or its curated build fails, naming the " +
      "column, and the other sources go on.",
    "",
    "Declare the columns of a source that already ran: its jobs created its tables from what arrived, so import them before you apply " +
      "(`terraform import 'module.glue_catalog.aws_glue_catalog_table.processed[\"<source>\"]' <account>:<processed " +
      "database>:<table>`, and " +
      "`.curated` likewise), and declare each column with the type its processed Parquet files hold (`SHOW CREATE TABLE` in Athena): " +
      "Spark reads no column as another type. Under LAKE_FORMATION, the role that applies needs ALTER on the tables it imports; as a " +
      "data lake administrator it can grant itself that.",
    "",
  ];
}

/** Who may do what. */
function accessSection(): string[] {
  return [
    "## Who may do what",
    "",
    "Each actor's access, as the authorization tests hold every rendered root to it (modules/access.ts). Reads and writes are S3 " +
      "objects reached directly; an actor is denied every zone it does not list.",
    "",
    "| actor | does | reads | writes | within | Lake Formation | lake key |",
    "|---|---|---|---|---|---|---|",
    ...ACCESS.map(
      (a) =>
        `| ${a.actor} | ${a.does} | ${a.reads.join(", ") || "—"} | ${a.writes.join(", ") || "—"} | ` +
        `${a.within ?? (a.reads.length + a.writes.length ? "the whole zone" : "—")} | ${a.lakeFormation} | ${a.key} |`,
    ),
    "",
  ];
}

/** What analysts may read, and how. */
function analystSection(env: EnvironmentConfig): string[] {
  const e = env;
  return [
    "## Analyst access",
    "",
    `Analysts (${(e.lake_formation.analyst_roles as string[]).map((r) => `\`${r}\``).join(", ") || "none listed"}) read the ` +
      `${(e.lake_formation.analyst_zones as string[]).join(", ")} tables of the classifications ` +
      `${analystClassifications(e).join(", ")} through Lake Formation grants on the \`zone\` and \`classification\` LF-tags. Each role ` +
      "also needs its IAM policy from the lake-formation module's `analyst_policies` output, by role ARN (`terraform output -json` in " +
      `the root, module \`lake_formation\`): Athena queries in its own workgroup \`${namePrefix(env)}-<role name>\` only; read-only Glue ` +
      "catalog access to the catalog and the databases of the analyst zones; `lakeformation:GetDataAccess`; `kms:Decrypt` and " +
      "`kms:GenerateDataKey` on the lake key through Glue and S3 only (the catalog and the query results are encrypted with it); and " +
      "read and write on its own workgroup's results prefix in the temp bucket, so no analyst reads another's results. It grants " +
      "nothing on the zone buckets: Lake Formation vends the data, so raw and processed stay out of reach.",
    "",
  ];
}

/** The budget. */
function budgetSection(env: EnvironmentConfig): string[] {
  const e = env;
  return [
    "## Budget",
    "",
    `Monthly cost budget **$${e.monitoring.budget.monthly_limit_usd}**, on the Environment tag; alerts at ` +
      `${e.monitoring.budget.alert_thresholds_percent.map((p: number) => `${p}%`).join(", ")} of actual and of forecast cost. Runbook: ` +
      `compare with cost.md and the Cost Explorer view by service.`,
    "",
  ];
}

/** The estimate, or why there is none: a region with no prices is not priced as another. */
function costDoc(env: EnvironmentConfig, usage: Usage): string {
  try {
    return costMarkdown(estimateCost(env, usage));
  } catch (e) {
    if (e instanceof NoPricesError) return `# Monthly cost estimate: ${env.environment}\n\nNot estimated: ${e.message}.\n`;
    throw e;
  }
}

export function deliverables(env: EnvironmentConfig, root: JsonObject, usage: Usage): Record<string, string> {
  return {
    "architecture.md": withValidCharts(architecture(env, root)),
    "pipeline.md": pipeline(env),
    "data-model.md": dataModel(env),
    "cost.md": costDoc(env, usage),
    "operations.md": operations(env),
  };
}

/** The doc, once each of its Mermaid charts parses: a chart that GitHub would not draw stops the synth, naming its line. */
export function withValidCharts(md: string): string {
  const problems = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].flatMap((m, i) =>
    mermaidProblems(m[1].trim()).map((p) => `chart ${i + 1}, ${p}`),
  );
  if (problems.length) throw new Error(`architecture.md: invalid Mermaid:\n${problems.join("\n")}`);
  return md;
}

/** A state's integration as the table shows it: its service call, a Map's per-source Glue run, or none. */
function integrationOf(s: AslState): string {
  if (s.Resource) return `\`${String(s.Resource).replace("arn:aws:states:::", "")}\``;
  return s.Type === "Map" ? "`glue:startJobRun.sync` per source" : "—";
}

/** The classifications the analysts read: as set, or those of their zones. */
function analystClassifications(e: EnvironmentConfig): string[] {
  const lf = e.lake_formation;
  const byZone = (lf.analyst_zones as string[]).map((z) => (lf.zone_classification as Record<string, string>)[z]);
  return (lf.analyst_classifications as string[] | null) ?? [...new Set(byZone)];
}

/** The module blocks of a synthesized root, by name. */
const moduleBlocks = (root: JsonObject): JsonObject => asObject(root.module);
