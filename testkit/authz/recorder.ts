/**
 * The AWS calls a local run makes, recorded as the run makes them, then decided as AWS would
 * (Authorizer). The data journey records each state machine task with its input, and each job
 * by what it did to the lake: the files it read, wrote and deleted, the tables it created and
 * the tables it added partitions to, and the `default` database its Spark session describes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RenderedRoot } from "../rendered-root";
import type { ActorCall } from "./actors";
import { Authorizer, callText } from "./authorize";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const tableOf = (source: string) => source.replace(/-/g, "_");

export class CallRecorder {
  readonly calls: ActorCall[] = [];

  constructor(
    private readonly root: RenderedRoot,
    /** Where the lake's buckets are folders: <dir>/<bucket>/<key>. */
    private readonly dir: string,
  ) {}

  private get region() {
    return this.root.region;
  }
  private get account() {
    return this.root.account;
  }
  private glue(kind: string, name: string) {
    return `arn:aws:glue:${this.region}:${this.account}:${kind}/${name}`;
  }
  private kmsViaS3(actor: string, principal: string, action: string, bucket: string): ActorCall {
    return {
      actor,
      principal,
      action,
      resource: this.root.outputs.data_lake_storage.kms_key_arn,
      context: { "kms:ViaService": `s3.${this.region}.amazonaws.com`, "kms:CallerAccount": this.account, "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${bucket}` },
    };
  }

  add(call: ActorCall): void {
    this.calls.push(call);
  }

  /** A state machine task, from its integration (`Resource`) and the input the run gave it. */
  task(actor: string, principal: string, resource: string, input: Json): void {
    const { region, account } = this;
    const call = (action: string, res: string, context?: Record<string, string>) => this.add({ actor, principal, action, resource: res, ...(context ? { context } : {}) });
    const sdk = /^arn:aws:states:::aws-sdk:([a-z0-9-]+):(\w+)$/.exec(resource);
    if (sdk) {
      const action = `${sdk[1]}:${sdk[2][0].toUpperCase()}${sdk[2].slice(1)}`;
      if (sdk[1] === "ssm") return call(action, `arn:aws:ssm:${region}:${account}:parameter${input.Name}`);
      if (sdk[1] === "glue") return call(action, this.glue("crawler", input.Name));
    } else if (resource === "arn:aws:states:::sns:publish") return call("sns:Publish", input.TopicArn);
    else if (resource === "arn:aws:states:::glue:startJobRun.sync") {
      for (const a of ["glue:StartJobRun", "glue:GetJobRun"]) call(a, this.glue("job", input.JobName));
      return;
    } else if (resource === "arn:aws:states:::emr-serverless:startJobRun.sync") {
      const app = `arn:aws:emr-serverless:${region}:${account}:/applications/${input.ApplicationId}`;
      call("emr-serverless:StartJobRun", app);
      call("emr-serverless:GetJobRun", `${app}/jobruns/run`);
      return call("iam:PassRole", input.ExecutionRoleArn, { "iam:PassedToService": "emr-serverless.amazonaws.com" });
    }
    throw new Error(`${actor}: the recorder does not know the task ${resource}`);
  }

  /**
   * A job run: `run` does the work; the files of `buckets` and the tables of `databases` before and
   * after say what it did. `reads` are the prefixes it reads (Spark lists, then reads each file).
   */
  async job<T>(
    actor: string,
    principal: string,
    opts: {
      spark: boolean;
      reads: { bucket: string; prefix: string }[];
      writes: { bucket: string; database: string }[];
      /** A crawler writes no file: the table of `source` it registers in `database`. */
      registers?: { bucket: string; database: string; source: string };
      tables: (db: string) => Promise<string[]>;
    },
    run: () => Promise<T>,
  ): Promise<T> {
    // Jobs of a Map run at once, and the worker runs them one after another: one job at a time
    // here too, so that each job's before and after bracket its own work only.
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((r) => (release = r));
    await previous;
    try {
      return await this.observe(actor, principal, opts, run);
    } finally {
      release();
    }
  }

  private queue: Promise<void> = Promise.resolve();

  private async observe<T>(actor: string, principal: string, opts: Parameters<CallRecorder["job"]>[2], run: () => Promise<T>): Promise<T> {
    const add = (action: string, resource: string, extra: Partial<ActorCall> = {}) => this.add({ actor, principal, action, resource, ...extra });
    if (opts.spark) add("glue:GetDatabase", this.glue("database", "default"), { lf: [{ permission: "DESCRIBE", resource: { database: "default" } }] });
    for (const { bucket, prefix } of opts.reads) {
      add("s3:ListBucket", `arn:aws:s3:::${bucket}`);
      for (const key of this.files(bucket, prefix)) add("s3:GetObject", `arn:aws:s3:::${bucket}/${key}`);
      this.add(this.kmsViaS3(actor, principal, "kms:Decrypt", bucket));
    }
    const before = new Map(opts.writes.map((w) => [w.bucket, this.stamps(w.bucket)]));
    const tablesBefore = new Map<string, string[]>();
    for (const db of [...opts.writes.map((w) => w.database), ...(opts.registers ? [opts.registers.database] : [])]) tablesBefore.set(db, await opts.tables(db));
    const result = await run();
    if (opts.registers) {
      const { bucket, database, source } = opts.registers;
      await this.registered(add, database, bucket, source, new Set(tablesBefore.get(database)), opts.tables);
    }
    for (const w of opts.writes) {
      const was = before.get(w.bucket)!;
      const now = this.stamps(w.bucket);
      const written = [...now].filter(([k, t]) => was.get(k) !== t).map(([k]) => k);
      const deleted = [...was.keys()].filter((k) => !now.has(k));
      for (const key of written) add("s3:PutObject", `arn:aws:s3:::${w.bucket}/${key}`);
      for (const key of deleted) add("s3:DeleteObject", `arn:aws:s3:::${w.bucket}/${key}`);
      if (written.length) this.add(this.kmsViaS3(actor, principal, "kms:GenerateDataKey", w.bucket));
      const old = new Set(tablesBefore.get(w.database));
      const sources = new Set([...written, ...deleted].map((k) => k.split("/")[0]));
      if (sources.size) add("glue:GetDatabase", this.glue("database", w.database), { lf: [{ permission: "DESCRIBE", resource: { database: w.database } }] });
      for (const source of sources) await this.registered(add, w.database, w.bucket, source, old, opts.tables);
    }
    return result;
  }

  /** The table of a source, created if it is new, and its partitions added. */
  private async registered(
    add: (action: string, resource: string, extra?: Partial<ActorCall>) => void,
    database: string,
    bucket: string,
    source: string,
    old: Set<string | undefined>,
    tables: (db: string) => Promise<string[]>,
  ): Promise<void> {
    const table = tableOf(source);
    if (!(await tables(database)).includes(table)) return;
    if (!old.has(table)) {
      add("glue:CreateTable", this.glue("table", `${database}/${table}`), {
        lf: [
          { permission: "CREATE_TABLE", resource: { database } },
          { permission: "DATA_LOCATION_ACCESS", resource: { location: `arn:aws:s3:::${bucket}/${source}/` } },
        ],
        creates: { database, table },
      });
    }
    add("glue:BatchCreatePartition", this.glue("table", `${database}/${table}`), { lf: [{ permission: "INSERT", resource: { database, table } }] });
  }

  /** An analyst's query of one table through the workgroup: the catalog, the data through Lake Formation, the results. */
  analystQuery(principal: string, database: string, table: string): void {
    const o = this.root.outputs;
    const actor = `analyst ${principal.split("/").pop()}`;
    const add = (action: string, resource: string, extra: Partial<ActorCall> = {}) => this.add({ actor, principal, action, resource, ...extra });
    const workgroup = o.athena.analyst_workgroups[principal];
    const [, bucket, prefix] = /^s3:\/\/([^/]+)\/(.*)$/.exec(workgroup.results_location)!;
    add("athena:StartQueryExecution", workgroup.arn);
    add("glue:GetDatabase", this.glue("database", database), { lf: [{ permission: "DESCRIBE", resource: { database } }] });
    add("glue:GetTable", this.glue("table", `${database}/${table}`), { lf: [{ permission: "DESCRIBE", resource: { database, table } }] });
    add("glue:GetPartitions", this.glue("table", `${database}/${table}`), { lf: [{ permission: "SELECT", resource: { database, table } }] });
    add("kms:Decrypt", o.data_lake_storage.kms_key_arn, { context: { "kms:ViaService": `glue.${this.region}.amazonaws.com`, "kms:CallerAccount": this.account } });
    add("lakeformation:GetDataAccess", "*", { lf: [{ permission: "SELECT", resource: { database, table } }] });
    add("s3:PutObject", `arn:aws:s3:::${bucket}/${prefix}query-1.csv`);
    this.add(this.kmsViaS3(actor, principal, "kms:GenerateDataKey", bucket));
    add("athena:GetQueryExecution", workgroup.arn);
    add("athena:GetQueryResults", workgroup.arn);
    add("s3:GetObject", `arn:aws:s3:::${bucket}/${prefix}query-1.csv`);
    this.add(this.kmsViaS3(actor, principal, "kms:Decrypt", bucket));
  }

  /** Every recorded call AWS would deny, with what is missing; the calls are decided in the order they were made. */
  async denied(): Promise<string[]> {
    const authz = new Authorizer(this.root);
    const out: string[] = [];
    for (const call of this.calls) {
      const d = await authz.decide(call);
      if (!d.allowed) out.push(`${callText(call)}: ${d.reasons.join("; ")}`);
    }
    return [...new Set(out)];
  }

  private files(bucket: string, prefix: string): string[] {
    const base = path.join(this.dir, bucket);
    const start = path.join(base, prefix);
    if (!fs.existsSync(start)) return [];
    return fs
      .readdirSync(start, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && !d.name.startsWith(".") && !d.name.endsWith(".crc"))
      .map((d) => path.relative(base, path.join(d.parentPath, d.name)));
  }

  /** Each file of a bucket with its modification time. */
  private stamps(bucket: string): Map<string, number> {
    return new Map(this.files(bucket, "").map((k) => [k, fs.statSync(path.join(this.dir, bucket, k)).mtimeMs]));
  }
}
