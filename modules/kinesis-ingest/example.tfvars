# The fixture of kinesis-ingest's examples and its terraform test: the module's own inputs, as a
# platform team sets them. No environment's tfvars feed it, so an environment changes no release.
# synth checks it against the module's schema and rules, and names this file and the key.

retention_hours            = 168
buffering_size_mb          = 128
buffering_interval_seconds = 300
log_retention_days         = 90
