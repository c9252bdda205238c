import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { EmrserverlessApplication } from "@cdktf/provider-aws/lib/emrserverless-application";
import { TerraformLocal, Token } from "cdktf";
import { addDynamicBlock } from "../../lib/iterate";
import { GLUE_CATALOG_READS, keyUseThrough, roleWithPolicy, serviceTrustPolicy } from "../../lib/iam";
import { defineModule, type ModuleStack } from "../../lib/module";
import type { Rule } from "../../lib/rules";
import { emrRules, emrSchema, sparkSubmitParametersTemplate } from "./schema";
import { example } from "./example";
import { wires, wiring } from "./wiring";

/** Jobs must read their entry points and must not be able to change them. */
const artifactsReadOnly: Rule = {
  path: "artifacts_bucket_arn",
  message: "jobs only read the artifacts bucket; remove it from lake_bucket_arns, which jobs write.",
  check: {
    // lake_bucket_arns comes from another module, so only Terraform sees both.
    evaluate: (s) => {
      const i = s.input as { lake_bucket_arns?: string[]; artifacts_bucket_arn?: string };
      return !i.lake_bucket_arns || !i.lake_bucket_arns.includes(i.artifacts_bucket_arn ?? "");
    },
    hcl: () => "!contains(var.lake_bucket_arns, var.artifacts_bucket_arn)",
  },
};

export const emrServerless = defineModule({
  name: "emr-serverless",
  tfvarsKey: "emr",
  summary:
    "An EMR Serverless Spark application with a pinned release, auto-start and auto-stop, optional " +
    "pre-initialized capacity and a maximum capacity, its least-privilege job execution role, and its " +
    "log group. It outputs the Spark submit parameters derived from the same sizing, for the pipeline to pass to every job run.",
  notes: `## Resource math

\`driver + max_executors × executor\` must fit in \`max_capacity\`, for vCPU, memory and (when set)
disk. The module's variable validations check it at plan time, as \`lakegen validate\` does before synth.

Worker sizes follow AWS's supported configurations:

| vCPU | memory | step |
|---|---|---|
| 1 | 2–8 GB | 1 GB |
| 2 | 4–16 GB | 1 GB |
| 4 | 8–30 GB | 1 GB |
| 8 | 16–60 GB | 4 GB |
| 16 | 32–120 GB | 8 GB |

## Spark submit parameters

\`spark_submit_parameters\` sets driver and executor cores, memory and disk, and dynamic allocation
(\`minExecutors\`, \`maxExecutors\`) from the inputs. Spark adds a memory overhead (10%, at least
384 MiB) to each JVM, so \`spark.*.memory\` is the worker memory less that overhead: each driver and
executor then fits the worker size that the resource math counts.

## Logs

Job runs log to the log group and to \`s3://<log bucket>/emr-serverless/\` when they pass
\`job_monitoring_configuration\` as their \`configurationOverrides.monitoringConfiguration\`.`,
  keySettings: (e) =>
    `${e.release_label}, ${e.architecture}; max ${e.max_capacity.cpu} vCPU / ${e.max_capacity.memory_gb} GB; idle stop ` +
    `${e.idle_timeout_minutes} min`,
  schema: emrSchema,
  rules: [...emrRules, artifactsReadOnly],
  wiring,
  context: ["name_prefix", "account_id", "tags", "iam"],
  outputContract: [
    { condition: "output.release_label == var.release_label", message: "the release label is not the input's" },
    { condition: "output.architecture == var.architecture", message: "the architecture is not the input's" },
    {
      condition: 'strcontains(output.spark_submit_parameters, "spark.dynamicAllocation.maxExecutors=${var.max_executors}")',
      message: "the Spark parameters do not carry max_executors",
    },
  ],
  wires,
  example,
  build: buildEmr,
});

type Emr = ModuleStack<typeof emrSchema, typeof wiring>;

function buildEmr(m: Emr): void {
  const region = new DataAwsRegion(m, "current");

  const app = sparkApplication(m);
  const logGroup = jobLogs(m);
  const trust = jobTrust(m);
  const access = jobAccess(m, region, logGroup);
  const role = jobRole(m, trust, access);
  emrOutputs(m, app, role, logGroup);
}

/** The Spark application, its sizing from the inputs, and the Spark parameters that fit it. */
function sparkApplication(m: Emr): EmrserverlessApplication {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  new TerraformLocal(m, "spark_submit_parameters", sparkSubmitParametersTemplate);
  new TerraformLocal(
    m,
    "initial_workers",
    "${var.initial_capacity == null ? {} : { Driver = { count = var.initial_capacity.driver_count, worker = var.driver }, Executor = " +
      "{ count = var.initial_capacity.executor_count, worker = var.executor } }}",
  );

  const app = new EmrserverlessApplication(m, "spark", {
    name: `${prefix}-spark`,
    type: "spark",
    releaseLabel: m.str("release_label"),
    architecture: m.str("architecture"),
    autoStartConfiguration: { enabled: m.bool("auto_start") },
    autoStopConfiguration: { enabled: true, idleTimeoutMinutes: m.num("idle_timeout_minutes") },
    maximumCapacity: {
      cpu: `${m.str("max_capacity.cpu")} vCPU`,
      memory: `${m.str("max_capacity.memory_gb")} GB`,
      disk: '${var.max_capacity.disk_gb == null ? null : "${var.max_capacity.disk_gb} GB"}',
    },
    tags,
  });
  addDynamicBlock(app, "", "network_configuration", `${m.expr("network")} == null ? [] : [${m.expr("network")}]`, {
    subnet_ids: "${network_configuration.value.subnet_ids}",
    security_group_ids: "${network_configuration.value.security_group_ids}",
  });
  addDynamicBlock(app, "", "initial_capacity", "local.initial_workers", {
    initial_capacity_type: "${initial_capacity.key}",
    initial_capacity_config: {
      worker_count: "${initial_capacity.value.count}",
      worker_configuration: {
        cpu: "${initial_capacity.value.worker.cpu} vCPU",
        memory: "${initial_capacity.value.worker.memory_gb} GB",
        disk: "${initial_capacity.value.worker.disk_gb} GB",
      },
    },
  });
  return app;
}

/** The job runs' log group. */
function jobLogs(m: Emr): CloudwatchLogGroup {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const logGroup = new CloudwatchLogGroup(m, "jobs", {
    name: `/aws/emr-serverless/${prefix}`,
    retentionInDays: m.num("log_retention_days"),
    kmsKeyId: m.str("kms_key_arn"),
    tags,
  });
  return logGroup;
}

/** Who may assume the job role: EMR Serverless, for this account's applications. */
function jobTrust(m: Emr) {
  const account = m.str("account_id");
  const trust = serviceTrustPolicy(m, "assume_role", "emr-serverless", account, {
    sourceArns: [`arn:aws:emr-serverless:\${data.aws_region.current.id}:${account}:/applications/*`],
  });
  return trust;
}

/** What the job role may do: the zones, the catalog, the key and its logs. */
function jobAccess(m: Emr, region: DataAwsRegion, logGroup: CloudwatchLogGroup): DataAwsIamPolicyDocument {
  const account = m.str("account_id");
  const glueArn = `arn:aws:glue:${region.id}:${account}`;
  const gluePrefix = '${replace(var.name_prefix, "-", "_")}';
  const logBucketArn = `arn:aws:s3:::${m.str("log_bucket_name")}`;
  const access = new DataAwsIamPolicyDocument(m, "job_access", {
    statement: [
      {
        sid: "ListLakeBuckets",
        actions: ["s3:ListBucket", "s3:GetBucketLocation"],
        resources: Token.asList("${concat(var.lake_bucket_arns, [var.artifacts_bucket_arn], var.read_only_bucket_arns)}"),
      },
      {
        // Entry points and their configuration: a job can read them but never change them.
        sid: "ReadOnlyObjects",
        actions: ["s3:GetObject"],
        resources: Token.asList('${[for arn in concat([var.artifacts_bucket_arn], var.read_only_bucket_arns) : "${arn}/*"]}'),
      },
      {
        sid: "ReadWriteLakeObjects",
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        resources: Token.asList('${[for arn in var.lake_bucket_arns : "${arn}/*"]}'),
      },
      {
        sid: "WriteJobLogsToS3",
        actions: ["s3:PutObject"],
        resources: [`${logBucketArn}/emr-serverless/*`],
      },
      // The zones, the logs and the catalog are encrypted with the lake key: S3 and Glue use it for the role.
      keyUseThrough(m.str("kms_key_arn"), region.id, ["s3", "glue"]),
      { sid: "DescribeLakeKey", actions: ["kms:DescribeKey"], resources: [m.str("kms_key_arn")] },
      {
        sid: "UseLakeCatalog",
        actions: [
          ...GLUE_CATALOG_READS,
          "glue:CreateTable",
          "glue:UpdateTable",
          "glue:CreatePartition",
          "glue:BatchCreatePartition",
          "glue:UpdatePartition",
          // A full refresh, or an upsert that empties a day, drops the day's partition.
          "glue:DeletePartition",
          "glue:BatchDeletePartition",
        ],
        resources: [`${glueArn}:catalog`, `${glueArn}:database/${gluePrefix}_*`, `${glueArn}:table/${gluePrefix}_*/*`],
      },
      {
        // Spark's catalog client checks that the default database exists when a session starts.
        sid: "FindDefaultDatabase",
        actions: ["glue:GetDatabase"],
        resources: [`${glueArn}:catalog`, `${glueArn}:database/default`],
      },
      {
        sid: "WriteJobLogsToCloudWatch",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        resources: [logGroup.arn, `${logGroup.arn}:*`],
      },
      {
        sid: "FindJobLogGroup",
        actions: ["logs:DescribeLogGroups"],
        resources: [`arn:aws:logs:${region.id}:${account}:log-group:*`],
      },
    ],
  });
  return access;
}

/** The job role, through roleWithPolicy so a team's boundary and managed policies reach it. */
function jobRole(m: Emr, trust: ReturnType<typeof serviceTrustPolicy>, access: DataAwsIamPolicyDocument) {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const { role } = roleWithPolicy(m, "job", {
    extension: { iam: m.expr("iam"), key: "emr_job" },
    roleName: `${prefix}-emr-job`,
    trust,
    policyName: "lake-access",
    permissions: access,
    tags,
  });
  return role;
}

/** The module's outputs. */
function emrOutputs(m: Emr, app: EmrserverlessApplication, role: ReturnType<typeof roleWithPolicy>["role"], logGroup: CloudwatchLogGroup) {
  m.output("application_id", "ID of the Spark application.", app.id);
  m.output("application_arn", "ARN of the Spark application.", app.arn);
  m.output("architecture", "CPU architecture of the application, as applied (ARM64 or X86_64).", app.architecture);
  m.output("release_label", "EMR release of the application, as applied.", app.releaseLabel);
  m.output("job_role_arn", "ARN of the job execution role.", role.arn);
  m.output("job_role_name", "Name of the job execution role.", role.name);
  m.output("log_group_name", "CloudWatch log group for job runs.", logGroup.name);
  m.output(
    "spark_submit_parameters",
    "Spark `--conf` flags for driver, executors and dynamic allocation, derived from the sizing inputs.",
    "${local.spark_submit_parameters}",
  );
  m.output(
    "job_monitoring_configuration",
    "`monitoringConfiguration` for StartJobRun: logs to S3, encrypted with the lake key, and to CloudWatch.",
    `\${{ S3MonitoringConfiguration = { LogUri = "s3://\${var.log_bucket_name}/emr-serverless/", EncryptionKeyArn = var.kms_key_arn ` +
      `}, CloudWatchLoggingConfiguration = { Enabled = true, LogGroupName = aws_cloudwatch_log_group.jobs.name } }}`,
  );
  m.output(
    "maximum_capacity",
    "The application's maximum capacity, as applied (cpu, memory and disk strings).",
    "${aws_emrserverless_application.spark.maximum_capacity[0]}",
  );
}
