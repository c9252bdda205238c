/**
 * Regenerates aws-provider-blocks.json from `terraform providers schema -json`:
 * for each resource and data source type lakegen may emit, the tree of its nested
 * block types. Run with `npm run generate:provider-blocks` (uses TF_CLI_CONFIG_FILE
 * for the provider mirror).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir, terraform } from "../terraform";
import type { BlockTree } from "./render";

export const AWS_PROVIDER_VERSION = "5.100.0";

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

interface SchemaBlock {
  block_types?: Record<string, { block: SchemaBlock }>;
}

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

export function generateProviderBlocks(): string {
  const dir = makeTempDir("schema");
  try {
    fs.writeFileSync(
      path.join(dir, "main.tf"),
      `terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "${AWS_PROVIDER_VERSION}" }\n  }\n}\n`,
    );
    terraform(["init", "-backend=false"], { cwd: dir });
    const schema = JSON.parse(terraform(["providers", "schema", "-json"], { cwd: dir }).stdout);
    const aws = schema.provider_schemas["registry.terraform.io/hashicorp/aws"];
    const out = {
      provider: tree(aws.provider.block),
      resource: select(aws.resource_schemas),
      data: select(aws.data_source_schemas),
    };
    return JSON.stringify(out, null, 1) + "\n";
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const target = process.argv[2] ?? path.join("lib", "hcl", "aws-provider-blocks.json");
  fs.writeFileSync(target, generateProviderBlocks());
  console.error(`wrote ${target}`);
}
