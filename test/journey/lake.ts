/**
 * One environment's lake on local disk, built from its rendered root: the
 * buckets as folders, the Glue jobs, crawlers and databases Terraform would
 * create, the pipeline configurations it uploads, and an SSM parameter store.
 * A pipeline runs as Terraform renders it, in aws-local-stepfunctions, and
 * its tasks do locally what AWS does (see the stand-ins in worker.py).
 */
import "../setup/promise-with-resolvers";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { StateMachine } from "aws-local-stepfunctions";
import type { Source } from "../../modules/sources";
import type { RenderedRoot } from "../../testkit/rendered-root";
import { taskStates } from "../../testkit/authz/calls";
import { CallRecorder } from "../../testkit/authz/recorder";
import type { SparkWorker } from "./worker-client";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it
export type Handler = (input: Json) => Promise<unknown>;
/** A task replaced for one case: it gets the input and the task as the lake runs it. */
export type Fault = (input: Json, real: () => Promise<unknown>) => Promise<unknown>;

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

export interface Run {
  ok: boolean;
  /** The AWS calls of this lake so far that AWS would deny, with what is missing. */
  denied: string[];
  calls: { state: string; input: Json }[];
  alerts: string[];
  notices: string[];
  /** What the Glue jobs logged for the metric filters: each load's quarantined rows and undeclared columns. */
  events: Json[];
}

const escapeXml = (v: unknown) => String(v).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Rows as one XML document, a `rowTag` element per row and a child element per column (a null is left out). */
function xmlDocument(rowTag: string, rows: Json[]): string {
  const row = (r: Json) =>
    Object.entries(r)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
      .join("");
  const records = rows.map((r) => `  <${rowTag}>${row(r)}</${rowTag}>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<records>\n${records}\n</records>\n`;
}

export class LocalLake {
  readonly ssm = new Map<string, string>();
  readonly dir: string;
  /** Every AWS call the lake's actors make, decided as AWS would (testkit/authz). */
  readonly recorder: CallRecorder;
  private readonly byType: (type: string) => Json[];

  constructor(
    readonly root: RenderedRoot,
    readonly sources: Record<string, Source>,
    private readonly worker: SparkWorker,
    scratch: string,
  ) {
    this.dir = fs.mkdtempSync(path.join(scratch, `${root.env}-`));
    this.byType = (type) => [...root.resources.values()].filter((r) => r.type === type && r.mode === "managed").map((r) => r.values);
    this.recorder = new CallRecorder(root, this.dir);
    for (const p of this.byType("aws_ssm_parameter")) this.ssm.set(p.name, p.value);
    // What Terraform uploads: the pipelines' configurations.
    for (const o of this.byType("aws_s3_object").filter((o) => o.content)) this.put(o.bucket, o.key, o.content);
  }

  get outputs(): Json {
    return this.root.outputs;
  }

  async setup(): Promise<void> {
    await this.worker.call("setup", { lake: this.dir, databases: Object.values(this.outputs.glue_catalog.database_names) });
    // What apply creates before any run: the tables the sources' contracts declare.
    for (const t of this.byType("aws_glue_catalog_table")) {
      const sd = t.storage_descriptor[0];
      await this.worker.call("create_table", {
        database: t.database_name,
        name: t.name,
        location: sd.location,
        columns: sd.columns.map((c: Json) => ({ name: c.name, type: c.type })),
        partitions: t.partition_keys.map((p: Json) => p.name),
      });
    }
  }

  /**
   * What a team does to load a quarantined load again: start the source's Glue job by hand with --replay_load.
   * `now` is the run's clock (a run by hand loads as of now): the next window that holds it curates it.
   */
  async replay(source: string, load: string, now: string): Promise<Json[]> {
    const name = this.outputs.glue_catalog.job_names[source];
    const job = this.byType("aws_glue_job").find((j) => j.name === name)!;
    const processed = this.outputs.data_lake_storage.bucket_names.processed;
    const observed = {
      spark: true,
      reads: [{ bucket: processed, prefix: `${source}/_quarantine/` }],
      writes: [{ bucket: processed, database: this.outputs.glue_catalog.database_names.processed }],
      tables: (database: string) => this.worker.call<string[]>("tables", { database }),
    };
    await this.recorder.job(`glue job of ${source} (replay)`, job.role_arn, observed, () =>
      this.worker.call("glue_job", { name, arguments: { ...job.default_arguments, "--replay_load": load, "--window_end": now } }),
    );
    return this.worker.call("events", {});
  }

  put(bucket: string, key: string, body: string | Buffer): string {
    const file = path.join(this.dir, bucket, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
    return file;
  }

  /** A batch file in the source's declared format, under raw/<source>/YYYY/MM/DD/. */
  async landBatch(source: string, day: string, name: string, rows: Json[]): Promise<void> {
    const raw = this.outputs.data_lake_storage.bucket_names.raw;
    const key = `${source}/${day.replace(/-/g, "/")}/${name}`;
    const format = this.sources[source].format;
    if (format === "json") this.put(raw, `${key}.json`, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    else if (format === "csv") {
      const columns = Object.keys(rows[0]);
      const cell = (v: unknown) => (v === null || v === undefined ? "" : String(v));
      this.put(raw, `${key}.csv`, [columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\n") + "\n");
    } else if (format === "parquet") await this.worker.call("write_parquet", { path: path.join(this.dir, raw, `${key}.parquet`), rows });
    else if (format === "xml") this.put(raw, `${key}.xml`, xmlDocument(this.sources[source].contract.row_tag!, rows));
    else throw new Error(`the journey cannot land ${format} files for ${source}: add a writer for it`);
  }

  /** Records as the source's Firehose stream delivers them: its prefix, its compression, its processors. */
  landStream(source: string, arrival: Date, records: Json[]): void {
    const f = this.byType("aws_kinesis_firehose_delivery_stream").find(
      (d) => d.name === this.outputs.kinesis_ingest.delivery_stream_names[source],
    );
    if (!f) throw new Error(`${source}: no delivery stream in the rendered root`);
    const s3 = f.extended_s3_configuration[0];
    const pad = (n: number) => String(n).padStart(2, "0");
    const [y, m, d, h] = [arrival.getUTCFullYear(), pad(arrival.getUTCMonth() + 1), pad(arrival.getUTCDate()), pad(arrival.getUTCHours())];
    const prefix = String(s3.prefix)
      .replace("!{timestamp:yyyy}", String(y))
      .replace("!{timestamp:MM}", m)
      .replace("!{timestamp:dd}", d)
      .replace("!{timestamp:HH}", h);
    const delimited = (s3.processing_configuration ?? []).some(
      (p: Json) => p.enabled && p.processors.some((x: Json) => x.type === "AppendDelimiterToRecord"),
    );
    const body = records.map((r) => JSON.stringify(r) + (delimited ? "\n" : "")).join("");
    const gzip = s3.compression_format === "GZIP";
    const name = `${prefix}${f.name}-1-${y}-${m}-${d}-${h}-00-00-${records.length}${gzip ? ".gz" : ""}`;
    this.put(this.outputs.data_lake_storage.bucket_names.raw, name, gzip ? zlib.gzipSync(body) : body);
  }

  /** One execution of a pipeline's state machine, as rendered; `faults` replace some tasks. */
  async execute(pipeline: string, windowEnd: string, faults: Record<string, Fault> = {}): Promise<Run> {
    const definition = JSON.parse(this.outputs.etl_pipeline.definitions[pipeline]);
    const run: Run = { ok: true, denied: [], calls: [], alerts: [], notices: [], events: [] };
    const machine = `state machine ${pipeline}`;
    const machineRoleName = this.root.resources.get(`module.etl_pipeline.aws_iam_role.pipeline["${pipeline}"]`)!.values.name;
    const machineRole = `arn:aws:iam::${this.root.account}:role/${machineRoleName}`;
    const integration = Object.fromEntries(Object.entries(taskStates(definition)).map(([name, t]) => [name, t.Resource as string]));
    const bucket = (zone: string): string => this.outputs.data_lake_storage.bucket_names[zone];
    const db = (zone: string): string => this.outputs.glue_catalog.database_names[zone];
    const tables = (database: string) => this.worker.call<string[]>("tables", { database });
    const alertTopic = this.outputs.monitoring.alert_topic_arn;
    const jobs = new Map(this.byType("aws_glue_job").map((j) => [j.name, j]));
    const crawlers = new Map(this.byType("aws_glue_crawler").map((c) => [c.name, c]));
    const classifiers = this.byType("aws_glue_classifier");
    const lastCrawl = new Map<string, string>();
    const handlers: Record<string, Handler> = {
      ReadBookmark: async (i) => ({ Parameter: { Name: i.Name, Value: this.ssm.get(i.Name) } }),
      SaveBookmark: async (i) => (this.ssm.set(i.Name, i.Value), { Version: 2 }),
      RunGlueJob: async (i) => {
        const job = jobs.get(i.JobName);
        if (!job) throw awsError("Glue.EntityNotFoundException", `no job ${i.JobName}`);
        const source = Object.entries<string>(this.outputs.glue_catalog.job_names).find(([, n]) => n === i.JobName)![0];
        const observed = {
          spark: true,
          reads: [{ bucket: bucket("raw"), prefix: `${source}/` }],
          writes: [{ bucket: bucket("processed"), database: db("processed") }],
          tables,
        };
        return this.task(() =>
          this.recorder.job(`glue job of ${source}`, job.role_arn, observed, () =>
            this.worker.call("glue_job", { name: i.JobName, arguments: { ...job.default_arguments, ...i.Arguments } }),
          ),
        );
      },
      StartEMRJob: async (i) => {
        const curated = Object.keys(this.sources).filter((s) => !this.sources[s].raw_only);
        const observed = {
          spark: true,
          reads: curated.map((s) => ({ bucket: bucket("processed"), prefix: `${s}/` })),
          writes: [{ bucket: bucket("curated"), database: db("curated") }],
          tables,
        };
        return this.task(() =>
          this.recorder.job("EMR Serverless job", i.ExecutionRoleArn, observed, () =>
            this.worker.call("spark_job", { arguments: i.JobDriver.SparkSubmit.EntryPointArguments }),
          ),
        );
      },
      RunGlueCrawler: async (i) => {
        const c = crawlers.get(i.Name)!;
        const source = Object.entries(this.outputs.glue_catalog.crawler_names).find(([, n]) => n === i.Name)![0];
        const observed = {
          spark: false,
          reads: [{ bucket: bucket("raw"), prefix: `${source}/` }],
          writes: [],
          registers: { bucket: bucket("raw"), database: c.database_name, source },
          tables,
        };
        // The row tag of an XML classifier the crawler names: as on AWS, the crawler has no other.
        const rowTag = classifiers.find((x) => (c.classifiers ?? []).includes(x.name) && x.xml_classifier?.length)?.xml_classifier[0]
          .row_tag;
        await this.recorder.job(`crawler of ${source}`, c.role, observed, () =>
          this.worker.call("crawl", {
            database: c.database_name,
            path: c.s3_target[0].path,
            fmt: this.sources[source].format,
            row_tag: rowTag,
          }),
        );
        lastCrawl.set(i.Name, "SUCCEEDED");
        return {};
      },
      GetCrawler: async (i) => ({ Crawler: { Name: i.Name, State: "READY", LastCrawl: { Status: lastCrawl.get(i.Name) } } }),
      NotifySuccess: async (i) => (run.notices.push(i.Message), { MessageId: "ok" }),
      NotifyFailure: async (i) => {
        if (i.TopicArn !== alertTopic) throw new Error(`NotifyFailure publishes to ${i.TopicArn}, not the alert topic`);
        run.alerts.push(i.Message);
        return { MessageId: "alert" };
      },
    };
    const pending: Promise<unknown>[] = [];
    const recorded = Object.fromEntries(
      Object.entries(handlers).map(([state, fn]) => [
        state,
        async (input: Json) => {
          run.calls.push({ state, input });
          this.recorder.task(machine, machineRole, integration[state], input);
          const fault = faults[state];
          const done = fault ? fault(input, () => fn(input)) : fn(input);
          pending.push(done);
          return done;
        },
      ]),
    );
    const stateMachine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
    const retried = Object.keys(handlers);
    try {
      await stateMachine.run(
        { window_end: windowEnd },
        {
          overrides: {
            taskResourceLocalHandlers: recorded as never,
            waitTimeOverrides: { WaitForCrawler: 0 },
            retryIntervalOverrides: Object.fromEntries(retried.map((s) => [s, 0])),
          },
        },
      ).result;
    } catch {
      run.ok = false;
    }
    // A failed Map abandons its other iterations, whose jobs still run: let them finish in this
    // lake, before the next case points the worker at another one.
    await Promise.allSettled(pending);
    run.denied = await this.recorder.denied();
    run.events = await this.worker.call("events", {});
    return run;
  }

  /** An analyst's query of a source's table in a zone, through the workgroup; its calls are recorded as the analyst's. */
  async analystQuery(zone: string, source: string, sql: string): Promise<Json[]> {
    const analyst = [...this.root.resources.values()].find(
      (r) => r.type === "aws_lakeformation_permissions" && r.values.lf_tag_policy?.length,
    )?.values.principal;
    if (!analyst) throw new Error(`${this.root.env}: no analyst is granted anything`);
    this.recorder.analystQuery(analyst, this.outputs.glue_catalog.database_names[zone], source.replace(/-/g, "_"));
    return this.query(sql);
  }

  /** A job run that fails: Step Functions' .sync integrations raise States.TaskFailed. */
  private async task(start: () => Promise<unknown>): Promise<unknown> {
    try {
      return await start();
    } catch (e) {
      throw awsError("States.TaskFailed", String((e as Error).message));
    }
  }

  query(sql: string): Promise<Json[]> {
    return this.worker.call("query", { sql });
  }

  tables(zone: string): Promise<string[]> {
    return this.worker.call("tables", { database: this.outputs.glue_catalog.database_names[zone] });
  }
}
