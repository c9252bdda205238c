/** Who may come in: trust policies and resource policies that any principal, or any account, may use. */
import { type PlanModel, type PlanResource } from "../plan";
import { expressionOf } from "../plan-json";
import { type Condition, type Principal, policyStatements, type Statement } from "../statements";
import { isPositive, reachOf } from "../principals";
import { at, type Rule, unknownAt } from "../rule";

/** An OpenID Connect provider (GitHub Actions, EKS, …): anyone with a token from it, unless `:sub` is tested. */
const isOidc = (p: Principal) =>
  p.type === "Federated" && p.ids.some((id) => /oidc-provider\/|^token\.actions\.githubusercontent\.com$/.test(id));
const isGitHub = (p: Principal) => p.ids.some((id) => id.includes("token.actions.githubusercontent.com"));

/**
 * Whether a subject value pins the identity: no bare wildcard, and for GitHub no wildcard in
 * the owner or repository (`repo:acme/*:…` is every repository of the owner).
 */
function pinsSubject(value: string, github: boolean): boolean {
  if (value === "*" || value === "<reference>" || value === "") return false;
  if (!github) return !/[*?]/.test(value);
  const m = /^repo:([^:]*):/.exec(value);
  return m !== null && /^[^/*?]+\/[^/*?]+$/.test(m[1]);
}

/** Cognito identity pools: anyone with an identity from any pool, unless `:aud` names the pool. */
const isCognito = (p: Principal) => p.type === "Federated" && p.ids.includes("cognito-identity.amazonaws.com");

/** Why an OIDC statement lets in identities nobody named, if it does. */
function openOidc(s: Statement): string | undefined {
  if ((s.principals ?? []).some(isCognito)) {
    const aud = ((s.conditions ?? []) as Condition[]).filter(
      (c) => c.key.toLowerCase() === "cognito-identity.amazonaws.com:aud" && isPositive(c),
    );
    if (!aud.length || aud.some((c) => c.values.some((v) => /[*?]/.test(v))))
      return (
        "Any Cognito identity pool's identities may assume the role: no condition names the pool " + "(cognito-identity.amazonaws.com:aud)."
      );
    const amr = ((s.conditions ?? []) as Condition[]).filter(
      (c) => c.key.toLowerCase() === "cognito-identity.amazonaws.com:amr" && isPositive(c),
    );
    if (!amr.length || amr.some((c) => c.values.some((v) => /unauthenticated|[*?]/.test(v)))) {
      return 'Unauthenticated Cognito identities (anyone on the internet) may assume the role: no condition requires amr "authenticated".';
    }
  }
  const oidc = (s.principals ?? []).filter(isOidc);
  if (!oidc.length) return undefined;
  const github = oidc.some(isGitHub);
  const subs = ((s.conditions ?? []) as Condition[]).filter((c) => c.key.toLowerCase().endsWith(":sub") && isPositive(c));
  if (!subs.length) return "Any identity of the OIDC provider may assume the role: no condition tests the token's :sub.";
  const loose = subs.flatMap((c) => c.values).filter((v) => !pinsSubject(v, github));
  return loose.length ? `The token's :sub matches identities nobody named: ${loose.map((v) => `"${v}"`).join(", ")}.` : undefined;
}

/** Allow statements that let in principals outside the lake's accounts, with who; or unknown ones. */
function reaching(m: PlanModel, res: PlanResource, attr: string, trust: boolean): { open: Statement[]; who: string[]; unknown: string[] } {
  const own = m.ownAccounts(res.file);
  const out = { open: [] as Statement[], who: [] as string[], unknown: [] as string[] };
  for (const s of policyStatements(m, res, attr) ?? []) {
    if (s.effect !== "Allow") continue;
    const reach = reachOf(s.principals ?? [], s.conditions ?? [], own, trust, s.notPrincipals ?? []);
    if (reach.kind === "outside") {
      out.open.push(s);
      out.who.push(reach.who);
    } else if (reach.kind === "unknown") out.unknown.push(reach.who);
  }
  return out;
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
  ["aws_kms_key_policy", "policy"],
  ["aws_kinesis_resource_policy", "policy"],
  ["aws_secretsmanager_secret_policy", "policy"],
  ["aws_s3_access_point", "policy"],
  ["aws_cloudwatch_log_resource_policy", "policy_document"],
  ["aws_dynamodb_resource_policy", "policy"],
  ["aws_ecr_repository_policy", "policy"],
  ["aws_s3control_access_point_policy", "policy"],
  ["aws_s3control_bucket_policy", "policy"],
  ["aws_cloudwatch_event_bus_policy", "policy"],
  ["aws_opensearch_domain_policy", "access_policies"],
  ["aws_backup_vault_policy", "policy"],
  ["aws_efs_file_system_policy", "policy"],
];

/** KMS grants: who may use the key through a grant, which no key policy shows. */
function grantFindings(m: PlanModel): ReturnType<Rule["check"]> {
  return m.managed("aws_kms_grant").flatMap((g) => {
    const own = m.ownAccounts(g.file);
    const who = [g.values?.grantee_principal, g.values?.retiring_principal].filter((v): v is string => typeof v === "string" && v !== "");
    // A grantee known only at apply: a role this configuration creates is the lake's; anything else cannot be told.
    const refs = expressionOf(g.config?.expressions, "grantee_principal")?.references ?? [];
    if (
      g.values?.grantee_principal === undefined &&
      g.unknown?.grantee_principal === true &&
      !refs.some((x) => /^(module\.[^.]+\.)?aws_iam_role\./.test(x))
    ) {
      return [unknownAt(g, "the grantee is known only at apply.")];
    }
    const reaches = who.map((p) => reachOf([{ type: "AWS", ids: [p] }], [], own));
    const out = reaches.find((r) => r.kind === "outside");
    if (out && out.kind === "outside") return [at(g, `Grants use of the key to ${out.who}.`)];
    const unknown = reaches.find((r) => r.kind === "unknown");
    return unknown && unknown.kind === "unknown" ? [unknownAt(g, `the grant names ${unknown.who}.`)] : [];
  });
}

const actionsOf = (statements: Statement[]) => [...new Set(statements.flatMap((s) => s.actions))].join(", ") || "every action";

const list = (xs: string[]) => [...new Set(xs)].join(", ");

export const exposureRules: Rule[] = [
  {
    id: "LG-IAM-007",
    title: "Role trust policy names who may assume the role",
    severity: "critical",
    guards: "access",
    rationale:
      "A trust policy that lets in any principal, another account's, any account's role of a name, or an OIDC provider's tokens " +
      "without a pinned `:sub` " +
      "lets principals outside the platform assume the role and use everything it grants. A condition that tests nothing (Null, a " +
      "wildcard account) narrows nothing.",
    fix:
      "Name the service or the lake account's principals. For a third party's account, add sts:ExternalId; for GitHub Actions, " +
      "test `:sub` with repo:OWNER/REPO:… and no wildcard in the owner or repository.",
    equivalents: { checkov: ["CKV_AWS_60", "CKV_AWS_61", "CKV_AWS_358"], trivy: ["AVD-AWS-0141"] },
    check: (m) =>
      [...m.managed("aws_iam_role")].flatMap((r) => {
        const { open, who, unknown } = reaching(m, r, "assume_role_policy", true);
        const oidc = (policyStatements(m, r, "assume_role_policy") ?? [])
          .filter((s) => s.effect === "Allow")
          .map(openOidc)
          .filter(Boolean) as string[];
        return [
          ...(open.length ? [at(r, `Lets ${list(who)} assume the role: no condition narrows it to the lake's accounts.`)] : []),
          ...oidc.map((why) => at(r, why)),
          ...(!open.length && unknown.length ? [unknownAt(r, `the trust policy names ${list(unknown)}.`)] : []),
        ];
      }),
  },
  {
    id: "LG-IAM-008",
    title: "Resource policy lets in only the lake's accounts",
    severity: "critical",
    guards: "access",
    rationale:
      'An Allow on a key, bucket, stream, topic, queue or the catalog to Principal "*", to another account, to an organization\'s ' +
      "ARN or to any account's role of a name " +
      "lets principals outside the lake use it. A condition narrows only when it names accounts, an organization, a source or a " +
      "network without wildcards.",
    fix:
      "Name the lake account's principals, or add a condition on aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, " +
      "aws:SourceArn or kms:CallerAccount with exact values; share with another account on purpose by waiving the finding with the " +
      "agreement as the reason.",
    equivalents: { checkov: ["CKV_AWS_33", "CKV_AWS_70", "CKV_AWS_168", "CKV_AWS_169"], trivy: ["AVD-AWS-0067"] },
    check: (m) => [
      ...RESOURCE_POLICIES.flatMap(([type, attr]) =>
        m.managed(type).flatMap((r) => {
          const { open, who, unknown } = reaching(m, r, attr, false);
          if (open.length) return [at(r, `Allows ${actionsOf(open)} to ${list(who)}.`)];
          return unknown.length ? [unknownAt(r, `the policy names ${list(unknown)}.`)] : [];
        }),
      ),
      ...grantFindings(m),
    ],
  },
];
