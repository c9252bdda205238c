/**
 * Regenerates aws-provider-blocks.json from `terraform providers schema -json`:
 * for each resource and data source type lakegen may emit, the tree of its nested
 * block types. Run with `npm run generate:provider-blocks` (uses TF_CLI_CONFIG_FILE
 * for the provider mirror).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type AwsProviderSchema, readAwsProviderSchema, type SchemaBlock } from "../provider-schema";
import type { BlockTree } from "./render";

/** Services whose resource types lakegen's modules may use. */
export const SERVICE_PREFIXES = [
  "aws_athena_",
  "aws_budgets_",
  "aws_cloudwatch_",
  "aws_emrserverless_",
  "aws_glue_",
  "aws_iam_",
  "aws_kinesis_",
  "aws_kms_",
  "aws_lakeformation_",
  "aws_lambda_",
  "aws_partition",
  "aws_region",
  "aws_s3_bucket",
  "aws_s3_object",
  "aws_scheduler_",
  "aws_sfn_",
  "aws_sns_",
  "aws_ssm_",
];

function tree(block: SchemaBlock): BlockTree {
  const out: BlockTree = {};
  for (const [name, nested] of Object.entries(block.block_types ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    out[name] = tree(nested.block);
  }
  return out;
}

function select(schemas: Record<string, { block: SchemaBlock }>): Record<string, BlockTree> {
  const out: Record<string, BlockTree> = {};
  for (const type of Object.keys(schemas).sort()) {
    if (SERVICE_PREFIXES.some((p) => type.startsWith(p))) out[type] = tree(schemas[type].block);
  }
  return out;
}

export function generateProviderBlocks(aws: AwsProviderSchema = readAwsProviderSchema()): string {
  const out = {
    provider: tree(aws.provider.block),
    resource: select(aws.resource_schemas),
    data: select(aws.data_source_schemas),
  };
  return JSON.stringify(out, null, 1) + "\n";
}

if (require.main === module) {
  const target = process.argv[2] ?? path.join("lib", "hcl", "aws-provider-blocks.json");
  fs.writeFileSync(target, generateProviderBlocks());
  console.error(`wrote ${target}`);
}
