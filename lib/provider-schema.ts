/**
 * The AWS provider's schema, as `terraform providers schema -json` gives it for the
 * version lakegen pins: what the generated block tree (lib/hcl) and the plan's
 * attribute types (policy/aws-values.ts) are read from.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir, terraform } from "./terraform";

export const AWS_PROVIDER_VERSION = "5.100.0";

/** A schema attribute's type: a primitive name, or a [kind, element] pair. */
export type SchemaType = string | [string, SchemaType | Record<string, SchemaType>];

export interface SchemaBlock {
  attributes?: Record<string, { type?: SchemaType; required?: boolean; optional?: boolean; computed?: boolean }>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock }>;
}

export interface AwsProviderSchema {
  provider: { block: SchemaBlock };
  resource_schemas: Record<string, { block: SchemaBlock }>;
  data_source_schemas: Record<string, { block: SchemaBlock }>;
}

/** Initializes a scratch root with the pinned provider (TF_CLI_CONFIG_FILE names the mirror) and reads its schema. */
export function readAwsProviderSchema(): AwsProviderSchema {
  const dir = makeTempDir("schema");
  try {
    fs.writeFileSync(
      path.join(dir, "main.tf"),
      `terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "${AWS_PROVIDER_VERSION}" }\n  }\n}\n`,
    );
    terraform(["init", "-backend=false"], { cwd: dir });
    const schema = JSON.parse(terraform(["providers", "schema", "-json"], { cwd: dir }).stdout);
    return schema.provider_schemas["registry.terraform.io/hashicorp/aws"];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
