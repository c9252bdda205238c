/**
 * The tasks' own timeouts must fit in the execution's: a task that times out
 * raises States.Timeout, which NotifyFailure catches, while an execution that
 * times out stops without notifying.
 */
import type { Rule } from "../../lib/rules";

type Inputs = {
  timeout_seconds: number;
  task_timeouts: { glue_job_seconds: number; spark_job_seconds: number; crawl_seconds: number; call_seconds: number };
  retry: { interval_seconds: number; max_attempts: number; backoff_rate: number };
};

/** Short calls in sequence: ReadBookmark, RunGlueCrawler, SaveBookmark, NotifySuccess or NotifyFailure, and one spare. */
export const SEQUENTIAL_CALLS = 5;
/** Stages that retry in sequence: ReadBookmark, RunGlueJob, StartEMRJob, RunGlueCrawler, SaveBookmark, NotifySuccess. */
export const RETRYING_STAGES = 6;

/** Seconds one stage waits between its retries, at most. */
export function retryWaitSeconds(r: Inputs["retry"]): number {
  let total = 0;
  for (let k = 0; k < r.max_attempts; k++) total += r.interval_seconds * r.backoff_rate ** k;
  return total;
}

/** The longest a run can take before NotifyFailure: the tasks' timeouts and the retry waits. */
export function worstCaseSeconds(i: Inputs): number {
  const t = i.task_timeouts;
  return (
    t.glue_job_seconds +
    t.spark_job_seconds +
    t.crawl_seconds +
    SEQUENTIAL_CALLS * t.call_seconds +
    RETRYING_STAGES * retryWaitSeconds(i.retry)
  );
}

const waitHcl = "sum(concat([0], [for k in range(var.retry.max_attempts) : var.retry.interval_seconds * pow(var.retry.backoff_rate, k)]))";
const worstHcl =
  `(var.task_timeouts.glue_job_seconds + var.task_timeouts.spark_job_seconds + var.task_timeouts.crawl_seconds + ` +
  `${SEQUENTIAL_CALLS} * var.task_timeouts.call_seconds + ${RETRYING_STAGES} * ${waitHcl})`;

export const timeoutBudgetRule: Rule = {
  path: "timeout_seconds",
  message:
    `must exceed the task timeouts together (glue_job + spark_job + crawl + ${SEQUENTIAL_CALLS} × call_seconds) plus ` +
    `${RETRYING_STAGES} stages' retry waits, so a stuck task fails into NotifyFailure before the execution times out.`,
  check: {
    evaluate: (s) => worstCaseSeconds(s.input as Inputs) < (s.input as Inputs).timeout_seconds,
    hcl: () => `${worstHcl} < var.timeout_seconds`,
    explain: (s) => {
      const i = s.input as Inputs;
      const worst = worstCaseSeconds(i);
      return worst < i.timeout_seconds ? undefined : `the tasks can take ${worst} s ≥ timeout_seconds ${i.timeout_seconds}`;
    },
  },
  offending: { label: "Tasks", hcl: `format("%d s", ${worstHcl})` },
  counterexample: () => ({ timeout_seconds: 60 }),
};
