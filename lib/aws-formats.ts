/**
 * AWS's own formats and limits, as zod schemas. Regular expressions reach the
 * modules' Terraform validations (they are RE2-safe: no lookaround); checks
 * that only AWS's API makes at apply time are refinements, run by lakegen.
 */
import { z } from "zod";

const alt = (xs: string[]) => `(${xs.join("|")})`;
/** A cron field: `*`, values, ranges and steps, comma-separated. */
const field = (value: string) => {
  const item = `(\\*|${value}(-${value})?)(/[0-9]{1,2})?`;
  return `${item}(,${item})*`;
};
const MINUTE = field("[0-5]?[0-9]");
const HOUR = field("([01]?[0-9]|2[0-3])");
const DAY_OF_MONTH = alt([field("(0?[1-9]|[12][0-9]|3[01])"), "L", "LW", "(0?[1-9]|[12][0-9]|3[01])W"]);
const MONTH = field(alt(["0?[1-9]", "1[0-2]", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]));
const WEEKDAY = alt(["[1-7]", "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]);
const DAY_OF_WEEK = alt([field(WEEKDAY), `${WEEKDAY}L`, `${WEEKDAY}#[1-5]`]);
const YEAR = field("(19[7-9][0-9]|2[01][0-9][0-9])");
// One of day-of-month and day-of-week must be `?`.
const DAYS = alt([`${DAY_OF_MONTH} ${MONTH} \\?`, `\\? ${MONTH} ${DAY_OF_WEEK}`]);

/** `cron(minutes hours day-of-month month day-of-week year)`, as EventBridge and Glue accept it. */
export const CRON = `cron\\(${MINUTE} ${HOUR} ${DAYS} ${YEAR}\\)`;
/** `rate(1 hour)`, `rate(5 minutes)`: singular for 1, plural otherwise. */
export const RATE = `rate\\((1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))\\)`;

const CRON_WORDS = "cron(minutes hours day-of-month month day-of-week year) with each field in range and one of the day fields ?";
export const cronExpression = () =>
  z
    .string()
    .regex(new RegExp(`^${CRON}$`), `must be an AWS ${CRON_WORDS}`)
    .meta({ patternDescription: `an AWS ${CRON_WORDS}` });
export const scheduleExpression = () =>
  z
    .string()
    .regex(new RegExp(`^(${CRON}|${RATE})$`), `must be an AWS ${CRON_WORDS}, or rate(1 unit) / rate(n units) with minute, hour or day`)
    .meta({ patternDescription: `an AWS ${CRON_WORDS}, or rate(1 unit) / rate(n units) with minute, hour or day` });

const TIME_ZONES = new Set([...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/UTC", "GMT"]);
/** An IANA time zone name that EventBridge Scheduler knows. */
export const timeZone = () =>
  z
    .string()
    .regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/)
    .refine((tz) => TIME_ZONES.has(tz), { message: "must be an IANA time zone, such as UTC or Europe/Paris" });

/** `YYYY-MM-DDThh:mm:ssZ` with every field in range, and a day that exists in its month. */
export const utcTimestamp = () =>
  z
    .string()
    .regex(/^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$/)
    .refine((t) => !Number.isNaN(Date.parse(t)) && new Date(t).toISOString().slice(0, 10) === t.slice(0, 10), {
      message: "must be a date that exists",
    });

/** AWS regions with a public endpoint (commercial, GovCloud and China partitions). */
export const AWS_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-south-1",
  "eu-south-2",
  "eu-north-1",
  "il-central-1",
  "me-south-1",
  "me-central-1",
  "mx-central-1",
  "sa-east-1",
  "us-gov-east-1",
  "us-gov-west-1",
  "cn-north-1",
  "cn-northwest-1",
] as const;
export const awsRegion = () =>
  z.enum(AWS_REGIONS, { error: "must be an AWS region, such as eu-west-1 (see lib/aws-formats.ts for the list)" });

/** Tags as AWS accepts them: keys up to 128 characters and values up to 256, no `aws:` prefix. */
export const MAX_TAGS_PER_RESOURCE = 50;
export const tagKey = () =>
  z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+@-]+$/u, "must be letters, digits, spaces and _ . : / = + - @")
    .refine((k) => !k.toLowerCase().startsWith("aws:"), { message: "the aws: prefix is reserved for AWS" });
export const tagValue = () =>
  z
    .string()
    .max(256)
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+@-]*$/u, "must be letters, digits, spaces and _ . : / = + - @");

/** S3 bucket names, with the prefixes and suffixes S3 reserves and no IP address form. */
export const bucketName = () =>
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)
    .refine((b) => !/\.\.|\.-|-\./.test(b), { message: "must not have two dots in a row, or a dot next to a hyphen" })
    .refine((b) => !/^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/.test(b), { message: "must not look like an IP address" })
    .refine((b) => !/^(xn--|sthree-|amzn-s3-demo-)/.test(b), { message: "must not start with xn--, sthree- or amzn-s3-demo-" })
    .refine((b) => !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(b), {
      message: "must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3",
    });

/** Largest value of a 32-bit signed integer: what AWS's integer fields hold. */
export const INT32_MAX = 2 ** 31 - 1;

/** Releases EMR Serverless runs: 6.6.0 onwards. */
export const EMR_SERVERLESS_RELEASE = /^emr-(6\.([6-9]|1[0-5])\.[0-9]+|7\.[0-9]+\.[0-9]+)$/;

/** VPC resource ids, as EC2 forms them (8 or 17 hex digits). */
export const subnetId = () =>
  z
    .string()
    .regex(/^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/)
    .meta({ patternDescription: "a subnet id, such as subnet-0123456789abcdef0" });
export const securityGroupId = () =>
  z
    .string()
    .regex(/^sg-([0-9a-f]{8}|[0-9a-f]{17})$/)
    .meta({ patternDescription: "a security group id, such as sg-0123456789abcdef0" });
