/**
 * The pipeline's state machine, as Amazon States Language with Terraform
 * interpolations: each task retries only its own service's errors, catches the
 * rest into NotifyFailure, and has its own timeout. The docs read it too.
 */
import type { JsonObject } from "../../lib/json";
import type { TaskGroup } from "./task-errors";

/** Each task retries only the errors its own service raises (task-errors.ts); local.retriers builds them. */
const retry = (group: TaskGroup) => `\${local.retriers.${group}}`;
const CATCH_TO_NOTIFY = { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "NotifyFailure" };
const CATCH = [CATCH_TO_NOTIFY];
// After the Glue jobs, a failure also reports which of them failed: a later error must not hide them.
const CATCH_WITH_GLUE_RUNS = [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "WithGlueRuns" }];
const CALL_TIMEOUT = "${var.task_timeouts.call_seconds}";
const task = (resource: string, group: TaskGroup, fields: Record<string, unknown>) => ({
  Type: "Task",
  Resource: resource,
  TimeoutSeconds: CALL_TIMEOUT,
  Catch: CATCH,
  ...fields,
  Retry: retry(group),
});
const JOB_CONFIG = "s3://${var.artifacts_bucket_name}/${aws_s3_object.pipeline_config[each.key].key}";

/**
 * The brief's pattern, with a bookmark read before and saved after the run:
 * the sources' Glue jobs (raw to processed, each gated by its quality rules),
 * the Spark job (processed to curated), then a crawl that is waited for.
 */
/** The input must carry a window end, as a timestamp. */
const WINDOW_END_GIVEN: JsonObject[] = [
  { Variable: "$.window_end", IsPresent: true },
  { Variable: "$.window_end", IsTimestamp: true },
];

/** The crawler is still busy, and has been polled for longer than the crawl may take. */
const CRAWL_OVERDUE: JsonObject[] = [
  { Not: { Variable: "$.crawler.Crawler.State", StringEquals: "READY" } },
  { Variable: "$.polls.n", NumericGreaterThanEquals: "${ceil(var.task_timeouts.crawl_seconds / var.crawler_poll_seconds)}" },
];

/** After a poll: too long, still busy, never crawled, or done. */
const CRAWL_CHOICES: JsonObject[] = [
  { And: CRAWL_OVERDUE, Next: "CrawlTimedOut" },
  { Not: { Variable: "$.crawler.Crawler.State", StringEquals: "READY" }, Next: "WaitForCrawler" },
  { Variable: "$.crawler.Crawler.LastCrawl", IsPresent: false, Next: "CrawlFailed" },
  { Variable: "$.crawler.Crawler.LastCrawl.Status", StringEquals: "SUCCEEDED", Next: "FindFailedGlueJobs" },
];

export const DEFINITION = {
  Comment: "${each.key}: validate, run the Glue jobs and the Spark job, crawl and wait, record the window, notify.",
  StartAt: "ValidateInput",
  TimeoutSeconds: "${var.timeout_seconds}",
  States: {
    ValidateInput: {
      Type: "Choice",
      Choices: [
        {
          And: WINDOW_END_GIVEN,
          Next: "ReadBookmark",
        },
      ],
      Default: "InvalidInput",
    },
    InvalidInput: {
      Type: "Pass",
      Result: {
        Error: "ValidationError",
        Cause: "The input needs window_end, an ISO-8601 timestamp; the schedule passes its scheduled time.",
      },
      ResultPath: "$.error",
      Next: "NotifyFailure",
    },
    ReadBookmark: task("arn:aws:states:::aws-sdk:ssm:getParameter", "ssm", {
      Parameters: { Name: "${aws_ssm_parameter.bookmark[each.key].name}" },
      ResultSelector: { "window_start.$": "$.Parameter.Value" },
      ResultPath: "$.bookmark",
      Next: "ListGlueJobs",
    }),
    ListGlueJobs: {
      Type: "Pass",
      Result: { glue_jobs: "${[for s in local.pipeline_sources[each.key] : var.glue_job_names[s]]}" },
      ResultPath: "$.run",
      Next: "RunGlueJobs",
    },
    // Raw to processed, one Glue job per source. A job that fails (its quality rules, its data) is recorded
    // and does not stop the others: the Spark job curates every source that loaded, then the run fails naming it.
    RunGlueJobs: {
      Type: "Map",
      ItemsPath: "$.run.glue_jobs",
      ItemSelector: {
        "job_name.$": "$$.Map.Item.Value",
        "window_start.$": "$.bookmark.window_start",
        "window_end.$": "$.window_end",
        failed: false,
      },
      MaxConcurrency: 0,
      ItemProcessor: {
        ProcessorConfig: { Mode: "INLINE" },
        StartAt: "RunGlueJob",
        States: {
          RunGlueJob: {
            Type: "Task",
            Resource: "arn:aws:states:::glue:startJobRun.sync",
            // The run's rows are tagged with the window, so a retry replaces them and the Spark job finds them.
            Parameters: {
              "JobName.$": "$.job_name",
              Arguments: { "--window_start.$": "$.window_start", "--window_end.$": "$.window_end" },
            },
            TimeoutSeconds: "${var.task_timeouts.glue_job_seconds}",
            Retry: retry("glue_job"),
            Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "GlueJobFailed" }],
            // A job that succeeded passes on its item: { job_name, window_end, failed = false }.
            ResultPath: null,
            End: true,
          },
          GlueJobFailed: { Type: "Pass", Parameters: { "job_name.$": "$.job_name", failed: true, "error.$": "$.error" }, End: true },
        },
      },
      ResultPath: "$.glue_runs",
      Catch: CATCH,
      Next: "StartEMRJob",
    },
    StartEMRJob: task("arn:aws:states:::emr-serverless:startJobRun.sync", "emr_job", {
      TimeoutSeconds: "${var.task_timeouts.spark_job_seconds}",
      Parameters: {
        ApplicationId: "${var.emr_application_id}",
        ExecutionRoleArn: "${var.emr_job_role_arn}",
        Name: "${each.key}",
        JobDriver: {
          SparkSubmit: {
            EntryPoint: "s3://${var.artifacts_bucket_name}/${each.value.entry_point}",
            "EntryPointArguments.$":
              `States.Array('--config', '${JOB_CONFIG}', '--window-start', $.bookmark.window_start, ` + `'--window-end', $.window_end)`,
            SparkSubmitParameters: "${var.spark_submit_parameters}",
          },
        },
        ConfigurationOverrides: { MonitoringConfiguration: "${var.job_monitoring_configuration}" },
      },
      ResultPath: "$.emr",
      Next: "StartCrawlClock",
      Catch: CATCH_WITH_GLUE_RUNS,
    }),
    StartCrawlClock: { Type: "Pass", Result: { n: 0 }, ResultPath: "$.polls", Next: "RunGlueCrawler" },
    RunGlueCrawler: {
      Type: "Task",
      Resource: "arn:aws:states:::aws-sdk:glue:startCrawler",
      Parameters: { Name: "${var.crawler_names[each.value.crawl_source]}" },
      ResultPath: null,
      TimeoutSeconds: CALL_TIMEOUT,
      Retry: retry("glue_crawler"),
      // A crawl already running (its own schedule started it) is waited for like ours.
      Catch: [{ ErrorEquals: ["Glue.CrawlerRunningException"], ResultPath: null, Next: "WaitForCrawler" }, ...CATCH_WITH_GLUE_RUNS],
      Next: "WaitForCrawler",
    },
    WaitForCrawler: { Type: "Wait", Seconds: "${var.crawler_poll_seconds}", Next: "GetCrawler" },
    GetCrawler: task("arn:aws:states:::aws-sdk:glue:getCrawler", "glue_crawler", {
      Parameters: { Name: "${var.crawler_names[each.value.crawl_source]}" },
      ResultPath: "$.crawler",
      Next: "CountPoll",
      Catch: CATCH_WITH_GLUE_RUNS,
    }),
    CountPoll: { Type: "Pass", Parameters: { "n.$": "States.MathAdd($.polls.n, 1)" }, ResultPath: "$.polls", Next: "CrawlFinished" },
    // Rules are tried in order, so LastCrawl is read only once the crawler is READY and has one.
    CrawlFinished: {
      Type: "Choice",
      Choices: CRAWL_CHOICES,
      Default: "CrawlFailed",
    },
    CrawlFailed: {
      Type: "Pass",
      Parameters: {
        Error: "CrawlerFailed",
        "Crawler.$": "$.crawler.Crawler.Name",
        Cause: "The crawl did not succeed: see the crawler's last crawl and its CloudWatch logs.",
      },
      ResultPath: "$.error",
      Next: "WithGlueRuns",
    },
    CrawlTimedOut: {
      Type: "Pass",
      Parameters: {
        Error: "CrawlTimedOut",
        "Crawler.$": "$.crawler.Crawler.Name",
        Cause: "The crawl ran longer than task_timeouts.crawl_seconds.",
      },
      ResultPath: "$.error",
      Next: "WithGlueRuns",
    },
    WithGlueRuns: {
      Type: "Pass",
      Parameters: { "failure.$": "$.error", "glue_runs.$": "$.glue_runs" },
      ResultPath: "$.error",
      Next: "NotifyFailure",
    },
    // The window is done only when every source loaded: otherwise the run fails, and the next one takes it up again.
    // (No comma inside the Format string: the interpreter the tests run splits arguments on it.)
    FindFailedGlueJobs: {
      Type: "Pass",
      Parameters: { "any.$": "States.ArrayContains($.glue_runs[*].failed, true)" },
      ResultPath: "$.glue_failures",
      Next: "AllGlueJobsSucceeded",
    },
    AllGlueJobsSucceeded: {
      Type: "Choice",
      Choices: [{ Variable: "$.glue_failures.any", BooleanEquals: true, Next: "GlueJobsFailed" }],
      Default: "SaveBookmark",
    },
    GlueJobsFailed: {
      Type: "Pass",
      Parameters: {
        Error: "GlueJobsFailed",
        "Cause.$":
          "States.Format('The other sources were curated. In the window from {} to {} the Glue jobs marked failed did not load; the " +
          "window stays for the next run: {}', $.bookmark.window_start, $.window_end, States.JsonToString($.glue_runs))",
      },
      ResultPath: "$.error",
      Next: "NotifyFailure",
    },
    SaveBookmark: task("arn:aws:states:::aws-sdk:ssm:putParameter", "ssm", {
      Parameters: { Name: "${aws_ssm_parameter.bookmark[each.key].name}", "Value.$": "$.window_end", Overwrite: true },
      ResultPath: null,
      Next: "NotifySuccess",
    }),
    NotifySuccess: task("arn:aws:states:::sns:publish", "sns", {
      Parameters: {
        TopicArn: "${aws_sns_topic.notifications.arn}",
        "Message.$": "States.Format('Pipeline ${each.key} processed {} to {}.', $.bookmark.window_start, $.window_end)",
      },
      End: true,
    }),
    // The failure handler itself: it publishes the reason, then fails the execution.
    NotifyFailure: {
      Type: "Task",
      Resource: "arn:aws:states:::sns:publish",
      TimeoutSeconds: CALL_TIMEOUT,
      Retry: retry("sns"),
      Parameters: {
        TopicArn: "${var.alert_topic_arn}",
        "Message.$": "States.Format('Pipeline ${each.key} failed: {}', States.JsonToString($.error))",
      },
      Next: "Failed",
    },
    Failed: { Type: "Fail", Error: "PipelineFailed", Cause: "See the failure notification and the execution history." },
  },
} satisfies JsonObject;

/** What each state does, for the docs; a test checks every state has a line. */
export const STATE_PURPOSE: Record<string, string> = {
  ValidateInput: "checks window_end",
  InvalidInput: "records the validation error",
  ReadBookmark: "reads the last window end: this run's window_start",
  ListGlueJobs: "lists the Glue jobs of the pipeline's sources",
  RunGlueJobs: "runs them (raw to processed); a job that fails (a failed quality rule) is recorded, and the others go on",
  StartEMRJob: "runs the Spark job on the window (processed to curated), and waits",
  StartCrawlClock: "starts counting the polls of the crawl",
  RunGlueCrawler: "starts the crawler, or waits for the crawl already running",
  WaitForCrawler: "waits crawler_poll_seconds",
  GetCrawler: "reads the crawler's state",
  CountPoll: "counts the poll",
  CrawlFinished: "loops until READY, at most crawl_seconds; goes on only if the last crawl SUCCEEDED",
  CrawlFailed: "records the crawl's failure",
  CrawlTimedOut: "records that the crawl outlasted crawl_seconds",
  WithGlueRuns: "adds each Glue job's outcome to a later failure, so it does not hide a failed source",
  FindFailedGlueJobs: "collects the Glue jobs that failed",
  AllGlueJobsSucceeded: "goes on only if none failed",
  GlueJobsFailed: "records which failed: the others are curated, the window stays for the next run",
  SaveBookmark: "records window_end, only after everything succeeded",
  NotifySuccess: "publishes to the notifications topic",
  NotifyFailure: "publishes the error to the alert topic",
  Failed: "fails the execution",
};

/** The parts of an Amazon States Language state that the diagram and the tests read. */
export interface AslState {
  Type: string;
  Next?: string;
  Default?: string;
  Resource?: string;
  Choices?: readonly JsonObject[];
  Catch?: readonly JsonObject[];
  [field: string]: unknown;
}

/** Transitions of a definition, as [from, to, label] (label: the error or choice that leads there). */
export function transitions(states: Record<string, AslState>): [string, string, string][] {
  const edges: [string, string, string][] = [];
  for (const [name, s] of Object.entries(states)) {
    if (s.Next) edges.push([name, s.Next, ""]);
    for (const c of s.Choices ?? []) edges.push([name, String(c.Next), "choice"]);
    if (s.Default) edges.push([name, s.Default, "otherwise"]);
    for (const c of s.Catch ?? []) edges.push([name, String(c.Next), Array.isArray(c.ErrorEquals) ? c.ErrorEquals.join(", ") : ""]);
  }
  return edges.filter(([a, b, l], i) => edges.findIndex(([x, y, m]) => x === a && y === b && m === l) === i);
}
