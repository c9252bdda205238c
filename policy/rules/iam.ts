/** IAM identity policies: no wildcard actions, no wildcard resources where a resource can be named, scoped PassRole. */
import { type Json, type PlanModel, type PlanResource, policyStatements } from "../plan";
import { at, type Rule } from "../rule";

const IDENTITY_POLICIES = ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy"];

/** Actions AWS authorizes only on Resource "*": they have no resource types in the service authorization reference. */
export const UNSCOPABLE_ACTIONS = new Set([
  "cloudwatch:PutMetricData",
  "glue:GetSecurityConfiguration",
  "glue:GetSecurityConfigurations",
  "kms:ListAliases",
  "kms:ListKeys",
  "lakeformation:GetDataAccess",
  "logs:CreateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:DescribeLogGroups",
  "logs:DescribeResourcePolicies",
  "logs:GetLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:UpdateLogDelivery",
  "s3:ListAllMyBuckets",
  "sts:GetCallerIdentity",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:PutTelemetryRecords",
  "xray:PutTraceSegments",
]);

function allowStatements(m: PlanModel): { res: PlanResource; s: Json }[] {
  return IDENTITY_POLICIES.flatMap((type) =>
    m.managed(type).flatMap((res) => (policyStatements(m, res) ?? []).filter((s) => s.effect === "Allow").map((s) => ({ res, s }))),
  );
}

const unique = <T extends { address: string; message: string }>(xs: T[]) =>
  xs.filter((x, i) => xs.findIndex((y) => y.address === x.address && y.message === x.message) === i);

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
    fix: "Name the resources (ARNs or ARN patterns). Actions AWS only authorizes on \"*\" are exempt.",
    equivalents: { checkov: ["CKV_AWS_355"], trivy: ["AVD-AWS-0057"] },
    check: (m) =>
      unique(
        allowStatements(m).flatMap(({ res, s }) => {
          if (!(s.resources as string[]).includes("*")) return [];
          const scopable = (s.actions as string[]).filter((a) => !UNSCOPABLE_ACTIONS.has(a));
          return scopable.length ? [at(res, `Resource "*" for ${scopable.join(", ")}.`)] : [];
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
          return passes && (s.resources as string[]).includes("*") ? [at(res, "iam:PassRole on any role.")] : [];
        }),
      ),
  },
];
