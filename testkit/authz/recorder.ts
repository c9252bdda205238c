/**
 * The AWS calls a local run makes, recorded as the run makes them, then decided as AWS would
 * (Authorizer). The data journey records each state machine task with its input, and each job
 * by what it did to the lake: the files it read, wrote and deleted, the tables it created and
 * the tables it added partitions to, and the `default` database its Spark session describes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RenderedRoot } from "../rendered-root";
import { Authorizer, callText } from "./authorize";
import { type ActorCall, type Call, Calls, s3Arn, tableOf } from "./calls";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

export class CallRecorder {
  readonly calls: ActorCall[] = [];
  private readonly build: Calls;

  constructor(
    private readonly root: RenderedRoot,
    /** Where the lake's buckets are folders: <dir>/<bucket>/<key>. */
    private readonly dir: string,
  ) {
    this.build = new Calls(root);
  }

  /** Calls made by one actor, in order. */
  private by(actor: string, principal: string, calls: Call[]): void {
    for (const call of calls) this.calls.push({ ...call, actor, principal });
  }

  /** A state machine task, from its integration (`Resource`) and the input the run gave it. */
  task(actor: string, principal: string, resource: string, input: Json): void {
    this.by(actor, principal, this.build.task(resource, input));
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
    const made = (...calls: Call[]) => this.by(actor, principal, calls);
    const c = this.build;
    if (opts.spark) made(c.database("default"));
    for (const { bucket, prefix } of opts.reads) {
      made(
        { action: "s3:ListBucket", resource: s3Arn(bucket) },
        ...this.files(bucket, prefix).map((key) => ({ action: "s3:GetObject", resource: s3Arn(bucket, key) })),
      );
      made(c.viaS3("kms:Decrypt", bucket));
    }
    const before = new Map(opts.writes.map((w) => [w.bucket, this.stamps(w.bucket)]));
    const tablesBefore = new Map<string, string[]>();
    for (const db of [...opts.writes.map((w) => w.database), ...(opts.registers ? [opts.registers.database] : [])])
      tablesBefore.set(db, await opts.tables(db));
    // A job that fails still made the calls before its failure (a Glue job that wrote, then raised): record them, then fail.
    let failure: { error: unknown } | undefined;
    let result: T | undefined;
    try {
      result = await run();
    } catch (error) {
      failure = { error };
    }
    if (opts.registers) {
      const { bucket, database, source } = opts.registers;
      made(...(await this.registered(database, bucket, source, new Set(tablesBefore.get(database)), opts.tables)));
    }
    for (const w of opts.writes) {
      const was = before.get(w.bucket)!;
      const now = this.stamps(w.bucket);
      const written = [...now].filter(([k, t]) => was.get(k) !== t).map(([k]) => k);
      const deleted = [...was.keys()].filter((k) => !now.has(k));
      made(...written.map((key) => ({ action: "s3:PutObject", resource: s3Arn(w.bucket, key) })));
      made(...deleted.map((key) => ({ action: "s3:DeleteObject", resource: s3Arn(w.bucket, key) })));
      if (written.length) made(c.viaS3("kms:GenerateDataKey", w.bucket));
      const old = new Set(tablesBefore.get(w.database));
      const sources = new Set([...written, ...deleted].map((k) => k.split("/")[0]));
      if (sources.size) made(c.database(w.database));
      for (const source of sources) made(...(await this.registered(w.database, w.bucket, source, old, opts.tables)));
    }
    if (failure) throw failure.error;
    return result as T;
  }

  /** The table of a source, created if it is new, and its partitions added. */
  private async registered(
    database: string,
    bucket: string,
    source: string,
    old: Set<string | undefined>,
    tables: (db: string) => Promise<string[]>,
  ): Promise<Call[]> {
    const table = tableOf(source);
    if (!(await tables(database)).includes(table)) return [];
    return [
      ...(old.has(table) ? [] : [this.build.createTable(database, table, s3Arn(bucket, `${source}/`))]),
      this.build.onTable("glue:BatchCreatePartition", database, table, "INSERT"),
    ];
  }

  /** An analyst's query of one table through its own workgroup. */
  analystQuery(principal: string, database: string, table: string): void {
    this.by(`analyst ${principal.split("/").pop()}`, principal, this.build.analystQuery(principal, database, table));
  }

  /**
   * Every recorded call AWS would deny, with what is missing; the calls are decided in the order they were made.
   * Each call is decided once: the calls only grow, and a decision depends on the calls before it alone (the
   * tables they created), so deciding the new ones after the old gives what deciding all again would.
   */
  denied(): Promise<string[]> {
    this.deciding = this.deciding.then(async () => {
      this.authz ??= new Authorizer(this.root);
      for (; this.decidedCalls < this.calls.length; this.decidedCalls++) {
        const call = this.calls[this.decidedCalls];
        const d = await this.authz.decide(call);
        if (!d.allowed) this.denials.push(`${callText(call)}: ${d.reasons.join("; ")}`);
      }
    });
    return this.deciding.then(() => [...new Set(this.denials)]);
  }

  private authz?: Authorizer;
  private decidedCalls = 0;
  private readonly denials: string[] = [];
  /** Chained, so that two callers never decide the same call twice. */
  private deciding: Promise<void> = Promise.resolve();

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
