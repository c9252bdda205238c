/** The rules in provider.ts (provider configuration): a non-compliant case each, at its own address, then the cases that need more. */
import { describeRuleCases } from "../../testkit/policy/rule-cases";

describeRuleCases(
  {
    "LG-PROVIDER-001": (f) =>
      Object.assign(f.provider, { access_key: { constant_value: "AKIAIOSFODNN7EXAMPLE" }, secret_key: { constant_value: "example" } }),
  },
  {
    "LG-PROVIDER-001": ["provider.aws"],
  },
);
