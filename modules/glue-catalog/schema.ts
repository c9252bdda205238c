import { z } from "zod";
import { securityGroupId, subnetId } from "../../lib/aws-formats";
import { logRetentionDays } from "../../lib/cloudwatch";
import { and, equals, input, or, rule, type Rule, str } from "../../lib/rules";
import { nameRule } from "../../lib/names";
import { qualityRules, sourceRules } from "../sources";

export const glueSchema = z
  .object({
    glue_version: z.enum(["4.0", "5.0"]).default("4.0").describe("Glue version of the ETL jobs."),
    worker_type: z.enum(["G.1X", "G.2X", "G.4X", "G.8X"]).default("G.1X").describe("Worker type of the ETL jobs."),
    number_of_workers: z.number().int().min(2).max(299).describe("Workers per ETL job run."),
    timeout_minutes: z.number().int().min(1).max(2880).describe("Minutes before a job run is stopped."),
    max_concurrent_runs: z.number().int().min(1).max(1000).default(1).describe("Concurrent runs per job; 1 keeps bookmarks consistent."),
    log_retention_days: logRetentionDays("Glue jobs'"),
    crawler: z
      .object({
        recrawl_behavior: z
          .enum(["CRAWL_EVERYTHING", "CRAWL_NEW_FOLDERS_ONLY"])
          .default("CRAWL_NEW_FOLDERS_ONLY")
          .describe("What each crawl reads: everything, or only folders added since the last crawl."),
        update_behavior: z.enum(["UPDATE_IN_DATABASE", "LOG"]).default("LOG").describe("What a crawler does on schema changes."),
        delete_behavior: z
          .enum(["DEPRECATE_IN_DATABASE", "DELETE_FROM_DATABASE", "LOG"])
          .default("LOG")
          .describe("What a crawler does when data disappears."),
        use_lake_formation_credentials: z
          .boolean()
          .default(false)
          .describe("Crawl with Lake Formation credentials instead of the crawler role's S3 access."),
      })
      .strict()
      .default({
        recrawl_behavior: "CRAWL_NEW_FOLDERS_ONLY",
        update_behavior: "LOG",
        delete_behavior: "LOG",
        use_lake_formation_credentials: false,
      })
      .describe("Crawler policies, for every batch source."),
    network: z
      .object({
        subnet_id: subnetId().describe("Private subnet the jobs and crawlers run in."),
        security_group_ids: z
          .array(securityGroupId())
          .min(1)
          .max(50)
          .describe("Security groups of their network interfaces; one must allow all traffic from itself (Glue's requirement)."),
        availability_zone: z
          .string()
          .regex(/^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$/)
          .describe("Availability zone of the subnet, such as eu-west-1a."),
      })
      .strict()
      .nullable()
      .default(null)
      .describe(
        "Runs the ETL jobs and crawlers in your VPC through a Glue NETWORK connection, with the EC2 permissions Glue needs on their " +
          "roles. The subnet must reach S3 (a gateway endpoint) and Glue. null keeps Glue's own network.",
      ),
  })
  .strict();

export type GlueInputs = z.infer<typeof glueSchema>;

export const glueRules: Rule[] = [
  nameRule({ kind: "IAM role", limit: 64, template: "{prefix}-glue-{key}", over: "sources" }),
  rule(
    "crawler.recrawl_behavior",
    "AWS accepts CRAWL_NEW_FOLDERS_ONLY only with update_behavior and delete_behavior both LOG.",
    or(
      equals(input("crawler.recrawl_behavior"), str("CRAWL_EVERYTHING")),
      and(equals(input("crawler.update_behavior"), str("LOG")), equals(input("crawler.delete_behavior"), str("LOG"))),
    ),
  ),
  ...sourceRules,
  ...qualityRules,
];

/** The DQDL rules of a source's checks, as the module's dq_rules local builds them (tested against plans). */
export function dqdlRules(quality: {
  not_null: string[];
  unique: string[];
  ranges: { column: string; min: number | null; max: number | null }[];
  min_row_count: number | null;
  not_future: string[];
}): string[] {
  return [
    ...quality.not_null.map((c) => `IsComplete "${c}"`),
    ...quality.unique.map((c) => `IsUnique "${c}"`),
    // Both ends included, as the Spark job checks them: DQDL's `between` would exclude them.
    ...quality.ranges.flatMap((r) => [
      ...(r.min === null ? [] : [`ColumnValues "${r.column}" >= ${r.min}`]),
      ...(r.max === null ? [] : [`ColumnValues "${r.column}" <= ${r.max}`]),
    ]),
    ...(quality.min_row_count === null ? [] : [`RowCount >= ${quality.min_row_count}`]),
    ...quality.not_future.map((c) => `ColumnValues "${c}" <= now()`),
  ];
}
