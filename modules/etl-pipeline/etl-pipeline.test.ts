import { etlPipeline } from ".";
import { DEFINITION, STATE_PURPOSE, transitions } from "./state-machine";
import { problemsAfter, synthModule } from "../../testkit/helpers";
import { orchestrationSchema } from "./schema";

describe("etl-pipeline module", () => {
  const tf = synthModule(etlPipeline as never);
  const r = tf.resource;
  const definition: string = r.aws_sfn_state_machine.pipeline.definition;

  it("builds one logged, traced state machine per pipeline", () => {
    const sm = r.aws_sfn_state_machine.pipeline;
    expect(sm.for_each).toBe("${var.pipelines}");
    expect(sm.tracing_configuration).toEqual({ enabled: true });
    expect(sm.logging_configuration.level).toBe("${var.log_level}");
    expect(r.aws_cloudwatch_log_group.pipeline.kms_key_id).toBe("${var.kms_key_arn}");
    expect(r.aws_cloudwatch_log_group.pipeline.retention_in_days).toBe("${var.log_retention_days}");
  });

  it("follows the brief's states, with the Spark parameters from the emr-serverless output", () => {
    for (const state of ["ValidateInput", "StartEMRJob", "RunGlueCrawler", "NotifySuccess", "NotifyFailure"]) {
      expect(definition).toContain(`${state} = {`);
    }
    expect(definition).toContain('Resource = "arn:aws:states:::emr-serverless:startJobRun.sync"');
    expect(definition).toContain('Resource = "arn:aws:states:::aws-sdk:glue:startCrawler"');
    expect(definition).toContain("SparkSubmitParameters = var.spark_submit_parameters");
    expect(definition).not.toMatch(/spark\.[A-Za-z.]+=[0-9]/);
  });

  it("subscribes the notification addresses to the success topic, and needs at least one", () => {
    const sub = r.aws_sns_topic_subscription.notification_email;
    expect([sub.for_each, sub.topic_arn, sub.protocol]).toEqual([
      "${toset(var.notification_emails)}",
      "${aws_sns_topic.notifications.arn}",
      "email",
    ]);
    expect(problemsAfter((v) => (v.orchestration.notification_emails = []))).toEqual([
      "orchestration.notification_emails: Too small: expected array to have >=1 items",
    ]);
  });

  it("times out executions after timeout_seconds, so that the timed-out alarm can fire", () => {
    expect(definition).toContain("TimeoutSeconds = var.timeout_seconds");
    expect(problemsAfter((v) => (v.orchestration.timeout_seconds = 30))).toEqual([
      "orchestration.timeout_seconds: Too small: expected number to be >=60",
    ]);
  });

  it("retries only errors the services raise, each task its own service's", () => {
    for (const group of ["ssm", "glue_job", "emr_job", "glue_crawler", "sns"])
      expect(definition).toContain(`Retry = local.retriers.${group}`);
    expect(Object.keys(tf.locals.task_errors).sort()).toEqual(["emr_job", "glue_crawler", "glue_job", "sns", "ssm"]);
    // Names 1.0.0 accepted carry the upgrade note (config/upgrades.ts); a name no release accepted does not.
    for (const [error, note] of [
      ["States.TaskFailed", ""],
      ["SSM.ThrottlingException", " \\[changed in lakegen 2\\.0\\.0: .*\\]"],
      ["EMRServerless.ThrottlingException", " \\[changed in lakegen 2\\.0\\.0: .*\\]"],
    ]) {
      expect(problemsAfter((v) => (v.orchestration.retry.errors = [error]))).toEqual([
        expect.stringMatching(
          new RegExp(`^orchestration.retry.errors: must be errors the pipeline's AWS calls raise.*unknown: ${error}\\)${note}$`),
        ),
      ]);
    }
  });

  it("retries from the inputs and catches States.ALL into NotifyFailure", () => {
    expect(tf.locals.retriers).toContain("IntervalSeconds = var.retry.interval_seconds");
    expect(tf.locals.retriers).toContain("MaxAttempts = var.retry.max_attempts");
    expect(tf.locals.retriers).toContain("BackoffRate = var.retry.backoff_rate");
    // Every task but NotifyFailure, the handler itself, and the Map; each Glue job's own failure is caught
    // inside the Map (GlueJobFailed), so the other sources go on.
    const catches = definition.match(/Catch = \[/g) ?? [];
    expect(catches.length).toBe(8);
    expect(definition).toContain('Next = "GlueJobFailed"');
    expect(definition).toContain('Default = "InvalidInput"');
  });

  it("schedules each pipeline and keeps its window bookmark in SSM", () => {
    expect(r.aws_scheduler_schedule.pipeline.schedule_expression).toBe("${each.value.schedule}");
    expect(r.aws_scheduler_schedule.pipeline.target.input).toContain("<aws.scheduler.scheduled-time>");
    expect(r.aws_ssm_parameter.bookmark.lifecycle).toEqual({ ignore_changes: ["value"] });
  });

  it("gives each pipeline a least-privilege role", () => {
    const statements = tf.data.aws_iam_policy_document.pipeline.statement as { sid: string; actions: string[]; resources: string[] }[];
    const bySid = Object.fromEntries(statements.map((s) => [s.sid, s]));
    expect(bySid.StartSparkJob.resources).toEqual(["${var.emr_application_arn}"]);
    expect(bySid.PassJobRole.resources).toEqual(["${var.emr_job_role_arn}"]);
    expect(bySid.RunCrawler.resources[0]).toContain("${var.crawler_names[each.value.crawl_source]}");
    expect(bySid.RunCrawler.actions).toEqual(["glue:StartCrawler", "glue:GetCrawler"]);
    expect(bySid.RunGlueJobs.resources).toEqual(expect.stringContaining("var.glue_job_names[s]"));
    expect(bySid.SyncIntegrationRule.actions).toEqual(["events:PutTargets", "events:PutRule", "events:DescribeRule"]);
    for (const s of statements) expect(s.actions.filter((a) => a.endsWith(":*") || a === "*")).toEqual([]);
  });

  it("uploads the shipped Spark job with a content hash, and makes it the default entry point", () => {
    const script = r.aws_s3_object.job_script;
    expect(script.key).toBe("etl/transform.py");
    expect(script.source_hash).toBe('${filemd5("${path.module}/scripts/transform.py")}');
    expect(orchestrationSchema.shape.pipelines.valueType.shape.entry_point.parse(undefined)).toBe("etl/transform.py");
    expect(r.aws_s3_object.pipeline_config.content).toContain("max_records_per_file = each.value.max_records_per_file");
  });

  it("waits for the crawl, and treats a crawler already running as one to wait for", () => {
    expect(definition).toContain('Resource = "arn:aws:states:::aws-sdk:glue:getCrawler"');
    expect(definition).toContain("Seconds = var.crawler_poll_seconds");
    expect(definition).toContain('ErrorEquals = ["Glue.CrawlerRunningException"]');
  });

  it("documents every state, and every state is reachable from StartAt", () => {
    expect(Object.keys(STATE_PURPOSE).sort()).toEqual(Object.keys(DEFINITION.States).sort());
    const reached = new Set([DEFINITION.StartAt]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [from, to] of transitions(DEFINITION.States as never)) if (reached.has(from) && !reached.has(to)) grew = !!reached.add(to);
    }
    expect([...reached].sort()).toEqual(Object.keys(DEFINITION.States).sort());
  });

  describe("validation", () => {
    it("needs a pipeline's sources to be declared sources", () => {
      expect(
        problemsAfter(
          (v) => (v.orchestration.pipelines["daily-orders"].sources = ["source-system-a", "source-system-b", "api-integrations", "nope"]),
        ),
      ).toEqual(["orchestration.pipelines.daily-orders.sources: must name sources declared in `sources`."]);
    });

    it("needs every source processed by a pipeline, unless it lands only in raw on purpose", () => {
      const unprocessed =
        "no pipeline processes this source, so its data would stop in raw: add it to a pipeline's sources, or set raw_only = true if " +
        "it lands only in raw on purpose.";
      expect(problemsAfter((v) => (v.orchestration.pipelines["daily-orders"].sources = null))).toEqual([
        `sources.source-system-b: ${unprocessed}`,
        `sources.api-integrations: ${unprocessed}`,
      ]);
      expect(
        problemsAfter((v) => {
          v.orchestration.pipelines["daily-orders"].sources = ["source-system-a", "source-system-b"];
          v.sources["api-integrations"].raw_only = true;
        }),
      ).toEqual([]);
      expect(problemsAfter((v) => (v.sources["source-system-b"].raw_only = true))).toEqual([
        "sources.source-system-b.raw_only: is raw_only, yet a pipeline processes it: remove raw_only, or remove it from the " +
          "pipeline's sources.",
      ]);
    });

    it("needs the tasks' timeouts to fit in the execution's", () => {
      expect(problemsAfter((v) => (v.orchestration.task_timeouts.glue_job_seconds = 7200))).toEqual([
        expect.stringMatching(
          /^orchestration.timeout_seconds: must exceed the task timeouts together.*\(the tasks can take 10380 s ≥ timeout_seconds 7200\)$/,
        ),
      ]);
    });

    it("needs the crawl source to be a batch source", () => {
      expect(problemsAfter((v) => (v.orchestration.pipelines["daily-orders"].crawl_source = "api-integrations"))).toEqual([
        "orchestration.pipelines.daily-orders.crawl_source: must name a batch source (one with a crawler).",
      ]);
    });

    it("checks schedule expressions and retry bounds", () => {
      expect(problemsAfter((v) => (v.orchestration.pipelines["daily-orders"].schedule = "every day"))[0]).toMatch(
        /^orchestration\.pipelines\.daily-orders\.schedule: /,
      );
      expect(problemsAfter((v) => (v.orchestration.retry.backoff_rate = 0.5))[0]).toMatch(/^orchestration\.retry\.backoff_rate: /);
    });
  });
});
