/**
 * GitHub Actions' identity in an environment's account, written by `lakegen bootstrap` beside the state
 * bucket: the GitHub OIDC provider (or an existing one), and three roles, each trusted by one exact
 * token subject, so no workflow can take another's role:
 *
 * - `pr`: pull requests (`repo:<o>/<r>:pull_request`). The head branch's code runs with it, so it reads
 *   and never writes, and reads no data: the state, and the configuration of what the roots manage.
 * - `plan`: main's plan and drift jobs (`repo:<o>/<r>:ref:refs/heads/main`): the same reads.
 * - `apply`: the apply job of the GitHub environment `<env>` (`repo:<o>/<r>:environment:<env>`).
 *
 * Their names start with `github-`, outside the lake's `<project>-<env>-` prefix that bounds the apply role's
 * IAM, and it is denied IAM on them and on the OIDC providers, and any sts:AssumeRole but the tfvars' roles.
 * What still rests on GitHub's settings: `environment:<env>` is issued to any job that names the environment,
 * so the environment must allow main only (docs/deploy.md); and without a permissions boundary the apply
 * role may write any policy into the lake's roles, which it passes to Glue and the other services.
 */
import type { EnvironmentConfig } from "../config/config";
import { namePrefix } from "../config/config";
import { bootstrapProvider } from "./bootstrap";
import { bucketNames } from "../modules/data-lake-storage/schema";

export interface IdentityOptions {
  /** `owner/name` of the GitHub repository whose workflows plan and apply. */
  repository: string;
  /** An existing GitHub OIDC provider of the account; none creates one. */
  oidcProviderArn?: string;
  /** The bootstrap root creates the state's key (--create-state-key). */
  createStateKey?: boolean;
}

const TOKEN = "token.actions.githubusercontent.com";
const q = (s: string) => JSON.stringify(s);
const list = (xs: string[]) => `[${xs.map(q).join(", ")}]`;

/** The services each lakegen role is passed to (iam:PassedToService), from the roles the modules create. */
const PASSED_TO = [
  "glue.amazonaws.com",
  "states.amazonaws.com",
  "scheduler.amazonaws.com",
  "firehose.amazonaws.com",
  "emr-serverless.amazonaws.com",
  "lakeformation.amazonaws.com",
  "events.amazonaws.com",
];

/**
 * Reads a plan needs that ReadOnlyAccess would let go further: it lists and reads configuration, and these are
 * its reads of data. Denied to the plan roles whatever else they are given.
 */
const DATA_READS = [
  "athena:GetQueryResults",
  "athena:GetQueryResultsStream",
  "dynamodb:BatchGetItem",
  "dynamodb:GetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "kinesis:GetRecords",
  "kinesis:GetShardIterator",
  "kinesis:SubscribeToShard",
  "lakeformation:GetDataAccess",
  "logs:FilterLogEvents",
  "logs:GetLogEvents",
  "logs:GetQueryResults",
  "logs:StartLiveTail",
  "logs:GetLogRecord",
  "logs:StartQuery",
  "cloudtrail:LookupEvents",
  "dynamodb:PartiQLSelect",
  "lambda:GetFunction",
  "lambda:GetFunctionConfiguration",
  "secretsmanager:GetSecretValue",
  "sqs:ReceiveMessage",
  "states:DescribeExecution",
  "states:GetExecutionHistory",
];

export const GITHUB_ROLES = ["pr", "plan", "apply"] as const;
export type GithubRole = (typeof GITHUB_ROLES)[number];

export function githubRoleName(config: EnvironmentConfig, role: GithubRole): string {
  return `github-${namePrefix(config)}-${role}`;
}

export function githubRoleSubject(repository: string, role: GithubRole, env: string): string {
  return {
    pr: `repo:${repository}:pull_request`,
    plan: `repo:${repository}:ref:refs/heads/main`,
    apply: `repo:${repository}:environment:${env}`,
  }[role];
}

export function identityRoot(config: EnvironmentConfig, opts: IdentityOptions): string {
  const c = identityContext(config, opts);
  const text = identityHeader(c) + planReads(c) + applyRole(c) + applyIam(c) + identityOutput(c);
  // Every resource in the environment's account.
  return text.replace(/^(resource "[^"]+" "[^"]+" \{\n)/gm, "$1  provider = aws.environment\n");
}

type IdentityContext = ReturnType<typeof identityContext>;

/** What the identity root's sections name: the environment, its state, its boundary, and the roles. */
function identityContext(config: EnvironmentConfig, opts: IdentityOptions) {
  const env = config.environment;
  const prefix = namePrefix(config);
  const account = config.account_id;
  const backend = config.backend;
  const stateKey = `${config.project}/${env}/terraform.tfstate`;
  const iam = config.iam;
  const boundary = iam.permissions_boundary_arn;
  const boundaryCondition = boundary
    ? `
    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [${q(boundary)}]
    }`
    : "";
  const stateKmsKey = opts.createStateKey ? "aws_kms_key.state.arn" : backend.kms_key_id ? q(backend.kms_key_id) : undefined;
  const attachable = [...new Set(Object.values(iam.role_policy_arns).flat())].sort();
  const assumable = [config.assume_role_arn, backend.role_arn].filter((r): r is string => !!r);
  const storage = config.storage;
  const artifacts = bucketNames({
    name_prefix: prefix,
    bucket_name_suffix: storage.bucket_name_suffix,
    bucket_names: storage.bucket_names,
    existing_buckets: storage.existing_buckets,
  }).artifacts;
  const provider = opts.oidcProviderArn ? q(opts.oidcProviderArn) : "aws_iam_openid_connect_provider.github[0].arn";
  const issuerNote = opts.oidcProviderArn
    ? ": the account's existing provider is used (--oidc-provider-arn)."
    : ". IAM verifies its tokens against its own trusted CAs: no thumbprint is needed.";
  const prRole = githubRole(
    config,
    opts.repository,
    "pr",
    "Pull requests: their head branch's code runs with this role, so it reads configuration and the state, writes nothing " +
      "and reads no data.",
  );
  const planRole = githubRole(config, opts.repository, "plan", "main's plan and drift jobs: the same reads as pr, trusted only on main.");
  const setVariables =
    `Set AWS_PR_ROLE_ARN_${env.toUpperCase()} and AWS_PLAN_ROLE_ARN_${env.toUpperCase()} (repository variables) and ` +
    `AWS_APPLY_ROLE_ARN (a variable of the GitHub environment ${env}) to these.`;
  return {
    config,
    opts,
    env,
    prefix,
    account,
    backend,
    stateKey,
    boundaryCondition,
    stateKmsKey,
    attachable,
    assumable,
    artifacts,
    provider,
    issuerNote,
    prRole,
    planRole,
    setVariables,
  };
}

/** A GitHub Actions role, trusted by one token subject of the repository. */
function githubRole(config: EnvironmentConfig, repository: string, r: GithubRole, why: string): string {
  const env = config.environment;
  return `
# ${why}
resource "aws_iam_role" "github_${r}" {
  name                 = ${q(githubRoleName(config, r))}
  assume_role_policy   = data.aws_iam_policy_document.trust_${r}.json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "trust_${r}" {
  statement {
    sid     = "GitHubActions${r[0].toUpperCase()}${r.slice(1)}"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.github_oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${TOKEN}:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "${TOKEN}:sub"
      values   = [${q(githubRoleSubject(repository, r, env))}]
    }
  }
}
`;
}

/** ReadOnlyAccess, and the plan's reads with its denials. */
function readOnlyPolicies(r: GithubRole): string {
  return `
resource "aws_iam_role_policy_attachment" "github_${r}_read_only" {
  role       = aws_iam_role.github_${r}.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy" "github_${r}_plan" {
  name   = "plan"
  role   = aws_iam_role.github_${r}.id
  policy = data.aws_iam_policy_document.plan_reads.json
}
`;
}

/** The header, the environment's provider, GitHub's OIDC issuer and the pr and plan roles. */
function identityHeader(c: IdentityContext): string {
  const { config, opts, env, account, provider, issuerNote, prRole, planRole } = c;
  return `# Generated by lakegen bootstrap: GitHub Actions' identity in the account of ${env} (deploy/identity.ts).
# Set the repository variables AWS_PR_ROLE_ARN_${env.toUpperCase()} and AWS_PLAN_ROLE_ARN_${env.toUpperCase()}, and the variable
# AWS_APPLY_ROLE_ARN of the GitHub environment ${q(env)}, from the outputs; list the pr and plan roles in
# lake_formation.read_only_admins and the apply role in lake_formation.admins of tfvars/${env}.tfvars.

# The environment's account, which may not be the state's.
${bootstrapProvider(config, { alias: "environment", region: config.region, account, assumeRoleArn: config.assume_role_arn })}

locals {
  github_repository        = ${q(opts.repository)}
  github_oidc_provider_arn = ${provider}
}

# GitHub's OIDC issuer${issuerNote}
resource "aws_iam_openid_connect_provider" "github" {
  count          = ${opts.oidcProviderArn ? 0 : 1}
  url            = "https://${TOKEN}"
  client_id_list = ["sts.amazonaws.com"]
}
${prRole}${readOnlyPolicies("pr")}${planRole}${readOnlyPolicies("plan")}
`;
}

/** What a plan reads: the state and configuration, never data. */
function planReads(c: IdentityContext): string {
  const { config, backend, stateKey, stateKmsKey, artifacts } = c;
  return `# A plan reads the state (it runs with -lock=false, so it writes no lock file) and the configuration of every
# resource the roots manage (ReadOnlyAccess: Describe, Get and List, kept current by AWS for every service).
data "aws_iam_policy_document" "plan_reads" {
  statement {
    sid       = "ReadState"
    actions   = ["s3:GetObject"]
    resources = [${q(`arn:aws:s3:::${backend.bucket}/${stateKey}`)}]
  }
${
  stateKmsKey
    ? `  statement {
    sid       = "DecryptStateThroughS3"
    actions   = ["kms:Decrypt"]
    resources = [${stateKmsKey}]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${backend.region ?? config.region}.amazonaws.com"]
    }
  }
`
    : ""
}  # A plan reads configuration, never data: no object but the state and the lake's artifacts (job scripts and
  # pipeline configurations, which aws_s3_object reads back), and none of the reads that return records or logs.
  statement {
    sid           = "NoObjectsButStateAndArtifacts"
    effect        = "Deny"
    actions       = ["s3:GetObject", "s3:GetObjectVersion"]
    not_resources = [${q(`arn:aws:s3:::${backend.bucket}/${stateKey}`)}, ${q(`arn:aws:s3:::${artifacts}/*`)}]
  }
  statement {
    sid       = "NoDataReads"
    effect    = "Deny"
    actions   = ${list(DATA_READS)}
    resources = ["*"]
  }
}
`;
}

/** The apply role: every service the roots use, and IAM by the lake's name prefix. */
function applyRole(c: IdentityContext): string {
  const { config, opts, env } = c;
  const why = `The apply job of the GitHub environment ${q(env)}: creates, changes and deletes what the roots manage.`;
  return `${githubRole(config, opts.repository, "apply", why)}
# Every service the roots use, without IAM (PowerUserAccess); IAM below, by the lake's name prefix only.
resource "aws_iam_role_policy_attachment" "github_apply_services" {
  role       = aws_iam_role.github_apply.name
  policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
}

resource "aws_iam_role_policy" "github_apply_iam" {
  name   = "lake-roles"
  role   = aws_iam_role.github_apply.id
  policy = data.aws_iam_policy_document.apply_iam.json
}

`;
}

/** What the apply role may do in IAM: the lake's roles, under the boundary, and never its own trust. */
function applyIam(c: IdentityContext): string {
  const { prefix, account, boundaryCondition, attachable, assumable } = c;
  return `data "aws_iam_policy_document" "apply_iam" {
  # The modules' roles, all named ${prefix}-*: read, tag, trust, delete.
  statement {
    sid = "LakeRoles"
    actions = [
      "iam:DeleteRole", "iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
      "iam:ListRolePolicies", "iam:ListRoleTags", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole",
      "iam:UpdateRoleDescription",
    ]
    resources = [${q(`arn:aws:iam::${account}:role/${prefix}-*`)}]
  }
  # What a role may do: created, and its policies written, only under the account's boundary when it has one.
  statement {
    sid       = "LakeRolePermissions"
    actions   = ["iam:CreateRole", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy"]
    resources = [${q(`arn:aws:iam::${account}:role/${prefix}-*`)}]${boundaryCondition}
  }${
    attachable.length
      ? `
  # The managed policies the tfvars attach (iam.role_policy_arns), and no other.
  statement {
    sid       = "AttachTheTfvarsPolicies"
    actions   = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"]
    resources = [${q(`arn:aws:iam::${account}:role/${prefix}-*`)}]
    condition {
      test     = "ArnEquals"
      variable = "iam:PolicyARN"
      values   = ${list(attachable)}
    }${boundaryCondition.replace(/\n/g, "\n  ").replace(/^\n {2}/, "\n")}
  }`
      : ""
  }
  # Glue, Step Functions, EventBridge Scheduler, Firehose, EMR Serverless and Lake Formation run as those roles.
  statement {
    sid       = "PassLakeRolesToTheirServices"
    actions   = ["iam:PassRole"]
    resources = [${q(`arn:aws:iam::${account}:role/${prefix}-*`)}]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ${list(PASSED_TO)}
    }
  }
  # Lake Formation's data lake settings use its service-linked role.
  statement {
    sid       = "LakeFormationServiceLinkedRole"
    actions   = ["iam:CreateServiceLinkedRole", "iam:GetRole"]
    resources = [${q(`arn:aws:iam::${account}:role/aws-service-role/lakeformation.amazonaws.com/*`)}]
  }
  # Never its own trust, nor GitHub's: the github- roles and the OIDC providers are the administrator's.
  statement {
    sid       = "NotTheDeployIdentity"
    effect    = "Deny"
    actions   = ["iam:*"]
    resources = [${q(`arn:aws:iam::${account}:role/github-*`)}, ${q(`arn:aws:iam::${account}:oidc-provider/*`)}]
  }
  statement {
    sid       = "KeepBoundaries"
    effect    = "Deny"
    actions   = ["iam:DeleteRolePermissionsBoundary"]
    resources = ["*"]
  }
  # It acts as itself: it assumes no role but the ones the tfvars name for the provider and the backend.
  statement {
    sid           = "AssumeOnlyTheTfvarsRoles"
    effect        = "Deny"
    actions       = ["sts:AssumeRole"]
    ${assumable.length ? `not_resources = ${list(assumable)}` : `resources     = ["*"]`}
  }
}

`;
}

/** The roles' ARNs, for the repository's variables. */
function identityOutput(c: IdentityContext): string {
  const { setVariables } = c;
  return `output "github_role_arns" {
  description = "${setVariables}"
  value = {
    pr    = aws_iam_role.github_pr.arn
    plan  = aws_iam_role.github_plan.arn
    apply = aws_iam_role.github_apply.arn
  }
}
`;
}
