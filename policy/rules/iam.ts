/** IAM identity policies: no wildcard actions, no wildcard resources where a resource can be named, scoped PassRole. */
import { isOfType, type PlanResource } from "../plan";
import { asString } from "../../lib/json";
import { parseStatements, policyStatements, type Statement } from "../statements";
import { onlyOnAnyResource } from "../iam-reference";
import { at, type Rule, unknownAt } from "../rule";
import { RESOURCE_POLICIES } from "./exposure";
import { allowsAny, allowStatements, ATTACHMENTS, IDENTITY_POLICIES, isRolePattern, isWildcardResource, unique } from "./iam-statements";
import { arnProblem } from "../arn";

/** Actions that start compute which runs with a passed role. */
const CREATES_COMPUTE = [
  "glue:CreateJob",
  "glue:UpdateJob",
  "glue:CreateDevEndpoint",
  "glue:CreateSession",
  "lambda:CreateFunction",
  "lambda:UpdateFunctionConfiguration",
  "ec2:RunInstances",
  "states:CreateStateMachine",
  "emr-serverless:StartJobRun",
  "emr-serverless:CreateApplication",
  "elasticmapreduce:RunJobFlow",
  "cloudformation:CreateStack",
  "sagemaker:CreateNotebookInstance",
];
const creates = (s: Statement) => {
  const found = allowsAny(s, CREATES_COMPUTE).filter((a) => a !== "<unknown>");
  return found.length ? `, beside ${found.join(", ")}, which runs it` : "";
};

/** AWS-managed policies that grant a whole service or the whole account. */
const BROAD_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?(AdministratorAccess|PowerUserAccess|[A-Za-z0-9]*FullAccess)$/;

/** Every policy a rule reads: identity, trust and resource policies. */
const POLICIES: [type: string, attr: string][] = [
  ...IDENTITY_POLICIES.map((t): [string, string] => [t, "policy"]),
  ["aws_iam_role", "assume_role_policy"],
  ["aws_iam_role", "inline_policy"],
  ...RESOURCE_POLICIES,
];

/** The resource sets the policy: in its configuration, or, for a plan without one, in its values. */
const writesPolicy = (res: PlanResource, attr: string) =>
  res.config ? attr in (res.config.expressions ?? {}) : res.values?.[attr] !== undefined || res.unknown?.[attr] === true;

/** What of a statement names ARNs. */
type NamesArns = Pick<Statement, "resources" | "notResources" | "principals" | "notPrincipals">;

/** ARNs a statement names: its resources, and the AWS principals it names. */
const statementArns = (s: NamesArns): string[] =>
  [
    ...s.resources,
    ...s.notResources,
    ...[...s.principals, ...s.notPrincipals].filter((p) => p.type === "AWS").flatMap((p) => p.ids),
  ].filter((a): a is string => typeof a === "string");

/** A policy document's statements, from the values of an aws_iam_policy_document the plan will read. */
const documentValueStatements = (res: PlanResource<"aws_iam_policy_document">): NamesArns[] =>
  (res.values?.statement ?? []).map((s) => ({
    resources: s.resources ?? [],
    notResources: s.not_resources ?? [],
    principals: (s.principals ?? []).map((p) => ({ type: p.type ?? "", ids: p.identifiers ?? [] })),
    notPrincipals: (s.not_principals ?? []).map((p) => ({ type: p.type ?? "", ids: p.identifiers ?? [] })),
  }));

/** Policy documents in a root's outputs (a policy the team attaches elsewhere), as JSON strings at any depth. */
function outputPolicies(value: unknown): Statement[][] {
  if (typeof value === "string") return value.includes('"Statement"') ? [parseStatements(value) ?? []] : [];
  if (value && typeof value === "object") return Object.values(value).flatMap(outputPolicies);
  return [];
}

export const iamRules: Rule[] = [
  {
    id: "LG-IAM-001",
    title: "IAM policy allows no wildcard actions",
    severity: "high",
    guards: "access",
    rationale: 'Action "*" or "service:*" grants today\'s and tomorrow\'s actions, far beyond what a role needs.',
    fix: "List the actions the role uses.",
    equivalents: { checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_290"], trivy: ["AVD-AWS-0057"] },
    check: (m) =>
      unique(
        allowStatements(m).flatMap(({ res, s }) => {
          const wild = (s.actions as string[]).filter((a) => a === "*" || a.endsWith(":*"));
          if (wild.length) return [at(res, `Allows ${wild.join(", ")}.`)];
          return (s.actions as string[]).includes("<unknown>") ? [unknownAt(res, "a statement's actions are known only at apply.")] : [];
        }),
      ),
  },
  {
    id: "LG-IAM-002",
    title: "IAM policy names resources for actions that support it",
    severity: "high",
    guards: "access",
    rationale: 'Resource "*" on a scopable action reaches every bucket, key, table or role in the account.',
    fix:
      'Name the resources (ARNs or ARN patterns). Actions AWS only authorizes on "*" (no resource types in the service ' +
      "authorization reference) are exempt.",
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
    guards: "access",
    rationale:
      'PassRole on a pattern ("*", role/acme-*, role/service-role/*, *Admin*) lets the holder hand any role the pattern reaches, ' +
      "including an admin role created later, " +
      "to a job, function or state machine it creates or runs: the job then acts with that role's permissions.",
    fix: "Limit iam:PassRole to the exact job role ARNs, with an iam:PassedToService condition.",
    equivalents: { checkov: ["CKV_AWS_286"] },
    check: (m) =>
      unique(
        allowStatements(m).flatMap(({ res, s }) => {
          const passes = allowsAny(s, ["iam:PassRole"]);
          if (!passes.length) return [];
          const broad = (s.resources as string[]).filter((r) => isWildcardResource(r) || isRolePattern(r));
          if (!broad.length) return [];
          const on = broad.map((r) => `"${r}"`).join(", ");
          if (passes.every((a) => a === "<unknown>")) return [unknownAt(res, `actions known only at apply, on ${on}.`)];
          return [
            at(
              res,
              `${passes.filter((a) => a !== "<unknown>").join(", ")} on ${on}: a pattern that reaches roles nobody named${creates(s)}.`,
            ),
          ];
        }),
      ),
  },
  {
    id: "LG-IAM-004",
    title: "IAM policy allows no NotAction or NotResource",
    severity: "high",
    guards: "access",
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
    guards: "access",
    rationale:
      "AdministratorAccess, PowerUserAccess and the *FullAccess policies grant a whole account or service to a data-platform role.",
    fix: "Attach a customer-managed policy, or an inline one, that lists what the role uses.",
    equivalents: { checkov: ["CKV_AWS_274"] },
    check: (m) => [
      ...ATTACHMENTS.flatMap((type) =>
        m
          .managed(type)
          .filter((r) => BROAD_MANAGED_POLICY.test(asString(r.values?.policy_arn) ?? ""))
          .map((r) => at(r, `Attaches ${r.values.policy_arn}.`)),
      ),
      ...m
        .managed("aws_iam_role")
        .flatMap((r) =>
          (r.values?.managed_policy_arns ?? []).filter((a) => BROAD_MANAGED_POLICY.test(a)).map((a) => at(r, `Attaches ${a}.`)),
        ),
    ],
  },
  {
    id: "LG-IAM-009",
    title: "Every ARN in a policy is well formed",
    severity: "high",
    guards: "access",
    rationale:
      "A malformed ARN (a region that is an unresolved expression, an 11-digit account, a region on an S3 bucket) matches no resource: " +
      "an Allow silently grants nothing, so the role is denied at run time, and a Deny silently protects nothing.",
    fix: "Build the ARN from the partition, service, region, account and resource AWS expects; interpolate references with ${…}.",
    check: (m) => {
      const found: ReturnType<Rule["check"]> = [];
      const judge = (statements: NamesArns[] | undefined, report: (message: string) => void) => {
        for (const arn of new Set((statements ?? []).flatMap(statementArns))) {
          const problem = arnProblem(arn);
          if (problem) report(problem);
        }
      };
      for (const [type, attr] of POLICIES)
        for (const res of m.managed(type)) judge(policyStatements(m, res, attr), (msg) => found.push(at(res, msg)));
      for (const res of m.resources)
        if (res.mode === "data" && isOfType(res, "aws_iam_policy_document"))
          judge(documentValueStatements(res), (msg) => found.push(at(res, msg)));
      for (const o of m.outputs)
        for (const doc of outputPolicies(o.value))
          judge(doc, (message) =>
            found.push({ address: `output.${o.name}`, resourceType: "output", message, file: o.file, moduleAddress: "" }),
          );
      return unique(found);
    },
  },
  {
    id: "LG-IAM-006",
    title: "Policy can be read at plan time",
    severity: "high",
    guards: "access",
    rationale:
      "A policy built from values unknown at plan time, from other documents or from dynamic statements cannot be checked by any rule " +
      'here: its result is "unknown at plan", ' +
      "which fails the default gate (`--unknown guarded`), because the policy may grant anything.",
    fix:
      "Write the policy as an aws_iam_policy_document whose statements the plan knows (literal actions, resources from " +
      "references), or review it by hand and waive this result.",
    check: (m) =>
      POLICIES.flatMap(([type, attr]) =>
        m
          .managed(type)
          .filter((res) => writesPolicy(res, attr) && policyStatements(m, res, attr) === undefined)
          .map((res) =>
            unknownAt(
              res,
              `the ${attr === "assume_role_policy" ? "trust policy" : attr === "inline_policy" ? "inline policy" : "policy"} cannot ` +
                `be read (values known only at apply, composed documents or dynamic statements); no rule checked it.`,
            ),
          ),
      ),
  },
];
