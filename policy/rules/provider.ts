/** Provider configuration: credentials come from the environment, never from the code or the plan. */
import { expressionOf } from "../plan-json";
import type { Rule } from "../rule";

const CREDENTIALS = ["access_key", "secret_key", "token"];

export const providerRules: Rule[] = [
  {
    id: "LG-PROVIDER-001",
    title: "Provider configuration holds no credentials",
    severity: "critical",
    guards: "access",
    rationale:
      "Keys written in a provider block are in the repository, in every plan file and in CI logs; anyone who reads them acts as that " +
      "identity.",
    fix:
      "Remove access_key, secret_key and token. Let the provider find credentials itself: OIDC in CI, a profile or SSO on a " +
      "laptop, assume_role for other accounts.",
    equivalents: { checkov: ["CKV_AWS_41"], trivy: ["AVD-AWS-0178"] },
    check: (m) =>
      m.providers
        .filter((p) => p.name === "aws")
        .flatMap((p) => {
          const written = CREDENTIALS.filter((k) => {
            const value = expressionOf(p.expressions, k)?.constant_value;
            return typeof value === "string" && value !== "";
          });
          if (!written.length) return [];
          return [
            {
              address: `provider.${p.key.replace(/^.*:/, "")}`,
              resourceType: "provider",
              message: `The provider configuration writes ${written.join(", ")}.`,
              file: p.file,
              moduleAddress: p.moduleAddress,
            },
          ];
        }),
  },
];
