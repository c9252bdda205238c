/**
 * Whether an ARN in a policy is well formed in each of its parts: partition, service, region,
 * account and resource (docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). A part may
 * be a pattern (`*`, `?`) or a policy variable (`${aws:…}`). A malformed ARN matches nothing, so
 * the statement that holds it silently grants or denies less than it says.
 */
const PARTITIONS = /^aws(-cn|-us-gov|-iso(-[a-z])?|-eusc)?$/;
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
/** Services whose ARNs name no region (IAM, STS, S3 buckets and objects, Route 53, CloudFront, Organizations). */
const GLOBAL = new Set(["iam", "sts", "route53", "cloudfront", "organizations", "waf", "globalaccelerator"]);
/**
 * Services whose ARNs always name a region. Not their account: AWS-owned resources leave it empty
 * (public SSM parameters, AMIs, partner event sources), so an empty account is not judged.
 */
const REGIONAL = new Set([
  "athena",
  "emr-serverless",
  "firehose",
  "glue",
  "kinesis",
  "kms",
  "lambda",
  "logs",
  "scheduler",
  "secretsmanager",
  "sns",
  "sqs",
  "states",
]);
/** S3 resource types that carry a region and an account; buckets and objects carry neither. */
const S3_REGIONAL = /^(accesspoint|job|storage-lens|async-request|outpost|access-grants)\//;

const fits = (part: string, pattern: RegExp, chars: RegExp) => (/[*?]/.test(part) ? chars.test(part) : pattern.test(part));

/** The problem with an ARN, or undefined when it is well formed. Strings that are not ARNs (`*`) are not judged. */
export function arnProblem(arn: string): string | undefined {
  if (!arn.startsWith("arn:")) return undefined;
  // A policy variable holds colons of its own (${aws:RequestedRegion}); it stands for a pattern.
  const parts = arn.replace(/\$\{[^}]+\}/g, "*").split(":");
  if (parts.length < 6) return `"${arn}" has ${parts.length} of an ARN's 6 parts (arn:partition:service:region:account:resource).`;
  const [, partition, service, region, account] = parts;
  const resource = parts.slice(5).join(":");
  const bad = (what: string, value: string, expected: string) => `"${arn}": ${what} "${value}" is not ${expected}.`;
  if (!fits(partition, PARTITIONS, /^[a-z*?-]*$/)) return bad("partition", partition, "a partition (aws, aws-cn, aws-us-gov…)");
  if (!fits(service, /^[a-z0-9-]+$/, /^[a-z0-9*?-]*$/)) return bad("service", service, "a service namespace");
  if (region !== "" && !fits(region, REGION, /^[a-z0-9*?-]*$/)) return bad("region", region, "a region (such as eu-west-1)");
  if (account !== "" && !fits(account, /^(\d{12}|aws)$/, /^[0-9*?]*$/)) return bad("account", account, "a 12-digit account ID");
  if (resource === "") return `"${arn}" names no resource.`;
  const s3Global = service === "s3" && !S3_REGIONAL.test(resource);
  if ((GLOBAL.has(service) || s3Global) && region !== "") return bad("region", region, `empty, as ${service} ARNs name no region`);
  if (s3Global && account !== "") return bad("account", account, "empty, as S3 bucket and object ARNs name no account");
  if (REGIONAL.has(service) && region === "") return `"${arn}" names no region, which ${service} ARNs require.`;
  return undefined;
}
