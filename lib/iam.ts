/** IAM building blocks shared by the modules. */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
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
