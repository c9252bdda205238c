/**
 * Escalation by composition: managed policies that read around Lake Formation,
 * permanent deletes, changing who may do what (IAM, Lake Formation, key and bucket
 * policies, the definition of compute), and long-lived IAM identities.
 */
import { type PlanModel, type PlanResource } from "../plan";
import { expressionOf } from "../plan-json";
import { policyStatements } from "../statements";
import { at, type Rule, unknownAt } from "../rule";
import {
  allowsAny,
  outsiderPolicies,
  allowsInIdentityAndBuckets,
  ATTACHMENTS,
  attachedPolicies,
  isRolePattern,
  isWildcardResource,
  unique,
} from "./iam-statements";

/** Resources that make or empower IAM users and groups. */
const IAM_IDENTITIES = [
  "aws_iam_user",
  "aws_iam_access_key",
  "aws_iam_user_login_profile",
  "aws_iam_group",
  "aws_iam_group_policy",
  "aws_iam_user_policy",
  "aws_iam_user_policy_attachment",
  "aws_iam_group_policy_attachment",
  "aws_iam_user_group_membership",
];

/** Actions that delete data for good on a versioned bucket, or switch off what would recover it. */
const PERMANENT_DELETE = [
  "s3:DeleteObjectVersion",
  "s3:PutBucketVersioning",
  "s3:PutLifecycleConfiguration",
  "s3:DeleteBucket",
  "s3:PutBucketObjectLockConfiguration",
];

/** Actions that change who may do what: IAM policies and credentials, Lake Formation's admins and grants, key and bucket policies. */
const CHANGES_ACCESS = [
  "lakeformation:DeregisterResource",
  "lakeformation:RegisterResource",
  "lakeformation:UpdateResource",
  "lakeformation:RevokePermissions",
  "lakeformation:AddLFTagsToResource",
  "lakeformation:RemoveLFTagsFromResource",
  "lakeformation:UpdateLFTag",
  "lakeformation:DeleteLFTag",
  "iam:PutRolePolicy",
  "iam:PutUserPolicy",
  "iam:PutGroupPolicy",
  "iam:AttachRolePolicy",
  "iam:AttachUserPolicy",
  "iam:AttachGroupPolicy",
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:UpdateAssumeRolePolicy",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
  "iam:AddUserToGroup",
  "iam:PutRolePermissionsBoundary",
  "iam:DeleteRolePermissionsBoundary",
  "lakeformation:PutDataLakeSettings",
  "lakeformation:GrantPermissions",
  "lakeformation:BatchGrantPermissions",
  "kms:PutKeyPolicy",
  "kms:CreateGrant",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketAcl",
  "s3:PutBucketPublicAccessBlock",
  "glue:PutResourcePolicy",
];

/**
 * AWS-managed policies that read the lake's data by IAM alone, around Lake Formation's grants:
 * the read-only ones of data services, and service roles that grant S3 on every bucket
 * (AmazonElasticMapReduceforEC2Role: s3:*; AmazonElasticMapReduceRole, AWSLambdaExecute: object reads on *).
 */
const DATA_READING_MANAGED_POLICY = new RegExp(
  "^arn:aws[a-z-]*:iam::aws:policy/(?:.*/)?(" +
    [
      "ReadOnlyAccess",
      "DataScientist",
      "AWSLakeFormationDataAdmin",
      "Amazon(S3|Athena|Kinesis|KinesisFirehose|DynamoDB|Redshift|RDS|ElasticMapReduce|EMR)[A-Za-z0-9]*ReadOnlyAccess",
      "AWSGlue[A-Za-z0-9]*ReadOnlyAccess",
      "CloudWatchLogsReadOnlyAccess",
      "AmazonElasticMapReduceforEC2Role",
      "AmazonElasticMapReduceRole",
      "AmazonEMRServicePolicy_v2",
      "AWSLambdaExecute",
      "AmazonEC2RoleforDataPipelineRole",
      "AWSDataPipelineRole",
      "AmazonSageMakerReadOnly",
      "AWSQuicksightAthenaAccess",
    ].join("|") +
    ")$",
);

/** The role block an attachment or role policy names (`role = aws_iam_role.x.name`), or the role itself. */
const roleBlock = (r: PlanResource): string | undefined =>
  r.type === "aws_iam_role"
    ? `aws_iam_role.${r.name}`
    : (expressionOf(r.config?.expressions, "role")?.references ?? []).find((x) => /^aws_iam_role\.[A-Za-z0-9_-]+$/.test(x));

/** Whether the role's own inline policies deny reading objects: a read-only policy then reads no data around Lake Formation. */
function deniesDataReads(m: PlanModel, attachment: PlanResource): boolean {
  const role = roleBlock(attachment);
  if (!role) return false;
  const policies = m
    .ofType("aws_iam_role_policy")
    .filter((p) => p.file === attachment.file && p.moduleAddress === attachment.moduleAddress && roleBlock(p) === role);
  return policies.some((p) =>
    (policyStatements(m, p) ?? []).some(
      (s) => s.effect === "Deny" && !(s.conditions ?? []).length && allowsAny(s, ["s3:GetObject"]).length > 0,
    ),
  );
}

/** What runs, and as which role: a job, application, function or state machine the holder rewrites runs its code as that role. */
const CHANGES_COMPUTE = [
  "glue:CreateJob",
  "glue:UpdateJob",
  "glue:CreateDevEndpoint",
  "glue:UpdateDevEndpoint",
  "glue:CreateSession",
  "emr-serverless:CreateApplication",
  "emr-serverless:UpdateApplication",
  "elasticmapreduce:RunJobFlow",
  "lambda:CreateFunction",
  "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration",
  "states:CreateStateMachine",
  "states:UpdateStateMachine",
  "ec2:RunInstances",
  "cloudformation:CreateStack",
  "cloudformation:UpdateStack",
];

/**
 * Whether a policy's holder is a runtime role: one an AWS service assumes (a job's, a state
 * machine's). Such a role that changes compute escalates; a deploy role trusted by people or
 * CI may change the jobs it names.
 */
function heldByRuntimeRole(m: PlanModel, policy: PlanResource): boolean {
  const role =
    policy.type === "aws_iam_role"
      ? policy
      : m
          .ofType("aws_iam_role")
          .find(
            (r) => r.file === policy.file && r.moduleAddress === policy.moduleAddress && `aws_iam_role.${r.name}` === roleBlock(policy),
          );
  const trust = role ? (policyStatements(m, role, "assume_role_policy") ?? []) : [];
  return trust.some((s) => s.effect === "Allow" && (s.principals ?? []).some((p: { type: string }) => p.type === "Service"));
}

export const escalationRules: Rule[] = [
  {
    id: "LG-IAM-010",
    title: "No AWS-managed policy reads the lake's data around Lake Formation",
    severity: "high",
    guards: "access",
    rationale:
      "ReadOnlyAccess, AmazonS3ReadOnlyAccess and the other read-only managed policies of data services let a role read every object, " +
      "stream record or log by IAM alone: " +
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
      "Versioning recovers an overwritten or deleted object only while its versions stay: s3:DeleteObjectVersion deletes one for " +
      "good, and PutBucketVersioning, PutLifecycleConfiguration or DeleteBucket switch off or shorten the recovery for the whole bucket.",
    fix:
      "Allow s3:DeleteObject (which leaves a delete marker) and leave version deletion to the lifecycle rules; leave bucket " +
      "configuration to the role that runs Terraform.",
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
      "A role that may put or attach IAM policies, create keys or logins, make itself a data lake administrator, grant Lake Formation " +
      "permissions, rewrite a key or bucket policy, or create or change a job, application, function or state machine (which then runs " +
      "its code with that compute's role) can give itself, or anyone, every permission: one job's role becomes the account's. " +
      "sts:AssumeRole on a pattern, or on a data lake administrator, reaches their permissions.",
    fix:
      "Leave IAM, Lake Formation settings and grants, key and bucket policies, and the definition of jobs and state machines to " +
      "the role that runs Terraform; name the roles a role may assume, never an administrator.",
    equivalents: { checkov: ["CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_289"] },
    check: (m) => {
      // One finding per policy, with every such action it allows.
      const byPolicy = new Map<PlanResource, Set<string>>();
      const admins = new Set(m.ofType("aws_lakeformation_data_lake_settings").flatMap((x) => (x.values?.admins ?? []) as string[]));
      for (const { res, s } of allowsInIdentityAndBuckets(m)) {
        const named = !(s.resources as string[]).some((r) => isWildcardResource(r) || /[*?]/.test(r));
        const compute = allowsAny(s, CHANGES_COMPUTE).filter((a) => a !== "<unknown>" && (!named || heldByRuntimeRole(m, res)));
        const found = [...allowsAny(s, CHANGES_ACCESS).filter((a) => a !== "<unknown>"), ...compute];
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
      "An IAM user's access key is a long-lived credential that leaks and does not expire; users and groups get policies around the " +
      "roles and Lake Formation grants the platform reviews. People and partners reach the lake through federated roles.",
    fix: "Use a role (with an OIDC or SAML trust, or a partner account with an external id) and grant it by Lake Formation.",
    equivalents: { checkov: ["CKV_AWS_273"] },
    check: (m) =>
      IAM_IDENTITIES.flatMap((type) => m.managed(type)).map((r) =>
        at(
          r,
          `An IAM ${r.type.replace(/^aws_iam_/, "").replace(/_/g, " ")}: a long-lived identity outside the roles the platform reviews.`,
        ),
      ),
  },
  {
    id: "LG-IAM-014",
    title: "Runtime roles are used by their service and the platform only",
    severity: "high",
    guards: "access",
    rationale:
      "A job's, state machine's or location's role holds what the platform gave it. A person's or another role's principal in its " +
      "trust policy, or an iam:PassRole in the policy of a role the platform does not create, lets that principal act as the job: read " +
      "and write what it reads and writes.",
    fix: "Trust the service only (with aws:SourceAccount or aws:SourceArn); let people start the pipeline, not assume or pass its roles.",
    check: (m) => [
      ...m.managed("aws_iam_role").flatMap((r) => {
        const trust = (policyStatements(m, r, "assume_role_policy") ?? []).filter((s) => s.effect === "Allow");
        const service = trust.some((s) => (s.principals ?? []).some((p: { type: string }) => p.type === "Service"));
        const others = trust.flatMap((s) =>
          (s.principals ?? []).filter((p: { type: string }) => p.type === "AWS").flatMap((p: { ids: string[] }) => p.ids),
        );
        return service && others.length
          ? [at(r, `A role its service assumes is also assumable by ${[...new Set(others)].join(", ")}.`)]
          : [];
      }),
      ...outsiderPolicies(m).flatMap(({ res: r, statements }) => {
        const passes = statements.filter((s) => s.effect === "Allow" && allowsAny(s, ["iam:PassRole"]).some((a) => a !== "<unknown>"));
        return passes.length
          ? [at(r, `Lets a role outside the platform pass ${[...new Set(passes.flatMap((s) => s.resources as string[]))].join(", ")}.`)]
          : [];
      }),
    ],
  },
];
