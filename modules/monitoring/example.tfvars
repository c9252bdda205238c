# The fixture of monitoring's examples and its terraform test: the module's own inputs, as a
# platform team sets them. No environment's tfvars feed it, so an environment changes no release.
# synth checks it against the module's schema and rules, and names this file and the key.

alert_emails              = ["data-platform-alerts@example.com"]
alarm_period_seconds      = 300
alarm_evaluation_periods  = 2
alarm_datapoints_to_alarm = 1
treat_missing_data        = "notBreaching"
thresholds = {
  pipeline_executions_failed    = 1
  pipeline_executions_timed_out = 1
  delivery_freshness_seconds    = 900
  iterator_age_ms               = 60000
  write_throttled_records       = 1
}
budget = {
  monthly_limit_usd        = 5000
  alert_thresholds_percent = [80, 100]
}
