# Emulator run only (see the README's emulator table).

# moto drops the Tags of CreateStream, so default tags would differ on every plan.
resource "aws_kinesis_stream" "this" {
  lifecycle {
    ignore_changes = [tags_all]
  }
}
