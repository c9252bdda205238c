# Usage assumed by `lakegen cost dev` and dist/envs/dev/docs/cost.md. Every key is optional;
# see deliverables/usage.ts for the defaults.
emr_job_hours_per_day = 0.5
ingest_gb_per_day = {
  source-system-a  = 2
  source-system-b  = 1
  api-integrations = 0.5
}
average_record_kb           = 1
glue_job_hours_per_day      = 0.25
athena_tb_scanned_per_month = 0.1
projection_months           = 12
