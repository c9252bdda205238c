/** Who may come in: trust policies and resource policies that any principal, or any account, may use. */
import { type Condition, type Json, type PlanModel, type PlanResource, type Principal, policyStatements } from "../plan";
import { at, type Rule } from "../rule";

/** Condition keys that tie a request to named accounts, organizations, sources or networks. */
const NARROWING_KEYS = new Set(
  [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:userid",
    "kms:CallerAccount",
    "sts:ExternalId",
  ].map((k) => k.toLowerCase()),
);

/** A test that only lets matching requests through: not negated, not skipped when the key is absent, not "*". */
const narrows = (c: Condition, key: (k: string) => boolean) =>
  key(c.key.toLowerCase()) && !/Not|IfExists$/.test(c.operator) && c.values.length > 0 && !c.values.includes("*");

const isAnyone = (p: Principal) =>
  p.type === "*" || (p.type === "AWS" && p.ids.some((id) => id === "*" || /^arn:aws[a-z-]*:iam::\*:/.test(id)));

/** An OpenID Connect provider (GitHub Actions, EKS, …): anyone with a token from it, unless `:sub` is tested. */
const isOidc = (p: Principal) => p.type === "Federated" && p.ids.some((id) => /oidc-provider\/|^token\.actions\.githubusercontent\.com$/.test(id));

function openStatements(m: PlanModel, res: PlanResource, attr: string): Json[] {
  return (policyStatements(m, res, attr) ?? []).filter(
    (s) => s.effect === "Allow" && (s.principals ?? []).some(isAnyone) && !(s.conditions ?? []).some((c: Condition) => narrows(c, (k) => NARROWING_KEYS.has(k))),
  );
}

/** Resource policies, by type and attribute: who outside the account may use the resource. */
export const RESOURCE_POLICIES: [type: string, attr: string][] = [
  ["aws_kms_key", "policy"],
  ["aws_s3_bucket_policy", "policy"],
  ["aws_s3_bucket", "policy"],
  ["aws_sns_topic", "policy"],
  ["aws_sns_topic_policy", "policy"],
  ["aws_sqs_queue", "policy"],
  ["aws_sqs_queue_policy", "policy"],
  ["aws_glue_resource_policy", "policy"],
];

const actionsOf = (statements: Json[]) => [...new Set(statements.flatMap((s) => s.actions as string[]))].join(", ") || "every action";

export const exposureRules: Rule[] = [
  {
    id: "LG-IAM-007",
    title: "Role trust policy names who may assume the role",
    severity: "critical",
    rationale:
      "A trust policy with Principal \"*\", any account (arn:aws:iam::*:root) or an OIDC provider without a `:sub` test lets principals outside the platform assume the role and use everything it grants.",
    fix: "Name the service or the account's principals. For another account, add sts:ExternalId or aws:PrincipalOrgID; for OIDC (GitHub Actions, EKS), test the token's `:sub`.",
    equivalents: { checkov: ["CKV_AWS_60", "CKV_AWS_61", "CKV_AWS_358"], trivy: ["AVD-AWS-0141"] },
    check: (m) =>
      m.managed("aws_iam_role").flatMap((r) => {
        const open = openStatements(m, r, "assume_role_policy").length > 0;
        const oidc = (policyStatements(m, r, "assume_role_policy") ?? []).some(
          (s) => s.effect === "Allow" && (s.principals ?? []).some(isOidc) && !(s.conditions ?? []).some((c: Condition) => narrows(c, (k) => k.endsWith(":sub"))),
        );
        return [
          ...(open ? [at(r, "Any AWS principal may assume the role: no condition names an account, organization or external id.")] : []),
          ...(oidc ? [at(r, "Any identity of the OIDC provider may assume the role: no condition tests the token's :sub.")] : []),
        ];
      }),
  },
  {
    id: "LG-IAM-008",
    title: "Resource policy is not open to anyone",
    severity: "critical",
    rationale:
      "An Allow to Principal \"*\" on a key, bucket, topic, queue or the catalog, with no condition naming an account, organization, source or network, lets any AWS account use it.",
    fix: "Name the principals, or add a condition on aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn or kms:CallerAccount.",
    equivalents: { checkov: ["CKV_AWS_33", "CKV_AWS_70", "CKV_AWS_168", "CKV_AWS_169"], trivy: ["AVD-AWS-0067"] },
    check: (m) =>
      RESOURCE_POLICIES.flatMap(([type, attr]) =>
        m.managed(type).flatMap((r) => {
          const open = openStatements(m, r, attr);
          return open.length ? [at(r, `Allows ${actionsOf(open)} to any principal, with no narrowing condition.`)] : [];
        }),
      ),
  },
];
