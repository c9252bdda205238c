import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Token } from "cdktf";
import { jsonencode } from "../../lib/hcl/render";
import type { JsonValue } from "../../lib/json";
import { addDynamicBlock, forEachOf } from "../../lib/iterate";
import { defineModule, type ModuleStack } from "../../lib/module";
import { monitoringRules, monitoringSchema } from "./schema";
import { example } from "./example";
import { wires, wiring } from "./wiring";
import { mdTable } from "../../lib/markdown";

/** The README's table of alerts, a row each. */
const ALERT_ROWS = [
  ["Step Functions", "ExecutionsFailed, ExecutionsTimedOut (Sum)", "`thresholds.pipeline_executions_*`"],
  [
    "Firehose",
    "DeliveryToS3.DataFreshness (Maximum); no data counts as breaching, so a stopped producer alarms",
    "`thresholds.delivery_freshness_seconds`",
  ],
  ["Kinesis", "GetRecords.IteratorAgeMilliseconds (Maximum)", "`thresholds.iterator_age_ms`"],
  ["Kinesis", "WriteProvisionedThroughputExceeded (Sum)", "`thresholds.write_throttled_records`"],
  [
    "EventBridge",
    "Glue job FAILED or TIMEOUT; Glue crawler Failed (scheduled or started by a pipeline); EMR Serverless job run FAILED; " +
      "Data Quality evaluation FAILED or with failed rules",
    "—",
  ],
  ["AWS Budgets", "actual and forecast cost over each of `budget.alert_thresholds_percent`", "`budget.monthly_limit_usd`"],
];

export const monitoring = defineModule({
  name: "monitoring",
  tfvarsKey: "monitoring",
  summary:
    "Observability for the environment, all routed to one KMS-encrypted SNS alert topic: CloudWatch alarms " +
    "on pipeline failures and timeouts, Firehose delivery freshness and Kinesis iterator age and throttling; " +
    "EventBridge rules for failed Glue jobs and crawlers, failed EMR Serverless job runs and failed Data Quality " +
    "evaluations; a dashboard; and a monthly AWS Budgets cost budget.",
  notes: `## Alerts

${mdTable(["source", "signal", "threshold input"], ALERT_ROWS)}

The topic's policy lets EventBridge, CloudWatch and AWS Budgets of this account publish. The budget
filters on the \`Environment\` tag that the roots apply to every resource: activate it as a cost
allocation tag in the billing console.

## Wiring with etl-pipeline

This module and \`etl-pipeline\` take an output of each other: \`state_machine_arns\` here comes
from \`etl-pipeline\`'s output of that name, and its \`alert_topic_arn\` input is this module's
output. Terraform resolves it because its graph is per resource, not per module: the alert topic
comes first, then the state machines that publish to it, then the alarms on them. Declare both modules
in one root and pass \`module.etl_pipeline.state_machine_arns\` here and
\`module.monitoring.alert_topic_arn\` there.`,
  keySettings: (m) => `budget $${m.budget.monthly_limit_usd}/month; alarm period ${m.alarm_period_seconds} s`,
  schema: monitoringSchema,
  rules: monitoringRules,
  wiring,
  context: ["name_prefix", "environment", "account_id", "tags"],
  wires,
  example,
  build: buildMonitoring,
});

type Monitoring = ModuleStack<typeof monitoringSchema, typeof wiring>;

function buildMonitoring(m: Monitoring): void {
  new DataAwsRegion(m, "current");

  const topic = alertTopic(m);
  metricAlarms(m, topic);
  failureRules(m, topic);
  dashboard(m);
  const budget = monthlyBudget(m, topic);
  monitoringOutputs(m, topic, budget);
}

/** The alert topic, who may publish to it, and its e-mail subscribers. */
function alertTopic(m: Monitoring): SnsTopic {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const account = m.str("account_id");
  const topic = new SnsTopic(m, "aws_sns_topic.alerts", { name: `${prefix}-alerts`, kmsMasterKeyId: m.str("kms_key_arn"), tags });
  const publishers = new DataAwsIamPolicyDocument(m, "alerts_policy", {
    statement: [
      {
        sid: "ServicesOfThisAccountPublish",
        actions: ["sns:Publish"],
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com", "cloudwatch.amazonaws.com", "budgets.amazonaws.com"] }],
        resources: [topic.arn],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }],
      },
    ],
  });
  new SnsTopicPolicy(m, "aws_sns_topic_policy.alerts", { arn: topic.arn, policy: publishers.json });
  new SnsTopicSubscription(m, "email", {
    forEach: forEachOf("toset(var.alert_emails)"),
    topicArn: topic.arn,
    protocol: "email",
    endpoint: "${each.value}",
  });
  return topic;
}

/** An alarm per watched resource, each as the thresholds and the alarm settings say. */
function metricAlarms(m: Monitoring, topic: SnsTopic): void {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  for (const a of ALARMS) {
    new CloudwatchMetricAlarm(m, a.id, {
      forEach: forEachOf(a.over),
      alarmName: `${prefix}-${a.id.replace(/_/g, "-")}-\${each.key}`,
      alarmDescription: `${a.metric} of \${each.key}`,
      namespace: a.namespace,
      metricName: a.metric,
      dimensions: { [a.dimension]: "${each.value}" },
      statistic: a.statistic,
      period: m.num("alarm_period_seconds"),
      evaluationPeriods: m.num("alarm_evaluation_periods"),
      datapointsToAlarm: m.num("alarm_datapoints_to_alarm"),
      threshold: m.num(a.threshold),
      comparisonOperator: a.comparison,
      treatMissingData: a.missing ?? m.str("treat_missing_data"),
      alarmActions: [topic.arn],
      okActions: [topic.arn],
      tags,
    });
  }
}

interface AlarmSpec {
  id: string;
  /** The map input whose entries each get an alarm: the key names it, the value is the dimension. */
  over: string;
  namespace: string;
  metric: string;
  dimension: string;
  statistic: string;
  threshold: `thresholds.${string}`;
  comparison: string;
  /** treat_missing_data when the input's does not fit the signal. */
  missing?: string;
}

const ALARMS: AlarmSpec[] = [
  {
    id: "pipeline_failed",
    over: "var.state_machine_arns",
    namespace: "AWS/States",
    metric: "ExecutionsFailed",
    dimension: "StateMachineArn",
    statistic: "Sum",
    threshold: "thresholds.pipeline_executions_failed",
    comparison: "GreaterThanOrEqualToThreshold",
  },
  // A quarantined row is data that did not arrive: any, in a period, alarms; no data means none was quarantined.
  {
    id: "rows_quarantined",
    over: "var.glue_job_names",
    namespace: "${var.quarantine_metric.namespace}",
    metric: "${var.quarantine_metric.name}",
    dimension: "${var.quarantine_metric.dimension}",
    statistic: "Sum",
    threshold: "thresholds.quarantined_rows",
    comparison: "GreaterThanThreshold",
    missing: "notBreaching",
  },
  {
    id: "pipeline_timed_out",
    over: "var.state_machine_arns",
    namespace: "AWS/States",
    metric: "ExecutionsTimedOut",
    dimension: "StateMachineArn",
    statistic: "Sum",
    threshold: "thresholds.pipeline_executions_timed_out",
    comparison: "GreaterThanOrEqualToThreshold",
  },
  // Firehose reports freshness only while it holds data: no data means the producer stopped, which must alarm.
  {
    id: "delivery_freshness",
    over: "var.delivery_stream_names",
    namespace: "AWS/Firehose",
    metric: "DeliveryToS3.DataFreshness",
    dimension: "DeliveryStreamName",
    statistic: "Maximum",
    threshold: "thresholds.delivery_freshness_seconds",
    comparison: "GreaterThanThreshold",
    missing: "breaching",
  },
  {
    id: "iterator_age",
    over: "var.stream_names",
    namespace: "AWS/Kinesis",
    metric: "GetRecords.IteratorAgeMilliseconds",
    dimension: "StreamName",
    statistic: "Maximum",
    threshold: "thresholds.iterator_age_ms",
    comparison: "GreaterThanThreshold",
  },
  {
    id: "write_throttled",
    over: "var.stream_names",
    namespace: "AWS/Kinesis",
    metric: "WriteProvisionedThroughputExceeded",
    dimension: "StreamName",
    statistic: "Sum",
    threshold: "thresholds.write_throttled_records",
    comparison: "GreaterThanOrEqualToThreshold",
  },
];

/** EventBridge rules that send failed jobs, crawls and Data Quality evaluations to the topic. */
function failureRules(m: Monitoring, topic: SnsTopic) {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  // `when`: EventBridge refuses an empty list in a pattern, so a rule over a list that may be empty is created only if it is not.
  const rules: Record<string, { description: string; pattern: JsonValue; when?: string }> = {
    glue_job_failed: {
      description: "A lake Glue job failed or timed out.",
      pattern: {
        source: ["aws.glue"],
        "detail-type": ["Glue Job State Change"],
        detail: { jobName: "${values(var.glue_job_names)}", state: ["FAILED", "TIMEOUT"] },
      },
    },
    crawler_failed: {
      // Crawlers also run on their own schedules, outside any pipeline: EventBridge sees every crawl.
      description: "A crawler of the lake failed.",
      pattern: {
        source: ["aws.glue"],
        "detail-type": ["Glue Crawler State Change"],
        detail: { crawlerName: "${values(var.crawler_names)}", state: ["Failed"] },
      },
      when: "length(var.crawler_names) > 0",
    },
    emr_job_failed: {
      description: "A job run of the lake's EMR Serverless application failed.",
      pattern: {
        source: ["aws.emr-serverless"],
        "detail-type": ["EMR Serverless Job Run State Change"],
        detail: { applicationId: ["${var.emr_application_id}"], state: ["FAILED"] },
      },
    },
    data_quality_failed: {
      description: "A Glue Data Quality evaluation failed or had failed rules.",
      pattern: {
        source: ["aws.glue-dataquality"],
        "detail-type": ["Data Quality Evaluation Results Available"],
        detail: { $or: [{ state: ["FAILED"] }, { numRulesFailed: [{ numeric: [">", 0] }] }] },
      },
    },
  };
  for (const [id, rule] of Object.entries(rules)) {
    const count = rule.when ? Token.asNumber(`\${${rule.when} ? 1 : 0}`) : undefined;
    new CloudwatchEventRule(m, id, {
      count,
      name: `${prefix}-${id.replace(/_/g, "-")}`,
      description: rule.description,
      eventPattern: jsonencode(rule.pattern),
      tags,
    });
    new CloudwatchEventTarget(m, `aws_cloudwatch_event_target.${id}`, {
      count,
      rule: `\${aws_cloudwatch_event_rule.${id}${count === undefined ? "" : "[0]"}.name}`,
      arn: topic.arn,
      targetId: "alerts",
    });
  }
}

/** The environment's dashboard. */
function dashboard(m: Monitoring) {
  const prefix = m.str("name_prefix");
  const widget = (title: string, stat: string, metrics: string): JsonValue => ({
    type: "metric",
    width: 12,
    height: 6,
    properties: { title, region: "${data.aws_region.current.id}", stat, period: "${var.alarm_period_seconds}", metrics },
  });
  new CloudwatchDashboard(m, "aws_cloudwatch_dashboard.this", {
    dashboardName: prefix,
    dashboardBody: jsonencode({
      widgets: [
        widget(
          "Pipeline executions",
          "Sum",
          '${flatten([for name, arn in var.state_machine_arns : [["AWS/States", "ExecutionsSucceeded", "StateMachineArn", arn], ' +
            '["AWS/States", "ExecutionsFailed", "StateMachineArn", arn]]])}',
        ),
        widget(
          "Glue job failures",
          "Sum",
          '${[for name, job in var.glue_job_names : ["Glue", "glue.driver.aggregate.numFailedTasks", "JobName", job, "JobRunId", ' +
            '"ALL", "Type", "count"]]}',
        ),
        widget(
          "Firehose delivery freshness",
          "Maximum",
          '${[for name, s in var.delivery_stream_names : ["AWS/Firehose", "DeliveryToS3.DataFreshness", "DeliveryStreamName", s]]}',
        ),
        widget(
          "Kinesis iterator age",
          "Maximum",
          '${[for name, s in var.stream_names : ["AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", "StreamName", s]]}',
        ),
      ],
    }),
  });
}

/** The monthly cost budget and its alerts. */
function monthlyBudget(m: Monitoring, topic: SnsTopic): BudgetsBudget {
  const prefix = m.str("name_prefix");
  const tags = m.map("tags");
  const budget = new BudgetsBudget(m, "aws_budgets_budget.monthly", {
    name: `${prefix}-monthly`,
    budgetType: "COST",
    timeUnit: "MONTHLY",
    limitAmount: "${tostring(var.budget.monthly_limit_usd)}",
    limitUnit: "USD",
    costFilter: [{ name: "TagKeyValue", values: ['${format("user:Environment$%s", var.environment)}'] }],
    tags,
  });
  addDynamicBlock(
    budget,
    "",
    "notification",
    'flatten([for pct in var.budget.alert_thresholds_percent : [for kind in ["ACTUAL", "FORECASTED"] : { threshold = pct, type = kind }]])',
    {
      comparison_operator: "GREATER_THAN",
      threshold: "${notification.value.threshold}",
      threshold_type: "PERCENTAGE",
      notification_type: "${notification.value.type}",
      subscriber_sns_topic_arns: [topic.arn],
    },
  );
  return budget;
}

/** The module's outputs. */
function monitoringOutputs(m: Monitoring, topic: SnsTopic, budget: BudgetsBudget) {
  const prefix = m.str("name_prefix");
  m.output("alert_topic_arn", "SNS topic that receives every alert.", topic.arn);
  m.output("dashboard_name", "CloudWatch dashboard of the environment.", prefix);
  m.output(
    "alarm_thresholds",
    "Threshold of every alarm, as applied, by alarm name.",
    "${merge({ for k, a in aws_cloudwatch_metric_alarm.pipeline_failed : a.alarm_name => a.threshold }, { for k, a in " +
      "aws_cloudwatch_metric_alarm.pipeline_timed_out : a.alarm_name => a.threshold }, { for k, a in " +
      "aws_cloudwatch_metric_alarm.delivery_freshness : a.alarm_name => a.threshold }, { for k, a in " +
      "aws_cloudwatch_metric_alarm.iterator_age : a.alarm_name => a.threshold }, { for k, a in " +
      "aws_cloudwatch_metric_alarm.write_throttled : a.alarm_name => a.threshold })}",
  );
  m.output("budget_limit_usd", "Monthly budget, as applied.", budget.limitAmount);
}
