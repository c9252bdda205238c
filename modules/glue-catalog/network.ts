/** glue-catalog's optional network: a Glue NETWORK connection for jobs and crawlers, and the EC2 calls Glue makes to place them. */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { GlueConnection } from "@cdktf/provider-aws/lib/glue-connection";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Token } from "cdktf";
import { forEachOf } from "../../lib/iterate";
import type { ModuleStack } from "../../lib/module";
import type { glueSchema } from "./schema";
import type { wiring } from "./wiring";

/** The connection's name for a crawler target, and the list for a job; null and empty without a network. */
export const NETWORK_CONNECTION = "${var.network == null ? null : aws_glue_connection.network[0].name}";
export const NETWORK_CONNECTIONS = "${var.network == null ? [] : [aws_glue_connection.network[0].name]}";

/**
 * With `network`, a NETWORK connection that puts the jobs and crawlers in the team's subnet, and
 * the EC2 permissions Glue needs to create their network interfaces there, on every Glue role.
 */
export function buildNetwork(m: ModuleStack<typeof glueSchema, typeof wiring>): void {
  new GlueConnection(m, "aws_glue_connection.network", {
    count: Token.asNumber("${var.network == null ? 0 : 1}"),
    name: `${m.str("name_prefix")}-network`,
    connectionType: "NETWORK",
    physicalConnectionRequirements: {
      subnetId: m.str("network.subnet_id"),
      securityGroupIdList: m.list("network.security_group_ids"),
      availabilityZone: m.str("network.availability_zone"),
    },
    tags: m.map("tags"),
  });
  const ec2 = "arn:aws:ec2:${data.aws_region.current.id}:${var.account_id}";
  const access = new DataAwsIamPolicyDocument(m, "network_access", {
    statement: [
      {
        sid: "DescribeTheNetwork",
        // These EC2 reads support no resource-level permissions.
        actions: [
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeRouteTables",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeSubnets",
          "ec2:DescribeVpcEndpoints",
        ],
        resources: ["*"],
      },
      {
        sid: "DescribeTheVpcs",
        actions: ["ec2:DescribeVpcAttribute"],
        resources: [`${ec2}:vpc/*`],
      },
      {
        sid: "InterfacesInTheSubnet",
        actions: ["ec2:CreateNetworkInterface"],
        resources: Token.asList(
          `\${concat(["${ec2}:network-interface/*", "${ec2}:subnet/\${var.network.subnet_id}"], [for sg in ` +
            `var.network.security_group_ids : "${ec2}:security-group/\${sg}"])}`,
        ),
      },
      {
        sid: "ManageItsInterfaces",
        actions: ["ec2:DeleteNetworkInterface", "ec2:CreateTags", "ec2:DeleteTags"],
        resources: [`${ec2}:network-interface/*`],
      },
    ],
  });
  access.addOverride("count", "${var.network == null ? 0 : 1}");
  new IamRolePolicy(m, "aws_iam_role_policy.network", {
    forEach: forEachOf(
      `var.network == null ? {} : merge({ crawler = aws_iam_role.crawler.id }, { for k, r in aws_iam_role.job : "job-\${k}" => r.id })`,
    ),
    name: "glue-network",
    role: "${each.value}",
    policy: "${data.aws_iam_policy_document.network_access[0].json}",
  });
}
