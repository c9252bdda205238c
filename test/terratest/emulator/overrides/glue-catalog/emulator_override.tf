# Emulator run only (see the README's emulator table).

# moto: "The create_classifier action has not been implemented".
resource "aws_glue_classifier" "csv" {
  count = 0
}

resource "aws_glue_classifier" "xml" {
  for_each = {}
}

# moto does not keep a crawler's LakeFormationConfiguration.
resource "aws_glue_crawler" "this" {
  classifiers = []
  lifecycle {
    ignore_changes = [lake_formation_configuration]
  }
}

# moto: "The create_data_quality_ruleset action has not been implemented".
resource "aws_glue_data_quality_ruleset" "this" {
  for_each = {}
}
