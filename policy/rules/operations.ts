/** Step Functions, SNS and CloudWatch Logs: logging, tracing, encryption, retention. */
import { setButUnknown } from "../plan";
import { isUnknown } from "../plan-json";
import { at, type Rule } from "../rule";

export const operationsRules: Rule[] = [
  {
    id: "LG-SFN-001",
    title: "State machine logs its executions",
    severity: "medium",
    prodSeverity: "high",
    rationale: "Without execution logs, a failed pipeline run leaves only its status behind.",
    fix: 'Set logging_configuration { level = "ERROR" or "ALL", log_destination = "<log group ARN>:*" }.',
    equivalents: { checkov: ["CKV_AWS_285"] },
    check: (m) =>
      m.managed("aws_sfn_state_machine").flatMap((r) => {
        const log = r.values?.logging_configuration?.[0];
        const level = log?.level ?? "OFF";
        const dest = log?.log_destination || isUnknown(r.unknown, "logging_configuration", 0, "log_destination");
        return level !== "OFF" && dest ? [] : [at(r, `Execution logging is ${level}.`)];
      }),
  },
  {
    id: "LG-SFN-002",
    title: "State machine traces with X-Ray",
    severity: "low",
    rationale: "Traces show which task of a pipeline ran slow or failed, across services.",
    fix: "Set tracing_configuration { enabled = true }.",
    equivalents: { checkov: ["CKV_AWS_284"] },
    check: (m) =>
      m
        .managed("aws_sfn_state_machine")
        .filter((r) => r.values?.tracing_configuration?.[0]?.enabled !== true)
        .map((r) => at(r, "X-Ray tracing is off.")),
  },
  {
    id: "LG-SNS-001",
    title: "SNS topic is encrypted with a customer-managed key",
    severity: "medium",
    prodSeverity: "high",
    guards: "access",
    rationale: "Alerts and notifications carry error messages, table names and sometimes data.",
    fix: "Set kms_master_key_id to the lake's key (its policy must let the publishing services use it).",
    equivalents: { checkov: ["CKV_AWS_26"], trivy: ["AVD-AWS-0095", "AVD-AWS-0136"] },
    check: (m) =>
      m.managed("aws_sns_topic").flatMap((r) => {
        const key = r.values?.kms_master_key_id;
        const ok = setButUnknown(r, "kms_master_key_id") || (key && !String(key).startsWith("alias/aws/"));
        return ok ? [] : [at(r, key ? `Encrypted with ${key}.` : "Not encrypted.")];
      }),
  },
  {
    id: "LG-LOG-001",
    title: "Log group is encrypted with KMS",
    severity: "medium",
    prodSeverity: "high",
    guards: "access",
    rationale: "Job and delivery logs echo data and errors; your key controls who can read them.",
    fix: "Set kms_key_id on the log group (the key policy must allow logs.<region>.amazonaws.com).",
    equivalents: { checkov: ["CKV_AWS_158"], trivy: ["AVD-AWS-0017"] },
    check: (m) =>
      m
        .managed("aws_cloudwatch_log_group")
        .filter((r) => !r.values?.kms_key_id && !setButUnknown(r, "kms_key_id"))
        .map((r) => at(r, "The log group is not encrypted with KMS.")),
  },
  {
    id: "LG-LOG-002",
    title: "Log group has a retention period",
    severity: "medium",
    prodSeverity: "high",
    rationale: "Without retention, logs are kept, and billed, forever.",
    fix: "Set retention_in_days.",
    equivalents: { checkov: ["CKV_AWS_66"] },
    check: (m) =>
      m
        .managed("aws_cloudwatch_log_group")
        .filter((r) => !r.values?.retention_in_days && !setButUnknown(r, "retention_in_days"))
        .map((r) => at(r, "Logs never expire.")),
  },
];
