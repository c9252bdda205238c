# Emulator run only (see the README's emulator table).

# moto accepts only "SPARK" and "HIVE"; AWS and the provider take "spark".
# moto does not keep the architecture.
resource "aws_emrserverless_application" "spark" {
  type = "SPARK"
  lifecycle {
    ignore_changes = [architecture]
  }
}

# The output reads the application's architecture back; moto returns none.
output "architecture" {
  value = var.architecture
}
