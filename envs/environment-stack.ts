/**
 * The root configuration of one environment: the provider, the S3 backend,
 * the variables its tfvars fill, and one module block per registered module,
 * wired to each other's outputs.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Backend, TerraformHclModule, TerraformOutput, Token } from "cdktf";
import type { Construct } from "constructs";
import { environmentFields, type EnvironmentConfig, prefixRule } from "../config/config";
import { AddressedStack } from "../lib/addressed-stack";
import { GENERATOR_OUTPUT } from "../lib/generator-marker";
import { ROOT_AWS_PROVIDER_RANGE } from "../lib/provider-lock";
import { DEFAULT_TAGS_HCL } from "../lib/tags";
import { type ContextInput, declareVariables, type ModuleDefinition, type ModuleStack, TERRAFORM_VERSION, type Wire } from "../lib/module";
import { hclType, toJsonSchema, variableSpecs } from "../lib/terraform-schema";
import { MODULES } from "../modules";

/** HCL name of a module block: `data-lake-storage` becomes `data_lake_storage`. */
export const moduleBlockName = (def: ModuleDefinition): string => def.name.replace(/-/g, "_");

/**
 * The HCL expression of each wiring input of a module, from its wires. A wire that names
 * a module or an output that does not exist fails here, naming the module and the input.
 */
export function wiringExpressions(def: ModuleDefinition, modules: ModuleStack[]): Record<string, string> {
  const out: Record<string, string> = {};
  const problems: string[] = [];
  const wires = def.wires as Record<string, Wire | undefined>;
  for (const input of Object.keys(def.wiring.shape)) {
    const wire = wires[input];
    if (!wire) {
      problems.push(`input "${input}" has no wire`);
      continue;
    }
    if ("tfvars" in wire) {
      out[input] = `var.${wire.tfvars}`;
      continue;
    }
    const source = modules.find((m) => m.definition.name === wire.module);
    if (!source) problems.push(`input "${input}" names module "${wire.module}", which is not registered`);
    else if (!source.outputNames.has(wire.output)) {
      problems.push(
        `input "${input}" names output "${wire.output}" of ${wire.module}, which has none such (it has ` +
          `${[...source.outputNames].join(", ")})`,
      );
    } else {
      const reference = `module.${moduleBlockName(source.definition)}.${wire.output}`;
      out[input] = wire.select ? wire.select(reference) : reference;
    }
  }
  for (const input of Object.keys(wires)) if (!(input in def.wiring.shape)) problems.push(`wire "${input}" is not an input of the module`);
  if (problems.length) throw new Error(`synth: module ${def.name}: ${problems.join("; ")}`);
  return out;
}

export class EnvironmentStack extends AddressedStack {
  constructor(scope: Construct, name: string, config: EnvironmentConfig, modules: ModuleStack[]) {
    super(scope, `env-${name}`);

    declareVariables(this, variableSpecs(environmentFields, [prefixRule]));
    // Module objects are checked by the modules' own validations; here they only need a type.
    declareVariables(
      this,
      MODULES.map((def) => ({
        name: def.tfvarsKey,
        description: `Inputs of the ${def.name} module; see its README.`,
        type: hclType(toJsonSchema(def.schema), true),
        inlineType: hclType(toJsonSchema(def.schema)),
        required: true,
        validations: [],
        fields: [],
      })),
    );

    new AwsProvider(this, "aws", {
      region: "${var.region}",
      // Rendered only when the tfvars name a role, like the backend: re-run synth after changing it.
      ...(config.assume_role_arn ? { assumeRole: [{ roleArn: "${var.assume_role_arn}", sessionName: "lakegen-${var.environment}" }] } : {}),
      allowedAccountIds: ["${var.account_id}"],
      defaultTags: [
        {
          tags: Token.asStringMap(`\${${DEFAULT_TAGS_HCL}}`),
        },
      ],
    });

    // Backends cannot read variables, so the state location is rendered from the tfvars at synth time.
    new S3Backend(this, {
      bucket: config.backend.bucket,
      key: `${config.project}/${config.environment}/terraform.tfstate`,
      region: config.backend.region ?? config.region,
      encrypt: true,
    });
    this.addOverride("terraform.backend.s3.use_lockfile", true);
    if (config.backend.role_arn) this.addOverride("terraform.backend.s3.assume_role", { role_arn: config.backend.role_arn });
    if (config.backend.kms_key_id) this.addOverride("terraform.backend.s3.kms_key_id", config.backend.kms_key_id);
    this.addOverride("terraform.required_version", TERRAFORM_VERSION);
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: ROOT_AWS_PROVIDER_RANGE });

    // Each context input from the root's own variables.
    const context: Record<ContextInput, string> = {
      name_prefix: "${var.project}-${var.environment}",
      environment: "${var.environment}",
      account_id: "${var.account_id}",
      tags: "${var.tags}",
      iam: "${var.iam}",
    };
    for (const def of MODULES) {
      const wiring = wiringExpressions(def, modules);
      const variables: Record<string, string> = Object.fromEntries(def.context.map((k) => [k, context[k]]));
      for (const [k, expr] of Object.entries(wiring)) variables[k] = `\${${expr}}`;
      for (const k of Object.keys(def.schema.shape)) variables[k] = `\${var.${def.tfvarsKey}.${k}}`;
      new TerraformHclModule(this, moduleBlockName(def), {
        source: `../../modules/${def.name}`,
        skipAssetCreationFromLocalModules: true,
        variables,
      });
      new TerraformOutput(this, `output.${moduleBlockName(def)}`, {
        value: `\${module.${moduleBlockName(def)}}`,
        description: `Outputs of the ${def.name} module.`,
      });
    }
    new TerraformOutput(this, `output.${GENERATOR_OUTPUT}`, {
      value: "lakegen",
      description: "Marks a root lakegen generated: lakegen check applies its house rules (LG-LAKEGEN-*) here.",
    });
    this.checkAddresses();
  }
}
