/**
 * The destructive-change guard: what a plan would destroy, read from
 * resource_changes[].change.actions. Attribute rules cannot see a delete or a
 * replacement; these rules look at nothing else.
 */
import { asArray, asObject, asStrings, type JsonObject } from "../../lib/json";
import { STATEFUL } from "../../lib/resource-risk";
import type { ResourceChange } from "../plan";
import type { Finding, Rule } from "../rule";

/** How restricted a classification is: a grant of one class reads the classes below it only. */
const CLASS_RANK = (value: string): number =>
  /^(confidential|restricted|secret|sensitive|pii)$/i.test(value) ? 2 : /^internal$/i.test(value) ? 1 : /^public$/i.test(value) ? 0 : -1;

const isReplace = (c: ResourceChange) => c.actions.includes("delete") && c.actions.includes("create");
const isDelete = (c: ResourceChange) => c.actions.length === 1 && c.actions[0] === "delete";

function finding(c: ResourceChange, message: string): Omit<Finding, "ruleId" | "severity"> {
  return { address: c.address, resourceType: c.type, message, file: c.file, moduleAddress: c.moduleAddress };
}

const why = (c: ResourceChange) =>
  c.replacePaths.length ? ` Terraform replaces it because ${c.replacePaths.map((p) => p.join(".")).join(", ")} changed.` : "";

export const changeRules: Rule[] = [
  {
    id: "LG-CHANGE-001",
    title: "No stateful resource is deleted or replaced",
    severity: "critical",
    guards: "data-loss",
    rationale:
      "Deleting or replacing a bucket, key, stream, catalog, log group, bookmark or grant loses data or access that no apply brings back.",
    fix:
      "Keep the attribute that forces the replacement, or move the state (terraform state mv, a moved block) instead of " +
      "recreating; if the loss is intended, waive the finding with a reason and an expiry.",
    check: (m) =>
      m.changes
        .filter((c) => c.mode === "managed" && STATEFUL[c.type] && (isDelete(c) || isReplace(c)))
        .map((c) =>
          finding(c, `${isReplace(c) ? `Replaced (${c.actions.join(" then ")})` : "Deleted"}: loses ${STATEFUL[c.type]}.${why(c)}`),
        ),
  },
  {
    id: "LG-CHANGE-002",
    title: "No current Lake Formation admin is dropped",
    severity: "critical",
    guards: "access",
    rationale:
      "An admin dropped from the data lake settings loses every Lake Formation permission at once; if it was the one running " +
      "Terraform, nobody can grant it back.",
    fix:
      "Add the new admin first and drop the old one in a later change, once the new one is proven; " +
      "or waive with a reason and an expiry.",
    check: (m) =>
      m.changes
        .filter((c) => c.type === "aws_lakeformation_data_lake_settings" && c.actions.includes("update"))
        .flatMap((c) => {
          const after = new Set(asStrings(c.after?.admins));
          const dropped = asStrings(c.before?.admins).filter((a) => !after.has(a));
          return dropped.length
            ? [finding(c, `Drops the Lake Formation admin${dropped.length > 1 ? "s" : ""} ${dropped.join(", ")}.`)]
            : [];
        }),
  },
  {
    id: "LG-CHANGE-003",
    title: "A Kinesis stream keeps at least half its shards",
    severity: "high",
    rationale:
      "Kinesis halves a stream's shards at most once per scaling step; a larger cut fails at apply or throttles the producers at " +
      "their current rate.",
    fix: "Lower shard_count in steps of at most half, or switch the stream to ON_DEMAND.",
    check: (m) =>
      m.changes
        .filter((c) => c.type === "aws_kinesis_stream" && c.actions.includes("update"))
        .flatMap((c) => {
          const [before, after] = [c.before?.shard_count, c.after?.shard_count];
          return typeof before === "number" && typeof after === "number" && after * 2 < before
            ? [finding(c, `shard_count goes from ${before} to ${after}, below half.`)]
            : [];
        }),
  },
  {
    id: "LG-CHANGE-004",
    title: "A new Lake Formation administrator is reviewed",
    severity: "high",
    guards: "access",
    rationale:
      "A data lake administrator, or read-only administrator, reads every table and (as an administrator) grants anything to anyone; " +
      "adding one to settings that exist widens who holds the lake, whatever the name says.",
    fix:
      "Add the administrator in a change of its own and waive this finding with who approved it; for a role that needs some " +
      "tables, grant those instead.",
    check: (m) =>
      m.changes
        .filter((c) => c.type === "aws_lakeformation_data_lake_settings" && c.actions.includes("update"))
        .flatMap((c) =>
          (["admins", "read_only_admins"] as const).flatMap((key) => {
            const before = new Set(asStrings(c.before?.[key]));
            const added = asStrings(c.after?.[key]).filter((a) => !before.has(a));
            return added.length ? [finding(c, `Adds ${added.join(", ")} to ${key}.`)] : [];
          }),
        ),
  },
  {
    id: "LG-CHANGE-005",
    title: "A location registered in Lake Formation mode stays registered, and in that mode",
    severity: "high",
    guards: "access",
    rationale:
      "Hybrid access mode lets IAM policies reach a location that Lake Formation governed: every role whose IAM policy names the " +
      "bucket reads it again, past the grants, the analysts' zones and the classifications.",
    fix:
      "Keep hybrid_access_enabled false (the lake_formation.permission_model LAKE_FORMATION), or move to hybrid in a reviewed " +
      "change and waive this finding with the reason.",
    check: (m) =>
      m.changes
        .filter((c) => c.type === "aws_lakeformation_resource" && c.before?.hybrid_access_enabled !== true)
        .flatMap((c) => {
          // Deregistered, the location is governed by IAM alone.
          if (isDelete(c)) return [finding(c, "Deregisters the location from Lake Formation: IAM policies alone decide who reads it.")];
          const moved = (c.actions.includes("update") || isReplace(c)) && c.after?.hybrid_access_enabled === true;
          return moved ? [finding(c, "Moves the location from Lake Formation mode to hybrid access mode.")] : [];
        }),
  },
  {
    id: "LG-CHANGE-006",
    title: "No data is classified down",
    severity: "high",
    guards: "access",
    rationale:
      "Lake Formation grants by LF-tag follow the classification: a database or table moved from confidential to a lower class is " +
      "read at once by every grant of that class.",
    fix: "Keep the classification, or declassify in a reviewed change of its own and waive this finding with who approved it.",
    check: (m) =>
      m.changes
        .filter((c) => c.type === "aws_lakeformation_resource_lf_tags" && (c.actions.includes("update") || isReplace(c) || isDelete(c)))
        .flatMap((c) => {
          const rank = (v: JsonObject | null) =>
            Math.max(
              -1,
              ...asArray(v?.lf_tag)
                .map(asObject)
                .filter((t) => t.key === "classification")
                .map((t) => CLASS_RANK(String(t.value))),
            );
          const [before, after] = [rank(c.before), rank(c.after)];
          return before > 0 && after < before
            ? [finding(c, `Lowers the classification${after < 0 ? ", or removes it" : ""}: every grant of the lower class reads it now.`)]
            : [];
        }),
  },
  {
    id: "LG-CHANGE-007",
    title: "A Kinesis stream's retention is not cut",
    severity: "high",
    guards: "data-loss",
    rationale:
      "Cutting retention_period deletes at once every record older than the new period: a consumer that is down or behind (Firehose " +
      "failing to deliver, a replay after an incident) loses them.",
    fix: "Keep the retention, or cut it after every consumer is known to be current, with a waiver naming who checked.",
    check: (m) =>
      m.changes
        .filter((c) => c.type === "aws_kinesis_stream" && c.actions.includes("update"))
        .flatMap((c) => {
          const [before, after] = [c.before?.retention_period, c.after?.retention_period];
          return typeof before === "number" && typeof after === "number" && after < before
            ? [finding(c, `retention_period goes from ${before} to ${after} hours.`)]
            : [];
        }),
  },
];
