/** IAM identity policies: no wildcard actions, no wildcard resources where a resource can be named, scoped PassRole. */
import { type Json, parseStatements, type PlanModel, type PlanResource, policyStatements } from "../plan";
import { onlyOnAnyResource } from "../iam-reference";
import { at, type Rule } from "../rule";
import { RESOURCE_POLICIES } from "./exposure";
import { arnProblem } from "../arn";

const IDENTITY_POLICIES = ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy"];

/** A resource that names nothing in particular: every bucket (or every bucket whose name ends so), every object, every role. */
export function isWildcardResource(r: string): boolean {
  return (
    r === "*" ||
    /^arn:aws[a-z-]*:s3:::\*/.test(r) ||
    /^arn:aws[a-z-]*:iam::[^:]*:role\/\*$/.test(r) ||
    /^arn:aws[a-z-]*:[a-z0-9-]+:[^:]*:[^:]*:\*$/.test(r)
  );
}

/**
 * A role pattern that reaches roles nobody named: any account (`iam::*:`), or a name that starts
 * with a wildcard (`role/*-job` matches an admin role that ends so). Variables resolve to such
 * patterns too (an empty prefix), and the plan shows them resolved.
 */
export function isAnyRolePattern(r: string): boolean {
  const m = /^arn:aws[a-z-]*:iam::([^:]*):role\/(.*)$/.exec(r);
  return m !== null && (m[1] === "" || m[1].includes("*") || /^(?:[^*]*\/)?\*/.test(m[2]) || m[2] === "");
}

/** AWS-managed policies that grant a whole service or the whole account. */
const BROAD_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?(AdministratorAccess|PowerUserAccess|[A-Za-z0-9]*FullAccess)$/;
const ATTACHMENTS = ["aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"];

function allowStatements(m: PlanModel): { res: PlanResource; s: Json }[] {
  return IDENTITY_POLICIES.flatMap((type) =>
    m.managed(type).flatMap((res) => (policyStatements(m, res) ?? []).filter((s) => s.effect === "Allow").map((s) => ({ res, s }))),
  );
}

/** Every policy a rule reads: identity, trust and resource policies. */
const POLICIES: [type: string, attr: string][] = [
  ...IDENTITY_POLICIES.map((t): [string, string] => [t, "policy"]),
  ["aws_iam_role", "assume_role_policy"],
  ...RESOURCE_POLICIES,
];

/** The resource sets the policy: in its configuration, or, for a plan without one, in its values. */
const writesPolicy = (res: PlanResource, attr: string) =>
  res.config ? attr in (res.config.expressions ?? {}) : res.values?.[attr] !== undefined || res.unknown?.[attr] === true;

const unique = <T extends { address: string; message: string }>(xs: T[]) =>
  xs.filter((x, i) => xs.findIndex((y) => y.address === x.address && y.message === x.message) === i);

/** ARNs a statement names: its resources, and the AWS principals it names. */
const statementArns = (s: Json): string[] =>
  [
    ...(s.resources ?? []),
    ...(s.notResources ?? []),
    ...[...(s.principals ?? []), ...(s.notPrincipals ?? [])].filter((p: Json) => p.type === "AWS").flatMap((p: Json) => p.ids),
  ].filter((a): a is string => typeof a === "string");

/** A policy document's statements, from the values of an aws_iam_policy_document the plan will read. */
const documentValueStatements = (res: PlanResource): Json[] =>
  ((res.values?.statement ?? []) as Json[]).map((s) => ({
    resources: s.resources ?? [],
    notResources: s.not_resources ?? [],
    principals: (s.principals ?? []).map((p: Json) => ({ type: p.type, ids: p.identifiers ?? [] })),
    notPrincipals: (s.not_principals ?? []).map((p: Json) => ({ type: p.type, ids: p.identifiers ?? [] })),
  }));

/** Policy documents in a root's outputs (a policy the team attaches elsewhere), as JSON strings at any depth. */
function outputPolicies(value: unknown): Json[][] {
  if (typeof value === "string") return value.includes('"Statement"') ? [parseStatements(value) ?? []] : [];
  if (value && typeof value === "object") return Object.values(value).flatMap(outputPolicies);
  return [];
}

export const iamRules: Rule[] = [
  {
    id: "LG-IAM-001",
    title: "IAM policy allows no wildcard actions",
    severity: "high",
    rationale: "Action \"*\" or \"service:*\" grants today's and tomorrow's actions, far beyond what a role needs.",
    fix: "List the actions the role uses.",
    equivalents: { checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_290"], trivy: ["AVD-AWS-0057"] },
    check: (m) =>
      unique(
        allowStatements(m).flatMap(({ res, s }) => {
          const wild = (s.actions as string[]).filter((a) => a === "*" || a.endsWith(":*"));
          return wild.length ? [at(res, `Allows ${wild.join(", ")}.`)] : [];
        }),
      ),
  },
  {
    id: "LG-IAM-002",
    title: "IAM policy names resources for actions that support it",
    severity: "high",
    rationale: "Resource \"*\" on a scopable action reaches every bucket, key, table or role in the account.",
    fix: "Name the resources (ARNs or ARN patterns). Actions AWS only authorizes on \"*\" (no resource types in the service authorization reference) are exempt.",
    equivalents: { checkov: ["CKV_AWS_355"], trivy: ["AVD-AWS-0057"] },
    check: (m) =>
      unique(
        allowStatements(m).flatMap(({ res, s }) => {
          const wild = (s.resources as string[]).filter(isWildcardResource);
          if (!wild.length) return [];
          const scopable = (s.actions as string[]).filter((a) => !onlyOnAnyResource(a));
          return scopable.length ? [at(res, `Resource ${wild.map((w) => `"${w}"`).join(", ")} for ${scopable.join(", ")}.`)] : [];
        }),
      ),
  },
  {
    id: "LG-IAM-003",
    title: "iam:PassRole names the roles it passes",
    severity: "high",
    rationale: "PassRole on \"*\" lets the holder hand any role, including admin roles, to a service it controls.",
    fix: "Limit iam:PassRole to the job role ARNs, with an iam:PassedToService condition.",
    equivalents: { checkov: ["CKV_AWS_286"] },
    check: (m) =>
      unique(
        allowStatements(m).flatMap(({ res, s }) => {
          const passes = (s.actions as string[]).some((a) => a === "iam:PassRole" || a === "iam:*" || a === "*");
          const broad = (s.resources as string[]).filter((r) => isWildcardResource(r) || isAnyRolePattern(r));
          return passes && broad.length ? [at(res, `iam:PassRole on ${broad.map((r) => `"${r}"`).join(", ")}: any role, or any account's.`)] : [];
        }),
      ),
  },
  {
    id: "LG-IAM-004",
    title: "IAM policy allows no NotAction or NotResource",
    severity: "high",
    rationale: "Allow with NotAction or NotResource grants everything except a list, including every action and resource AWS adds later.",
    fix: "Allow the actions and resources the role uses, by name.",
    equivalents: { checkov: ["CKV_AWS_283"] },
    check: (m) =>
      unique(
        allowStatements(m).flatMap(({ res, s }) => {
          const kinds = [s.notActions?.length ? "NotAction" : "", s.notResources?.length ? "NotResource" : ""].filter(Boolean);
          return kinds.length ? [at(res, `Allows with ${kinds.join(" and ")}.`)] : [];
        }),
      ),
  },
  {
    id: "LG-IAM-005",
    title: "No AWS-managed admin, power-user or full-access policy is attached",
    severity: "high",
    rationale: "AdministratorAccess, PowerUserAccess and the *FullAccess policies grant a whole account or service to a data-platform role.",
    fix: "Attach a customer-managed policy, or an inline one, that lists what the role uses.",
    equivalents: { checkov: ["CKV_AWS_274"] },
    check: (m) => [
      ...ATTACHMENTS.flatMap((type) =>
        m
          .managed(type)
          .filter((r) => BROAD_MANAGED_POLICY.test(r.values?.policy_arn ?? ""))
          .map((r) => at(r, `Attaches ${r.values.policy_arn}.`)),
      ),
      ...m.managed("aws_iam_role").flatMap((r) =>
        ((r.values?.managed_policy_arns ?? []) as string[]).filter((a) => BROAD_MANAGED_POLICY.test(a)).map((a) => at(r, `Attaches ${a}.`)),
      ),
    ],
  },
  {
    id: "LG-IAM-009",
    title: "Every ARN in a policy is well formed",
    severity: "high",
    rationale:
      "A malformed ARN (a region that is an unresolved expression, an 11-digit account, a region on an S3 bucket) matches no resource: " +
      "an Allow silently grants nothing, so the role is denied at run time, and a Deny silently protects nothing.",
    fix: "Build the ARN from the partition, service, region, account and resource AWS expects; interpolate references with ${…}.",
    check: (m) => {
      const found: ReturnType<Rule["check"]> = [];
      const judge = (statements: Json[] | undefined, report: (message: string) => void) => {
        for (const arn of new Set((statements ?? []).flatMap(statementArns))) {
          const problem = arnProblem(arn);
          if (problem) report(problem);
        }
      };
      for (const [type, attr] of POLICIES) for (const res of m.managed(type)) judge(policyStatements(m, res, attr), (msg) => found.push(at(res, msg)));
      for (const res of m.resources.filter((r) => r.mode === "data" && r.type === "aws_iam_policy_document"))
        judge(documentValueStatements(res), (msg) => found.push(at(res, msg)));
      for (const o of m.outputs)
        for (const doc of outputPolicies(o.value))
          judge(doc, (message) => found.push({ address: `output.${o.name}`, resourceType: "output", message, file: o.file, moduleAddress: "" }));
      return unique(found);
    },
  },
  {
    id: "LG-IAM-006",
    title: "Policy can be read at plan time",
    severity: "low",
    rationale: "A policy built from values unknown at plan time, from other documents or from dynamic statements cannot be checked by any rule here: it is neither passed nor failed, so it is reported.",
    fix: "Write the policy as an aws_iam_policy_document with literal statements, or review it by hand and waive this finding.",
    check: (m) =>
      POLICIES.flatMap(([type, attr]) =>
        m
          .managed(type)
          .filter((res) => writesPolicy(res, attr) && policyStatements(m, res, attr) === undefined)
          .map((res) => at(res, `The ${attr === "policy" ? "policy" : "trust policy"} cannot be read at plan time (unknown values, composed documents or dynamic statements); no rule checked it.`)),
      ),
  },
];
