# Emulator run only (see the README's emulator table).

# moto's ListPermissions rejects an LF-tag policy resource: "Resource must
# have either the catalog, table or database field populated".
resource "aws_lakeformation_permissions" "analyst_databases" {
  for_each = {}
}

resource "aws_lakeformation_permissions" "analyst_tables" {
  for_each = {}
}

# moto does not keep HybridAccessEnabled, which would force a replacement.
resource "aws_lakeformation_resource" "zone" {
  lifecycle {
    ignore_changes = [hybrid_access_enabled]
  }
}

# moto: CreateLakeFormationOptIn answers 404 "Not yet implemented" (HYBRID's opt-ins).
resource "aws_lakeformation_opt_in" "database" {
  for_each = {}
}

resource "aws_lakeformation_opt_in" "tables" {
  for_each = {}
}
