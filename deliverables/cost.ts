/**
 * The monthly cost estimate of an environment, from its tfvars and a usage
 * file, beside a naive baseline (x86, no lifecycle, no auto-stop). Prices come
 * from prices.json. It prices what Infracost cannot: EMR Serverless and Athena.
 */
import type { EnvironmentConfig } from "../config/config";
import { peakSizing } from "../modules/emr-serverless/schema";
import pricesJson from "./prices.json";
import { runsPerDay } from "./runs-per-day";
import type { Usage } from "./usage";

type RegionPrices = (typeof pricesJson.regions)["us-east-1"] & { caveat?: string };
/** One region's prices, with the constants every region shares. */
export type Prices = RegionPrices & { region: string; currency: string; hours_per_month: number; days_per_month: number };
export const PRICE_TABLE: { regions: Record<string, RegionPrices> } & Omit<typeof pricesJson, "regions"> = pricesJson;

/** A region with no recorded prices: refused rather than priced as another region. */
export class NoPricesError extends Error {}

export function pricesFor(region: string, table = PRICE_TABLE): Prices {
  const regional = table.regions[region];
  if (!regional) {
    throw new NoPricesError(
      `no prices recorded for region ${region} in deliverables/prices.json (it has ${Object.keys(table.regions).join(", ")}); add the ` +
        `region's prices with their source and date`,
    );
  }
  return { ...regional, region, currency: table.currency, hours_per_month: table.hours_per_month, days_per_month: table.days_per_month };
}

/** What the estimate leaves out, named so that a reader does not take the total for the bill. */
export const NOT_ESTIMATED = [
  "Glue crawler runs (DPU-hours per crawl)",
  "Glue Data Quality runs",
  "KMS: $1 a month per key, and requests",
  "CloudWatch: logs ingested and stored, metrics, alarms, the dashboard",
  "Step Functions state transitions",
  "EventBridge Scheduler invocations and SNS notifications",
  "S3 requests, Lake Formation and data transfer",
];

export interface CostLine {
  component: string;
  monthly: number;
  baseline: number;
  basis: string;
}

export interface SizingReasoning {
  driver: { cpu: number; memory_gb: number };
  executor: { cpu: number; memory_gb: number };
  max_executors: number;
  peak: { cpu: number; memory_gb: number };
  max_capacity: { cpu: number; memory_gb: number };
  headroom: { cpu: number; memory_gb: number };
}

export interface S3Month {
  month: number;
  gb: number;
  cost: number;
  baseline: number;
}

export interface CostEstimate {
  environment: string;
  lines: CostLine[];
  total: number;
  baselineTotal: number;
  savings: number;
  sizing: SizingReasoning;
  s3: S3Month[];
  prices: { source: string; recorded: string; region: string; caveat?: string };
  /** Line items the estimate leaves out. */
  notEstimated: string[];
  /** The usage figures it assumed: each with its value, and whether it is a default. */
  usage: { key: string; value: string; default: boolean }[];
}

type Zone = EnvironmentConfig["storage"]["zones"]["raw"];

const round = (n: number) => Math.round(n * 100) / 100;

/** The price of a GB-month in a zone for data of a given age, following its lifecycle. */
export function storagePrice(zone: Zone | undefined, ageDays: number, p: Prices): number | undefined {
  if (zone?.expiration_days != null && ageDays >= zone.expiration_days) return undefined;
  const current = [...(zone?.transitions ?? [])].filter((t) => t.days <= ageDays).sort((a, b) => b.days - a.days)[0];
  const cls = current?.storage_class ?? "STANDARD";
  if (cls === "INTELLIGENT_TIERING") {
    // Unread data moves to the infrequent tier after 30 days and to archive instant access after 90.
    const sinceTransition = ageDays - current!.days;
    const tier = sinceTransition >= 90 ? "ARCHIVE_INSTANT" : sinceTransition >= 30 ? "INFREQUENT" : "FREQUENT";
    return p.s3.gb_month[`INTELLIGENT_TIERING_${tier}` as keyof Prices["s3"]["gb_month"]];
  }
  return p.s3.gb_month[cls as keyof Prices["s3"]["gb_month"]];
}

/** S3 month by month: each month's data ages through its zone's lifecycle. */
export function projectS3(zones: Record<string, Zone>, monthlyGb: Record<string, number>, months: number, u: Usage, p: Prices): S3Month[] {
  const out: S3Month[] = [];
  for (let m = 1; m <= months; m++) {
    let gb = 0;
    let cost = 0;
    let baseline = 0;
    for (const [zone, perMonth] of Object.entries(monthlyGb)) {
      for (let cohort = 1; cohort <= m; cohort++) {
        const age = (m - cohort) * p.days_per_month;
        baseline += perMonth * p.s3.gb_month.STANDARD;
        const price = storagePrice(zones[zone], age, p);
        if (price === undefined) continue;
        gb += perMonth;
        cost += perMonth * price;
        if ((zones[zone]?.transitions ?? []).some((t) => t.storage_class === "INTELLIGENT_TIERING" && t.days <= age)) {
          cost += ((perMonth * 1024) / u.average_object_mb / 1000) * p.s3.intelligent_tiering_monitoring_per_1000_objects;
        }
      }
    }
    out.push({ month: m, gb: round(gb), cost: round(cost), baseline: round(baseline) });
  }
  return out;
}

export function estimateCost(env: EnvironmentConfig, u: Usage, p: Prices = pricesFor(env.region)): CostEstimate {
  const emr = env.emr;
  const { peak, runs, lines: emrCost } = emrLines(env, u, p);
  const { s3, lines: s3Cost } = s3Lines(env, u, p);
  const lines = [...emrCost, ...glueLines(env, u, p), ...streamLines(env, u, p), ...s3Cost];
  const athena = u.athena_tb_scanned_per_month * p.athena.tb_scanned;
  lines.push({ component: "Athena", monthly: athena, baseline: athena, basis: `${u.athena_tb_scanned_per_month} TB scanned` });

  const rounded = lines.map((l) => ({ ...l, monthly: round(l.monthly), baseline: round(l.baseline) }));
  const total = round(rounded.reduce((s, l) => s + l.monthly, 0));
  const baselineTotal = round(rounded.reduce((s, l) => s + l.baseline, 0));
  return {
    environment: env.environment,
    lines: rounded,
    total,
    baselineTotal,
    savings: round(baselineTotal - total),
    sizing: {
      driver: { cpu: emr.driver.cpu, memory_gb: emr.driver.memory_gb },
      executor: { cpu: emr.executor.cpu, memory_gb: emr.executor.memory_gb },
      max_executors: emr.max_executors,
      peak,
      max_capacity: { cpu: emr.max_capacity.cpu, memory_gb: emr.max_capacity.memory_gb },
      headroom: { cpu: emr.max_capacity.cpu - peak.cpu, memory_gb: emr.max_capacity.memory_gb - peak.memory_gb },
    },
    s3,
    prices: { source: p.source, recorded: p.recorded, region: p.region, ...(p.caveat ? { caveat: p.caveat } : {}) },
    notEstimated: NOT_ESTIMATED,
    usage: usageLines(u, runs),
  };
}

/** The usage assumptions as the estimate used them, each marked when it is the default. */
function usageLines(u: Usage, runs: number): CostEstimate["usage"] {
  return Object.entries(u)
    .filter(([k]) => k !== "defaulted")
    .map(([key, value]) => ({
      key,
      value:
        key === "emr_job_runs_per_day" && value === null
          ? `${round(runs)} (from the schedules)`
          : typeof value === "object"
            ? JSON.stringify(value)
            : String(value),
      default: (u.defaulted ?? []).includes(key),
    }));
}

const ingestOf = (u: Usage) => (name: string) => u.ingest_gb_per_day[name] ?? u.default_ingest_gb_per_day;

/** EMR Serverless: jobs at full sizing, plus pre-initialized capacity while the application is up. */
function emrLines(env: EnvironmentConfig, u: Usage, p: Prices) {
  const lines: CostLine[] = [];
  const emr = env.emr;
  const days = p.days_per_month;
  const { cpu, memory_gb } = peakSizing(emr);
  const peak = { cpu, memory_gb };
  const extraDisk = (w: { disk_gb: number }) => Math.max(0, w.disk_gb - p.emr_serverless.free_storage_gb_per_worker);
  const jobHours = u.emr_job_hours_per_day * days;
  // Each pipeline run starts the application; without a figure in the usage file, as often as the schedules fire.
  const pipelines = Object.values(env.orchestration.pipelines);
  const runs = u.emr_job_runs_per_day ?? pipelines.reduce((n, p) => n + runsPerDay(p.schedule), 0);
  const rate = (arch: "ARM64" | "X86_64", cpu: number, gb: number) =>
    cpu * p.emr_serverless[arch].vcpu_hour + gb * p.emr_serverless[arch].gb_hour;
  const diskGb = extraDisk(emr.driver) + emr.max_executors * extraDisk(emr.executor);
  const jobs = jobHours * (rate(emr.architecture, peak.cpu, peak.memory_gb) + diskGb * p.emr_serverless.storage_gb_hour);
  const jobsBaseline = jobHours * (rate("X86_64", peak.cpu, peak.memory_gb) + diskGb * p.emr_serverless.storage_gb_hour);
  lines.push({
    component: "EMR Serverless jobs",
    monthly: jobs,
    baseline: jobsBaseline,
    basis: `${peak.cpu} vCPU, ${peak.memory_gb} GB × ${round(jobHours)} h (${emr.architecture}; baseline X86_64)`,
  });
  if (emr.initial_capacity) {
    const ic = emr.initial_capacity;
    const warm = {
      cpu: ic.driver_count * emr.driver.cpu + ic.executor_count * emr.executor.cpu,
      gb: ic.driver_count * emr.driver.memory_gb + ic.executor_count * emr.executor.memory_gb,
    };
    // Jobs run on the pre-initialized workers, and those hours are billed once, as job hours above;
    // what is added is the warm time after each run, until auto-stop.
    const idleHours = Math.min(24 - u.emr_job_hours_per_day, (runs * emr.idle_timeout_minutes) / 60) * days;
    lines.push({
      component: "EMR Serverless pre-initialized capacity",
      monthly: idleHours * rate(emr.architecture, warm.cpu, warm.gb),
      baseline: (p.hours_per_month - jobHours) * rate("X86_64", warm.cpu, warm.gb),
      basis:
        `${warm.cpu} vCPU, ${warm.gb} GB warm and idle for ${round(idleHours)} h after runs, until auto-stop after ` +
        `${emr.idle_timeout_minutes} min (the job hours are counted once, above; baseline: always on)`,
    });
  }

  return { peak, runs, lines };
}

/** Glue ETL jobs, one per source that a pipeline processes; a raw_only source's job never runs. */
function glueLines(env: EnvironmentConfig, u: Usage, p: Prices): CostLine[] {
  const lines: CostLine[] = [];
  const days = p.days_per_month;
  const sources = env.sources;
  const glue = env.glue as { worker_type: keyof Prices["glue"]["dpu_per_worker"]; number_of_workers: number };
  const glueJobs = Object.values(sources).filter((s) => !(s as { raw_only?: boolean }).raw_only).length;
  const dpuHours = glueJobs * glue.number_of_workers * p.glue.dpu_per_worker[glue.worker_type] * u.glue_job_hours_per_day * days;
  lines.push({
    component: "Glue ETL jobs",
    monthly: dpuHours * p.glue.dpu_hour,
    baseline: dpuHours * p.glue.dpu_hour,
    basis:
      `${glueJobs} jobs × ${glue.number_of_workers} ${glue.worker_type} × ${u.glue_job_hours_per_day} h/day = ` +
      `${round(dpuHours)} DPU-h`,
  });
  return lines;
}

/** Kinesis and Firehose, per stream source. */
function streamLines(env: EnvironmentConfig, u: Usage, p: Prices): CostLine[] {
  const lines: CostLine[] = [];
  const days = p.days_per_month;
  const ingest = ingestOf(u);
  const retention = (env.streaming as { retention_hours: number }).retention_hours;
  for (const [name, s] of Object.entries(env.sources).filter(([, s]) => s.ingestion === "stream")) {
    const gb = ingest(name) * days;
    let kinesis: number;
    let basis: string;
    if (s.stream?.mode === "PROVISIONED") {
      const shards = s.stream.shard_count ?? 1;
      const units = ((gb * 1024 * 1024) / u.average_record_kb) * Math.ceil(u.average_record_kb / 25);
      kinesis =
        shards * p.hours_per_month * (p.kinesis.shard_hour + (retention > 24 ? p.kinesis.extended_retention_shard_hour : 0)) +
        (units / 1e6) * p.kinesis.put_payload_units_per_million;
      basis = `${shards} shards, ${round(gb)} GB/month`;
    } else {
      kinesis =
        p.hours_per_month * p.kinesis.on_demand_stream_hour + gb * (p.kinesis.on_demand_ingest_gb + p.kinesis.on_demand_retrieval_gb);
      basis = `on demand, ${round(gb)} GB/month in and out`;
    }
    lines.push({ component: `Kinesis stream ${name}`, monthly: kinesis, baseline: kinesis, basis });
    // Firehose bills each record rounded up to the next 5 KB.
    const step = p.firehose.record_increment_kb;
    const billedGb = (gb * Math.ceil(u.average_record_kb / step) * step) / u.average_record_kb;
    lines.push({
      component: `Firehose ${name}`,
      monthly: billedGb * p.firehose.ingest_gb,
      baseline: billedGb * p.firehose.ingest_gb,
      basis: `${round(gb)} GB/month, billed as ${round(billedGb)} GB (${u.average_record_kb} KB records in ${step} KB steps)`,
    });
  }
  return lines;
}

/** S3, through the lifecycle of each zone. */
function s3Lines(env: EnvironmentConfig, u: Usage, p: Prices) {
  const lines: CostLine[] = [];
  const days = p.days_per_month;
  const ingest = ingestOf(u);
  const sources = env.sources;
  const storage = env.storage as { zones: Record<string, Zone> };
  const rawPerMonth = Object.keys(sources).reduce((sum, name) => sum + ingest(name), 0) * days;
  const monthlyGb = { raw: rawPerMonth, processed: rawPerMonth * u.processed_ratio, curated: rawPerMonth * u.curated_ratio };
  const s3 = projectS3(storage.zones, monthlyGb, u.projection_months, u, p);
  const last = s3[s3.length - 1];
  lines.push({
    component: "S3 storage",
    monthly: last.cost,
    baseline: last.baseline,
    basis: `month ${last.month} of the projection: ${last.gb} GB after lifecycle (baseline: all in Standard, nothing expires)`,
  });

  return { s3, lines };
}

const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function costMarkdown(c: CostEstimate): string {
  const pct = c.baselineTotal > 0 ? Math.round((c.savings / c.baselineTotal) * 100) : 0;
  return [
    `# Monthly cost estimate: ${c.environment}`,
    "",
    `**${usd(c.total)} a month**, against ${usd(c.baselineTotal)} for the naive baseline (x86, no lifecycle, no auto-stop): ` +
      `**${usd(c.savings)} saved (${pct}%)**.`,
    "",
    "| component | estimate | naive baseline | basis |",
    "|---|---:|---:|---|",
    ...c.lines.map((l) => `| ${l.component} | ${usd(l.monthly)} | ${usd(l.baseline)} | ${l.basis} |`),
    `| **total** | **${usd(c.total)}** | **${usd(c.baselineTotal)}** | |`,
    "",
    "## EMR sizing",
    "",
    `Total Spark resources = driver + (max executors × executor) = ${c.sizing.driver.cpu} + (${c.sizing.max_executors} × ` +
      `${c.sizing.executor.cpu}) = **${c.sizing.peak.cpu} vCPU**, ` +
      `${c.sizing.driver.memory_gb} + (${c.sizing.max_executors} × ${c.sizing.executor.memory_gb}) = **${c.sizing.peak.memory_gb} GB**.`,
    "",
    `Maximum capacity: ${c.sizing.max_capacity.cpu} vCPU, ${c.sizing.max_capacity.memory_gb} GB; headroom ${c.sizing.headroom.cpu} ` +
      `vCPU, ${c.sizing.headroom.memory_gb} GB.`,
    "",
    "## S3 storage, month by month",
    "",
    "| month | GB stored | with lifecycle | all in Standard |",
    "|---:|---:|---:|---:|",
    ...c.s3.map((m) => `| ${m.month} | ${m.gb.toLocaleString("en-US")} | ${usd(m.cost)} | ${usd(m.baseline)} |`),
    "",
    `Prices: ${c.prices.region}, recorded ${c.prices.recorded}, from ${c.prices.source}.${c.prices.caveat ? ` ${c.prices.caveat}` : ""}`,
    "",
    "## Usage assumed",
    "",
    "| figure | value | from |",
    "|---|---|---|",
    ...c.usage.map((u) => `| ${u.key} | ${u.value} | ${u.default ? "**default**: set it in usage/<env>.hcl" : "usage file"} |`),
    "",
    "## Not estimated",
    "",
    ...c.notEstimated.map((n) => `- ${n}`),
    "",
  ].join("\n");
}

export function costText(c: CostEstimate): string {
  const w = Math.max(...c.lines.map((l) => l.component.length), 5);
  return [
    `lakegen cost ${c.environment} (monthly, ${c.prices.region})`,
    ...c.lines.map((l) => `  ${l.component.padEnd(w)}  ${usd(l.monthly).padStart(12)}  baseline ${usd(l.baseline).padStart(12)}`),
    `  ${"total".padEnd(w)}  ${usd(c.total).padStart(12)}  baseline ${usd(c.baselineTotal).padStart(12)}`,
    `  savings over the naive baseline: ${usd(c.savings)}`,
    `  not estimated: ${c.notEstimated.join("; ")}`,
    `  defaults assumed (set them in usage/${c.environment}.hcl): ${
      c.usage
        .filter((u) => u.default)
        .map((u) => `${u.key} = ${u.value}`)
        .join(", ") || "none"
    }`,
    "",
  ].join("\n");
}
