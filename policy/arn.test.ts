/** arnProblem: every part of an ARN, as AWS forms them. */
import { arnProblem } from "./arn";

it.each([
  ["arn:aws:glue:eu-west-1:111111111111:catalog"],
  ["arn:aws:s3:::acme-raw/*"],
  ["arn:aws:iam::111111111111:role/acme-*"],
  ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
  ["arn:aws-us-gov:kms:us-gov-west-1:111111111111:key/abc"],
  ["arn:aws:logs:*:111111111111:log-group:/aws-glue/*"],
  ["arn:aws:s3:eu-west-1:111111111111:accesspoint/reports"],
  ["arn:aws:glue:${aws:RequestedRegion}:111111111111:database/x"],
  ["arn:aws:iam::*:role/x"],
  ["arn:aws:ec2:eu-west-1::image/ami-*"],
  ["arn:aws:ssm:eu-west-1::parameter/aws/service/ami-amazon-linux-latest/*"],
  ["arn:aws:dynamodb::111111111111:global-table/orders"],
  ["arn:aws-eusc:kms:eusc-de-east-1:111111111111:key/abc"],
  ["arn:aws:sns:eu-west-1::topic"],
  ["*"],
])("takes %s", (arn) => {
  expect(arnProblem(arn)).toBeUndefined();
});

it.each([
  ["arn:aws:glue:data.aws_region.current.id:111111111111:catalog", /region "data\.aws_region\.current\.id" is not a region/],
  ["arn:aws:glue:eu-west-1:11111111111:catalog", /account "11111111111" is not a 12-digit account ID/],
  ["arn:amazon:s3:::acme-raw", /partition "amazon"/],
  ["arn:aws:s3:eu-west-1::acme-raw", /region "eu-west-1" is not empty, as s3 ARNs name no region/],
  ["arn:aws:s3::111111111111:acme-raw", /S3 bucket and object ARNs name no account/],
  ["arn:aws:iam:eu-west-1:111111111111:role/x", /iam ARNs name no region/],
  ["arn:aws:kms::111111111111:key/x", /names no region, which kms ARNs require/],
  ["arn:aws:glue:eu-west-1:111111111111:", /names no resource/],
  ["arn:aws:glue:eu-west-1", /has 4 of an ARN's 6 parts/],
  ["arn:aws:Glue:eu-west-1:111111111111:catalog", /service "Glue"/],
])("refuses %s", (arn, problem) => {
  expect(arnProblem(arn)).toMatch(problem);
});
