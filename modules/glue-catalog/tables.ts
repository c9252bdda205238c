/**
 * The processed and curated tables of every source whose contract declares its columns: Terraform
 * creates them, so Lake Formation grants and analysts see them at apply, before the first run, and a
 * new column evolves them in place. The jobs add the partitions.
 */
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { GlueCatalogTable } from "@cdktf/provider-aws/lib/glue-catalog-table";
import { TerraformLocal } from "cdktf";
import { addDynamicBlock, forEachOf } from "../../lib/iterate";
import type { ModuleStack } from "../../lib/module";
import type { glueSchema } from "./schema";
import type { wiring } from "./wiring";

type Glue = ModuleStack<typeof glueSchema, typeof wiring>;

/** The metric the jobs' `load_conformed` log lines feed: quarantined rows, per job. */
export const QUARANTINE_METRIC = { namespace: "lakegen", name: "QuarantinedRows", dimension: "JobName" };

const PARQUET = {
  inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
  outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
  serDeInfo: {
    serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    parameters: { "serialization.format": "1" },
  },
};
const ZONE_PARTITIONS = { processed: ["year", "month", "day", "load_end"], curated: ["year", "month", "day"] };

export function buildTables(m: Glue, db: (zone: string) => string, bucket: (zone: string) => string): void {
  new TerraformLocal(m, "declared_sources", "${{ for name, s in var.sources : name => s if length(s.contract.columns) > 0 }}");
  const over = { processed: "local.declared_sources", curated: "{ for name, s in local.declared_sources : name => s if !s.raw_only }" };
  for (const zone of ["processed", "curated"] as const) {
    const table = new GlueCatalogTable(m, `aws_glue_catalog_table.${zone}`, {
      forEach: forEachOf(over[zone]),
      name: '${replace(each.key, "-", "_")}',
      databaseName: db(zone),
      description: `\${each.key} in the ${zone} zone, declared by its contract.`,
      tableType: "EXTERNAL_TABLE",
      parameters: { classification: "parquet", EXTERNAL: "TRUE", "parquet.compression": "SNAPPY" },
      storageDescriptor: { location: `s3://${bucket(zone)}/\${each.key}/`, ...PARQUET },
      partitionKeys: ZONE_PARTITIONS[zone].map((name) => ({ name, type: "string" })),
    });
    // Processed keeps each row's raw file, which tells a re-sent record from a new one.
    const columns =
      zone === "processed"
        ? 'concat(each.value.contract.columns, [{ name = "source_file", type = "string", comment = "The raw file of the row." }])'
        : "each.value.contract.columns";
    addDynamicBlock(table, "storage_descriptor", "columns", columns, {
      name: "${columns.value.name}",
      type: "${columns.value.type}",
      comment: "${columns.value.comment}",
    });
  }
  m.output(
    "processed_table_names",
    "Processed table of each source that declares its columns.",
    "${{ for name, t in aws_glue_catalog_table.processed : name => t.name }}",
  );
  m.output(
    "curated_table_names",
    "Curated table of each curated source that declares its columns.",
    "${{ for name, t in aws_glue_catalog_table.curated : name => t.name }}",
  );
}

/**
 * QuarantinedRows per job, from each job's `load_conformed` line in its driver log: Glue 5.0 writes it
 * to <logs>/output, Glue 4.0's continuous logging to <logs>/continuous.
 */
export function buildQuarantineMetric(m: Glue): void {
  new CloudwatchLogMetricFilter(m, "quarantined_rows", {
    name: `${m.str("name_prefix")}-quarantined-rows`,
    logGroupName: `\${aws_cloudwatch_log_group.jobs[${m.expr("glue_version")} == "5.0" ? "output" : "continuous"].name}`,
    pattern: '{ $.lakegen_event = "load_conformed" && $.quarantined_rows > 0 }',
    metricTransformation: {
      namespace: QUARANTINE_METRIC.namespace,
      name: QUARANTINE_METRIC.name,
      value: "$.quarantined_rows",
      unit: "Count",
      dimensions: { [QUARANTINE_METRIC.dimension]: "$.job" },
    },
  });
  m.output(
    "quarantine_metric",
    "The metric of quarantined rows, per job (dimension JobName).",
    `\${{ namespace = "${QUARANTINE_METRIC.namespace}", name = "${QUARANTINE_METRIC.name}", dimension = ` +
      `"${QUARANTINE_METRIC.dimension}" }}`,
  );
}
