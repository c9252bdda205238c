import { z } from "zod";
import { EMR_SERVERLESS_RELEASE, INT32_MAX, securityGroupId, subnetId } from "../../lib/aws-formats";
import { logRetentionDays } from "../../lib/cloudwatch";
import {
  divide,
  evaluate,
  floorOf,
  minOf,
  minus,
  and,
  atLeast,
  atMost,
  attr,
  type Expr,
  equals,
  input,
  lookup,
  modulo,
  num,
  plus,
  rule,
  type Rule,
  times,
  whenSet,
} from "../../lib/rules";

/** AWS's supported EMR Serverless worker configurations, per vCPU size. */
export const WORKER_SIZES: Record<number, { minGb: number; maxGb: number; stepGb: number }> = {
  1: { minGb: 2, maxGb: 8, stepGb: 1 },
  2: { minGb: 4, maxGb: 16, stepGb: 1 },
  4: { minGb: 8, maxGb: 30, stepGb: 1 },
  8: { minGb: 16, maxGb: 60, stepGb: 4 },
  16: { minGb: 32, maxGb: 120, stepGb: 8 },
};
const CPU_SIZES = [1, 2, 4, 8, 16] as const;

const worker = (role: string) =>
  z
    .object({
      cpu: z.literal(CPU_SIZES).describe(`vCPUs per ${role}.`),
      memory_gb: z.number().int().min(2).max(120).describe(`Memory per ${role}, in GB; the range and step depend on cpu.`),
      disk_gb: z.number().int().min(20).max(200).default(20).describe(`Ephemeral disk per ${role}, in GB.`),
    })
    .strict();

export const emrSchema = z
  .object({
    release_label: z
      .string()
      .regex(EMR_SERVERLESS_RELEASE)
      .describe("Pinned EMR release that EMR Serverless runs (emr-6.6.0 or later), such as `emr-7.5.0`."),
    architecture: z.enum(["ARM64", "X86_64"]).default("ARM64").describe("CPU architecture; ARM64 (Graviton) costs less."),
    driver: worker("driver").describe("Size of the Spark driver worker."),
    executor: worker("executor").describe("Size of each Spark executor worker."),
    min_executors: z.number().int().min(0).max(INT32_MAX).default(1).describe("`spark.dynamicAllocation.minExecutors`."),
    max_executors: z.number().int().min(1).max(INT32_MAX).describe("`spark.dynamicAllocation.maxExecutors`."),
    max_capacity: z
      .object({
        cpu: z.number().int().min(1).max(INT32_MAX).describe("Maximum vCPUs across all workers."),
        memory_gb: z.number().int().min(1).max(INT32_MAX).describe("Maximum memory across all workers, in GB."),
        disk_gb: z
          .number()
          .int()
          .min(20)
          .max(INT32_MAX)
          .nullable()
          .default(null)
          .describe("Maximum disk across all workers, in GB; null for no limit."),
      })
      .strict()
      .describe("The application's maximum capacity; driver + max_executors × executor must fit in it."),
    initial_capacity: z
      .object({
        driver_count: z.number().int().min(1).max(INT32_MAX).describe("Pre-initialized drivers."),
        executor_count: z.number().int().min(1).max(INT32_MAX).describe("Pre-initialized executors; AWS needs at least 1."),
      })
      .strict()
      .nullable()
      .default(null)
      .describe("Pre-initialized (warm) workers, billed while the application runs; null for none."),
    auto_start: z.boolean().default(true).describe("Start the application when a job is submitted."),
    idle_timeout_minutes: z
      .number()
      .int()
      .min(1)
      .max(10080)
      .default(15)
      .describe("Minutes of idleness before the application stops itself."),
    log_retention_days: logRetentionDays("job"),
    network: z
      .object({
        subnet_ids: z.array(subnetId()).min(1).max(16).describe("Private subnets the workers run in (EMR Serverless takes up to 16)."),
        security_group_ids: z.array(securityGroupId()).min(1).max(5).describe("Security groups of the workers (up to 5)."),
      })
      .strict()
      .nullable()
      .default(null)
      .describe(
        "Runs the workers in your VPC, to reach private data stores; they then reach S3 and the Glue catalog through the VPC (a " +
          "gateway endpoint or NAT). null keeps EMR Serverless's own network.",
      ),
  })
  .strict();

export type EmrInputs = z.infer<typeof emrSchema>;

const sum = (count: Expr<number>, of: "driver" | "executor", field: string) => times(count, input(`${of}.${field}`));

/** driver + n × executor, for one resource. */
function total(field: "cpu" | "memory_gb" | "disk_gb", executors: Expr<number>, drivers: Expr<number> = num(1)) {
  return plus(sum(drivers, "driver", field), sum(executors, "executor", field));
}

function workerRules(role: "driver" | "executor"): Rule[] {
  const cpu = input(`${role}.cpu`);
  const mem = input(`${role}.memory_gb`);
  const table = (k: "minGb" | "maxGb" | "stepGb") => Object.fromEntries(Object.entries(WORKER_SIZES).map(([c, s]) => [c, s[k]]));
  const sizes = Object.entries(WORKER_SIZES)
    .map(([c, s]) => `${c} vCPU: ${s.minGb}–${s.maxGb} GB in steps of ${s.stepGb}`)
    .join("; ");
  return [
    rule(
      `${role}.memory_gb`,
      `must be a supported EMR Serverless worker size (${sizes}).`,
      and(
        atLeast(mem, lookup(table("minGb"), cpu, 0)),
        atMost(mem, lookup(table("maxGb"), cpu, 1_000_000)),
        equals(modulo(mem, lookup(table("stepGb"), cpu, 1)), num(0)),
      ),
    ),
  ];
}

const maxExecutors = input("max_executors");
const initial = input("initial_capacity");

/** The peak a job may reach, driver + max_executors × executor: the one formula the rules check and cost and docs show. */
export const PEAK = {
  cpu: total("cpu", maxExecutors),
  memory_gb: total("memory_gb", maxExecutors),
  disk_gb: total("disk_gb", maxExecutors),
};

/** PEAK evaluated on an environment's EMR inputs. */
export function peakSizing(emr: EmrInputs): { cpu: number; memory_gb: number; disk_gb: number } {
  return { cpu: evaluate(PEAK.cpu, emr), memory_gb: evaluate(PEAK.memory_gb, emr), disk_gb: evaluate(PEAK.disk_gb, emr) };
}

export const emrRules: Rule[] = [
  ...workerRules("driver"),
  ...workerRules("executor"),
  rule(
    "max_executors",
    "driver.cpu + max_executors × executor.cpu must not exceed max_capacity.cpu.",
    atMost(PEAK.cpu, input("max_capacity.cpu")),
  ),
  rule(
    "max_executors",
    "driver.memory_gb + max_executors × executor.memory_gb must not exceed max_capacity.memory_gb.",
    atMost(PEAK.memory_gb, input("max_capacity.memory_gb")),
  ),
  rule(
    "max_executors",
    "driver.disk_gb + max_executors × executor.disk_gb must not exceed max_capacity.disk_gb.",
    whenSet(input("max_capacity.disk_gb"), atMost(PEAK.disk_gb, input("max_capacity.disk_gb"))),
  ),
  rule("min_executors", "must not exceed max_executors.", atMost(input("min_executors"), maxExecutors)),
  rule(
    "initial_capacity",
    "driver_count × driver + executor_count × executor must fit in max_capacity (cpu and memory_gb).",
    whenSet(
      initial,
      and(
        atMost(total("cpu", attr(initial, "executor_count"), attr(initial, "driver_count")), input("max_capacity.cpu")),
        atMost(total("memory_gb", attr(initial, "executor_count"), attr(initial, "driver_count")), input("max_capacity.memory_gb")),
      ),
    ),
  ),
];

/**
 * Spark's memory overhead (10%, at least 384 MiB) must fit inside the worker, so the JVM gets the
 * worker memory less the overhead, in MiB.
 */
const jvmMemoryMb = (role: "driver" | "executor") => {
  const mb = times(input(`${role}.memory_gb`), num(1024));
  return minOf(floorOf(divide(mb, num(1.1))), minus(mb, num(384)));
};

/** The Spark confs derived from the sizing: written once, rendered as HCL and evaluated for the docs. */
export const SPARK_CONFS: [string, Expr<number | boolean>, string][] = [
  ["spark.driver.cores", input("driver.cpu"), ""],
  ["spark.driver.memory", jvmMemoryMb("driver"), "m"],
  ["spark.emr-serverless.driver.disk", input("driver.disk_gb"), "G"],
  ["spark.executor.cores", input("executor.cpu"), ""],
  ["spark.executor.memory", jvmMemoryMb("executor"), "m"],
  ["spark.emr-serverless.executor.disk", input("executor.disk_gb"), "G"],
  ["spark.dynamicAllocation.enabled", { evaluate: () => true, hcl: () => "true" }, ""],
  ["spark.dynamicAllocation.minExecutors", input("min_executors"), ""],
  ["spark.dynamicAllocation.maxExecutors", maxExecutors, ""],
];

/** Spark SQL's catalog is the Glue Data Catalog, where the jobs register the tables they write. */
export const GLUE_CATALOG_CONF =
  "--conf spark.hadoop.hive.metastore.client.factory.class=com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory";

/** The `${…}` template of the spark_submit_parameters output. */
export const sparkSubmitParametersTemplate = [
  GLUE_CATALOG_CONF,
  ...SPARK_CONFS.map(([k, e, unit]) => (e.hcl() === "true" ? `--conf ${k}=true` : `--conf ${k}=\${${e.hcl()}}${unit}`)),
].join(" ");

/** The same parameters for given EMR inputs. */
export function sparkSubmitParameters(emr: unknown): string {
  return [GLUE_CATALOG_CONF, ...SPARK_CONFS.map(([k, e, unit]) => `--conf ${k}=${evaluate(e, emr)}${unit}`)].join(" ");
}
