/**
 * What ships beside each module, in the registry's standard structure:
 * `examples/basic` (required inputs only), `examples/complete` (every input),
 * and the tests a consumer runs with `terraform test` in the module folder:
 * `tests/module.tftest.hcl` plans and applies the complete inputs against a
 * mocked provider, asserts every output, and breaks each rule once;
 * `tests/examples.tftest.hcl` plans each example with the real provider.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findCounterexamples } from "./counterexamples";
import { projectRoot } from "./paths";
import { parseTfvars } from "./tfvars";
import { AWS_PROVIDER_RANGE, type ModuleStack, moduleContextSchema, TERRAFORM_VERSION } from "./module";

type Inputs = Record<string, unknown>;

/** A fixture of the examples, in tfvars form, by path from the project root (`modules/<name>/example.tfvars`). */
export function exampleFixture(file: string): Inputs {
  return parseTfvars(fs.readFileSync(path.join(projectRoot(), file), "utf8"), file);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An HCL value, objects one attribute a line; `${` and `%{` escaped so strings stay literal. */
export function hclValue(v: unknown, indent = ""): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v).replace(/([$%])\{/g, "$1$1{");
  if (typeof v !== "object") return JSON.stringify(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    const items = v.map((x) => hclValue(x, inner));
    const flat = `[${items.join(", ")}]`;
    return flat.length <= 80 && !flat.includes("\n") ? flat : `[\n${items.map((x) => `${inner}${x},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(v as Inputs);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([k, x]) => `${inner}${IDENT.test(k) ? k : JSON.stringify(k)} = ${hclValue(x, inner)}`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

const attributes = (inputs: Inputs, indent: string) =>
  Object.entries(inputs)
    .map(([k, v]) => `${indent}${k} = ${hclValue(v, indent)}`)
    .join("\n");

const VERSIONS = `terraform {
  required_version = "${TERRAFORM_VERSION}"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "${AWS_PROVIDER_RANGE}"
    }
  }
}
`;

export interface ExampleInputs {
  /** Every input: the context, the wiring and the module's own, from the module's fixture. */
  inputs: Inputs;
  region: string;
}

function example(stack: ModuleStack, kind: "basic" | "complete", inputs: Inputs, region: string): Record<string, string> {
  const name = stack.definition.name;
  const block = name.replace(/-/g, "_");
  const what = kind === "basic" ? "only the required inputs; every other input keeps its default" : "every input the module takes";
  return {
    "main.tf": `provider "aws" {
  region = "${region}"
}

module "${block}" {
  source = "../.."

${attributes(inputs, "  ")}
}
`,
    "versions.tf": VERSIONS,
    "outputs.tf": `output "${block}" {
  description = "Every output of the module."
  value       = module.${block}
}
`,
    "README.md": `# ${name}: ${kind} example

Sets ${what}. The values that would come from other lakegen modules (bucket names, ARNs) are
written out, as a platform team's own root would pass them.

\`\`\`sh
terraform init
terraform plan
\`\`\`
`,
  };
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "")
    .slice(0, 48);
}

/** ARNs the mocked provider gives, where other resources check that an argument is an ARN. */
const MOCK_ARNS: Record<string, string> = {
  aws_iam_role: "arn:aws:iam::111122223333:role/mock",
  aws_kms_key: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  aws_sns_topic: "arn:aws:sns:eu-west-1:111122223333:mock",
  aws_sfn_state_machine: "arn:aws:states:eu-west-1:111122223333:stateMachine:mock",
  aws_cloudwatch_log_group: "arn:aws:logs:eu-west-1:111122223333:log-group:mock",
  aws_kinesis_stream: "arn:aws:kinesis:eu-west-1:111122223333:stream/mock",
  aws_kinesis_firehose_delivery_stream: "arn:aws:firehose:eu-west-1:111122223333:deliverystream/mock",
  aws_emrserverless_application: "arn:aws:emr-serverless:eu-west-1:111122223333:/applications/mock",
  aws_s3_bucket: "arn:aws:s3:::mock",
  aws_glue_job: "arn:aws:glue:eu-west-1:111122223333:job/mock",
  aws_glue_crawler: "arn:aws:glue:eu-west-1:111122223333:crawler/mock",
  aws_glue_catalog_database: "arn:aws:glue:eu-west-1:111122223333:database/mock",
  aws_cloudwatch_event_rule: "arn:aws:events:eu-west-1:111122223333:rule/mock",
  aws_athena_workgroup: "arn:aws:athena:eu-west-1:111122223333:workgroup/mock",
  aws_ssm_parameter: "arn:aws:ssm:eu-west-1:111122223333:parameter/mock",
};

function mockProvider(resourceTypes: string[], dataTypes: string[], region: string): string {
  const resources = resourceTypes
    .filter((t) => MOCK_ARNS[t])
    .map((t) => `  mock_resource "${t}" {\n    defaults = {\n      arn = "${MOCK_ARNS[t]}"\n    }\n  }`);
  // The region as the provider reads it, so the ARNs built from it can be checked.
  const regionMock = dataTypes.includes("aws_region")
    ? [`  mock_data "aws_region" {\n    defaults = {\n      id   = "${region}"\n      name = "${region}"\n    }\n  }`]
    : [];
  return `# Policy documents render as valid JSON and ARNs as ARNs, which the provider checks; other values are generated.
mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}"
    }
  }
${[...regionMock, ...resources].map((r) => `\n${r}\n`).join("")}}
`;
}

// "*", or an ARN whose partition, service, region and account are well formed (what LG-IAM-009 checks in a plan).
const ARN_PATTERN = "^arn:aws(-[a-z]+)*:[a-z0-9-]+:([a-z]{2}(-[a-z]+)+-[0-9]+|\\\\*)?:([0-9]{12}|\\\\*|aws)?:[^\\\\s]+$";

/** One assertion per policy document the module builds: every statement names "*" or well-formed ARNs. */
function policyArnAsserts(documents: Record<string, { for_each?: unknown; count?: unknown }>): { condition: string; message: string }[] {
  return Object.entries(documents).map(([name, doc]) => {
    const ref = `data.aws_iam_policy_document.${name}`;
    const docs = doc.for_each !== undefined ? `values(${ref})` : doc.count !== undefined ? ref : `[${ref}]`;
    const arns = "concat(s.resources == null ? [] : tolist(s.resources), s.not_resources == null ? [] : tolist(s.not_resources))";
    return {
      condition:
        `alltrue([for d in ${docs} : alltrue([for s in d.statement : alltrue([for r in ${arns} : r == "*" || ` +
        `can(regex("${ARN_PATTERN}", r))])])])`,
      message: `a statement of ${ref} names a resource that is neither "*" nor a well-formed ARN`,
    };
  });
}

/**
 * Each example planned as a consumer's root, with the real provider (its plan-time checks, the policy documents
 * it renders), and no call to AWS.
 */
function examplesTest(region: string): string {
  const runs = (["basic", "complete"] as const).map(
    (kind) => `run "example_${kind}_plan" {\n  command = plan\n\n  module {\n    source = "./examples/${kind}"\n  }\n}\n`,
  );
  return `# Generated by lakegen: each example planned as a consumer's root, with the real provider. It calls no AWS API
# (the skip settings below), but the provider still reads credentials: any will do, e.g. AWS_ACCESS_KEY_ID=x.
provider "aws" {
  region                      = "${region}"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
${runs.map((r) => `\n${r}`).join("")}`;
}

type Definition = ModuleStack["definition"];
const searched = new WeakMap<Definition, Map<string, ReturnType<typeof findCounterexamples>>>();

/** The search costs about a second a module: a process that synthesizes again (a release, a test) reuses it. */
function counterexamplesOf(def: Definition, inputs: Inputs): ReturnType<typeof findCounterexamples> {
  const byInputs = searched.get(def) ?? new Map<string, ReturnType<typeof findCounterexamples>>();
  searched.set(def, byInputs);
  const key = JSON.stringify(inputs);
  const cached = byInputs.get(key);
  if (cached) return cached;
  const schema = moduleContextSchema(def).extend(def.wiring.shape).extend(def.schema.shape);
  const result = findCounterexamples(def.rules, inputs, schema);
  byInputs.set(key, result);
  return result;
}

function moduleTest(
  stack: ModuleStack,
  inputs: Inputs,
  outputNames: string[],
  resourceTypes: string[],
  data: Record<string, Record<string, { for_each?: unknown; count?: unknown }>>,
  region: string,
): { text: string; missing: string[] } {
  const def = stack.definition;
  const { found, missing } = counterexamplesOf(def, inputs);
  const assert = (condition: string, message: string) =>
    `  assert {\n    condition     = ${condition}\n    error_message = ${JSON.stringify(message)}\n  }`;
  const asserts = [
    ...outputNames.map((o) => assert(`output.${o} != null`, `output ${o} is null`)),
    ...(def.outputContract ?? []).map((c) => assert(c.condition, c.message)),
    ...policyArnAsserts(data.aws_iam_policy_document ?? {}).map((c) => assert(c.condition, c.message)),
  ].join("\n\n");
  const runs = found.map(
    (c, i) => `# ${c.rule.path}: ${c.rule.message}
run "rule_${i + 1}_${slug(c.rule.path)}" {
  command = plan

  variables {
${attributes(c.variables, "    ")}
  }

  expect_failures = [var.${c.variable}]
}`,
  );
  const gaps = missing.map((r) => `# No failing case was found for ${r.path}: ${r.message}\n`).join("");
  const text = `# Generated by lakegen: the module's own contract, against a mocked provider.
# Run it in the module folder: terraform init && terraform test
${gaps}
${mockProvider(resourceTypes, Object.keys(data), region)}
variables {
${attributes(inputs, "  ")}
}

run "complete_inputs_plan" {
  command = plan
}

run "outputs_after_apply" {
  command = apply

${asserts}
}
${runs.map((r) => `\n${r}\n`).join("")}`;
  return { text, missing: missing.map((r) => `${r.path}: ${r.message}`) };
}

/** The example and test files of one module, by path in the module; `missing` lists rules with no failing case. */
export function moduleExtras(
  stack: ModuleStack,
  inputs: ExampleInputs,
  config: { output?: object; resource?: object; data?: Record<string, Record<string, { for_each?: unknown; count?: unknown }>> },
): { files: Record<string, string>; missing: string[] } {
  const required = new Set(stack.variables.filter((v) => v.required).map((v) => v.name));
  const basic = Object.fromEntries(Object.entries(inputs.inputs).filter(([k]) => required.has(k)));
  const files: Record<string, string> = {};
  for (const [kind, values] of [
    ["basic", basic],
    ["complete", inputs.inputs],
  ] as const) {
    for (const [file, text] of Object.entries(example(stack, kind, values, inputs.region))) files[`examples/${kind}/${file}`] = text;
  }
  const test = moduleTest(
    stack,
    inputs.inputs,
    Object.keys(config.output ?? {}),
    Object.keys(config.resource ?? {}),
    config.data ?? {},
    inputs.region,
  );
  files["tests/module.tftest.hcl"] = test.text;
  files["tests/examples.tftest.hcl"] = examplesTest(inputs.region);
  return { files, missing: test.missing };
}
