/**
 * The lake's data sources, declared once at the top level of each tfvars file
 * and passed to every module that iterates over them (`sources = var.sources`).
 */
import { z } from "zod";
import { cronExpression, INT32_MAX } from "../lib/aws-formats";
import { exampleFixture } from "../lib/module-examples";
import {
  and,
  atLeast,
  atMost,
  attr,
  distinctItems,
  equals,
  every,
  type Expr,
  isSet,
  lengthOf,
  memberOf,
  not,
  num,
  or,
  pluck,
  ruleForEach,
  type Rule,
  str,
  strs,
  whenSet,
} from "../lib/rules";

const column = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);

export const qualitySchema = z
  .object({
    not_null: z.array(column).default([]).describe("Columns that must never be null (DQDL `IsComplete`)."),
    unique: z.array(column).default([]).describe("Columns whose values must be unique (DQDL `IsUnique`)."),
    ranges: z
      .array(
        z
          .object({
            column,
            min: z.number().nullable().default(null),
            max: z.number().nullable().default(null),
          })
          .strict(),
      )
      .default([])
      .describe("Allowed value ranges (DQDL `ColumnValues`); set min, max or both."),
    min_row_count: z
      .number()
      .int()
      .min(0)
      .max(INT32_MAX)
      .nullable()
      .default(null)
      .describe("Fewest rows a load may have (DQDL `RowCount`)."),
    not_future: z
      .array(column)
      .default([])
      .describe(
        "Date or timestamp columns that must not lie in the future (DQDL `ColumnValues <= now()`); the Spark job checks them against " +
          "the window's end.",
      ),
  })
  .strict();

export const LOAD_PATTERNS = ["append", "upsert", "full_refresh"] as const;

/** The column types a contract may declare: Glue Data Catalog (Hive) types that Parquet, Spark and Athena share. */
export const COLUMN_TYPES = ["string", "boolean", "int", "bigint", "double", "date", "timestamp"] as const;
const DECIMAL = /^decimal\(([1-9]|[1-3][0-9]),([0-9]|[1-3][0-9])\)$/;
/** Columns the jobs add themselves: a contract may not declare them. */
export const RESERVED_COLUMNS = ["source_file", "year", "month", "day", "load_end", "quarantine_reason"];

export const columnSchema = z
  .object({
    // Lower case: the Glue Data Catalog stores column names in lower case, and Terraform would see a change on every plan.
    name: z
      .string()
      .regex(
        /^[a-z_][a-z0-9_]*$/,
        "must be lower case letters, digits and underscores, starting with a letter or underscore (the catalog stores lower case)",
      )
      .describe("Column name, in lower case; the jobs match the source's names to it ignoring case."),
    type: z
      .string()
      .refine(
        (t) =>
          (COLUMN_TYPES as readonly string[]).includes(t) ||
          (DECIMAL.test(t) && Number(DECIMAL.exec(t)![2]) <= Number(DECIMAL.exec(t)![1])),
        {
          message: `must be one of ${COLUMN_TYPES.join(", ")}, or decimal(p,s) with 1 <= p <= 38 and s <= p`,
        },
      )
      .describe(`Its type: ${COLUMN_TYPES.join(", ")}, or decimal(p,s).`),
    comment: z.string().max(255).nullable().default(null).describe("What the column holds, shown to analysts in the catalog."),
  })
  .strict();

export type Column = z.infer<typeof columnSchema>;

export const contractSchema = z
  .object({
    load: z
      .enum(LOAD_PATTERNS)
      .default("append")
      .describe(
        "How each load joins the source's data: `append` keeps each distinct record once, across files and loads; `upsert` keeps the " +
          "latest version of each key by ordering_column, so a late, older version never overwrites a newer one; `full_refresh` " +
          "replaces the source's data with each load.",
      ),
    key: z
      .array(column)
      .max(32)
      .default([])
      .describe(
        "Columns that identify a record: upsert keeps each key's latest version, full_refresh one row per key; append compares whole " +
          "records.",
      ),
    ordering_column: column
      .nullable()
      .default(null)
      .describe("Column whose greatest value marks a key's latest version (a timestamp or a sequence number); upsert needs it."),
    expected_every_window: z
      .boolean()
      .default(true)
      .describe(
        "A window in which the source delivers nothing fails the pipeline run, with an alert naming the source and the window; false " +
          "for a source that may be silent.",
      ),
    columns: z
      .array(columnSchema)
      .max(1000)
      .default([])
      .describe(
        "The source's columns and types. Terraform declares its processed and curated tables from them; the jobs cast each load to " +
          "them, quarantine the rows that do not fit, and keep undeclared columns out. Empty: the jobs infer the schema (no declared " +
          "tables).",
      ),
    migrate_columns: z
      .array(column)
      .max(1000)
      .default([])
      .describe(
        "Declared columns whose removal or change of type is accepted on purpose. Validation refuses either change otherwise, against " +
          "the schemas recorded beside the tfvars file (<file>.schemas.json).",
      ),
    row_tag: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/)
      .nullable()
      .default(null)
      .describe("The XML element that holds one record (Glue's rowTag); xml sources need it."),
  })
  .strict();

export type Contract = z.infer<typeof contractSchema>;

export const sourceSchema = z
  .object({
    ingestion: z.enum(["batch", "stream"]).describe("`batch` lands files in raw; `stream` arrives through Kinesis and Firehose."),
    format: z.enum(["json", "csv", "xml", "parquet"]).default("json").describe("Format of the raw data."),
    crawler_schedule: cronExpression()
      .nullable()
      .default(null)
      .describe("Crawler schedule for batch sources, as `cron(…)` with six fields; null runs it on demand."),
    stream: z
      .object({
        mode: z.enum(["ON_DEMAND", "PROVISIONED"]).describe("Kinesis capacity mode."),
        shard_count: z.number().int().min(1).max(500).nullable().default(null).describe("Shards, for PROVISIONED only."),
      })
      .strict()
      .nullable()
      .default(null)
      .describe("Stream settings; required for stream sources, absent for batch sources."),
    raw_only: z
      .boolean()
      .default(false)
      .describe("Lands only in raw, on purpose: no pipeline processes it. Otherwise a source that no pipeline processes is an error."),
    quality: qualitySchema
      .default({ not_null: [], unique: [], ranges: [], min_row_count: null, not_future: [] })
      .describe("Data-quality checks run on the processed data."),
    contract: contractSchema
      .default({
        load: "append",
        key: [],
        ordering_column: null,
        expected_every_window: true,
        columns: [],
        migrate_columns: [],
        row_tag: null,
      })
      .describe("The source's contract with the lake: how its loads join its data, its key, and what its format needs."),
  })
  .strict();

export const sourcesSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9-]{0,28}[a-z0-9]$/), sourceSchema)
  .describe("Data sources by name. Lower case letters, digits and hyphens.");

export type Source = z.infer<typeof sourceSchema>;

export const sourcesWiring = { sources: sourcesSchema };

const stream = (s: Expr) => attr(s, "stream");
const contract = (s: Expr) => attr(s, "contract");

export const sourceRules: Rule[] = [
  ruleForEach("sources", "stream", "stream sources need stream settings, and batch sources must not have them.", (s) =>
    or(
      and(equals(attr(s, "ingestion"), str("stream")), isSet(stream(s))),
      and(equals(attr(s, "ingestion"), str("batch")), not(isSet(stream(s)))),
    ),
  ),
  ruleForEach("sources", "stream.shard_count", "PROVISIONED streams need shard_count; ON_DEMAND streams must not set it.", (s) =>
    whenSet(stream(s), equals(equals(attr(stream(s), "mode"), str("PROVISIONED")), isSet(attr(stream(s), "shard_count")))),
  ),
  ruleForEach("sources", "crawler_schedule", "only batch sources have a crawler schedule.", (s) =>
    or(equals(attr(s, "ingestion"), str("batch")), not(isSet(attr(s, "crawler_schedule")))),
  ),
  // Firehose writes newline-delimited records, GZIP-compressed: only JSON reads back as records.
  ruleForEach("sources", "format", "stream sources are json: Firehose delivers newline-delimited records.", (s) =>
    or(equals(attr(s, "ingestion"), str("batch")), equals(attr(s, "format"), str("json"))),
  ),
  ruleForEach(
    "sources",
    "contract.row_tag",
    "xml sources need contract.row_tag, the element that holds one record; other formats must not set it.",
    (s) => equals(equals(attr(s, "format"), str("xml")), isSet(attr(contract(s), "row_tag"))),
  ),
  // A null key matches no other version: it would never be replaced, and nulls would collapse into one record.
  ruleForEach("sources", "quality.not_null", "an upsert source's key columns must be in quality.not_null.", (s) =>
    or(
      not(equals(attr(contract(s), "load"), str("upsert"))),
      every(attr<string[]>(contract(s), "key"), (k) => memberOf(k, attr<string[]>(attr(s, "quality"), "not_null"))),
    ),
  ),
  ruleForEach("sources", "contract.key", "upsert sources need contract.key and contract.ordering_column.", (s) =>
    or(
      not(equals(attr(contract(s), "load"), str("upsert"))),
      and(atLeast(lengthOf(attr(contract(s), "key")), num(1)), isSet(attr(contract(s), "ordering_column"))),
    ),
  ),
  ruleForEach(
    "sources",
    "contract.columns",
    `declared column names must be distinct, and none of ${RESERVED_COLUMNS.join(", ")} (the jobs add those).`,
    (s) =>
      and(
        distinctItems(pluck(attr(contract(s), "columns"), "name")),
        every(attr<unknown[]>(contract(s), "columns"), (c) => not(memberOf(attr(c, "name"), strs(RESERVED_COLUMNS)))),
      ),
  ),
  // With declared columns, everything the contract and the checks name must be one of them.
  ruleForEach(
    "sources",
    "contract.key",
    "with contract.columns declared, the key, the ordering_column and every column the quality checks name must be declared.",
    (s) =>
      or(
        equals(lengthOf(attr(contract(s), "columns")), num(0)),
        every(namedColumns(s), (c) => memberOf(c, pluck(attr<unknown[]>(contract(s), "columns"), "name"))),
      ),
  ),
];

/** The columns a source's key, ordering column and quality checks name. */
function namedColumns(s: Expr): Expr<unknown[]> {
  return {
    // Before zod's defaults (as Terraform's optional() fills them): a missing list is an empty one.
    evaluate: (scope) => {
      const v = s.evaluate(scope) as { contract?: Partial<Source["contract"]>; quality?: Partial<Source["quality"]> };
      const c = v.contract ?? {};
      const q = v.quality ?? {};
      return [
        ...(c.key ?? []),
        ...(c.ordering_column ? [c.ordering_column] : []),
        ...(q.not_null ?? []),
        ...(q.unique ?? []),
        ...(q.ranges ?? []).map((r) => r.column),
        ...(q.not_future ?? []),
      ];
    },
    hcl: () => {
      const x = s.hcl();
      return (
        `concat(${x}.contract.key, ${x}.contract.ordering_column == null ? [] : [${x}.contract.ordering_column], ` +
        `${x}.quality.not_null, ${x}.quality.unique, [for r in ${x}.quality.ranges : r.column], ${x}.quality.not_future)`
      );
    },
  };
}

/** Range checks need a bound, and min must not exceed max. */
export const qualityRules: Rule[] = [
  ruleForEach("sources", "quality.ranges", "each range needs min or max, and min must not exceed max.", (s) => everyRange(s)),
];

function everyRange(s: Expr) {
  return every(attr<unknown[]>(attr(s, "quality"), "ranges"), (r) =>
    and(
      or(isSet(attr(r, "min")), isSet(attr(r, "max"))),
      whenSet(attr(r, "min"), whenSet(attr(r, "max"), atMost(attr(r, "min"), attr(r, "max")))),
    ),
  );
}

/** The sources every module's examples share (modules/example-sources.tfvars): two batch sources and one stream. */
export function exampleSources(): z.output<typeof sourcesSchema> {
  return sourcesSchema.parse(exampleFixture("modules/example-sources.tfvars").sources);
}
