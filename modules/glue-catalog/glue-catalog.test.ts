import * as fs from "node:fs";
import * as path from "node:path";
import { glueCatalog } from ".";
import { problemsAfter, synthModule } from "../../testkit/helpers";
import { dqdlRules } from "./schema";

describe("glue-catalog module", () => {
  const tf = synthModule(glueCatalog as never);
  const r = tf.resource;

  it("creates a database per catalog zone, from the storage outputs", () => {
    expect(tf.locals.catalog_zones).toBe('${{ for zone, b in var.zone_bucket_names : zone => b if zone != "temp" }}');
    expect(r.aws_glue_catalog_database.this.for_each).toBe("${local.catalog_zones}");
    expect(r.aws_glue_catalog_database.this.location_uri).toBe("s3://${each.value}/");
  });

  it("creates the databases after the Lake Formation settings, whose default permissions they take", () => {
    expect(r.terraform_data.lake_formation_settings.input).toBe("${var.lake_formation_settings}");
    expect(r.aws_glue_catalog_database.this.depends_on).toEqual(["terraform_data.lake_formation_settings"]);
    expect(tf.variable.lake_formation_settings.default).toBeNull();
  });

  it("encrypts job output, logs and bookmarks, and the catalog itself, with the lake's key", () => {
    const enc = r.aws_glue_security_configuration.this.encryption_configuration;
    expect(enc.s3_encryption).toEqual({ s3_encryption_mode: "SSE-KMS", kms_key_arn: "${var.kms_key_arn}" });
    expect(enc.cloudwatch_encryption.cloudwatch_encryption_mode).toBe("SSE-KMS");
    expect(enc.job_bookmarks_encryption.job_bookmarks_encryption_mode).toBe("CSE-KMS");
    const catalog = r.aws_glue_data_catalog_encryption_settings.this.data_catalog_encryption_settings;
    expect(catalog.encryption_at_rest.catalog_encryption_mode).toBe("SSE-KMS");
    expect(catalog.connection_password_encryption.return_connection_password_encrypted).toBe(true);
  });

  it("crawls each batch source's raw prefix on its schedule, with the crawler policies from the inputs", () => {
    const c = r.aws_glue_crawler.this;
    expect(tf.locals.batch_sources).toBe('${{ for name, s in var.sources : name => s if s.ingestion == "batch" }}');
    expect(c.for_each).toBe("${local.batch_sources}");
    expect(c.schedule).toBe("${each.value.crawler_schedule}");
    expect(c.s3_target[0].path).toBe('s3://${var.zone_bucket_names["raw"]}/${each.key}/');
    expect(c.recrawl_policy.recrawl_behavior).toBe("${var.crawler.recrawl_behavior}");
    expect(c.schema_change_policy).toEqual({
      update_behavior: "${var.crawler.update_behavior}",
      delete_behavior: "${var.crawler.delete_behavior}",
    });
    expect(c.lake_formation_configuration.use_lake_formation_credentials).toBe("${var.crawler.use_lake_formation_credentials}");
    expect(c.security_configuration).toBe("${aws_glue_security_configuration.this.name}");
  });

  it("gives each XML source's crawler a classifier with the contract's row tag, and CSV crawlers the header classifier", () => {
    const xml = r.aws_glue_classifier.xml;
    expect(xml.for_each).toBe('${{ for name, s in local.batch_sources : name => s if s.format == "xml" }}');
    expect(xml.xml_classifier).toEqual({ classification: "xml", row_tag: "${each.value.contract.row_tag}" });
    expect(r.aws_glue_crawler.this.classifiers).toBe(
      '${concat(each.value.format == "csv" ? [aws_glue_classifier.csv.name] : [], [for k, x in aws_glue_classifier.xml : x.name if k ' +
        "== each.key])}",
    );
  });

  it("runs one bookmarked job per source, sized from the inputs", () => {
    const j = r.aws_glue_job.this;
    expect(j.for_each).toBe("${var.sources}");
    expect(j.number_of_workers).toBe("${var.number_of_workers}");
    expect(j.worker_type).toBe("${var.worker_type}");
    expect(j.timeout).toBe("${var.timeout_minutes}");
    // The pipeline retries transient errors; a Glue retry would re-run a failed Data Quality gate.
    expect(j.max_retries).toBe(0);
    expect(j.glue_version).toBe("${var.glue_version}");
    expect(j.default_arguments["--job-bookmark-option"]).toBe("job-bookmark-enable");
    expect(j.default_arguments["--processed_path"]).toBe('s3://${var.zone_bucket_names["processed"]}/${each.key}/');
    expect(j.role_arn).toBe("${aws_iam_role.job[each.key].arn}");
  });

  it("writes Parquet with Snappy and Hive partitions in the shipped script", () => {
    const script = fs.readFileSync(path.join(__dirname, "scripts", "raw_to_processed.py"), "utf8");
    expect(script).toContain('.write.mode("overwrite").partitionBy(*PARTITIONS).option("compression", "snappy").parquet(path)');
    expect(script).toContain('PARTITIONS = ["year", "month", "day", LOAD]');
    expect(script).toContain('transformation_ctx="raw"');
    expect(glueCatalog.files).toEqual({ "scripts/raw_to_processed.py": "modules/glue-catalog/scripts/raw_to_processed.py" });
  });

  it("builds DQDL rulesets from each source's declared checks", () => {
    expect(tf.locals.dq_rules).toContain('IsComplete \\"${c}\\"');
    expect(tf.locals.dq_rules).toContain('IsUnique \\"${c}\\"');
    expect(tf.locals.dq_rules).toContain("RowCount >= ${s.quality.min_row_count}");
    expect(r.aws_glue_data_quality_ruleset.this.ruleset).toBe('Rules = [ ${join(", ", each.value)} ]');
  });

  it("scopes each job role to its own source's prefixes, with no wildcard actions", () => {
    const doc = tf.data.aws_iam_policy_document.job;
    expect(doc.for_each).toBe("${var.sources}");
    const read = doc.statement.find((s: { sid: string }) => s.sid === "ReadRawSource");
    expect(read.resources).toEqual(['arn:aws:s3:::${var.zone_bucket_names["raw"]}/${each.key}/*']);
    for (const d of [doc, tf.data.aws_iam_policy_document.crawler_access]) {
      for (const s of d.statement) expect(s.actions.filter((a: string) => a.includes("*"))).toEqual([]);
    }
  });

  describe("validation", () => {
    it("accepts CRAWL_NEW_FOLDERS_ONLY only with LOG/LOG", () => {
      expect(problemsAfter((v) => (v.glue.crawler.update_behavior = "UPDATE_IN_DATABASE"))).toEqual([
        "glue.crawler.recrawl_behavior: AWS accepts CRAWL_NEW_FOLDERS_ONLY only with update_behavior and delete_behavior both LOG.",
      ]);
      expect(
        problemsAfter((v) => {
          v.glue.crawler.update_behavior = "UPDATE_IN_DATABASE";
          v.glue.crawler.recrawl_behavior = "CRAWL_EVERYTHING";
        }),
      ).toEqual([]);
    });

    it("reports source problems at the source's key path", () => {
      expect(problemsAfter((v) => (v.sources["source-system-a"].stream = { mode: "ON_DEMAND" }))).toEqual([
        "sources.source-system-a.stream: stream sources need stream settings, and batch sources must not have them.",
      ]);
      expect(problemsAfter((v) => (v.sources["source-system-a"].quality.ranges = [{ column: "revenue", min: 5, max: 1 }]))).toEqual([
        "sources.source-system-a.quality.ranges: each range needs min or max, and min must not exceed max.",
      ]);
    });
  });

  it("holds declared columns to distinct names, none the jobs add, and covering every column the contract and checks name", () => {
    const src = "source-system-a";
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tfvars as parsed
    const columns = (extra: object[]) => (v: Record<string, any>) =>
      (v.sources[src].contract.columns = [...v.sources[src].contract.columns, ...extra]);
    expect(problemsAfter(columns([{ name: "id", type: "string" }]))).toEqual([
      `sources.${src}.contract.columns: declared column names must be distinct, and none of source_file, year, month, day, load_end, ` +
        `quarantine_reason (the jobs add those).`,
    ]);
    expect(problemsAfter(columns([{ name: "load_end", type: "string" }]))).toHaveLength(1);
    expect(problemsAfter((v) => (v.sources[src].quality.not_null = ["id", "shipped_at"]))).toEqual([
      `sources.${src}.contract.key: with contract.columns declared, the key, the ordering_column and every column the quality checks ` +
        `name must be declared.`,
    ]);
    expect(problemsAfter(columns([{ name: "amount", type: "decimal(40,2)" }]))[0]).toMatch(
      /contract\.columns\[4\]\.type: must be one of string, .*decimal\(p,s\)/,
    );
  });

  it("writes a range with both ends as two DQDL rules, both ends included: DQDL's between excludes them", () => {
    const quality = { not_null: [], unique: [], ranges: [{ column: "revenue", min: 0, max: 10 }], min_row_count: null, not_future: [] };
    expect(dqdlRules(quality)).toEqual(['ColumnValues "revenue" >= 0', 'ColumnValues "revenue" <= 10']);
  });

  it("reports contract problems at the source's key path, naming the source", () => {
    const src = "source-system-a";
    expect(problemsAfter((v) => (v.sources[src].contract = { load: "upsert", key: [] }))).toEqual([
      `sources.${src}.contract.key: upsert sources need contract.key and contract.ordering_column.`,
    ]);
    expect(problemsAfter((v) => (v.sources[src].quality.not_null = ["order_date"]))).toEqual([
      `sources.${src}.quality.not_null: an upsert source's key columns must be in quality.not_null.`,
    ]);
    expect(problemsAfter((v) => (v.sources[src].format = "xml"))).toEqual([
      `sources.${src}.contract.row_tag: xml sources need contract.row_tag, the element that holds one record; other formats must not ` +
        `set it.`,
    ]);
    expect(problemsAfter((v) => (v.sources["api-integrations"].format = "csv"))).toEqual([
      "sources.api-integrations.format: stream sources are json: Firehose delivers newline-delimited records.",
    ]);
  });
});
