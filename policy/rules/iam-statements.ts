/**
 * The statements IAM rules read: Allow statements of identity policies (and roles'
 * inline policies) read once per plan, action patterns matched as IAM matches them,
 * role and resource patterns, and the managed policies a plan attaches.
 */
import { type PlanModel, type PlanResource } from "../plan";
import { expressionOf } from "../plan-json";
import { exportedDocuments, policyStatements, type Statement } from "../statements";
import { RESOURCE_POLICIES } from "./exposure";

export const IDENTITY_POLICIES = ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy"];

/** A resource that names nothing in particular: every bucket (or every bucket whose name ends so), every object, every role. */
export function isWildcardResource(r: string): boolean {
  return (
    r === "*" ||
    /^arn:aws[a-z-]*:s3:::[^/]*[*?]/.test(r) ||
    // Every database of the catalog, or every table of every database.
    /^arn:aws[a-z-]*:glue:[^:]*:[^:]*:(database|table|userDefinedFunction)\/[*?]/.test(r) ||
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
export const isRolePattern = (r: string) => isAnyRolePattern(r) || (/^arn:aws[a-z-]*:iam::[^:]*:role\//.test(r) && /[*?]/.test(r));

export const ATTACHMENTS = [
  "aws_iam_role_policy_attachment",
  "aws_iam_user_policy_attachment",
  "aws_iam_group_policy_attachment",
  "aws_iam_policy_attachment",
];
/** Allow statements of identity policies: policy resources, and roles' inline_policy blocks (reported at the role). */
export function allowStatements(m: PlanModel): { res: PlanResource; s: Statement }[] {
  // Read through managed() every time, cached or not, so each rule is recorded as checking these types.
  for (const type of [...IDENTITY_POLICIES, "aws_iam_role"]) m.managed(type);
  let found = ALLOWS.get(m);
  if (!found) ALLOWS.set(m, (found = readAllows(m)));
  return found;
}
/** Seven rules read the same Allow statements. */
const ALLOWS = new WeakMap<PlanModel, { res: PlanResource; s: Statement }[]>();

function readAllows(m: PlanModel): { res: PlanResource; s: Statement }[] {
  const sources: [PlanResource, string][] = [
    ...IDENTITY_POLICIES.flatMap((type) => m.managed(type).map((res): [PlanResource, string] => [res, "policy"])),
    ...m.managed("aws_iam_role").map((res): [PlanResource, string] => [res, "inline_policy"]),
  ];
  return sources.flatMap(([res, attr]) =>
    (policyStatements(m, res, attr) ?? []).filter((s) => s.effect === "Allow").map((s) => ({ res, s })),
  );
}

/** Whether an action pattern of a policy (`s3:Delete*`, `iam:Pass*`, `*`) covers an action. */
export function coversAction(pattern: string, action: string): boolean {
  let matches = PATTERNS.get(pattern);
  if (!matches) {
    const re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
      "i",
    );
    PATTERNS.set(pattern, (matches = (a: string) => re.test(a)));
  }
  return matches(action);
}
/** A large plan repeats the same few action patterns. */
const PATTERNS = new Map<string, (action: string) => boolean>();

/** Actions a statement allows that match any of `actions`; "<unknown>" when the plan does not know them. */
export const allowsAny = (s: Statement, actions: string[]): string[] =>
  (s.actions as string[]).filter((a) => a === "<unknown>" || actions.some((x) => coversAction(a, x)));

/** Allow statements of identity policies and of S3 resource policies. */
export const allowsInIdentityAndBuckets = (m: PlanModel) => [
  ...allowStatements(m),
  ...RESOURCE_POLICIES.filter(([t]) => t.startsWith("aws_s3_")).flatMap(([type, attr]) =>
    m.managed(type).flatMap((res) => (policyStatements(m, res, attr) ?? []).filter((s) => s.effect === "Allow").map((s) => ({ res, s }))),
  ),
];

/** Managed policy ARNs a plan attaches, each with the resource that attaches it. */
export const attachedPolicies = (m: PlanModel): [PlanResource, string][] => [
  ...ATTACHMENTS.flatMap((type) => m.managed(type).map((r): [PlanResource, string] => [r, String(r.values?.policy_arn ?? "")])),
  ...m
    .managed("aws_iam_role")
    .flatMap((r) => ((r.values?.managed_policy_arns ?? []) as string[]).map((a): [PlanResource, string] => [r, a])),
  ...m
    .managed("aws_iam_role_policy_attachments_exclusive")
    .flatMap((r) => ((r.values?.policy_arns ?? []) as string[]).map((a): [PlanResource, string] => [r, a])),
];

export const unique = <T extends { address: string; message: string }>(xs: T[]) =>
  xs.filter((x, i) => xs.findIndex((y) => y.address === x.address && y.message === x.message) === i);

/**
 * Policies of roles the platform does not create: role policies on a role named by a literal or
 * a variable, and the documents a module hands out for teams to attach (the analysts').
 */
export function outsiderPolicies(m: PlanModel): { res: PlanResource; statements: Statement[] }[] {
  const onOutsideRoles = m
    .managed("aws_iam_role_policy")
    .filter((r) => {
      // Named by a literal, or passed in: a role the plan does not create. Without the configuration, nothing can be said.
      const role = expressionOf(r.config?.expressions, "role");
      return role !== undefined && (role.constant_value !== undefined || (role.references ?? []).every((x) => /^(var|local)\./.test(x)));
    })
    .map((res) => ({ res, statements: policyStatements(m, res) ?? [] }));
  return [...onOutsideRoles, ...exportedDocuments(m)];
}
