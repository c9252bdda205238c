/** EMR Serverless: auto-stop, maximum capacity, the resource math, a pinned release, Graviton. */
import { type PlanModel, setButUnknown } from "../plan";
import { expressionOf } from "../plan-json";
import { at, type Rule, unknownAt } from "../rule";

/** Spark submit parameter strings anywhere in the plan: outputs and known state machine definitions. */
export function sparkParameters(m: PlanModel): string[] {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "string" && v.includes("--conf spark.")) found.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  for (const o of m.outputs) walk(o.value);
  for (const sm of m.managed("aws_sfn_state_machine")) {
    if (typeof sm.values?.definition === "string") {
      try {
        walk(JSON.parse(sm.values.definition));
      } catch {
        // not JSON: nothing to read
      }
    }
  }
  return [...found];
}

function confs(params: string): Record<string, string> {
  return Object.fromEntries([...params.matchAll(/--conf\s+([^=\s]+)=(\S+)/g)].map((x) => [x[1], x[2]]));
}

/** Spark memory such as 7447m or 8g, in MiB. */
function mebibytes(v: string | undefined): number | undefined {
  const m = /^([0-9]+)([kmgt]?)b?$/i.exec(v ?? "");
  if (!m) return undefined;
  const unit: Record<string, number> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024, "": 1 / (1024 * 1024) };
  return Number(m[1]) * unit[m[2].toLowerCase()];
}

/** A worker's size in GB: the JVM plus Spark's overhead (10%, at least 384 MiB), rounded up. */
function workerGb(memory: string | undefined, overhead: string | undefined): number | undefined {
  const jvm = mebibytes(memory);
  if (jvm === undefined) return undefined;
  const extra = mebibytes(overhead) ?? Math.max(384, jvm * 0.1);
  return Math.ceil((jvm + extra) / 1024 - 1e-9);
}

const amount = (s: unknown): number | undefined => {
  const m = /^\s*([0-9.]+)/.exec(String(s ?? ""));
  return m ? Number(m[1]) : undefined;
};

export const processingRules: Rule[] = [
  {
    id: "LG-EMR-001",
    title: "EMR Serverless application stops when idle",
    severity: "medium",
    prodSeverity: "high",
    rationale: "An application that never stops keeps its pre-initialized capacity billed around the clock.",
    fix: "Set auto_stop_configuration { enabled = true, idle_timeout_minutes = N }.",
    check: (m) =>
      m.managed("aws_emrserverless_application").flatMap((r) => {
        if (r.values?.auto_stop_configuration?.[0]?.enabled === false) return [at(r, "Auto-stop is disabled.")];
        const configured = (r.values?.auto_stop_configuration ?? []).length > 0 || setButUnknown(r, "auto_stop_configuration");
        return configured ? [] : [at(r, "Auto-stop is not configured: the application relies on the service's default.")];
      }),
  },
  {
    id: "LG-EMR-002",
    title: "EMR Serverless application has a maximum capacity",
    severity: "high",
    rationale: "Without a maximum, one runaway job can scale to the account's quota and its bill.",
    fix: "Set maximum_capacity { cpu, memory, disk } from the sizing.",
    check: (m) =>
      m
        .managed("aws_emrserverless_application")
        .filter((r) => !(r.values?.maximum_capacity ?? []).length && !setButUnknown(r, "maximum_capacity"))
        .map((r) => at(r, "No maximum capacity.")),
  },
  {
    id: "LG-EMR-003",
    title: "Spark sizing fits the application's maximum capacity",
    severity: "high",
    rationale:
      "driver + maxExecutors × executor must fit in the maximum capacity (the brief's resource math); otherwise jobs wait for " +
      "capacity that never comes, or fail.",
    fix:
      "Lower spark.dynamicAllocation.maxExecutors or the executor size, or raise maximum_capacity. " +
      "In lakegen, change emr.* in the tfvars.",
    check: (m) => {
      const apps = m.managed("aws_emrserverless_application");
      const params = sparkParameters(m);
      return apps.flatMap((app) => {
        const cap = app.values?.maximum_capacity?.[0];
        if (!cap) return [];
        const maxCpu = amount(cap.cpu);
        const maxGb = amount(cap.memory);
        return params.flatMap((p) => {
          const c = confs(p);
          const executors = Number(c["spark.dynamicAllocation.maxExecutors"]);
          if (!Number.isFinite(executors)) return [];
          const cpu = Number(c["spark.driver.cores"] ?? 4) + executors * Number(c["spark.executor.cores"] ?? 4);
          const dGb = workerGb(c["spark.driver.memory"] ?? "14g", c["spark.driver.memoryOverhead"]);
          const eGb = workerGb(c["spark.executor.memory"] ?? "14g", c["spark.executor.memoryOverhead"]);
          const gb = dGb !== undefined && eGb !== undefined ? dGb + executors * eGb : undefined;
          const over: string[] = [];
          if (maxCpu !== undefined && cpu > maxCpu) over.push(`${cpu} vCPU > ${maxCpu} vCPU`);
          if (maxGb !== undefined && gb !== undefined && gb > maxGb) over.push(`${gb} GB > ${maxGb} GB`);
          return over.length ? [at(app, `driver + ${executors} executors need ${over.join(" and ")} of maximum capacity.`)] : [];
        });
      });
    },
  },
  {
    id: "LG-EMR-004",
    title: "EMR Serverless release is pinned",
    severity: "medium",
    rationale:
      "A pinned emr-X.Y.Z release keeps Spark and its libraries the same from run to run; releases before 6 are not supported by EMR " +
      "Serverless.",
    fix:
      "Set release_label to a specific release such as emr-7.5.0. A release read from a data source must be known at plan time (a " +
      "data source that reads during plan), or it cannot be judged.",
    check: (m) =>
      m.managed("aws_emrserverless_application").flatMap((r) => {
        const label = r.values?.release_label;
        if (label === undefined) {
          // Never a silent pass: a release a data source gives only at apply is reported as such.
          const source = (expressionOf(r.config?.expressions, "release_label")?.references ?? []).find(
            (ref) => ref.startsWith("data.") || ref.startsWith("var."),
          );
          return source && r.unknown?.release_label === true
            ? [unknownAt(r, `the release label comes from ${source}: no pinned release can be checked.`)]
            : [];
        }
        const match = /^emr-([0-9]+)\.[0-9]+\.[0-9]+$/.exec(String(label));
        return match && Number(match[1]) >= 6 ? [] : [at(r, `Release label "${label}" is not a pinned emr-6 or later release.`)];
      }),
  },
  {
    id: "LG-EMR-005",
    title: "EMR Serverless runs on Graviton (ARM64)",
    severity: "low",
    rationale: "ARM64 workers cost about 20% less per vCPU-hour and per GB-hour than x86_64.",
    fix: 'Set architecture = "ARM64" unless a dependency needs x86.',
    check: (m) =>
      m
        .managed("aws_emrserverless_application")
        .filter((r) => r.values?.architecture === "X86_64")
        .map((r) => at(r, "The application runs on X86_64.")),
  },
];
