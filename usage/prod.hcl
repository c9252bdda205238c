# Usage assumed by `lakegen cost prod` and dist/envs/prod/docs/cost.md. Every key is optional;
# see deliverables/usage.ts for the defaults.
emr_job_hours_per_day = 3
ingest_gb_per_day = {
  source-system-a  = 120
  source-system-b  = 40
  api-integrations = 60
}
average_record_kb           = 2
glue_job_hours_per_day      = 1
athena_tb_scanned_per_month = 20
projection_months           = 12
