/**
 * The applied plan must be the reviewed plan. A pull request's report carries a marker with the digest of
 * what its plan does that a reviewer must have seen: each address it destroys or replaces, and each access
 * policy or grant it creates or changes, with the new value. Apply plans again on merge, and refuses when
 * its plan's digest is not the one the pull request showed (`lakegen reviewed`).
 */
import { createHash } from "node:crypto";
import type { Json } from "../policy/plan";

/** Types whose values grant access: their creation or change is a consequence by itself. */
const GRANTS: Record<string, string[]> = {
  aws_iam_role: ["assume_role_policy", "inline_policy", "permissions_boundary"],
  aws_iam_role_policy: ["policy"],
  aws_iam_policy: ["policy"],
  aws_iam_role_policy_attachment: ["role", "policy_arn"],
  aws_iam_openid_connect_provider: ["url", "client_id_list"],
  aws_s3_bucket_policy: ["policy"],
  aws_kms_key: ["policy"],
  aws_kms_key_policy: ["policy"],
  aws_kms_grant: ["grantee_principal", "operations"],
  aws_sns_topic_policy: ["policy"],
  aws_glue_resource_policy: ["policy"],
  aws_kinesis_resource_policy: ["policy"],
  aws_lakeformation_permissions: ["principal", "permissions", "permissions_with_grant_option", "database", "table", "table_with_columns", "lf_tag_policy", "data_location"],
  aws_lakeformation_data_lake_settings: ["admins", "read_only_admins", "create_database_default_permissions", "create_table_default_permissions"],
};

/** One line per consequence, sorted: `destroy ADDRESS`, `replace ADDRESS`, `grant ADDRESS VALUE-DIGEST`. */
export function consequences(plan: Json): string[] {
  const lines: string[] = [];
  for (const rc of (plan.resource_changes ?? []) as Json[]) {
    if (rc.mode !== "managed") continue;
    const actions: string[] = rc.change?.actions ?? [];
    if (actions.includes("delete")) lines.push(`${actions.includes("create") ? "replace" : "destroy"} ${rc.address}`);
    const granted = GRANTS[rc.type];
    if (granted && (actions.includes("create") || actions.includes("update"))) {
      const after = rc.change.after ?? {};
      const unknown = rc.change.after_unknown ?? {};
      const value = Object.fromEntries(granted.map((k) => [k, unknown[k] === true ? "(known after apply)" : (after[k] ?? null)]));
      lines.push(`grant ${rc.address} ${sha256(JSON.stringify(value)).slice(0, 16)}`);
    }
  }
  return lines.sort();
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export interface Reviewed {
  digest: string;
  count: number;
}

export function reviewedOf(plan: Json): Reviewed {
  const lines = consequences(plan);
  return { digest: sha256(lines.join("\n")), count: lines.length };
}

/** The marker a pull request's report carries: an HTML comment, invisible in the rendered comment. */
export function reviewedMarker(plan: Json): string {
  const r = reviewedOf(plan);
  return `<!-- lakegen-reviewed sha256:${r.digest} consequences:${r.count} -->`;
}

/** The marker in a text (a pull request comment), or undefined. */
export function parseReviewedMarker(text: string): Reviewed | undefined {
  const m = /<!-- lakegen-reviewed sha256:([0-9a-f]{64}) consequences:(\d+) -->/.exec(text);
  return m ? { digest: m[1], count: Number(m[2]) } : undefined;
}
