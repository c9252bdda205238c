# The fixture of lake-formation's examples and its terraform test: the module's own inputs, as a
# platform team sets them. No environment's tfvars feed it, so an environment changes no release.
# synth checks it against the module's schema and rules, and names this file and the key.

admins = [
  "arn:aws:iam::111122223333:role/DataPlatformAdmin",
  "arn:aws:iam::111122223333:role/TerraformDeploy",
]
# The plan roles read Lake Formation's state, and change none of it.
read_only_admins = [
  "arn:aws:iam::111122223333:role/github-example-lake-prod-pr",
  "arn:aws:iam::111122223333:role/github-example-lake-prod-plan",
]
permission_model = "LAKE_FORMATION"
classifications  = ["public", "internal", "confidential"]
zone_classification = {
  raw       = "confidential"
  processed = "internal"
  curated   = "internal"
}
analyst_roles = ["arn:aws:iam::111122223333:role/DataAnalyst"]
analyst_zones = ["curated"]
# Analysts read internal and public tables of their zones, never confidential ones.
analyst_classifications = ["public", "internal"]
