/**
 * Extra statements a team adds to a bucket's policy or to the lake key's policy (a cross-account producer
 * writing to raw, a reader in another account), and the dynamic block that renders them into a policy document.
 */
import { z } from "zod";
import type { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { Rule } from "../../lib/rules";

/** IAM's Sid: letters and digits only. */
const SID = /^[A-Za-z0-9]+$/;
/** `service:Action`, wildcards allowed, or `*`. */
const ACTION = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;
/** IAM's condition operators, with the set prefixes and IfExists. */
const CONDITION_OPERATOR =
  "^((ForAllValues|ForAnyValue):)?(String(Not)?Equals(IgnoreCase)?|String(Not)?Like|Numeric(Not)?Equals|" +
  "Numeric(LessThan|GreaterThan)(Equals)?|Date(Not)?Equals|Date(LessThan|GreaterThan)(Equals)?|Bool|BinaryEquals|" +
  "(Not)?IpAddress|Arn(Not)?(Equals|Like))(IfExists)?$|^Null$";
/** What each principal type names: an account or an IAM role or user (no wildcard), an AWS service; or anyone. */
const PRINCIPAL_FORMATS: Record<string, string> = {
  AWS:
    "^(\\*|[0-9]{12}|arn:aws[a-z-]*:iam::[0-9]{12}:(root|(role|user)/[A-Za-z0-9+=,.@_/-]+)|" +
    "arn:aws[a-z-]*:sts::[0-9]{12}:assumed-role/[A-Za-z0-9+=,.@_/-]+)$",
  Service: "^[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?$",
  "*": "^\\*$",
};

const principal = z
  .object({
    type: z.enum(["AWS", "Service", "*"]).describe("Principal type, as IAM names it."),
    identifiers: z.array(z.string().min(1)).min(1).describe("Account IDs or role and user ARNs (AWS), service names (Service), or `*`."),
  })
  .strict();

const condition = z
  .object({
    test: z.string().regex(new RegExp(CONDITION_OPERATOR)).describe("Condition operator, such as `StringEquals` or `ArnLike`."),
    variable: z.string().min(1).describe("Condition key, such as `aws:PrincipalOrgID`."),
    values: z.array(z.string()).min(1).describe("Values the key is compared with."),
  })
  .strict();

/** One statement; `resources` is left to the document that places it (a bucket's, or the key's `*`). */
export const policyStatement = z
  .object({
    sid: z.string().regex(SID).max(100).describe("Statement ID: letters and digits, unique in its policy."),
    effect: z.enum(["Allow", "Deny"]).default("Allow").describe("Allow or Deny."),
    principals: z.array(principal).min(1).describe("Who the statement is about."),
    actions: z.array(z.string().regex(ACTION)).min(1).describe("Actions, such as `s3:PutObject`."),
    conditions: z.array(condition).default([]).describe("Conditions, all of which must hold."),
  })
  .strict();

export const bucketPolicyStatement = policyStatement
  .extend({
    resources: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("The bucket's ARN or ARNs under it (`arn:aws:s3:::<bucket>/<prefix>*`). Omitted: the bucket and all its objects."),
  })
  .strict();

export type PolicyStatement = z.infer<typeof policyStatement> & { resources?: string[] };

/**
 * Adds the statements of `forEach` (an HCL list of statements) to a policy document, as a dynamic block;
 * `resources` gives an HCL expression of a statement's resources, reading `statement.value`.
 */
export function addStatements(document: DataAwsIamPolicyDocument, forEach: string, resources: string): void {
  document.addOverride("dynamic.statement", {
    for_each: `\${${forEach}}`,
    content: {
      sid: "${statement.value.sid}",
      effect: "${statement.value.effect}",
      actions: "${statement.value.actions}",
      resources: `\${${resources}}`,
      dynamic: {
        principals: {
          for_each: "${statement.value.principals}",
          content: { type: "${principals.value.type}", identifiers: "${principals.value.identifiers}" },
        },
        condition: {
          for_each: "${statement.value.conditions}",
          content: { test: "${condition.value.test}", variable: "${condition.value.variable}", values: "${condition.value.values}" },
        },
      },
    },
  });
}

/** Statements whose principals name something their type cannot (S3 and KMS refuse the policy: "Invalid principal"). */
const badPrincipals = (statements: PolicyStatement[]) =>
  statements.flatMap((s) =>
    s.principals.flatMap((p) =>
      p.identifiers.filter((id) => !new RegExp(PRINCIPAL_FORMATS[p.type] ?? "^$").test(id)).map((id) => ({ s, p, id })),
    ),
  );
const reusedSids = (statements: PolicyStatement[], reserved: readonly string[]) =>
  statements.map((s) => s.sid).filter((sid, i, all) => reserved.includes(sid) || all.indexOf(sid) !== i);

const PRINCIPAL_FORMATS_HCL = `{ ${Object.entries(PRINCIPAL_FORMATS)
  .map(([k, v]) => `${JSON.stringify(k)} = ${JSON.stringify(v)}`)
  .join(", ")} }`;

/** Condition keys that narrow "anyone" to fixed accounts, an organization, a source or a network (S3's test of a public policy). */
const NARROWING_KEYS = [
  "aws:principalorgid",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:sourceaccount",
  "aws:sourcearn",
  "aws:sourceowner",
  "aws:sourcevpc",
  "aws:sourcevpce",
];
const NARROWING_TESTS = ["StringEquals", "StringEqualsIgnoreCase", "ArnEquals", "ArnLike"];
const narrows = (c: PolicyStatement["conditions"][number]) =>
  NARROWING_KEYS.includes(c.variable.toLowerCase()) && NARROWING_TESTS.includes(c.test) && c.values.every((v) => !v.includes("*"));
const toAnyone = (s: PolicyStatement) => s.principals.some((p) => p.identifiers.includes("*"));
const openToAnyone = (statements: PolicyStatement[]) =>
  statements.filter((s) => s.effect === "Allow" && toAnyone(s) && !s.conditions.some(narrows));
const outOfBounds = (statements: PolicyStatement[], service: string, allowed: readonly string[]) =>
  statements.flatMap((s) =>
    s.actions.filter((a) => (s.effect === "Allow" ? !allowed.includes(a) : !a.startsWith(`${service}:`))).map((a) => ({ s, a })),
  );

/** The policy a list of extra statements joins: its service, the actions an Allow may grant, lakegen's own Sids. */
export interface StatementPolicy {
  service: "s3" | "kms";
  allowed: readonly string[];
  reserved: readonly string[];
}

/**
 * The rules every list of extra statements keeps: principals IAM accepts for their type, Sids unique in the policy
 * (lakegen's own included), only data actions granted, and "anyone" narrowed by a condition. `lists` reads the lists
 * from the input in TypeScript and HCL; `at` names them.
 */
export function statementRules(
  at: string,
  lists: { evaluate: (input: unknown) => PolicyStatement[][]; hcl: string },
  policy: StatementPolicy,
  counterexample: (statements: PolicyStatement[]) => Record<string, unknown>,
): Rule[] {
  return [...formRules(at, lists, policy, counterexample), ...grantRules(at, lists, policy, counterexample)];
}

type Lists = Parameters<typeof statementRules>[1];
type Counterexample = Parameters<typeof statementRules>[3];
const each = (lists: Lists, cond: string) => `alltrue(flatten([for l in ${lists.hcl} : [for s in l : ${cond}]]))`;
/** A valid statement of the policy, changed by `extra`, for a rule's counterexample. */
const sample = (policy: StatementPolicy, extra: Partial<PolicyStatement>): PolicyStatement[] => [
  {
    sid: "CrossAccountUse",
    effect: "Allow",
    principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }],
    actions: [policy.allowed[0]],
    conditions: [],
    ...extra,
  },
];

/** Principals of their type's form, and Sids of their own. */
function formRules(at: string, lists: Lists, policy: StatementPolicy, counterexample: Counterexample): Rule[] {
  const { reserved } = policy;
  const all = (input: unknown) => lists.evaluate(input);
  return [
    {
      path: at,
      message:
        "each principal must be of its type's form: an account ID or an IAM role or user ARN without wildcards (AWS), a " +
        "service such as glue.amazonaws.com (Service), or * alone (*).",
      check: {
        evaluate: (s) => all(s.input).every((l) => badPrincipals(l).length === 0),
        hcl: () =>
          each(
            lists,
            `[for p in s.principals : [for id in p.identifiers : can(regex(lookup(${PRINCIPAL_FORMATS_HCL}, p.type, "^$"), id))]]`,
          ),
        explain: (s) => {
          const [first] = all(s.input).flatMap(badPrincipals);
          return first && `statement ${first.s.sid}: "${first.id}" is not a ${first.p.type} principal`;
        },
      },
      counterexample: () => counterexample(sample(policy, { principals: [{ type: "Service", identifiers: ["111122223333"] }] })),
    },
    {
      path: at,
      message: `each statement needs a Sid of its own in its policy${reserved.length ? ` (lakegen's own: ${reserved.join(", ")})` : ""}.`,
      check: {
        evaluate: (s) => all(s.input).every((l) => reusedSids(l, reserved).length === 0),
        hcl: () =>
          `alltrue([for l in ${lists.hcl} : length(distinct([for s in l : s.sid])) == length(l) && ` +
          `length(setintersection([for s in l : s.sid], ${JSON.stringify(reserved)})) == 0])`,
        explain: (s) => {
          const [first] = all(s.input).flatMap((l) => reusedSids(l, reserved));
          return first && (reserved.includes(first) ? `Sid "${first}" is lakegen's own` : `Sid "${first}" is used twice`);
        },
      },
      counterexample: () => counterexample([...sample(policy, {}), ...sample(policy, {})]),
    },
  ];
}

/** Only data actions granted, and "anyone" narrowed by a condition. */
function grantRules(at: string, lists: Lists, policy: StatementPolicy, counterexample: Counterexample): Rule[] {
  const { service, allowed } = policy;
  const all = (input: unknown) => lists.evaluate(input);
  return [
    {
      path: at,
      message:
        `an Allow statement may grant only ${allowed.join(", ")}; a Deny, any ${service}: action. Administering the ` +
        `${service === "s3" ? "bucket (its policy, lifecycle, encryption) and deleting object versions" : "key and granting it onwards"} ` +
        `stay with lakegen.`,
      check: {
        evaluate: (s) => all(s.input).every((l) => outOfBounds(l, service, allowed).length === 0),
        hcl: () =>
          each(lists, `[for a in s.actions : s.effect == "Deny" ? startswith(a, "${service}:") : contains(${JSON.stringify(allowed)}, a)]`),
        explain: (s) => {
          const [first] = all(s.input).flatMap((l) => outOfBounds(l, service, allowed));
          return first && `statement ${first.s.sid}: ${first.s.effect} ${first.a}`;
        },
      },
      counterexample: () => counterexample(sample(policy, { actions: [`${service}:*`] })),
    },
    {
      path: at,
      message:
        "an Allow to * (anyone) needs a condition that fixes who: aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, " +
        "aws:SourceArn, aws:SourceVpce and the like, tested with StringEquals or ArnEquals and no wildcard (a bucket refuses " +
        "a public policy).",
      check: {
        evaluate: (s) => all(s.input).every((l) => openToAnyone(l).length === 0),
        hcl: () =>
          each(
            lists,
            `s.effect == "Deny" || !anytrue([for p in s.principals : contains(p.identifiers, "*")]) || anytrue([for c in s.conditions : ` +
              `contains(${JSON.stringify(NARROWING_KEYS)}, lower(c.variable)) && contains(${JSON.stringify(NARROWING_TESTS)}, c.test) && ` +
              `alltrue([for v in c.values : !strcontains(v, "*")])])`,
          ),
        explain: (s) => {
          const [first] = all(s.input).flatMap(openToAnyone);
          return first && `statement ${first.sid} lets in anyone`;
        },
      },
      counterexample: () => counterexample(sample(policy, { principals: [{ type: "*", identifiers: ["*"] }] })),
    },
  ];
}
