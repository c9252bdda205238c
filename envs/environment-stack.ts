/**
 * The root configuration of one environment: the provider, the S3 backend,
 * the variables its tfvars fill, and one module block per registered module,
 * wired to each other's outputs.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Backend, TerraformHclModule, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { environmentFields, type EnvironmentConfig, prefixRule } from "../config/config";
import { GENERATOR_OUTPUT } from "../lib/generator-marker";
import { AWS_PROVIDER_RANGE, type ContextInput, declareVariables, type ModuleDefinition, TERRAFORM_VERSION } from "../lib/module";
import { hclType, toJsonSchema, variableSpecs } from "../lib/terraform-schema";
import { MODULES } from "../modules";

/** HCL name of a module block: `data-lake-storage` becomes `data_lake_storage`. */
export const moduleBlockName = (def: ModuleDefinition): string => def.name.replace(/-/g, "_");

/**
 * Inputs each module takes from other modules' outputs. Every wiring input a
 * module declares must be listed here; the stack checks that when it is built.
 */
export const WIRING: Record<string, Record<string, string>> = {
  "data-lake-storage": {},
  "emr-serverless": {
    lake_bucket_arns: '[for zone, arn in module.data_lake_storage.bucket_arns : arn if zone != "raw"]',
    artifacts_bucket_arn: "module.data_lake_storage.artifacts_bucket_arn",
    read_only_bucket_arns: '[module.data_lake_storage.bucket_arns["raw"]]',
    log_bucket_name: "module.data_lake_storage.log_bucket_name",
    kms_key_arn: "module.data_lake_storage.kms_key_arn",
  },
  "glue-catalog": {
    sources: "var.sources",
    zone_bucket_names: "module.data_lake_storage.bucket_names",
    artifacts_bucket_name: "module.data_lake_storage.artifacts_bucket_name",
    kms_key_arn: "module.data_lake_storage.kms_key_arn",
    lake_formation_settings: "module.lake_formation.settings_id",
  },
  "lake-formation": {
    zone_bucket_arns: "module.data_lake_storage.bucket_arns",
    kms_key_arn: "module.data_lake_storage.kms_key_arn",
    database_names: "module.glue_catalog.database_names",
    crawler_role_arn: "module.glue_catalog.crawler_role_arn",
    job_role_arns: "module.glue_catalog.job_role_arns",
    emr_job_role_arn: "module.emr_serverless.job_role_arn",
    athena_workgroup_arn: "module.athena.workgroup_arn",
    athena_results_location: "module.athena.results_location",
  },
  "kinesis-ingest": {
    sources: "var.sources",
    raw_bucket_arn: 'module.data_lake_storage.bucket_arns["raw"]',
    kms_key_arn: "module.data_lake_storage.kms_key_arn",
  },
  athena: {
    results_bucket_name: 'module.data_lake_storage.bucket_names["temp"]',
    kms_key_arn: "module.data_lake_storage.kms_key_arn",
  },
  "etl-pipeline": {
    sources: "var.sources",
    emr_application_id: "module.emr_serverless.application_id",
    emr_application_arn: "module.emr_serverless.application_arn",
    emr_job_role_arn: "module.emr_serverless.job_role_arn",
    spark_submit_parameters: "module.emr_serverless.spark_submit_parameters",
    job_monitoring_configuration: "module.emr_serverless.job_monitoring_configuration",
    crawler_names: "module.glue_catalog.crawler_names",
    database_names: "module.glue_catalog.database_names",
    glue_job_names: "module.glue_catalog.job_names",
    zone_bucket_names: "module.data_lake_storage.bucket_names",
    artifacts_bucket_name: "module.data_lake_storage.artifacts_bucket_name",
    alert_topic_arn: "module.monitoring.alert_topic_arn",
    kms_key_arn: "module.data_lake_storage.kms_key_arn",
  },
  monitoring: {
    state_machine_arns: "module.etl_pipeline.state_machine_arns",
    delivery_stream_names: "module.kinesis_ingest.delivery_stream_names",
    stream_names: "module.kinesis_ingest.stream_names",
    glue_job_names: "module.glue_catalog.job_names",
    crawler_names: "module.glue_catalog.crawler_names",
    emr_application_id: "module.emr_serverless.application_id",
    kms_key_arn: "module.data_lake_storage.kms_key_arn",
  },
};

export class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, name: string, config: EnvironmentConfig) {
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
          tags: '${merge(var.tags, { Environment = var.environment, Project = var.project, ManagedBy = "lakegen" })}' as never,
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
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: AWS_PROVIDER_RANGE });

    for (const def of MODULES) {
      const wiring = WIRING[def.name] ?? {};
      const missing = Object.keys(def.wiring.shape).filter((k) => !(k in wiring));
      if (missing.length) throw new Error(`envs: WIRING["${def.name}"] lacks ${missing.join(", ")}`);
      const context: Record<ContextInput, string> = {
        name_prefix: "${var.project}-${var.environment}",
        environment: "${var.environment}",
        account_id: "${var.account_id}",
        tags: "${var.tags}",
        iam: "${var.iam}",
      };
      const variables: Record<string, string> = Object.fromEntries(def.context.map((k) => [k, context[k]]));
      for (const [k, expr] of Object.entries(wiring)) variables[k] = `\${${expr}}`;
      for (const k of Object.keys(def.schema.shape)) variables[k] = `\${var.${def.tfvarsKey}.${k}}`;
      const block = new TerraformHclModule(this, moduleBlockName(def), {
        source: `../../modules/${def.name}`,
        skipAssetCreationFromLocalModules: true,
        variables,
      });
      new TerraformOutput(this, `out_${moduleBlockName(def)}`, {
        value: `\${module.${moduleBlockName(def)}}`,
        description: `Outputs of the ${def.name} module.`,
      }).overrideLogicalId(moduleBlockName(def));
      void block;
    }
    new TerraformOutput(this, "generator", {
      value: "lakegen",
      description: "Marks a root lakegen generated: lakegen check applies its house rules (LG-LAKEGEN-*) here.",
    }).overrideLogicalId(GENERATOR_OUTPUT);
  }

}
