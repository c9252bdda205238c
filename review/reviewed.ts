/**
 * The applied plan must be the reviewed plan. A pull request's report carries a marker with a digest of each
 * thing its plan does that a reviewer must have seen: each address it destroys or replaces, and each access
 * policy or grant it creates or changes, with the new value. Apply plans again on merge, and refuses a plan
 * that does anything the pull request did not show (`lakegen reviewed`). It is a consistency check, not an
 * authentication: the marker is a comment the workflow writes, and prod's required reviewers remain the gate.
 */
import { sha256 } from "../lib/digest";
import { canonicalJson } from "../lib/json";
import type { PlanJson, ResourceChangeJson } from "../policy/plan-json";

/**
 * Whether a resource type grants access, failing closed: every IAM, Lake Formation and KMS type, every
 * `*_policy` type, and the other types that open or share what the lake holds.
 */
export function grantsAccess(type: string): boolean {
  return (
    /^aws_(iam|lakeformation|kms)_/.test(type) ||
    /_policy$/.test(type) ||
    [
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_acl",
      "aws_lambda_permission",
      "aws_ram_resource_share",
      "aws_ram_principal_association",
    ].includes(type)
  );
}

/** One line per consequence, sorted: `destroy ADDRESS`, `replace ADDRESS`, `grant ADDRESS VALUE-DIGEST`. */
export function consequences(plan: PlanJson): string[] {
  const lines: string[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== "managed") continue;
    const actions: string[] = rc.change?.actions ?? [];
    if (actions.includes("delete")) lines.push(`${actions.includes("create") ? "replace" : "destroy"} ${rc.address}`);
    if (grantsAccess(rc.type) && (actions.includes("create") || actions.includes("update"))) {
      // The whole new value, with what is unknown until apply marked: a grant is whatever the resource holds.
      lines.push(`grant ${rc.address} ${grantDigest(rc)}`);
    }
  }
  return lines.sort();
}

/** Each consequence as a short digest: what the marker carries. */
export const consequenceDigests = (plan: PlanJson): string[] => [...new Set(consequences(plan).map((l) => sha256(l).slice(0, 16)))].sort();

/** The marker a pull request's report carries: an HTML comment, invisible in the rendered comment. */
export function reviewedMarker(plan: PlanJson): string {
  return `<!-- lakegen-reviewed ${consequenceDigests(plan).join(" ")} -->`.replace("  ", " ");
}

/** The consequences a text's last marker holds (a pull request comment), or undefined when it has none. */
export function parseReviewedMarker(text: string): Set<string> | undefined {
  const found = [...text.matchAll(/<!-- lakegen-reviewed((?: [0-9a-f]{16})*) -->/g)];
  return found.length ? new Set(found[found.length - 1][1].trim().split(" ").filter(Boolean)) : undefined;
}

/**
 * The consequences of `plan` that the reviewed ones do not hold. A plan that does less than the reviewed one
 * (an environment applied since, on a re-run) passes; one that does anything more does not.
 */
export function unreviewed(plan: PlanJson, reviewed: Set<string>): string[] {
  return consequences(plan).filter((l) => !reviewed.has(sha256(l).slice(0, 16)));
}

/** A grant's whole new value, with what is unknown until apply marked, as a short digest. */
function grantDigest(rc: ResourceChangeJson): string {
  return sha256(canonicalJson({ after: rc.change.after ?? null, unknown: rc.change.after_unknown ?? null })).slice(0, 16);
}
