/**
 * The fixture behind monitoring's examples and its `terraform test`: inputs a platform team
 * would set, in AWS's documentation account. No environment's tfvars feed it, so adding
 * or editing an environment changes nothing in the module's release.
 */
import { type ModuleExample, exampleArn, perSource } from "../../lib/module";
import { EXAMPLE_SOURCES } from "../sources";
import type { monitoringSchema } from "./schema";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof monitoringSchema, typeof wiring> = {
  inputs: {
    alert_emails: [
      "data-platform-alerts@example.com"
    ],
    alarm_period_seconds: 300,
    alarm_evaluation_periods: 2,
    alarm_datapoints_to_alarm: 1,
    treat_missing_data: "notBreaching",
    thresholds: {
      pipeline_executions_failed: 1,
      pipeline_executions_timed_out: 1,
      delivery_freshness_seconds: 900,
      iterator_age_ms: 60000,
      write_throttled_records: 1
    },
    budget: {
      monthly_limit_usd: 5000,
      alert_thresholds_percent: [
        80,
        100
      ]
    }
  },
  wiring: (c) => ({
    state_machine_arns: Object.fromEntries(
      ["daily-orders"].map((p) => [p, exampleArn.stateMachine(c, `${c.prefix}-${p}`)]),
    ),
    delivery_stream_names: perSource(EXAMPLE_SOURCES, (s) => `${c.prefix}-${s}`, "stream"),
    stream_names: perSource(EXAMPLE_SOURCES, (s) => `${c.prefix}-${s}`, "stream"),
    glue_job_names: perSource(EXAMPLE_SOURCES, (s) => `${c.prefix}-${s}`),
    crawler_names: perSource(EXAMPLE_SOURCES, (s) => `${c.prefix}-${s}`, "batch"),
    emr_application_id: "00fexampleapp0001",
    kms_key_arn: exampleArn.key(c),
  }),
};
