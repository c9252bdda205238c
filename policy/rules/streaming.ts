/** Kinesis and Firehose: encryption with a customer-managed key, and error output. */
import { setButUnknown } from "../plan";
import { isUnknown } from "../plan-json";
import { at, type Rule, unknownAt } from "../rule";

export const streamingRules: Rule[] = [
  {
    id: "LG-KIN-001",
    title: "Kinesis stream is encrypted with a customer-managed key",
    severity: "high",
    guards: "access",
    rationale: "Stream records can hold raw personal data; the AWS-managed key cannot be restricted or audited like your own.",
    fix: 'Set encryption_type = "KMS" and kms_key_id to the lake\'s key.',
    equivalents: { checkov: ["CKV_AWS_43", "CKV_AWS_185"], trivy: ["AVD-AWS-0064"] },
    check: (m) =>
      m.managed("aws_kinesis_stream").flatMap((r) => {
        const key = r.values?.kms_key_id;
        const ok =
          r.values?.encryption_type === "KMS" && (setButUnknown(r, "kms_key_id") || (key && !String(key).startsWith("alias/aws/")));
        return ok ? [] : [at(r, `Encryption is ${r.values?.encryption_type ?? "NONE"}${key ? ` with ${key}` : ""}.`)];
      }),
  },
  {
    id: "LG-FH-001",
    title: "Firehose delivers to S3 encrypted with a customer-managed key",
    severity: "high",
    guards: "access",
    rationale: "Delivered objects land in the raw zone; without a key of yours they fall back to the bucket default or none.",
    fix:
      "Set extended_s3_configuration.kms_key_arn to the lake's key (or server_side_encryption with a CUSTOMER_MANAGED_CMK for " +
      "Direct PUT streams).",
    equivalents: { checkov: ["CKV_AWS_240", "CKV_AWS_241"] },
    check: (m) =>
      m.managed("aws_kinesis_firehose_delivery_stream").flatMap((r) => {
        const s3 = r.values?.extended_s3_configuration?.[0];
        const sse = r.values?.server_side_encryption?.[0];
        const streamCmk = sse?.enabled === true && sse?.key_type === "CUSTOMER_MANAGED_CMK";
        if (isUnknown(r.unknown, "extended_s3_configuration") && !streamCmk)
          return [unknownAt(r, "the S3 destination's encryption is known only at apply.")];
        const ok = Boolean(s3?.kms_key_arn) || isUnknown(r.unknown, "extended_s3_configuration", 0, "kms_key_arn") || streamCmk;
        return ok ? [] : [at(r, "The delivery stream does not encrypt with a customer-managed key.")];
      }),
  },
  {
    id: "LG-FH-002",
    title: "Firehose writes failed records under an error prefix",
    severity: "low",
    rationale: "Without an error prefix, failed records mix with good ones and crawlers and jobs read them as data.",
    fix: "Set extended_s3_configuration.error_output_prefix, e.g. errors/<source>/!{firehose:error-output-type}/.",
    check: (m) =>
      m
        .managed("aws_kinesis_firehose_delivery_stream")
        .filter((r) => r.values?.extended_s3_configuration?.[0] && !r.values.extended_s3_configuration[0].error_output_prefix)
        .map((r) => at(r, "No error_output_prefix.")),
  },
];
