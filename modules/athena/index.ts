import { AthenaWorkgroup } from "@cdktf/provider-aws/lib/athena-workgroup";
import { TerraformLocal } from "cdktf";
import { forEachOf } from "../../lib/iterate";
import { analystNameHcl } from "../../lib/names";
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
whose lifecycle expires them.

## One workgroup per analyst role

Query results are plain S3 objects, outside Lake Formation. Each role of \`analyst_roles\` gets a
workgroup of its own (\`<name_prefix>-<role name>\`), writing under \`athena-results/analysts/<role name>/\`,
and lake-formation's analyst policies allow each role its own workgroup and prefix only. The
environment's workgroup stays for the platform team.`,
  keySettings: (a) => `scan cutoff ${(a.bytes_scanned_cutoff_per_query / 1024 ** 3).toFixed(0)} GiB per query; ${a.engine_version}`,
  schema: athenaSchema,
  rules: [],
  wiring,
  context: ["name_prefix", "tags"],
  outputContract: [
    {
      condition: "output.bytes_scanned_cutoff_per_query == var.bytes_scanned_cutoff_per_query",
      message: "the scan cutoff is not the input's",
    },
    {
      condition: 'output.results_location == "s3://${var.results_bucket_name}/athena-results/"',
      message: "results are not written to the results bucket",
    },
  ],
  wires,
  example,
  build: buildAthena,
});

function buildAthena(m: ModuleStack<typeof athenaSchema, typeof wiring>): void {
  const configuration = (outputLocation: string) => ({
    enforceWorkgroupConfiguration: m.bool("enforce_workgroup_configuration"),
    publishCloudwatchMetricsEnabled: m.bool("publish_cloudwatch_metrics"),
    bytesScannedCutoffPerQuery: m.num("bytes_scanned_cutoff_per_query"),
    engineVersion: { selectedEngineVersion: m.str("engine_version") },
    resultConfiguration: {
      outputLocation,
      encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: m.str("kms_key_arn") },
    },
  });
  const wg = new AthenaWorkgroup(m, "aws_athena_workgroup.this", {
    name: m.str("name_prefix"),
    description: `Queries on the ${m.str("name_prefix")} data lake.`,
    state: "ENABLED",
    configuration: configuration(`s3://${m.str("results_bucket_name")}/athena-results/`),
    tags: m.map("tags"),
  });

  // Each analyst role's own workgroup and results prefix: results are outside Lake Formation, so a
  // shared prefix would let every analyst read every other's results, admins' queries on raw included.
  new TerraformLocal(m, "analysts", `\${{ for arn in var.analyst_roles : arn => ${analystNameHcl("arn")} }}`);
  const analysts = forEachOf("local.analysts");
  new AthenaWorkgroup(m, "aws_athena_workgroup.analyst", {
    forEach: analysts,
    name: `${m.str("name_prefix")}-\${each.value}`,
    description: "Queries of one analyst role; its results are its own.",
    state: "ENABLED",
    configuration: configuration(`s3://${m.str("results_bucket_name")}/athena-results/analysts/\${each.value}/`),
    tags: m.map("tags"),
  });

  m.output("workgroup_name", "Name of the workgroup.", wg.name);
  m.output("workgroup_arn", "ARN of the workgroup.", wg.arn);
  m.output(
    "bytes_scanned_cutoff_per_query",
    "Scan cutoff per query, as applied.",
    "${aws_athena_workgroup.this.configuration[0].bytes_scanned_cutoff_per_query}",
  );
  m.output("results_location", "Where query results are written.", `s3://${m.str("results_bucket_name")}/athena-results/`);
  m.output(
    "analyst_workgroups",
    "Each analyst role's workgroup: its name, ARN and results location.",
    "${{ for arn, name in local.analysts : arn => { name = aws_athena_workgroup.analyst[arn].name, arn = " +
      "aws_athena_workgroup.analyst[arn].arn, results_location = " +
      "aws_athena_workgroup.analyst[arn].configuration[0].result_configuration[0].output_location } }}",
  );
}
