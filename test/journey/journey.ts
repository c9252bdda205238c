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
import { after, before, describe, it } from "node:test";
import type { OrchestrationInputs } from "../../modules/etl-pipeline/schema";
import { TASK_ERRORS } from "../../modules/etl-pipeline/task-errors";
import type { Source } from "../../modules/sources";
import { environmentConfig, ROOT } from "../../testkit/helpers";
import { renderedRoot, type RenderedRoot } from "../../testkit/rendered-root";
import { LocalLake, type Run } from "./lake";
import { SparkWorker } from "./worker-client";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const W1 = "2026-02-01T03:00:00Z";
const W2 = "2026-02-02T03:00:00Z";
// Under run.sh's work folder when there is one, which its trap removes even if this process is killed.
const scratch = fs.mkdtempSync(path.join(process.env.LAKEGEN_JEST_DIR ?? os.tmpdir(), "lakegen-journey-"));
const roots: Record<string, RenderedRoot> = {};
let worker: SparkWorker;

before(async () => {
  worker = new SparkWorker(ROOT);
  for (const env of ["dev", "prod"]) roots[env] = await renderedRoot(env);
});
after(async () => {
  await worker?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function envOf(env: string) {
  const config = environmentConfig(env);
  const sources = config.sources as Record<string, Source>;
  const orchestration = config.orchestration as OrchestrationInputs;
  const [pipeline, p] = Object.entries(orchestration.pipelines)[0];
  return { config, sources, orchestration, pipeline, p };
}

/** A record that passes its source's declared checks: every checked column, with a value per row. */
function record(source: Source, day: string, i: number, tag: string): Json {
  const q = source.quality;
  const row: Json = {};
  for (const c of [...q.not_null, ...q.unique, ...q.not_future, ...q.ranges.map((r) => r.column)]) {
    const range = q.ranges.find((r) => r.column === c);
    if (range) row[c] = range.min !== null ? range.min + i : (range.max ?? 0) - i;
    else if (q.not_future.includes(c) || /time|date/.test(c)) row[c] = `${day} 12:00:${String(i).padStart(2, "0")}`;
    else row[c] = `${c}-${tag}-${day}-${i}`;
  }
  row.note = `${tag} ${i}`;
  return row;
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
const key = (row: Json, columns: string[]) => JSON.stringify(columns.map((c) => (row[c] === null || row[c] === undefined ? null : String(row[c]))));

/** The analyst's query: every curated row of a source, compared as a multiset on the landed columns. */
async function assertCurated(lake: LocalLake, source: string, expected: Json[]): Promise<void> {
  const db = lake.outputs.glue_catalog.database_names.curated;
  const columns = Object.keys(expected[0]);
  const rows = await lake.analystQuery("curated", source, `SELECT * FROM \`${db}\`.\`${table(source)}\``);
  assert.deepEqual(await lake.recorder.denied(), [], `${lake.root.env} ${source}: every call of the query is allowed`);
  assert.deepEqual(rows.map((r) => key(r, columns)).sort(), expected.map((r) => key(r, columns)).sort(), `${lake.root.env} ${source}: curated rows`);
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
  const lake = new LocalLake(roots[env], envOf(env).sources, worker, scratch);
  await lake.setup();
  return lake;
}

for (const env of ["dev", "prod"]) {
  describe(`${env}: the journey`, () => {
    it("every source reaches curated, catalogued where the analysts' grants apply, and can be queried", async () => {
      const { sources, pipeline, p, config } = envOf(env);
      const lake = await newLake(env);
      const landed = await landAll(lake, "2026-01-31", "a");
      const run = await lake.execute(pipeline, W1);
      assertOk(run);
      const curated = Object.keys(sources).filter((s) => !sources[s].raw_only);
      assert.deepEqual(curated.sort(), Object.keys(sources).filter((s) => !sources[s].raw_only).sort());
      assert.deepEqual(await lake.tables("curated"), curated.map(table).sort());
      for (const s of curated) await assertCurated(lake, s, landed[s]);
      // The analysts' Lake Formation grants select tables by the zone LF-tag of their database.
      const analystZones = (config.lake_formation as Json).analyst_zones as string[];
      const tags = [...lake.root.resources.values()].filter((r) => r.type === "aws_lakeformation_resource_lf_tags");
      const curatedTag = tags.find((r) => r.values.database[0].name === lake.outputs.glue_catalog.database_names.curated);
      assert.ok(analystZones.includes(curatedTag?.values.lf_tag.find((t: Json) => t.key === "zone")?.value), "the curated database carries an analyst zone tag");
      assert.deepEqual(await lake.tables("processed"), curated.map(table).sort());
      assert.deepEqual(await lake.tables("raw"), [table(p.crawl_source)]);
      assert.equal(lake.ssm.get(lake.outputs.etl_pipeline.bookmark_parameters[pipeline]), W1);
    });
  });
}

describe("dev: windows, late data, failures and retries", () => {
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

  it("one source's Data Quality failure: the others reach curated, nothing of it does, one alert, and the next run takes the window up", async () => {
    const lake = await newLake("dev");
    const column = sources[batch].quality.not_null[0];
    const bad = [{ ...record(sources[batch], "2026-01-31", 0, "bad"), [column]: null }, record(sources[batch], "2026-01-31", 1, "bad")];
    const landed = await landAll(lake, "2026-01-31", "a");
    await lake.landBatch(batch, "2026-01-31", "bad-part-0", bad);
    const run = await lake.execute(pipeline, W1);
    assert.equal(run.ok, false);
    assertAllowed(run);
    assert.equal(run.alerts.length, 1);
    assert.match(run.alerts[0], /GlueJobsFailed/);
    assert.match(run.alerts[0], /IsComplete/);
    assert.ok(!(await lake.tables("processed")).includes(table(batch)), "nothing of the failed source in processed");
    const others = Object.keys(sources).filter((s) => s !== batch && !sources[s].raw_only);
    assert.deepEqual(await lake.tables("curated"), others.map(table).sort());
    for (const s of others) await assertCurated(lake, s, landed[s]);
    const bookmark = lake.outputs.etl_pipeline.bookmark_parameters[pipeline];
    assert.equal(lake.ssm.get(bookmark), orchestration.pipelines[pipeline].first_window_start);
    // The bad file is replaced by a corrected one; the next run takes the window up again, and nothing is curated twice.
    await lake.landBatch(batch, "2026-01-31", "bad-part-0", landed[batch]);
    assertOk(await lake.execute(pipeline, W1));
    for (const s of [batch, ...others]) await assertCurated(lake, s, landed[s]);
    assert.equal(lake.ssm.get(bookmark), W1);
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
    const newer = { ...record(sources[upsert], "2026-01-31", 0, "v"), [ordering]: "2026-01-31 18:00:00", note: "newer" };
    await lake.landBatch(upsert, "2026-01-31", "newer", [newer]);
    await landAll(lake, "2026-01-31", "a", 2, [upsert]);
    assertOk(await lake.execute(pipeline, W1));
    const older = { ...newer, [ordering]: "2026-01-31 08:00:00", note: "older" };
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
    assert.equal(lake.ssm.get(lake.outputs.etl_pipeline.bookmark_parameters[pipeline]), orchestration.pipelines[pipeline].first_window_start);
  });

  it("a file outside the layout: quarantined with its reason, the rest arrives, one alert; moved under its day, it arrives next run", async () => {
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
    assert.match(run.alerts[0], new RegExp(`${json}: 1 rows of files outside <source>/YYYY/MM/DD/ quarantined`));
    for (const s of Object.keys(sources)) await assertCurated(lake, s, landed[s]);
    const processed = lake.outputs.data_lake_storage.bucket_names.processed;
    const kept = fs.readdirSync(path.join(lake.dir, processed, json, "_quarantine", "load_end=20260201T030000Z")).filter((f) => f.endsWith(".json"));
    const rows = kept.flatMap((f) => fs.readFileSync(path.join(lake.dir, processed, json, "_quarantine", "load_end=20260201T030000Z", f), "utf8").split("\n")).filter(Boolean).map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => [r.note, r.quarantine_reason.endsWith(`${json}/misplaced.json`)]), [["stray 7", true]]);
    // The replay: the file, moved under its day, is loaded by the next run; nothing of it was lost or doubled.
    fs.rmSync(strayFile);
    await lake.landBatch(json, "2026-01-31", "stray-moved", stray);
    await landAll(lake, "2026-02-01", "b", 2, [json]);
    assertOk(await lake.execute(pipeline, W2));
    await assertCurated(lake, json, expectedCurated(sources[json], [landed[json], stray]));
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
      RunGlueJob: async (i, real) => (i.JobName === job ? Promise.reject(Object.assign(new Error("no such job"), { name: permanent })) : real()),
    });
    assert.equal(run.ok, false);
    assert.equal(run.calls.filter((c) => c.state === "RunGlueJob" && c.input.JobName === job).length, 1);
    assert.equal(run.alerts.length, 1);
    assert.match(run.alerts[0], new RegExp(permanent));
  });
});
