/** The wiring of monitoring's examples and terraform test: what other modules would give it. Its own inputs are in example.tfvars. */
import { type ModuleExample, exampleArn, perSource } from "../../lib/module";
import { exampleSources } from "../sources";
import { QUARANTINE_METRIC } from "../glue-catalog/tables";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof wiring> = {
  wiring: (c) => ({
    state_machine_arns: Object.fromEntries(["daily-orders"].map((p) => [p, exampleArn.stateMachine(c, `${c.prefix}-${p}`)])),
    delivery_stream_names: perSource(exampleSources(), (s) => `${c.prefix}-${s}`, "stream"),
    stream_names: perSource(exampleSources(), (s) => `${c.prefix}-${s}`, "stream"),
    glue_job_names: perSource(exampleSources(), (s) => `${c.prefix}-${s}`),
    quarantine_metric: QUARANTINE_METRIC,
    crawler_names: perSource(exampleSources(), (s) => `${c.prefix}-${s}`, "batch"),
    emr_application_id: "00fexampleapp0001",
    kms_key_arn: exampleArn.key(c),
  }),
};
