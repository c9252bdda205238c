import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironments } from "../synth/environments";
import { buildApp, synthJson, type SynthEnvironment } from "../synth/synth";
import { makeTempDir } from "../lib/terraform";
import { costMarkdown, estimateCost, NoPricesError, PRICE_TABLE, pricesFor } from "./cost";
import { dataModel, deliverables, withValidCharts } from "./docs";
import { mermaidProblems } from "./mermaid";
import { loadUsage, usageSchema } from "./usage";

const ROOT = path.join(__dirname, "..");
type Tfvars = Record<string, unknown>;
const GOLDEN = path.join(ROOT, "test", "golden");

/** Each environment's deliverables, from its synthesized root. */
function generate(envs: SynthEnvironment[]): Map<string, Record<string, string>> {
  const work = makeTempDir("docs-test");
  try {
    const built = buildApp(envs, work);
    const json = synthJson(built);
    return new Map(built.environments.map(({ env, stack }) => [env.name, deliverables(env.config, json.get(stack.node.id)!, env.usage)]));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const charts = (md: string) => [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1].trim());

describe("the brief's deliverables", () => {
  process.chdir(ROOT);
  const envs = loadEnvironments();
  const docs = generate(envs);

  it.each(["dev", "prod"])("match the golden %s docs (UPDATE_GOLDEN=1 npm test rewrites them)", (env) => {
    for (const [file, text] of Object.entries(docs.get(env)!)) {
      const golden = path.join(GOLDEN, env, "docs", file);
      if (process.env.UPDATE_GOLDEN) {
        fs.mkdirSync(path.dirname(golden), { recursive: true });
        fs.writeFileSync(golden, text);
      }
      expect([file, text]).toEqual([file, fs.readFileSync(golden, "utf8")]);
    }
    expect(Object.keys(docs.get(env)!).sort()).toEqual(["architecture.md", "cost.md", "data-model.md", "operations.md", "pipeline.md"]);
  });

  /**
   * What each doc must say, read from the tfvars and not from the code that writes the docs:
   * the golden files above show what changed, these show that what is there is right.
   */
  describe.each(["dev", "prod"])("%s docs, against its tfvars", (env) => {
    const config = envs.find((e) => e.name === env)!.config as unknown as Tfvars;
    const doc = (file: string) => docs.get(env)![file];
    const sources = Object.entries(config.sources as Record<string, Tfvars>);
    const pipelines = Object.entries((config.orchestration as Tfvars).pipelines as Record<string, Tfvars>);

    it("has sources and pipelines to check", () => {
      expect(sources.length).toBeGreaterThan(0);
      expect(pipelines.length).toBeGreaterThan(0);
    });

    it("data-model.md: every zone's bucket and lifecycle, every source's row and every declared column", () => {
      const md = doc("data-model.md");
      const zones = (config.storage as Tfvars).zones as Record<string, Tfvars>;
      for (const [zone, z] of Object.entries(zones)) {
        const row = md.split("\n").find((l) => l.startsWith(`| ${zone} | \`${config.project}-${env}-${zone}\` |`));
        expect([zone, row]).toEqual([zone, expect.any(String)]);
        for (const t of (z.transitions ?? []) as Tfvars[]) expect(row).toContain(`${t.storage_class} after ${t.days} d`);
        expect(row).toContain(z.expiration_days == null ? "kept" : `expire after ${z.expiration_days} d`);
      }
      for (const [name, src] of sources) {
        const table = name.replace(/-/g, "_");
        expect(md).toContain(`| ${name} | ${src.ingestion} | ${src.format ?? "json"} |`);
        expect(md).toContain(`\`${config.project}_${env}_curated.${table}\``.replace(/-/g, "_"));
        for (const c of ((src.contract as Tfvars | undefined)?.columns ?? []) as Tfvars[]) expect(md).toContain(`\`${c.name}\``);
      }
    });

    it("architecture.md: every source, with a stream and a delivery for each streamed one", () => {
      const md = doc("architecture.md");
      for (const [name, src] of sources) {
        expect(md).toContain(`["${name}<br/>${src.ingestion}`);
        if (src.ingestion === "stream") expect(md).toContain(`Kinesis ${name}<br/>`);
      }
    });

    it("pipeline.md: every pipeline with its schedule, and the resource math from emr.*", () => {
      const md = doc("pipeline.md");
      for (const [name, p] of pipelines) {
        expect(md).toContain(`## Pipeline ${name}`);
        expect(md).toContain(`Schedule: \`${p.schedule}\` (${p.timezone ?? "UTC"})`);
      }
      const emr = config.emr as Tfvars;
      const [driver, executor] = [emr.driver as Tfvars, emr.executor as Tfvars];
      const max = emr.max_executors as number;
      const cpu = (driver.cpu as number) + max * (executor.cpu as number);
      const memory = (driver.memory_gb as number) + max * (executor.memory_gb as number);
      expect(md).toContain(`= ${cpu} vCPU`);
      expect(md).toContain(`= ${memory} GB`);
      expect(md).toContain(`--conf spark.dynamicAllocation.maxExecutors=${max}`);
    });

    it("operations.md: an alarm row that names every source it watches", () => {
      const md = doc("operations.md");
      const quarantine = md.split("\n").find((l) => l.startsWith("| rows_quarantined |"));
      for (const [name] of sources) expect(quarantine).toContain(name);
      for (const [name] of pipelines) expect(md).toContain(`| ${name} |`);
    });

    it("cost.md: the total is the sum of its lines, and each streamed source and Glue job is priced", () => {
      const md = doc("cost.md");
      const money = (s: string) => Number(s.replace(/[*$,]/g, ""));
      const rows = md
        .split("\n")
        .filter((l) => /^\| [^-|][^|]* \| \*{0,2}\$/.test(l))
        .map((l) => l.split("|").map((c) => c.trim()));
      const total = rows.find((r) => r[1] === "**total**")!;
      const lines = rows.filter((r) => r !== total);
      expect(lines.length).toBeGreaterThan(3);
      expect(Math.abs(lines.reduce((sum, r) => sum + money(r[2]), 0) - money(total[2]))).toBeLessThan(0.05);
      for (const [name] of sources.filter(([, s]) => s.ingestion === "stream")) {
        expect(lines.map((r) => r[1])).toEqual(expect.arrayContaining([`Kinesis stream ${name}`, `Firehose ${name}`]));
      }
      const glue = config.glue as Tfvars;
      expect(md).toContain(`${sources.length} jobs × ${glue.number_of_workers} ${glue.worker_type}`);
    });
  });

  it("data-model.md names an existing zone bucket, and leaves its versioning and lifecycle to its owner", () => {
    const dev = envs.find((e) => e.name === "dev")!;
    const config = { ...dev.config, storage: { ...dev.config.storage, existing_buckets: { curated: "team-curated" } } };
    const row = dataModel(config)
      .split("\n")
      .find((l) => l.startsWith("| curated |"));
    expect(row).toContain("| `team-curated` |");
    expect(row).toMatch(/\| its owner's \| its owner's \|$/);
  });

  it("draws valid Mermaid, and the check catches broken charts", () => {
    for (const env of ["dev", "prod"]) {
      const found = charts(docs.get(env)!["architecture.md"]);
      expect(found.length).toBe(2);
      for (const chart of found) expect(mermaidProblems(chart)).toEqual([]);
    }
    expect(mermaidProblems('flowchart LR\na["x"] --> \nsubgraph s\n')).toEqual([
      'line 2: not a node, edge, subgraph or style: a["x"] -->',
      "1 subgraph(s) not closed",
    ]);
    expect(mermaidProblems("graph XY")).toEqual(["line 1: expected flowchart TB|TD|BT|LR|RL"]);
  });

  it("refuses to write a doc whose chart GitHub would not draw, naming the chart and the line", () => {
    const broken = '# x\n\n```mermaid\nflowchart LR\na --> b\n```\n\n```mermaid\nflowchart LR\na["x"] -->\n```\n';
    expect(() => withValidCharts(broken)).toThrow(
      'architecture.md: invalid Mermaid:\nchart 2, line 2: not a node, edge, subgraph or style: a["x"] -->',
    );
    expect(withValidCharts(docs.get("dev")!["architecture.md"])).toBe(docs.get("dev")!["architecture.md"]);
  });

  it("changes the diagram when a source is added to the tfvars", () => {
    const more = envs.map((e) =>
      e.name === "dev"
        ? {
            ...e,
            config: {
              ...e.config,
              sources: { ...e.config.sources, clickstream: { ...(e.config.sources as Record<string, object>)["api-integrations"] } },
            },
          }
        : e,
    );
    const before = docs.get("dev")!["architecture.md"];
    const after = generate(more as SynthEnvironment[]).get("dev")!["architecture.md"];
    expect(after).not.toBe(before);
    expect(after).toContain('src_clickstream --> kds_clickstream["Kinesis clickstream<br/>on demand"]');
    for (const chart of charts(after)) expect(mermaidProblems(chart)).toEqual([]);
  });

  it("explains the sizing with the brief's resource math", () => {
    const md = docs.get("dev")!["pipeline.md"];
    expect(md).toContain("Total: 2 + (3 × 2) = 8 vCPU, 8 + (3 × 8) = 32 GB");
    expect(md).toContain("--conf spark.dynamicAllocation.maxExecutors=3");
  });
});

describe("lakegen cost", () => {
  const dev = loadEnvironments().find((e) => e.name === "dev")!;

  it("adds up to a total computed by hand", () => {
    const usage = usageSchema.parse({
      emr_job_hours_per_day: 0.5,
      ingest_gb_per_day: { "source-system-a": 2, "source-system-b": 1, "api-integrations": 0.5 },
      glue_job_hours_per_day: 0.25,
      athena_tb_scanned_per_month: 0.1,
      projection_months: 1,
    });
    const c = estimateCost(dev.config, usage);
    // EMR: (8 vCPU × 0.042094 + 32 GB × 0.004628) × 0.5 h × 30 days = 0.484848 × 15 = 7.27
    // Glue: 3 jobs × 2 G.1X × 1 DPU × 0.25 h × 30 × 0.44 = 19.80
    // Kinesis on demand: 730 h × 0.04 + 15 GB × (0.08 + 0.04) = 29.20 + 1.80 = 31.00
    // Firehose: 15 GB of 1 KB records, billed in 5 KB steps as 75 GB × 0.031 (eu-west-1) = 2.33
    // S3, month 1: (105 raw + 21 processed + 10.5 curated) GB × 0.023 + IT monitoring (31.5 GB × 1024 / 128 MB / 1000 × 0.0025) = 3.14
    // Athena: 0.1 TB × 5 = 0.50
    expect(c.lines.map((l) => [l.component, l.monthly])).toEqual([
      ["EMR Serverless jobs", 7.27],
      ["Glue ETL jobs", 19.8],
      ["Kinesis stream api-integrations", 31],
      ["Firehose api-integrations", 2.33],
      ["S3 storage", 3.14],
      ["Athena", 0.5],
    ]);
    expect(c.total).toBe(64.04);
    // The baseline runs x86: (8 × 0.052624 + 32 × 0.0057785) × 15 = 9.09.
    expect(c.lines[0].baseline).toBe(9.09);
    expect(c.sizing.peak).toEqual({ cpu: 8, memory_gb: 32 });
    expect(c.sizing.headroom).toEqual({ cpu: 0, memory_gb: 0 });
  });

  it("costs less S3 when the lifecycle transitions come sooner", () => {
    const s3 = (days: number) => {
      const zones = structuredClone(dev.config.storage.zones) as Record<string, { transitions: { days: number; storage_class: string }[] }>;
      zones.raw.transitions = [{ days, storage_class: "GLACIER" }];
      const config = { ...dev.config, storage: { ...dev.config.storage, zones } };
      return estimateCost(config as never, dev.usage).lines.find((l) => l.component === "S3 storage")!.monthly;
    };
    expect(s3(30)).toBeLessThan(s3(90));
    expect(s3(90)).toBeLessThan(s3(150));
  });

  it("records where each region's prices come from, and prices the environment's own region", () => {
    for (const [region, p] of Object.entries(PRICE_TABLE.regions)) {
      expect([region, p.source]).toEqual([region, expect.stringContaining("aws.amazon.com/emr/pricing")]);
      expect(p.recorded).toMatch(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);
    }
    expect(estimateCost(dev.config, dev.usage).prices.region).toBe(dev.config.region);
  });

  it("refuses a region with no prices rather than pricing it as another", () => {
    expect(() => estimateCost({ ...dev.config, region: "ap-southeast-2" } as never, dev.usage)).toThrow(NoPricesError);
    expect(() => pricesFor("ap-southeast-2")).toThrow(
      "no prices recorded for region ap-southeast-2 in deliverables/prices.json (it has us-east-1, eu-west-1)",
    );
  });

  it("bills Firehose records in 5 KB steps", () => {
    const firehose = (average_record_kb: number) =>
      estimateCost(dev.config, usageSchema.parse({ average_record_kb, ingest_gb_per_day: { "api-integrations": 1 } })).lines.find(
        (l) => l.component === "Firehose api-integrations",
      )!;
    const perGb = pricesFor(dev.config.region).firehose.ingest_gb;
    // 30 GB a month: 5 KB records bill as they are, 6 KB records as 10 KB, 1 KB records as 5 KB.
    expect(firehose(5).monthly).toBeCloseTo(30 * perGb, 2);
    expect(firehose(6).monthly).toBeCloseTo(((30 * 10) / 6) * perGb, 2);
    expect(firehose(1).monthly).toBeCloseTo(30 * 5 * perGb, 2);
  });

  it("counts pre-initialized capacity only while it is warm and idle, not again for the job hours", () => {
    const emr = {
      ...(dev.config.emr as { driver: { cpu: number; memory_gb: number }; executor: { cpu: number; memory_gb: number } }),
      initial_capacity: { driver_count: 1, executor_count: 1 },
      idle_timeout_minutes: 30,
    };
    const u = usageSchema.parse({ emr_job_hours_per_day: 2, emr_job_runs_per_day: 2 });
    const line = estimateCost({ ...dev.config, emr } as never, u).lines.find(
      (l) => l.component === "EMR Serverless pre-initialized capacity",
    )!;
    const p = pricesFor(dev.config.region).emr_serverless.ARM64;
    const warm = (emr.driver.cpu + emr.executor.cpu) * p.vcpu_hour + (emr.driver.memory_gb + emr.executor.memory_gb) * p.gb_hour;
    // Two runs a day, each followed by 30 idle minutes: 1 h a day, 30 h a month; the 2 job hours are already in the job line.
    expect(line.monthly).toBeCloseTo(30 * warm, 2);
  });

  it("names the line items it leaves out", () => {
    const c = estimateCost(dev.config, dev.usage);
    expect(c.notEstimated.join("\n")).toMatch(
      /crawler[\s\S]*Data Quality[\s\S]*KMS[\s\S]*CloudWatch[\s\S]*Step Functions[\s\S]*S3 requests/,
    );
    expect(costMarkdown(c)).toContain("## Not estimated");
  });

  it("rejects bad usage files with the key path", () => {
    const dir = makeTempDir("usage");
    try {
      const file = path.join(dir, "bad.hcl");
      fs.writeFileSync(file, "emr_job_hours_per_day = 30\ningest_gb_per_day = { orders = -1 }\nfoo = 1\n");
      expect(() => loadUsage(file)).toThrow(
        new RegExp(`${file}: emr_job_hours_per_day: .*\\n${file}: ingest_gb_per_day\\.orders: .*\\n${file}: : Unrecognized key: "foo"`),
      );
      expect(() => loadUsage(path.join(dir, "missing.hcl"))).toThrow(/no such usage file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
