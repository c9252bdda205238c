# The fixture of emr-serverless's examples and its terraform test: the module's own inputs, as a
# platform team sets them. No environment's tfvars feed it, so an environment changes no release.
# synth checks it against the module's schema and rules, and names this file and the key.

release_label = "emr-7.5.0"
architecture  = "ARM64"
driver = {
  cpu       = 4
  memory_gb = 16
}
executor = {
  cpu       = 4
  memory_gb = 16
  disk_gb   = 50
}
min_executors = 2
max_executors = 20
max_capacity = {
  cpu       = 96
  memory_gb = 384
  disk_gb   = 1500
}
initial_capacity = {
  driver_count   = 1
  executor_count = 2
}
idle_timeout_minutes = 30
log_retention_days   = 90
