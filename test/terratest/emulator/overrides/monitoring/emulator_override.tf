# Emulator run only (see the README's emulator table).

# moto: "The describe_subscribers_for_notification action has not been
# implemented", and Budgets' ListTagsForResource answers 500.
resource "aws_budgets_budget" "monthly" {
  count = 0
}

output "budget_limit_usd" {
  value = null
}
