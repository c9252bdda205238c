/**
 * Which accounts are the lake's own, as a plan says: its provider's allowed_account_ids
 * and assumed role, its account-id variables and the caller identity it read; or, when
 * it names none, as it implies them.
 */
import { asArray, asObject, type JsonValue } from "../lib/json";
import { blocksOf, expressionOf, type PlanJson, type StateModuleJson } from "./plan-json";

/** What impliedAccounts reads of a plan: its managed resources by type (a PlanModel). */
interface Resources {
  ofType(type: string): { file: string; values?: { [key: string]: JsonValue | undefined } }[];
}

const ACCOUNT = /^\d{12}$/;
const ACCOUNT_VARIABLES = ["account_id", "account_ids", "aws_account_id", "allowed_account_ids"];

/** The accounts a plan names as its own: provider allowed_account_ids, assumed roles, account-id variables, the caller identity. */
export function accountsNamedBy(plan: PlanJson): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown) => {
    for (const x of [v].flat()) {
      const id = typeof x === "string" ? (ACCOUNT.test(x) ? x : /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(x)?.[1]) : undefined;
      if (id) out.add(id);
    }
  };
  for (const p of Object.values(plan.configuration?.provider_config ?? {})) {
    add(expressionOf(p.expressions, "allowed_account_ids")?.constant_value);
    for (const role of blocksOf(p.expressions, "assume_role")) add(expressionOf(role, "role_arn")?.constant_value);
  }
  for (const name of ACCOUNT_VARIABLES) add(plan.variables?.[name]?.value);
  const walk = (mod: StateModuleJson | undefined) => {
    for (const r of mod?.resources ?? []) if (r.type === "aws_caller_identity") add(r.values?.account_id);
    for (const child of mod?.child_modules ?? []) walk(child);
  };
  walk(plan.prior_state?.values?.root_module);
  return out;
}

const roleAccount = (x: unknown) => (typeof x === "string" ? /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(x)?.[1] : undefined);

/**
 * For a plan that names no account: the accounts of its Lake Formation admins, else the
 * account whose root a key policy gives kms:* (the owner, as AWS's default key policy writes it).
 */
export function impliedAccounts(model: Resources, file: string): Set<string> {
  const admins = model
    .ofType("aws_lakeformation_data_lake_settings")
    .filter((r) => r.file === file)
    .flatMap((r) => asArray(r.values?.admins));
  const out = new Set(admins.map(roleAccount).filter((x): x is string => !!x));
  if (out.size) return out;
  for (const key of [...model.ofType("aws_kms_key"), ...model.ofType("aws_kms_key_policy")].filter((r) => r.file === file)) {
    for (const s of keyPolicyStatements(key.values?.policy)) {
      if (s.Effect !== "Allow" || ![s.Action].flat().includes("kms:*")) continue;
      for (const id of [asObject(s.Principal).AWS ?? []].flat())
        if (String(id).endsWith(":root") && roleAccount(id)) out.add(roleAccount(id)!);
    }
  }
  return out;
}

function keyPolicyStatements(policy: unknown): { [key: string]: JsonValue }[] {
  if (typeof policy !== "string") return [];
  try {
    return [asObject(JSON.parse(policy)).Statement ?? []].flat().map(asObject);
  } catch {
    return [];
  }
}
