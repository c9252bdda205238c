# Emulator run only (see the README's emulator table).

# moto fails PutBucketLogging with a 500 when the target bucket's policy has a
# statement whose Principal is "*" (ours: the TLS-only Deny).
resource "aws_s3_bucket_logging" "this" {
  for_each = {}
}

# moto applies a bucket policy's Deny without reading its Condition, so the
# TLS-only Deny would refuse every object write. The Allow statements stay.
resource "aws_s3_bucket_policy" "this" {
  policy = jsonencode(merge(jsondecode(data.aws_iam_policy_document.this[each.key].json), {
    Statement = [for s in jsondecode(data.aws_iam_policy_document.this[each.key].json).Statement : s if !(s.Effect == "Deny" && can(s.Condition))]
  }))
}
