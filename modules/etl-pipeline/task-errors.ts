/**
 * The errors each task's AWS calls can raise, as Step Functions names them,
 * from the service models (task-errors.json, checked against botocore by
 * modules/etl-pipeline/test_task_errors.py). Each task retries only its own service's.
 */
import catalog from "./task-errors.json";
import type { Rule } from "../../lib/rules";

export type TaskGroup = keyof typeof catalog.tasks;

/** Errors per task group: ssm (bookmark), glue_job, emr_job, glue_crawler, sns. */
export const TASK_ERRORS: Record<TaskGroup, string[]> = Object.fromEntries(
  Object.entries(catalog.tasks).map(([group, t]) => [group, t.errors]),
) as Record<TaskGroup, string[]>;

/** The states of each task group, for the README. */
export const TASK_STATES: Record<TaskGroup, string> = {
  ssm: "ReadBookmark, SaveBookmark",
  glue_job: "RunGlueJob",
  emr_job: "StartEMRJob",
  glue_crawler: "RunGlueCrawler, GetCrawler",
  sns: "NotifySuccess, NotifyFailure",
};

export const KNOWN_ERRORS: string[] = [...new Set(Object.values(TASK_ERRORS).flat())].sort();

/** Throttling, concurrency and service faults: raised when a call starts, and worth another try. */
export const TRANSIENT_ERRORS = [
  "Glue.ConcurrentRunsExceededException",
  "Glue.InternalServiceException",
  "Glue.OperationTimeoutException",
  "EMRServerless.InternalServerException",
  "Ssm.InternalServerErrorException",
  "Ssm.TooManyUpdatesException",
  "SNS.InternalErrorException",
  "SNS.KMSThrottlingException",
];

const known = JSON.stringify(KNOWN_ERRORS);
const unknown = (errors: unknown) => ((errors as string[] | undefined) ?? []).filter((e) => !KNOWN_ERRORS.includes(e));

export const knownErrorsRule: Rule = {
  path: "retry.errors",
  message:
    "must be errors the pipeline's AWS calls raise, as Step Functions names them (the etl-pipeline README lists them); " +
    "States.* errors are never retried: a failed or timed-out task goes to NotifyFailure.",
  check: {
    evaluate: (s) => unknown((s.input as { retry?: { errors?: string[] } }).retry?.errors).length === 0,
    hcl: () => `length(setsubtract(var.retry.errors, ${known})) == 0`,
    explain: (s) => `unknown: ${unknown((s.input as { retry?: { errors?: string[] } }).retry?.errors).join(", ")}`,
  },
  offending: { label: "Unknown", hcl: `join(", ", sort(setsubtract(var.retry.errors, ${known})))` },
  counterexample: (valid) => ({ retry: { ...(valid.retry as object), errors: ["SSM.ThrottlingException"] } }),
};
