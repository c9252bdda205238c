# The fixture of etl-pipeline's examples and its terraform test: the module's own inputs, as a
# platform team sets them. No environment's tfvars feed it, so an environment changes no release.
# synth checks it against the module's schema and rules, and names this file and the key.

retry = {
  interval_seconds = 60
  max_attempts     = 3
  backoff_rate     = 2
  errors = [
    "Glue.ConcurrentRunsExceededException",
    "EMRServerless.InternalServerException",
    "SNS.InternalErrorException",
  ]
}
notification_emails = ["data-platform-team@example.com"]
timeout_seconds     = 28800
task_timeouts = {
  glue_job_seconds  = 14400
  spark_job_seconds = 7200
  crawl_seconds     = 1800
  call_seconds      = 60
}
log_level          = "ERROR"
log_retention_days = 90
pipelines = {
  daily-orders = {
    schedule           = "cron(0 3 * * ? *)"
    timezone           = "UTC"
    entry_point        = "etl/transform.py"
    sources            = ["orders", "customers", "clickstream"]
    crawl_source       = "orders"
    first_window_start = "2026-01-01T00:00:00Z"
  }
}
