import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { GlueCatalogDatabase } from "@cdktf/provider-aws/lib/glue-catalog-database";
import { GlueClassifier } from "@cdktf/provider-aws/lib/glue-classifier";
import { GlueCrawler } from "@cdktf/provider-aws/lib/glue-crawler";
import { GlueDataCatalogEncryptionSettings } from "@cdktf/provider-aws/lib/glue-data-catalog-encryption-settings";
import { GlueDataQualityRuleset } from "@cdktf/provider-aws/lib/glue-data-quality-ruleset";
import { GlueJob } from "@cdktf/provider-aws/lib/glue-job";
import { GlueSecurityConfiguration } from "@cdktf/provider-aws/lib/glue-security-configuration";
import { DataResource, TerraformLocal, Token } from "cdktf";
import { forEachOf } from "../../lib/iterate";
import { defineModule, type ModuleStack } from "../../lib/module";
import { requiredKeys } from "../../lib/rules";
import { shippedScript } from "../../lib/shipped-script";
import { buildNetwork, NETWORK_CONNECTION, NETWORK_CONNECTIONS } from "./network";
import { buildRoles } from "./roles";
import { buildQuarantineMetric, buildTables } from "./tables";
import { glueRules, glueSchema } from "./schema";
import { example } from "./example";
import { wires, wiring } from "./wiring";

const SCRIPT_KEY = "glue/scripts/raw_to_processed.py";

export const glueCatalog = defineModule({
  name: "glue-catalog",
  tfvarsKey: "glue",
  summary:
    "The Glue Data Catalog of the lake: a database per zone, a crawler per batch source over its raw " +
    "prefix, an ETL job per source from raw to processed (Parquet, Snappy, Hive partitions, job bookmarks), " +
    "Glue Data Quality rulesets from each source's declared checks, a security configuration, catalog " +
    "encryption, and least-privilege roles: one for the crawlers and one per source for its job.",
  notes: `## Sources

Every resource per source iterates over \`sources\` with \`for_each\`: adding a source to the tfvars adds
its crawler (batch sources), job, role and ruleset, with no code change.

## ETL jobs

The job script (\`scripts/raw_to_processed.py\`, uploaded to the artifacts bucket) reads
\`raw/<source>/YYYY/MM/DD/\` incrementally through the job bookmark and writes
\`processed/<source>/year=YYYY/month=MM/day=DD/\` as Parquet with Snappy, updating the table
\`<source>\` (hyphens become underscores) in the processed database.

## Declared tables

A source whose \`contract.columns\` declares its columns gets its processed and curated tables from
Terraform (\`aws_glue_catalog_table.processed\` and \`.curated\`), so grants and analysts see them at
apply; a new column updates them in place. Its job casts each load to the columns, quarantines the
rows that do not fit under \`processed/<source>/_quarantine/load_end=<window end>/\` with their reason,
and logs a \`load_conformed\` JSON line, from which the \`quarantined_rows\` metric filter counts
\`QuarantinedRows\` per job (\`quarantine_metric\` output; monitoring alarms on it).

## Data quality

Each source's \`quality\` checks become a DQDL ruleset on its processed table:
\`not_null\` → \`IsComplete\`, \`unique\` → \`IsUnique\`, \`ranges\` → \`ColumnValues\`,
\`min_row_count\` → \`RowCount\`.

## Encryption

The security configuration encrypts job output in S3 (SSE-KMS), CloudWatch logs and job bookmarks
with the lake's key. The catalog's encryption settings are account-wide: one per account and region.`,
  keySettings: (g) => `Glue ${g.glue_version}, ${g.number_of_workers} × ${g.worker_type}, timeout ${g.timeout_minutes} min`,
  schema: glueSchema,
  rules: [...glueRules, requiredKeys("zone_bucket_names", ["raw", "processed", "curated", "temp"])],
  wiring,
  context: ["name_prefix", "account_id", "tags", "iam"],
  wires,
  example,
  files: { "scripts/raw_to_processed.py": "modules/glue-catalog/scripts/raw_to_processed.py" },
  build: buildGlue,
});

/** A zone's bucket name and catalog database, as the module's HCL names them. */
const bucket = (zone: string) => `\${var.zone_bucket_names["${zone}"]}`;
const db = (zone: string) => `\${aws_glue_catalog_database.this["${zone}"].name}`;

type Glue = ModuleStack<typeof glueSchema, typeof wiring>;

function buildGlue(m: Glue): void {
  const region = new DataAwsRegion(m, "current");

  const security = catalog(m);
  const crawlerRole = etlJobs(m, region, security);
  rawCrawlers(m, crawlerRole, security);
  qualityRulesets(m);
  glueOutputs(m, crawlerRole, security);
}

/** The catalog: its locals, a database per zone, the security configuration and the catalog's encryption. */
function catalog(m: Glue): GlueSecurityConfiguration {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const key = m.str("kms_key_arn");
  new TerraformLocal(m, "db_prefix", '${replace(var.name_prefix, "-", "_")}');
  new TerraformLocal(m, "catalog_zones", '${{ for zone, b in var.zone_bucket_names : zone => b if zone != "temp" }}');
  new TerraformLocal(m, "batch_sources", '${{ for name, s in var.sources : name => s if s.ingestion == "batch" }}');

  // Databases, one per zone.
  const zones = forEachOf("local.catalog_zones");
  // The databases wait for the Lake Formation settings, whose defaults they take when created.
  const governance = new DataResource(m, "lake_formation_settings", { input: Token.asAny("${var.lake_formation_settings}") });
  new GlueCatalogDatabase(m, "aws_glue_catalog_database.this", {
    forEach: zones,
    dependsOn: [governance],
    name: "${local.db_prefix}_${each.key}",
    description: `\${each.key} zone of ${prefix}`,
    locationUri: "s3://${each.value}/",
    tags,
  });

  const security = new GlueSecurityConfiguration(m, "aws_glue_security_configuration.this", {
    name: `${prefix}-glue`,
    encryptionConfiguration: {
      s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: key },
      cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: key },
      jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: key },
    },
  });

  new GlueDataCatalogEncryptionSettings(m, "aws_glue_data_catalog_encryption_settings.this", {
    dataCatalogEncryptionSettings: {
      encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: key },
      connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: key },
    },
  });
  return security;
}

/** The roles, the network, the jobs' logs, metric and tables, and an ETL job per source. */
function etlJobs(m: Glue, region: DataAwsRegion, security: GlueSecurityConfiguration) {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const account = m.str("account_id");
  const key = m.str("kms_key_arn");
  const glueArn = `arn:aws:glue:${region.id}:${account}`;
  const { crawlerRole } = buildRoles(m, { prefix, tags, account, key, region: region.id, glueArn, bucket, db, scriptKey: SCRIPT_KEY });
  const sources = forEachOf(m.expr("sources"));

  buildNetwork(m);

  const logs = buildJobLogs(m, prefix, key, tags);
  buildQuarantineMetric(m);
  buildTables(m, db, bucket);
  const script = shippedScript(m, "script", {
    bucket: m.str("artifacts_bucket_name"),
    key: SCRIPT_KEY,
    file: "scripts/raw_to_processed.py",
    kmsKeyId: key,
    tags,
  });

  new GlueJob(m, "aws_glue_job.this", {
    forEach: sources,
    name: `${prefix}-\${each.key}`,
    description: "Raw to processed for ${each.key}: Parquet, Snappy, Hive partitions.",
    roleArn: "${aws_iam_role.job[each.key].arn}",
    glueVersion: m.str("glue_version"),
    workerType: m.str("worker_type"),
    numberOfWorkers: m.num("number_of_workers"),
    timeout: m.num("timeout_minutes"),
    // The pipeline retries the transient errors; a Glue retry would re-run a failed Data Quality gate and alert again.
    maxRetries: 0,
    // Glue reports STANDARD when none is set; naming it keeps the re-plan empty.
    executionClass: "STANDARD",
    securityConfiguration: security.name,
    connections: Token.asList(NETWORK_CONNECTIONS),
    command: { name: "glueetl", pythonVersion: "3", scriptLocation: `s3://${script.bucket}/${script.key}` },
    executionProperty: { maxConcurrentRuns: m.num("max_concurrent_runs") },
    defaultArguments: {
      "--job-bookmark-option": "job-bookmark-enable",
      "--enable-metrics": "true",
      "--enable-continuous-cloudwatch-log": "true",
      // Into the module's log groups (lake key, tfvars retention), not Glue's shared defaults.
      "--continuous-log-logGroup": `${logs}/continuous`,
      // The message alone: the quarantine metric filter reads the job's JSON lines as JSON (Glue 4.0).
      "--continuous-log-conversionPattern": "%m%n",
      "--custom-logGroup-prefix": logs,
      "--enable-glue-datacatalog": "true",
      "--TempDir": `s3://${bucket("temp")}/glue/\${each.key}/`,
      "--source": "${each.key}",
      "--format": "${each.value.format}",
      "--raw_path": `s3://${bucket("raw")}/\${each.key}/`,
      "--processed_path": `s3://${bucket("processed")}/\${each.key}/`,
      "--database": db("processed"),
      "--table": '${replace(each.key, "-", "_")}',
      // The job evaluates these before it writes: a failed rule fails the run and stops the pipeline.
      "--quality_rules": "${jsonencode(local.dq_rules[each.key])}",
      // The row checks: a row that fails one is quarantined with its reason, and the rest of its load goes on.
      "--quality": "${jsonencode(each.value.quality)}",
      // The load pattern, key, declared columns and row tag: each load is cast to the columns, and checked as it will be curated.
      "--contract": "${jsonencode(each.value.contract)}",
    },
    tags,
  });
  return crawlerRole;
}

/** The classifiers and a crawler per batch source, which catalogue raw. */
function rawCrawlers(m: Glue, crawlerRole: { arn: string }, security: GlueSecurityConfiguration) {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  // Raw CSV files carry a header row: without this the crawler may name the columns col0, col1…
  new GlueClassifier(m, "csv", {
    name: `${prefix}-csv-with-header`,
    csvClassifier: { containsHeader: "PRESENT", delimiter: ",", quoteSymbol: '"' },
  });

  // Raw XML has no records until a row tag names them: a crawler without one catalogues nothing useful.
  new GlueClassifier(m, "xml", {
    forEach: forEachOf('{ for name, s in local.batch_sources : name => s if s.format == "xml" }'),
    name: `${prefix}-\${each.key}-xml`,
    xmlClassifier: { classification: "xml", rowTag: "${each.value.contract.row_tag}" },
  });

  const batch = forEachOf("local.batch_sources");
  new GlueCrawler(m, "aws_glue_crawler.this", {
    forEach: batch,
    name: `${prefix}-\${each.key}`,
    role: crawlerRole.arn,
    databaseName: db("raw"),
    classifiers: Token.asList(
      '${concat(each.value.format == "csv" ? [aws_glue_classifier.csv.name] : [], [for k, x in aws_glue_classifier.xml : x.name if k ' +
        "== each.key])}",
    ),
    schedule: "${each.value.crawler_schedule}",
    securityConfiguration: security.name,
    s3Target: [{ path: `s3://${bucket("raw")}/\${each.key}/`, connectionName: NETWORK_CONNECTION }],
    recrawlPolicy: { recrawlBehavior: m.str("crawler.recrawl_behavior") },
    schemaChangePolicy: {
      updateBehavior: m.str("crawler.update_behavior"),
      deleteBehavior: m.str("crawler.delete_behavior"),
    },
    lakeFormationConfiguration: { useLakeFormationCredentials: m.bool("crawler.use_lake_formation_credentials") },
    tags,
  });
}

/** A Data Quality ruleset per source with checks. */
function qualityRulesets(m: Glue) {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  // DQDL per source, from its declared checks: the brief's validate_data. A range is two rules, >= and <=:
  // DQDL's `between` excludes both ends (awslabs/dqdl NumberBasedCondition), the declared range includes them.
  new TerraformLocal(
    m,
    "dq_rules",
    Token.asAny(
      "${{ for name, s in var.sources : name => concat(" +
        '[for c in s.quality.not_null : "IsComplete \\"${c}\\""], ' +
        '[for c in s.quality.unique : "IsUnique \\"${c}\\""], ' +
        'flatten([for r in s.quality.ranges : concat(r.min == null ? [] : ["ColumnValues \\"${r.column}\\" >= ${r.min}"], r.max == ' +
        'null ? [] : ["ColumnValues \\"${r.column}\\" <= ${r.max}"])]), ' +
        's.quality.min_row_count == null ? [] : ["RowCount >= ${s.quality.min_row_count}"], ' +
        '[for c in s.quality.not_future : "ColumnValues \\"${c}\\" <= now()"]' +
        ") }}",
    ),
  );
  const checked = forEachOf("{ for name, rules in local.dq_rules : name => rules if length(rules) > 0 }");
  new GlueDataQualityRuleset(m, "aws_glue_data_quality_ruleset.this", {
    forEach: checked,
    name: `${prefix}-\${each.key}`,
    description: "Checks on the processed ${each.key} table.",
    ruleset: 'Rules = [ ${join(", ", each.value)} ]',
    targetTable: { databaseName: db("processed"), tableName: '${replace(each.key, "-", "_")}' },
    tags,
  });
}

/** The module's outputs. */
function glueOutputs(m: Glue, crawlerRole: { arn: string }, security: GlueSecurityConfiguration) {
  m.output(
    "database_names",
    "Catalog database per zone (raw, processed, curated).",
    "${{ for zone, d in aws_glue_catalog_database.this : zone => d.name }}",
  );
  m.output("crawler_names", "Crawler per batch source.", "${{ for name, c in aws_glue_crawler.this : name => c.name }}");
  m.output(
    "crawler_schedules",
    "Schedule of each crawler, as applied.",
    "${{ for name, c in aws_glue_crawler.this : name => c.schedule }}",
  );
  m.output("crawler_role_arn", "ARN of the crawlers' role.", crawlerRole.arn);
  m.output("job_names", "ETL job per source.", "${{ for name, j in aws_glue_job.this : name => j.name }}");
  m.output("job_role_arns", "ARN of each source's job role.", "${{ for name, r in aws_iam_role.job : name => r.arn }}");
  m.output(
    "job_capacity",
    "Worker type, workers, timeout and retries of each job, as applied.",
    "${{ for name, j in aws_glue_job.this : name => { worker_type = j.worker_type, number_of_workers = j.number_of_workers, timeout = " +
      "j.timeout } }}",
  );
  m.output(
    "data_quality_rulesets",
    "DQDL ruleset per source that declares checks.",
    "${{ for name, r in aws_glue_data_quality_ruleset.this : name => r.ruleset }}",
  );
  m.output("security_configuration_name", "Name of the Glue security configuration.", security.name);
}

/**
 * The jobs' log groups, under the lake key and kept for log_retention_days: Glue 5.0 writes
 * <base>/output and <base>/error (--custom-logGroup-prefix), Glue 4.0 its continuous logs to
 * <base>/continuous (--continuous-log-logGroup). Returns <base>.
 */
function buildJobLogs(m: ModuleStack<typeof glueSchema, typeof wiring>, prefix: string, key: string, tags: Record<string, string>): string {
  const base = `/aws-glue/jobs/${prefix}`;
  new CloudwatchLogGroup(m, "aws_cloudwatch_log_group.jobs", {
    forEach: forEachOf('toset(["output", "error", "continuous"])'),
    name: `${base}/\${each.key}`,
    retentionInDays: m.num("log_retention_days"),
    kmsKeyId: key,
    tags,
  });
  return base;
}
