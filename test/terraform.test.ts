/**
 * The emitted HCL, proven with the real Terraform binary and the real aws
 * provider schema: fmt, validate, offline plans, plan-time validation, HCL/JSON
 * parity, threading of the sizing, determinism, and a mock-provider apply.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironments } from "../synth/environments";
import { generateProviderBlocks } from "../lib/hcl/generate-provider-blocks";
import { readAwsProviderSchema } from "../lib/provider-schema";
import { generateAwsValues } from "../policy/generate-aws-values";
import { providerLockFile, ROOT_AWS_PROVIDER_RANGE } from "../lib/provider-lock";
import { OfflineRoot } from "../lib/plan";
import { synthesize } from "../synth/synth";
import { makeTempDir, runTerraform } from "../lib/terraform";
import { MODULES } from "../modules";
import { emrSchema, sparkSubmitParameters } from "../modules/emr-serverless/schema";
import { dqdlRules } from "../modules/glue-catalog/schema";
import { sourcesSchema } from "../modules/sources";
import { failing, runChecks } from "../policy/engine";
import { streamPlan } from "../policy/plan-stream";
import { RULES } from "../policy/rules";
import { GATED_HARMS, MUTATIONS, tryMutation } from "../testkit/policy/mutations";
import { CLASS_MUTATIONS, MUTATION_CLASSES } from "../testkit/policy/class-mutations";
import { listFiles, readTfvars, ROOT } from "../testkit/helpers";
import { INVALID_CASES, type InvalidCase } from "../testkit/invalid-cases";
import { groupInvalidCases } from "../testkit/invalid-groups";
import { type BatchCase, type BatchResult, planBatch, toTfvars } from "../testkit/terraform-batch";
import { withExtensions } from "../testkit/extensions";
import { sharedDist, sharedPlan } from "../testkit/shared-root";
import { checkedPlan } from "../policy/plan";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

const ENVS = ["dev", "prod"];
let work: string;
let hclDist: string;
const roots: Record<string, OfflineRoot> = {};
const plans: Record<string, Json> = {};

const change = (plan: Json, address: string): Json => {
  const rc = plan.resource_changes.find((r: Json) => r.address === address);
  if (!rc) throw new Error(`no resource change at ${address}`);
  return rc.change.after;
};

/** Results of the batched plans (invalid cases, threading variants, added sources), by case name. */
const batched = new Map<string, BatchResult>();
const batchedPlan = (name: string): Json => {
  const res = batched.get(name);
  if (!res?.plan) throw new Error(`batched plan ${name} did not pass: ${res?.status} ${res?.errors.join("\n")}`);
  return res.plan;
};

beforeAll(async () => {
  work = makeTempDir("tf");
  process.chdir(ROOT);
  hclDist = await sharedDist();
  for (const env of ENVS) {
    roots[env] = new OfflineRoot(hclDist, env);
    roots[env].init();
    plans[env] = await sharedPlan(env);
  }
  // Three terraform test processes, so both cores stay busy.
  const byBase = (base: string) => BATCH_CASES.filter((c) => c.base === base);
  const threading = byBase("prod").filter((c) => c.name.startsWith("threading"));
  const prodOther = byBase("prod").filter((c) => !c.name.startsWith("threading"));
  const results = await Promise.all([
    planBatch(roots.dev.dir, "dev", byBase("dev")),
    planBatch(roots.prod.dir, "threading", threading),
    planBatch(roots.prod.dir, "prod", prodOther),
  ]);
  for (const r of results) for (const [k, v] of r) batched.set(k, v);
  // A guard against a hung Terraform, not a speed check: on a busy 2-core machine this hook takes minutes,
  // and its speed is measured in the benchmarks.
}, 900_000);

afterAll(() => {
  for (const r of Object.values(roots)) r.dispose();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

it("each root pins the tested provider with synth's lock file, which init checks the provider against and keeps", () => {
  for (const env of ENVS) {
    expect(fs.readFileSync(path.join(roots[env].dir, ".terraform.lock.hcl"), "utf8")).toBe(providerLockFile());
    expect(fs.readFileSync(path.join(roots[env].dir, "versions.tf"), "utf8")).toContain(`version = "${ROOT_AWS_PROVIDER_RANGE}"`);
  }
});

describe("emitted HCL", () => {
  it("is terraform fmt clean", () => {
    const res = runTerraform(["fmt", "-check", "-recursive", "-diff", hclDist], { cwd: work });
    expect(res.stdout).toBe("");
    expect(res.code).toBe(0);
  });

  it.each(MODULES.map((m) => [m.name, m]))("module %s has the standard files, no provider and no backend", (name, def) => {
    const dir = path.join(hclDist, "modules", name);
    const shipped = Object.keys(def.files ?? {}).map((f) => f.split("/")[0]);
    expect(fs.readdirSync(dir).sort()).toEqual(
      ["README.md", "main.tf", "outputs.tf", "variables.tf", "versions.tf", "examples", "tests", ...new Set(shipped)].sort(),
    );
    expect(fs.readdirSync(path.join(dir, "examples")).sort()).toEqual(["basic", "complete"]);
    const hcl = ["main.tf", "outputs.tf", "variables.tf", "versions.tf"].map((f) => fs.readFileSync(path.join(dir, f), "utf8")).join("\n");
    expect(hcl).not.toMatch(/^provider "/m);
    expect(hcl).not.toMatch(/^\s*backend "/m);
    expect(fs.readFileSync(path.join(dir, "versions.tf"), "utf8")).toContain('version = ">= 5.100, < 7.0"');
  });

  it.each(MODULES.map((m) => m.name))("module %s README tables list every variable and output", (name) => {
    const dir = path.join(hclDist, "modules", name);
    const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    const declared = (file: string, kind: string) =>
      [...fs.readFileSync(path.join(dir, file), "utf8").matchAll(new RegExp(`^${kind} "([^"]+)"`, "gm"))].map((m) => m[1]);
    const vars = declared("variables.tf", "variable");
    const outs = declared("outputs.tf", "output");
    expect(vars.length).toBeGreaterThan(5);
    for (const v of vars) expect(readme).toMatch(new RegExp(`^\\| ${v} \\| .+ \\| \`.+\` \\| .+ \\| (yes|no) \\|$`, "m"));
    for (const o of outs) expect(readme).toMatch(new RegExp(`^\\| ${o} \\| .+ \\|$`, "m"));
  });

  it.each(ENVS)("env %s passes terraform validate and carries its tfvars and a real S3 backend", (env) => {
    const res = roots[env].run(["validate", "-no-color"]);
    expect(res.code).toBe(0);
    const dir = path.join(hclDist, "envs", env);
    expect(fs.readFileSync(path.join(dir, "terraform.tfvars"), "utf8")).toBe(
      fs.readFileSync(path.join(ROOT, "tfvars", `${env}.tfvars`), "utf8"),
    );
    const versions = fs.readFileSync(path.join(dir, "versions.tf"), "utf8");
    expect(versions).toContain('backend "s3"');
    expect(versions).toContain("use_lockfile = true");
    expect(versions).toContain(`key          = "acme-lake/${env}/terraform.tfstate"`);
    const main = fs.readFileSync(path.join(dir, "main.tf"), "utf8");
    for (const m of MODULES) expect(main).toMatch(new RegExp(`source += "\\.\\./\\.\\./modules/${m.name}"`));
  });

  it("renders blocks, and types the plan's values, from up-to-date copies of the provider schema", () => {
    const schema = readAwsProviderSchema();
    const committed = fs.readFileSync(path.join(ROOT, "lib", "hcl", "aws-provider-blocks.json"), "utf8");
    expect(generateProviderBlocks(schema)).toBe(committed);
    // A rule that names a type the generated file lacks, or a provider upgrade, fails here: npm run generate:aws-values.
    expect(generateAwsValues(ROOT, schema)).toBe(fs.readFileSync(path.join(ROOT, "policy", "aws-values.ts"), "utf8"));
  });

  it("is deterministic: a second synth, in a process of its own, is byte-identical", () => {
    const again = path.join(work, "dist-again");
    // Another process: nothing this one memoized (such as the counterexample search) carries over.
    const res = spawnSync(process.execPath, [path.join(ROOT, "build", "cli", "lakegen.js"), "synth", "--quiet", "--out", again], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
    const files = listFiles(hclDist);
    expect(listFiles(again)).toEqual(files);
    for (const f of files) {
      expect([f, fs.readFileSync(path.join(again, f), "utf8")]).toEqual([f, fs.readFileSync(path.join(hclDist, f), "utf8")]);
    }
  });
});

describe.each(ENVS)("offline plan of %s", (env) => {
  const tfvars = () => readTfvars(`tfvars/${env}.tfvars`);

  it("sizes the EMR application from the tfvars", () => {
    const emr = tfvars().emr;
    const app = change(plans[env], "module.emr_serverless.aws_emrserverless_application.spark");
    expect(app.maximum_capacity[0].cpu).toBe(`${emr.max_capacity.cpu} vCPU`);
    expect(app.maximum_capacity[0].memory).toBe(`${emr.max_capacity.memory_gb} GB`);
    expect(app.release_label).toBe(emr.release_label);
    expect(app.auto_stop_configuration[0].idle_timeout_minutes).toBe(emr.idle_timeout_minutes);
    expect(app.initial_capacity.length).toBe(emr.initial_capacity ? 2 : 0);
  });

  it("passes the sizing to the Spark submit parameters", () => {
    const emr = tfvars().emr;
    const params: string = plans[env].output_changes.emr_serverless.after.spark_submit_parameters;
    expect(params).toContain(`--conf spark.executor.cores=${emr.executor.cpu} `);
    expect(params).toContain(`--conf spark.driver.cores=${emr.driver.cpu} `);
    expect(params).toContain(`--conf spark.dynamicAllocation.maxExecutors=${emr.max_executors}`);
    expect(params).toContain(
      `--conf spark.executor.memory=${Math.min(Math.floor((emr.executor.memory_gb * 1024) / 1.1), emr.executor.memory_gb * 1024 - 384)}m `,
    );
    // The docs compute the same string in TypeScript from the same expressions.
    const parsed = emrSchema.parse(emr);
    expect(sparkSubmitParameters(parsed)).toBe(params);
  });

  it("applies the lifecycle days of every zone", () => {
    const zones = tfvars().storage.zones;
    for (const [zone, cfg] of Object.entries<Json>(zones)) {
      const lc = change(plans[env], `module.data_lake_storage.aws_s3_bucket_lifecycle_configuration.this["${zone}"]`);
      const planned = lc.rule[0].transition.map((t: Json) => [t.days, t.storage_class]).sort();
      expect([zone, planned]).toEqual([zone, (cfg.transitions ?? []).map((t: Json) => [t.days, t.storage_class]).sort()]);
      expect([zone, lc.rule[0].expiration[0]?.days ?? null]).toEqual([zone, cfg.expiration_days ?? null]);
    }
  });

  it("builds the DQDL rulesets the docs describe", () => {
    for (const [name, source] of Object.entries<Json>(sourcesSchema.parse(tfvars().sources))) {
      const rules = dqdlRules(source.quality);
      if (rules.length === 0) continue;
      const planned = change(plans[env], `module.glue_catalog.aws_glue_data_quality_ruleset.this["${name}"]`);
      expect(planned.ruleset).toBe(`Rules = [ ${rules.join(", ")} ]`);
    }
  });

  it("matches force_destroy to the environment", () => {
    const raw = change(plans[env], 'module.data_lake_storage.aws_s3_bucket.this["raw"]');
    expect(raw.force_destroy).toBe(tfvars().storage.force_destroy);
  });

  it("plans the same from HCL as from cdktf's JSON synth", () => {
    const jsonDist = path.join(work, "dist-json");
    if (!fs.existsSync(jsonDist)) synthesize({ environments: loadEnvironments(), distDir: jsonDist, format: "json" });
    const root = new OfflineRoot(jsonDist, env);
    try {
      root.init();
      const fromJson = root.plan();
      for (const key of ["planned_values", "resource_changes", "output_changes", "variables"]) {
        expect([key, fromJson[key]]).toEqual([key, plans[env][key]]);
      }
    } finally {
      root.dispose();
    }
  });

  it("applies against a mocked provider with values from the tfvars (terraform test)", () => {
    const tests = path.join(roots[env].dir, "tests");
    fs.mkdirSync(tests, { recursive: true });
    fs.copyFileSync(path.join(ROOT, "test", "terraform", "platform.tftest.hcl"), path.join(tests, "platform.tftest.hcl"));
    fs.cpSync(path.join(ROOT, "test", "terraform", "mocks"), path.join(tests, "mocks"), { recursive: true });
    const res = roots[env].run(["test", "-no-color"]);
    expect(res.stdout).toContain("3 passed, 0 failed");
    expect(res.code).toBe(0);
  });
});

const tfvarsText = (env: string) => fs.readFileSync(path.join(ROOT, "tfvars", `${env}.tfvars`), "utf8");

function setPath(v: Json, path: string, value: unknown): void {
  const keys = path.split(".");
  let at = v;
  for (const k of keys.slice(0, -1)) at = at[k];
  if (!(keys[keys.length - 1] in at)) throw new Error(`no key at ${path}`);
  at[keys[keys.length - 1]] = value;
}

/** Managed resources whose planned values differ between two plans. */
function changedResources(a: Json, b: Json): string[] {
  const byAddress = (p: Json) =>
    new Map<string, string>(
      p.resource_changes
        .filter((r: Json) => r.mode === "managed")
        .map((r: Json) => [r.address, JSON.stringify([r.change.after, r.change.after_unknown])]),
    );
  const before = byAddress(a);
  const after = byAddress(b);
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((addr) => before.get(addr) !== after.get(addr)).sort();
}

const PLAN_CASES = INVALID_CASES.filter((c) => c.plan);
const INVALID_GROUPS = groupInvalidCases(PLAN_CASES, tfvarsText);
const groupOf = (c: InvalidCase) => INVALID_GROUPS.find((g) => g.cases.includes(c))!;

const ai = 'module.kinesis_ingest.aws_kinesis_stream.this["api-integrations"]';
const zones = ["artifacts", "curated", "processed", "raw", "temp"];
const alarms = (kind: string, keys: string[]) => keys.map((k) => `module.monitoring.aws_cloudwatch_metric_alarm.${kind}["${k}"]`);
const allAlarms = [
  ...alarms("delivery_freshness", ["api-integrations"]),
  ...alarms("iterator_age", ["api-integrations"]),
  ...alarms("pipeline_failed", ["daily-orders"]),
  ...alarms("pipeline_timed_out", ["daily-orders"]),
  ...alarms("write_throttled", ["api-integrations"]),
  ...alarms("rows_quarantined", ["api-integrations", "source-system-a", "source-system-b"]),
];
const glueJobs = ["api-integrations", "source-system-a", "source-system-b"].map((s) => `module.glue_catalog.aws_glue_job.this["${s}"]`);
const THREADING_CASES: [string, unknown, string[]][] = [
  ["emr.max_capacity", { cpu: 100, memory_gb: 400, disk_gb: 1500 }, ["module.emr_serverless.aws_emrserverless_application.spark"]],
  ["emr.idle_timeout_minutes", 45, ["module.emr_serverless.aws_emrserverless_application.spark"]],
  ["emr.initial_capacity", { driver_count: 1, executor_count: 3 }, ["module.emr_serverless.aws_emrserverless_application.spark"]],
  ["emr.log_retention_days", 180, ["module.emr_serverless.aws_cloudwatch_log_group.jobs"]],
  ["storage.kms_deletion_window_days", 20, ["module.data_lake_storage.aws_kms_key.lake[0]"]],
  ["storage.log_expiration_days", 400, ["module.data_lake_storage.aws_s3_bucket_lifecycle_configuration.logs[0]"]],
  [
    "storage.abort_incomplete_multipart_upload_days",
    5,
    [
      "module.data_lake_storage.aws_s3_bucket_lifecycle_configuration.logs[0]",
      ...zones.map((z) => `module.data_lake_storage.aws_s3_bucket_lifecycle_configuration.this["${z}"]`),
    ],
  ],
  ["storage.zones.raw.expiration_days", 3000, ['module.data_lake_storage.aws_s3_bucket_lifecycle_configuration.this["raw"]']],
  ["glue.number_of_workers", 12, glueJobs],
  ["glue.timeout_minutes", 120, glueJobs],
  ["sources.api-integrations.stream.shard_count", 6, [ai]],
  ["streaming.retention_hours", 72, [ai]],
  ["streaming.buffering_size_mb", 64, ['module.kinesis_ingest.aws_kinesis_firehose_delivery_stream.this["api-integrations"]']],
  ["streaming.buffering_interval_seconds", 120, ['module.kinesis_ingest.aws_kinesis_firehose_delivery_stream.this["api-integrations"]']],
  ["streaming.log_retention_days", 30, ['module.kinesis_ingest.aws_cloudwatch_log_group.delivery["api-integrations"]']],
  [
    "athena.bytes_scanned_cutoff_per_query",
    2 ** 41,
    ["module.athena.aws_athena_workgroup.this", 'module.athena.aws_athena_workgroup.analyst["arn:aws:iam::222222222222:role/DataAnalyst"]'],
  ],
  ["orchestration.log_retention_days", 30, ['module.etl_pipeline.aws_cloudwatch_log_group.pipeline["daily-orders"]']],
  [
    "orchestration.pipelines.daily-orders.schedule",
    "cron(0 5 * * ? *)",
    ['module.etl_pipeline.aws_scheduler_schedule.pipeline["daily-orders"]'],
  ],
  ["orchestration.pipelines.daily-orders.target_file_size_mb", 512, ['module.etl_pipeline.aws_s3_object.pipeline_config["daily-orders"]']],
  ["monitoring.alarm_period_seconds", 600, allAlarms],
  ["monitoring.alarm_evaluation_periods", 3, allAlarms],
  ["monitoring.alarm_datapoints_to_alarm", 2, allAlarms],
  // The freshness alarm always treats missing data as breaching: a stopped producer sends none.
  // A period with no quarantined rows logs none: rows_quarantined never breaches on missing data either.
  [
    "monitoring.treat_missing_data",
    "breaching",
    allAlarms.filter((a) => !a.includes("delivery_freshness") && !a.includes("rows_quarantined")),
  ],
  ["monitoring.thresholds.quarantined_rows", 10, alarms("rows_quarantined", ["api-integrations", "source-system-a", "source-system-b"])],
  ["monitoring.thresholds.delivery_freshness_seconds", 1200, alarms("delivery_freshness", ["api-integrations"])],
  ["monitoring.thresholds.iterator_age_ms", 120000, alarms("iterator_age", ["api-integrations"])],
  ["monitoring.thresholds.write_throttled_records", 5, alarms("write_throttled", ["api-integrations"])],
  ["monitoring.thresholds.pipeline_executions_failed", 2, alarms("pipeline_failed", ["daily-orders"])],
  ["monitoring.thresholds.pipeline_executions_timed_out", 2, alarms("pipeline_timed_out", ["daily-orders"])],
  ["monitoring.budget.monthly_limit_usd", 6000, ["module.monitoring.aws_budgets_budget.monthly"]],
  ["monitoring.budget.alert_thresholds_percent", [50, 100], ["module.monitoring.aws_budgets_budget.monthly"]],
];
/**
 * Keys whose resources do not overlap share one plan: 32 keys in a dozen plans. Each key must still change
 * every resource it names, and the plan nothing outside the keys' resources. What a shared plan cannot see
 * is one key reaching a resource that another key of the same group also changes.
 */
const THREADING_GROUPS: (typeof THREADING_CASES)[] = [];
for (const c of THREADING_CASES) {
  const group = THREADING_GROUPS.find((g) => g.every(([, , expected]) => !expected.some((a) => c[2].includes(a))));
  if (group) group.push(c);
  else THREADING_GROUPS.push([c]);
}
const threadingName = (key: string) => `threading-${THREADING_GROUPS.findIndex((g) => g.some(([k]) => k === key))}`;

const EMR_SIZING_EDIT = (text: string) =>
  text
    .replace(
      "executor             = { cpu = 4, memory_gb = 16, disk_gb = 50 }",
      "executor             = { cpu = 8, memory_gb = 32, disk_gb = 50 }",
    )
    .replace("max_executors        = 20", "max_executors        = 10")
    .replace(
      "max_capacity         = { cpu = 96, memory_gb = 384, disk_gb = 1500 }",
      "max_capacity         = { cpu = 88, memory_gb = 352, disk_gb = 1000 }",
    );

const MORE_SOURCES_EDIT = (text: string) =>
  text
    .replace(
      'sources            = ["source-system-a", "source-system-b", "api-integrations"]',
      'sources            = ["source-system-a", "source-system-b", "api-integrations", "clickstream", "orders"]',
    )
    .replace(
      "sources = {\n",
      `sources = {
  clickstream = {
    ingestion = "stream"
    stream    = { mode = "ON_DEMAND" }
    quality   = { not_null = ["session_id"] }
  }
  orders = {
    ingestion        = "batch"
    crawler_schedule = "cron(0 4 * * ? *)"
    quality          = { unique = ["order_id"], min_row_count = 10 }
  }
`,
    );

/** Every extension point a team sets without forking lakegen: names, IAM and networks. */
/** Every plan the tests below read, run in batches by the top-level beforeAll. */
const BATCH_CASES: (BatchCase & { base: string })[] = [
  ...INVALID_GROUPS.map((g) => ({ name: g.name, base: g.base, tfvars: g.tfvars })),
  { name: "threading-base", base: "prod", tfvars: toTfvars(readTfvars("tfvars/prod.tfvars")) },
  ...THREADING_GROUPS.map((group) => {
    const variant = structuredClone(readTfvars("tfvars/prod.tfvars"));
    for (const [key, value] of group) setPath(variant, key, value);
    return { name: threadingName(group[0][0]), base: "prod", tfvars: toTfvars(variant) };
  }),
  { name: "emr-sizing", base: "prod", tfvars: EMR_SIZING_EDIT(tfvarsText("prod")) },
  { name: "more-sources", base: "dev", tfvars: MORE_SOURCES_EDIT(tfvarsText("dev")) },
  { name: "extensions", base: "prod", tfvars: withExtensions(tfvarsText("prod"), ["bucket_names", "networks", "iam"]) },
];

describe("plan-time validation of hand-edited tfvars", () => {
  it.each(PLAN_CASES.map((c) => [c.name, c]))("%s fails terraform plan with the rule's message", (_name, c) => {
    const res = batched.get(groupOf(c).name)!;
    expect(res.status).toBe("error");
    expect(res.errors.join("\n").replace(/\s+/g, " ")).toContain(c.plan);
  });
});

it("reports a name prefix too long once, at the root's environment, not in every module", () => {
  const c = PLAN_CASES.find((x) => x.name === "name-prefix-too-long")!;
  const res = batched.get(groupOf(c).name)!;
  expect(groupOf(c).cases).toEqual([c]);
  expect(res.errors.map((e) => e.split(":")[1].trim())).toEqual(["environment"]);
});

describe("threading: the sizing reaches every resource that depends on it", () => {
  it("plans the same in a batch as with terraform plan", () => {
    expect(changedResources(plans.prod, batchedPlan("threading-base"))).toEqual([]);
  });

  it("changes the EMR capacities and the Spark parameters, and nothing else", () => {
    expect(EMR_SIZING_EDIT(tfvarsText("prod"))).not.toBe(tfvarsText("prod"));
    const a = plans.prod;
    const b = batchedPlan("emr-sizing");

    const appA = change(a, "module.emr_serverless.aws_emrserverless_application.spark");
    const appB = change(b, "module.emr_serverless.aws_emrserverless_application.spark");
    expect(appB.maximum_capacity[0]).toEqual({ cpu: "88 vCPU", memory: "352 GB", disk: "1000 GB" });
    expect(appA.maximum_capacity[0]).toEqual({ cpu: "96 vCPU", memory: "384 GB", disk: "1500 GB" });
    const executorWorker = (app: Json) =>
      app.initial_capacity.find((c: Json) => c.initial_capacity_type === "Executor").initial_capacity_config[0].worker_configuration[0];
    expect(executorWorker(appA)).toMatchObject({ cpu: "4 vCPU", memory: "16 GB" });
    expect(executorWorker(appB)).toMatchObject({ cpu: "8 vCPU", memory: "32 GB" });

    const paramsA: string = a.output_changes.emr_serverless.after.spark_submit_parameters;
    const paramsB: string = b.output_changes.emr_serverless.after.spark_submit_parameters;
    expect(paramsA).toContain("spark.executor.cores=4 ");
    expect(paramsB).toContain("spark.executor.cores=8 ");
    expect(paramsA).toContain("spark.executor.memory=14894m");
    expect(paramsB).toContain("spark.executor.memory=29789m");
    expect(paramsA).toMatch(/maxExecutors=20$/);
    expect(paramsB).toMatch(/maxExecutors=10$/);

    // Everything outside the EMR application is planned identically.
    expect(changedResources(a, b)).toEqual(["module.emr_serverless.aws_emrserverless_application.spark"]);
  });
});

describe("threading: every sizing key reaches exactly the resources it sizes", () => {
  it("groups every key, and no two keys of a group name the same resource", () => {
    expect(
      THREADING_GROUPS.flat()
        .map(([k]) => k)
        .sort(),
    ).toEqual(THREADING_CASES.map(([k]) => k).sort());
    for (const g of THREADING_GROUPS) {
      const named = g.flatMap(([, , expected]) => expected);
      expect(new Set(named).size).toBe(named.length);
    }
  });

  it.each(THREADING_CASES)("%s", (key, _value, expected) => {
    const changed = changedResources(batchedPlan("threading-base"), batchedPlan(threadingName(key)));
    expect(expected.length).toBeGreaterThan(0);
    expect(changed.filter((a) => expected.includes(a))).toEqual([...expected].sort());
    const group = THREADING_GROUPS.find((g) => g.some(([k]) => k === key))!;
    expect(changed).toEqual(group.flatMap(([, , e]) => e).sort());
  });
});

describe("sources are data: adding one is a tfvars change", () => {
  it("adds a stream source's stream, delivery, alarms, job, ruleset and grants, and a batch source's crawler too", () => {
    expect(MORE_SOURCES_EDIT(tfvarsText("dev"))).not.toBe(tfvarsText("dev"));
    const managed = (p: Json): string[] => p.resource_changes.filter((r: Json) => r.mode === "managed").map((r: Json) => r.address);
    const before = new Set(managed(plans.dev));
    const after = batchedPlan("more-sources");
    const added = managed(after)
      .filter((a) => !before.has(a))
      .sort();
    expect(added).toEqual(
      [
        'module.glue_catalog.aws_glue_crawler.this["orders"]',
        ...["clickstream", "orders"].flatMap((s) => [
          `module.glue_catalog.aws_glue_data_quality_ruleset.this["${s}"]`,
          `module.glue_catalog.aws_glue_job.this["${s}"]`,
          `module.glue_catalog.aws_iam_role.job["${s}"]`,
          `module.glue_catalog.aws_iam_role_policy.job["${s}"]`,
          `module.lake_formation.aws_lakeformation_permissions.data_location["job-${s}"]`,
          `module.lake_formation.aws_lakeformation_permissions.database["job-${s}"]`,
          `module.lake_formation.aws_lakeformation_permissions.default_database["job-${s}"]`,
          // dev is HYBRID: each new grantee is opted in where it is granted.
          `module.lake_formation.aws_lakeformation_opt_in.database["job-${s}"]`,
          `module.lake_formation.aws_lakeformation_opt_in.tables["job-${s}"]`,
          `module.monitoring.aws_cloudwatch_metric_alarm.rows_quarantined["${s}"]`,
        ]),
        'module.kinesis_ingest.aws_cloudwatch_log_group.delivery["clickstream"]',
        'module.kinesis_ingest.aws_cloudwatch_log_stream.delivery["clickstream"]',
        'module.kinesis_ingest.aws_iam_role.delivery["clickstream"]',
        'module.kinesis_ingest.aws_iam_role_policy.delivery["clickstream"]',
        'module.kinesis_ingest.aws_kinesis_firehose_delivery_stream.this["clickstream"]',
        'module.kinesis_ingest.aws_kinesis_stream.this["clickstream"]',
        ...["delivery_freshness", "iterator_age", "write_throttled"].map(
          (a) => `module.monitoring.aws_cloudwatch_metric_alarm.${a}["clickstream"]`,
        ),
      ].sort(),
    );
    // Nothing that existed goes away.
    const kept = new Set(managed(after));
    expect([...before].filter((a) => !kept.has(a as string))).toEqual([]);
  });
});

describe("the chunked plan reader", () => {
  it("reads the real prod plan as JSON.parse does, less the sections it skips, across chunk boundaries", () => {
    const file = path.join(work, "prod-stream.json");
    fs.writeFileSync(file, JSON.stringify(plans.prod));
    const { planned_values, prior_state, relevant_attributes, checks, timestamp, applyable, complete, errored, ...kept } = plans.prod;
    void [planned_values, prior_state, relevant_attributes, checks, timestamp, applyable, complete, errored];
    expect(streamPlan(file, 4093)).toEqual(kept);
  });
});

describe("the mutation corpus: single mistakes in the prod plan", () => {
  // Each mistake is caught by its own rule, at the address it names; one that loses data,
  // the audit trail or access fails the default gate.
  // A mistake whose value the plan cannot know must give its rule's "unknown at plan" result, never a pass.
  it.each([...MUTATIONS, ...CLASS_MUTATIONS].map((m) => [m.id, m] as const))("%s is caught", (_id, m) => {
    const { hit, findings } = tryMutation(plans.prod, m);
    const seen = (f: { ruleId: string; address: string; unknown?: true }) =>
      `${f.ruleId} at ${f.address}${f.unknown ? " (unknown at plan)" : ""}`;
    expect(hit ? seen(hit) : findings.map(seen)).toBe(`${m.rule} at ${m.address}${m.result === "unknown" ? " (unknown at plan)" : ""}`);
    if (GATED_HARMS.includes(m.harm)) expect(failing([hit!], "high")).toHaveLength(1);
  });

  it("has at least 60 mistakes, every rule but the waiver's among them", () => {
    const all = [...MUTATIONS, ...CLASS_MUTATIONS];
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    expect(RULES.map((r) => r.id).filter((id) => !all.some((m) => m.rule === id))).toEqual([]);
  });

  it("doubles the first corpus by class, each class with at least three mistakes that name different resources or rules", () => {
    expect(CLASS_MUTATIONS.length).toBeGreaterThanOrEqual(MUTATIONS.length);
    for (const cls of Object.keys(MUTATION_CLASSES)) {
      const own = CLASS_MUTATIONS.filter((m) => m.class === cls);
      expect([cls, new Set(own.map((m) => `${m.rule} ${m.address}`)).size >= 3]).toEqual([cls, true]);
    }
  });
});

describe("lakegen check on the generated platform", () => {
  const checkCli = (args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, "build", "cli", "lakegen.js"), "check", ...args], { cwd: ROOT, encoding: "utf8" });
  const planFile = (name: string, plan: Json) => {
    const file = path.join(work, name);
    fs.writeFileSync(file, JSON.stringify(plan));
    return file;
  };

  it.each(ENVS)("passes the %s plan with no finding at medium or above", (env) => {
    const { findings } = runChecks([{ file: `${env}.json`, plan: checkedPlan(plans[env], env) }]);
    expect(findings.filter((f) => f.severity !== "low").map((f) => `${f.ruleId} ${f.address}`)).toEqual([]);
    const res = checkCli([planFile(`${env}.plan.json`, plans[env]), "--fail-on", "medium"]);
    expect(res.status).toBe(0);
  });

  it("fails a change that removes bucket encryption (S3's default SSE-S3 is left), with the rule id", () => {
    const plan = structuredClone(plans.prod);
    plan.resource_changes = plan.resource_changes.filter(
      (r: Json) => r.address !== 'module.data_lake_storage.aws_s3_bucket_server_side_encryption_configuration.this["raw"]',
    );
    const res = checkCli([planFile("no-sse.json", plan)]);
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('module.data_lake_storage.aws_s3_bucket.this["raw"]\n  HIGH     LG-S3-002');
  });

  it("fails a change that sets max_executors beyond the capacity, with the rule id", () => {
    // Another codebase's plan has no lakegen validation: the Spark parameters alone ask for too much.
    const plan = structuredClone(plans.prod);
    const emr = plan.output_changes.emr_serverless.after;
    emr.spark_submit_parameters = emr.spark_submit_parameters.replace("maxExecutors=20", "maxExecutors=30");
    const res = checkCli([planFile("too-many-executors.json", plan), "--format", "github"]);
    expect(res.status).toBe(1);
    expect(res.stdout).toContain("LG-EMR-003");
    expect(res.stdout).toContain("124 vCPU > 96 vCPU");
  });

  it("points SARIF results at the resource's line in the module source", () => {
    const plan = structuredClone(plans.dev);
    const out = path.join(work, "dev.sarif");
    const res = checkCli([
      planFile("dev-sarif.json", plan),
      "--format",
      "sarif",
      "--output",
      out,
      "--fail-on",
      "critical",
      "--source-root",
      path.join(hclDist, "envs", "dev"),
    ]);
    expect(res.status).toBe(0);
    const result = JSON.parse(fs.readFileSync(out, "utf8")).runs[0].results[0];
    const loc = result.locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).toMatch(/modules\/data-lake-storage\/main\.tf$/);
    const line = fs.readFileSync(path.join(hclDist, "modules", "data-lake-storage", "main.tf"), "utf8").split("\n")[
      loc.region.startLine - 1
    ];
    expect(line).toMatch(/^resource "aws_s3_bucket" "(this|logs)" \{/);
  });
});

describe("lakegen plan", () => {
  it("writes the plan JSON offline", () => {
    const out = path.join(work, "cli-plan.json");
    const res = spawnSync(
      process.execPath,
      [path.join(ROOT, "build", "cli", "lakegen.js"), "plan", "dev", "--dist", hclDist, "--out", out],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(res.stderr).toContain("lakegen: terraform plan");
    expect(res.status).toBe(0);
    const plan = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(plan.resource_changes.length).toBe(plans.dev.resource_changes.length);
  });
});

describe("extension points: a team's names, IAM and networks, from tfvars alone", () => {
  const managed = (p: Json): Json[] => p.resource_changes.filter((r: Json) => r.mode === "managed");
  const after = () => batchedPlan("extensions");

  it("names every bucket with the suffix, except the one named outright", () => {
    for (const key of ["bucket_name_suffix", "permissions_boundary_arn", "availability_zone", "subnet_ids"])
      expect(withExtensions(tfvarsText("prod"), ["bucket_names", "networks", "iam"])).toContain(key);
    const names = managed(after())
      .filter((r) => r.type === "aws_s3_bucket")
      .map((r) => r.change.after.bucket)
      .sort();
    expect(names).toEqual([
      "acme-central-access-logs",
      ...["artifacts", "curated", "processed", "raw", "temp"].map((b) => `acme-lake-prod-${b}-222222222222`),
    ]);
  });

  it("sets the boundary on every role, and attaches each role's extra policies to each of its instances", () => {
    const roles = managed(after()).filter((r) => r.type === "aws_iam_role");
    expect(roles.length).toBeGreaterThan(5);
    expect(roles.filter((r) => r.change.after.permissions_boundary !== "arn:aws:iam::222222222222:policy/DataPlatformBoundary")).toEqual(
      [],
    );
    const attached = managed(after())
      .filter((r) => r.type === "aws_iam_role_policy_attachment")
      .map((r) => `${r.change.after.role} ${r.change.after.policy_arn}`)
      .sort();
    expect(attached).toEqual(
      ["emr-job", "glue-api-integrations", "glue-source-system-a", "glue-source-system-b"].map(
        (r) => `acme-lake-prod-${r} arn:aws:iam::222222222222:policy/ReadReference`,
      ),
    );
  });

  it("runs EMR Serverless and Glue in the subnets, with the EC2 access Glue needs", () => {
    const app = change(after(), "module.emr_serverless.aws_emrserverless_application.spark");
    expect(app.network_configuration).toEqual([{ subnet_ids: ["subnet-0123456789abcdef0"], security_group_ids: ["sg-0123456789abcdef0"] }]);
    const connection = change(after(), "module.glue_catalog.aws_glue_connection.network[0]");
    expect(connection.physical_connection_requirements).toEqual([
      { subnet_id: "subnet-0123456789abcdef0", security_group_id_list: ["sg-0123456789abcdef0"], availability_zone: "eu-west-1a" },
    ]);
    const jobs = managed(after()).filter((r) => r.type === "aws_glue_job");
    expect(jobs.map((j) => j.change.after.connections)).toEqual(jobs.map(() => ["acme-lake-prod-network"]));
    const crawlers = managed(after()).filter((r) => r.type === "aws_glue_crawler");
    expect(crawlers.map((c) => c.change.after.s3_target[0].connection_name)).toEqual(crawlers.map(() => "acme-lake-prod-network"));
    const network = managed(after())
      .filter((r) => r.type === "aws_iam_role_policy" && r.name === "network")
      .map((r) => r.index)
      .sort();
    expect(network).toEqual(["crawler", "job-api-integrations", "job-source-system-a", "job-source-system-b"]);
  });

  it("adds nothing without them: the shipped environments plan no attachment, connection or network", () => {
    const shipped = managed(plans.prod);
    expect(shipped.filter((r) => ["aws_iam_role_policy_attachment", "aws_glue_connection"].includes(r.type))).toEqual([]);
    expect(change(plans.prod, "module.emr_serverless.aws_emrserverless_application.spark").network_configuration).toEqual([]);
  });
});
