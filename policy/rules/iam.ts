/** IAM identity policies: no wildcard actions, no wildcard resources where a resource can be named, scoped PassRole. */
import { type Json, parseStatements, type PlanModel, type PlanResource, policyStatements } from "../plan";
import { onlyOnAnyResource } from "../iam-reference";
import { at, type Rule, unknownAt } from "../rule";
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

/** A role ARN with a wildcard or placeholder anywhere in its account or name. */
const isRolePattern = (r: string) => isAnyRolePattern(r) || (/^arn:aws[a-z-]*:iam::[^:]*:role\//.test(r) && /[*?]/.test(r));

/** Actions that start compute which runs with a passed role. */
const CREATES_COMPUTE = ["glue:CreateJob", "glue:UpdateJob", "glue:CreateDevEndpoint", "glue:CreateSession", "lambda:CreateFunction", "lambda:UpdateFunctionConfiguration", "ec2:RunInstances", "states:CreateStateMachine", "emr-serverless:StartJobRun", "emr-serverless:CreateApplication", "elasticmapreduce:RunJobFlow", "cloudformation:CreateStack", "sagemaker:CreateNotebookInstance"];
const creates = (s: Json) => {
  const found = allowsAny(s, CREATES_COMPUTE).filter((a) => a !== "<unknown>");
  return found.length ? `, beside ${found.join(", ")}, which runs it` : "";
};

/** Resources that make or empower IAM users and groups. */
const IAM_IDENTITIES = [
  "aws_iam_user", "aws_iam_access_key", "aws_iam_user_login_profile", "aws_iam_group", "aws_iam_group_policy", "aws_iam_user_policy",
  "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_user_group_membership",
];

/** AWS-managed policies that grant a whole service or the whole account. */
const BROAD_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?(AdministratorAccess|PowerUserAccess|[A-Za-z0-9]*FullAccess)$/;
const ATTACHMENTS = ["aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"];

/** Allow statements of identity policies: policy resources, and roles' inline_policy blocks (reported at the role). */
function allowStatements(m: PlanModel): { res: PlanResource; s: Json }[] {
  // Read through managed() every time, cached or not, so each rule is recorded as checking these types.
  for (const type of [...IDENTITY_POLICIES, "aws_iam_role"]) m.managed(type);
  let found = ALLOWS.get(m);
  if (!found) ALLOWS.set(m, (found = readAllows(m)));
  return found;
}
/** Seven rules read the same Allow statements. */
const ALLOWS = new WeakMap<PlanModel, { res: PlanResource; s: Json }[]>();

function readAllows(m: PlanModel): { res: PlanResource; s: Json }[] {
  const sources: [PlanResource, string][] = [
    ...IDENTITY_POLICIES.flatMap((type) => m.managed(type).map((res): [PlanResource, string] => [res, "policy"])),
    ...m.managed("aws_iam_role").map((res): [PlanResource, string] => [res, "inline_policy"]),
  ];
  return sources.flatMap(([res, attr]) => (policyStatements(m, res, attr) ?? []).filter((s) => s.effect === "Allow").map((s) => ({ res, s })));
}

/** Whether an action pattern of a policy (`s3:Delete*`, `iam:Pass*`, `*`) covers an action. */
export function coversAction(pattern: string, action: string): boolean {
  let matches = PATTERNS.get(pattern);
  if (!matches) {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    PATTERNS.set(pattern, (matches = (a: string) => re.test(a)));
  }
  return matches(action);
}
/** A large plan repeats the same few action patterns. */
const PATTERNS = new Map<string, (action: string) => boolean>();

/** Actions a statement allows that match any of `actions`; "<unknown>" when the plan does not know them. */
const allowsAny = (s: Json, actions: string[]): string[] =>
  (s.actions as string[]).filter((a) => a === "<unknown>" || actions.some((x) => coversAction(a, x)));

/** Actions that delete data for good on a versioned bucket, or switch off what would recover it. */
const PERMANENT_DELETE = ["s3:DeleteObjectVersion", "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration", "s3:DeleteBucket", "s3:PutBucketObjectLockConfiguration"];

/** Actions that change who may do what: IAM policies and credentials, Lake Formation's admins and grants, key and bucket policies. */
const CHANGES_ACCESS = [
  "iam:PutRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy",
  "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey", "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile", "iam:AddUserToGroup", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
  "lakeformation:PutDataLakeSettings", "lakeformation:GrantPermissions", "lakeformation:BatchGrantPermissions",
  "kms:PutKeyPolicy", "kms:CreateGrant", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutBucketPublicAccessBlock",
  "glue:PutResourcePolicy",
  // What runs, and as which role: a job, application, function or state machine the holder rewrites runs its code as that role.
  "glue:CreateJob", "glue:UpdateJob", "glue:CreateDevEndpoint", "glue:UpdateDevEndpoint", "glue:CreateSession",
  "emr-serverless:CreateApplication", "emr-serverless:UpdateApplication", "elasticmapreduce:RunJobFlow",
  "lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
  "states:CreateStateMachine", "states:UpdateStateMachine", "ec2:RunInstances", "cloudformation:CreateStack", "cloudformation:UpdateStack",
];

/** Allow statements of identity policies and of S3 resource policies. */
const allowsInIdentityAndBuckets = (m: PlanModel) => [
  ...allowStatements(m),
  ...RESOURCE_POLICIES.filter(([t]) => t.startsWith("aws_s3_")).flatMap(([type, attr]) =>
    m.managed(type).flatMap((res) => (policyStatements(m, res, attr) ?? []).filter((s) => s.effect === "Allow").map((s) => ({ res, s }))),
  ),
];

/**
 * AWS-managed policies that read the lake's data by IAM alone, around Lake Formation's grants:
 * the read-only ones of data services, and service roles that grant S3 on every bucket
 * (AmazonElasticMapReduceforEC2Role: s3:*; AmazonElasticMapReduceRole, AWSLambdaExecute: object reads on *).
 */
const DATA_READING_MANAGED_POLICY =
  /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?(ReadOnlyAccess|DataScientist|AWSLakeFormationDataAdmin|Amazon(S3|Athena|Kinesis|KinesisFirehose|DynamoDB|Redshift|RDS|ElasticMapReduce|EMR)[A-Za-z0-9]*ReadOnlyAccess|AWSGlue[A-Za-z0-9]*ReadOnlyAccess|CloudWatchLogsReadOnlyAccess|AmazonElasticMapReduceforEC2Role|AmazonElasticMapReduceRole|AmazonEMRServicePolicy_v2|AWSLambdaExecute|AmazonEC2RoleforDataPipelineRole|AWSDataPipelineRole|AmazonSageMakerReadOnly|AWSQuicksightAthenaAccess)$/;

/** The role block an attachment or role policy names (`role = aws_iam_role.x.name`), or the role itself. */
const roleBlock = (r: PlanResource): string | undefined =>
  r.type === "aws_iam_role" ? `aws_iam_role.${r.name}` : (r.config?.expressions?.role?.references ?? []).find((x: string) => /^aws_iam_role\.[A-Za-z0-9_-]+$/.test(x));

/** Whether the role's own inline policies deny reading objects: a read-only policy then reads no data around Lake Formation. */
function deniesDataReads(m: PlanModel, attachment: PlanResource): boolean {
  const role = roleBlock(attachment);
  if (!role) return false;
  const policies = m.ofType("aws_iam_role_policy").filter((p) => p.file === attachment.file && p.moduleAddress === attachment.moduleAddress && roleBlock(p) === role);
  return policies.some((p) => (policyStatements(m, p) ?? []).some((s) => s.effect === "Deny" && !(s.conditions ?? []).length && allowsAny(s, ["s3:GetObject"]).length > 0));
}

/** Managed policy ARNs a plan attaches, each with the resource that attaches it. */
const attachedPolicies = (m: PlanModel): [PlanResource, string][] => [
  ...ATTACHMENTS.flatMap((type) => m.managed(type).map((r): [PlanResource, string] => [r, String(r.values?.policy_arn ?? "")])),
  ...m.managed("aws_iam_role").flatMap((r) => ((r.values?.managed_policy_arns ?? []) as string[]).map((a): [PlanResource, string] => [r, a])),
  ...m.managed("aws_iam_role_policy_attachments_exclusive").flatMap((r) => ((r.values?.policy_arns ?? []) as string[]).map((a): [PlanResource, string] => [r, a])),
];

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
    guards: "access",
    rationale: "Action \"*\" or \"service:*\" grants today's and tomorrow's actions, far beyond what a role needs.",
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
    guards: "access",
    rationale:
      "PassRole on a pattern (\"*\", role/acme-*, role/service-role/*, *Admin*) lets the holder hand any role the pattern reaches, including an admin role created later, " +
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
          return [at(res, `${passes.filter((a) => a !== "<unknown>").join(", ")} on ${on}: a pattern that reaches roles nobody named${creates(s)}.`)];
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
    guards: "access",
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
    id: "LG-IAM-010",
    title: "No AWS-managed policy reads the lake's data around Lake Formation",
    severity: "high",
    guards: "access",
    rationale:
      "ReadOnlyAccess, AmazonS3ReadOnlyAccess and the other read-only managed policies of data services let a role read every object, stream record or log by IAM alone: " +
      "Lake Formation's grants, the analysts' zones and the confidential classification never apply to it.",
    fix: "Grant the role the Lake Formation permissions it needs, and an inline policy for the locations it reads.",
    equivalents: { checkov: ["CKV_AWS_274"] },
    check: (m) => [
      ...attachedPolicies(m)
        .filter(([r, arn]) => DATA_READING_MANAGED_POLICY.test(arn) && !deniesDataReads(m, r))
        .map(([r, arn]) => at(r, `Attaches ${arn}.`)),
      // A policy ARN from a lookup: what it grants cannot be read.
      ...ATTACHMENTS.flatMap((type) => m.ofType(type))
        .filter((r) => r.values?.policy_arn === undefined && r.unknown?.policy_arn === true)
        .map((r) => unknownAt(r, "the attached policy's ARN is known only at apply; what it grants cannot be read.")),
    ],
  },
  {
    id: "LG-IAM-011",
    title: "No policy may delete object versions or switch off their recovery",
    severity: "high",
    guards: "data-loss",
    rationale:
      "Versioning recovers an overwritten or deleted object only while its versions stay: s3:DeleteObjectVersion deletes one for good, and PutBucketVersioning, " +
      "PutLifecycleConfiguration or DeleteBucket switch off or shorten the recovery for the whole bucket.",
    fix: "Allow s3:DeleteObject (which leaves a delete marker) and leave version deletion to the lifecycle rules; leave bucket configuration to the role that runs Terraform.",
    check: (m) =>
      unique(
        allowsInIdentityAndBuckets(m).flatMap(({ res, s }) => {
          const found = allowsAny(s, PERMANENT_DELETE);
          if (!found.length) return [];
          if (found.every((a) => a === "<unknown>")) return [unknownAt(res, "a statement's actions are known only at apply.")];
          return [at(res, `Allows ${found.filter((a) => a !== "<unknown>").join(", ")}.`)];
        }),
      ),
  },
  {
    id: "LG-IAM-012",
    title: "No policy lets a role change who may do what",
    severity: "critical",
    guards: "access",
    rationale:
      "A role that may put or attach IAM policies, create keys or logins, make itself a data lake administrator, grant Lake Formation permissions, " +
      "rewrite a key or bucket policy, or create or change a job, application, function or state machine (which then runs its code with that compute's role) " +
      "can give itself, or anyone, every permission: one job's role becomes the account's. sts:AssumeRole on a pattern, or on a data lake administrator, reaches their permissions.",
    fix: "Leave IAM, Lake Formation settings and grants, key and bucket policies, and the definition of jobs and state machines to the role that runs Terraform; name the roles a role may assume, never an administrator.",
    equivalents: { checkov: ["CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_289"] },
    check: (m) => {
      // One finding per policy, with every such action it allows.
      const byPolicy = new Map<PlanResource, Set<string>>();
      const admins = new Set(m.ofType("aws_lakeformation_data_lake_settings").flatMap((x) => (x.values?.admins ?? []) as string[]));
      for (const { res, s } of allowsInIdentityAndBuckets(m)) {
        const found = allowsAny(s, CHANGES_ACCESS).filter((a) => a !== "<unknown>");
        const assumes = allowsAny(s, ["sts:AssumeRole"]).filter((a) => a !== "<unknown>");
        // A pattern reaches every role that trusts the account; a data lake administrator holds every grant.
        const anyRole = (s.resources as string[]).some((r) => isWildcardResource(r) || isRolePattern(r) || admins.has(r));
        const all = [...found, ...(assumes.length && anyRole ? assumes : [])];
        if (all.length) byPolicy.set(res, new Set([...(byPolicy.get(res) ?? []), ...all]));
      }
      return [...byPolicy].map(([res, actions]) => at(res, `Allows ${[...actions].join(", ")}.`));
    },
  },
  {
    id: "LG-IAM-013",
    title: "No IAM users, groups or access keys",
    severity: "high",
    guards: "access",
    rationale:
      "An IAM user's access key is a long-lived credential that leaks and does not expire; users and groups get policies around the roles and Lake Formation grants the platform reviews. " +
      "People and partners reach the lake through federated roles.",
    fix: "Use a role (with an OIDC or SAML trust, or a partner account with an external id) and grant it by Lake Formation.",
    equivalents: { checkov: ["CKV_AWS_273"] },
    check: (m) =>
      IAM_IDENTITIES.flatMap((type) => m.managed(type)).map((r) =>
        at(r, `An IAM ${r.type.replace(/^aws_iam_/, "").replace(/_/g, " ")}: a long-lived identity outside the roles the platform reviews.`),
      ),
  },
  {
    id: "LG-IAM-006",
    title: "Policy can be read at plan time",
    severity: "high",
    guards: "access",
    rationale:
      "A policy built from values unknown at plan time, from other documents or from dynamic statements cannot be checked by any rule here: its result is \"unknown at plan\", " +
      "which fails the default gate (`--unknown guarded`), because the policy may grant anything.",
    fix: "Write the policy as an aws_iam_policy_document whose statements the plan knows (literal actions, resources from references), or review it by hand and waive this result.",
    check: (m) =>
      POLICIES.flatMap(([type, attr]) =>
        m
          .managed(type)
          .filter((res) => writesPolicy(res, attr) && policyStatements(m, res, attr) === undefined)
          .map((res) => unknownAt(res, `the ${attr === "assume_role_policy" ? "trust policy" : attr === "inline_policy" ? "inline policy" : "policy"} cannot be read (values known only at apply, composed documents or dynamic statements); no rule checked it.`)),
      ),
  },
];
