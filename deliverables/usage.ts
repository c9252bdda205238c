/**
 * The usage an estimate assumes, in the spirit of Infracost's usage file:
 * read from usage/<env>.hcl (tfvars syntax) when it exists, with these
 * defaults otherwise.
 */
import * as fs from "node:fs";
import { z } from "zod";
import { parseTfvars, TfvarsSyntaxError } from "../lib/tfvars";

export const usageSchema = z
  .object({
    emr_job_hours_per_day: z
      .number()
      .min(0)
      .max(24)
      .default(1)
      .describe("Hours a day the Spark jobs run at full sizing (driver + max_executors)."),
    emr_job_runs_per_day: z
      .number()
      .min(0)
      .nullable()
      .default(null)
      .describe(
        "Job runs a day; each keeps pre-initialized capacity up for the idle timeout. Null: as often as the pipelines' schedules fire.",
      ),
    ingest_gb_per_day: z
      .record(z.string(), z.number().min(0))
      .default({})
      .describe("GB a day landing in the raw zone, per source; sources not listed use default_ingest_gb_per_day."),
    default_ingest_gb_per_day: z.number().min(0).default(1).describe("GB a day for each source not in ingest_gb_per_day."),
    average_record_kb: z
      .number()
      .positive()
      .max(1024)
      .default(1)
      .describe("Average size of a streamed record, for Kinesis PUT payload units."),
    glue_job_hours_per_day: z.number().min(0).max(24).default(0.25).describe("Hours a day each source's Glue job runs."),
    athena_tb_scanned_per_month: z.number().min(0).default(0.5).describe("TB Athena scans a month."),
    processed_ratio: z.number().min(0).max(10).default(0.2).describe("Size of processed (Parquet, Snappy) data relative to raw."),
    curated_ratio: z.number().min(0).max(10).default(0.1).describe("Size of curated data relative to raw."),
    average_object_mb: z
      .number()
      .positive()
      .default(128)
      .describe("Average object size, for Intelligent-Tiering's per-object monitoring fee."),
    projection_months: z.number().int().min(1).max(120).default(12).describe("Months of S3 growth to project; the estimate uses the last."),
  })
  .strict();

/** The usage, and which of its figures are defaults rather than the usage file's. */
export type Usage = z.infer<typeof usageSchema> & { defaulted?: string[] };

/** A usage file that is missing (when named) or malformed: an unusable input file, exit 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** Usage assumptions from `file`; an environment's default file may be absent (built-in defaults), a named one may not. */
export function loadUsage(file: string | undefined, opts: { optional?: boolean } = {}): Usage {
  if (!file || (opts.optional && !fs.existsSync(file))) return { ...usageSchema.parse({}), defaulted: Object.keys(usageSchema.shape) };
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`${file}: no such usage file`);
  if (!stat.isFile()) throw new UsageError(`${file}: is not a file`);
  let raw: unknown;
  try {
    raw = parseTfvars(fs.readFileSync(file, "utf8"), file);
  } catch (e) {
    if (e instanceof TfvarsSyntaxError) throw new UsageError(e.message);
    throw e;
  }
  const parsed = usageSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `${file}: ${i.path.join(".")}: ${i.message}`).join("\n"));
  }
  const given = Object.keys((raw ?? {}) as object);
  return { ...parsed.data, defaulted: Object.keys(usageSchema.shape).filter((k) => !given.includes(k)) };
}
