import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { TerraformLocal, Token } from "cdktf";
import { jsonencode } from "../../lib/hcl/render";
import { forEachOf } from "../../lib/iterate";
import { keyUseThrough, roleWithPolicy, serviceTrustPolicy } from "../../lib/iam";
import { defineModule, type ModuleStack } from "../../lib/module";
import { requiredKeys } from "../../lib/rules";
import { shippedScript } from "../../lib/shipped-script";
import { orchestrationRules, orchestrationSchema, SHIPPED_ENTRY_POINT } from "./schema";
import { example } from "./example";
import { wires, wiring } from "./wiring";
import { DEFINITION } from "./state-machine";
import { mdTable } from "../../lib/markdown";

/** The README's table of states, a row each. */
const STATE_ROWS = [
  [
    "ValidateInput",
    "A Choice: the input must carry `window_end`, an ISO-8601 timestamp. Otherwise InvalidInput sets the reason and goes to NotifyFailure.",
  ],
  ["ReadBookmark", "Reads the end of the last processed window from SSM: this run's `window_start`."],
  [
    "ListGlueJobs, RunGlueJobs",
    "Runs the Glue job of each of the pipeline's `sources` (raw to processed) and waits for all. Each job evaluates its source's Data " +
      "Quality rules before it writes; a failed rule fails the job, and the pipeline goes to NotifyFailure before anything is curated.",
  ],
  [
    "StartEMRJob",
    "Runs the entry point on EMR Serverless and waits (`.sync`), passing `--config` (the pipeline's configuration in the artifacts " +
      "bucket), `--window-start` and `--window-end`. Its `SparkSubmitParameters` are the emr-serverless module's " +
      "`spark_submit_parameters` output: no size is written in the definition.",
  ],
  ["RunGlueCrawler", "Starts the crawler of `crawl_source`; if the crawler is already running, waits for that crawl instead."],
  [
    "WaitForCrawler, GetCrawler, CrawlFinished",
    "Polls the crawler every `crawler_poll_seconds` until it is READY, then goes on only if its last crawl SUCCEEDED; otherwise " +
      "CrawlFailed goes to NotifyFailure.",
  ],
  ["SaveBookmark", "Records `window_end` for the next run: only after everything before it succeeded."],
  ["NotifySuccess", "Publishes to the notifications topic, which `notification_emails` subscribe to."],
  ["NotifyFailure", "Publishes the error to the alert topic, then fails the execution."],
];
const CONFIG_FILE = "`etl/pipelines/<pipeline>.json`";
import { TASK_ERRORS, TASK_STATES, type TaskGroup } from "./task-errors";
import TASK_ERROR_CATALOG from "./task-errors.json";

const ERROR_TABLE = [
  "| tasks | integration | errors |",
  "|---|---|---|",
  ...Object.entries(TASK_ERROR_CATALOG.tasks).map(
    ([group, t]) =>
      `| ${TASK_STATES[group as TaskGroup]} | \`${t.resource.replace("arn:aws:states:::", "")}\` | ` +
      `${t.errors.map((e) => `\`${e}\``).join(", ")} |`,
  ),
].join("\n");

export const etlPipeline = defineModule({
  name: "etl-pipeline",
  tfvarsKey: "orchestration",
  summary:
    "The brief's Step Functions pattern, one state machine per pipeline: ValidateInput, the sources' Glue " +
    "jobs (`glue:startJobRun.sync`, each gated by its Data Quality rules), StartEMRJob " +
    "(`emr-serverless:startJobRun.sync`, the shipped `etl/transform.py` by default), RunGlueCrawler and a " +
    "wait for the crawl, NotifySuccess, and NotifyFailure through SNS; with an EventBridge Scheduler " +
    "schedule, an SSM bookmark of the last processed window, the Spark job and its configuration uploaded " +
    "to the artifacts bucket, encrypted logs, X-Ray tracing and a least-privilege role per pipeline.",
  notes: `## States

${mdTable(["state", "what it does"], STATE_ROWS)}

## Retries and timeouts

Each task retries, with the \`retry\` timing, only the errors of \`retry.errors\` that its own service
raises; any other error goes to NotifyFailure. Step Functions names an AWS SDK integration's errors
\`<Service>.<Error>\` with the service as in the ARN in PascalCase (\`aws-sdk:ssm\` gives \`Ssm.\`), and an
optimized integration's with the service's id (\`Glue.\`, \`SNS.\`, \`EMRServerless.\`); both append
\`Exception\` where the API omits it. \`retry.errors\` accepts only these names, from the service models:

${ERROR_TABLE}

Each task has its own timeout (\`task_timeouts\`): a task past it fails with States.Timeout into
NotifyFailure. The execution stops after \`timeout_seconds\`, which must exceed the tasks together, and
which the monitoring module's timed-out alarm counts.

## The Spark job

\`scripts/transform.py\` is uploaded to \`etl/transform.py\` in the artifacts bucket (with a content hash, so a
changed script is uploaded again) and is every pipeline's default \`entry_point\`. The Glue jobs tag each processed row with
\`load_end\`, the window end of the run that loaded it. For each source of the pipeline the Spark job finds the loads
of the window \`(window-start, window-end]\` and the days they touched, late days included; rebuilds each of those
days from all of its processed rows, each row once; checks them with the source's \`quality\` (nulls in key
columns, ranges, duplicates, dates after the window's end, row count) before it writes anything; writes
\`curated/<source>/year=/month=/day=\` as Parquet with Snappy, at most \`max_records_per_file\` rows a file; and
registers the table \`<source>\` (hyphens become underscores) and its partitions in the curated database. It
overwrites only the days it rebuilt, so a re-run or a retry changes nothing. Its configuration (paths, checks, file size) is ${CONFIG_FILE}.

## Schedule

The schedule passes its scheduled time as \`window_end\`, so each run processes
\`(last window_end, scheduled time]\`: the brief's incremental processing.

## Wiring with monitoring

This module and \`monitoring\` take an output of each other: \`alert_topic_arn\` here is
\`monitoring\`'s output of that name, and \`monitoring\` takes this module's \`state_machine_arns\` for
its alarms. Terraform resolves it because its graph is per resource, not per module: the alert topic
comes first, then the state machines that publish to it, then the alarms on them. Declare both modules
in one root and pass \`module.monitoring.alert_topic_arn\` here and
\`module.etl_pipeline.state_machine_arns\` there.`,
  keySettings: (o) => `${Object.keys(o.pipelines).length} pipelines; retry ${o.retry.max_attempts} × from ${o.retry.interval_seconds} s`,
  schema: orchestrationSchema,
  rules: [...orchestrationRules, requiredKeys("zone_bucket_names", ["processed", "curated"]), requiredKeys("database_names", ["curated"])],
  wiring,
  context: ["name_prefix", "account_id", "tags", "iam"],
  wires,
  example,
  files: { "scripts/transform.py": "modules/etl-pipeline/scripts/transform.py" },
  build: buildPipelines,
});

/** What a state machine needs to deliver its logs and X-Ray traces. */
const LOG_AND_TRACE_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
];

type Orchestration = ModuleStack<typeof orchestrationSchema, typeof wiring>;

function buildPipelines(m: Orchestration): void {
  const region = new DataAwsRegion(m, "current");
  const pipelines = forEachOf(m.expr("pipelines"));
  pipelineLocals(m);
  pipelineArtifacts(m, pipelines);
  const notifications = pipelineRecords(m, pipelines);
  const { statesTrust, schedulerTrust } = pipelineTrust(m);
  const policy = pipelineRole(m, pipelines, region, notifications, statesTrust);
  stateMachines(m, pipelines, policy);
  pipelineSchedules(m, pipelines, schedulerTrust);
  pipelineOutputs(m, notifications);
}

/** The pipelines' sources and each task group's retriers, as locals the definitions read. */
function pipelineLocals(m: Orchestration) {
  new TerraformLocal(
    m,
    "pipeline_sources",
    "${{ for name, p in var.pipelines : name => p.sources != null ? p.sources : [p.crawl_source] }}",
  );
  new TerraformLocal(m, "task_errors", TASK_ERRORS);
  // One retrier per task group, with the errors of retry.errors its service raises; none when it raises none of them.
  new TerraformLocal(
    m,
    "retriers",
    "${{ for group, known in local.task_errors : group => [for errors in [[for e in var.retry.errors : e if contains(known, e)]] : { " +
      "ErrorEquals = errors, IntervalSeconds = var.retry.interval_seconds, MaxAttempts = var.retry.max_attempts, BackoffRate = " +
      "var.retry.backoff_rate } if length(errors) > 0] }}",
  );
}

/** The shipped Spark job and each pipeline's configuration, in the artifacts bucket. */
function pipelineArtifacts(m: Orchestration, pipelines: ReturnType<typeof forEachOf>) {
  const tags = m.map("tags");
  const key = m.str("kms_key_arn");
  shippedScript(m, "job_script", {
    bucket: m.str("artifacts_bucket_name"),
    key: SHIPPED_ENTRY_POINT,
    file: "scripts/transform.py",
    kmsKeyId: key,
    tags,
  });
  // What the Spark job needs besides the window: read by transform.py through --config.
  new S3Object(m, "pipeline_config", {
    forEach: pipelines,
    bucket: m.str("artifacts_bucket_name"),
    key: "etl/pipelines/${each.key}.json",
    contentType: "application/json",
    content:
      "${jsonencode({ pipeline = each.key, max_records_per_file = each.value.max_records_per_file, target_file_size_mb = " +
      "each.value.target_file_size_mb, sources = { for s in local.pipeline_sources[each.key] : s => {" +
      ' processed = "s3://${var.zone_bucket_names["processed"]}/${s}/",' +
      ' curated = "s3://${var.zone_bucket_names["curated"]}/${s}/",' +
      ' curated_table = "${var.database_names["curated"]}.${replace(s, "-", "_")}",' +
      " quality = var.sources[s].quality, contract = var.sources[s].contract } } })}",
    serverSideEncryption: "aws:kms",
    kmsKeyId: key,
    tags,
  });
}

/** The success topic and its subscribers, each pipeline's bookmark and its log group. */
function pipelineRecords(m: Orchestration, pipelines: ReturnType<typeof forEachOf>): SnsTopic {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const key = m.str("kms_key_arn");
  const notifications = new SnsTopic(m, "aws_sns_topic.notifications", {
    name: `${prefix}-pipeline-notifications`,
    kmsMasterKeyId: key,
    tags,
  });
  new SnsTopicSubscription(m, "notification_email", {
    forEach: forEachOf("toset(var.notification_emails)"),
    topicArn: notifications.arn,
    protocol: "email",
    endpoint: "${each.value}",
  });

  new SsmParameter(m, "bookmark", {
    forEach: pipelines,
    name: `/${prefix}/pipelines/\${each.key}/window-end`,
    description: "End of the last window the ${each.key} pipeline processed; the pipeline updates it.",
    type: "String",
    value: "${each.value.first_window_start}",
    lifecycle: { ignoreChanges: ["value"] },
    tags,
  });

  new CloudwatchLogGroup(m, "aws_cloudwatch_log_group.pipeline", {
    forEach: pipelines,
    name: `/aws/vendedlogs/states/${prefix}-\${each.key}`,
    retentionInDays: m.num("log_retention_days"),
    kmsKeyId: key,
    tags,
  });
  return notifications;
}

/** Who may assume the state machines' and the schedules' roles. */
function pipelineTrust(m: Orchestration) {
  const prefix = m.str("name_prefix");
  const account = m.str("account_id");
  // Names, not references: the state machines and schedules name these roles.
  const statesTrust = serviceTrustPolicy(m, "states_trust", "states", account, {
    sourceArns: [`arn:aws:states:\${data.aws_region.current.id}:${account}:stateMachine:${prefix}-*`],
  });
  const schedulerTrust = serviceTrustPolicy(m, "scheduler_trust", "scheduler", account, {
    sourceArns: [`arn:aws:scheduler:\${data.aws_region.current.id}:${account}:schedule-group/default`],
  });
  return { statesTrust, schedulerTrust };
}

/** Each pipeline's role: what its state machine calls, and nothing else. */
function pipelineRole(
  m: Orchestration,
  pipelines: ReturnType<typeof forEachOf>,
  region: DataAwsRegion,
  notifications: SnsTopic,
  statesTrust: ReturnType<typeof serviceTrustPolicy>,
) {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const account = m.str("account_id");
  const key = m.str("kms_key_arn");
  const ssmArn = `arn:aws:ssm:${region.id}:${account}:parameter`;
  const access = new DataAwsIamPolicyDocument(m, "data.aws_iam_policy_document.pipeline", {
    forEach: pipelines,
    statement: [
      { sid: "StartSparkJob", actions: ["emr-serverless:StartJobRun"], resources: [m.str("emr_application_arn")] },
      {
        sid: "FollowSparkJob",
        actions: ["emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"],
        resources: [`${m.str("emr_application_arn")}/jobruns/*`],
      },
      {
        sid: "PassJobRole",
        actions: ["iam:PassRole"],
        resources: [m.str("emr_job_role_arn")],
        condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["emr-serverless.amazonaws.com"] }],
      },
      {
        sid: "SyncIntegrationRule",
        actions: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
        resources: [`arn:aws:events:${region.id}:${account}:rule/StepFunctionsGetEventsForEMRServerlessJobRule`],
      },
      {
        // glue:startJobRun.sync polls the run, and stops it when the execution stops.
        sid: "RunGlueJobs",
        actions: ["glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"],
        // Written out in full: a token inside a for expression would not be interpolated.
        resources: Token.asList(
          "${[for s in local.pipeline_sources[each.key] : " +
            '"arn:aws:glue:${data.aws_region.current.id}:${var.account_id}:job/${var.glue_job_names[s]}"]}',
        ),
      },
      {
        sid: "RunCrawler",
        actions: ["glue:StartCrawler", "glue:GetCrawler"],
        resources: [`arn:aws:glue:${region.id}:${account}:crawler/\${var.crawler_names[each.value.crawl_source]}`],
      },
      {
        sid: "Bookmark",
        actions: ["ssm:GetParameter", "ssm:PutParameter"],
        resources: [`${ssmArn}\${aws_ssm_parameter.bookmark[each.key].name}`],
      },
      { sid: "Notify", actions: ["sns:Publish"], resources: [notifications.arn, m.str("alert_topic_arn")] },
      // The topics are encrypted with the lake key: publishing uses it through SNS.
      keyUseThrough(key, region.id, ["sns"], ["kms:Decrypt", "kms:GenerateDataKey"]),
      {
        // Log delivery and X-Ray APIs take no resource ARNs.
        sid: "DeliverLogsAndTraces",
        actions: LOG_AND_TRACE_ACTIONS,
        resources: ["*"],
      },
    ],
  });
  const { policy } = roleWithPolicy(m, "pipeline", {
    extension: { iam: m.expr("iam"), key: "pipeline" },
    forEach: pipelines,
    roleName: `${prefix}-sfn-\${each.key}`,
    trust: statesTrust,
    policyName: "pipeline",
    permissions: access,
    tags,
  });
  return policy;
}

/** A state machine per pipeline, from the shared definition. */
function stateMachines(m: Orchestration, pipelines: ReturnType<typeof forEachOf>, policy: ReturnType<typeof roleWithPolicy>["policy"]) {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  new SfnStateMachine(m, "aws_sfn_state_machine.pipeline", {
    forEach: pipelines,
    name: `${prefix}-\${each.key}`,
    type: "STANDARD",
    roleArn: "${aws_iam_role.pipeline[each.key].arn}",
    definition: jsonencode(DEFINITION),
    loggingConfiguration: {
      logDestination: "${aws_cloudwatch_log_group.pipeline[each.key].arn}:*",
      includeExecutionData: true,
      level: m.str("log_level"),
    },
    tracingConfiguration: { enabled: true },
    tags,
    dependsOn: [policy],
  });
}

/** The scheduler's role and a schedule per pipeline. */
function pipelineSchedules(
  m: Orchestration,
  pipelines: ReturnType<typeof forEachOf>,
  schedulerTrust: ReturnType<typeof serviceTrustPolicy>,
) {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const startAccess = new DataAwsIamPolicyDocument(m, "schedule_access", {
    statement: [
      {
        sid: "StartPipelines",
        actions: ["states:StartExecution"],
        // Built from the names, not the machines' ARNs: a definition change must not re-read this policy.
        resources: Token.asList(
          "${[for name, p in var.pipelines : " +
            '"arn:aws:states:${data.aws_region.current.id}:${var.account_id}:stateMachine:${var.name_prefix}-${name}"]}',
        ),
      },
    ],
  });
  const { role: schedulerRole } = roleWithPolicy(m, "scheduler", {
    extension: { iam: m.expr("iam"), key: "scheduler" },
    roleName: `${prefix}-pipeline-scheduler`,
    trust: schedulerTrust,
    policyName: "start-pipelines",
    permissions: startAccess,
    tags,
  });

  new SchedulerSchedule(m, "aws_scheduler_schedule.pipeline", {
    forEach: pipelines,
    name: `${prefix}-\${each.key}`,
    scheduleExpression: "${each.value.schedule}",
    scheduleExpressionTimezone: "${each.value.timezone}",
    flexibleTimeWindow: { mode: "OFF" },
    target: {
      arn: "${aws_sfn_state_machine.pipeline[each.key].arn}",
      roleArn: schedulerRole.arn,
      input: jsonencode({ window_end: "<aws.scheduler.scheduled-time>" }),
    },
  });
}

/** The module's outputs. */
function pipelineOutputs(m: Orchestration, notifications: SnsTopic) {
  m.output("state_machine_arns", "State machine per pipeline.", "${{ for name, p in aws_sfn_state_machine.pipeline : name => p.arn }}");
  m.output(
    "state_machine_names",
    "State machine name per pipeline.",
    "${{ for name, p in aws_sfn_state_machine.pipeline : name => p.name }}",
  );
  m.output(
    "definitions",
    "State machine definition (JSON) per pipeline, as applied.",
    "${{ for name, p in aws_sfn_state_machine.pipeline : name => p.definition }}",
  );
  m.output(
    "schedules",
    "Schedule expression per pipeline, as applied.",
    "${{ for name, s in aws_scheduler_schedule.pipeline : name => s.schedule_expression }}",
  );
  m.output(
    "bookmark_parameters",
    "SSM parameter holding each pipeline's last window end.",
    "${{ for name, p in aws_ssm_parameter.bookmark : name => p.name }}",
  );
  m.output("notifications_topic_arn", "SNS topic for pipeline successes.", notifications.arn);
}
