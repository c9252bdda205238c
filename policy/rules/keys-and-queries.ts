/** KMS keys and Athena workgroups: rotation, and queries that are bounded and encrypted. */
import { setButUnknown } from "../plan";
import { at, type Rule, unknownAt } from "../rule";

/** KMS key and alias ARNs in a resource's planned values, at any depth, under attributes that name a key. */
function keyArns(v: unknown, keyed = false): string[] {
  if (typeof v === "string") return keyed && v.startsWith("arn:aws") && v.includes(":kms:") ? [v] : [];
  if (Array.isArray(v)) return v.flatMap((x) => keyArns(x, keyed));
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => (typeof x === "string" && !/kms|key/i.test(k) ? [] : keyArns(x, /kms|key/i.test(k))));
  return [];
}

const workgroupConfig = (values: Record<string, any>) => values?.configuration?.[0]; // eslint-disable-line @typescript-eslint/no-explicit-any

export const keyAndQueryRules: Rule[] = [
  {
    id: "LG-KMS-001",
    title: "KMS key rotates yearly",
    severity: "high",
    guards: "access",
    rationale: "The lake's key encrypts every zone, stream and log; rotation limits what one exposed key version can decrypt.",
    fix: "Set enable_key_rotation = true on the key (symmetric keys only; AWS refuses rotation on asymmetric ones).",
    equivalents: { checkov: ["CKV_AWS_7"], trivy: ["AVD-AWS-0065"] },
    check: (m) =>
      m
        .managed("aws_kms_key")
        .filter((r) => (r.values?.customer_master_key_spec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT")
        .flatMap((r) => {
          if (r.values?.enable_key_rotation === true) return [];
          return setButUnknown(r, "enable_key_rotation") ? [unknownAt(r, "enable_key_rotation is known only at apply.")] : [at(r, "Key rotation is off.")];
        }),
  },
  {
    id: "LG-KMS-002",
    title: "KMS key stays enabled",
    severity: "critical",
    guards: "data-loss",
    equivalents: { checkov: ["CKV_AWS_227"] },
    rationale:
      "A disabled key decrypts nothing: every object, stream record and log it encrypted is unreadable until someone enables it again, and every job that writes with it fails.",
    fix: "Leave is_enabled unset or true. To retire a key, stop using it first; deleting it is LG-CHANGE-001's.",
    check: (m) =>
      m.managed("aws_kms_key").flatMap((r) => {
        if (r.values?.is_enabled === false) return [at(r, "The key is disabled (is_enabled = false).")];
        // is_enabled is never computed by the provider: unknown at plan means the configuration sets it from something unknown.
        return r.values?.is_enabled === undefined && r.unknown?.is_enabled === true ? [unknownAt(r, "is_enabled is known only at apply.")] : [];
      }),
  },
  {
    id: "LG-KMS-003",
    title: "Data is encrypted with keys of the lake's accounts",
    severity: "high",
    guards: "access",
    rationale:
      "A bucket, stream, topic, log group or query result encrypted with another account's KMS key can be read by that account, and lost when it disables or deletes the key.",
    fix: "Encrypt with the lake's own key (the storage module's key, or one of the lake's accounts).",
    check: (m) =>
      m.resources
        .filter((r) => r.mode === "managed")
        .flatMap((r) => {
          const own = m.ownAccounts(r.file);
          const foreign = [...new Set(keyArns(r.values))].filter((arn) => {
            const account = /^arn:aws[a-z-]*:kms:[^:]*:(\d{12}):/.exec(arn)?.[1];
            return account !== undefined && own.size > 0 && !own.has(account);
          });
          return foreign.length ? [at(r, `Encrypts with ${foreign.join(", ")}, a key of another account.`)] : [];
        }),
  },
  {
    id: "LG-ATHENA-001",
    title: "Athena workgroup enforces its configuration",
    severity: "medium",
    prodSeverity: "high",
    guards: "access",
    rationale: "Without enforcement, each client may choose its own result location, encryption and scan limit, and the workgroup's settings are advice.",
    fix: "Set configuration { enforce_workgroup_configuration = true }.",
    equivalents: { checkov: ["CKV_AWS_82"] },
    check: (m) =>
      m
        .managed("aws_athena_workgroup")
        .filter((r) => workgroupConfig(r.values)?.enforce_workgroup_configuration === false)
        .map((r) => at(r, "Clients can override the workgroup's configuration.")),
  },
  {
    id: "LG-ATHENA-002",
    title: "Athena query results are encrypted with KMS",
    severity: "high",
    guards: "access",
    rationale: "Query results are copies of lake data; unencrypted or SSE-S3 results escape the lake key's access control.",
    fix: "Set configuration { result_configuration { encryption_configuration { encryption_option = \"SSE_KMS\", kms_key_arn = <the lake's key> } } }.",
    equivalents: { checkov: ["CKV_AWS_159"], trivy: ["AVD-AWS-0006"] },
    check: (m) =>
      m.managed("aws_athena_workgroup").flatMap((r) => {
        const option = workgroupConfig(r.values)?.result_configuration?.[0]?.encryption_configuration?.[0]?.encryption_option;
        return option === "SSE_KMS" || option === "CSE_KMS" ? [] : [at(r, `Results are encrypted with ${option ?? "nothing"}.`)];
      }),
  },
  {
    id: "LG-ATHENA-003",
    title: "Athena workgroup cuts off queries that scan too much",
    severity: "medium",
    rationale: "Athena bills per byte scanned; one unbounded query over the raw zone can cost more than a month of the platform.",
    fix: "Set configuration { bytes_scanned_cutoff_per_query = <bytes> } (at least 10 MB).",
    check: (m) =>
      m.managed("aws_athena_workgroup").flatMap((r) => {
        const cutoff = workgroupConfig(r.values)?.bytes_scanned_cutoff_per_query;
        const unknown = r.unknown?.configuration?.[0]?.bytes_scanned_cutoff_per_query === true;
        return unknown || (typeof cutoff === "number" && cutoff > 0) ? [] : [at(r, "No per-query scan cutoff.")];
      }),
  },
];
