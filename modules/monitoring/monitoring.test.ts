import { monitoring } from ".";
import { problemsAfter, synthModule } from "../../testkit/helpers";

describe("monitoring module", () => {
  const tf = synthModule(monitoring as never);
  const r = tf.resource;

  it("alerts through one KMS-encrypted topic that the alerting services may publish to", () => {
    expect(r.aws_sns_topic.alerts.kms_master_key_id).toBe("${var.kms_key_arn}");
    const principals = tf.data.aws_iam_policy_document.alerts_policy.statement[0].principals[0].identifiers;
    expect(principals).toEqual(["events.amazonaws.com", "cloudwatch.amazonaws.com", "budgets.amazonaws.com"]);
    expect(r.aws_sns_topic_subscription.email.for_each).toBe("${toset(var.alert_emails)}");
  });

  it.each([
    ["pipeline_failed", "AWS/States", "ExecutionsFailed", "pipeline_executions_failed"],
    ["pipeline_timed_out", "AWS/States", "ExecutionsTimedOut", "pipeline_executions_timed_out"],
    ["delivery_freshness", "AWS/Firehose", "DeliveryToS3.DataFreshness", "delivery_freshness_seconds"],
    ["iterator_age", "AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", "iterator_age_ms"],
    ["write_throttled", "AWS/Kinesis", "WriteProvisionedThroughputExceeded", "write_throttled_records"],
  ])("alarms on %s with its threshold from the inputs", (id, namespace, metric, threshold) => {
    const a = r.aws_cloudwatch_metric_alarm[id];
    expect([a.namespace, a.metric_name]).toEqual([namespace, metric]);
    expect(a.threshold).toBe(`\${var.thresholds.${threshold}}`);
    expect(a.period).toBe("${var.alarm_period_seconds}");
    // Fires on the first breaching period by default, however far back it looks.
    expect(a.datapoints_to_alarm).toBe("${var.alarm_datapoints_to_alarm}");
    // A stopped producer sends no freshness data: that must alarm, whatever the other alarms do.
    expect(a.treat_missing_data).toBe(id === "delivery_freshness" ? "breaching" : "${var.treat_missing_data}");
    expect(a.alarm_actions).toEqual(["${aws_sns_topic.alerts.arn}"]);
  });

  it("defaults to alarming on the first failure, and refuses more datapoints than periods", () => {
    expect(problemsAfter((v) => delete v.monitoring.alarm_datapoints_to_alarm, "prod")).toEqual([]);
    expect(problemsAfter((v) => (v.monitoring.alarm_datapoints_to_alarm = 3), "prod")).toEqual([
      "monitoring.alarm_datapoints_to_alarm: must not exceed alarm_evaluation_periods (CloudWatch's rule). (alarm_datapoints_to_alarm " +
        "3 > alarm_evaluation_periods 2)",
    ]);
  });

  it("routes Glue, EMR Serverless and Data Quality failures to the topic", () => {
    expect(r.aws_cloudwatch_event_rule.glue_job_failed.event_pattern).toContain('state = ["FAILED", "TIMEOUT"]');
    expect(r.aws_cloudwatch_event_rule.emr_job_failed.event_pattern).toContain('"EMR Serverless Job Run State Change"');
    expect(r.aws_cloudwatch_event_rule.data_quality_failed.event_pattern).toContain('"aws.glue-dataquality"');
    for (const id of ["glue_job_failed", "emr_job_failed", "data_quality_failed"]) {
      expect(r.aws_cloudwatch_event_target[id].arn).toBe("${aws_sns_topic.alerts.arn}");
    }
  });

  it("alerts on failed crawlers, with the rule created only when there are crawlers (EventBridge refuses an empty list)", () => {
    const rule = r.aws_cloudwatch_event_rule.crawler_failed;
    expect(rule.event_pattern).toContain('"Glue Crawler State Change"');
    expect(rule.event_pattern).toContain("crawlerName = values(var.crawler_names)");
    expect(rule.count).toBe("${length(var.crawler_names) > 0 ? 1 : 0}");
    expect(r.aws_cloudwatch_event_target.crawler_failed.count).toBe(rule.count);
    expect(r.aws_cloudwatch_event_target.crawler_failed.rule).toBe("${aws_cloudwatch_event_rule.crawler_failed[0].name}");
  });

  it("budgets the month from the inputs, alerting on actual and forecast cost", () => {
    const b = r.aws_budgets_budget.monthly;
    expect(b.limit_amount).toBe("${tostring(var.budget.monthly_limit_usd)}");
    expect(b.time_unit).toBe("MONTHLY");
    expect(b.dynamic.notification.for_each).toContain("var.budget.alert_thresholds_percent");
    expect(r.aws_cloudwatch_dashboard.this.dashboard_body).toContain("var.state_machine_arns");
  });

  describe("validation", () => {
    it("checks thresholds and periods", () => {
      expect(problemsAfter((v) => (v.monitoring.alarm_period_seconds = 90))[0]).toMatch(/^monitoring\.alarm_period_seconds: /);
      expect(problemsAfter((v) => (v.monitoring.thresholds.iterator_age_ms = 10))[0]).toMatch(/^monitoring\.thresholds\.iterator_age_ms: /);
      expect(problemsAfter((v) => (v.monitoring.budget.alert_thresholds_percent = []))[0]).toMatch(
        /^monitoring\.budget\.alert_thresholds_percent: /,
      );
    });
  });
});
