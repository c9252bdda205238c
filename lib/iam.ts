/** IAM building blocks shared by the modules. */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { MapTerraformIterator } from "cdktf";
import type { Construct } from "constructs";
import { forEachOf } from "./iterate";
import type { RoleKey } from "./module";

/**
 * The trust policy of a role that an AWS service assumes on behalf of this account only
 * (the confused-deputy guard: aws:SourceAccount, or sts:ExternalId where the service sets it).
 */
export function serviceTrustPolicy(
  scope: Construct,
  id: string,
  service: string,
  account: string,
  opts: {
    actions?: string[];
    accountKey?: "aws:SourceAccount" | "sts:ExternalId";
    /** ARN patterns of the resources the service acts for, where it sends aws:SourceArn: only they may assume the role. */
    sourceArns?: string[];
  } = {},
): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [
      {
        actions: opts.actions ?? ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: [`${service}.amazonaws.com`] }],
        condition: [
          { test: "StringEquals", variable: opts.accountKey ?? "aws:SourceAccount", values: [account] },
          ...(opts.sourceArns ? [{ test: "ArnLike", variable: "aws:SourceArn", values: opts.sourceArns }] : []),
        ],
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
  tags: Record<string, string>;
  /** One role per key, each with the permissions document of the same key. */
  forEach?: MapTerraformIterator;
  /** The module's `iam` input (`m.expr("iam")`) and this role's key in it: its boundary and extra managed policies. */
  extension: { iam: string; key: RoleKey };
}

/**
 * A role and its inline policy, both under the Terraform name `name`
 * (aws_iam_role.<name>, aws_iam_role_policy.<name>), with the team's permissions
 * boundary and the managed policies it names for this role (aws_iam_role_policy_attachment.<name>).
 */
export function roleWithPolicy(scope: Construct, name: string, props: RoleWithPolicyProps): { role: IamRole; policy: IamRolePolicy } {
  const role = new IamRole(scope, `aws_iam_role.${name}`, {
    forEach: props.forEach,
    name: props.roleName,
    assumeRolePolicy: props.trust.json,
    permissionsBoundary: `\${${props.extension.iam}.permissions_boundary_arn}`,
    tags: props.tags,
  });
  const extra = `lookup(${props.extension.iam}.role_policy_arns, "${props.extension.key}", [])`;
  // Per-instance roles get every extra policy: one attachment per role key and policy.
  const attachments = props.forEach
    ? forEachOf(`{ for pair in setproduct(keys(aws_iam_role.${name}), ${extra}) : "\${pair[0]} \${pair[1]}" => pair }`)
    : forEachOf(`{ for arn in ${extra} : arn => arn }`);
  new IamRolePolicyAttachment(scope, `aws_iam_role_policy_attachment.${name}`, {
    forEach: attachments,
    role: props.forEach ? `\${aws_iam_role.${name}[each.value[0]].name}` : role.name,
    policyArn: props.forEach ? "${each.value[1]}" : "${each.value}",
  });
  const doc = `data.aws_iam_policy_document.${props.permissions.friendlyUniqueId}`;
  const policy = new IamRolePolicy(scope, `aws_iam_role_policy.${name}`, {
    forEach: props.forEach,
    name: props.policyName,
    role: props.forEach ? `\${aws_iam_role.${name}[each.key].id}` : role.id,
    policy: props.forEach ? `\${${doc}[each.key].json}` : props.permissions.json,
  });
  return { role, policy };
}

/**
 * A statement that lets a role use a KMS key only through the AWS services named (kms:ViaService):
 * S3 for objects, Glue for the catalog, and so on. A direct call with the role's credentials is denied.
 */
export function keyUseThrough(
  key: string,
  region: string,
  services: string[],
  actions = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
) {
  return {
    sid: "UseLakeKey",
    actions,
    resources: [key],
    condition: [{ test: "StringEquals", variable: "kms:ViaService", values: services.map((s) => `${s}.${region}.amazonaws.com`) }],
  };
}

/** What reading the Glue catalog takes: databases, tables and partitions. */
export const GLUE_CATALOG_READS = [
  "glue:GetDatabase",
  "glue:GetDatabases",
  "glue:GetTable",
  "glue:GetTables",
  "glue:GetPartition",
  "glue:GetPartitions",
  "glue:BatchGetPartition",
];
