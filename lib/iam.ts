/** IAM building blocks shared by the modules. */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { MapTerraformIterator } from "cdktf";
import type { Construct } from "constructs";

/**
 * The trust policy of a role that an AWS service assumes on behalf of this account only
 * (the confused-deputy guard: aws:SourceAccount, or sts:ExternalId where the service sets it).
 */
export function serviceTrustPolicy(
  scope: Construct,
  id: string,
  service: string,
  account: string,
  opts: { actions?: string[]; accountKey?: "aws:SourceAccount" | "sts:ExternalId" } = {},
): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [
      {
        actions: opts.actions ?? ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: [`${service}.amazonaws.com`] }],
        condition: [{ test: "StringEquals", variable: opts.accountKey ?? "aws:SourceAccount", values: [account] }],
      },
    ],
  });
}

export interface RoleWithPolicyProps {
  /** The IAM role's name. */
  roleName: string;
  trust: DataAwsIamPolicyDocument;
  /** The inline policy's name. */
  policyName: string;
  /** The permissions; with forEach, a document with the same for_each. */
  permissions: DataAwsIamPolicyDocument;
  tags: unknown;
  /** One role per key, each with the permissions document of the same key. */
  forEach?: MapTerraformIterator;
}

/**
 * A role and its inline policy, both under the Terraform name `name`
 * (aws_iam_role.<name>, aws_iam_role_policy.<name>).
 */
export function roleWithPolicy(scope: Construct, name: string, props: RoleWithPolicyProps): { role: IamRole; policy: IamRolePolicy } {
  const role = new IamRole(scope, `${name}_role`, {
    forEach: props.forEach,
    name: props.roleName,
    assumeRolePolicy: props.trust.json,
    tags: props.tags as never,
  });
  role.overrideLogicalId(name);
  const doc = `data.aws_iam_policy_document.${props.permissions.friendlyUniqueId}`;
  const policy = new IamRolePolicy(scope, `${name}_policy`, {
    forEach: props.forEach,
    name: props.policyName,
    role: props.forEach ? `\${aws_iam_role.${name}[each.key].id}` : role.id,
    policy: props.forEach ? `\${${doc}[each.key].json}` : props.permissions.json,
  });
  policy.overrideLogicalId(name);
  return { role, policy };
}
