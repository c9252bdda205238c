/**
 * The data journey: for each environment, records for every source land in a
 * local raw zone, each pipeline runs as Terraform renders it, its tasks run
 * the shipped jobs in local Spark, and an analyst's query through the catalog
 * must return exactly the expected curated rows. Run by test/journey/run.sh
 * with node's test runner; one case per behaviour.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it as nodeIt } from "node:test";
import type { OrchestrationInputs } from "../../modules/etl-pipeline/schema";
import { TASK_ERRORS } from "../../modules/etl-pipeline/task-errors";
import type { Source } from "../../modules/sources";
import { environmentConfig, ROOT } from "../../testkit/helpers";
import { loadConfig } from "../../config/config";
import { renderedRoot, renderVariant, type RenderedRoot } from "../../testkit/rendered-root";
import { LocalLake, type Run } from "./lake";
import { SparkWorker } from "./worker-client";
import { WorkerPool } from "./worker-pool";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

const W1 = "2026-02-01T03:00:00Z";
const W2 = "2026-02-02T03:00:00Z";
// Under run.sh's work folder when there is one, which its trap removes even if this process is killed.
const scratch = fs.mkdtempSync(path.join(process.env.LAKEGEN_JEST_DIR ?? os.tmpdir(), "lakegen-journey-"));
const roots: Record<string, RenderedRoot> = {};
// Cases run this many at a time, each on a Spark worker (a Python process and a JVM) of its own: one case keeps
// about one core busy, mostly planning the jobs' queries on Spark's driver.
const WORKERS = workerCount(process.env.LAKEGEN_JOURNEY_WORKERS);
let pool: WorkerPool<SparkWorker>;
let formats: Promise<{ root: RenderedRoot; sources: Record<string, Source> }>;

before(async () => {
  pool = new WorkerPool(WORKERS, () => new SparkWorker(ROOT, fs.mkdtempSync(path.join(scratch, "warehouse-"))));
  for (const env of ["dev", "prod"]) roots[env] = await renderedRoot(env);
  // Rendered while the other cases run: its case awaits it.
  formats = renderWithFormats();
  formats.catch(() => undefined);
});
after(async () => {
  await pool?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function workerCount(value: string | undefined): number {
  if (value === undefined) return Math.min(2, os.availableParallelism());
  if (!/^[1-9][0-9]*$/.test(value)) throw new Error(`LAKEGEN_JOURNEY_WORKERS=${value}: expected a whole number of workers, 1 or more`);
  return Number(value);
}

/** A case, run when a Spark worker is free, on that worker alone. */
function it(name: string, fn: () => Promise<void>): void {
  nodeIt(name, () => pool.run(fn));
}

function envOf(env: string) {
  const config = environmentConfig(env);
  const sources = config.sources as Record<string, Source>;
  const orchestration = config.orchestration as OrchestrationInputs;
  const [pipeline, p] = Object.entries(orchestration.pipelines)[0];
  return { config, sources, orchestration, pipeline, p };
}

/** A record that fits its source's contract and passes its checks: every declared column (or every checked one), with a value per row. */
function record(source: Source, day: string, i: number, tag: string): Json {
  const q = source.quality;
  const declared = new Map(source.contract.columns.map((c) => [c.name, c.type]));
  const names = declared.size
    ? [...declared.keys()]
    : [...new Set([...q.not_null, ...q.unique, ...q.not_future, ...q.ranges.map((r) => r.column)])];
  const row: Json = {};
  for (const c of names) {
    const type = declared.get(c) ?? "string";
    const range = q.ranges.find((r) => r.column === c);
    if (range) row[c] = range.min !== null ? range.min + i : (range.max ?? 0) - i;
    else if (type === "timestamp" || q.not_future.includes(c) || /time|date/.test(c)) row[c] = `${day} 12:00:${String(i).padStart(2, "0")}`;
    else if (type === "date") row[c] = day;
    else if (/int|double|decimal/.test(type)) row[c] = i;
    else if (type === "boolean") row[c] = i % 2 === 0;
    else row[c] = `${c}-${tag}-${day}-${i}`;
  }
  if (!declared.size) row.note = `${tag} ${i}`;
  return row;
}

/** A declared text column that is neither key nor ordering: where a case writes what tells two versions apart. */
function spare(source: Source): string {
  const c = source.contract;
  return c.columns.find((x) => x.type === "string" && !c.key.includes(x.name) && x.name !== c.ordering_column)?.name ?? "note";
}

/** Lands `n` records for every source on `day` (streams arrive that day), but those `except` names, and returns them by source. */
async function landAll(lake: LocalLake, day: string, tag: string, n = 2, except: string[] = []): Promise<Record<string, Json[]>> {
  const landed: Record<string, Json[]> = {};
  for (const [name, s] of Object.entries(lake.sources).filter(([name]) => !except.includes(name))) {
    const rows = Array.from({ length: n }, (_, i) => record(s, day, i, tag));
    if (s.ingestion === "stream") lake.landStream(name, new Date(`${day}T10:00:00Z`), rows);
    else await lake.landBatch(name, day, `${tag}-part-0`, rows);
    landed[name] = rows;
  }
  return landed;
}

const table = (source: string) => source.replace(/-/g, "_");

/** What curated holds after these loads, oldest first, by the source's load pattern (data-model.md). */
function expectedCurated(source: Source, loads: Json[][]): Json[] {
  const distinct = (rows: Json[]) => [...new Map(rows.map((r) => [JSON.stringify(r), r])).values()];
  const { load, key: keyColumns, ordering_column: ordering } = source.contract;
  if (load === "full_refresh") return distinct(loads[loads.length - 1]);
  if (load === "append") return distinct(loads.flat());
  const latest = new Map<string, Json>();
  for (const row of loads.flat()) {
    const k = key(row, keyColumns);
    const held = latest.get(k);
    if (!held || String(row[ordering!]) >= String(held[ordering!])) latest.set(k, row);
  }
  return [...latest.values()];
}
const key = (row: Json, columns: string[]) =>
  JSON.stringify(columns.map((c) => (row[c] === null || row[c] === undefined ? null : String(row[c]))));

/** The analyst's query: every curated row of a source, compared as a multiset on the landed columns. */
async function assertCurated(lake: LocalLake, source: string, expected: Json[]): Promise<void> {
  const db = lake.outputs.glue_catalog.database_names.curated;
  const columns = Object.keys(expected[0]);
  const rows = await lake.analystQuery("curated", source, `SELECT * FROM \`${db}\`.\`${table(source)}\``);
  assert.deepEqual(await lake.recorder.denied(), [], `${lake.root.env} ${source}: every call of the query is allowed`);
  assert.deepEqual(
    rows.map((r) => key(r, columns)).sort(),
    expected.map((r) => key(r, columns)).sort(),
    `${lake.root.env} ${source}: curated rows`,
  );
}

function assertOk(run: Run): void {
  assert.equal(run.ok, true, `the run failed: ${run.alerts.join("; ")}`);
  assertAllowed(run);
  assert.deepEqual(run.alerts, []);
  assert.equal(run.notices.length, 1);
}

/** Every AWS call the run's actors made would be allowed on AWS (testkit/authz), failed runs included. */
function assertAllowed(run: Run): void {
  assert.deepEqual(run.denied, [], "calls AWS would deny");
}

async function newLake(env: string): Promise<LocalLake> {
  const lake = new LocalLake(roots[env], envOf(env).sources, pool.current(), scratch);
  await lake.setup();
  return lake;
}

describe("dev and prod: the journey", { concurrency: WORKERS }, () => {
  for (const env of ["dev", "prod"]) {
    it(`${env}: every source reaches curated, catalogued where the analysts' grants apply, and can be queried`, async () => {
      const { sources, pipeline, p, config } = envOf(env);
      const lake = await newLake(env);
      const landed = await landAll(lake, "2026-01-31", "a");
      const run = await lake.execute(pipeline, W1);
      assertOk(run);
      const curated = Object.keys(sources).filter((s) => !sources[s].raw_only);
      assert.ok(curated.length > 0, `${env}: a journey with no curated source would prove nothing`);
      assert.deepEqual(await lake.tables("curated"), curated.map(table).sort());
      for (const s of curated) await assertCurated(lake, s, landed[s]);
      // The analysts' Lake Formation grants select tables by the zone LF-tag of their database.
      const analystZones = (config.lake_formation as Json).analyst_zones as string[];
      const tags = [...lake.root.resources.values()].filter((r) => r.type === "aws_lakeformation_resource_lf_tags");
      const curatedTag = tags.find((r) => r.values.database[0].name === lake.outputs.glue_catalog.database_names.curated);
      assert.ok(
        analystZones.includes(curatedTag?.values.lf_tag.find((t: Json) => t.key === "zone")?.value),
        "the curated database carries an analyst zone tag",
      );
      assert.deepEqual(await lake.tables("processed"), curated.map(table).sort());
      assert.deepEqual(await lake.tables("raw"), [table(p.crawl_source)]);
      assert.equal(lake.ssm.get(lake.outputs.etl_pipeline.bookmark_parameters[pipeline]), W1);
    });
  }
});

describe("dev: windows, late data, failures and retries", { concurrency: WORKERS }, () => {
  const { sources, pipeline, orchestration } = envOf("dev");
  const batch = Object.keys(sources).find((s) => sources[s].ingestion === "batch" && sources[s].quality.not_null.length > 0)!;

  it("two consecutive windows each add their day, once", async () => {
    const lake = await newLake("dev");
    const first = await landAll(lake, "2026-01-31", "a");
    assertOk(await lake.execute(pipeline, W1));
    const second = await landAll(lake, "2026-02-01", "b");
    assertOk(await lake.execute(pipeline, W2));
    for (const s of Object.keys(sources)) await assertCurated(lake, s, expectedCurated(sources[s], [first[s], second[s]]));
  });

  it("a file that lands late for an earlier day reaches curated with the next run", async () => {
    const lake = await newLake("dev");
    const first = await landAll(lake, "2026-01-31", "a");
    assertOk(await lake.execute(pipeline, W1));
    const late = await landAll(lake, "2026-01-31", "late", 1);
    const next = await landAll(lake, "2026-02-01", "b");
    assertOk(await lake.execute(pipeline, W2));
    for (const s of Object.keys(sources)) await assertCurated(lake, s, expectedCurated(sources[s], [first[s], [...late[s], ...next[s]]]));
  });

  it("a failure after the processed write, then the retry: no duplicates in processed or curated", async () => {
    const lake = await newLake("dev");
    const landed = await landAll(lake, "2026-01-31", "a");
    const failed = await lake.execute(pipeline, W1, {
      StartEMRJob: async () => Promise.reject(Object.assign(new Error("Job run failed: executor lost"), { name: "States.TaskFailed" })),
    });
    assert.equal(failed.ok, false);
    assertAllowed(failed);
    assert.equal(failed.alerts.length, 1);
    const bookmark = lake.outputs.etl_pipeline.bookmark_parameters[pipeline];
    assert.equal(lake.ssm.get(bookmark), orchestration.pipelines[pipeline].first_window_start);
    assertOk(await lake.execute(pipeline, W1));
    const processed = lake.outputs.glue_catalog.database_names.processed;
    for (const s of Object.keys(sources)) {
      await assertCurated(lake, s, landed[s]);
      const [{ n }] = await lake.query(`SELECT count(*) AS n FROM \`${processed}\`.\`${table(s)}\``);
      assert.equal(n, landed[s].length, `${s}: processed rows`);
    }
  });

  it(
    "a Glue job that fails after its processed write, before its bookmark commit: the retry rewrites its load, no " + "duplicates",
    async () => {
      const lake = await newLake("dev");
      const landed = await landAll(lake, "2026-01-31", "a");
      const job = lake.outputs.glue_catalog.job_names[batch];
      const bookmark = path.join(lake.dir, ".glue-bookmarks", `${job}.json`); // the stand-in's bookmark (glue_standin/README)
      let first = true;
      const failed = await lake.execute(pipeline, W1, {
        RunGlueJob: async (i, real) => {
          if (i.JobName !== job || !first) return real();
          first = false;
          const before = fs.existsSync(bookmark) ? fs.readFileSync(bookmark, "utf8") : undefined;
          await real();
          // The run dies after its write: its commit never happened, so the next run reads the same files.
          if (before === undefined) fs.rmSync(bookmark);
          else fs.writeFileSync(bookmark, before);
          throw Object.assign(new Error("Job run failed: lost the driver after the write"), { name: "States.TaskFailed" });
        },
      });
      assert.equal(failed.ok, false);
      assertAllowed(failed);
      assertOk(await lake.execute(pipeline, W1));
      const processed = lake.outputs.glue_catalog.database_names.processed;
      const [{ n }] = await lake.query(`SELECT count(*) AS n FROM \`${processed}\`.\`${table(batch)}\``);
      assert.equal(n, landed[batch].length, `${batch}: processed rows`);
      for (const s of Object.keys(sources)) await assertCurated(lake, s, landed[s]);
    },
  );

  it(
    "a value of the wrong type: its row quarantined with its reason, the rest of its load arrives, one alert; fixed and replayed, it " +
      "arrives once",
    async () => {
      const typed = Object.keys(sources).find((s) => sources[s].contract.columns.some((c) => c.type === "double"))!;
      const column = sources[typed].contract.columns.find((c) => c.type === "double")!.name;
      const lake = await newLake("dev");
      const landed = await landAll(lake, "2026-01-31", "a");
      const bad = { ...record(sources[typed], "2026-01-31", 5, "bad"), [column]: "ten" };
      await lake.landBatch(typed, "2026-01-31", "bad-part-0", [bad]);
      const run = await lake.execute(pipeline, W1);
      assert.equal(run.ok, false);
      assertAllowed(run);
      assert.equal(run.notices.length, 0);
      assert.equal(run.alerts.length, 1);
      assert.match(run.alerts[0], new RegExp(`${typed}: 1 rows quarantined .*${column}: ten is not a valid double`));
      assert.deepEqual(
        run.events.filter((e) => e.quarantined_rows > 0).map((e) => [e.source, e.quarantined_rows]),
        [[typed, 1]],
        "the log line the QuarantinedRows metric filter counts",
      );
      for (const s of Object.keys(sources)) await assertCurated(lake, s, landed[s]);
      // The window is taken up again by the next run, and its loads are not loaded twice.
      assert.equal(
        lake.ssm.get(lake.outputs.etl_pipeline.bookmark_parameters[pipeline]),
        orchestration.pipelines[pipeline].first_window_start,
      );
      // The data is fixed where it waits, then replayed: its row arrives with the next run, once.
      const load = "20260201T030000Z";
      const folder = path.join(lake.dir, lake.outputs.data_lake_storage.bucket_names.processed, typed, "_quarantine", `load_end=${load}`);
      for (const f of fs.readdirSync(folder).filter((f) => f.endsWith(".json"))) {
        fs.writeFileSync(path.join(folder, f), fs.readFileSync(path.join(folder, f), "utf8").replace('"ten"', "10"));
        fs.rmSync(path.join(folder, `.${f}.crc`), { force: true }); // the local file system's checksum; S3 keeps none
      }
      const events = await lake.replay(typed, load, "2026-02-01T12:00:00Z");
      assert.deepEqual(
        events.map((e) => e.quarantined_rows),
        [0],
      );
      assert.deepEqual(await lake.recorder.denied(), [], "the replay's calls are allowed");
      assert.ok(
        !fs.existsSync(folder) && fs.existsSync(folder.replace("_quarantine", "_quarantine/replayed")),
        "a replayed load is not replayed twice",
      );
      assertOk(await lake.execute(pipeline, W1));
      const next = await landAll(lake, "2026-02-01", "b");
      assertOk(await lake.execute(pipeline, W2));
      const fixed = { ...bad, [column]: 10 };
      for (const s of Object.keys(sources))
        await assertCurated(lake, s, expectedCurated(sources[s], [s === typed ? [...landed[s], fixed] : landed[s], next[s]]));
    },
  );

  it("one source's bad file, quarantined whole: the other sources reach curated, one alert, and its next load arrives", async () => {
    const lake = await newLake("dev");
    const landed = await landAll(lake, "2026-01-31", "a", 2, [batch]);
    const key = sources[batch].contract.key[0] ?? sources[batch].quality.not_null[0];
    await lake.landBatch(
      batch,
      "2026-01-31",
      "bad-part-0",
      [0, 1].map((i) => ({ ...record(sources[batch], "2026-01-31", i, "bad"), [key]: null })),
    );
    const run = await lake.execute(pipeline, W1);
    assert.equal(run.ok, false);
    assertAllowed(run);
    assert.equal(run.alerts.length, 1);
    assert.match(run.alerts[0], new RegExp(`${batch}: 2 rows quarantined .*${key}: missing`));
    const others = Object.keys(sources).filter((s) => s !== batch && !sources[s].raw_only);
    for (const s of others) await assertCurated(lake, s, landed[s]);
    assert.deepEqual(
      (await lake.query(`SELECT * FROM \`${lake.outputs.glue_catalog.database_names.curated}\`.\`${table(batch)}\``)).length,
      0,
    );
    const next = await landAll(lake, "2026-02-01", "b");
    assertOk(await lake.execute(pipeline, W2));
    for (const s of Object.keys(sources))
      await assertCurated(lake, s, expectedCurated(sources[s], s === batch ? [next[s]] : [landed[s], next[s]]));
  });

  it("a column the contract does not declare: kept out and reported, and the rest of the load arrives", async () => {
    const source = Object.keys(sources).find((s) => sources[s].ingestion === "batch" && sources[s].contract.columns.length > 0)!;
    const lake = await newLake("dev");
    const landed = await landAll(lake, "2026-01-31", "a", 2, [source]);
    const rows = [0, 1].map((i) => record(sources[source], "2026-01-31", i, "a"));
    await lake.landBatch(
      source,
      "2026-01-31",
      "a-part-0",
      rows.map((r) => ({ ...r, loyalty_tier: "gold" })),
    );
    const run = await lake.execute(pipeline, W1);
    assertOk(run);
    assert.deepEqual(
      run.events.filter((e) => e.undeclared_columns.length).map((e) => [e.source, e.undeclared_columns]),
      [[source, ["loyalty_tier"]]],
    );
    await assertCurated(lake, source, rows);
    for (const s of Object.keys(landed)) await assertCurated(lake, s, landed[s]);
    const db = lake.outputs.glue_catalog.database_names.curated;
    const [row] = await lake.query(`SELECT * FROM \`${db}\`.\`${table(source)}\` LIMIT 1`);
    assert.ok(!("loyalty_tier" in row), "not in curated until the contract declares it");
  });

  it("a record re-sent in another file, and again in the next load, is curated once, for each load pattern", async () => {
    const lake = await newLake("dev");
    const resend = async (tag: string, landed: Record<string, Json[]>, day: string) => {
      for (const [name, s] of Object.entries(sources)) {
        if (s.ingestion === "stream") lake.landStream(name, new Date(`${day}T11:00:00Z`), landed[name]);
        else await lake.landBatch(name, day, `${tag}-resent`, landed[name]);
      }
    };
    const landed = await landAll(lake, "2026-01-31", "a");
    await resend("a", landed, "2026-01-31");
    assertOk(await lake.execute(pipeline, W1));
    await resend("b", landed, "2026-02-01");
    assertOk(await lake.execute(pipeline, W2));
    const patterns = new Set(Object.values(sources).map((s) => s.contract.load));
    assert.deepEqual([...patterns].sort(), ["append", "full_refresh", "upsert"], "dev declares every load pattern");
    for (const s of Object.keys(sources)) await assertCurated(lake, s, expectedCurated(sources[s], [landed[s], landed[s]]));
  });

  it("an upsert's older version that arrives late does not overwrite the newer one", async () => {
    const upsert = Object.keys(sources).find((s) => sources[s].contract.load === "upsert")!;
    const ordering = sources[upsert].contract.ordering_column!;
    const lake = await newLake("dev");
    const text = spare(sources[upsert]);
    const newer = { ...record(sources[upsert], "2026-01-31", 0, "v"), [ordering]: "2026-01-31 18:00:00", [text]: "newer" };
    await lake.landBatch(upsert, "2026-01-31", "newer", [newer]);
    await landAll(lake, "2026-01-31", "a", 2, [upsert]);
    assertOk(await lake.execute(pipeline, W1));
    const older = { ...newer, [ordering]: "2026-01-31 08:00:00", [text]: "older" };
    await lake.landBatch(upsert, "2026-01-31", "older-late", [older]);
    await landAll(lake, "2026-02-01", "b", 2, [upsert]);
    assertOk(await lake.execute(pipeline, W2));
    await assertCurated(lake, upsert, [newer]);
  });

  it("a full refresh that shrinks its source leaves only the new load", async () => {
    const refresh = Object.keys(sources).find((s) => sources[s].contract.load === "full_refresh")!;
    const lake = await newLake("dev");
    const before = [0, 1, 2].map((i) => record(sources[refresh], "2026-01-31", i, "full"));
    await lake.landBatch(refresh, "2026-01-31", "full", before);
    await landAll(lake, "2026-01-31", "a", 2, [refresh]);
    assertOk(await lake.execute(pipeline, W1));
    const after = [record(sources[refresh], "2026-02-01", 0, "smaller")];
    await lake.landBatch(refresh, "2026-02-01", "smaller", after);
    await landAll(lake, "2026-02-01", "b", 2, [refresh]);
    assertOk(await lake.execute(pipeline, W2));
    await assertCurated(lake, refresh, after);
  });

  it("a source that delivers nothing in its window: an alert naming it and the window, no success notice, the others curated", async () => {
    const silent = Object.keys(sources).find((s) => sources[s].ingestion === "stream" && sources[s].contract.expected_every_window)!;
    const lake = await newLake("dev");
    const landed = await landAll(lake, "2026-01-31", "a", 2, [silent]);
    const run = await lake.execute(pipeline, W1);
    assert.equal(run.ok, false);
    assertAllowed(run);
    assert.equal(run.notices.length, 0);
    assert.equal(run.alerts.length, 1);
    const start = orchestration.pipelines[pipeline].first_window_start!;
    assert.match(run.alerts[0], /GlueJobsFailed/);
    assert.ok(run.alerts[0].includes(`In the window from ${start} to ${W1}`), run.alerts[0]);
    assert.ok(run.alerts[0].includes(`${silent}: no new data in raw for the window ending ${W1}`), run.alerts[0]);
    for (const s of Object.keys(landed)) await assertCurated(lake, s, landed[s]);
    assert.equal(
      lake.ssm.get(lake.outputs.etl_pipeline.bookmark_parameters[pipeline]),
      orchestration.pipelines[pipeline].first_window_start,
    );
  });

  it(
    "a file outside the layout: quarantined with its reason, the rest arrives, one alert; moved under its day, it arrives next " + "run",
    async () => {
      const json = Object.keys(sources).find((s) => sources[s].ingestion === "batch" && sources[s].format === "json")!;
      const lake = await newLake("dev");
      const landed = await landAll(lake, "2026-01-31", "a");
      const stray = [record(sources[json], "2026-01-31", 7, "stray")];
      const raw = lake.outputs.data_lake_storage.bucket_names.raw;
      const strayFile = lake.put(raw, `${json}/misplaced.json`, stray.map((r) => JSON.stringify(r)).join("\n") + "\n");
      const run = await lake.execute(pipeline, W1);
      assert.equal(run.ok, false);
      assertAllowed(run);
      assert.equal(run.alerts.length, 1);
      assert.match(run.alerts[0], new RegExp(`${json}: 1 rows quarantined .*file outside <source>/YYYY/MM/DD/`));
      for (const s of Object.keys(sources)) await assertCurated(lake, s, landed[s]);
      const processed = lake.outputs.data_lake_storage.bucket_names.processed;
      const kept = fs
        .readdirSync(path.join(lake.dir, processed, json, "_quarantine", "load_end=20260201T030000Z"))
        .filter((f) => f.endsWith(".json"));
      const rows = kept
        .flatMap((f) =>
          fs.readFileSync(path.join(lake.dir, processed, json, "_quarantine", "load_end=20260201T030000Z", f), "utf8").split("\n"),
        )
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      const id = sources[json].contract.key[0];
      assert.deepEqual(
        rows.map((r) => [r[id], r.quarantine_reason.endsWith(`${json}/misplaced.json`)]),
        [[stray[0][id], true]],
      );
      // The replay: the file, moved under its day, is loaded by the next run; nothing of it was lost or doubled.
      fs.rmSync(strayFile);
      await lake.landBatch(json, "2026-01-31", "stray-moved", stray);
      await landAll(lake, "2026-02-01", "b", 2, [json]);
      assertOk(await lake.execute(pipeline, W2));
      await assertCurated(lake, json, expectedCurated(sources[json], [landed[json], stray]));
    },
  );

  it("many small stream objects of a day are compacted: one processed file for the load, one curated file for the day", async () => {
    const stream = Object.keys(sources).find((s) => sources[s].ingestion === "stream")!;
    const lake = await newLake("dev");
    const landed = await landAll(lake, "2026-01-31", "a", 2, [stream]);
    const objects = Array.from({ length: 12 }, (_, i) => [record(sources[stream], "2026-01-31", i, `obj${i}`)]);
    objects.forEach((rows, i) => lake.landStream(stream, new Date(Date.UTC(2026, 0, 31, i, 5)), rows));
    assertOk(await lake.execute(pipeline, W1));
    await assertCurated(lake, stream, objects.flat());
    for (const s of Object.keys(landed)) await assertCurated(lake, s, landed[s]);
    const parquet = (bucket: string, prefix: string) =>
      fs
        .readdirSync(path.join(lake.dir, bucket, prefix), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(".parquet"));
    const zone = lake.outputs.data_lake_storage.bucket_names;
    assert.equal(parquet(zone.processed, `${stream}/year=2026/month=01/day=31`).length, 1, "one processed file for the load's day");
    assert.equal(parquet(zone.curated, `${stream}/year=2026/month=01/day=31`).length, 1, "one curated file for the day");
  });

  it("a transient error, named as AWS names it, is retried and the run succeeds", async () => {
    const transient = "Glue.ConcurrentRunsExceededException";
    assert.ok(TASK_ERRORS.glue_job.includes(transient) && orchestration.retry.errors.includes(transient));
    const lake = await newLake("dev");
    const landed = await landAll(lake, "2026-01-31", "a");
    const job = lake.outputs.glue_catalog.job_names[batch];
    let first = true;
    const run = await lake.execute(pipeline, W1, {
      RunGlueJob: async (i, real) => {
        if (i.JobName === job && first) {
          first = false;
          throw Object.assign(new Error("Concurrent runs exceeded"), { name: transient });
        }
        return real();
      },
    });
    assertOk(run);
    assert.equal(run.calls.filter((c) => c.state === "RunGlueJob" && c.input.JobName === job).length, 2);
    await assertCurated(lake, batch, landed[batch]);
  });

  it("a permanent error is not retried: one attempt, one alert", async () => {
    const permanent = "Glue.EntityNotFoundException";
    assert.ok(TASK_ERRORS.glue_job.includes(permanent) && !orchestration.retry.errors.includes(permanent));
    const lake = await newLake("dev");
    await landAll(lake, "2026-01-31", "a");
    const job = lake.outputs.glue_catalog.job_names[batch];
    const run = await lake.execute(pipeline, W1, {
      RunGlueJob: async (i, real) =>
        i.JobName === job ? Promise.reject(Object.assign(new Error("no such job"), { name: permanent })) : real(),
    });
    assert.equal(run.ok, false);
    assert.equal(run.calls.filter((c) => c.state === "RunGlueJob" && c.input.JobName === job).length, 1);
    assert.equal(run.alerts.length, 1);
    assert.match(run.alerts[0], new RegExp(permanent));
  });
});

const XML_AND_PARQUET = `
  partner-orders = {
    ingestion        = "batch"
    format           = "xml"
    crawler_schedule = "cron(0 2 * * ? *)"
    quality = {
      not_null = ["order_id"]
    }
    contract = {
      load    = "append"
      row_tag = "order"
      columns = [
        { name = "order_id", type = "string" },
        { name = "quantity", type = "int" },
        { name = "amount", type = "decimal(10,2)" },
      ]
    }
  }
  warehouse-stock = {
    ingestion        = "batch"
    format           = "parquet"
    crawler_schedule = "cron(0 2 * * ? *)"
    contract = {
      load = "full_refresh"
      key  = ["sku"]
      columns = [
        { name = "sku", type = "string" },
        { name = "on_hand", type = "bigint" },
        { name = "counted_at", type = "timestamp" },
      ]
    }
  }
`;
const SUPPLIER_FEEDS = `
    supplier-feeds = {
      schedule           = "cron(0 4 * * ? *)"
      timezone           = "UTC"
      entry_point        = "etl/transform.py"
      sources            = ["partner-orders", "warehouse-stock"]
      crawl_source       = "partner-orders"
      first_window_start = "2026-01-01T00:00:00Z"
    }
`;

/** dev rendered with an XML and a Parquet source in a pipeline of their own, which the committed tfvars do not hold. */
async function renderWithFormats(): Promise<{ root: RenderedRoot; sources: Record<string, Source> }> {
  const text = fs.readFileSync(path.join(ROOT, "tfvars", "dev.tfvars"), "utf8");
  const sourcesEnd = text.indexOf("\n}\n", text.indexOf("\nsources = {"));
  const pipelines = text.indexOf("\n", text.indexOf("  pipelines = {")) + 1;
  assert.ok(sourcesEnd > 0 && pipelines > sourcesEnd, "dev.tfvars: a sources block, then orchestration's pipelines");
  const variant =
    text.slice(0, sourcesEnd + 1) +
    XML_AND_PARQUET.slice(1) +
    text.slice(sourcesEnd + 1, pipelines) +
    SUPPLIER_FEEDS.slice(1) +
    text.slice(pipelines);
  const dir = fs.mkdtempSync(path.join(scratch, "formats-"));
  fs.writeFileSync(path.join(dir, "dev.tfvars"), variant);
  const loaded = loadConfig(path.join(dir, "dev.tfvars"));
  if (!loaded.ok) throw new Error(`the variant tfvars: ${JSON.stringify(loaded.problems)}`);
  return { root: await renderVariant(path.join(dir, "dev.tfvars"), scratch), sources: loaded.config.sources as Record<string, Source> };
}

describe("dev: sources in other formats", () => {
  it(
    "an XML source and a Parquet source: the XML crawled by its classifier's row tag, both cast to their declared columns and " + "curated",
    async () => {
      const { root, sources } = await formats;
      const lake = new LocalLake(root, sources, pool.current(), scratch);
      await lake.setup();
      const orders = [
        { order_id: "o-1", quantity: 3, amount: "12.50" },
        { order_id: "o-2", quantity: 1, amount: "7.05" },
      ];
      const stock = [{ sku: "s-1", on_hand: 10, counted_at: "2026-01-31 08:00:00" }];
      await lake.landBatch("partner-orders", "2026-01-31", "orders-0", orders);
      await lake.landBatch("warehouse-stock", "2026-01-31", "stock-0", stock);
      // The same order again in another file: append keeps it once.
      await lake.landBatch("partner-orders", "2026-01-31", "orders-1", [orders[0]]);
      assertOk(await lake.execute("supplier-feeds", W1));
      await assertCurated(lake, "partner-orders", orders);
      await assertCurated(lake, "warehouse-stock", stock);
      const curated = lake.outputs.glue_catalog.database_names.curated;
      const [typed] = await lake.query(`SELECT typeof(quantity) AS q, typeof(amount) AS a FROM \`${curated}\`.partner_orders LIMIT 1`);
      assert.deepEqual(typed, { q: "int", a: "decimal(10,2)" });
      // The crawler found the records by the row tag of the classifier it names.
      const raw = lake.outputs.glue_catalog.database_names.raw;
      assert.deepEqual(await lake.query(`SELECT order_id FROM \`${raw}\`.partner_orders ORDER BY order_id`), [
        { order_id: "o-1" },
        { order_id: "o-1" },
        { order_id: "o-2" },
      ]);
    },
  );
});
