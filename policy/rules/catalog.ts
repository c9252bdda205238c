/** Glue: security configurations on crawlers and jobs, their encryption, catalog encryption, bookmarks. */
import { type PlanResource, setButUnknown } from "../plan";
import { isUnknown } from "../plan-json";
import { at, type Rule, unknownAt } from "../rule";

/** Set, or a reference the configuration makes, still unknown at plan time. */
const present = (r: PlanResource, key: string) => Boolean(r.values?.[key]) || setButUnknown(r, key);

export const catalogRules: Rule[] = [
  {
    id: "LG-GLUE-001",
    title: "Glue crawler uses a security configuration",
    severity: "high",
    guards: "access",
    rationale: "Without a security configuration, crawler logs are not encrypted with your key.",
    fix: "Set security_configuration on the crawler to an encrypting aws_glue_security_configuration.",
    check: (m) =>
      m
        .managed("aws_glue_crawler")
        .filter((r) => !present(r, "security_configuration"))
        .map((r) => at(r, "The crawler has no security configuration.")),
  },
  {
    id: "LG-GLUE-002",
    title: "Glue job uses a security configuration",
    severity: "high",
    guards: "access",
    rationale: "Without a security configuration, job output, logs and bookmarks are not encrypted with your key.",
    fix: "Set security_configuration on the job.",
    equivalents: { checkov: ["CKV_AWS_195"] },
    check: (m) =>
      m
        .managed("aws_glue_job")
        .filter((r) => !present(r, "security_configuration"))
        .map((r) => at(r, "The job has no security configuration.")),
  },
  {
    id: "LG-GLUE-003",
    title: "Glue security configuration encrypts S3 output, logs and bookmarks with KMS",
    severity: "high",
    guards: "access",
    rationale: "Each of the three settings defaults to off; any one left off writes data unencrypted or with an AWS key.",
    fix: "Use SSE-KMS for s3_encryption and cloudwatch_encryption and CSE-KMS for job_bookmarks_encryption, each with the lake's key.",
    equivalents: { checkov: ["CKV_AWS_99"], trivy: ["AVD-AWS-0024"] },
    check: (m) =>
      m.managed("aws_glue_security_configuration").flatMap((r) => {
        const enc = r.values?.encryption_configuration?.[0];
        const wrong = [
          ["s3_encryption", enc?.s3_encryption?.[0]?.s3_encryption_mode, "SSE-KMS"],
          ["cloudwatch_encryption", enc?.cloudwatch_encryption?.[0]?.cloudwatch_encryption_mode, "SSE-KMS"],
          ["job_bookmarks_encryption", enc?.job_bookmarks_encryption?.[0]?.job_bookmarks_encryption_mode, "CSE-KMS"],
        ].filter(([, mode, want]) => mode !== want);
        return wrong.length ? [at(r, `Not encrypted with KMS: ${wrong.map(([b]) => b).join(", ")}.`)] : [];
      }),
  },
  {
    id: "LG-GLUE-004",
    title: "Glue Data Catalog is encrypted",
    severity: "high",
    guards: "access",
    rationale: "Table metadata reveals schemas, locations and sometimes data; connection passwords are secrets.",
    fix: "Add aws_glue_data_catalog_encryption_settings with SSE-KMS at rest and encrypted connection passwords.",
    equivalents: { checkov: ["CKV_AWS_94"], trivy: ["AVD-AWS-0025"] },
    check: (m) => {
      const settings = m.managed("aws_glue_data_catalog_encryption_settings");
      const catalogUsers = [...m.managed("aws_glue_catalog_database"), ...m.managed("aws_glue_crawler")];
      if (settings.length === 0)
        return catalogUsers.slice(0, 1).map((r) => at(r, "The plan uses the Glue Data Catalog but does not encrypt it."));
      return settings.flatMap((r) => {
        const s = r.values?.data_catalog_encryption_settings?.[0] ?? {};
        const rest = s.encryption_at_rest?.[0]?.catalog_encryption_mode;
        const pw = s.connection_password_encryption?.[0]?.return_connection_password_encrypted;
        return rest === "SSE-KMS" && pw === true
          ? []
          : [at(r, `Catalog encryption ${rest ?? "unset"}, connection passwords ${pw ? "" : "not "}encrypted.`)];
      });
    },
  },
  {
    id: "LG-GLUE-005",
    title: "Glue ETL job keeps a job bookmark",
    severity: "low",
    rationale: "Bookmarks make each run process only new data: the brief's incremental processing, and a smaller bill.",
    fix: 'Set default_arguments["--job-bookmark-option"] = "job-bookmark-enable".',
    check: (m) =>
      m
        .managed("aws_glue_job")
        .filter((r) => r.values?.command?.[0]?.name === "glueetl")
        .filter(
          (r) => r.values?.default_arguments?.["--job-bookmark-option"] !== "job-bookmark-enable" && r.unknown?.default_arguments !== true,
        )
        .map((r) => at(r, "The job does not enable its bookmark.")),
  },
  {
    id: "LG-GLUE-006",
    title: "Crawlers never delete catalog tables",
    severity: "high",
    guards: "data-loss",
    rationale:
      "A crawler with delete_behavior DELETE_FROM_DATABASE drops a table, with its partitions and the Lake Formation grants on it, " +
      "whenever its objects are missing for a run: " +
      "a moved prefix, a lifecycle expiry or a failed copy empties the catalog that every query relies on.",
    fix: 'Set schema_change_policy { delete_behavior = "LOG" } (or DEPRECATE_IN_DATABASE); drop tables in a reviewed change.',
    check: (m) =>
      m.managed("aws_glue_crawler").flatMap((r) => {
        const policy = r.values?.schema_change_policy?.[0];
        if (policy?.delete_behavior === "DELETE_FROM_DATABASE") return [at(r, "delete_behavior is DELETE_FROM_DATABASE.")];
        const unknown = isUnknown(r.unknown, "schema_change_policy", 0, "delete_behavior");
        return unknown ? [unknownAt(r, "delete_behavior is known only at apply.")] : [];
      }),
  },
];
