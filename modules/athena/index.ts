import { AthenaWorkgroup } from "@cdktf/provider-aws/lib/athena-workgroup";
import { defineModule, type ModuleStack } from "../../lib/module";
import { athenaSchema } from "./schema";
import { example } from "./example";
import { wires, wiring } from "./wiring";


export const athena = defineModule({
  name: "athena",
  tfvarsKey: "athena",
  summary:
    "An Athena workgroup for the environment: enforced configuration, query results in the lake's temp " +
    "zone encrypted with the lake's key, a per-query scan cutoff, a pinned engine version and CloudWatch metrics.",
  notes: `## Cost control

\`bytes_scanned_cutoff_per_query\` cancels any query that would scan more; with the enforced
configuration, clients cannot turn it off. Results land under \`athena-results/\` in the temp zone,
whose lifecycle expires them.`,
  keySettings: (a) =>
    `scan cutoff ${(a.bytes_scanned_cutoff_per_query / 1024 ** 3).toFixed(0)} GiB per query; ${a.engine_version}`,
  schema: athenaSchema,
  rules: [],
  wiring,
  context: ["name_prefix", "tags"],
  outputContract: [
    { condition: "output.bytes_scanned_cutoff_per_query == var.bytes_scanned_cutoff_per_query", message: "the scan cutoff is not the input's" },
    { condition: 'output.results_location == "s3://${var.results_bucket_name}/athena-results/"', message: "results are not written to the results bucket" },
  ],
  wires,
  example,
  build: buildAthena,
});

function buildAthena(m: ModuleStack<typeof athenaSchema, typeof wiring>): void {
  const wg = new AthenaWorkgroup(m, "workgroup", {
    name: m.str("name_prefix"),
    description: `Queries on the ${m.str("name_prefix")} data lake.`,
    state: "ENABLED",
    configuration: {
      enforceWorkgroupConfiguration: m.any("enforce_workgroup_configuration"),
      publishCloudwatchMetricsEnabled: m.any("publish_cloudwatch_metrics"),
      bytesScannedCutoffPerQuery: m.num("bytes_scanned_cutoff_per_query"),
      engineVersion: { selectedEngineVersion: m.str("engine_version") },
      resultConfiguration: {
        outputLocation: `s3://${m.str("results_bucket_name")}/athena-results/`,
        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: m.str("kms_key_arn") },
      },
    },
    tags: m.any("tags"),
  });
  wg.overrideLogicalId("this");

  m.output("workgroup_name", "Name of the workgroup.", wg.name);
  m.output("workgroup_arn", "ARN of the workgroup.", wg.arn);
  m.output("bytes_scanned_cutoff_per_query", "Scan cutoff per query, as applied.", "${aws_athena_workgroup.this.configuration[0].bytes_scanned_cutoff_per_query}");
  m.output("results_location", "Where query results are written.", `s3://${m.str("results_bucket_name")}/athena-results/`);
}
