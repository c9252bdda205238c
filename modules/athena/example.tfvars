# The fixture of athena's examples and its terraform test: the module's own inputs, as a
# platform team sets them. No environment's tfvars feed it, so an environment changes no release.
# synth checks it against the module's schema and rules, and names this file and the key.

bytes_scanned_cutoff_per_query = 1099511627776
engine_version                 = "Athena engine version 3"
