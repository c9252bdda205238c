/**
 * Every pipeline's state machine, executed: the definition Terraform renders
 * for each environment, run by aws-local-stepfunctions with every task
 * replaced by a stub that records its call. One test per path.
 */
import "../../test/setup/promise-with-resolvers";
import validateAsl from "asl-validator";
import { ExecutionError, ExecutionTimeoutError, StateMachine } from "aws-local-stepfunctions";
import { environmentConfig } from "../../testkit/helpers";
import { renderedRoot, type RenderedRoot } from "../../testkit/rendered-root";
import type { OrchestrationInputs } from "./schema";
import { TASK_ERRORS, type TaskGroup } from "./task-errors";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it
type Handler = (input: Json) => Promise<unknown>;

const ENVS = ["dev", "prod"];
const WINDOW_END = "2026-02-01T03:00:00Z";
const BOOKMARK = "2026-01-31T03:00:00Z";

const roots: Record<string, RenderedRoot> = {};
beforeAll(async () => {
  for (const env of ENVS) roots[env] = await renderedRoot(env);
});

const awsError = (name: string, message = name) => Object.assign(new Error(message), { name });

/** Stubs for every task, recording each call; `overrides` replaces some. */
function stubs(overrides: Record<string, Handler> = {}) {
  const calls: { state: string; input: Json }[] = [];
  let polls = 0;
  const defaults: Record<string, Handler> = {
    ReadBookmark: async () => ({ Parameter: { Value: BOOKMARK } }),
    RunGlueJob: async (i) => ({ JobName: i.JobName, JobRunState: "SUCCEEDED" }),
    StartEMRJob: async () => ({ JobRunId: "00run", State: "SUCCESS" }),
    RunGlueCrawler: async () => ({}),
    // The crawl runs for one poll, then succeeds.
    GetCrawler: async (i) =>
      ++polls < 2
        ? { Crawler: { Name: i.Name, State: "RUNNING" } }
        : { Crawler: { Name: i.Name, State: "READY", LastCrawl: { Status: "SUCCEEDED" } } },
    SaveBookmark: async () => ({ Version: 2 }),
    NotifySuccess: async () => ({ MessageId: "ok" }),
    NotifyFailure: async () => ({ MessageId: "failed" }),
  };
  const handlers = { ...defaults, ...overrides };
  const recorded = Object.fromEntries(
    Object.entries(handlers).map(([state, fn]) => [
      state,
      async (input: Json) => {
        calls.push({ state, input });
        return fn(input);
      },
    ]),
  );
  const called = (state: string) => calls.filter((c) => c.state === state);
  return { handlers: recorded, calls, called, order: () => calls.map((c) => c.state) };
}

const run = async (definition: Json, input: unknown, s: ReturnType<typeof stubs>) => {
  const machine = new StateMachine(definition as never, { validationOptions: { checkArn: true, checkPaths: true } });
  const retryStates = ["ReadBookmark", "RunGlueJob", "StartEMRJob", "RunGlueCrawler", "GetCrawler", "SaveBookmark", "NotifySuccess"];
  const execution = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: s.handlers as never,
      waitTimeOverrides: { WaitForCrawler: 0 },
      retryIntervalOverrides: Object.fromEntries(retryStates.map((st) => [st, 0])),
    },
  });
  return execution.result;
};

const orchestrationOf = (env: string) => environmentConfig(env).orchestration as OrchestrationInputs;

const cases = ENVS.flatMap((env) => Object.keys(orchestrationOf(env).pipelines).map((pipeline) => [env, pipeline] as const));

describe.each(cases)("%s pipeline %s", (env, pipeline) => {
  const orchestration = orchestrationOf(env);
  const p = orchestration.pipelines[pipeline];
  const sources = p.sources ?? [p.crawl_source];
  const retries = orchestration.retry.max_attempts;
  const emrTransient = orchestration.retry.errors.find((e) => TASK_ERRORS.emr_job.includes(e))!;
  const definition = (): Json => JSON.parse(roots[env].outputs.etl_pipeline.definitions[pipeline]);
  const failureMessage = (s: ReturnType<typeof stubs>) => String(s.called("NotifyFailure")[0]?.input.Message);

  it("is a valid Amazon States Language definition (asl-validator)", () => {
    const { isValid, errors } = validateAsl(structuredClone(definition()));
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  it("carries the environment's timeout, and the ARNs the root created", () => {
    const d = definition();
    expect(d.TimeoutSeconds).toBe(orchestration.timeout_seconds);
    const outputs = roots[env].outputs;
    expect(d.States.NotifyFailure.Parameters.TopicArn).toBe(outputs.monitoring.alert_topic_arn);
    expect(d.States.NotifySuccess.Parameters.TopicArn).toBe(outputs.etl_pipeline.notifications_topic_arn);
    expect(d.States.StartEMRJob.Parameters.ExecutionRoleArn).toBe(outputs.emr_serverless.job_role_arn);
    expect(d.States.StartEMRJob.Parameters.JobDriver.SparkSubmit.EntryPoint).toBe(
      `s3://${outputs.data_lake_storage.artifacts_bucket_name}/${p.entry_point}`,
    );
  });

  it("each task retries only errors its own service raises, and has its own timeout", () => {
    const states: Record<string, Json> = { ...definition().States, ...definition().States.RunGlueJobs.ItemProcessor.States };
    const groups: Record<string, TaskGroup> = {
      ReadBookmark: "ssm",
      SaveBookmark: "ssm",
      RunGlueJob: "glue_job",
      StartEMRJob: "emr_job",
      RunGlueCrawler: "glue_crawler",
      GetCrawler: "glue_crawler",
      NotifySuccess: "sns",
      NotifyFailure: "sns",
    };
    const tasks = Object.entries(states).filter(([, st]) => st.Type === "Task");
    expect(tasks.map(([name]) => name).sort()).toEqual(Object.keys(groups).sort());
    for (const [name, st] of tasks) {
      const names = [...(st.Retry ?? []), ...(st.Catch ?? [])].flatMap((r: Json) => r.ErrorEquals as string[]);
      expect({ name, unknown: names.filter((e) => e !== "States.ALL" && !TASK_ERRORS[groups[name]].includes(e)) }).toEqual({
        name,
        unknown: [],
      });
      expect(typeof st.TimeoutSeconds).toBe("number");
    }
    expect(states.RunGlueJob.TimeoutSeconds).toBe(orchestration.task_timeouts.glue_job_seconds);
    expect(states.StartEMRJob.TimeoutSeconds).toBe(orchestration.task_timeouts.spark_job_seconds);
    expect(states.RunGlueJob.Retry[0].ErrorEquals).toContain("Glue.ConcurrentRunsExceededException");
  });

  it("a stuck task times out into NotifyFailure, inside the execution's timeout", async () => {
    const d = definition();
    d.States.RunGlueJobs.ItemProcessor.States.RunGlueJob.TimeoutSeconds = 1;
    const s = stubs({ RunGlueJob: () => new Promise((done) => setTimeout(() => done({ JobRunState: "SUCCEEDED" }), 1500)) });
    await expect(run(d, { window_end: WINDOW_END }, s)).rejects.toThrow(ExecutionError);
    expect(s.called("NotifyFailure")).toHaveLength(1);
    expect(failureMessage(s)).toContain("States.Timeout");
    expect(failureMessage(s)).toContain("GlueJobsFailed");
    expect(s.called("SaveBookmark")).toEqual([]);
  });

  it("a crawl that never finishes fails as CrawlTimedOut after crawl_seconds of polls", async () => {
    const s = stubs({ GetCrawler: async (i) => ({ Crawler: { Name: i.Name, State: "RUNNING" } }) });
    await expect(run(definition(), { window_end: WINDOW_END }, s)).rejects.toThrow(ExecutionError);
    const polls = Math.ceil(orchestration.task_timeouts.crawl_seconds / orchestration.crawler_poll_seconds);
    expect(s.called("GetCrawler")).toHaveLength(polls);
    expect(failureMessage(s)).toContain("CrawlTimedOut");
  });

  it("happy path: Glue jobs, Spark job, crawl awaited, then the bookmark and the success notice", async () => {
    const s = stubs();
    await run(definition(), { window_end: WINDOW_END }, s);
    // Each Glue job gets the window, so a source that loaded nothing new can tell a rerun from silence.
    expect(s.called("RunGlueJob").map((c) => c.input.Arguments)).toEqual(
      sources.map(() => ({ "--window_start": BOOKMARK, "--window_end": WINDOW_END })),
    );
    const order = s.order();
    expect(order.filter((st) => st !== "RunGlueJob" && st !== "GetCrawler")).toEqual([
      "ReadBookmark",
      "StartEMRJob",
      "RunGlueCrawler",
      "SaveBookmark",
      "NotifySuccess",
    ]);
    expect(order.indexOf("SaveBookmark")).toBeGreaterThan(order.lastIndexOf("GetCrawler"));
    expect(order.lastIndexOf("RunGlueJob")).toBeLessThan(order.indexOf("StartEMRJob"));
    expect(
      s
        .called("RunGlueJob")
        .map((c) => c.input.JobName)
        .sort(),
    ).toEqual(sources.map((src) => roots[env].outputs.glue_catalog.job_names[src]).sort());
    expect(s.called("GetCrawler")).toHaveLength(2);
    const args = s.called("StartEMRJob")[0].input.JobDriver.SparkSubmit.EntryPointArguments;
    expect(args).toEqual([
      "--config",
      expect.stringMatching(/^s3:\/\/.+\/etl\/pipelines\/.+\.json$/),
      "--window-start",
      BOOKMARK,
      "--window-end",
      WINDOW_END,
    ]);
    expect(s.called("SaveBookmark")[0].input.Value).toBe(WINDOW_END);
    expect(String(s.called("NotifySuccess")[0].input.Message)).toContain(`${BOOKMARK} to ${WINDOW_END}`);
    expect(s.called("NotifyFailure")).toEqual([]);
  });

  it.each([[{}], [{ window_end: "yesterday" }]])("invalid input %j: NotifyFailure, then Fail, and no job starts", async (input) => {
    const s = stubs();
    await expect(run(definition(), input, s)).rejects.toThrow(ExecutionError);
    expect(s.order()).toEqual(["NotifyFailure"]);
    expect(failureMessage(s)).toContain("ValidationError");
  });

  it("a transient EMR error is retried the configured number of times, then the run succeeds", async () => {
    let attempts = 0;
    const s = stubs({
      StartEMRJob: async () => {
        if (++attempts <= retries) throw awsError(emrTransient);
        return { State: "SUCCESS" };
      },
    });
    await run(definition(), { window_end: WINDOW_END }, s);
    expect(s.called("StartEMRJob")).toHaveLength(retries + 1);
    expect(s.called("SaveBookmark")).toHaveLength(1);
    expect(s.called("NotifyFailure")).toEqual([]);
  });

  it("an EMR job that fails for good is not rerun: NotifyFailure after one attempt, bookmark kept", async () => {
    const s = stubs({ StartEMRJob: async () => Promise.reject(awsError("States.TaskFailed", "Job run failed: exit code 1")) });
    await expect(run(definition(), { window_end: WINDOW_END }, s)).rejects.toThrow(ExecutionError);
    expect(s.called("StartEMRJob")).toHaveLength(1);
    expect(s.called("SaveBookmark")).toEqual([]);
    expect(failureMessage(s)).toContain("States.TaskFailed");
  });

  it("a Glue job and then the Spark job fail: the alert names both, the later error does not hide the source", async () => {
    const failing = roots[env].outputs.glue_catalog.job_names[sources[0]];
    const s = stubs({
      RunGlueJob: async (i) =>
        i.JobName === failing
          ? Promise.reject(awsError("States.TaskFailed", "DataQualityError: rules failed"))
          : { JobRunState: "SUCCEEDED" },
      StartEMRJob: async () => Promise.reject(awsError("States.TaskFailed", "Job run failed: exit code 1")),
    });
    await expect(run(definition(), { window_end: WINDOW_END }, s)).rejects.toThrow(ExecutionError);
    expect(s.called("NotifyFailure")).toHaveLength(1);
    expect(failureMessage(s)).toContain("Job run failed");
    expect(failureMessage(s)).toContain(failing);
    expect(failureMessage(s)).toContain("DataQualityError");
  });

  it("a transient error that persists goes to NotifyFailure after the configured attempts", async () => {
    const s = stubs({ StartEMRJob: async () => Promise.reject(awsError(emrTransient)) });
    await expect(run(definition(), { window_end: WINDOW_END }, s)).rejects.toThrow(ExecutionError);
    expect(s.called("StartEMRJob")).toHaveLength(retries + 1);
    expect(s.called("NotifyFailure")).toHaveLength(1);
    expect(s.called("SaveBookmark")).toEqual([]);
  });

  it("a quality failure in one Glue job: the other sources still curated, then NotifyFailure naming it, bookmark kept", async () => {
    const failing = roots[env].outputs.glue_catalog.job_names[sources[0]];
    const s = stubs({
      RunGlueJob: async (i) =>
        i.JobName === failing
          ? Promise.reject(awsError("States.TaskFailed", "DataQualityError: Data Quality rules failed, nothing written"))
          : { JobName: i.JobName, JobRunState: "SUCCEEDED" },
    });
    await expect(run(definition(), { window_end: WINDOW_END }, s)).rejects.toThrow(ExecutionError);
    expect(
      s
        .called("RunGlueJob")
        .map((c) => c.input.JobName)
        .sort(),
    ).toEqual(sources.map((src) => roots[env].outputs.glue_catalog.job_names[src]).sort());
    expect(s.called("StartEMRJob")).toHaveLength(1);
    for (const state of ["SaveBookmark", "NotifySuccess"]) expect(s.called(state)).toEqual([]);
    expect(s.called("NotifyFailure")).toHaveLength(1);
    expect(failureMessage(s)).toContain("GlueJobsFailed");
    expect(failureMessage(s)).toContain(`In the window from ${BOOKMARK} to ${WINDOW_END}`);
    expect(failureMessage(s)).toContain(failing);
    expect(failureMessage(s)).toContain("DataQualityError");
  });

  it("a failed crawl: NotifyFailure, and the bookmark is not saved", async () => {
    const s = stubs({ GetCrawler: async (i) => ({ Crawler: { Name: i.Name, State: "READY", LastCrawl: { Status: "FAILED" } } }) });
    await expect(run(definition(), { window_end: WINDOW_END }, s)).rejects.toThrow(ExecutionError);
    expect(s.called("SaveBookmark")).toEqual([]);
    expect(failureMessage(s)).toContain("CrawlerFailed");
  });

  it("a crawler already running is waited for instead of failing the run", async () => {
    const s = stubs({ RunGlueCrawler: async () => Promise.reject(awsError("Glue.CrawlerRunningException")) });
    await run(definition(), { window_end: WINDOW_END }, s);
    expect(s.called("RunGlueCrawler")).toHaveLength(1);
    expect(s.called("SaveBookmark")).toHaveLength(1);
  });

  it("an execution past TimeoutSeconds times out without saving the bookmark", async () => {
    // The rendered timeout is checked above; one second here keeps the test short.
    const d = { ...definition(), TimeoutSeconds: 1 };
    const s = stubs({ StartEMRJob: () => new Promise((done) => setTimeout(() => done({ State: "SUCCESS" }), 1500)) });
    await expect(run(d, { window_end: WINDOW_END }, s)).rejects.toThrow(ExecutionTimeoutError);
    // The Spark job ends after the timeout: the execution must not go on to record the window.
    await new Promise((r) => setTimeout(r, 1000));
    expect(s.called("StartEMRJob")).toHaveLength(1);
    expect(s.called("SaveBookmark")).toEqual([]);
  });
});
